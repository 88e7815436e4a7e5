"""SPARQL over a build: a graph file or build folder (pyoxigraph, in memory) or an HTTP SPARQL endpoint.

:func:`query` is the entry point (``eventgraph query`` and ``eventgraph.query``); its rooms:

* :mod:`~eventgraph.sparql.catalog`: the ready queries (``eventgraph/queries/NAME.rq``);
* :mod:`~eventgraph.sparql.binding`: parameter values made RDF terms and bound, never pasted;
* :mod:`~eventgraph.sparql.backends`: where a query runs (:class:`LocalBackend`, :class:`EndpointBackend`);
* :mod:`~eventgraph.sparql.results`: :class:`QueryResult` and its table, CSV and JSON forms.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from eventgraph.sparql.backends import (
    Backend,
    EndpointBackend,
    LocalBackend,
    backend_for,
    is_endpoint,
    load_store,
)
from eventgraph.sparql.binding import bind_values, parse_param_value, sparql_term
from eventgraph.sparql.catalog import QueryInfo, QueryParam, get_query, is_ready_query_name, list_queries
from eventgraph.sparql.errors import QueryError
from eventgraph.sparql.results import PREFIXES, QueryResult, Term

__all__ = [
    "PREFIXES",
    "Backend",
    "EndpointBackend",
    "LocalBackend",
    "QueryError",
    "QueryInfo",
    "QueryParam",
    "QueryResult",
    "Term",
    "backend_for",
    "bind_values",
    "get_query",
    "is_endpoint",
    "list_queries",
    "load_store",
    "parse_param_value",
    "prepare",
    "query",
    "sparql_term",
]


def prepare(sparql_or_name: str, params: Mapping[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """The query text and its bindings: a ready query's defaults filled in, unknown names refused."""
    params = dict(params or {})
    if not is_ready_query_name(sparql_or_name):
        return sparql_or_name, params
    info = get_query(sparql_or_name)
    declared = {p.name: p for p in info.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        allowed = ", ".join(declared) or "none"
        raise QueryError(f"query {info.name} has no parameter {', '.join(unknown)} (parameters: {allowed})")
    for p in info.params:
        if p.name not in params:
            if p.default is None:
                raise QueryError(f"query {info.name} needs --param {p.name}=VALUE ({p.description})")
            params[p.name] = p.default
    return info.text, params


def query(
    source: str | Path | ox.Store,
    sparql_or_name: str,
    *,
    params: Mapping[str, Any] | None = None,
    timeout: float = 300.0,
    post: str = "auto",
    user: str | None = None,
    password: str | None = None,
) -> QueryResult:
    """Run a SPARQL query (text, or the name of a ready query) over a build.

    ``source`` is a build folder, a graph file, an ``http(s)://`` SPARQL endpoint, or a
    :class:`pyoxigraph.Store` (to run many queries over one load). ``params`` maps variable names to
    values (strings as on the command line, or pyoxigraph/rdflib terms); they are bound, never pasted.
    For endpoints, ``post`` picks ``direct`` (``application/sparql-query``), ``form`` (URL-encoded) or
    ``auto`` (direct, but form for Virtuoso); ``user``/``password`` for stores behind HTTP auth.
    """
    sparql, bindings = prepare(sparql_or_name, params)
    backend = backend_for(source, timeout=timeout, post=post, user=user, password=password)
    return backend.query(sparql, bindings)
