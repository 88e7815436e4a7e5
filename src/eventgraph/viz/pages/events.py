"""The event graph page: events and the actors and places they link, by role."""

from __future__ import annotations

from eventgraph.viz.model import GraphModel
from eventgraph.viz.networks import GraphSizes, event_graph
from eventgraph.viz.pages.base import Built, Context, Page
from eventgraph.viz.payload import (
    View,
    actor_box,
    actor_legend,
    classes_legend,
    event_node,
    graph_view,
    physics_for,
    pyvis_payload,
    role_edge,
)
from eventgraph.viz.positions import core_layout
from eventgraph.viz.render import render_view, view_entry
from eventgraph.viz.selection import pick_events
from eventgraph.viz.style import DISAGREE, ROLE_COLOURS, ROLE_LABELS, event_colours


def event_view(page: Page, model: GraphModel, sizes: GraphSizes, max_nodes: int) -> View:
    total = (sizes.event_nodes, sizes.event_edges)
    if total[0] <= max_nodes:
        g = event_graph(model)
    else:
        g = event_graph(model, pick_events(model, max_nodes, with_sources=False, conflicts_first=False))
    physics = physics_for(g.number_of_nodes())
    pos, outside = core_layout(g, min_size=3, spacing=120.0)
    node_opts = {}
    for v, d in g.nodes(data=True):
        if d["kind"] == "event":
            node_opts[v] = event_node(model, model.events[v], *pos[v], attrs=True)
        else:
            node_opts[v] = actor_box(model, v, *pos[v], d["sources"])
        if v in outside:  # hidden until the reader asks for the small components
            node_opts[v]["iso"] = 1
    edge_opts = []
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), e[2])):
        ev = model.events[u]
        dis = k == "place" and "place" in ev.conflicts
        edge_opts.append((u, v, role_edge(model, ev, v, k, d["sources"], dis)))
    nodes, edges = pyvis_payload(g, node_opts, edge_opts)
    ev_classes = {d["cls"] for _, d in g.nodes(data=True) if d["kind"] == "event"}
    ac_classes = {d["cls"] for _, d in g.nodes(data=True) if d["kind"] != "event"}
    legend = classes_legend(ev_classes, event_colours(), "dot")
    legend += [
        {"label": "event that sources disagree on", "color": "#ffffff", "border": DISAGREE, "shape": "dot"}
    ]
    legend += actor_legend(ac_classes)
    roles = sorted({k for _, _, k in g.edges(keys=True)}, key=lambda r: list(ROLE_COLOURS).index(r))
    legend += [
        {
            "label": f"role: {ROLE_LABELS.get(r, r)}",
            "color": ROLE_COLOURS[r],
            "shape": "dashed" if r in ("participant", "attributedTo", "place") else "line",
        }
        for r in roles
    ]
    return graph_view(
        page,
        intro="Events (coloured by class, attributes under the label) and the actors they link, "
        "with role-labelled edges.",
        nodes=nodes,
        edges=edges,
        legend=legend,
        n_nodes=g.number_of_nodes(),
        physics=physics,
        total=total,
        what=("nodes", "edges"),
        how="the most reported events with their actors",
        outside=(len(outside), "nodes of events that link one actor only"),
        font=18,
    )


def build(page: Page, ctx: Context) -> Built:
    view = event_view(page, ctx.model, ctx.sizes, ctx.max_nodes)
    return Built(render_view(view, ctx.model, ctx.nav(page.name), ctx.stats.get("counts")), view_entry(view))
