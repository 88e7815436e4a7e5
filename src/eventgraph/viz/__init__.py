"""Interactive HTML views of a built event graph (actor network, event graph, sources, timeline),
written by :func:`write_views` from the build's store; each page works offline from ``file://``
and its size follows its caps, not the size of the build. The public names are imported from
the package's modules on first use, so that ``from eventgraph.viz import render_inline`` does
not load networkx; no module is named like one of them (``stats`` holds :func:`analytics`,
``positions`` :func:`layout`), because importing a submodule sets the package attribute of its
name.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "Actor",
    "Analysis",
    "Event",
    "GraphModel",
    "Mention",
    "Source",
    "actor_network",
    "analyse",
    "analytics",
    "event_graph",
    "graph_model",
    "json_for_script",
    "layout",
    "render_inline",
    "sources_graph",
    "write_views",
]

_LAZY = {
    "Actor": "model",
    "Event": "model",
    "GraphModel": "model",
    "Mention": "model",
    "Source": "model",
    "graph_model": "model",
    "actor_network": "networks",
    "event_graph": "networks",
    "sources_graph": "networks",
    "Analysis": "stats",
    "analyse": "stats",
    "analytics": "stats",
    "layout": "positions",
    "json_for_script": "render",
    "render_inline": "render",
    "write_views": "pages",
}

if TYPE_CHECKING:  # pragma: no cover
    from eventgraph.viz.model import Actor, Event, GraphModel, Mention, Source, graph_model
    from eventgraph.viz.networks import actor_network, event_graph, sources_graph
    from eventgraph.viz.pages import write_views
    from eventgraph.viz.positions import layout
    from eventgraph.viz.render import json_for_script, render_inline
    from eventgraph.viz.stats import Analysis, analyse, analytics


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f"eventgraph.viz.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'eventgraph.viz' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
