"""The error every part of :mod:`eventgraph.sparql` raises."""

from __future__ import annotations

__all__ = ["QueryError"]


class QueryError(Exception):
    """A query could not be prepared or run (bad parameter, syntax error, endpoint refusal)."""
