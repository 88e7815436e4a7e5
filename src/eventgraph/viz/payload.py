"""The vis-network payload of a graph view: :class:`View`, its options, and the node, edge and
legend records that the event and sources views share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from eventgraph.viz.model import Actor, Event, GraphModel, slug_label
from eventgraph.viz.style import (
    DISAGREE,
    EDGE_GREY,
    ROLE_COLOURS,
    ROLE_LABELS,
    actor_colours,
    actor_tints,
    event_colours,
)
from eventgraph.viz.tooltips import (
    MAX_LISTED_VALUES,
    clip,
    evidence,
    human,
    short_label,
    tip_actor,
    tip_event,
    value_text,
)

#: above this many nodes a view gets precomputed positions only (vis physics off)
PHYSICS_MAX_NODES = 250


def node_colour(bg: str, border: str | None = None, width: int | None = None) -> dict[str, Any]:
    border = border or bg
    c = {"background": bg, "border": border}
    return {"color": {**c, "highlight": c, "hover": c}, **({"borderWidth": width} if width else {})}


def vis_options(n_nodes: int, physics: bool, *, font: int = 15) -> dict[str, Any]:
    large = not physics
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "nodes": {
            "font": {"size": font, "face": "system-ui, -apple-system, Segoe UI, sans-serif", "color": "#222"},
            "borderWidth": 1,
            "widthConstraint": {"maximum": 230},
        },
        "edges": {
            "font": {
                "size": font - 3,
                "align": "middle",
                "color": "#444",
                "strokeWidth": 3,
                "strokeColor": "#fff",
            },
            "smooth": False,
            # the default edge: an edge states only where it differs (a page has thousands)
            "color": {"color": EDGE_GREY, "highlight": "#222", "hover": "#222", "inherit": False},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}, "from": {"scaleFactor": 0.6}},
            "selectionWidth": 2,
            # relation labels only once zoomed in enough to read them (they crowd a zoomed-out view)
            "scaling": {"label": {"drawThreshold": 9}},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large and n_nodes > 800,
            "keyboard": False,
            "navigationButtons": False,
        },
        "physics": (
            {
                "enabled": True,
                "solver": "barnesHut",
                "barnesHut": {
                    "gravitationalConstant": -12000,
                    "centralGravity": 0.8,
                    "springLength": 170,
                    "springConstant": 0.04,
                    "avoidOverlap": 0.6,
                },
                "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 50, "fit": True},
            }
            if physics
            else {"enabled": False}
        ),
    }


@dataclass
class View:
    name: str
    title: str
    intro: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: list[dict[str, Any]]
    options: dict[str, Any]
    physics: bool
    note: str
    total_nodes: int
    total_edges: int
    filter: bool = False
    #: (nodes hidden by default, what they are): those outside the connected core
    outside: tuple[int, str] = (0, "")


def graph_view(
    page: Any,
    *,
    intro: str,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    legend: list[dict[str, Any]],
    n_nodes: int,
    physics: bool,
    total: tuple[int, int],
    what: tuple[str, str],
    how: str,
    outside: tuple[int, str],
    font: int = 15,
    filter: bool = False,
) -> View:
    """A graph page's :class:`View`: its vis options, and the note of what it shows of ``total``
    (nodes, edges) and how it chose it (``what``: the words for its nodes and edges)."""
    return View(
        name=page.name,
        title=page.title,
        intro=intro,
        nodes=nodes,
        edges=edges,
        legend=legend,
        options=vis_options(n_nodes, physics, font=font),
        physics=physics,
        note=view_note((len(nodes), len(edges)), total, physics, what, how),
        total_nodes=total[0],
        total_edges=total[1],
        filter=filter,
        outside=outside,
    )


#: the colour pyvis gives a node that names none (and no group)
PYVIS_NODE_COLOUR = "#97c2fc"


def pyvis_payload(
    g: nx.MultiDiGraph, node_opts: dict[Any, dict[str, Any]], edge_opts: list[tuple[Any, Any, dict[str, Any]]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The vis-network node/edge records (positions and styling included), laid out exactly as
    pyvis 0.3.2's ``Network(directed=True)`` lays them out: a node's colour first (pyvis's
    default when it names none; none in a group), its options, then ``id``, ``label``, ``shape``;
    an edge's options, then ``from``, ``to`` and ``arrows``. (Its ``Network`` checks each edge's
    ends against a list of all nodes, and its module imports IPython: a large build's pages
    spent a few tenths of a second in it.)"""
    ids = {v: i for i, v in enumerate(g)}
    nodes = []
    for v in g:
        opts = dict(node_opts[v])
        label = opts.pop("label", "") or " "
        shape = opts.pop("shape", "dot")
        colour = opts.pop("color", PYVIS_NODE_COLOUR)
        first = {} if "group" in opts else {"color": colour}
        nodes.append({**first, "iri": str(v), **opts, "id": ids[v], "label": label, "shape": shape})
    edges = []
    for i, (u, v, opts) in enumerate(edge_opts):
        edge = {"id": f"e{i}", **opts, "from": ids[u], "to": ids[v]}
        edge.setdefault("arrows", "to")
        edges.append(edge)
    return nodes, edges


def physics_for(n: int) -> bool:
    return n <= PHYSICS_MAX_NODES


def view_note(
    shown: tuple[int, int], total: tuple[int, int], physics: bool, what: tuple[str, str], how: str
) -> str:
    """The note above a view: what it leaves out, if anything (``shown``/``total``: nodes, edges)."""
    parts = []
    if shown != total:
        parts.append(
            f"Showing {shown[0]:,} of {total[0]:,} {what[0]} and {shown[1]:,} of {total[1]:,} {what[1]}: "
            f"{how}."
        )
    if not physics:
        parts.append(
            f"Positions are precomputed with networkx (physics is off above {PHYSICS_MAX_NODES:,} nodes); "
            "drag to pan, scroll to zoom."
        )
    return " ".join(parts)


def event_node(model: GraphModel, ev: Event, x: float, y: float, *, attrs: bool) -> dict[str, Any]:
    colour = event_colours().get(ev.cls, event_colours()["Event"])
    label = short_label(ev.label)
    if attrs:
        bits = []
        for prop in ("date", "duration", "quantity"):
            vals = [value_text(model, prop, v) for v in sorted(ev.attrs.get(prop, {}))]
            if vals:
                sep = " ≠ " if prop in ev.conflicts else " / "
                more = f"{sep}…" if len(vals) > MAX_LISTED_VALUES else ""
                bits.append(
                    ("" if prop == "date" else prop + " ") + sep.join(vals[:MAX_LISTED_VALUES]) + more
                )
        if bits:
            label += "\n" + " · ".join(bits)
    if ev.conflicts:
        label = "⚠ " + label
    return {
        "label": label,
        "shape": "dot",
        "size": 11 + 3 * min(len(ev.sources), 5),
        "x": x,
        "y": y,
        **node_colour(colour, DISAGREE if ev.conflicts else "#ffffff", 4 if ev.conflicts else 2),
        "tip": tip_event(model, ev),
        "src": sorted(ev.sources),
        "kind": "event",
        "cls": ev.cls,
        **({"font": {"color": DISAGREE}} if ev.conflicts else {}),
    }


def actor_box(model: GraphModel, iri: str, x: float, y: float, srcs: list[str]) -> dict[str, Any]:
    a = model.actors.get(iri) or Actor(iri=iri, label=slug_label(iri))
    return {
        "label": clip(a.label, 40),
        "shape": "box",
        "x": x,
        "y": y,
        **node_colour(actor_tints().get(a.cls, "#eee"), actor_colours().get(a.cls, "#999"), 2),
        "margin": 6,
        "tip": tip_actor(model, a),
        "src": srcs,
        "kind": a.kind,
        "cls": a.cls,
    }


def role_edge(
    model: GraphModel, ev: Event, actor: str, role: str, srcs: list[str], dis: bool
) -> dict[str, Any]:
    name = ROLE_LABELS.get(role, role)
    ev_list, more = evidence(ev.mentions, set(srcs))
    return {
        "label": name,
        "color": {"color": DISAGREE if dis else ROLE_COLOURS[role], "highlight": "#222", "hover": "#222"},
        "dashes": role in ("participant", "attributedTo", "place"),
        "width": 2 if role == "agent" else 1.3,
        "tip": {
            "h": f"{ev.label} — {name} — {model.label(actor)}",
            "c": f"role: {name} · stated by {len(srcs)} source{'s' if len(srcs) != 1 else ''}",
            "rows": [],
            "conf": [],
            "src": srcs,
            "ev": ev_list,
            "more": more,
        },
        "src": srcs,
    }


def classes_legend(classes: Iterable[str], colours: Mapping[str, str], shape: str) -> list[dict[str, Any]]:
    order = list(colours)
    return [
        {"label": human(c), "color": colours.get(c, "#999"), "shape": shape}
        for c in sorted(set(classes), key=lambda c: order.index(c) if c in order else len(order))
    ]


def actor_legend(classes: Iterable[str]) -> list[dict[str, Any]]:
    order = list(actor_colours())
    return [
        {
            "label": human(c),
            "color": actor_tints().get(c, "#eee"),
            "border": actor_colours().get(c, "#999"),
            "shape": "box",
        }
        for c in sorted(set(classes), key=lambda c: order.index(c) if c in order else len(order))
    ]
