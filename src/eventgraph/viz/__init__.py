"""Interactive HTML views of a built event graph: actor network, event graph, sources, timeline.

The build calls :func:`write_views` after exporting. It reads the quads back from the store
(:func:`graph_model`), builds networkx graphs (:func:`actor_network`, :func:`event_graph`),
lays them out with networkx, lets pyvis assemble the vis-network payload, and writes each page
from our own template (``eventgraph/templates``), because pyvis 0.3.2's template loads
Bootstrap and (in ``local`` mode) vis-network from CDNs and injects tooltips with ``innerHTML``.

A page's size follows what it draws, never the size of the build: each graph view draws at most
``max_nodes`` nodes (whole events for the event and sources views, chosen from the model without
building the whole graph), the actor view one edge per pair of actors and at most ``max_edges`` of
them, every tooltip lists a few events, sources and evidence sentences and counts the rest, a page
names only the articles it cites, and the timeline lists at most ``max_timeline_events`` events.
Each page says how many nodes and edges of how many it shows.

Every page works from ``file://`` with no network at all: vis-network's JS/CSS (shipped inside
pyvis) are inlined, a strict Content-Security-Policy forbids any fetch, and all article text
travels as JSON in a ``<script type="application/json">`` block (``<``, ``>``, ``&``, U+2028/9
escaped) that the page's script turns into DOM nodes with ``textContent`` only.

Rooms: :mod:`.model` (store → :class:`GraphModel`), :mod:`.conflicts` (what sources disagree on),
:mod:`.networks` (networkx graphs), :mod:`.stats` (:func:`analytics`, for the report),
:mod:`.positions` (:func:`layout`), :mod:`.selection` (what a capped view shows),
:mod:`.tooltips`, :mod:`.payload` (vis-network records), :mod:`.render` (HTML), :mod:`.pages`
(the registry of pages and :func:`write_views`), :mod:`.style` (classes, colours, roles). The
names below are imported from them on first use, so that ``from eventgraph.viz import
render_inline`` does not load networkx; no room is named like one of them, because importing a
submodule sets the package attribute of its name.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "Actor",
    "Event",
    "GraphModel",
    "Mention",
    "Source",
    "actor_network",
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
    from eventgraph.viz.stats import analytics


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f"eventgraph.viz.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'eventgraph.viz' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
