"""The actor network page: actors, and one edge per pair of actors with all their relations."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import networkx as nx

from eventgraph.viz.model import GraphModel
from eventgraph.viz.networks import ActorNetwork, Relation
from eventgraph.viz.pages.base import Built, Context, Page
from eventgraph.viz.payload import View, graph_view, node_colour, physics_for, pyvis_payload
from eventgraph.viz.positions import core_layout
from eventgraph.viz.render import render_view, view_entry
from eventgraph.viz.selection import strongest_links, top_actors
from eventgraph.viz.style import DISAGREE, EDGE_GREY, actor_colours
from eventgraph.viz.tooltips import (
    MAX_LISTED_VALUES,
    clip,
    conf_entry,
    evidence,
    fmt_sources,
    human,
    plural,
    short_label,
    tip_actor,
)

#: events (and relations) listed in one link's tooltip, and the events whose disagreements it
#: spells out: a link between two hubs has hundreds of events
MAX_TIP_EVENTS = 6
MAX_TIP_CONFLICTS = 3


def _link_payload(
    model: GraphModel, pair: tuple[str, str], relations: list[Relation]
) -> tuple[str, str, dict[str, Any]]:
    """(from, to, vis edge) for a link: every relation between two actors, as one edge."""
    relations = sorted(relations, key=lambda r: (-r.weight, r.relation, r.u))
    main = relations[0]
    a, b = (main.u, main.v) if main.directed else pair
    events = sorted(
        {e for r in relations for e in r.events},
        key=lambda e: (-len(model.events[e].sources), e),
    )
    n_events = len(events)
    evs = [model.events[e] for e in events]
    ev_list, more = evidence(m for e in evs for m in e.mentions)
    rows = [["events", str(n_events)]]
    if len(relations) > 1:
        rows += [
            ["relation", f"{model.label(r.u)} {r.relation} {model.label(r.v)} ({plural(r.weight, 'event')})"]
            for r in relations[:MAX_TIP_EVENTS]
        ]
        if len(relations) > MAX_TIP_EVENTS:
            rows.append(["", f"… and {len(relations) - MAX_TIP_EVENTS:,} more relations"])
    for e in evs[:MAX_TIP_EVENTS]:
        dates = sorted(e.attrs.get("date", {}))
        date = " / ".join(dates[:MAX_LISTED_VALUES]) + (" / …" if len(dates) > MAX_LISTED_VALUES else "")
        rows.append(
            [
                human(e.cls),
                f"{clip(e.label, 160)}{' (' + date + ')' if date else ''} — {fmt_sources(e.sources, 4)}",
            ]
        )
    if n_events > MAX_TIP_EVENTS:
        rows.append(["", f"… and {n_events - MAX_TIP_EVENTS:,} more (the most reported are listed)"])
    conflicted = [e for e in evs if e.conflicts]
    conf = [
        conf_entry(model, prop, vals, title=f"{prop} of “{short_label(e.label, 50)}”")
        for e in conflicted[:MAX_TIP_CONFLICTS]
        for prop, vals in sorted(e.conflicts.items())
    ]
    if len(conflicted) > MAX_TIP_CONFLICTS:
        rows.append(["disagreements", f"in {len(conflicted):,} of these events; the first are shown"])
    if len(relations) == 1:
        label = main.relation + (f" ×{n_events}" if n_events > 1 else "")
        head = f"{model.label(a)} {main.relation} {model.label(b)}"
        cls = f"relation · {plural(n_events, 'event')}"
    else:
        label = f"{main.relation} ×{main.weight} · +{len(relations) - 1}"
        head = f"{model.label(a)} and {model.label(b)}"
        cls = f"{len(relations)} relations · {plural(n_events, 'event')}"
    directions = {(r.u, r.v) for r in relations if r.directed}
    edge = {
        "label": label,
        # vis-network's short form: "to", "from", "to, from" or "" (an undirected relation)
        "arrows": ", ".join(
            end for end, pointed in (("to", (a, b) in directions), ("from", (b, a) in directions)) if pointed
        ),
        "width": round(1.2 + 1.6 * math.log2(n_events), 2) if n_events > 1 else 1.2,
        "tip": {
            "h": head,
            "c": cls,
            "rows": rows,
            "conf": conf,
            "src": sorted({s for r in relations for s in r.sources}),
            "ev": ev_list,
            "more": more,
        },
    }
    if conf:
        edge["color"] = {"color": DISAGREE, "highlight": "#222", "hover": "#222"}
    return a, b, edge


def actor_view(page: Page, model: GraphModel, net: ActorNetwork, max_nodes: int, max_edges: int) -> View:
    """Actors and one edge per pair of actors (a link: all their relations), the most connected
    actors and the links with the most events when the network is larger than the caps."""
    shown = top_actors(net, max_nodes)
    shown_set = set(shown)
    all_links: set[tuple[str, str]] = set()
    links: dict[tuple[str, str], list[Relation]] = defaultdict(list)
    for r in net.relations.values():
        pair = (r.u, r.v) if r.u < r.v else (r.v, r.u)
        all_links.add(pair)
        if r.u in shown_set and r.v in shown_set:
            links[pair].append(r)
    weights = {p: len({e for r in rs for e in r.events}) for p, rs in links.items()}
    drawn = strongest_links(weights, max_edges)
    g = nx.Graph()
    g.add_nodes_from(shown)
    g.add_edges_from(drawn)
    physics = physics_for(len(shown))
    pos, outside = core_layout(g, min_size=2, spacing=110.0)
    node_opts = {}
    for v in shown:
        a = model.actors[v]
        n_events = net.takes_part[v]
        colour = actor_colours().get(a.cls, actor_colours()["Actor"])
        node_opts[v] = {
            "label": clip(a.label, 40),
            "shape": "dot",
            "size": round(10 + 7 * math.sqrt(n_events), 1),
            "x": pos[v][0],
            "y": pos[v][1],
            **node_colour(colour, "#ffffff" if n_events else colour, 2),
            "tip": tip_actor(model, a, n_events, net.as_agent[v]),
            "kind": "actor",
            "cls": a.cls,
        }
        if v in outside:  # hidden until the reader asks for the isolated actors
            node_opts[v]["iso"] = 1
    edge_opts = [_link_payload(model, pair, links[pair]) for pair in drawn]
    nodes, edges = pyvis_payload(g, node_opts, edge_opts)
    classes = sorted({model.actors[v].cls for v in shown}, key=lambda c: list(actor_colours()).index(c))
    legend = [{"label": human(c), "color": actor_colours()[c], "shape": "dot"} for c in classes]
    legend += [
        {"label": "size = events the actor takes part in", "color": "#bbbbbb", "shape": "dot"},
        {
            "label": "relation (×n = number of events, +n = other relations)",
            "color": EDGE_GREY,
            "shape": "line",
        },
        {"label": "relation with a disagreement", "color": DISAGREE, "shape": "line"},
    ]
    total = (len(net.takes_part), len(all_links))
    return graph_view(
        page,
        intro="Actors (sized by how many events they take part in) and one edge per pair of actors, "
        "labelled with their relation and weighted by the events that link them.",
        nodes=nodes,
        edges=edges,
        legend=legend,
        n_nodes=len(shown),
        physics=physics,
        total=total,
        what=("actors", "links between actors"),
        how="the most connected actors, and the links with the most events among them "
        "(every actor keeps its strongest link)",
        outside=(len(outside), "isolated actors (in no relation drawn here)"),
    )


def build(page: Page, ctx: Context) -> Built:
    view = actor_view(page, ctx.model, ctx.net, ctx.max_nodes, ctx.max_edges)
    return Built(render_view(view, ctx.model, ctx.nav(page.name), ctx.stats.get("counts")), view_entry(view))
