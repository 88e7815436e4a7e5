"""The sources page: which article says what, with the facts sources disagree on or only one states."""

from __future__ import annotations

from collections import Counter
from typing import Any

from eventgraph.viz.model import GraphModel
from eventgraph.viz.networks import GraphSizes, sources_graph
from eventgraph.viz.pages.base import Built, Context, Page
from eventgraph.viz.payload import (
    View,
    actor_box,
    actor_legend,
    classes_legend,
    event_node,
    graph_view,
    node_colour,
    physics_for,
    pyvis_payload,
    role_edge,
)
from eventgraph.viz.positions import split_layout
from eventgraph.viz.render import render_view, view_entry
from eventgraph.viz.selection import pick_events
from eventgraph.viz.style import DISAGREE, DISAGREE_LIGHT, SOURCE_COLOURS, event_colours
from eventgraph.viz.tooltips import clip, conf_entry, evidence, fmt_sources, short_id, tip_source, value_text


def _source_colour(model: GraphModel) -> dict[str, str]:
    return {s: SOURCE_COLOURS[i % len(SOURCE_COLOURS)] for i, s in enumerate(sorted(model.sources))}


def sources_view(page: Page, model: GraphModel, sizes: GraphSizes, max_nodes: int) -> View:
    total = (sizes.source_nodes, sizes.source_edges)
    if total[0] <= max_nodes:
        g = sources_graph(model)
    else:
        g = sources_graph(model, pick_events(model, max_nodes, with_sources=True, conflicts_first=True))
    physics = physics_for(g.number_of_nodes())
    # the core: what more than one article states, and every disagreement; the events that one
    # article alone reports (with their values, and the actors of no other event) wait behind a tick
    alone = {v for v, d in g.nodes(data=True) if d["kind"] == "event" and len(model.events[v].sources) < 2}
    outside = set(alone)
    for v, d in g.nodes(data=True):
        if d["kind"] in ("value", "actor", "place"):
            near = [u for u in g.predecessors(v) if g.nodes[u]["kind"] == "event"]
            if near and all(u in alone for u in near):
                outside.add(v)
    pos, outside = split_layout(g, outside, spacing=110.0)
    colours = _source_colour(model)
    reports = Counter(s for e in model.events.values() for s in e.sources)
    node_opts: dict[Any, dict[str, Any]] = {}
    for v, d in g.nodes(data=True):
        x, y = pos[v]
        kind = d["kind"]
        if kind == "source":
            s = model.sources[d["label"]]
            node_opts[v] = {
                "label": short_id(s.id) + ("\n" + clip(s.title, 34) if s.title else ""),
                "shape": "box",
                "x": x,
                "y": y,
                **node_colour("#ffffff", colours[s.id], 3),
                "margin": 8,
                "font": {"color": "#222", "size": 16},
                "tip": tip_source(model, s, reports[s.id]),
            }
        elif kind == "event":
            node_opts[v] = event_node(model, model.events[v], x, y, attrs=False)
        elif kind == "value":
            conflict = d["conflict"]
            ev = model.events[next(iter(g.predecessors(v)))]
            srcs = d["sources"]
            rows = [["event", ev.label], ["stated by", fmt_sources(srcs)]]
            conf = [conf_entry(model, p, vals) for p, vals in ev.conflicts.items()]
            ev_list, more = evidence(ev.mentions, set(srcs))
            shown = f"{d['prop']}: {value_text(model, d['prop'], d['value'])}"
            node_opts[v] = {
                "label": ("⚠ " if conflict else "") + clip(shown, 40),
                "shape": "box",
                "x": x,
                "y": y,
                **node_colour(
                    DISAGREE_LIGHT if conflict else "#fff7d6",
                    DISAGREE if conflict else "#c9b458",
                    3 if conflict else 1,
                ),
                "font": {"color": "#a50f15" if conflict else "#333", "size": 16},
                "margin": 5,
                "tip": {
                    "h": shown,
                    "c": "attribute value" + (" · sources disagree" if conflict else ""),
                    "rows": rows,
                    "conf": [c for c in conf if c[0] == d["prop"]],
                    "src": srcs,
                    "ev": ev_list,
                    "more": more,
                },
            }
        else:
            node_opts[v] = actor_box(model, v, x, y, d["sources"])
        node_opts[v].update({"src": d["sources"], "dis": bool(d.get("dis")), "single": bool(d.get("single"))})
        node_opts[v].setdefault("kind", kind)
        if v in outside:
            node_opts[v]["iso"] = 1
    edge_opts = []
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), e[2])):
        srcs = d["sources"]
        if d["kind"] == "reports":
            s = srcs[0]
            ev = model.events[v]
            ev_list, more = evidence(ev.mentions, {s})
            e = {
                "label": "",
                "color": {"color": colours[s], "highlight": "#222", "hover": "#222"},
                "width": 2,
                "tip": {
                    "h": f"{short_id(s)} reports: {ev.label}",
                    "c": "reports",
                    "rows": [],
                    "conf": [],
                    "src": srcs,
                    "ev": ev_list,
                    "more": more,
                },
            }
        elif d["kind"] == "value":
            ev = model.events[u]
            conflict = d["conflict"]
            ev_list, more = evidence(ev.mentions, set(srcs))
            e = {
                "label": fmt_sources(srcs),
                "color": {
                    "color": DISAGREE if conflict else (colours[srcs[0]] if len(srcs) == 1 else "#999"),
                    "highlight": "#222",
                    "hover": "#222",
                },
                "width": 2.5 if conflict else 1.3,
                "font": {"color": DISAGREE if conflict else "#555"},
                "tip": {
                    "h": f"{ev.label}: {d['prop']} = {g.nodes[v]['value']}",
                    "c": "attribute" + (" · sources disagree" if conflict else ""),
                    "rows": [["stated by", fmt_sources(srcs)]],
                    "conf": [
                        conf_entry(model, p, vals) for p, vals in ev.conflicts.items() if p == d["prop"]
                    ],
                    "src": srcs,
                    "ev": ev_list,
                    "more": more,
                },
            }
        else:
            ev = model.events[u]
            e = role_edge(model, ev, v, k, srcs, bool(d.get("dis")))
        e.update({"src": srcs, "dis": bool(d.get("dis")), "single": bool(d.get("single"))})
        edge_opts.append((u, v, e))
    nodes, edges = pyvis_payload(g, node_opts, edge_opts)
    ev_classes = {d["cls"] for _, d in g.nodes(data=True) if d["kind"] == "event"}
    legend = [
        {"label": "article (border: its colour)", "color": "#ffffff", "border": "#1f77b4", "shape": "box"}
    ]
    legend += classes_legend(ev_classes, event_colours(), "dot")
    legend += [
        {"label": "event that sources disagree on", "color": "#ffffff", "border": DISAGREE, "shape": "dot"},
        {"label": "attribute value", "color": "#fff7d6", "border": "#c9b458", "shape": "box"},
        {"label": "conflicting value", "color": DISAGREE_LIGHT, "border": DISAGREE, "shape": "box"},
    ]
    ac_classes = {d["cls"] for _, d in g.nodes(data=True) if d["kind"] in ("actor", "place")}
    legend += actor_legend(ac_classes)
    legend += [
        {"label": "reports (article colour)", "color": "#1f77b4", "shape": "line"},
        {"label": "stated by (edge label: sources)", "color": "#999999", "shape": "line"},
    ]
    return graph_view(
        page,
        intro="Which article says what: articles, the events they report, and the values they state. "
        "Pick one source, or only the facts that sources disagree on, or that only one source states.",
        nodes=nodes,
        edges=edges,
        legend=legend,
        n_nodes=g.number_of_nodes(),
        physics=physics,
        total=total,
        what=("nodes", "edges"),
        how="the events that sources disagree on first, then the most reported events, each with "
        "the articles reporting it",
        outside=(len(outside), "nodes of events that one article alone reports"),
        font=18,
        filter=True,
    )


def build(page: Page, ctx: Context) -> Built:
    view = sources_view(page, ctx.model, ctx.sizes, ctx.max_nodes)
    return Built(render_view(view, ctx.model, ctx.nav(page.name), ctx.stats.get("counts")), view_entry(view))
