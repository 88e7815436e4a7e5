"""Where a query runs: a :class:`Backend` answers SPARQL with a :class:`QueryResult`.

* :class:`LocalBackend`: an in-memory pyoxigraph store, loaded from a build folder or graph file;
  parameters go in as pyoxigraph substitutions.
* :class:`EndpointBackend`: an HTTP SPARQL endpoint (SPARQL 1.1 Protocol, ``POST``); parameters go in
  as a ``VALUES`` block (see :mod:`eventgraph.sparql.binding`).

:func:`backend_for` is the one place that tells the kinds of source apart.

Queries see the dataset exactly as a triple store does: the default graph is the build's *metadata*
(articles, ``prov:wasDerivedFrom`` links, canonical labels), and each article's assertions are only
reachable through ``GRAPH ?g { … }``. The union of the named graphs is never the default graph here.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from eventgraph.http import http_opener
from eventgraph.outputs import OutputLayout
from eventgraph.sparql.binding import bind_values, substitutions
from eventgraph.sparql.errors import QueryError
from eventgraph.sparql.results import QueryResult

__all__ = [
    "Backend",
    "EndpointBackend",
    "LocalBackend",
    "backend_for",
    "is_endpoint",
    "load_store",
]

#: Graph files a build writes, in the order a folder is searched.

#: Media types offered to endpoints: SPARQL JSON results for SELECT/ASK, RDF for CONSTRUCT/DESCRIBE.
ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.8, "
    "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
)

POST_STYLES = ("auto", "direct", "form")


class Backend(Protocol):
    """Something that runs a SPARQL query with its parameters bound (``bindings``: variable name to
    value, as :func:`eventgraph.sparql.query` takes them) and returns the result."""

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> QueryResult: ...


def is_endpoint(source: Any) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def backend_for(
    source: str | Path | ox.Store,
    *,
    timeout: float = 300.0,
    post: str = "auto",
    user: str | None = None,
    password: str | None = None,
) -> Backend:
    """The backend for a source: a pyoxigraph store as it is, an ``http(s)://`` URL as an endpoint
    (``timeout``, ``post``, ``user``, ``password`` are for it), anything else as a graph file or
    build folder to load."""
    if isinstance(source, ox.Store):
        return LocalBackend(source)
    if is_endpoint(source):
        return EndpointBackend(str(source), timeout=timeout, post=post, user=user, password=password)
    return LocalBackend(load_store(source))


# --------------------------------------------------------------------------------------------------
# Local: pyoxigraph
# --------------------------------------------------------------------------------------------------


def resolve_graph_file(path: str | Path) -> Path:
    """A build folder's ``graph.trig`` (or another graph file it has), or the file itself."""
    p = Path(path)
    if p.is_dir():
        found = OutputLayout(p).existing_graph_file()
        if found is not None:
            return found
        raise QueryError(f"{p}: no graph.trig in this folder (is it a build's output folder?)")
    if not p.is_file():
        raise QueryError(f"{p}: no such file or folder")
    return p


def load_store(path: str | Path) -> ox.Store:
    """An in-memory pyoxigraph store holding a graph file, or a build folder's ``graph.trig``.

    Quad formats (TriG, N-Quads, JSON-LD) keep their named graphs; a triples file such as the build's
    ``graph.ttl`` (the union) lands in the default graph, where ``GRAPH ?g`` patterns find nothing.
    """
    file = resolve_graph_file(path)
    suffix = file.suffix.lstrip(".").lower()
    fmt = ox.RdfFormat.from_extension(suffix) or (ox.RdfFormat.JSON_LD if suffix == "json" else None)
    if fmt is None:
        raise QueryError(f"{file}: unknown RDF format (use .trig, .nq, .ttl, .nt, .jsonld)")
    store = ox.Store()
    try:
        store.bulk_load(path=str(file), format=fmt)
    except SyntaxError as exc:
        raise QueryError(f"{file}: {exc}") from None
    return store


class LocalBackend:
    """Queries over a pyoxigraph store (to run many queries over one load, keep one of these)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        subs = substitutions(bindings or {})
        try:
            answer = self.store.query(sparql, use_default_graph_as_union=False, substitutions=subs or None)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except RuntimeError as exc:  # e.g. a substituted variable missing from the SELECT projection
            raise QueryError(str(exc)) from None
        return QueryResult.from_oxigraph(answer)


# --------------------------------------------------------------------------------------------------
# Remote: an HTTP SPARQL endpoint
# --------------------------------------------------------------------------------------------------

_virtuoso_hosts: dict[str, bool] = {}  # asked once per host and process, whatever backend asks


def _is_virtuoso(url: str, opener: urllib.request.OpenerDirector, timeout: float) -> bool:
    """Whether the endpoint's ``Server`` header names Virtuoso."""
    host = urllib.parse.urlsplit(url).netloc
    if host not in _virtuoso_hosts:
        server = ""
        try:
            with opener.open(urllib.request.Request(url, method="HEAD"), timeout=min(timeout, 10)) as r:
                server = r.headers.get("Server", "")
        except urllib.error.HTTPError as exc:
            server = exc.headers.get("Server", "") if exc.headers else ""
        except (OSError, ValueError):
            server = ""
        _virtuoso_hosts[host] = "virtuoso" in server.lower()
    return _virtuoso_hosts[host]


class EndpointBackend:
    """Queries ``POST``\\ ed to a SPARQL endpoint.

    ``post`` picks ``direct`` (``application/sparql-query``), ``form`` (URL-encoded) or ``auto``
    (direct, but form for Virtuoso); ``user``/``password`` for endpoints behind HTTP auth.
    """

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 300.0,
        post: str = "auto",
        user: str | None = None,
        password: str | None = None,
    ) -> None:
        if post not in POST_STYLES:
            raise QueryError(f"unknown POST style {post!r} (auto, direct, form)")
        self.url, self.timeout, self.post = url, timeout, post
        self.opener = http_opener(url, user, password)

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        text = bind_values(sparql, bindings or {})
        post = self.post
        if post == "auto":
            # Virtuoso 7 never answers a POST of application/sparql-query (openlink/virtuoso-opensource#842);
            # it gets the protocol's other POST form, URL-encoded, which every store supports too.
            post = "form" if _is_virtuoso(self.url, self.opener, self.timeout) else "direct"
        if post == "direct":
            data = text.encode("utf-8")
            ctype = "application/sparql-query; charset=utf-8"
        else:
            data = urllib.parse.urlencode({"query": text}).encode("ascii")
            ctype = "application/x-www-form-urlencoded"
        req = urllib.request.Request(
            self.url, data=data, method="POST", headers={"Content-Type": ctype, "Accept": ACCEPT}
        )
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                body = resp.read()
                media = resp.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read(600).decode("utf-8", "replace").split())
            raise QueryError(f"{self.url}: HTTP {exc.code} {exc.reason}: {detail[:300]}") from None
        except (OSError, ValueError) as exc:
            raise QueryError(f"{self.url}: {getattr(exc, 'reason', exc)}") from None
        try:
            return parse_endpoint_response(body, media)
        except QueryError:
            raise
        except Exception as exc:  # whatever an endpoint sends must end in one line, not a traceback
            detail = " ".join(str(exc).split())[:200]
            raise QueryError(
                f"{self.url}: the answer ({media}, {len(body):,} bytes) is not usable: "
                f"{type(exc).__name__}: {detail}"
            ) from None


def parse_endpoint_response(body: bytes, media: str) -> QueryResult:
    """Parse what an endpoint answered: SPARQL results (JSON, XML) or an RDF graph."""
    if media in ("application/sparql-results+json", "application/json"):
        return QueryResult.from_sparql_json(json.loads(body.decode("utf-8")))
    if media == "application/sparql-results+xml":
        return QueryResult.from_oxigraph(ox.parse_query_results(body, format=ox.QueryResultsFormat.XML))
    fmt = ox.RdfFormat.from_media_type(media)
    if fmt is None and media == "text/plain":
        fmt = ox.RdfFormat.N_TRIPLES
    if fmt is None:
        raise QueryError(f"endpoint answered with unsupported media type {media!r}")
    return QueryResult.from_triples(ox.parse(body, format=fmt))
