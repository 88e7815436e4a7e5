"""What a capped view shows of a large build (whole events for the event and sources views, the
most connected actors and their strongest links for the actor view), worked out from the model
so that a view of a large build never builds the whole graph."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventgraph.viz.model import Event, GraphModel
from eventgraph.viz.networks import VALUE_PROPS, ActorNetwork

#: the actor view draws at most this many links per node shown (max_edges = this × max_nodes)
EDGES_PER_NODE = 2


def pick_events(model: GraphModel, max_nodes: int, *, with_sources: bool, conflicts_first: bool) -> list[str]:
    """Whole events, the most reported first (those with disagreements before them, if asked), each
    with everything drawn around it (actors and places; with ``with_sources`` also the articles
    reporting it and its values), while they fit in ``max_nodes`` nodes.

    Worked out from the model, so that a view of a large build never builds the whole graph.
    """

    def rank(e: Event) -> tuple[Any, ...]:
        return (conflicts_first and not e.conflicts, -len(e.sources), -len(e.roles), e.iri)

    keep: set[str] = set()
    chosen: list[str] = []
    for ev in sorted(model.events.values(), key=rank):
        # the actors an event links to (a participant left out of the drawing has a specific role)
        group = {ev.iri, *(a for _, a in ev.roles)}
        if with_sources:
            group.update(f"src:{s}" for s in ev.sources)
            group.update(f"val:{ev.iri}:{p}:{v}" for p in VALUE_PROPS for v in ev.attrs.get(p, ()))
        group -= keep
        if len(keep) + len(group) <= max_nodes:
            keep |= group
            chosen.append(ev.iri)
        if len(keep) >= max_nodes:
            break
    return chosen


def top_actors(net: ActorNetwork, max_nodes: int) -> list[str]:
    """The ``max_nodes`` actors with the most events on their edges, in IRI order."""
    if len(net.takes_part) <= max_nodes:
        return list(net.takes_part)
    weighted = net.weighted_degree()
    return sorted(sorted(net.takes_part, key=lambda v: (-weighted[v], v))[:max_nodes])


def strongest_links(weights: Mapping[tuple[str, str], int], max_edges: int) -> list[tuple[str, str]]:
    """The links (actor pairs) with the most events, at most ``max_edges``; every actor first keeps
    its strongest link, so that the cut leaves no actor drawn without any."""
    if len(weights) <= max_edges:
        return sorted(weights)
    ranked = sorted(weights, key=lambda p: (-weights[p], p))
    strongest: dict[str, tuple[str, str]] = {}
    for pair in ranked:
        for actor in pair:
            strongest.setdefault(actor, pair)
    chosen = set(sorted(set(strongest.values()), key=lambda p: (-weights[p], p))[:max_edges])
    for pair in ranked:
        if len(chosen) >= max_edges:
            break
        chosen.add(pair)
    return sorted(chosen)
