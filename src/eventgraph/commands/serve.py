"""``eventgraph serve OUTPUT_DIR``: a read-only SPARQL endpoint over a build, by the Oxigraph server.

The build's ``graph.trig`` is loaded once into ``OUTPUT_DIR/.oxigraph/db`` with ``oxigraph load`` and
served with ``oxigraph serve-read-only`` on a private loopback port, behind a guard that answers on
the address asked for and refuses ``SERVICE`` (:mod:`eventgraph.sparql.guard`: the endpoint never
reaches out); while ``graph.trig`` is unchanged (sha256 in
``OUTPUT_DIR/.oxigraph/stamp.json``) later starts reuse that store. Ctrl-C (SIGINT) or SIGTERM is
passed on to the server, which is waited for.
"""

from __future__ import annotations

import argparse
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

ESCALATE_S = 3.0  # a server still up this long after SIGINT gets SIGTERM,
STOP_GRACE_S = 10.0  # and SIGKILL after this long
START_TIMEOUT_S = 60.0


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("output", metavar="OUTPUT_DIR", help="a build's output folder (with graph.trig)")
    parser.add_argument("--port", type=int, default=7878, help="port to listen on (7878)")
    parser.add_argument(
        "--bind", default="127.0.0.1", metavar="HOST", help="address to listen on (127.0.0.1)"
    )


def _default_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _say(message: str) -> None:
    print(f"eventgraph serve: {message}", file=sys.stderr, flush=True)


def _answers(url: str) -> bool:
    query = urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(f"{url}?{query}", timeout=2) as resp:
            return resp.status == 200
    except urllib.error.HTTPError:
        return True  # it is up, whatever it thinks of the request
    except OSError:
        return False


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(args: argparse.Namespace) -> int:
    from eventgraph.store import StoreError, find_oxigraph, prepare_oxigraph_db

    try:
        binary = find_oxigraph()
        db, reused = prepare_oxigraph_db(args.output, binary, log=_say)
    except StoreError as exc:
        _say(f"error: {exc}")
        return 1
    if reused:
        _say(f"reusing {db} (graph unchanged since it was loaded)")

    from eventgraph.sparql.guard import GuardServer

    host = args.bind
    backend_port = _free_loopback_port()
    bind = f"127.0.0.1:{backend_port}"  # only the guard talks to the server
    try:
        guard = GuardServer(host or "0.0.0.0", args.port, backend_port)
    except OSError as exc:
        _say(f"error: cannot listen on {host}:{args.port} ({exc.strerror or exc}; is the port free?)")
        return 1
    guard.start()
    url_host = "127.0.0.1" if host in ("0.0.0.0", "") else ("localhost" if host == "::" else host)
    url_host = f"[{url_host}]" if ":" in url_host else url_host
    endpoint = f"http://{url_host}:{args.port}/query"

    stopping: list[int] = []
    failed: list[str] = []
    children: list[subprocess.Popen[bytes]] = []

    def forward(signum: int, _frame: Any) -> None:
        stopping.append(signum)
        if children and children[0].poll() is None:
            children[0].send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    # Its own session, so a terminal's Ctrl-C reaches it once, through us; and default dispositions for
    # SIGINT/SIGTERM, which a background job of a non-interactive shell would otherwise pass on ignored.
    try:
        proc = subprocess.Popen(
            [binary, "serve-read-only", "--location", str(db), "--bind", bind],
            start_new_session=True,
            preexec_fn=_default_signals,
        )
    except BaseException:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        guard.shutdown()
        guard.server_close()
        raise
    children.append(proc)
    if stopping:  # a signal came while it started
        proc.send_signal(stopping[0])
    try:
        started = time.monotonic()
        while not stopping and proc.poll() is None and not _answers(f"http://127.0.0.1:{backend_port}/query"):
            if time.monotonic() - started > START_TIMEOUT_S:
                failed.append(f"the server did not answer at {endpoint} within {START_TIMEOUT_S:.0f} s")
                stopping.append(signal.SIGTERM)
                proc.terminate()
                break
            time.sleep(0.1)
        if proc.poll() is None and not stopping:
            print(f"SPARQL endpoint: {endpoint}", flush=True)
            _say("read-only; stop with Ctrl-C")
        stop_at: float | None = None
        escalated = False
        while True:
            try:
                rc = proc.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if stopping and stop_at is None:
                    stop_at = time.monotonic()
                if stop_at is None:
                    continue
                waited = time.monotonic() - stop_at
                if waited > STOP_GRACE_S:
                    proc.kill()
                elif waited > ESCALATE_S and not escalated:
                    escalated = True
                    proc.terminate()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        guard.shutdown()
        guard.server_close()
    if failed:
        _say(f"error: {failed[0]}")
        return 1
    if stopping:
        _say("stopped")
        return 0
    _say(f"error: the Oxigraph server exited with status {rc} (is port {args.port} free?)")
    return rc or 1
