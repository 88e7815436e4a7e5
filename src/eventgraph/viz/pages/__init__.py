"""The registry of pages and :func:`write_views`. Adding a view: a module with
``build(page, ctx) -> Built`` and one :class:`Page` line in :data:`PAGES`; the navigation bar,
the overview's list of views and the build report's list of files read the registry."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from eventgraph.viz.model import GraphModel, graph_model
from eventgraph.viz.networks import ActorNetwork, GraphSizes
from eventgraph.viz.pages import actors, compare, events, index, sources, timeline
from eventgraph.viz.pages.base import Built, Context, Page
from eventgraph.viz.pages.timeline import TIMELINE_MAX_EVENTS
from eventgraph.viz.render import nav, write_pages
from eventgraph.viz.selection import EDGES_PER_NODE
from eventgraph.viz.stats import Analysis, compute_analytics

__all__ = ["INDEX", "PAGES", "Built", "Context", "Page", "page", "write_views"]

#: the pages of a build, in the navigation bar's order (after the overview)
PAGES: tuple[Page, ...] = (
    Page("actors", "Actor network", "actor network view", actors.build),
    Page("events", "Event graph", "event graph view", events.build),
    Page(
        "sources",
        "Sources",
        "which source says what; disagreements and single-source facts",
        sources.build,
    ),
    Page("timeline", "Timeline", "events by date with their sources", timeline.build),
    Page(
        "compare",
        "Who says what",
        "per cluster of articles that share events: each article's version of each event side by side",
        compare.build,
    ),
)
#: the overview (index.html): built last, it lists every page of :data:`PAGES`
INDEX = Page("index", "Overview", "start page of the interactive views", index.build)


def page(name: str) -> Page:
    """The registered page called ``name`` (``index`` included)."""
    for p in (INDEX, *PAGES):
        if p.name == name:
            return p
    raise KeyError(name)


def write_views(
    store: Any,
    out_dir: Path | str,
    *,
    max_nodes: int = 1500,
    max_edges: int | None = None,
    max_timeline_events: int = TIMELINE_MAX_EVENTS,
    model: GraphModel | None = None,
    stats: Mapping[str, Any] | None = None,
    analysis: Analysis | None = None,
) -> list[Path]:
    """Write the pages of :data:`PAGES` and then index.html into ``out_dir``.

    ``store`` is the build's pyoxigraph Store; pass ``model`` (and ``stats`` from
    :func:`~eventgraph.viz.stats.analytics`), or ``analysis`` (:func:`~eventgraph.viz.stats.analyse`:
    the figures with the networks they come from), when you already have them to avoid reading
    and computing twice. Each graph view draws at most ``max_nodes`` nodes, and the actor network at
    most ``max_edges`` links (default: EDGES_PER_NODE × ``max_nodes``); the timeline lists at most
    ``max_timeline_events`` events. Each page says what it leaves out, so that a page's size
    follows these caps, not the size of the build. Returns the written paths in that order.
    """
    model = model if model is not None else graph_model(store)
    if analysis is not None:
        net, sizes, stats = analysis.net, analysis.sizes, analysis.stats
    else:
        net, sizes = ActorNetwork.of(model), GraphSizes.of(model)
    ctx = Context(
        model=model,
        net=net,
        sizes=sizes,
        stats=stats if stats is not None else compute_analytics(model, net, sizes, top=10),
        max_nodes=max_nodes,
        max_edges=EDGES_PER_NODE * max_nodes if max_edges is None else max_edges,
        max_timeline_events=max_timeline_events,
        nav=partial(nav, [(p.name, p.title) for p in (INDEX, *PAGES)]),
    )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    built = [(p, p.build(p, ctx)) for p in PAGES]
    overview = INDEX.build(INDEX, dataclasses.replace(ctx, entries=[b.entry for _, b in built]))
    return write_pages(out, [*((p.filename, b.html) for p, b in built), (INDEX.filename, overview.html)])
