"""The registry of pages and :func:`write_views`. Adding a view: a module with
``build(page, ctx) -> Built`` and one :class:`Page` line in :data:`PAGES`; the navigation bar,
the overview's list of views and the build report's list of files read the registry."""

from __future__ import annotations

import dataclasses
import multiprocessing
import sys
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
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
    processes: int = 1,
) -> list[Path]:
    """Write the pages of :data:`PAGES` and then index.html into ``out_dir``.

    ``store`` is the build's pyoxigraph Store; pass ``model`` (and ``stats`` from
    :func:`~eventgraph.viz.stats.analytics`), or ``analysis`` (:func:`~eventgraph.viz.stats.analyse`:
    the figures with the networks they come from), when you already have them to avoid reading
    and computing twice. Each graph view draws at most ``max_nodes`` nodes, and the actor network at
    most ``max_edges`` links (default: EDGES_PER_NODE × ``max_nodes``); the timeline lists at most
    ``max_timeline_events`` events. Each page says what it leaves out, so that a page's size
    follows these caps, not the size of the build. Returns the written paths in that order.

    ``processes`` above 1 builds the pages side by side in that many copies of this process
    (forked on Linux, so the model is not sent to them; elsewhere one after the other); the
    pages are the same either way.
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
    built = list(zip(PAGES, _build_pages(ctx, processes), strict=True))
    overview = INDEX.build(INDEX, dataclasses.replace(ctx, entries=[b.entry for _, b in built]))
    return write_pages(out, [*((p.filename, b.html) for p, b in built), (INDEX.filename, overview.html)])


#: events from which the pages are built side by side: a smaller build's pages take less time
#: than starting the processes (about 20 ms; the 420 events of the dev set take half a second)
FORK_FROM_EVENTS = 100
#: in a process forked to build pages: the context of the build (see _build_pages)
_forked_context: Context | None = None


def _receive_context(ctx: Context) -> None:
    global _forked_context
    _forked_context = ctx


def _build_forked(i: int) -> Built:
    assert _forked_context is not None
    return PAGES[i].build(PAGES[i], _forked_context)


def _build_pages(ctx: Context, processes: int) -> list[Built]:
    """The pages of :data:`PAGES` in their order, built here or in ``processes`` forked copies of
    this process. A large build spends seconds on its pages, each a layout and a payload of its
    own; a forked copy has the model already (the context is handed to it as it starts, not
    pickled), and only the pages come back. Where fork is not the usual start method (macOS,
    Windows) the pages are built here."""
    processes = min(processes, len(PAGES))
    if processes <= 1 or len(ctx.model.events) < FORK_FROM_EVENTS or not sys.platform.startswith("linux"):
        return [p.build(p, ctx) for p in PAGES]
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        processes, mp_context=fork, initializer=_receive_context, initargs=(ctx,)
    ) as pool:
        futures = [pool.submit(_build_forked, i) for i in range(len(PAGES))]
        return [f.result() for f in futures]
