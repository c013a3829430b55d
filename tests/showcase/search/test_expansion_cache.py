"""``showcase.search.expansion.Cached``: the thesaurus and vocabulary are built once per signature, also under threads."""

from __future__ import annotations

import threading
import time

from showcase.search.expansion import Cached


def test_threads_asking_at_once_build_the_value_once():
    builds: list[int] = []

    def build() -> str:
        builds.append(1)
        time.sleep(0.05)  # long enough for the other threads to queue on the lock
        return "vocabulary"

    cached = Cached(lambda: ("stamp", 1), build)
    answers: list[str] = []
    threads = [threading.Thread(target=lambda: answers.append(cached.get())) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == ["vocabulary"] * 6 and len(builds) == 1


def test_a_new_signature_builds_again():
    signature = ["a"]
    cached = Cached(lambda: signature[0], lambda: f"built for {signature[0]}")
    assert cached.get() == "built for a"
    signature[0] = "b"
    assert cached.get() == "built for b"
