"""Figures of a build for the build report and the overview page: central actors, connected
components, counts and disagreements, JSON-serialisable and deterministic."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from eventgraph.viz.model import GraphModel
from eventgraph.viz.networks import ActorNetwork, GraphSizes

#: exact betweenness is O(V·E); above this many actors it is estimated from k sampled sources
BETWEENNESS_EXACT_MAX = 800


#: source nodes sampled for the betweenness estimate of an actor network too large for exact
BETWEENNESS_SAMPLES = 128


@dataclass
class _PairGraph:
    """The undirected actor network (one weighted edge per pair of actors) as index arrays: both
    directions of every edge, sorted by (row, column), with ``indptr`` the start of each row."""

    nodes: list[str]
    rows: Any  # numpy arrays
    cols: Any
    weights: Any
    indptr: Any

    @classmethod
    def of(cls, nodes: list[str], pairs: Mapping[tuple[str, str], int]) -> _PairGraph:
        import numpy as np

        index = {v: i for i, v in enumerate(nodes)}
        a = np.fromiter((index[x] for x, _ in pairs), dtype=np.int64, count=len(pairs))
        b = np.fromiter((index[y] for _, y in pairs), dtype=np.int64, count=len(pairs))
        w = np.fromiter(pairs.values(), dtype=np.float64, count=len(pairs))
        rows, cols, weights = np.concatenate((a, b)), np.concatenate((b, a)), np.concatenate((w, w))
        order = np.lexsort((cols, rows))
        rows, cols, weights = rows[order], cols[order], weights[order]
        indptr = np.zeros(len(nodes) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(nodes)), out=indptr[1:])
        return cls(nodes, rows, cols, weights, indptr)

    def pagerank(self, alpha: float = 0.85) -> dict[str, float]:
        """PageRank by power iteration (networkx's definition: weighted, dangling nodes spread
        evenly), without networkx's scipy dependency and in a fraction of its pure-Python time."""
        import numpy as np

        n = len(self.nodes)
        if n == 0:
            return {}
        out_weight = np.bincount(self.rows, weights=self.weights, minlength=n)
        dangling = out_weight == 0
        share = self.weights / np.where(dangling, 1.0, out_weight)[self.rows]
        rank = np.full(n, 1.0 / n)
        for _ in range(200):
            new = np.full(n, (1.0 - alpha) / n + alpha * rank[dangling].sum() / n)
            new += alpha * np.bincount(self.cols, weights=rank[self.rows] * share, minlength=n)
            err = float(np.abs(new - rank).sum())
            rank = new
            if err < n * 1e-10:
                break
        return dict(zip(self.nodes, rank.tolist(), strict=True))

    def betweenness_sampled(self, k: int, seed: int = 0) -> dict[str, float]:
        """Normalised shortest-path betweenness estimated from ``k`` source nodes, the same sources
        and the same scaling as ``networkx.betweenness_centrality(g, k=k, seed=seed)``: Brandes'
        algorithm, with each breadth-first level handled as whole arrays."""
        import numpy as np

        n = len(self.nodes)
        sampled = random.Random(seed).sample(range(n), k)
        degree = np.diff(self.indptr)
        total = np.zeros(n)
        for s in sampled:
            dist = np.full(n, -1, dtype=np.int64)
            dist[s] = 0
            paths = np.zeros(n)  # shortest paths from s
            paths[s] = 1.0
            frontier = np.array([s], dtype=np.int64)
            levels = []  # (parent, child) arrays of the shortest-path edges from each level down
            depth = 0
            while frontier.size:
                counts = degree[frontier]
                if not counts.sum():
                    break
                starts = self.indptr[frontier] - (np.cumsum(counts) - counts)
                at = np.repeat(starts, counts) + np.arange(int(counts.sum()))
                child = self.cols[at]
                parent = np.repeat(frontier, counts)
                fresh = np.unique(child[dist[child] < 0])
                dist[fresh] = depth + 1
                on_path = dist[child] == depth + 1
                parent, child = parent[on_path], child[on_path]
                paths += np.bincount(child, weights=paths[parent], minlength=n)
                levels.append((parent, child))
                frontier = fresh
                depth += 1
            dependency = np.zeros(n)
            for parent, child in reversed(levels):
                dependency += np.bincount(
                    parent, weights=paths[parent] * (1.0 + dependency[child]) / paths[child], minlength=n
                )
            dependency[s] = 0.0
            total += dependency
        # networkx's rescaling of a sampled, normalised estimate without endpoints
        scale = np.full(n, 1.0 / (k * (n - 2)))
        scale[sampled] = 1.0 / ((k - 1) * (n - 2))
        return dict(zip(self.nodes, (total * scale).tolist(), strict=True))


def _components(nodes: Iterable[str], pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components (union-find), largest first, ties by their smallest member."""
    parent = {v: v for v in nodes}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = x = parent[parent[x]]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[str, list[str]] = defaultdict(list)
    for v in parent:
        groups[root(v)].append(v)
    return sorted(groups.values(), key=lambda c: (-len(c), min(c)))


def _top(
    scores: Mapping[str, float], labels: Mapping[str, str], classes: Mapping[str, str], top: int
) -> list[dict[str, Any]]:
    ranked = sorted(scores, key=lambda v: (-round(scores[v], 9), labels[v], v))
    return [
        {"iri": v, "label": labels[v], "class": classes[v], "score": round(float(scores[v]), 6)}
        for v in ranked[:top]
    ]


def analytics(model: GraphModel, *, top: int = 10) -> dict[str, Any]:
    """networkx figures of a build, JSON-serialisable and deterministic.

    Central actors by degree, betweenness and PageRank (top ``top``; on the undirected actor
    network, weighted by events), connected components of the actor network and of the event
    graph, node/edge counts, and the facts that sources disagree on.
    """
    return analyse(model, top=top).stats


@dataclass(frozen=True)
class Analysis:
    """The networks of a build and their figures (:func:`analytics`), made once for both the
    views and the report: a large build's networks take a good part of a second to make."""

    net: ActorNetwork
    sizes: GraphSizes
    stats: dict[str, Any]


def analyse(model: GraphModel, *, top: int = 10) -> Analysis:
    """The :class:`Analysis` of ``model``: its networks, and :func:`analytics` of them."""
    net, sizes = ActorNetwork.of(model), GraphSizes.of(model)
    return Analysis(net, sizes, compute_analytics(model, net, sizes, top=top))


def compute_analytics(model: GraphModel, net: ActorNetwork, sizes: GraphSizes, *, top: int) -> dict[str, Any]:
    nodes = list(net.takes_part)
    labels = {v: model.actors[v].label for v in nodes}
    classes = {v: model.actors[v].cls for v in nodes}
    pairs = net.pair_weights()
    n = len(nodes)
    if n > 1:
        neighbours: Counter[str] = Counter()
        for a, b in pairs:
            neighbours[a] += 1
            neighbours[b] += 1
        degree = {v: neighbours[v] / (n - 1) for v in nodes}
    else:
        degree = dict.fromkeys(nodes, 0.0)
    graph = _PairGraph.of(nodes, pairs)
    if n <= BETWEENNESS_EXACT_MAX:
        u = nx.Graph()
        u.add_nodes_from(nodes)
        u.add_edges_from(sorted(pairs))
        between, b_note = nx.betweenness_centrality(u, normalized=True), "exact"
    else:
        k = BETWEENNESS_SAMPLES
        between = graph.betweenness_sampled(k, seed=0)
        b_note = f"estimated from {k} sampled source nodes (seed 0)"
    pagerank = graph.pagerank()
    most_active = sorted(nodes, key=lambda v: (-net.takes_part[v], labels[v], v))[:top]
    comps = _components(nodes, pairs)
    weighted = net.weighted_degree()

    def describe(c: list[str]) -> dict[str, Any]:
        members = sorted(c, key=lambda v: (-weighted[v], labels[v], v))
        return {"size": len(c), "top_members": [labels[v] for v in members[:5]]}

    from eventgraph.counts import count

    disagreements = model.disagreements()
    ecomps = sizes.event_components
    counted = count(model)
    return {
        "counts": {
            **counted.as_dict(),
            "mentions": sum(len(e.mentions) for e in model.events.values())
            + sum(len(a.mentions) for a in model.actors.values()),
            "events_single_source": counted.events - counted.events_multi_source,
        },
        "actor_network": {
            "nodes": n,
            "edges": len(net.relations),
            "pairs": len(pairs),
            "density": round(2 * len(pairs) / (n * (n - 1)), 6) if n > 1 else 0.0,
        },
        "event_graph": {"nodes": sizes.event_nodes, "edges": sizes.event_edges},
        "central_actors": {
            "degree": _top(degree, labels, classes, top),
            "betweenness": _top(between, labels, classes, top),
            "pagerank": _top(pagerank, labels, classes, top),
            "most_active": [
                {
                    "iri": v,
                    "label": labels[v],
                    "class": classes[v],
                    "events": net.takes_part[v],
                    "as_agent": net.as_agent[v],
                }
                for v in most_active
            ],
            "betweenness_method": b_note,
        },
        "components": {
            "actor_network": {
                "count": len(comps),
                "sizes": [len(c) for c in comps[:50]],
                "isolated": sum(1 for c in comps if len(c) == 1),
                "largest": describe(comps[0]) if comps else None,
            },
            "event_graph": {
                "count": len(ecomps),
                "sizes": ecomps[:50],
                "largest": ecomps[0] if ecomps else 0,
            },
        },
        "disagreements": disagreements,
    }
