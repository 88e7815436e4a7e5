"""The build as networkx graphs: the actor network, the event graph and the sources graph, and
their sizes counted from the model for views too large to build whole."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from eventgraph.viz.model import Actor, Event, GraphModel
from eventgraph.viz.style import relations


def _relation(ev: Event, kind: int) -> str:
    rel = relations().get(ev.cls, relations()["Event"])[kind]
    if ev.cls == "Exchange":
        text = " ".join([ev.label, *ev.attrs.get("topic", {})]).lower()
        if "prisoner" in text or "pow" in text.split():
            rel = "exchanged prisoners with"
    return rel


def _event_pairs(ev: Event, actors: Mapping[str, Actor]) -> list[tuple[str, str, str, bool]]:
    """(from, to, relation, directed) for the actor pairs an event links."""
    ok = {a for a in ev.actors() if a in actors and actors[a].kind == "actor"}
    agents = [a for a in ev.actors("agent") if a in ok]
    recips = [a for a in ev.actors("recipient") if a in ok]
    targets = [a for a in ev.actors("target") if a in ok]
    out: list[tuple[str, str, str, bool]] = []
    if agents:
        others = sorted(ok - set(agents) - set(recips) - set(targets))
        for a in agents:
            out += [(a, r, _relation(ev, 0), True) for r in recips if r != a]
            out += [(a, t, _relation(ev, 1), True) for t in targets if t != a and t not in recips]
            out += [(a, o, _relation(ev, 2), False) for o in others]
        for i, a in enumerate(agents):  # co-agents act together
            out += [(a, b, _relation(ev, 2), False) for b in agents[i + 1 :]]
    else:
        members = sorted(ok)
        out += [(a, b, _relation(ev, 2), False) for i, a in enumerate(members) for b in members[i + 1 :]]
    return out


@dataclass
class Relation:
    """One edge of the actor network: the events in which actor ``u`` relates to actor ``v``."""

    u: str
    v: str
    relation: str
    directed: bool  # False for a relation between equals (then u < v)
    events: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)

    @property
    def weight(self) -> int:
        return len(self.events)


@dataclass
class ActorNetwork:
    """The actor network as plain dictionaries, built once and shared by :func:`actor_network`,
    :func:`analytics` and the actor view (a networkx multigraph of a large build costs seconds to
    build and most of its memory is never looked at)."""

    takes_part: dict[str, int]  # the nodes, in IRI order -> number of events taken part in
    as_agent: dict[str, int]
    relations: dict[tuple[str, str, str], Relation]  # (u, v, relation) -> edge

    @classmethod
    def of(cls, model: GraphModel) -> ActorNetwork:
        takes_part: Counter[str] = Counter()
        as_agent: Counter[str] = Counter()
        for ev in model.events.values():
            for a in ev.actors():
                takes_part[a] += 1
            for a in ev.actors("agent"):
                as_agent[a] += 1
        nodes = {
            iri: takes_part[iri]
            for iri, actor in sorted(model.actors.items())
            if actor.kind != "place" or takes_part[iri]
        }
        relations: dict[tuple[str, str, str], Relation] = {}
        for iri in sorted(model.events):
            ev = model.events[iri]
            for u, v, rel, directed in _event_pairs(ev, model.actors):
                if u not in nodes or v not in nodes:
                    continue
                if not directed and v < u:
                    u, v = v, u
                edge = relations.get((u, v, rel))
                if edge is None:
                    edge = relations[(u, v, rel)] = Relation(u, v, rel, directed)
                edge.events.append(iri)
                edge.sources |= ev.sources
        return cls(nodes, {a: as_agent[a] for a in nodes}, relations)

    def pair_weights(self) -> dict[tuple[str, str], int]:
        """Events linking each unordered pair of different actors (lower IRI first)."""
        out: dict[tuple[str, str], int] = defaultdict(int)
        for r in self.relations.values():
            if r.u != r.v:
                out[(r.u, r.v) if r.u < r.v else (r.v, r.u)] += r.weight
        return dict(out)

    def weighted_degree(self) -> dict[str, int]:
        """Events on each actor's edges, summed over its edges (networkx's weighted degree)."""
        out = dict.fromkeys(self.takes_part, 0)
        for r in self.relations.values():
            out[r.u] += r.weight
            out[r.v] += r.weight
        return out


def actor_network(model: GraphModel) -> nx.MultiDiGraph:
    """Actors as nodes; one edge per (actor, actor, relation), weighted by the events linking them.

    Node attributes: ``label``, ``cls``, ``events`` (number of events taken part in), ``agent``
    (as agent), ``sources``. Edge key = relation; attributes: ``relation``, ``weight``,
    ``events`` (IRIs), ``sources``, ``directed`` (False for a relation between equals, stored
    from the lower to the higher IRI).
    """
    return _actor_multigraph(model, ActorNetwork.of(model))


def _actor_multigraph(model: GraphModel, net: ActorNetwork) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for iri, n_events in net.takes_part.items():
        actor = model.actors[iri]
        g.add_node(
            iri,
            label=actor.label,
            cls=actor.cls,
            events=n_events,
            agent=net.as_agent[iri],
            sources=sorted(actor.sources),
        )
    for (u, v, rel), r in net.relations.items():
        g.add_edge(
            u,
            v,
            key=rel,
            relation=rel,
            weight=r.weight,
            events=list(r.events),
            sources=sorted(r.sources),
            directed=r.directed,
        )
    return g


def event_graph(model: GraphModel, events: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Events and the actors/places they link to; one edge per (event, actor, role).

    ``eg:participant`` is drawn only for actors without a more specific role. Node attributes:
    ``kind`` (event/actor/place), ``label``, ``cls``, ``sources``; edge key = role, attributes:
    ``role``, ``sources``. ``events``: only these events (IRIs) and what they link to.
    """
    chosen = sorted(model.events) if events is None else sorted(set(events) & model.events.keys())
    g = nx.MultiDiGraph()
    for iri in chosen:
        ev = model.events[iri]
        g.add_node(iri, kind="event", label=ev.label, cls=ev.cls, sources=sorted(ev.sources))
    for iri in chosen:
        for role, a, srcs in drawn_roles(model.events[iri]):
            if a not in g:
                _add_linked_node(g, model, a)
            g.add_edge(iri, a, key=role, role=role, sources=sorted(srcs))
    return g


def _add_linked_node(g: nx.MultiDiGraph, model: GraphModel, iri: str) -> None:
    """Add a node that an event links to: an actor or place, or (rarely) another event."""
    ev = model.events.get(iri)
    if ev is not None:
        g.add_node(iri, kind="event", label=ev.label, cls=ev.cls, sources=sorted(ev.sources))
        return
    actor = model.actors.get(iri)
    g.add_node(iri, **_actor_attrs(model, iri), sources=sorted(actor.sources) if actor else [])


def _actor_attrs(model: GraphModel, a: str) -> dict[str, str]:
    """Kind, label and class of an actor node (an IRI the model does not know is a bare actor)."""
    actor = model.actors.get(a)
    return {
        "kind": actor.kind if actor else "actor",
        "label": model.label(a),
        "cls": actor.cls if actor else "Actor",
    }


_SPECIFIC_ROLES = frozenset(("agent", "recipient", "target"))


def drawn_roles(ev: Any) -> list[tuple[str, str, Any]]:
    """An event's (role, actor, sources) as drawn: eg:participant only for actors that have no
    more specific role (agent, recipient, target), which every event also states."""
    specific = {a for (r, a) in ev.roles if r in _SPECIFIC_ROLES}
    return [
        (role, a, ev.roles[(role, a)])
        for (role, a) in sorted(ev.roles)
        if not (role == "participant" and a in specific)
    ]


VALUE_PROPS = ("duration", "quantity", "date")  # the attributes drawn as value nodes


def sources_graph(model: GraphModel, events: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Which article says what: articles → events they report → roles and attribute values.

    Every node and edge has ``sources`` (the article ids stating it), ``dis`` (part of a
    disagreement) and ``single`` (a fact only one source states, or its context).
    ``events``: only these events (IRIs), the articles reporting them and what they link to; the
    flags then say what holds among these.
    """
    chosen = sorted(model.events) if events is None else sorted(set(events) & model.events.keys())
    g = nx.MultiDiGraph()
    shown_sources = (
        sorted(model.sources)
        if events is None
        else sorted({s for e in chosen for s in model.events[e].sources})
    )
    for sid in shown_sources:
        g.add_node(f"src:{sid}", kind="source", label=sid, sources=[sid], dis=False, single=False)

    def flag(u: str, v: str, k: str, name: str) -> None:
        g.edges[u, v, k][name] = True
        g.nodes[u][name] = g.nodes[v][name] = True
        e = g.nodes[u]
        if e.get("kind") == "event":  # show which article states it
            for s in g.edges[u, v, k]["sources"]:
                rk = (f"src:{s}", u, "reports")
                if g.has_edge(*rk):
                    g.edges[rk][name] = True
                    g.nodes[rk[0]][name] = True

    actor_sources: dict[str, set[str]] = defaultdict(set)
    for iri in chosen:
        ev = model.events[iri]
        g.add_node(
            iri,
            kind="event",
            label=ev.label,
            cls=ev.cls,
            sources=sorted(ev.sources),
            dis=bool(ev.conflicts),
            single=len(ev.sources) == 1,
        )
        for s in sorted(ev.sources):
            g.add_edge(f"src:{s}", iri, key="reports", kind="reports", sources=[s], dis=False, single=False)
        single_event = len(ev.sources) == 1
        for s in ev.sources:
            if single_event:
                flag(f"src:{s}", iri, "reports", "single")
            if "class" in ev.conflicts:  # the sources disagree on what kind of event it is
                flag(f"src:{s}", iri, "reports", "dis")
        for role, a, srcs in drawn_roles(ev):
            if a not in g:
                g.add_node(a, **_actor_attrs(model, a), sources=[], dis=False, single=False)
            actor_sources[a] |= srcs
            g.add_edge(
                iri, a, key=role, kind="role", role=role, sources=sorted(srcs), dis=False, single=False
            )
            if role == "place" and "place" in ev.conflicts:
                flag(iri, a, role, "dis")
            if single_event or (len(srcs) == 1 and len(ev.sources) > 1):
                flag(iri, a, role, "single")
        for prop in VALUE_PROPS:
            for value, srcs in sorted(ev.attrs.get(prop, {}).items()):
                vid = f"val:{iri}:{prop}:{value}"
                conflict = prop in ev.conflicts
                g.add_node(
                    vid,
                    kind="value",
                    prop=prop,
                    value=value,
                    label=f"{prop}: {value}",
                    sources=sorted(srcs),
                    dis=False,
                    single=False,
                    conflict=conflict,
                )
                g.add_edge(
                    iri,
                    vid,
                    key=prop,
                    kind="value",
                    prop=prop,
                    sources=sorted(srcs),
                    dis=False,
                    single=False,
                    conflict=conflict,
                )
                if conflict:
                    flag(iri, vid, prop, "dis")
                if single_event or (len(srcs) == 1 and len(ev.sources) > 1):
                    flag(iri, vid, prop, "single")
    for a, srcs in actor_sources.items():
        if g.nodes[a].get("kind") != "event":
            g.nodes[a]["sources"] = sorted(srcs)
    return g


@dataclass
class GraphSizes:
    """Node and edge counts of the whole event and sources graphs (and the event graph's weakly
    connected components), counted from the model without building either graph."""

    event_nodes: int
    event_edges: int
    event_components: list[int]  # sizes, largest first
    source_nodes: int
    source_edges: int

    @classmethod
    def of(cls, model: GraphModel) -> GraphSizes:
        parent: dict[str, str] = {}

        def root(x: str) -> str:
            while parent[x] != x:
                parent[x] = x = parent[parent[x]]
            return x

        linked: set[str] = set()  # actors, places (and events) that events link to
        values = role_edges = report_edges = 0
        reporters: set[str] = set()
        for iri, ev in model.events.items():
            parent.setdefault(iri, iri)
            for _, a, _ in drawn_roles(ev):
                role_edges += 1
                linked.add(a)
                parent.setdefault(a, a)
                ra, rb = root(iri), root(a)
                if ra != rb:
                    parent[ra] = rb
            values += sum(len(ev.attrs.get(p, ())) for p in VALUE_PROPS)
            report_edges += len(ev.sources)
            reporters |= ev.sources
        linked -= model.events.keys()
        sizes = Counter(root(x) for x in parent)
        return cls(
            event_nodes=len(model.events) + len(linked),
            event_edges=role_edges,
            event_components=sorted(sizes.values(), reverse=True),
            source_nodes=len(model.sources.keys() | reporters) + len(model.events) + len(linked) + values,
            source_edges=report_edges + role_edges + values,
        )
