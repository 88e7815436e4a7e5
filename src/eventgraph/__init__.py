"""eventgraph: news articles in, a merged, provenance-carrying event knowledge graph out.

The public API is small and mirrors the command line::

    import eventgraph
    result = eventgraph.build(["articles/"], "output")      # -> BuildResult
    ds = eventgraph.load("output")                          # -> rdflib.Dataset
    rows = eventgraph.query("output", "disagreements")      # -> QueryResult (ready query or SPARQL)

Heavy modules (spaCy, rdflib, pyoxigraph) are imported on first use, not at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ActorRecord",
    "Article",
    "ArticleRecords",
    "BuildResult",
    "EventRecord",
    "Mention",
    "Skipped",
    "__version__",
    "build",
    "list_queries",
    "load",
    "query",
]

_LAZY = {
    "build": ("eventgraph.pipeline", "build"),
    "BuildResult": ("eventgraph.pipeline", "BuildResult"),
    "load": ("eventgraph.dataset", "load"),
    "query": ("eventgraph.sparql", "query"),
    "list_queries": ("eventgraph.sparql", "list_queries"),
    "Article": ("eventgraph.types", "Article"),
    "ArticleRecords": ("eventgraph.types", "ArticleRecords"),
    "ActorRecord": ("eventgraph.types", "ActorRecord"),
    "EventRecord": ("eventgraph.types", "EventRecord"),
    "Mention": ("eventgraph.types", "Mention"),
    "Skipped": ("eventgraph.types", "Skipped"),
}

if TYPE_CHECKING:  # pragma: no cover
    from eventgraph.dataset import load
    from eventgraph.pipeline import BuildResult, build
    from eventgraph.sparql import list_queries, query
    from eventgraph.types import ActorRecord, Article, ArticleRecords, EventRecord, Mention, Skipped


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'eventgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
