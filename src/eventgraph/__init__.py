"""eventgraph: news articles in, a merged, provenance-carrying event knowledge graph out."""

from __future__ import annotations

__version__ = "0.1.0"
