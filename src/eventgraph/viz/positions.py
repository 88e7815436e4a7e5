"""Deterministic node positions (vis-network pixels) for a graph view, from networkx layouts."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx

#: networkx's spring_layout needs scipy from 500 nodes on; a component larger than this gets a
#: spring layout of its best connected core and the rest placed around their anchors
SPRING_MAX_NODES = 320


def _induced(g: nx.Graph, nodes: Iterable[Any]) -> nx.Graph:
    """The subgraph on ``nodes``, as a copy in ``g``'s node and edge order.

    (``Graph.subgraph`` may iterate a small subgraph in the order of a Python set, which varies
    with PYTHONHASHSEED and would make layouts and pages differ between runs.)
    """
    keep = set(nodes)
    h = g.__class__()
    h.add_nodes_from((v, d) for v, d in g.nodes(data=True) if v in keep)
    if g.is_multigraph():
        h.add_edges_from(
            (a, b, k, d) for a, b, k, d in g.edges(keys=True, data=True) if a in keep and b in keep
        )
    else:
        h.add_edges_from((a, b, d) for a, b, d in g.edges(data=True) if a in keep and b in keep)
    return h


#: components up to this size are drawn as a star or a ring, without a spring layout: a large build
#: has thousands of them (an event and its two actors) and a spring layout costs milliseconds each
SMALL_MAX_NODES = 6


def _small(g: nx.Graph) -> dict[Any, tuple[float, float]]:
    """A small component: its best connected node in the middle and the others on a ring around it
    (a star), or all on a ring when no node is linked to every other."""
    order = sorted(g, key=lambda v: (-g.degree(v), str(v)))
    hub = order[0]
    star = all(g.has_edge(hub, v) or g.has_edge(v, hub) for v in order[1:])
    ring = order[1:] if star else order
    pos = {hub: (0.0, 0.0)} if star else {}
    for i, v in enumerate(ring):
        a = 2 * math.pi * i / len(ring) + math.pi / 2
        pos[v] = (math.cos(a), math.sin(a))
    return pos


def _spring(g: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    n = g.number_of_nodes()
    if n == 1:
        return {next(iter(g)): (0.0, 0.0)}
    if n == 2:
        a, b = sorted(g)
        return {a: (-0.5, 0.0), b: (0.5, 0.0)}
    if n <= SMALL_MAX_NODES:
        return _small(g)
    iterations = 60 if n <= 120 else 35
    pos = nx.spring_layout(g, seed=seed, iterations=iterations, weight=None, method="force")
    return {v: (float(p[0]), float(p[1])) for v, p in pos.items()}


def _core_layout(g: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """A large component: spring layout of its best connected core, the rest around anchors."""
    order = sorted(g, key=lambda v: (-g.degree(v), str(v)))
    core = order[:SPRING_MAX_NODES]
    pos = _spring(_induced(g, core), seed)
    # the core layout is in [-1, 1]; shrink it so that satellites have room
    pos = {v: (x * 0.8, y * 0.8) for v, (x, y) in pos.items()}
    children: Counter[Any] = Counter()
    golden = math.pi * (3 - math.sqrt(5))
    step = 1.6 / math.sqrt(len(g))
    frontier = list(core)
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(g[v], key=lambda w: (-g.degree(w), str(w))):
                if w in pos:
                    continue
                i = children[v]
                children[v] += 1
                r = step * (1 + 0.35 * math.sqrt(i))
                ax, ay = pos[v]
                pos[w] = (ax + r * math.cos(i * golden), ay + r * math.sin(i * golden))
                nxt.append(w)
        frontier = nxt
    return pos


def layout(g: nx.Graph, *, seed: int = 7, spacing: float = 90.0) -> dict[Any, tuple[float, float]]:
    """Deterministic positions in vis-network pixels.

    Each connected component gets a networkx spring layout (seeded), or for a component larger
    than :data:`SPRING_MAX_NODES` a spring layout of its core with the other nodes placed around
    their best connected neighbour; components are then packed in rows, largest first.
    """
    u = nx.Graph()
    u.add_nodes_from(sorted(g, key=str))
    u.add_edges_from((a, b) for a, b in g.edges() if a != b)
    comps = sorted(
        (sorted(c, key=str) for c in nx.connected_components(u)), key=lambda c: (-len(c), str(c[0]))
    )
    comp_of = {v: i for i, comp in enumerate(comps) for v in comp}
    subs = [nx.Graph() for _ in comps]
    for sub, comp in zip(subs, comps, strict=True):
        sub.add_nodes_from(comp)
    for a, b in u.edges():
        subs[comp_of[a]].add_edge(a, b)
    placed: list[tuple[list[Any], dict[Any, tuple[float, float]], float]] = []
    singles: list[Any] = []
    for comp, sub in zip(comps, subs, strict=True):
        if len(comp) == 1:
            singles.append(comp[0])
            continue
        pos = _spring(sub, seed) if len(comp) <= SPRING_MAX_NODES else _core_layout(sub, seed)
        radius = spacing * max(1.0, math.sqrt(len(comp)) * 0.9)
        placed.append((comp, {v: (x * radius, y * radius) for v, (x, y) in pos.items()}, radius))
    if singles:  # isolated nodes in a compact grid
        cols = max(1, math.ceil(math.sqrt(len(singles))))
        grid = {v: ((i % cols) * spacing * 1.2, (i // cols) * spacing * 0.8) for i, v in enumerate(singles)}
        w = (cols - 1) * spacing * 1.2
        h = ((len(singles) - 1) // cols) * spacing * 0.8
        grid = {v: (x - w / 2, y - h / 2) for v, (x, y) in grid.items()}
        placed.append((singles, grid, max(w, h, spacing) / 2 + spacing / 2))
    # shelf packing: rows of components, each in a square cell of its diameter
    total = sum((2 * r + spacing) ** 2 for _, _, r in placed) or 1.0
    largest = max((2 * r + spacing for _, _, r in placed), default=0.0)
    row_width = max(math.sqrt(total * 2.0), largest * 1.8)  # a landscape page
    out: dict[Any, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for _, pos, r in placed:
        d = 2 * r + spacing
        if x > 0 and x + d > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        cx = x + d / 2
        cy = y + (row_h if x > 0 else d) / 2  # later components sit on the row's middle line
        for v, (px, py) in pos.items():
            out[v] = (round(cx + px, 1), round(cy + py, 1))
        x += d
        row_h = max(row_h, d)
    if out:  # centre on the origin, where vis-network's central gravity pulls
        xs = [p[0] for p in out.values()]
        ys = [p[1] for p in out.values()]
        mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        out = {v: (round(px - mx, 1), round(py - my, 1)) for v, (px, py) in out.items()}
    return out


#: a graph view hides what lies outside its connected core only from this many nodes on
CORE_FROM_NODES = 120


def core_layout(
    g: nx.Graph, *, min_size: int, seed: int = 7, spacing: float = 90.0
) -> tuple[dict[Any, tuple[float, float]], set[Any]]:
    """Positions, and the nodes outside the connected core: those in connected components of
    fewer than ``min_size`` nodes (an isolated actor; an event with its one actor). The core is
    laid out on its own, so that it fills the view; the rest sits below it, for when the reader
    asks to see it. Graphs under :data:`CORE_FROM_NODES` nodes, or with no component of
    ``min_size``, have no outside."""
    u = nx.Graph()
    u.add_nodes_from(sorted(g, key=str))
    u.add_edges_from((a, b) for a, b in g.edges() if a != b)
    outside = {v for c in nx.connected_components(u) if len(c) < min_size for v in c}
    return split_layout(g, outside, seed=seed, spacing=spacing)


def split_layout(
    g: nx.Graph, outside: set[Any], *, seed: int = 7, spacing: float = 90.0
) -> tuple[dict[Any, tuple[float, float]], set[Any]]:
    """Positions with the ``outside`` nodes laid out apart, below the others (see
    :func:`core_layout`); nothing is apart in a graph under :data:`CORE_FROM_NODES` nodes, or when
    all or none of it would be."""
    if g.number_of_nodes() < CORE_FROM_NODES or len(outside) == g.number_of_nodes() or not outside:
        return layout(g, seed=seed, spacing=spacing), set()
    pos = layout(_induced(g, [v for v in g if v not in outside]), seed=seed, spacing=spacing)
    rest = layout(_induced(g, [v for v in g if v in outside]), seed=seed, spacing=spacing)
    bottom = max(y for _, y in pos.values())
    top = min(y for _, y in rest.values())
    for v, (x, y) in rest.items():
        pos[v] = (x, round(y - top + bottom + 2 * spacing, 1))
    return pos, outside
