"""The site's WSGI application with each request's thread CPU added up per stage and endpoint group (bench/load.py).

What is counted and how: ``bench/support/request_cpu.py``. Kept apart from it because importing this module
starts Django (gunicorn's ``--preload`` does it once, before the fork); the load generator imports only that one.
Wrapping the answer hides gunicorn's ``wsgi.file_wrapper`` (no ``sendfile``): the rush reads pages, not files.
"""

from __future__ import annotations

import atexit
import gc
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from bench.support import request_cpu
from portal.wsgi import application as site


#: The stage of the request the current thread is answering (None between requests and in the warm-up).
_current = threading.local()
_collection_started = 0.0  # no two collector passes overlap: one start at a time


def _on_collection(phase: str, info: dict[str, int]) -> None:
    global _collection_started
    if phase == "start":
        _collection_started = time.thread_time()
        return
    stage = getattr(_current, "stage", None)
    if stage:
        request_cpu.record_collection(stage, info["generation"], time.thread_time() - _collection_started)


class _Measured:
    """The site's answer, passed through; its thread's CPU is added up when the server closes it."""

    def __init__(self, answer: Iterable[bytes], started: float, stage: str, group: str, address: str) -> None:
        self._answer, self._started = answer, started
        self._stage, self._group, self._address = stage, group, address

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._answer)

    def close(self) -> None:
        try:
            close = getattr(self._answer, "close", None)
            if close is not None:
                close()
        finally:
            _current.stage = None
            request_cpu.record(self._stage, self._group, self._address, time.thread_time() - self._started)


def application(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
    stage, group = environ.get(request_cpu.STAGE_KEY), environ.get(request_cpu.GROUP_KEY)
    if not stage or not group:
        return site(environ, start_response)
    _current.stage = stage
    started = time.thread_time()
    address = environ.get("PATH_INFO", "") + "?" + environ.get("QUERY_STRING", "")
    try:
        answer = site(environ, start_response)
    except BaseException:
        _current.stage = None
        raise
    return _Measured(answer, started, stage, group, address)


gc.callbacks.append(_on_collection)  # registered before gunicorn's fork (--preload): every worker inherits it
atexit.register(request_cpu.write)  # gunicorn's workers leave through sys.exit: atexit runs in each of them
