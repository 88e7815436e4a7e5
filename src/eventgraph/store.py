"""Triple stores: push a build into a SPARQL 1.1 Graph Store, or serve it with the Oxigraph server.

**Loading** (:func:`load_build`, ``eventgraph load``) speaks the SPARQL 1.1 Graph Store HTTP Protocol:
one ``PUT STORE?graph=G`` per article graph with the graph as Turtle (written as N-Triples, which is
Turtle, so every store parses it), so loading the same build again *replaces* each graph instead of
adding to it. The default graph's metadata goes with ``PUT STORE?default``, because that is where the
ready queries (and the build's own ``graph.trig``) have it; a store without a default graph in its
Graph Store endpoint (Virtuoso's ``/sparql-graph-crud[-auth]``, recognised by its URL) gets it in the
named graph ``{prefix}metadata`` instead – Virtuoso's SPARQL default graph is the union of all graphs,
so the ready queries still find it there. ``metadata_graph`` overrides both.

``graph_prefix``: graphs are stored under their own IRIs unless a prefix is given; then only graphs
whose IRI starts with the build's base (``https://w3id.org/eventgraph/resource/`` unless the build
used ``--base-iri``; detected from the ``…/graph/ID`` names) are pushed, each renamed to
``prefix + the rest of its IRI`` (``egr:graph/001`` → ``{prefix}graph/001``), and the metadata's
statements about those graphs (``prov:wasDerivedFrom`` …) are renamed with them. Nothing inside the
graphs is rewritten.

``batch``: ``N`` graphs per request as one N-Quads ``POST`` to the dataset endpoint (the store URL
without ``?graph=``; Oxigraph's ``/store`` takes it), each graph first emptied with ``DELETE
STORE?graph=G`` so that a re-load still replaces. A store that refuses the ``POST`` (the Protocol
does not define it) is loaded graph by graph instead.

``replace``: also delete the graphs under the prefix (the base when no prefix) that the store has
and the build no longer has – a previous build's articles. That needs the store's SPARQL query
endpoint, guessed from the usual store URL layouts or given as ``sparql_url``.

Requests that fail with a 5xx status or a connection error are retried with exponential backoff
(``retries`` times); any other refusal stops the load with :class:`StoreError`, whose message is one
line: status, reason, which graph, the store's own words. Credentials (basic or digest, whichever
the store asks for) come from ``EVENTGRAPH_STORE_USER`` / ``EVENTGRAPH_STORE_PASSWORD``.

**Serving** (``eventgraph serve``): :func:`prepare_oxigraph_db` loads ``graph.trig`` with the real
``oxigraph load`` into ``OUTPUT/.oxigraph/db`` and keeps ``OUTPUT/.oxigraph/stamp.json`` with the
file's sha256 and the server's version, so an unchanged build is served again without reloading.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from eventgraph.http import PASSWORD_ENV, USER_ENV, http_opener, one_line
from eventgraph.manifest import file_sha256
from eventgraph.outputs import OutputLayout
from eventgraph.sparql import QueryError, load_store, query

__all__ = [
    "LoadReport",
    "StoreError",
    "detect_base",
    "find_oxigraph",
    "guess_sparql_url",
    "load_build",
    "prepare_oxigraph_db",
]

TURTLE = "text/turtle"
NQUADS = "application/n-quads"
RETRY_STATUS = {500, 502, 503, 504, 429}
_GRAPH_NAME_RE = re.compile(r"^(.*/)graph/[^/]+$")


class StoreError(Exception):
    """The store refused a request, or could not be reached; the message is one line."""


# --------------------------------------------------------------------------------------------------
# Requests with retries
# --------------------------------------------------------------------------------------------------


@dataclass
class _Client:
    opener: urllib.request.OpenerDirector
    retries: int = 4
    timeout: float = 120.0
    backoff: float = 0.5
    requests: int = 0
    log: Callable[[str], None] | None = None

    def send(
        self, method: str, url: str, what: str, body: bytes | None = None, ctype: str | None = None
    ) -> int:
        """Send one request; retry 5xx and connection failures; return the status or raise StoreError."""
        headers = {"Content-Type": ctype} if ctype else {}
        attempt = 0
        while True:
            attempt += 1
            self.requests += 1
            req = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with self.opener.open(req, timeout=self.timeout) as resp:
                    resp.read()
                    return int(resp.status)
            except urllib.error.HTTPError as exc:
                detail = one_line(exc.read())
                status, reason = exc.code, exc.reason
                if status not in RETRY_STATUS or attempt > self.retries:
                    tail = f": {detail}" if detail else ""
                    if status == 401:
                        tail += f" (credentials: ${USER_ENV}, ${PASSWORD_ENV})"
                    raise HTTPRefusal(
                        status, f"store refused {what}: HTTP {status} {reason} ({method} {url}){tail}"
                    ) from None
                problem = f"HTTP {status} {reason}"
            except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError) as exc:
                problem = str(getattr(exc, "reason", exc)) or type(exc).__name__
                if attempt > self.retries:
                    raise StoreError(
                        f"store unreachable for {what}: {problem} ({method} {url}, {attempt} attempts)"
                    ) from None
            delay = min(self.backoff * 2 ** (attempt - 1), 10.0)
            if self.log:
                self.log(f"{what}: {problem}; retrying in {delay:.1f} s")
            time.sleep(delay)


class HTTPRefusal(StoreError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _with_param(url: str, param: str) -> str:
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + param


def graph_url(store_url: str, graph: str | None) -> str:
    """``STORE?graph=<encoded IRI>``, or ``STORE?default`` for the default graph (``graph=None``)."""
    if graph is None:
        return _with_param(store_url, "default")
    return _with_param(store_url, "graph=" + urllib.parse.quote(graph, safe=""))


def guess_sparql_url(store_url: str) -> str | None:
    """The SPARQL query endpoint beside a Graph Store endpoint, for the usual layouts."""
    parts = urllib.parse.urlsplit(store_url)
    path = parts.path.rstrip("/")
    for tail, new in (
        ("/store", "/query"),  # Oxigraph
        ("/sparql-graph-crud-auth", "/sparql"),  # Virtuoso
        ("/sparql-graph-crud", "/sparql"),
        ("/rdf-graphs/service", ""),  # GraphDB / RDF4J: /repositories/REPO
        ("/data", "/sparql"),  # Fuseki: /DATASET/data
    ):
        if path.endswith(tail):
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path[: -len(tail)] + new, "", ""))
    return None


def _is_virtuoso_crud(store_url: str) -> bool:
    return (
        urllib.parse.urlsplit(store_url)
        .path.rstrip("/")
        .endswith(("/sparql-graph-crud", "/sparql-graph-crud-auth"))
    )


# --------------------------------------------------------------------------------------------------
# Loading a build
# --------------------------------------------------------------------------------------------------


@dataclass
class LoadReport:
    store_url: str
    graphs: list[str] = field(default_factory=list)  # target graph IRIs pushed
    skipped: list[str] = field(default_factory=list)  # graphs outside the base (with a prefix)
    deleted: list[str] = field(default_factory=list)  # stale graphs removed (replace)
    metadata_graph: str | None = None  # None: the default graph
    quads: int = 0
    requests: int = 0
    seconds: float = 0.0
    batched: bool = False

    def summary(self) -> str:
        meta = "the default graph" if self.metadata_graph is None else f"<{self.metadata_graph}>"
        parts = [
            f"loaded {len(self.graphs)} graph{'s' * (len(self.graphs) != 1)} and the metadata ({meta}),",
            f"{self.quads} quads, into {self.store_url}",
            f"in {self.seconds:.1f} s ({self.requests} requests{', batched' if self.batched else ''})",
        ]
        if self.skipped:
            parts.append(f"; skipped {len(self.skipped)} graphs outside the build's base")
        if self.deleted:
            parts.append(f"; deleted {len(self.deleted)} stale graphs")
        return " ".join(parts)


def detect_base(store: ox.Store) -> str | None:
    """The build's base IRI, read off its article graph names (``{base}graph/{id}``)."""
    counts = Counter(
        m.group(1)
        for g in store.named_graphs()
        if isinstance(g, ox.NamedNode) and (m := _GRAPH_NAME_RE.match(g.value))
    )
    return counts.most_common(1)[0][0] if counts else None


def _absolute_iri(value: str, what: str) -> str:
    try:
        return ox.NamedNode(value).value
    except ValueError as exc:
        raise StoreError(f"{what} is not an absolute IRI: {value!r} ({exc})") from None


def _rename(term: Any, names: dict[str, str]) -> Any:
    if isinstance(term, ox.NamedNode) and term.value in names:
        return ox.NamedNode(names[term.value])
    return term


def load_build(
    build: str | Path,
    store_url: str,
    *,
    graph_prefix: str | None = None,
    base: str | None = None,
    metadata_graph: str | None = None,
    replace: bool = False,
    batch: int = 1,
    user: str | None = None,
    password: str | None = None,
    retries: int = 4,
    timeout: float = 120.0,
    sparql_url: str | None = None,
    log: Callable[[str], None] | None = None,
) -> LoadReport:
    """Push a build (folder or graph file with named graphs) into a Graph Store; see the module doc.

    ``metadata_graph``: ``None`` (the default graph; a named ``{prefix}metadata`` graph on Virtuoso),
    ``"default"``, or a graph IRI.
    """
    started = time.monotonic()
    if not store_url.lower().startswith(("http://", "https://")):
        raise StoreError(f"the store must be an http(s) URL, not {store_url!r}")
    dataset = load_store(build)
    report = LoadReport(store_url)
    build_base = base or detect_base(dataset)

    # which graphs go where
    names: dict[str, str] = {}  # source IRI -> target IRI
    for g in sorted(dataset.named_graphs(), key=str):
        if not isinstance(g, ox.NamedNode):
            report.skipped.append(str(g))
            if log:
                log(f"skipping blank-node graph {g}: a Graph Store cannot name it")
            continue
        if graph_prefix is None:
            names[g.value] = g.value
        elif build_base and g.value.startswith(build_base):
            names[g.value] = _absolute_iri(graph_prefix + g.value[len(build_base) :], "--graph-prefix")
        else:
            report.skipped.append(g.value)
    if graph_prefix is not None and not build_base:
        raise StoreError("cannot tell the build's base IRI from its graph names; give it with --base")
    scope = graph_prefix if graph_prefix is not None else build_base

    if metadata_graph is None and _is_virtuoso_crud(store_url):
        if not scope:
            raise StoreError(
                "this store has no default graph; give the metadata a graph with --metadata-graph"
            )
        metadata_graph = scope + "metadata"
    if metadata_graph == "default":
        metadata_graph = None
    if metadata_graph is not None:
        metadata_graph = _absolute_iri(metadata_graph, "--metadata-graph")
    report.metadata_graph = metadata_graph

    client = _Client(http_opener(store_url, user, password), retries=retries, timeout=timeout, log=log)
    renamed = {s: t for s, t in names.items() if s != t}

    def triples_of(source: str) -> bytes:
        return dataset.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(source)) or b""

    def put_graph(source: str) -> None:
        target = names[source]
        client.send("PUT", graph_url(store_url, target), f"graph <{target}>", triples_of(source), TURTLE)
        if log:
            log(f"PUT <{target}>")

    sources = list(names)
    batch = max(int(batch or 1), 1)
    done = 0
    if batch > 1:
        report.batched = True
        while done < len(sources):
            chunk = sources[done : done + batch]
            for source in chunk:  # empty the graphs first: POST adds, a re-load must replace
                try:
                    client.send("DELETE", graph_url(store_url, names[source]), f"graph <{names[source]}>")
                except HTTPRefusal as exc:
                    if exc.status != 404:  # 404: not there yet
                        raise
            quads = (
                ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(names[source]))
                for source in chunk
                for q in dataset.quads_for_pattern(None, None, None, ox.NamedNode(source))
            )
            body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
            try:
                client.send("POST", store_url, f"{len(chunk)} graphs (N-Quads)", body, NQUADS)
            except HTTPRefusal as exc:
                if exc.status >= 500 and exc.status != 501:
                    raise
                if log:
                    log(f"{store_url} takes no N-Quads POST ({exc.status}); loading graph by graph")
                report.batched = False
                break
            if log:
                log(f"POST {len(chunk)} graphs")
            done += len(chunk)
    for source in sources[done:]:
        put_graph(source)
    report.graphs = [names[s] for s in sources]

    # the metadata last: it announces the graphs
    meta_triples = []
    for q in dataset.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        s, o = q.subject, q.object
        if renamed:
            s, o = _rename(s, renamed), _rename(o, renamed)
        meta_triples.append(ox.Triple(s, q.predicate, o))
    body = ox.serialize(meta_triples, format=ox.RdfFormat.N_TRIPLES) or b""
    what = (
        "the metadata (default graph)" if metadata_graph is None else f"the metadata graph <{metadata_graph}>"
    )
    client.send("PUT", graph_url(store_url, metadata_graph), what, body, TURTLE)

    if replace:
        report.deleted = _delete_stale(
            store_url,
            sparql_url,
            scope,
            set(report.graphs) | {metadata_graph or ""},
            client,
            user,
            password,
            log,
        )
    report.quads = len(dataset)
    report.requests = client.requests
    report.seconds = time.monotonic() - started
    return report


def _delete_stale(
    store_url: str,
    sparql_url: str | None,
    scope: str | None,
    keep: set[str],
    client: _Client,
    user: str | None,
    password: str | None,
    log: Callable[[str], None] | None,
) -> list[str]:
    if not scope:
        raise StoreError("--replace: cannot tell which graphs belong to this build (no base IRI found)")
    endpoint = sparql_url or guess_sparql_url(store_url)
    if not endpoint:
        raise StoreError("--replace needs the store's SPARQL query endpoint: give it with --sparql URL")
    try:
        found = query(
            endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", user=user, password=password
        )
    except QueryError as exc:
        raise StoreError(f"--replace: listing the store's graphs failed: {exc}") from None
    stale = sorted(row[0] for row in found.rows if row[0] and row[0].startswith(scope) and row[0] not in keep)
    for iri in stale:
        try:
            client.send("DELETE", graph_url(store_url, iri), f"stale graph <{iri}>")
        except HTTPRefusal as exc:
            if exc.status != 404:
                raise
        if log:
            log(f"DELETE stale <{iri}>")
    return stale


# --------------------------------------------------------------------------------------------------
# The Oxigraph server
# --------------------------------------------------------------------------------------------------


def find_oxigraph() -> str:
    """The ``oxigraph`` server binary: beside this Python (a venv's bin/), else on ``PATH``."""
    exe = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    beside = Path(sys.executable).parent / exe
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError(
        "the oxigraph server binary is missing: pip install 'eventgraph[server]' (PyPI 'oxigraph')"
    )


def oxigraph_version(binary: str) -> str:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    return out.stdout.strip() or out.stderr.strip()


def _quads_file(output_dir: Path) -> Path:
    found = OutputLayout(output_dir).existing_graph_file(("trig", "nquads"))  # what oxigraph load reads
    if found is not None:
        return found
    raise StoreError(f"{output_dir}: no graph.trig (is it a build's output folder?)")


def prepare_oxigraph_db(
    output_dir: str | Path, binary: str | None = None, log: Callable[[str], None] | None = None
) -> tuple[Path, bool]:
    """Load the build into ``OUTPUT/.oxigraph/db`` unless the stamp says it holds this very file.

    Returns the store folder and whether an existing one was reused. The load goes to a fresh
    folder that replaces the old one only when ``oxigraph load`` succeeded.
    """
    output_dir = Path(output_dir)
    binary = binary or find_oxigraph()
    source = _quads_file(output_dir)
    home = OutputLayout(output_dir).oxigraph_dir
    db, stamp_path = home / "db", home / "stamp.json"
    wanted = {"source": source.name, "sha256": file_sha256(source), "oxigraph": oxigraph_version(binary)}
    try:
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = None
    if stamp == wanted and db.is_dir():
        return db, True
    home.mkdir(parents=True, exist_ok=True)
    fresh = home / f"db.loading-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    if log:
        log(f"loading {source} into {db}")
    done = subprocess.run(
        [binary, "load", "--location", str(fresh), "--file", str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        message = " ".join((done.stderr or done.stdout).split())[:300]
        raise StoreError(f"oxigraph load failed ({done.returncode}): {message}")
    stamp_path.unlink(missing_ok=True)
    shutil.rmtree(db, ignore_errors=True)
    fresh.rename(db)
    tmp = home / "stamp.json.tmp"
    tmp.write_text(json.dumps(wanted, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, stamp_path)
    return db, False
