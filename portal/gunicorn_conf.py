"""gunicorn settings read by ``-c python:portal.gunicorn_conf`` (the Dockerfile, docker-compose and bench/load.py).

Command-line options still win; this file holds what the command line cannot say.

- ``GUNICORN_SWITCH_INTERVAL`` (seconds, default 0.001): how long a thread may hold the interpreter before
  another may run (``sys.setswitchinterval``; Python's default is 0.005). A worker's threads mostly wait on
  PostgreSQL and Elasticsearch; with the default a thread whose answer has arrived waits up to 5 ms for a
  busy neighbour to let go, on every one of a page's statements — under a rush that is most of a page's
  time in the queue (docs/PERFORMANCE.md, "Load").
"""

from __future__ import annotations

import os
import sys
from typing import Any


def post_fork(server: Any, worker: Any) -> None:
    sys.setswitchinterval(float(os.environ.get("GUNICORN_SWITCH_INTERVAL", "0.001")))
