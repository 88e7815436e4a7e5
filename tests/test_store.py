"""``eventgraph load`` into real triple stores, the ready queries over them, and ``eventgraph serve``.

* Oxigraph: the real server binary (PyPI ``oxigraph``), started here on a free 127.0.0.1 port.
* Virtuoso: Debian's ``virtuoso-opensource``, started here with a config in a temporary folder (both
  ports on 127.0.0.1), loaded through ``/sparql-graph-crud-auth`` with digest auth. Skipped when
  ``virtuoso-t`` is missing, except under ``CI=true`` (``.ci/install-system.sh`` installs it there).

Each ready query must give the same rows on a store as on the files (``eventgraph query FILE``).
Rows are compared sorted (ties in ORDER BY may come in any order), ``GROUP_CONCAT`` cells as sets
(SPARQL leaves their order open), and ``xsd:duration`` values as seconds: Virtuoso keeps a duration
as a number of seconds and answers ``"PT2H"^^xsd:duration`` as ``"7200.0"^^xsd:duration`` – the
same value in another lexical form, a representation difference and nothing else.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from eventgraph import cli
from eventgraph.sparql import QueryResult, list_queries, load_store, query
from eventgraph.store import StoreError, find_oxigraph, load_build

FIXTURE = Path(__file__).parent / "data" / "mini.trig"
EGR = "https://w3id.org/eventgraph/resource/"
XSD = "http://www.w3.org/2001/XMLSchema#"
CALL = EGR + "event/3f9a0c51e2b7d468"
READY = sorted(q.name for q in list_queries())
EVIL = ['"} ; DROP ALL #', "> . ?s ?p ?o", '""" } UNION { ?s ?p ?o } #', 'a\\"b\nc ünï ✓']


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_http(url: str, proc: subprocess.Popen[bytes], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with status {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer at {url} within {timeout} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [find_oxigraph(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", proc, 30, "oxigraph")
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "out"
    out.mkdir()
    shutil.copy(FIXTURE, out / "graph.trig")
    return out


@pytest.fixture(scope="module")
def files() -> ox.Store:
    return load_store(FIXTURE)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
AllowOSCalls = 0
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}/vsp
MaxClientConnections = 10
ServerThreads = 10
DavRoot = DAV
EnabledDavVSP = 0
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("virtuoso-t")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("virtuoso-t is missing under CI=true: run .ci/install-system.sh first")
        pytest.skip(
            "virtuoso-t is not installed (apt-get install virtuoso-opensource, or .ci/install-system.sh)"
        )
    home = tmp_path_factory.mktemp("virtuoso")
    (home / "vsp").mkdir()
    http_port = free_port()
    ini = home / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=home, sql_port=free_port(), http_port=http_port), encoding="utf-8")
    proc = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)],
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{http_port}/sparql?query=ASK%7B%7D", proc, 120, "virtuoso-t")
        yield f"http://127.0.0.1:{http_port}"
    finally:
        stop(proc)


# -- comparing results -----------------------------------------------------------------------------------


def _seconds(value: str) -> float:
    try:
        return float(value)  # Virtuoso's form
    except ValueError:
        pass
    m = re.fullmatch(r"(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?", value)
    assert m, f"not a day-time duration: {value}"
    sign, d, h, mi, s = m.groups()
    total = int(d or 0) * 86400 + int(h or 0) * 3600 + int(mi or 0) * 60 + float(s or 0)
    return -total if sign else total


def normalised(result: QueryResult) -> list[tuple[str | None, ...]]:
    rows = []
    for row in result.terms:
        cells: list[str | None] = []
        for t in row:
            if t is None:
                cells.append(None)
            elif t.datatype == XSD + "duration":
                cells.append(f"{_seconds(t.value)}s")
            elif " | " in t.value:
                cells.append(" | ".join(sorted(t.value.split(" | "))))
            else:
                cells.append(t.value)
        rows.append(tuple(cells))
    return sorted(rows, key=repr)


def params_for(name: str) -> dict[str, str] | None:
    return {"event": f"<{CALL}>"} if name == "event-sources" else None


def graph_sizes(endpoint: str) -> dict[str, int]:
    result = query(
        endpoint,
        f"""SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
               FILTER(STRSTARTS(STR(?g), "{EGR}")) }} GROUP BY ?g""",
    )
    return {row[0]: int(row[1]) for row in result.rows}  # type: ignore[arg-type, index]


def file_sizes(files: ox.Store) -> dict[str, int]:
    return {g.value: len(list(files.quads_for_pattern(None, None, None, g))) for g in files.named_graphs()}


# -- Oxigraph ---------------------------------------------------------------------------------------------


def test_oxigraph_load_twice_replaces(oxigraph: str, build_dir: Path, files: ox.Store) -> None:
    store_url = oxigraph + "/store"
    total = "SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }"
    for args in ([], [], ["--batch", "2"], ["--batch", "2"]):
        assert cli.main(["load", str(build_dir), "--store", store_url, *args]) == 0
        assert query(oxigraph + "/query", total).rows == [[str(len(files))]]
        assert graph_sizes(oxigraph + "/query") == file_sizes(files)
    default = query(oxigraph + "/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert default.rows == [[str(len(list(files.quads_for_pattern(None, None, None, ox.DefaultGraph()))))]]


def test_oxigraph_replace_deletes_stale_graphs(oxigraph: str, build_dir: Path, files: ox.Store) -> None:
    store_url = oxigraph + "/store"
    stale, foreign = EGR + "graph/999_gone", "http://example.org/other-data"
    for g in (stale, foreign):
        req = urllib.request.Request(
            f"{store_url}?graph={urllib.parse.quote(g, safe='')}",
            data=b"<http://example.org/s> <http://example.org/p> 1 .\n",
            method="PUT",
            headers={"Content-Type": "text/turtle"},
        )
        urllib.request.urlopen(req, timeout=10).close()
    assert cli.main(["load", str(build_dir), "--store", store_url]) == 0
    assert stale in graph_sizes(oxigraph + "/query")  # a plain re-load leaves other graphs alone
    report = load_build(build_dir, store_url, replace=True)
    assert report.deleted == [stale]
    assert graph_sizes(oxigraph + "/query") == file_sizes(files)
    assert query(oxigraph + "/query", f"ASK {{ GRAPH <{foreign}> {{ ?s ?p ?o }} }}").boolean is True


@pytest.mark.parametrize("name", READY)
def test_oxigraph_ready_queries_match_files(
    oxigraph: str, build_dir: Path, files: ox.Store, name: str
) -> None:
    assert cli.main(["load", str(build_dir), "--store", oxigraph + "/store"]) == 0
    on_files = query(files, name, params=params_for(name))
    on_store = query(oxigraph + "/query", name, params=params_for(name))
    assert on_store.variables == on_files.variables
    assert normalised(on_store) == normalised(on_files)
    assert len(on_files) > 0


def test_oxigraph_disagreements_and_post_styles(oxigraph: str, build_dir: Path) -> None:
    assert cli.main(["load", str(build_dir), "--store", oxigraph + "/store"]) == 0
    for post in ("direct", "form", "auto"):
        rows = query(oxigraph + "/query", "disagreements", post=post).rows
        assert sorted((r[3], r[4]) for r in rows) == [("PT1H30M", "002_tass"), ("PT2H", "001_reuters")]


@pytest.mark.parametrize("evil", EVIL)
def test_oxigraph_parameters_are_values(oxigraph: str, evil: str) -> None:
    assert query(oxigraph + "/query", "SELECT ?v WHERE { }", params={"v": evil}).rows == [[evil]]
    assert len(query(oxigraph + "/query", "event-sources", params={"event": evil})) == 0


def test_graph_prefix_renames_graphs_and_their_metadata(
    tmp_path: Path, build_dir: Path, files: ox.Store
) -> None:
    prefix = "http://example.org/kg/"
    with oxigraph_server(tmp_path / "db") as url:
        assert cli.main(["load", str(build_dir), "--store", url + "/store", "--graph-prefix", prefix]) == 0
        names = query(url + "/query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        assert sorted(r[0] for r in names) == [prefix + "graph/001_reuters", prefix + "graph/002_tass"]
        on_store = query(url + "/query", "disagreements")
        assert normalised(on_store) == normalised(query(files, "disagreements"))


# -- refusals, retries, basic auth (a stub store) --------------------------------------------------------


class _Stub(http.server.BaseHTTPRequestHandler):
    log: list[tuple[str, str, bool]]
    fail_first: int
    forbidden: str

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        authed = self.headers.get("Authorization") == "Basic dXNlcjpzM2NyZXQ="  # user:s3cret
        type(self).log.append((self.command, self.path, authed))
        if not authed:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="stub"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.forbidden and self.forbidden in self.path:
            body = b"<html><body><h1>Forbidden</h1><p>graph is read-only</p></body></html>"
            self.send_response(403)
        elif type(self).fail_first > 0:
            type(self).fail_first -= 1
            body = b"busy"
            self.send_response(503)
        else:
            body = b""
            self.send_response(204)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST = do_DELETE = _handle

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def stub_store(fail_first: int = 0, forbidden: str = "") -> Iterator[tuple[str, list[tuple[str, str, bool]]]]:
    handler = type("Stub", (_Stub,), {"log": [], "fail_first": fail_first, "forbidden": forbidden})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store", handler.log  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def test_retries_on_5xx_with_basic_auth(
    build_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr("eventgraph.store.time.sleep", sleeps.append)
    monkeypatch.setenv("EVENTGRAPH_STORE_USER", "user")
    monkeypatch.setenv("EVENTGRAPH_STORE_PASSWORD", "s3cret")
    with stub_store(fail_first=2) as (url, log):
        assert cli.main(["load", str(build_dir), "--store", url]) == 0
    assert sleeps == [0.5, 1.0]  # two 503s, backed off, then on
    puts = [path for method, path, authed in log if method == "PUT" and authed]
    assert len(puts) == 5  # 2 failed + 2 graphs + the metadata
    assert puts[-1].endswith("?default")
    with stub_store(fail_first=100) as (url, _):
        assert cli.main(["load", str(build_dir), "--store", url, "--retries", "2"]) == 1
    err = capsys.readouterr().err
    assert "HTTP 503" in err and "graph/001_reuters" in err


def test_refusal_is_one_clear_line(
    build_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("eventgraph.store.time.sleep", lambda s: None)
    monkeypatch.setenv("EVENTGRAPH_STORE_USER", "user")
    monkeypatch.setenv("EVENTGRAPH_STORE_PASSWORD", "s3cret")
    with stub_store(forbidden="002_tass") as (url, _):
        assert cli.main(["load", str(build_dir), "--store", url]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert err.startswith(
        f"eventgraph load: error: store refused graph <{EGR}graph/002_tass>: HTTP 403 Forbidden"
    )
    assert err.endswith("Forbidden graph is read-only")
    monkeypatch.setenv("EVENTGRAPH_STORE_PASSWORD", "wrong")
    with stub_store() as (url, _):
        assert cli.main(["load", str(build_dir), "--store", url]) == 1
    assert "HTTP 401" in capsys.readouterr().err
    with pytest.raises(StoreError, match="unreachable"):
        load_build(build_dir, f"http://127.0.0.1:{free_port()}/store", retries=1)


# -- Virtuoso ---------------------------------------------------------------------------------------------


def test_virtuoso_load_and_ready_queries(
    virtuoso: str, build_dir: Path, files: ox.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVENTGRAPH_STORE_USER", "dba")
    monkeypatch.setenv("EVENTGRAPH_STORE_PASSWORD", "dba")  # Virtuoso's default DBA password
    store_url = virtuoso + "/sparql-graph-crud-auth"
    sparql = virtuoso + "/sparql"
    expected = file_sizes(files)
    # no default graph in Virtuoso's Graph Store endpoint: the metadata gets a graph of its own
    expected[EGR + "metadata"] = len(list(files.quads_for_pattern(None, None, None, ox.DefaultGraph())))
    for _ in range(2):
        assert cli.main(["load", str(build_dir), "--store", store_url]) == 0
        assert graph_sizes(sparql) == expected
    for name in READY:
        on_files = query(files, name, params=params_for(name))
        on_store = query(sparql, name, params=params_for(name))
        assert on_store.variables == on_files.variables, name
        assert normalised(on_store) == normalised(on_files), name
    rows = query(sparql, "disagreements").rows
    assert sorted((r[3], r[4]) for r in rows) == [("5400.0", "002_tass"), ("7200.0", "001_reuters")]
    for evil in EVIL:
        assert query(sparql, "SELECT ?v WHERE { }", params={"v": evil}).rows == [[evil]]


def test_virtuoso_wants_credentials(virtuoso: str, build_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTGRAPH_STORE_USER", raising=False)
    with pytest.raises(StoreError, match=r"HTTP 401 .*EVENTGRAPH_STORE_USER"):
        load_build(build_dir, virtuoso + "/sparql-graph-crud-auth")


# -- eventgraph serve -----------------------------------------------------------------------------------


def _serve(out: Path, port: int) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventgraph", "serve", str(out), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()  # type: ignore[union-attr]
    assert line.startswith("SPARQL endpoint: "), (line, proc.stderr.read() if proc.poll() is not None else "")  # type: ignore[union-attr]
    return proc, line.split(": ", 1)[1].strip()


def _stop(proc: subprocess.Popen[str], sig: signal.Signals) -> tuple[int, float, str]:
    started = time.monotonic()
    proc.send_signal(sig)
    rc = proc.wait(timeout=15)
    return rc, time.monotonic() - started, proc.stderr.read()  # type: ignore[union-attr]


def test_serve_answers_stops_and_reuses_its_store(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(FIXTURE, out / "graph.trig")
    port = free_port()
    proc, endpoint = _serve(out, port)
    try:
        assert endpoint == f"http://127.0.0.1:{port}/query"
        rows = query(endpoint, "disagreements").rows
        assert sorted((r[3], r[4]) for r in rows) == [("PT1H30M", "002_tass"), ("PT2H", "001_reuters")]
    finally:
        rc, took, err = _stop(proc, signal.SIGINT)
    assert rc == 0 and took < 5, err
    assert "loading" in err
    stamp = out / ".oxigraph" / "stamp.json"
    db = out / ".oxigraph" / "db"
    before = (stamp.stat().st_mtime_ns, db.stat().st_ino, stamp.read_text())

    proc, endpoint = _serve(out, port)
    try:
        assert len(query(endpoint, "events")) == 6
    finally:
        rc, took, err = _stop(proc, signal.SIGTERM)
    assert rc == 0 and took < 5, err
    assert "reusing" in err and "loading" not in err
    assert (stamp.stat().st_mtime_ns, db.stat().st_ino, stamp.read_text()) == before

    with (out / "graph.trig").open("a", encoding="utf-8") as fh:  # a new build: load again
        fh.write("\n<https://w3id.org/eventgraph/resource/graph/003_new> { <urn:x:s> <urn:x:p> 1 . }\n")
    proc, endpoint = _serve(out, port)
    try:
        names = query(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        assert len(names) == 3
    finally:
        rc, _, err = _stop(proc, signal.SIGINT)
    assert rc == 0 and "loading" in err
    assert stamp.read_text() != before[2]
    assert {p.name for p in (out / ".oxigraph").iterdir()} == {"db", "stamp.json"}  # no leftovers
