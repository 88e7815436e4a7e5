"""A guard in front of the Oxigraph server that ``eventgraph serve`` runs: it never reaches out.

Oxigraph evaluates ``SERVICE <http://…>`` by sending the query to that address; a local endpoint
that a web page can reach (a form posted to ``http://127.0.0.1:7878/query``) must not become a
way to make requests from the user's machine. The server has no option to turn federation off,
so ``serve`` runs it on a private loopback port and answers on the user's address through
:class:`GuardServer`, which refuses (403) every request whose query names ``SERVICE`` and passes
the others on unchanged.

:func:`reaches_out` reads a query as SPARQL does: codepoint escapes (``\\u0053ERVICE``) are
decoded first, then strings, IRIs and comments are set aside, and the keyword is looked for in
what is left, in any case, unless it is part of a name: a variable (``?service``), a prefixed
name's local part (``ex:service``) or a prefix (``service:x``) is no keyword.
"""

from __future__ import annotations

import http.client
import http.server
import re
import socket
import threading
import urllib.parse

__all__ = ["MAX_BODY", "GuardServer", "reaches_out"]

#: the largest request body passed on (a query, or a form holding one)
MAX_BODY = 10_000_000
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SET_ASIDE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n\r]*",
    re.S,
)
_SERVICE = re.compile(r"(?<![\w$?:])SERVICE(?![\w:-])", re.I)
_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}


def _unescape(query: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else "\ufffd"

    return _ESCAPE.sub(one, query)


def reaches_out(query: str) -> bool:
    """Whether the SPARQL text ``query`` (a query or an update) could make the server send a
    request elsewhere (a ``SERVICE`` clause)."""
    return bool(_SERVICE.search(_SET_ASIDE.sub(" ", _unescape(query))))


def _texts(target: str, body: bytes, content_type: str) -> list[str]:
    """Every text of a request that the server could read as SPARQL: each parameter value of the
    URL and of a form body, and a body sent as the query itself."""
    texts = [v for vs in urllib.parse.parse_qs(urllib.parse.urlsplit(target).query).values() for v in vs]
    if body:
        decoded = body.decode("utf-8", "replace")
        texts.append(decoded)
        if "form" in content_type:
            texts += [v for vs in urllib.parse.parse_qs(decoded).values() for v in vs]
    return texts


class _Handler(http.server.BaseHTTPRequestHandler):
    server: GuardServer
    protocol_version = "HTTP/1.1"
    server_version = "eventgraph-serve"

    def log_message(self, format: str, *args: object) -> None:
        pass  # no request log on the terminal (the server's own stays quiet too)

    def _refuse(self, status: int, message: str) -> None:
        self.close_connection = True  # a body may be left unread: never read it as the next request
        data = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Connection", "close")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _pass_on(self) -> None:
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding"):
            self._refuse(411, "send the request with a Content-Length")
            return
        try:
            size = int(length) if length else 0
        except ValueError:
            self._refuse(400, "bad Content-Length")
            return
        if size < 0 or size > MAX_BODY:
            self._refuse(413, f"request body over {MAX_BODY:,} bytes")
            return
        body = self.rfile.read(size) if size else b""
        if any(reaches_out(t) for t in _texts(self.path, body, self.headers.get("Content-Type", ""))):
            self._refuse(
                403, "SERVICE is refused: this endpoint answers from its own data and never reaches out"
            )
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.server.backend_port, timeout=self.server.timeout_s
        )
        try:
            conn.request(self.command, self.path, body=body or None, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        except OSError as err:
            self._refuse(502, f"the SPARQL server did not answer ({err})")
            return
        finally:
            conn.close()
        self.send_response(resp.status, resp.reason)
        for key, value in resp.getheaders():
            if key.lower() not in _HOP_BY_HOP:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _pass_on


class GuardServer(http.server.ThreadingHTTPServer):
    """Answers on ``(host, port)`` for the SPARQL server on ``127.0.0.1:backend_port``."""

    daemon_threads = True

    def __init__(self, host: str, port: int, backend_port: int, timeout_s: float = 600.0) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.backend_port = backend_port
        self.timeout_s = timeout_s
        super().__init__((host, port), _Handler)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
        thread.start()
        return thread
