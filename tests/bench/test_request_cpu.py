"""bench/support/request_cpu.py and measured_wsgi.py: gunicorn's CPU per endpoint group in the rush (bench/load.py)."""

from __future__ import annotations

import gc
import time

import pytest

from bench.support import measured_wsgi, request_cpu


@pytest.fixture
def fresh_sums(monkeypatch, tmp_path):
    monkeypatch.setattr(request_cpu, "_sums", {})
    monkeypatch.setattr(request_cpu, "_seen", set())
    monkeypatch.setattr(request_cpu, "_collections", {})
    monkeypatch.setenv("LOAD_REQUEST_CPU_DIR", str(tmp_path))
    return tmp_path


def busy_site(burn: float):
    """A WSGI application that keeps its thread busy for ``burn`` seconds of CPU and says whether it was closed."""
    closed = []

    class Answer(list):
        def close(self) -> None:
            closed.append(True)

    def site(environ, start_response):
        started = time.thread_time()
        while time.thread_time() - started < burn:
            pass
        start_response("200 OK", [("Content-Type", "text/plain")])
        return Answer([b"page"])

    return site, closed


def call(environ_extra: dict[str, str], path: str = "/cases/", query: str = "") -> list[bytes]:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, **environ_extra}
    answer = measured_wsgi.application(environ, lambda status, headers: None)
    body = list(answer)
    if hasattr(answer, "close"):
        answer.close()  # as gunicorn does once the answer is written
    return body


NAMED = {request_cpu.STAGE_KEY: "128 + 16", request_cpu.GROUP_KEY: "catalogue (signed in)"}


def test_each_named_request_is_counted_first_then_repeat_with_its_threads_cpu(monkeypatch, fresh_sums):
    site, closed = busy_site(0.02)
    monkeypatch.setattr(measured_wsgi, "site", site)
    assert call(NAMED) == [b"page"]  # the answer passes through unchanged
    call(NAMED)
    call(NAMED, query="q=drones")  # another address of the group: its own first answer
    assert len(closed) == 3, "the site's own answer is closed, as the server would"
    first_n, first_cpu = request_cpu._sums[("128 + 16", "catalogue (signed in)", request_cpu.FIRST)]
    repeat_n, repeat_cpu = request_cpu._sums[("128 + 16", "catalogue (signed in)", request_cpu.REPEAT)]
    assert (first_n, repeat_n) == (2, 1)
    assert first_cpu >= 0.04 and repeat_cpu >= 0.02


def test_requests_without_the_stage_and_group_are_not_counted(monkeypatch, fresh_sums):
    site, _closed = busy_site(0.0)
    monkeypatch.setattr(measured_wsgi, "site", site)
    call({})  # the warm-up, a health check
    call({request_cpu.STAGE_KEY: "8 + 1"})
    assert request_cpu._sums == {}
    request_cpu.write()
    assert list(fresh_sums.iterdir()) == [], "a worker that counted nothing writes nothing"


def test_the_workers_sums_are_added_up_and_tabled(monkeypatch, fresh_sums):
    site, _closed = busy_site(0.01)
    monkeypatch.setattr(measured_wsgi, "site", site)
    for path in ("/cases/a/", "/cases/a/", "/cases/b/"):
        call({request_cpu.STAGE_KEY: "8 + 1", request_cpu.GROUP_KEY: "case page"}, path=path)
    request_cpu.write()
    (fresh_sums / "other-worker.json").write_text('[["8 + 1", "case page", "repeat", 3, 0.009], '
                                                   '["8 + 1", "wizard: save draft", "first", 1, 0.5], '
                                                   '["32 + 4", "case page", "first", 7, 1.0]]')
    collected = request_cpu.collect(fresh_sums)
    assert collected[("8 + 1", "case page", "first")][0] == 2
    assert collected[("8 + 1", "case page", "repeat")][0] == 1 + 3
    lines = request_cpu.table(collected, "8 + 1", ["case page", "wizard: save draft", "programme"], 2.0)
    rows = [line for line in lines if line.startswith("| ") and "endpoint group" not in line]
    assert rows[0].startswith("| wizard: save draft | 1 · 0 | 500.0 · – |"), "the costliest group first"
    assert rows[1].startswith("| case page | 2 · 4 |")
    assert not any("programme" in row for row in rows), "a group without requests has no row"
    assert not any("32 + 4" in line for line in lines)
    assert "gunicorn as a whole 2.0 s" in lines[-1]


def test_no_table_when_nothing_was_counted():
    assert request_cpu.table({}, "128 + 16", ["catalogue"], 10.0) == []


def test_the_collectors_passes_during_a_request_are_timed_per_generation_and_tabled(monkeypatch, fresh_sums):
    def collecting_site(environ, start_response):
        gc.collect()  # a full pass, in the request's thread, as an allocation would trigger one
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"page"]

    monkeypatch.setattr(measured_wsgi, "site", collecting_site)
    call(NAMED)
    passes, cpu = request_cpu._collections[("128 + 16", request_cpu.collection_group(2), request_cpu.COLLECTION)]
    assert passes >= 1 and cpu > 0
    gc.collect()  # between requests: not counted
    assert request_cpu._collections[("128 + 16", request_cpu.collection_group(2), request_cpu.COLLECTION)][0] == passes
    request_cpu.write()
    lines = request_cpu.table(request_cpu.collect(fresh_sums), "128 + 16", ["catalogue (signed in)"], 1.0)
    assert lines[-1].startswith("Garbage collection took ")
    assert f"generation 2: {passes} passes" in lines[-1]


def test_no_collection_line_when_the_collector_did_not_run_in_a_request(monkeypatch, fresh_sums):
    site, _closed = busy_site(0.0)
    monkeypatch.setattr(measured_wsgi, "site", site)
    call(NAMED)
    request_cpu._collections.clear()  # whatever young pass the call itself happened to trigger
    request_cpu.write()
    lines = request_cpu.table(request_cpu.collect(fresh_sums), "128 + 16", ["catalogue (signed in)"], 1.0)
    assert not any("Garbage collection" in line for line in lines)
