"""A search sent now and its answer read later, both on the request's own thread.

The catalogue page sends its search first and reads the answer where the template needs it,
so Elasticsearch works on the other core while Python prepares the rest of the page. The
official client cannot part a request from its response (urllib3 sends and waits in one call),
and sending it from a worker thread costs two hand-overs of the interpreter lock: the answer
waits for the request thread to let go of it, then the request thread for the worker
(~1 ms a page at 10,000 cases; docs/PERFORMANCE.md, "Sent on the request's thread").
A socket can: the request written now, the answer read later (``_Wire``: HTTP/1.1 with the least
work each way). So this module keeps persistent connections per thread and node, for the catalogue's two searches only
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
import socket
import ssl
import threading
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

import orjson
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
    #: The request head's lines every search to this node carries (Host, Accept, Authorization), CRLF-terminated.
    head: str


@lru_cache(maxsize=8)
def _node(url: str) -> _Node:
    parts = urlsplit(url)
    https = parts.scheme == "https"
    default_port = 443 if https else 80
    port = parts.port or default_port
    host = parts.hostname or "localhost"
    host_header = f"[{host}]" if ":" in host else host  # an IPv6 address goes in brackets
    lines = [f"Host: {host_header}" + ("" if port == default_port else f":{port}"), "Accept: application/json"]
    if parts.username is not None:
        credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        lines.append("Authorization: Basic " + base64.b64encode(credentials.encode()).decode())
    return _Node(host, port, https, parts.path.rstrip("/"), "".join(f"{line}\r\n" for line in lines))


#: The longest status or header line, and the most header lines, an answer may have (as ``http.client``).
_MAX_LINE, _MAX_HEADERS = 65536, 100


class _Wire:
    """One HTTP/1.1 connection to a node: a request written in one go, its answer read with the least work.

    ``http.client`` formats a request header by header (validating each) and parses an answer's headers
    with the e-mail parser, before the search leaves and after its answer is in: on the page's critical
    path. Elasticsearch's answers are plain HTTP/1.1: a status line, a few headers, a body of a given length
    (or chunked). Measured per search, with orjson decoding the answer: ~0.13 → 0.06 ms of CPU to send,
    ~0.5 → 0.25 ms to read and decode.
    """

    def __init__(self, node: _Node, timeout: float) -> None:
        sock = socket.create_connection((node.host, node.port), timeout=timeout)
        try:
            # The request goes in one write; without this the answer's first packet can wait for a delayed ACK.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if node.https:
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=node.host)
        except BaseException:
            sock.close()
            raise
        self.sock = sock
        self._reader = sock.makefile("rb")

    def request(self, data: bytes) -> None:
        self.sock.sendall(data)

    def read(self) -> tuple[int, bytes, bool]:
        """The answer's status, body, and whether the node closes the connection after it."""
        status_line = self._line()
        if not status_line:
            raise http.client.RemoteDisconnected("Remote end closed connection without response")
        version, _, rest = status_line.partition(b" ")
        code = rest[:3]
        if not version.startswith(b"HTTP/1.") or not code.isdigit():
            raise http.client.BadStatusLine(repr(status_line[:100]))
        length, chunked, closes = None, False, version == b"HTTP/1.0"
        for _ in range(_MAX_HEADERS + 1):
            line = self._line()
            if line in (b"\r\n", b"\n"):
                break
            if not line:
                raise http.client.IncompleteRead(b"")
            name, _, value = line.partition(b":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == b"content-length":
                if not value.isdigit():
                    raise http.client.HTTPException(f"bad Content-Length {value[:40]!r}")
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = value.endswith(b"chunked")
            elif name == b"connection":
                closes = value == b"close" or (closes and value != b"keep-alive")
        else:
            raise http.client.HTTPException(f"more than {_MAX_HEADERS} headers")
        if code in (b"204", b"304"):
            return int(code), b"", closes  # no body, whatever the headers say
        if chunked:
            return int(code), self._chunks(), closes
        if length is None:
            return int(code), self._reader.read(), True  # the body ends where the connection does
        return int(code), self._exactly(length), closes

    def _line(self) -> bytes:
        line = self._reader.readline(_MAX_LINE + 1)
        if len(line) > _MAX_LINE:
            raise http.client.LineTooLong("header line")
        return line

    def _exactly(self, length: int) -> bytes:
        data = self._reader.read(length)
        if len(data) < length:
            raise http.client.IncompleteRead(data, length - len(data))
        return data

    def _chunks(self) -> bytes:
        parts = []
        while True:
            size_line = self._line().split(b";", 1)[0].strip()
            try:
                size = int(size_line, 16)
            except ValueError:
                size = -1
            if size < 0:
                raise http.client.IncompleteRead(b"".join(parts))
            if size == 0:
                while self._line() not in (b"\r\n", b"\n", b""):  # trailers, unused
                    pass
                return b"".join(parts)
            parts.append(self._exactly(size))
            self._exactly(2)  # the chunk's CRLF

    def close(self) -> None:
        self._reader.close()
        self.sock.close()


#: Per thread: (URL, timeout) → the idle connections to that node. A connection is taken out while a
#: search is on it and given back once its answer is read in full, so an answer never read (the page
#: failed meanwhile) takes its connection with it instead of confusing the next search. A page has
#: two searches in flight (the counts and the hits, ``elastic.Sent``): two connections are kept.
_idle = threading.local()

#: Idle connections kept per thread and node; one more given back closes the oldest.
KEPT_PER_NODE = 2


def _take(url: str, timeout: float) -> _Wire | None:
    kept: dict[tuple[str, float], list[_Wire]] = getattr(_idle, "connections", None) or {}
    idle = kept.get((url, timeout))
    return idle.pop() if idle else None


def _give_back(url: str, timeout: float, connection: _Wire) -> None:
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
        self._url, self._timeout = url, timeout
        self._node = _node(url)
        self._path = target = self._node.prefix + path
        if any(character in target for character in " \r\n") or any(character in content_type for character in "\r\n"):
            raise ValueError(f"Not a request target or type: {target[:100]!r}, {content_type[:100]!r}")
        head = (
            f"POST {target} HTTP/1.1\r\n{self._node.head}"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self._request = head.encode("latin-1") + body
        self._connection: _Wire | None = None
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
            self._send(_Wire(self._node, timeout))
        except _WIRE_ERRORS as error:
            self._failure = error  # raised where the answer is read, where the fallback catches it

    def _send(self, connection: _Wire) -> None:
        self._connection = connection
        connection.request(self._request)

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
            status, data, closes = connection.read()
        except _WIRE_ERRORS as error:
            connection.close()
            if not self._reused or isinstance(error, TimeoutError):
                raise _transport_error(error) from error
            # A kept connection the node closed after the request went out: the search is read-only, send it again.
            try:
                connection = _Wire(self._node, self._timeout)
                connection.request(self._request)
                status, data, closes = connection.read()
            except _WIRE_ERRORS as again:
                connection.close()
                raise _transport_error(again) from again
        if closes:
            connection.close()
        else:
            _give_back(self._url, self._timeout, connection)
        if status >= 400:
            raise SearchFailed(f"HTTP {status}: {data[:300].decode(errors='replace')}")
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError as error:  # a proxy's error page with a 200: the node did not answer
            raise SearchFailed(f"Not a JSON answer: {data[:100].decode(errors='replace')!r}") from error


def _transport_error(error: BaseException) -> NoConnection:
    if isinstance(error, TimeoutError):
        return ConnectionTimeout(f"Elasticsearch did not answer in time: {error!r}", errors=(error,))  # type: ignore
    return NoConnection(f"Elasticsearch could not be reached: {error!r}", errors=(error,))  # type: ignore[arg-type]


def send(url: str, timeout: float, path: str, body: bytes, content_type: str = NDJSON) -> Pending:
    """POST ``body`` to ``path`` on the node at ``url`` now; the returned ``Pending`` reads the answer."""
    return Pending(url, timeout, path, body, content_type)
