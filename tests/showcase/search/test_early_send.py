"""The catalogue's search sent early and read later on the request's thread (showcase.search.early_send).

Against a real Elasticsearch node for the answers; against real loopback servers for what goes
wrong on the wire (refused, hung, closed after a kept connection, an error status), as the
client's failures are: the fallback must see the same kinds of errors.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from elastic_transport import ConnectionError as NoConnection
from elastic_transport import ConnectionTimeout

from showcase.search import early_send
from showcase.search.connection import SearchFailed

MSEARCH = b'{"index":"%s"}\n{"size":0,"query":{"match_all":{}}}\n'


@pytest.fixture(autouse=True)
def _no_kept_connections() -> Iterator[None]:
    early_send.forget_connections()
    yield
    early_send.forget_connections()


class ScriptedServer:
    """A loopback HTTP/1.1 server answering each request with the next canned reply, then (optionally) closing.

    It records every request it read (the raw bytes), so a test can see what went out and on which connection.
    """

    def __init__(self, replies: list[tuple[bytes, bool]]) -> None:
        self.replies = list(replies)
        self.requests: list[tuple[int, bytes]] = []
        self.connections = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except OSError:
                continue
            self.connections += 1
            number = self.connections
            threading.Thread(target=self._talk, args=(conn, number), daemon=True).start()

    def _talk(self, conn: socket.socket, number: int) -> None:
        try:
            self._answer(conn, number)
        except OSError:  # the client went away (an abandoned search's connection closed by the test)
            pass

    def _answer(self, conn: socket.socket, number: int) -> None:
        with conn:
            buffer = b""
            while self.replies:
                while b"\r\n\r\n" not in buffer:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, _, rest = buffer.partition(b"\r\n\r\n")
                lines = head.split(b"\r\n")
                length = int(next(line.split(b":")[1] for line in lines if line.lower().startswith(b"content-length")))
                while len(rest) < length:
                    rest += conn.recv(65536)
                self.requests.append((number, head + b"\r\n\r\n" + rest[:length]))
                buffer = rest[length:]
                reply, close_after = self.replies.pop(0)
                conn.sendall(reply)
                if close_after:
                    return

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._server.close()


def http_reply(status: int, body: dict | str, *, close: bool = False) -> bytes:
    data = (json.dumps(body) if isinstance(body, dict) else body).encode()
    headers = [f"HTTP/1.1 {status} X", "Content-Type: application/json", f"Content-Length: {len(data)}"]
    if close:
        headers.append("Connection: close")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + data


@pytest.fixture
def scripted() -> Iterator[list[ScriptedServer]]:
    servers: list[ScriptedServer] = []
    yield servers
    for server in servers:
        server.stop()


def test_a_search_sent_now_is_answered_when_read_by_a_real_node(elasticsearch_url, es_client, unique_index_name):
    es_client.indices.create(index=unique_index_name)
    es_client.index(index=unique_index_name, document={"title": "Drone"}, refresh=True)
    pending = early_send.send(elasticsearch_url, 5.0, "/_msearch", MSEARCH % unique_index_name.encode())
    answer = pending.answer()
    assert answer["responses"][0]["hits"]["total"]["value"] == 1
    # The connection is kept for the thread's next search: the second answer comes on it too.
    again = early_send.send(elasticsearch_url, 5.0, "/_msearch", MSEARCH % unique_index_name.encode())
    assert again._reused
    assert again.answer()["responses"][0]["hits"]["total"]["value"] == 1


def test_an_index_that_does_not_exist_is_the_answers_error_not_a_wire_error(elasticsearch_url):
    pending = early_send.send(elasticsearch_url, 5.0, "/_msearch", MSEARCH % b"no-such-index-anywhere")
    answer = pending.answer()  # _msearch reports it per search, as the client returns it
    assert "error" in answer["responses"][0]


def test_a_refused_connection_is_raised_when_read_as_the_clients_connection_error(closed_port):
    pending = early_send.send(f"http://127.0.0.1:{closed_port}", 0.5, "/_msearch", b"{}\n")  # never raises here
    with pytest.raises(NoConnection):
        pending.answer()


def test_a_hung_node_times_out_once_without_a_retry(silent_server):
    started = time.monotonic()
    pending = early_send.send(silent_server, 0.3, "/_msearch", b"{}\n")
    with pytest.raises(ConnectionTimeout):
        pending.answer()
    assert time.monotonic() - started < 1.0  # one timeout, not two


def test_an_error_status_raises_search_failed_and_keeps_the_connection(scripted):
    server = ScriptedServer([(http_reply(503, {"error": "overloaded"}), False), (http_reply(200, {"ok": 1}), False)])
    scripted.append(server)
    with pytest.raises(SearchFailed, match="HTTP 503"):
        early_send.send(server.url, 2.0, "/_msearch", b"{}\n").answer()
    assert early_send.send(server.url, 2.0, "/_msearch", b"{}\n").answer() == {"ok": 1}
    assert [number for number, _ in server.requests] == [1, 1]


def test_a_kept_connection_the_node_closed_is_replaced_and_the_search_sent_again(scripted):
    # The first reply closes its connection without saying so; the kept connection is dead for the second search.
    server = ScriptedServer([(http_reply(200, {"first": 1}), True), (http_reply(200, {"second": 2}), False)])
    scripted.append(server)
    assert early_send.send(server.url, 2.0, "/_msearch", b"{}\n").answer() == {"first": 1}
    time.sleep(0.05)
    assert early_send.send(server.url, 2.0, "/_msearch", b'{"n":2}\n').answer() == {"second": 2}
    assert [number for number, _ in server.requests] == [1, 2]
    assert server.requests[1][1].endswith(b'{"n":2}\n')


def test_a_reply_that_closes_the_connection_is_not_kept(scripted):
    server = ScriptedServer([(http_reply(200, {"a": 1}, close=True), True), (http_reply(200, {"b": 2}), False)])
    scripted.append(server)
    early_send.send(server.url, 2.0, "/_msearch", b"{}\n").answer()
    second = early_send.send(server.url, 2.0, "/_msearch", b"{}\n")
    assert not second._reused
    assert second.answer() == {"b": 2}


def test_credentials_and_a_path_prefix_in_the_url_go_with_the_request(scripted):
    server = ScriptedServer([(http_reply(200, {}), False)])
    scripted.append(server)
    url = server.url.replace("http://", "http://search%40user:p%3Ass@") + "/es/"
    early_send.send(url, 2.0, "/_msearch", b'{"q":1}\n').answer()
    request = server.requests[0][1]
    assert request.startswith(b"POST /es/_msearch HTTP/1.1\r\n")
    # base64("search@user:p:ss")
    assert b"Authorization: Basic c2VhcmNoQHVzZXI6cDpzcw==" in request
    assert b"Content-Type: application/x-ndjson" in request


def test_an_answer_never_read_does_not_confuse_the_next_search(scripted):
    server = ScriptedServer([(http_reply(200, {"one": 1}), False), (http_reply(200, {"two": 2}), False)])
    scripted.append(server)
    abandoned = early_send.send(server.url, 2.0, "/_msearch", b"{}\n")  # the page failed before reading it
    assert early_send.send(server.url, 2.0, "/_msearch", b"{}\n").answer() in ({"one": 1}, {"two": 2})
    assert abandoned._connection is not None  # still its own connection: the next search did not take it
    assert server.connections == 2


# The answer is read by hand (``_Wire``): every shape of HTTP/1.1 answer a node or a proxy in front of it may send is
# read as ``http.client`` would, and a garbled one is a wire error (the fallback's "could not be reached"), not a hang.


def test_a_chunked_answer_is_read_whole(scripted):
    body = b'{"chunked": [1, 2, 3], "text": "caf\xc3\xa9"}'
    chunks = b"".join(b"%x;ext=1\r\n%s\r\n" % (len(part), part) for part in (body[:7], body[7:20], body[20:]))
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    reply = head + chunks + b"0\r\n\r\n"
    server = ScriptedServer([(reply, False), (http_reply(200, {"next": 1}), False)])
    scripted.append(server)
    assert early_send.send(server.url, 2.0, "/_search", b"{}", early_send.JSON).answer() == {
        "chunked": [1, 2, 3], "text": "café",
    }
    again = early_send.send(server.url, 2.0, "/_search", b"{}", early_send.JSON)
    assert again._reused and again.answer() == {"next": 1}  # the chunked answer was read to its end


def test_an_answer_without_a_length_ends_with_its_connection(scripted):
    server = ScriptedServer([(b'HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{"old": true}', True)])
    scripted.append(server)
    pending = early_send.send(server.url, 2.0, "/_search", b"{}", early_send.JSON)
    assert pending.answer() == {"old": True}
    assert not early_send.send(server.url, 2.0, "/_search", b"{}", early_send.JSON)._reused  # not kept


@pytest.mark.parametrize(
    "reply",
    [
        b'HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{"cut": "short"}',  # fewer bytes than announced, then closed
        b"SSH-2.0-OpenSSH_9.2\r\n",  # not HTTP at all
        b"HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\n{}",  # a status that is not a number
        b"HTTP/1.1 200 OK\r\nContent-Length: -2\r\n\r\n{}",  # a length that is not one
        b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n",  # a header line past the limit
        b"HTTP/1.1 200 OK\r\n" + b"X-Many: 1\r\n" * 150 + b"\r\n",  # too many header lines
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",  # a chunk size that is not hexadecimal
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nabc\r\n",  # a negative chunk size
        b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nnot json!",  # a body that is not JSON
        b"",  # closed without a word
    ],
    ids=[
        "truncated", "not-http", "bad-status", "bad-length", "long-line", "many-headers", "bad-chunk", "negative-chunk",
        "not-json",
        "silent-close",
    ],
)
def test_a_garbled_answer_is_an_error_the_fallback_catches_not_a_hang(scripted, reply):
    from showcase.search.connection import SEARCH_ERRORS

    server = ScriptedServer([(reply, True)])
    scripted.append(server)
    started = time.monotonic()
    with pytest.raises(SEARCH_ERRORS) as raised:
        early_send.send(server.url, 2.0, "/_search", b"{}", early_send.JSON).answer()
    assert time.monotonic() - started < 1.5
    # A wire error opens the breaker; a body that is not JSON is the node's (or its proxy's) failed answer.
    assert isinstance(raised.value, SearchFailed if b"not json" in reply else NoConnection)


def test_an_answer_without_a_body_by_its_status_does_not_wait_for_one(scripted):
    server = ScriptedServer([(b"HTTP/1.1 204 No Content\r\n\r\n", False), (http_reply(200, {"next": 1}), False)])
    scripted.append(server)
    started = time.monotonic()
    with pytest.raises(SearchFailed):  # not JSON: the search failed, at once (no read until the timeout)
        early_send.send(server.url, 2.0, "/_search", b"{}", early_send.JSON).answer()
    assert time.monotonic() - started < 1.0
    assert early_send.send(server.url, 2.0, "/_search", b"{}", early_send.JSON).answer() == {"next": 1}


def test_the_request_goes_out_as_one_well_formed_http_request(scripted):
    server = ScriptedServer([(http_reply(200, {}), False)])
    scripted.append(server)
    early_send.send(server.url, 2.0, "/cat%2Dalias/_search?request_cache=true", b'{"size":0}', early_send.JSON).answer()
    head, _, body = server.requests[0][1].partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert lines[0] == b"POST /cat%2Dalias/_search?request_cache=true HTTP/1.1"
    port = server.url.rsplit(":", 1)[1]
    assert sorted(lines[1:]) == sorted(
        [f"Host: 127.0.0.1:{port}".encode(), b"Accept: application/json", b"Content-Type: application/json",
         b"Content-Length: 10"]
    )
    assert body == b'{"size":0}'


def test_a_path_that_would_split_the_request_is_refused_before_anything_is_sent(scripted):
    server = ScriptedServer([(http_reply(200, {}), False)])
    scripted.append(server)
    with pytest.raises(ValueError):
        early_send.send(server.url, 2.0, "/_search HTTP/1.1\r\nX-Injected: 1\r\n\r\nGET /", b"{}", early_send.JSON)
    time.sleep(0.05)
    assert server.requests == []
