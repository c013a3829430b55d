"""A search sent now and its answer read later, both on the request's own thread.

The catalogue page sends its search first and reads the answer where the template needs it,
so Elasticsearch works on the other core while Python prepares the rest of the page. The
official client cannot part a request from its response (urllib3 sends and waits in one call),
and sending it from a worker thread costs two hand-overs of the interpreter lock: the answer
waits for the request thread to let go of it, then the request thread for the worker
(~1 ms a page at 10,000 cases; docs/PERFORMANCE.md, "Sent on the request's thread").
``http.client`` can: ``request()`` now, ``getresponse()`` later. So this module keeps
persistent HTTP/1.1 connections per thread and node, for the catalogue's two searches only
(its counts and its hits, in flight at once: ``elastic.Sent``); every other request goes
through the client (``connection.search_client``).

Failures mean what they mean to the client, so the catalogue's fallback treats them alike
(``connection.SEARCH_ERRORS``): no connection, a broken one or a timeout raise elastic_transport's
``ConnectionError``/``ConnectionTimeout`` (a ``TransportError``: the breaker opens); an error
status raises ``SearchFailed`` (like the client's ``ApiError``: the node answered). A kept
connection the node has closed meanwhile is replaced once, before or after sending; a timeout is
never retried (that would only double the wait).
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import ssl
import threading
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from elastic_transport import ConnectionError as NoConnection
from elastic_transport import ConnectionTimeout

from .connection import SearchFailed

#: The bodies' types: a multi-search's lines, or one search.
NDJSON, JSON = "application/x-ndjson", "application/json"

#: What goes wrong on the wire: a refused, reset or closed connection, a timeout, a garbled answer.
_WIRE_ERRORS = (OSError, http.client.HTTPException)


class _Node(NamedTuple):
    host: str
    port: int
    https: bool
    #: The URL's path (a node behind a proxy's prefix), without its trailing slash.
    prefix: str
    headers: dict[str, str]


@lru_cache(maxsize=8)
def _node(url: str) -> _Node:
    parts = urlsplit(url)
    https = parts.scheme == "https"
    headers = {"Accept": "application/json"}
    if parts.username is not None:
        credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        headers["Authorization"] = "Basic " + base64.b64encode(credentials.encode()).decode()
    port = parts.port or (443 if https else 80)
    return _Node(parts.hostname or "localhost", port, https, parts.path.rstrip("/"), headers)


class _NoDelay:
    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        # The request goes in one write; without this the answer's first packet can wait for a delayed ACK.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # type: ignore[attr-defined]


class _Connection(_NoDelay, http.client.HTTPConnection):
    pass


class _TLSConnection(_NoDelay, http.client.HTTPSConnection):
    pass


def _open(node: _Node, timeout: float) -> http.client.HTTPConnection:
    if node.https:
        return _TLSConnection(node.host, node.port, timeout=timeout, context=ssl.create_default_context())
    return _Connection(node.host, node.port, timeout=timeout)


#: Per thread: (URL, timeout) → the idle connections to that node. A connection is taken out while a
#: search is on it and given back once its answer is read in full, so an answer never read (the page
#: failed meanwhile) takes its connection with it instead of confusing the next search. A page has
#: two searches in flight (the counts and the hits, ``elastic.Sent``): two connections are kept.
_idle = threading.local()

#: Idle connections kept per thread and node; one more given back closes the oldest.
KEPT_PER_NODE = 2


def _take(url: str, timeout: float) -> http.client.HTTPConnection | None:
    kept: dict[tuple[str, float], list[http.client.HTTPConnection]] = getattr(_idle, "connections", None) or {}
    idle = kept.get((url, timeout))
    return idle.pop() if idle else None


def _give_back(url: str, timeout: float, connection: http.client.HTTPConnection) -> None:
    if not hasattr(_idle, "connections"):
        _idle.connections = {}
    idle = _idle.connections.setdefault((url, timeout), [])
    idle.append(connection)
    while len(idle) > KEPT_PER_NODE:
        idle.pop(0).close()


def forget_connections() -> None:
    """Close this thread's idle connections (tests that stop a node, a process that forks)."""
    for idle in (getattr(_idle, "connections", None) or {}).values():
        for connection in idle:
            connection.close()
    _idle.connections = {}


class Pending:
    """One POST already sent (or its failure to send kept); ``answer()`` reads and decodes the reply, once."""

    def __init__(self, url: str, timeout: float, path: str, body: bytes, content_type: str = NDJSON) -> None:
        self._url, self._timeout, self._body = url, timeout, body
        self._node = _node(url)
        self._path = self._node.prefix + path
        self._headers = {**self._node.headers, "Content-Type": content_type}
        self._connection: http.client.HTTPConnection | None = None
        self._reused = False
        self._failure: BaseException | None = None
        kept = _take(url, timeout)
        if kept is not None:
            try:
                self._send(kept)
                self._reused = True
                return
            except _WIRE_ERRORS:
                kept.close()  # closed by the node since its last search: a new connection below
        try:
            self._send(_open(self._node, timeout))
        except _WIRE_ERRORS as error:
            self._failure = error  # raised where the answer is read, where the fallback catches it

    def _send(self, connection: http.client.HTTPConnection) -> None:
        self._connection = connection
        connection.request("POST", self._path, body=self._body, headers=self._headers)

    def abandon(self) -> None:
        """Never to be read: its connection is closed rather than kept (the answer would still be on it)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self._failure = self._failure or ConnectionAbortedError("abandoned")

    def answer(self) -> Any:
        """The decoded JSON answer; raises ``ConnectionError``/``ConnectionTimeout`` or ``SearchFailed``."""
        if self._failure is not None:
            raise _transport_error(self._failure)
        connection = self._connection
        assert connection is not None, "an answer is read once"
        self._connection = None
        try:
            status, data, closes = _read(connection)
        except _WIRE_ERRORS as error:
            connection.close()
            if not self._reused or isinstance(error, TimeoutError):
                raise _transport_error(error) from error
            # A kept connection the node closed after the request went out: the search is read-only, send it again.
            try:
                connection = _open(self._node, self._timeout)
                connection.request("POST", self._path, body=self._body, headers=self._headers)
                status, data, closes = _read(connection)
            except _WIRE_ERRORS as again:
                connection.close()
                raise _transport_error(again) from again
        if closes:
            connection.close()
        else:
            _give_back(self._url, self._timeout, connection)
        if status >= 400:
            raise SearchFailed(f"HTTP {status}: {data[:300].decode(errors='replace')}")
        return json.loads(data)


def _read(connection: http.client.HTTPConnection) -> tuple[int, bytes, bool]:
    response = connection.getresponse()
    data = response.read()
    return response.status, data, response.will_close


def _transport_error(error: BaseException) -> NoConnection:
    if isinstance(error, TimeoutError):
        return ConnectionTimeout(f"Elasticsearch did not answer in time: {error!r}", errors=(error,))  # type: ignore
    return NoConnection(f"Elasticsearch could not be reached: {error!r}", errors=(error,))  # type: ignore[arg-type]


def send(url: str, timeout: float, path: str, body: bytes, content_type: str = NDJSON) -> Pending:
    """POST ``body`` to ``path`` on the node at ``url`` now; the returned ``Pending`` reads the answer."""
    return Pending(url, timeout, path, body, content_type)
