"""Interactive HTML views of a built event graph: actor network, event graph, sources, timeline.

The build calls :func:`write_views` after exporting. It reads the quads back from the store
(:func:`graph_model`), builds networkx graphs (:func:`actor_network`, :func:`event_graph`),
lays them out with networkx, lets pyvis assemble the vis-network payload, and writes each page
from our own template (``eventgraph/templates``), because pyvis 0.3.2's template loads
Bootstrap and (in ``local`` mode) vis-network from CDNs and injects tooltips with ``innerHTML``.

A page's size follows what it draws, never the size of the build: each graph view draws at most
``max_nodes`` nodes (whole events for the event and sources views, chosen from the model without
building the whole graph), the actor view one edge per pair of actors and at most ``max_edges`` of
them, every tooltip lists a few events, sources and evidence sentences and counts the rest, a page
names only the articles it cites, and the timeline lists at most ``max_timeline_events`` events.
Each page says how many nodes and edges of how many it shows.

Every page works from ``file://`` with no network at all: vis-network's JS/CSS (shipped inside
pyvis) are inlined, a strict Content-Security-Policy forbids any fetch, and all article text
travels as JSON in a ``<script type="application/json">`` block (``<``, ``>``, ``&``, U+2028/9
escaped) that the page's script turns into DOM nodes with ``textContent`` only.
"""

from __future__ import annotations

import html
import json
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

__all__ = [
    "Actor",
    "Event",
    "GraphModel",
    "Mention",
    "Source",
    "actor_network",
    "analytics",
    "analytics_markdown",
    "event_graph",
    "graph_model",
    "render_inline",
    "sources_graph",
    "write_views",
]

EG = "https://w3id.org/eventgraph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
DCT = "http://purl.org/dc/terms/"
SCHEMA_URL = ("https://schema.org/url", "http://schema.org/url")
WD = "http://www.wikidata.org/entity/"

ACTOR_CLASSES = ("Person", "Organization", "Country", "Actor")
PLACE_CLASSES = ("Place",)
EVENT_CLASSES = (
    "PhoneCall",
    "Meeting",
    "Statement",
    "Proposal",
    "Request",
    "Demand",
    "Order",
    "Agreement",
    "Negotiation",
    "Exchange",
    "Transfer",
    "Allegation",
    "Assurance",
    "Threat",
    "Concession",
    "Event",
)
ROLES = ("agent", "recipient", "target", "participant")
EVENT_LINKS = (*ROLES, "place", "attributedTo")
ATTRIBUTES = ("duration", "quantity", "date", "topic")
#: attributes whose different values in different graphs are a disagreement (topics are
#: phrased in each article's own words, so different wording is not a conflict)
CHECKED = ("duration", "quantity", "date", "place")

#: above this many nodes a view gets precomputed positions only (vis physics off)
PHYSICS_MAX_NODES = 250
#: networkx's spring_layout needs scipy from 500 nodes on; a component larger than this gets a
#: spring layout of its best connected core and the rest placed around their anchors
SPRING_MAX_NODES = 320
#: exact betweenness is O(V·E); above this many actors it is estimated from k sampled sources
BETWEENNESS_EXACT_MAX = 800
MAX_EVIDENCE = 3

DISAGREE = "#d62728"
EDGE_GREY = "#7a7a7a"
DISAGREE_LIGHT = "#fde0dd"

ACTOR_COLOURS = {
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "Country": "#59a14f",
    "Actor": "#9c755f",
    "Place": "#8c8c8c",
}
ACTOR_TINTS = {
    "Person": "#dce6f2",
    "Organization": "#fde5cc",
    "Country": "#dcedd6",
    "Actor": "#ebe1d9",
    "Place": "#ececec",
}
EVENT_COLOURS = {
    "PhoneCall": "#1f77b4",
    "Meeting": "#17becf",
    "Statement": "#7f7f7f",
    "Proposal": "#2ca02c",
    "Request": "#bcbd22",
    "Demand": "#ff7f0e",
    "Order": "#8c564b",
    "Agreement": "#74c476",
    "Negotiation": "#6baed6",
    "Exchange": "#9467bd",
    "Transfer": "#c5b0d5",
    "Allegation": "#e377c2",
    "Assurance": "#c7c76d",
    "Threat": "#7b4173",
    "Concession": "#9edae5",
    "Event": "#b5b5b5",
}
ROLE_COLOURS = {
    "agent": "#444444",
    "recipient": "#1f77b4",
    "target": "#c51b8a",
    "participant": "#a0a0a0",
    "place": "#8c8c8c",
    "attributedTo": "#8c564b",
}
ROLE_LABELS = {"attributedTo": "according to"}
SOURCE_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#393b79",
    "#637939",
)

#: relation labels of the actor network: class -> (agent→recipient, agent→target, between participants)
RELATIONS: dict[str, tuple[str, str, str]] = {
    "PhoneCall": ("phoned", "phoned about", "spoke by phone with"),
    "Meeting": ("met", "met about", "met with"),
    "Statement": ("addressed", "made a statement about", "made a joint statement with"),
    "Proposal": ("proposed to", "made a proposal about", "made a joint proposal with"),
    "Request": ("urged", "made a request about", "made a joint request with"),
    "Demand": ("demanded of", "made demands about", "made joint demands with"),
    "Order": ("ordered", "ordered action against", "gave orders with"),
    "Agreement": ("agreed with", "agreed about", "agreed with"),
    "Negotiation": ("negotiated with", "negotiated about", "negotiated with"),
    "Exchange": ("exchanged with", "exchanged with", "exchanged with"),
    "Transfer": ("handed over to", "handed over", "exchanged with"),
    "Allegation": ("made allegations to", "accused", "traded accusations with"),
    "Assurance": ("assured", "gave assurances about", "gave assurances with"),
    "Threat": ("threatened", "threatened", "exchanged threats with"),
    "Concession": ("conceded to", "made concessions to", "made concessions with"),
    "Event": ("acted towards", "acted against", "took part with"),
}


# --------------------------------------------------------------------------------------- model
@dataclass
class Source:
    """An article (a named graph of the build) as a source of statements."""

    id: str
    article: str
    graph: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    issued: str | None = None


@dataclass(frozen=True)
class Mention:
    iri: str
    source: str
    begin: int | None
    end: int | None
    anchor: str
    evidence: str | None


@dataclass
class Actor:
    iri: str
    label: str
    alt_labels: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    classes: dict[str, set[str]] = field(default_factory=dict)  # source -> contract class names
    subclasses: list[str] = field(default_factory=list)  # more specific classes stated (Military)
    mentions: list[Mention] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)

    @cached_property
    def cls(self) -> str:
        return _primary_class(self.classes, ACTOR_CLASSES + PLACE_CLASSES, "Actor")

    @property
    def kind(self) -> str:
        return "place" if self.cls in PLACE_CLASSES else "actor"


@dataclass
class Event:
    iri: str
    label: str
    classes: dict[str, set[str]] = field(default_factory=dict)  # source -> contract class names
    subclasses: list[str] = field(default_factory=list)  # more specific classes stated
    #: (role, actor iri) -> sources stating it; roles are agent, recipient, target, participant,
    #: place and attributedTo
    roles: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    #: attribute -> value (lexical form) -> sources stating it
    attrs: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)  # the graphs that type (report) it
    #: property -> [(value, sources)] for the properties that sources disagree on
    conflicts: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)

    @cached_property
    def cls(self) -> str:
        return _primary_class(self.classes, EVENT_CLASSES, "Event")

    def actors(self, *roles: str) -> list[str]:
        wanted = roles or ROLES
        return sorted({a for (r, a) in self.roles if r in wanted})

    def values(self, prop: str) -> dict[str, set[str]]:
        if prop == "place":
            return {a: s for (r, a), s in self.roles.items() if r == "place"}
        return self.attrs.get(prop, {})


@dataclass
class GraphModel:
    """A build's graph as plain Python, with the source (article id) of every statement."""

    sources: dict[str, Source]
    actors: dict[str, Actor]
    events: dict[str, Event]

    def label(self, iri: str) -> str:
        thing = self.actors.get(iri) or self.events.get(iri)
        return thing.label if thing else _slug_label(iri)

    def disagreements(self) -> list[dict[str, Any]]:
        out = []
        for ev in self.events.values():
            for prop, vals in sorted(ev.conflicts.items()):
                out.append(
                    {
                        "event": ev.iri,
                        "label": ev.label,
                        "property": prop,
                        "values": [
                            {"value": self.label(v) if prop == "place" else v, "sources": s} for v, s in vals
                        ],
                    }
                )
        return out


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def _slug_label(iri: str) -> str:
    return _local(iri).replace("-", " ").replace("_", " ")


def _primary_class(classes: Mapping[str, set[str]], known: tuple[str, ...], default: str) -> str:
    """The most specific known class that most sources state (ties: the order of ``known``)."""
    votes = Counter(c for cs in classes.values() for c in cs if c in known)
    if not votes:
        return default
    return min(votes, key=lambda c: (c == default, -votes[c], known.index(c)))


def _term(t: Any) -> str:
    return str(getattr(t, "value", t))


@cache
def _ontology_subclasses() -> dict[str, frozenset[str]]:
    """rdfs:subClassOf axioms of the project's ontology (installed as eventgraph/ontology, or the
    repository's ontology/ folder), so that eg:Military or eg:GovernmentBody count as eg:Organization
    even when the store holds only the build's data."""
    from pyoxigraph import RdfFormat, parse

    out: dict[str, set[str]] = defaultdict(set)
    candidates = [
        resources.files("eventgraph") / "ontology",
        Path(__file__).resolve().parents[2] / "ontology",
    ]
    for folder in candidates:
        try:
            files = sorted((f for f in folder.iterdir() if f.name.endswith(".ttl")), key=lambda f: f.name)
        except (OSError, AttributeError):
            continue
        for f in files:
            try:
                for triple in parse(f.read_bytes(), format=RdfFormat.TURTLE):
                    if _term(triple.predicate) == RDFS + "subClassOf":
                        out[_term(triple.subject)].add(_term(triple.object))
            except (OSError, SyntaxError, ValueError):
                continue
        if out:
            break
    return {k: frozenset(v) for k, v in out.items()}


def _add_source(
    sources: dict[str, Source],
    graph: str,
    graph_article: Mapping[str, str],
    art_props: Mapping[str, Mapping[str, str]],
) -> str:
    """Add the source of named graph ``graph`` (id: its article's dcterms:identifier, made unique)."""
    art = graph_article.get(graph, "")
    props = art_props.get(art, {})
    sid = base = props.get("id") or _local(graph)
    n = 1
    while sid in sources:
        n += 1
        sid = f"{base}~{n}"
    sources[sid] = Source(
        id=sid,
        article=art,
        graph=graph,
        title=props.get("title"),
        url=props.get("url"),
        publisher=props.get("publisher"),
        issued=props.get("issued"),
    )
    return sid


def graph_model(store: Any) -> GraphModel:
    """Read a build's quads from a pyoxigraph ``Store`` into a :class:`GraphModel`.

    The quads are read with ``quads_for_pattern`` (index scans) rather than SPARQL, one scan per
    predicate that the model uses: a full Reuters build has about two million quads, most of them
    about mentions, so anything done per quad beyond a dictionary look-up shows in the build time.
    """
    from pyoxigraph import BlankNode, DefaultGraph, NamedNode

    # default graph: articles, graph -> article links, canonical labels, subclass axioms
    art_props: dict[str, dict[str, str]] = defaultdict(dict)
    articles: set[str] = set()
    graph_article: dict[str, str] = {}
    labels: dict[str, str] = {}
    alt: dict[str, set[str]] = defaultdict(set)
    same: dict[str, set[str]] = defaultdict(set)
    subclass: dict[str, set[str]] = defaultdict(set)
    for sub, sups in _ontology_subclasses().items():
        subclass[sub].update(sups)
    article_keys = {
        DCT + "identifier": "id",
        DCT + "title": "title",
        DCT + "publisher": "publisher",
        DCT + "issued": "issued",
        **dict.fromkeys(SCHEMA_URL, "url"),
    }
    for s_t, p_t, o_t, _ in store.quads_for_pattern(None, None, None, DefaultGraph()):
        s, p, o = _term(s_t), _term(p_t), _term(o_t)
        if p == RDF_TYPE and o == EG + "Article":
            articles.add(s)
        elif p in article_keys:
            key = article_keys[p]
            if key not in art_props[s] or o < art_props[s][key]:
                art_props[s][key] = o
        elif p == PROV_DERIVED:
            graph_article[s] = min(o, graph_article.get(s, o))
        elif p == RDFS + "label":
            labels[s] = min(o, labels.get(s, o))
        elif p == SKOS_ALT:
            alt[s].add(o)
        elif p == OWL_SAMEAS:
            same[s].add(o)
    # subclass axioms anywhere (the classes of every graph are resolved through them below)
    for s_t, _, o_t, _ in store.quads_for_pattern(None, NamedNode(RDFS + "subClassOf"), None, None):
        subclass[_term(s_t)].add(_term(o_t))

    known = {EG + c: c for c in (*ACTOR_CLASSES, *PLACE_CLASSES, *EVENT_CLASSES)}

    @cache
    def resolve(cls_iri: str) -> str | None:
        """Nearest known eg: class of ``cls_iri`` through rdfs:subClassOf (breadth first)."""
        seen, todo = {cls_iri}, [cls_iri]
        while todo:
            nxt = []
            for c in sorted(todo):
                if c in known:
                    return known[c]
                for sup in sorted(subclass.get(c, ())):
                    if sup not in seen:
                        seen.add(sup)
                        nxt.append(sup)
            todo = nxt
        return None

    types: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    stated: dict[str, set[str]] = defaultdict(set)  # subclasses stated (eg:Military, eg:GovernmentBody)
    kinds: dict[str, str] = {}
    roles: dict[str, dict[tuple[str, str], set[str]]] = defaultdict(lambda: defaultdict(set))
    attrs: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(set))
    )
    mention_of: dict[str, list[tuple[str, str]]] = defaultdict(list)  # thing -> [(source, mention)]
    mention_props: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    graph_labels: dict[str, str] = {}
    # sources: one per named graph with statements (its article's dcterms:identifier), in graph order
    sources: dict[str, Source] = {}
    graph_source: dict[str, str] = {}
    for g, g_t in sorted((_term(g_t), g_t) for g_t in store.named_graphs()):
        if next(iter(store.quads_for_pattern(None, None, None, g_t)), None) is not None:
            graph_source[g] = _add_source(sources, g, graph_article, art_props)

    def scan(predicate: str, obj: Any = None) -> Iterator[tuple[str, str, str]]:
        """(source, subject, object) of the named graphs' statements with ``predicate`` (and
        object ``obj``): an index scan for each kind of statement the model uses, so that most
        statements about mentions are never looked at."""
        for s_t, _, o_t, g_t in store.quads_for_pattern(None, NamedNode(predicate), obj, None):
            try:
                src, s, o = graph_source.get(g_t.value), s_t.value, o_t.value
            except AttributeError:  # the default graph, or an RDF-star quoted triple: no .value
                if isinstance(g_t, DefaultGraph):
                    continue
                src, s, o = graph_source.get(_term(g_t)), _term(s_t), _term(o_t)
            if src is not None:
                yield src, s, o

    # the types that resolve to a known class, class by class (a class that does must be known or
    # have a superclass; the many eg:Mention types are never read)
    for cls_iri in sorted(known.keys() | subclass.keys()):
        c = resolve(cls_iri)
        if c is None:
            continue
        try:
            cls_node: Any = NamedNode(cls_iri)
        except ValueError:
            cls_node = BlankNode(cls_iri)
        for src, s, _ in scan(RDF_TYPE, cls_node):
            types[s][src].add(c)
            if cls_iri != EG + c:
                stated[s].add(_local(cls_iri))
            kinds.setdefault(s, "event" if c in EVENT_CLASSES else "place" if c in PLACE_CLASSES else "actor")
            if c in EVENT_CLASSES:
                kinds[s] = "event"
    for role in EVENT_LINKS:
        for src, s, o in scan(EG + role):
            roles[s][(role, o)].add(src)
    for attr in ATTRIBUTES:
        for src, s, o in scan(EG + attr):
            attrs[s][attr][o].add(src)
    for src, s, o in scan(EG + "mention"):
        mention_of[s].append((src, o))
    for prop, key in (
        (NIF + "beginIndex", "begin"),
        (NIF + "endIndex", "end"),
        (NIF + "anchorOf", "anchor"),
        (EG + "evidence", "evidence"),
    ):
        for src, s, o in scan(prop):
            mention_props[(src, s)][key] = o
    for _, s, o in scan(RDFS + "label"):
        graph_labels[s] = min(o, graph_labels.get(s, o))

    def mentions(iri: str) -> list[Mention]:
        out = []
        for src, m in set(mention_of.get(iri, ())):
            mp = mention_props.get((src, m), {})
            out.append(
                Mention(
                    iri=m,
                    source=src,
                    begin=_int(mp.get("begin")),
                    end=_int(mp.get("end")),
                    anchor=mp.get("anchor", ""),
                    evidence=mp.get("evidence"),
                )
            )
        out.sort(key=lambda m: (m.source, m.begin if m.begin is not None else -1, m.iri))
        return out

    event_iris = {s for s, k in kinds.items() if k == "event"} | set(roles) | set(attrs)
    actor_iris = {s for s, k in kinds.items() if k != "event"} - event_iris
    for rs in roles.values():
        actor_iris.update(a for (_, a) in rs)
    actor_iris -= event_iris

    def label_of(iri: str, ms: list[Mention]) -> str:
        if iri in labels:
            return labels[iri]
        if iri in graph_labels:
            return graph_labels[iri]
        anchors = Counter(m.anchor for m in ms if m.anchor)
        if anchors and iri in actor_iris:
            return min(anchors, key=lambda a: (-anchors[a], a))
        return _slug_label(iri)

    role_sources: dict[str, set[str]] = defaultdict(set)  # actor -> sources naming it in a role
    for rs in roles.values():
        for (_, a), ss in rs.items():
            role_sources[a] |= ss
    actors: dict[str, Actor] = {}
    for iri in sorted(actor_iris):
        ms = mentions(iri)
        cls = {s: set(c) for s, c in types.get(iri, {}).items()}
        in_roles = role_sources.get(iri, set())
        actors[iri] = Actor(
            iri=iri,
            label=label_of(iri, ms),
            alt_labels=sorted(alt.get(iri, ())),
            same_as=sorted(same.get(iri, ())),
            classes=cls,
            subclasses=sorted(stated.get(iri, ())),
            mentions=ms,
            sources=set(cls) | {m.source for m in ms} | in_roles,
        )
    events: dict[str, Event] = {}
    for iri in sorted(event_iris):
        ms = mentions(iri)
        cls = {s: set(c) for s, c in types.get(iri, {}).items()}
        ev = Event(
            iri=iri,
            label=label_of(iri, ms),
            classes=cls,
            subclasses=sorted(stated.get(iri, ())),
            roles={k: set(v) for k, v in roles.get(iri, {}).items()},
            attrs={p: {v: set(s) for v, s in vals.items()} for p, vals in attrs.get(iri, {}).items()},
            mentions=ms,
            sources=set(cls) or {s for ss in roles.get(iri, {}).values() for s in ss},
        )
        ev.conflicts = _conflicts(ev)
        events[iri] = ev
    return GraphModel(sources=sources, actors=actors, events=events)


def _int(v: str | None) -> int | None:
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


_DURATION = re.compile(
    r"^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


def _norm(prop: str, value: str) -> Any:
    """A comparable key for an attribute value (PT90M == PT1H30M, 175 == 0175)."""
    v = value.strip()
    if prop == "duration":
        m = _DURATION.match(v)
        if m:
            y, mo, w, d, h, mi, s = (float(x) if x else 0.0 for x in m.groups())
            return (y * 12 + mo, ((w * 7 + d) * 24 + h) * 3600 + mi * 60 + s)
    elif prop == "quantity":
        try:
            return int(v)
        except ValueError:
            pass
    return v


def _compatible(prop: str, a: str, b: str) -> bool:
    if _norm(prop, a) == _norm(prop, b):
        return True
    if prop == "date":  # "--03-18" (year unknown) agrees with "2025-03-18"
        ma, mb = _month_day(a), _month_day(b)
        if ma and ma == mb and (a.startswith("--") or b.startswith("--")):
            return True
    return False


_SPECIFIC_EVENT_CLASSES = frozenset(EVENT_CLASSES) - {"Event"}


def _conflicts(ev: Event) -> dict[str, list[tuple[str, list[str]]]]:
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for prop in CHECKED:
        vals = ev.values(prop)
        if len(vals) < 2:
            continue
        keys = sorted(vals)
        if any(not _compatible(prop, a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]):
            out[prop] = sorted(((v, sorted(s)) for v, s in vals.items()), key=lambda x: (x[1], x[0]))
    by_class: dict[str, set[str]] = defaultdict(set)  # specific event class -> sources stating it
    for s, cs in ev.classes.items():
        for c in cs:
            if c in _SPECIFIC_EVENT_CLASSES:
                by_class[c].add(s)
    if len(by_class) > 1:
        out["class"] = sorted(((c, sorted(s)) for c, s in by_class.items()), key=lambda x: (x[1], x[0]))
    return out


# ------------------------------------------------------------------------------ networkx graphs
def _relation(ev: Event, kind: int) -> str:
    rel = RELATIONS.get(ev.cls, RELATIONS["Event"])[kind]
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
class _Relation:
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
class _ActorNetwork:
    """The actor network as plain dictionaries, built once and shared by :func:`actor_network`,
    :func:`analytics` and the actor view (a networkx multigraph of a large build costs seconds to
    build and most of its memory is never looked at)."""

    takes_part: dict[str, int]  # the nodes, in IRI order -> number of events taken part in
    as_agent: dict[str, int]
    relations: dict[tuple[str, str, str], _Relation]  # (u, v, relation) -> edge

    @classmethod
    def of(cls, model: GraphModel) -> _ActorNetwork:
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
        relations: dict[tuple[str, str, str], _Relation] = {}
        for iri in sorted(model.events):
            ev = model.events[iri]
            for u, v, rel, directed in _event_pairs(ev, model.actors):
                if u not in nodes or v not in nodes:
                    continue
                if not directed and v < u:
                    u, v = v, u
                edge = relations.get((u, v, rel))
                if edge is None:
                    edge = relations[(u, v, rel)] = _Relation(u, v, rel, directed)
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
    return _actor_multigraph(model, _ActorNetwork.of(model))


def _actor_multigraph(model: GraphModel, net: _ActorNetwork) -> nx.MultiDiGraph:
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
        for role, a, srcs in _drawn_roles(model.events[iri]):
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


def _drawn_roles(ev: Any) -> list[tuple[str, str, Any]]:
    """An event's (role, actor, sources) as drawn: eg:participant only for actors that have no
    more specific role (agent, recipient, target), which every event also states."""
    specific = {a for (r, a) in ev.roles if r in _SPECIFIC_ROLES}
    return [
        (role, a, ev.roles[(role, a)])
        for (role, a) in sorted(ev.roles)
        if not (role == "participant" and a in specific)
    ]


_VALUE_PROPS = ("duration", "quantity", "date")  # the attributes drawn as value nodes


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
        for role, a, srcs in _drawn_roles(ev):
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
        for prop in _VALUE_PROPS:
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
class _GraphSizes:
    """Node and edge counts of the whole event and sources graphs (and the event graph's weakly
    connected components), counted from the model without building either graph."""

    event_nodes: int
    event_edges: int
    event_components: list[int]  # sizes, largest first
    source_nodes: int
    source_edges: int

    @classmethod
    def of(cls, model: GraphModel) -> _GraphSizes:
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
            for _, a, _ in _drawn_roles(ev):
                role_edges += 1
                linked.add(a)
                parent.setdefault(a, a)
                ra, rb = root(iri), root(a)
                if ra != rb:
                    parent[ra] = rb
            values += sum(len(ev.attrs.get(p, ())) for p in _VALUE_PROPS)
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


# ------------------------------------------------------------------------------------- analytics
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
    return _analytics(model, _ActorNetwork.of(model), _GraphSizes.of(model), top=top)


def _analytics(model: GraphModel, net: _ActorNetwork, sizes: _GraphSizes, *, top: int) -> dict[str, Any]:
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

    multi = sum(1 for e in model.events.values() if len(e.sources) > 1)
    disagreements = model.disagreements()
    ecomps = sizes.event_components
    return {
        "counts": {
            "sources": len(model.sources),
            "events": len(model.events),
            "actors": sum(1 for a in model.actors.values() if a.kind == "actor"),
            "places": sum(1 for a in model.actors.values() if a.kind == "place"),
            "mentions": sum(len(e.mentions) for e in model.events.values())
            + sum(len(a.mentions) for a in model.actors.values()),
            "events_by_class": dict(sorted(Counter(e.cls for e in model.events.values()).items())),
            "events_multi_source": multi,
            "events_single_source": len(model.events) - multi,
            "disagreements": len(disagreements),
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


def analytics_markdown(stats: Mapping[str, Any]) -> str:
    """The analytics as a few Markdown lines for the build report."""
    c, comp = stats["counts"], stats["components"]
    lines = [
        "## Graph analytics (networkx)",
        "",
        f"- {c['sources']} sources, {c['events']} events ({c['events_multi_source']} reported by more than "
        f"one source), {c['actors']} actors, {c['places']} places, {c['disagreements']} disagreements",
        f"- actor network: {stats['actor_network']['nodes']} actors, {stats['actor_network']['edges']} "
        f"relations; {comp['actor_network']['count']} connected components "
        f"(largest {comp['actor_network']['largest']['size'] if comp['actor_network']['largest'] else 0}, "
        f"{comp['actor_network']['isolated']} isolated)",
        f"- event graph: {stats['event_graph']['nodes']} nodes, {stats['event_graph']['edges']} edges, "
        f"{comp['event_graph']['count']} components",
        "",
        "| rank | degree | betweenness | PageRank |",
        "| --- | --- | --- | --- |",
    ]
    cen = stats["central_actors"]
    for i in range(len(cen["degree"])):

        def cell(key: str, i: int = i) -> str:
            row = cen[key][i] if i < len(cen[key]) else None
            return f"{row['label']} ({row['score']:.3f})".replace("|", "\\|") if row else ""

        lines.append(f"| {i + 1} | {cell('degree')} | {cell('betweenness')} | {cell('pagerank')} |")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------- layout
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


def _spring(g: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    n = g.number_of_nodes()
    if n == 1:
        return {next(iter(g)): (0.0, 0.0)}
    if n == 2:
        a, b = sorted(g)
        return {a: (-0.5, 0.0), b: (0.5, 0.0)}
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


# ------------------------------------------------------------------------------ what a view shows
#: the actor view draws at most this many links per node shown (max_edges = this × max_nodes)
EDGES_PER_NODE = 2


def _pick_events(
    model: GraphModel, max_nodes: int, *, with_sources: bool, conflicts_first: bool
) -> list[str]:
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
            group.update(f"val:{ev.iri}:{p}:{v}" for p in _VALUE_PROPS for v in ev.attrs.get(p, ()))
        group -= keep
        if len(keep) + len(group) <= max_nodes:
            keep |= group
            chosen.append(ev.iri)
        if len(keep) >= max_nodes:
            break
    return chosen


def _top_actors(net: _ActorNetwork, max_nodes: int) -> list[str]:
    """The ``max_nodes`` actors with the most events on their edges, in IRI order."""
    if len(net.takes_part) <= max_nodes:
        return list(net.takes_part)
    weighted = net.weighted_degree()
    return sorted(sorted(net.takes_part, key=lambda v: (-weighted[v], v))[:max_nodes])


def _strongest_links(weights: Mapping[tuple[str, str], int], max_edges: int) -> list[tuple[str, str]]:
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


# --------------------------------------------------------------------------------- page payloads
def short_id(sid: str) -> str:
    return sid if len(sid) <= 14 else sid[:8] + "…"


def _short_label(label: str, n: int = 60) -> str:
    """An event's label for the canvas: the part before its first ': ' (the full one is in the
    tooltip), "Statement by Vladimir Putin to Donald Trump: to Trump for his efforts…" → "Statement by
    Vladimir Putin to Donald Trump"."""
    head, sep, _ = label.partition(": ")
    return _clip(head if sep and len(head) >= 8 else label, n)


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


#: characters of evidence kept on each side of the mention: a "sentence" of a real article can be
#: a whole table or a run-on paragraph, and every tooltip carries up to MAX_EVIDENCE of them
EVIDENCE_CONTEXT = 240


def _split_evidence(m: Mention) -> list[str]:
    """[source, before, mention, after]: the evidence sentence with the mention to highlight."""
    # line/paragraph separators (U+2028/9) render as nothing in HTML: show them as spaces
    ev = (m.evidence or "").replace("\u2028", " ").replace("\u2029", " ")
    anchor = _clip_end(m.anchor or "", EVIDENCE_CONTEXT)
    i = ev.find(anchor) if anchor else -1
    if i < 0:
        return [m.source, _clip_end(ev, 2 * EVIDENCE_CONTEXT) + (" — " if ev and anchor else ""), anchor, ""]
    before, after = ev[:i], ev[i + len(anchor) :]
    if len(before) > EVIDENCE_CONTEXT:
        before = "…" + before[-(EVIDENCE_CONTEXT - 1) :]
    return [m.source, before, anchor, _clip_end(after, EVIDENCE_CONTEXT)]


def _clip_end(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _evidence(mentions: Iterable[Mention], only: set[str] | None = None) -> tuple[list[list[str]], int]:
    """The first MAX_EVIDENCE distinct evidence sentences, split for display, and how many more
    there are (the link between two hubs has thousands: only the ones shown are split)."""
    seen: set[tuple[str, str, str]] = set()
    out: list[list[str]] = []
    for m in mentions:
        if only is not None and m.source not in only:
            continue
        key = (m.source, m.evidence or "", m.anchor)
        if key in seen:
            continue
        seen.add(key)
        if len(out) < MAX_EVIDENCE:
            out.append(_split_evidence(m))
    return out, len(seen) - len(out)


#: article ids written out in one line of a tooltip or a timeline row (the rest are counted)
MAX_LISTED_SOURCES = 6


def _fmt_sources(srcs: Iterable[str], limit: int = MAX_LISTED_SOURCES) -> str:
    ordered = sorted(srcs)
    text = ", ".join(short_id(s) for s in ordered[:limit])
    return text + (f" +{len(ordered) - limit:,} more" if len(ordered) > limit else "")


#: values of one disagreement spelt out (an event merged from hundreds of articles can have dozens
#: of dates)
MAX_CONFLICT_VALUES = 4


def _most_stated(
    vals: Iterable[tuple[str, Iterable[str]]], limit: int
) -> tuple[list[tuple[str, list[str]]], int]:
    """The ``limit`` values that the most sources state (ties in the given order), each with its
    sorted sources, and how many other values there are."""
    ordered = sorted(((v, sorted(s)) for v, s in vals), key=lambda vs: -len(vs[1]))
    return ordered[:limit], max(0, len(ordered) - limit)


def _conf_entry(
    model: GraphModel, prop: str, vals: Iterable[tuple[str, Iterable[str]]], title: str | None = None
) -> list[Any]:
    """A disagreement for a tooltip: [title (the property), [[value, [first sources], number of
    sources]], number of values]."""
    listed, others = _most_stated(vals, MAX_CONFLICT_VALUES)
    out = [[_value_text(model, prop, v), s[:MAX_LISTED_SOURCES], len(s)] for v, s in listed]
    return [title or prop, out, len(listed) + others]


def _fmt_values(vals: Iterable[tuple[str, Iterable[str]]], sep: str) -> str:
    """Values of a disagreement as one line of text: "a (sources) vs b (sources) vs 3 other values"."""
    listed, others = _most_stated(vals, MAX_CONFLICT_VALUES)
    parts = [f"{v} ({_fmt_sources(s)})" for v, s in listed]
    return sep.join(parts + ([_n(others, "other value")] if others else []))


def _value_text(model: GraphModel, prop: str, value: str) -> str:
    return model.label(value) if prop == "place" else value


#: names per role, and values per attribute, written out in an event's tooltip: an event that
#: hundreds of articles report has about as many wordings of its topic
MAX_LISTED_NAMES = 12
MAX_LISTED_VALUES = 3


def _event_rows(model: GraphModel, ev: Event) -> tuple[list[list[str]], list[list[Any]]]:
    rows: list[list[str]] = []
    for role in ("agent", "recipient", "target", "participant", "place", "attributedTo"):
        names = [model.label(a) for a in ev.actors(role)]
        if role == "participant":
            specific = set(ev.actors("agent", "recipient", "target"))
            names = [model.label(a) for a in ev.actors(role) if a not in specific]
        if names and not (role == "place" and "place" in ev.conflicts):
            listed = "; ".join(names[:MAX_LISTED_NAMES])
            if len(names) > MAX_LISTED_NAMES:
                listed += f" +{len(names) - MAX_LISTED_NAMES:,} more"
            rows.append([ROLE_LABELS.get(role, role), listed])
    for prop in ATTRIBUTES:
        vals = ev.attrs.get(prop, {})
        if not vals or prop in ev.conflicts:
            continue
        # the values most sources state first
        ordered = sorted(vals.items(), key=lambda vs: (-len(vs[1]), vs[0]))
        text = " / ".join(f"{_clip(v, 240)} ({_fmt_sources(s)})" for v, s in ordered[:MAX_LISTED_VALUES])
        if len(ordered) > MAX_LISTED_VALUES:
            text += f" / … {len(ordered) - MAX_LISTED_VALUES:,} more"
        rows.append([prop, text])
    conf = [_conf_entry(model, prop, vals) for prop, vals in sorted(ev.conflicts.items())]
    return rows, conf


def _tip_event(model: GraphModel, ev: Event) -> dict[str, Any]:
    rows, conf = _event_rows(model, ev)
    ev_list, more = _evidence(ev.mentions)
    return {
        "h": ev.label,
        "c": " · ".join(
            [*(_human(c) for c in ev.subclasses), _human(ev.cls), "event", _n(len(ev.sources), "source")]
        ),
        "rows": rows,
        "conf": conf,
        "src": sorted(ev.sources),
        "ev": ev_list,
        "more": more,
    }


def _tip_actor(model: GraphModel, a: Actor, n_events: int = 0, n_agent: int = 0) -> dict[str, Any]:
    rows = []
    if a.alt_labels:
        rows.append(["also", "; ".join(a.alt_labels[:8]) + (" …" if len(a.alt_labels) > 8 else "")])
    if a.same_as:
        rows.append(["same as", " ".join(s.replace(WD, "wd:") for s in a.same_as[:4])])
    if n_events:
        rows.append(["events", f"takes part in {n_events}, as agent in {n_agent}"])
    classes = sorted({c for cs in a.classes.values() for c in cs})
    if len(classes) > 1:
        rows.append(["classes", ", ".join(_human(c) for c in classes)])
    ev_list, more = _evidence(a.mentions)
    return {
        "h": a.label,
        "c": " · ".join([*(_human(c) for c in a.subclasses), _human(a.cls), a.kind]),
        "rows": rows,
        "conf": [],
        "src": sorted(a.sources),
        "ev": ev_list,
        "more": more,
    }


def _n(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _human(cls: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", cls).capitalize()


def _node_colour(bg: str, border: str | None = None, width: int | None = None) -> dict[str, Any]:
    border = border or bg
    c = {"background": bg, "border": border}
    return {"color": {**c, "highlight": c, "hover": c}, **({"borderWidth": width} if width else {})}


def _options(n_nodes: int, physics: bool, *, font: int = 15) -> dict[str, Any]:
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
class _View:
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


def _pyvis_payload(
    g: nx.MultiDiGraph, node_opts: dict[Any, dict[str, Any]], edge_opts: list[tuple[Any, Any, dict[str, Any]]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Let pyvis assemble the vis-network node/edge records (positions and styling included)."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    ids = {v: i for i, v in enumerate(g)}
    for v in g:
        opts = dict(node_opts[v])
        label = opts.pop("label", "") or " "
        shape = opts.pop("shape", "dot")
        net.add_node(ids[v], label=label, shape=shape, iri=str(v), **opts)
    for i, (u, v, opts) in enumerate(edge_opts):
        net.add_edge(ids[u], ids[v], id=f"e{i}", **opts)
    nodes, edges, *_ = net.get_network_data()
    return nodes, edges


def _physics_for(n: int) -> bool:
    return n <= PHYSICS_MAX_NODES


def _note(
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


#: events (and relations) listed in one link's tooltip, and the events whose disagreements it
#: spells out: a link between two hubs has hundreds of events
MAX_TIP_EVENTS = 6
MAX_TIP_CONFLICTS = 3


def _link_payload(
    model: GraphModel, pair: tuple[str, str], relations: list[_Relation]
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
    ev_list, more = _evidence(m for e in evs for m in e.mentions)
    rows = [["events", str(n_events)]]
    if len(relations) > 1:
        rows += [
            ["relation", f"{model.label(r.u)} {r.relation} {model.label(r.v)} ({_n(r.weight, 'event')})"]
            for r in relations[:MAX_TIP_EVENTS]
        ]
        if len(relations) > MAX_TIP_EVENTS:
            rows.append(["", f"… and {len(relations) - MAX_TIP_EVENTS:,} more relations"])
    for e in evs[:MAX_TIP_EVENTS]:
        dates = sorted(e.attrs.get("date", {}))
        date = " / ".join(dates[:MAX_LISTED_VALUES]) + (" / …" if len(dates) > MAX_LISTED_VALUES else "")
        rows.append(
            [
                _human(e.cls),
                f"{_clip(e.label, 160)}{' (' + date + ')' if date else ''} — {_fmt_sources(e.sources, 4)}",
            ]
        )
    if n_events > MAX_TIP_EVENTS:
        rows.append(["", f"… and {n_events - MAX_TIP_EVENTS:,} more (the most reported are listed)"])
    conflicted = [e for e in evs if e.conflicts]
    conf = [
        _conf_entry(model, prop, vals, title=f"{prop} of “{_short_label(e.label, 50)}”")
        for e in conflicted[:MAX_TIP_CONFLICTS]
        for prop, vals in sorted(e.conflicts.items())
    ]
    if len(conflicted) > MAX_TIP_CONFLICTS:
        rows.append(["disagreements", f"in {len(conflicted):,} of these events; the first are shown"])
    if len(relations) == 1:
        label = main.relation + (f" ×{n_events}" if n_events > 1 else "")
        head = f"{model.label(a)} {main.relation} {model.label(b)}"
        cls = f"relation · {_n(n_events, 'event')}"
    else:
        label = f"{main.relation} ×{main.weight} · +{len(relations) - 1}"
        head = f"{model.label(a)} and {model.label(b)}"
        cls = f"{len(relations)} relations · {_n(n_events, 'event')}"
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


def _actor_view(model: GraphModel, net: _ActorNetwork, max_nodes: int, max_edges: int) -> _View:
    """Actors and one edge per pair of actors (a link: all their relations), the most connected
    actors and the links with the most events when the network is larger than the caps."""
    shown = _top_actors(net, max_nodes)
    shown_set = set(shown)
    all_links: set[tuple[str, str]] = set()
    links: dict[tuple[str, str], list[_Relation]] = defaultdict(list)
    for r in net.relations.values():
        pair = (r.u, r.v) if r.u < r.v else (r.v, r.u)
        all_links.add(pair)
        if r.u in shown_set and r.v in shown_set:
            links[pair].append(r)
    weights = {p: len({e for r in rs for e in r.events}) for p, rs in links.items()}
    drawn = _strongest_links(weights, max_edges)
    g = nx.Graph()
    g.add_nodes_from(shown)
    g.add_edges_from(drawn)
    physics = _physics_for(len(shown))
    pos = layout(g, spacing=110.0)
    node_opts = {}
    for v in shown:
        a = model.actors[v]
        n_events = net.takes_part[v]
        colour = ACTOR_COLOURS.get(a.cls, ACTOR_COLOURS["Actor"])
        node_opts[v] = {
            "label": _clip(a.label, 40),
            "shape": "dot",
            "size": round(10 + 7 * math.sqrt(n_events), 1),
            "x": pos[v][0],
            "y": pos[v][1],
            **_node_colour(colour, "#ffffff" if n_events else colour, 2),
            "tip": _tip_actor(model, a, n_events, net.as_agent[v]),
            "kind": "actor",
            "cls": a.cls,
        }
    edge_opts = [_link_payload(model, pair, links[pair]) for pair in drawn]
    nodes, edges = _pyvis_payload(g, node_opts, edge_opts)
    classes = sorted({model.actors[v].cls for v in shown}, key=lambda c: list(ACTOR_COLOURS).index(c))
    legend = [{"label": _human(c), "color": ACTOR_COLOURS[c], "shape": "dot"} for c in classes]
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
    return _View(
        name="actors",
        title="Actor network",
        intro="Actors (sized by how many events they take part in) and one edge per pair of actors, "
        "labelled with their relation and weighted by the events that link them.",
        nodes=nodes,
        edges=edges,
        legend=legend,
        options=_options(len(shown), physics),
        physics=physics,
        note=_note(
            (len(nodes), len(edges)),
            total,
            physics,
            ("actors", "links between actors"),
            "the most connected actors, and the links with the most events among them "
            "(every actor keeps its strongest link)",
        ),
        total_nodes=total[0],
        total_edges=total[1],
    )


def _event_node(model: GraphModel, ev: Event, x: float, y: float, *, attrs: bool) -> dict[str, Any]:
    colour = EVENT_COLOURS.get(ev.cls, EVENT_COLOURS["Event"])
    label = _short_label(ev.label)
    if attrs:
        bits = []
        for prop in ("date", "duration", "quantity"):
            vals = sorted(ev.attrs.get(prop, {}))
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
        **_node_colour(colour, DISAGREE if ev.conflicts else "#ffffff", 4 if ev.conflicts else 2),
        "tip": _tip_event(model, ev),
        "src": sorted(ev.sources),
        "kind": "event",
        "cls": ev.cls,
        **({"font": {"color": DISAGREE}} if ev.conflicts else {}),
    }


def _actor_box(model: GraphModel, iri: str, x: float, y: float, srcs: list[str]) -> dict[str, Any]:
    a = model.actors.get(iri) or Actor(iri=iri, label=_slug_label(iri))
    return {
        "label": _clip(a.label, 40),
        "shape": "box",
        "x": x,
        "y": y,
        **_node_colour(ACTOR_TINTS.get(a.cls, "#eee"), ACTOR_COLOURS.get(a.cls, "#999"), 2),
        "margin": 6,
        "tip": _tip_actor(model, a),
        "src": srcs,
        "kind": a.kind,
        "cls": a.cls,
    }


def _role_edge(
    model: GraphModel, ev: Event, actor: str, role: str, srcs: list[str], dis: bool
) -> dict[str, Any]:
    name = ROLE_LABELS.get(role, role)
    ev_list, more = _evidence(ev.mentions, set(srcs))
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


def _classes_legend(classes: Iterable[str], colours: Mapping[str, str], shape: str) -> list[dict[str, Any]]:
    order = list(colours)
    return [
        {"label": _human(c), "color": colours.get(c, "#999"), "shape": shape}
        for c in sorted(set(classes), key=lambda c: order.index(c) if c in order else len(order))
    ]


def _actor_legend(classes: Iterable[str]) -> list[dict[str, Any]]:
    order = list(ACTOR_COLOURS)
    return [
        {
            "label": _human(c),
            "color": ACTOR_TINTS.get(c, "#eee"),
            "border": ACTOR_COLOURS.get(c, "#999"),
            "shape": "box",
        }
        for c in sorted(set(classes), key=lambda c: order.index(c) if c in order else len(order))
    ]


def _event_view(model: GraphModel, sizes: _GraphSizes, max_nodes: int) -> _View:
    total = (sizes.event_nodes, sizes.event_edges)
    if total[0] <= max_nodes:
        g = event_graph(model)
    else:
        g = event_graph(model, _pick_events(model, max_nodes, with_sources=False, conflicts_first=False))
    physics = _physics_for(g.number_of_nodes())
    pos = layout(g, spacing=120.0)
    node_opts = {}
    for v, d in g.nodes(data=True):
        if d["kind"] == "event":
            node_opts[v] = _event_node(model, model.events[v], *pos[v], attrs=True)
        else:
            node_opts[v] = _actor_box(model, v, *pos[v], d["sources"])
    edge_opts = []
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), e[2])):
        ev = model.events[u]
        dis = k == "place" and "place" in ev.conflicts
        edge_opts.append((u, v, _role_edge(model, ev, v, k, d["sources"], dis)))
    nodes, edges = _pyvis_payload(g, node_opts, edge_opts)
    ev_classes = {d["cls"] for _, d in g.nodes(data=True) if d["kind"] == "event"}
    ac_classes = {d["cls"] for _, d in g.nodes(data=True) if d["kind"] != "event"}
    legend = _classes_legend(ev_classes, EVENT_COLOURS, "dot")
    legend += [
        {"label": "event that sources disagree on", "color": "#ffffff", "border": DISAGREE, "shape": "dot"}
    ]
    legend += _actor_legend(ac_classes)
    roles = sorted({k for _, _, k in g.edges(keys=True)}, key=lambda r: list(ROLE_COLOURS).index(r))
    legend += [
        {
            "label": f"role: {ROLE_LABELS.get(r, r)}",
            "color": ROLE_COLOURS[r],
            "shape": "dashed" if r in ("participant", "attributedTo", "place") else "line",
        }
        for r in roles
    ]
    return _View(
        name="events",
        title="Event graph",
        intro="Events (coloured by class, attributes under the label) and the actors they link, "
        "with role-labelled edges.",
        nodes=nodes,
        edges=edges,
        legend=legend,
        options=_options(g.number_of_nodes(), physics, font=18),
        physics=physics,
        note=_note(
            (len(nodes), len(edges)),
            total,
            physics,
            ("nodes", "edges"),
            "the most reported events with their actors",
        ),
        total_nodes=total[0],
        total_edges=total[1],
    )


def _source_colour(model: GraphModel) -> dict[str, str]:
    return {s: SOURCE_COLOURS[i % len(SOURCE_COLOURS)] for i, s in enumerate(sorted(model.sources))}


def _sources_view(model: GraphModel, sizes: _GraphSizes, max_nodes: int) -> _View:
    total = (sizes.source_nodes, sizes.source_edges)
    if total[0] <= max_nodes:
        g = sources_graph(model)
    else:
        g = sources_graph(model, _pick_events(model, max_nodes, with_sources=True, conflicts_first=True))
    physics = _physics_for(g.number_of_nodes())
    pos = layout(g, spacing=110.0)
    colours = _source_colour(model)
    reports = Counter(s for e in model.events.values() for s in e.sources)
    node_opts: dict[Any, dict[str, Any]] = {}
    for v, d in g.nodes(data=True):
        x, y = pos[v]
        kind = d["kind"]
        if kind == "source":
            s = model.sources[d["label"]]
            node_opts[v] = {
                "label": short_id(s.id) + ("\n" + _clip(s.title, 34) if s.title else ""),
                "shape": "box",
                "x": x,
                "y": y,
                **_node_colour("#ffffff", colours[s.id], 3),
                "margin": 8,
                "font": {"color": "#222", "size": 16},
                "tip": _tip_source(model, s, reports[s.id]),
            }
        elif kind == "event":
            node_opts[v] = _event_node(model, model.events[v], x, y, attrs=False)
        elif kind == "value":
            conflict = d["conflict"]
            ev = model.events[next(iter(g.predecessors(v)))]
            srcs = d["sources"]
            rows = [["event", ev.label], ["stated by", _fmt_sources(srcs)]]
            conf = [_conf_entry(model, p, vals) for p, vals in ev.conflicts.items()]
            ev_list, more = _evidence(ev.mentions, set(srcs))
            node_opts[v] = {
                "label": ("⚠ " if conflict else "") + _clip(d["label"], 40),
                "shape": "box",
                "x": x,
                "y": y,
                **_node_colour(
                    DISAGREE_LIGHT if conflict else "#fff7d6",
                    DISAGREE if conflict else "#c9b458",
                    3 if conflict else 1,
                ),
                "font": {"color": "#a50f15" if conflict else "#333", "size": 16},
                "margin": 5,
                "tip": {
                    "h": f"{d['prop']}: {d['value']}",
                    "c": "attribute value" + (" · sources disagree" if conflict else ""),
                    "rows": rows,
                    "conf": [c for c in conf if c[0] == d["prop"]],
                    "src": srcs,
                    "ev": ev_list,
                    "more": more,
                },
            }
        else:
            node_opts[v] = _actor_box(model, v, x, y, d["sources"])
        node_opts[v].update({"src": d["sources"], "dis": bool(d.get("dis")), "single": bool(d.get("single"))})
        node_opts[v].setdefault("kind", kind)
    edge_opts = []
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), e[2])):
        srcs = d["sources"]
        if d["kind"] == "reports":
            s = srcs[0]
            ev = model.events[v]
            ev_list, more = _evidence(ev.mentions, {s})
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
            ev_list, more = _evidence(ev.mentions, set(srcs))
            e = {
                "label": _fmt_sources(srcs),
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
                    "rows": [["stated by", _fmt_sources(srcs)]],
                    "conf": [
                        _conf_entry(model, p, vals) for p, vals in ev.conflicts.items() if p == d["prop"]
                    ],
                    "src": srcs,
                    "ev": ev_list,
                    "more": more,
                },
            }
        else:
            ev = model.events[u]
            e = _role_edge(model, ev, v, k, srcs, bool(d.get("dis")))
        e.update({"src": srcs, "dis": bool(d.get("dis")), "single": bool(d.get("single"))})
        edge_opts.append((u, v, e))
    nodes, edges = _pyvis_payload(g, node_opts, edge_opts)
    ev_classes = {d["cls"] for _, d in g.nodes(data=True) if d["kind"] == "event"}
    legend = [
        {"label": "article (border: its colour)", "color": "#ffffff", "border": "#1f77b4", "shape": "box"}
    ]
    legend += _classes_legend(ev_classes, EVENT_COLOURS, "dot")
    legend += [
        {"label": "event that sources disagree on", "color": "#ffffff", "border": DISAGREE, "shape": "dot"},
        {"label": "attribute value", "color": "#fff7d6", "border": "#c9b458", "shape": "box"},
        {"label": "conflicting value", "color": DISAGREE_LIGHT, "border": DISAGREE, "shape": "box"},
    ]
    ac_classes = {d["cls"] for _, d in g.nodes(data=True) if d["kind"] in ("actor", "place")}
    legend += _actor_legend(ac_classes)
    legend += [
        {"label": "reports (article colour)", "color": "#1f77b4", "shape": "line"},
        {"label": "stated by (edge label: sources)", "color": "#999999", "shape": "line"},
    ]
    return _View(
        name="sources",
        title="Sources",
        intro="Which article says what: articles, the events they report, and the values they state. "
        "Pick one source, or only the facts that sources disagree on, or that only one source states.",
        nodes=nodes,
        edges=edges,
        legend=legend,
        options=_options(g.number_of_nodes(), physics, font=18),
        physics=physics,
        note=_note(
            (len(nodes), len(edges)),
            total,
            physics,
            ("nodes", "edges"),
            "the events that sources disagree on first, then the most reported events, each with "
            "the articles reporting it",
        ),
        total_nodes=total[0],
        total_edges=total[1],
        filter=True,
    )


def _tip_source(model: GraphModel, s: Source, n: int) -> dict[str, Any]:
    rows = [["id", s.id]]
    for key in ("title", "publisher", "issued", "url"):
        val = getattr(s, key)
        if val:
            rows.append([key, val])
    rows.append(["events", str(n)])
    return {
        "h": s.title or s.id,
        "c": "article (source)",
        "rows": rows,
        "conf": [],
        "src": [s.id],
        "ev": [],
        "more": 0,
    }


# ----------------------------------------------------------------------------------------- pages
_TEMPLATES = resources.files("eventgraph") / "templates"
_MARKER = re.compile(r"@@([A-Z_]+)@@")


@cache
def _asset(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


@cache
def _vis_asset(name: str) -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / name
    text = path.read_text(encoding="utf-8")
    if re.search(r"</(script|style)", text, re.IGNORECASE) or "<!--" in text:
        raise RuntimeError(f"{path} cannot be inlined safely")
    return text


def _fill(template: str, values: Mapping[str, str]) -> str:
    """Substitute ``@@NAME@@`` markers in one pass (inserted text is never re-scanned)."""
    return _MARKER.sub(lambda m: values[m.group(1)], template)


def json_for_script(obj: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">`` (no ``</script>``, no U+2028)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


_PAGES = (
    ("index", "Overview"),
    ("actors", "Actor network"),
    ("events", "Event graph"),
    ("sources", "Sources"),
    ("timeline", "Timeline"),
)


def _nav(current: str) -> str:
    links = []
    for name, title in _PAGES:
        if name == current:
            links.append(f'<a href="{name}.html" aria-current="page">{html.escape(title)}</a>')
        else:
            links.append(f'<a href="{name}.html">{html.escape(title)}</a>')
    return "".join(links)


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


MAX_TIP_SOURCES = 8


def _slim(items: list[dict[str, Any]], keep_src: bool) -> None:
    """Tooltips list at most MAX_TIP_SOURCES sources (and say how many there are); the per-item
    source lists, needed only by the source filter, go where there is no filter."""
    for item in items:
        tip = item.get("tip")
        if tip and len(tip.get("src", ())) > MAX_TIP_SOURCES:
            tip["nsrc"] = len(tip["src"])
            tip["src"] = tip["src"][:MAX_TIP_SOURCES]
        if not keep_src:
            item.pop("src", None)


def _cited_sources(items: Iterable[dict[str, Any]]) -> set[str]:
    """The article ids that a view's items name: in their tooltips, evidence and filter lists."""
    out: set[str] = set()
    for item in items:
        out.update(item.get("src", ()))
        tip = item.get("tip") or {}
        out.update(tip.get("src", ()))
        out.update(e[0] for e in tip.get("ev", ()))
    return out


def _render_view(view: _View, model: GraphModel) -> str:
    _slim(view.nodes, view.filter)
    _slim(view.edges, view.filter)
    # only the articles the page names: a build has tens of thousands, a page names a few thousand
    cited = _cited_sources([*view.nodes, *view.edges])
    sources = [
        {"id": s.id, "title": s.title or "", "publisher": s.publisher or "", "issued": s.issued or ""}
        for s in (model.sources[sid] for sid in sorted(cited) if sid in model.sources)
    ]
    data = {
        "view": view.name,
        "physics": view.physics,
        "nodes": view.nodes,
        "edges": view.edges,
        "options": view.options,
        "legend": view.legend,
        "sources": sources,
        "filter": view.filter,
    }
    counts = (
        f"{len(view.nodes):,} of {view.total_nodes:,} nodes and {len(view.edges):,} of "
        f"{view.total_edges:,} edges shown · {len(model.sources):,} sources · {len(model.events):,} events"
    )
    note = f'<p class="eg-note" id="eg-note">{_e(view.note)}</p>' if view.note else ""
    return _fill(
        _asset("view.html"),
        {
            "TITLE": _e(f"{view.title} · eventgraph"),
            "NAV": _nav(view.name),
            "HEADING": _e(view.title),
            "INTRO": _e(view.intro),
            "COUNTS": _e(counts),
            "NOTE": note,
            "FILTER": (
                '<label class="eg-field">Show <select id="eg-filter"></select></label>' if view.filter else ""
            ),
            "CSS": _asset("view.css"),
            "VIS_CSS": _vis_asset("vis-network.css"),
            "VIS_JS": _vis_asset("vis-network.min.js"),
            "JS": _asset("view.js"),
            "DATA": json_for_script(data),
        },
    )


def _page(name: str, title: str, body: str, script: str = "") -> str:
    return _fill(
        _asset("page.html"),
        {
            "TITLE": _e(f"{title} · eventgraph"),
            "NAV": _nav(name),
            "CSS": _asset("view.css"),
            "BODY": body,
            "SCRIPT": script,
        },
    )


def _month_day(value: str) -> tuple[int, int] | None:
    m = re.match(r"^(?:-?\d{4,}|-)-(\d{2})-(\d{2})", value.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


def _date_key(model: GraphModel, ev: Event) -> tuple[Any, ...]:
    dates = sorted(ev.attrs.get("date", {}))
    full = [d for d in dates if re.match(r"^-?\d{4,}-\d{2}-\d{2}", d)]
    if full:
        y, mth, d = (int(x) for x in re.match(r"^(-?\d{4,})-(\d{2})-(\d{2})", full[0]).groups())  # type: ignore[union-attr]
        return (0, y, mth, d)
    md = next((x for x in map(_month_day, dates) if x), None)
    if md:  # a year-less date: take the year from the articles' publication dates, when known
        years = sorted(
            int(s.issued[:4])
            for sid in ev.sources
            if (s := model.sources.get(sid)) and s.issued and re.match(r"^\d{4}", s.issued)
        )
        return (0, years[0] if years else 0, *md)
    return (1, 0, 0, 0)


def _mark(parts: list[str]) -> str:
    _, before, mark, after = parts
    return f"{_e(before)}<mark>{_e(mark)}</mark>{_e(after)}"


#: rows of the timeline at most: a row is most of a kilobyte and a large build has 100,000 events
TIMELINE_MAX_EVENTS = 3000


def _timeline_events(model: GraphModel, max_events: int) -> tuple[list[Event], str]:
    """The events the timeline lists, by date, and a note on those it leaves out."""
    events = list(model.events.values())
    note = ""
    if len(events) > max_events:
        events = sorted(events, key=lambda e: (not e.conflicts, -len(e.sources), e.iri))[:max_events]
        note = (
            f"Showing {max_events:,} of {len(model.events):,} events: the events that sources disagree "
            "on first, then the most reported."
        )
    keys = {ev.iri: _date_key(model, ev) for ev in events}
    return sorted(events, key=lambda e: (*keys[e.iri], e.label, e.iri)), note


def _timeline_page(model: GraphModel, events: list[Event], note: str) -> str:
    rows = []
    undated_started = False
    for ev in events:
        key = _date_key(model, ev)
        if key[0] == 1 and not undated_started:
            undated_started = True
            rows.append('<div class="eg-tl-sep">Undated</div>')
        dates = ev.attrs.get("date", {})
        if "date" in ev.conflicts:
            date_html = f'<span class="eg-conf">{_e(_fmt_values(sorted(dates.items()), " vs "))}</span>'
        else:
            date_html = " = ".join(_e(d) for d in sorted(dates)) or "—"
            if key[0] == 0 and all(d.startswith("--") for d in dates) and key[1]:
                date_html += f' <small title="year from the article date">({key[1]})</small>'
        roles = []
        for role in ("agent", "recipient", "target", "participant"):
            names = ev.actors(role)
            if role == "participant":
                specific = set(ev.actors("agent", "recipient", "target"))
                names = [a for a in names if a not in specific]
            if names:
                roles.append(f"<b>{_e(role)}</b>: " + "; ".join(_e(model.label(a)) for a in names))
        rows_, _ = _event_rows(model, ev)
        attrs = [f"{_e(k)}: {_e(v)}" for k, v in rows_ if k in ATTRIBUTES and k != "date"]
        attrs += [
            '<span class="eg-conf">'
            + _e(p)
            + ": "
            + _e(_fmt_values(((_value_text(model, p, v), s) for v, s in vals), " vs "))
            + "</span>"
            for p, vals in sorted(ev.conflicts.items())
            if p != "date"
        ]
        listed = [sid for sid in sorted(ev.sources) if sid in model.sources]
        srcs = "<br>".join(
            f'<span class="eg-src" title="{_e(sid)}">{_e(short_id(sid))}</span> '
            + _e(_clip(model.sources[sid].title or "", 60))
            for sid in listed[:6]
        ) + (f"<br>… and {len(listed) - 6:,} more" if len(listed) > 6 else "")
        ev_list, _ = _evidence(ev.mentions)
        evidence = "".join(f'<p class="eg-ev">{_mark(p)}</p>' for p in ev_list[:2])
        colour = EVENT_COLOURS.get(ev.cls, EVENT_COLOURS["Event"])
        rows.append(
            f'<div class="eg-tl-row{" eg-dis" if ev.conflicts else ""}" '
            f'data-src="{_e(" ".join(sorted(ev.sources)))}">'
            f'<div class="eg-date">{date_html}</div>'
            f'<div class="eg-class"><span class="eg-sw" style="background:{_e(colour)}"></span>'
            f"{_e(_human(ev.cls))}</div>"
            f"<div><b>{_e(ev.label)}</b>{''.join('<br>' + a for a in attrs)}</div>"
            f"<div>{'<br>'.join(roles)}</div><div>{srcs}</div><div>{evidence}</div></div>"
        )
    # the filter offers the articles that report a listed event, not every article of the build
    listed_sources = sorted({s for ev in events for s in ev.sources} & model.sources.keys())
    options = "".join(
        f'<option value="{_e(s)}">{_e(short_id(s))} — {_e(_clip(model.sources[s].title or "", 60))}</option>'
        for s in listed_sources
    )
    body = (
        "<h1>Timeline</h1>"
        f'<p class="eg-counts">{len(events):,} events from {len(listed_sources):,} sources, by date '
        "(a date without a year takes the year of its articles; undated last).</p>"
        + (f'<p class="eg-note" id="eg-note">{_e(note)}</p>' if note else "")
        + '<p class="eg-controls"><label class="eg-field">Source <select id="eg-tl-source">'
        f'<option value="">All sources</option>{options}</select></label> '
        '<label class="eg-field">Filter <input id="eg-tl-q" type="search" placeholder="word in a row…">'
        "</label></p>"
        # rows are grid blocks with content-visibility:auto, so that a long timeline renders only
        # what is on screen (a <table> of thousands of rows takes seconds to lay out)
        '<div class="eg-tl" id="eg-timeline" role="table">'
        '<div class="eg-tl-head" role="row"><div>Date</div><div>Class</div><div>Event</div>'
        "<div>Actors</div><div>Sources</div><div>Evidence</div></div>" + "".join(rows) + "</div>"
    )
    return _page("timeline", "Timeline", body, _asset("timeline.js"))


def _index_page(model: GraphModel, views: list[_View], timeline_note: str, stats: Mapping[str, Any]) -> str:
    c = stats["counts"]
    items = []
    for v in views:
        extra = f" — {v.note}" if v.note else ""
        items.append(
            f'<li><a href="{v.name}.html">{_e(v.title)}</a>: {_e(v.intro)} '
            f"<small>({len(v.nodes):,} of {v.total_nodes:,} nodes, {len(v.edges):,} of "
            f"{v.total_edges:,} edges{_e(extra)})</small></li>"
        )
    items.append(
        '<li><a href="timeline.html">Timeline</a>: '
        "events by date, with their class, actors and sources"
        + (f" <small>({_e(timeline_note)})</small>" if timeline_note else "")
        + ".</li>"
    )
    cen = stats["central_actors"]
    crow = []
    for i in range(len(cen["degree"])):
        cells = []
        for key in ("degree", "betweenness", "pagerank"):
            r = cen[key][i] if i < len(cen[key]) else None
            cells.append(f"<td>{_e(r['label'])} <small>{r['score']:.3f}</small></td>" if r else "<td></td>")
        crow.append(f"<tr><td>{i + 1}</td>{''.join(cells)}</tr>")
    comp = stats["components"]["actor_network"]
    dis = stats["disagreements"]
    dis_items = "".join(
        f"<li><b>{_e(d['label'])}</b> — {_e(d['property'])}: "
        + _e(_fmt_values(((v["value"], v["sources"]) for v in d["values"]), " vs "))
        + "</li>"
        for d in dis[:50]
    )
    src_rows = "".join(
        f"<tr><td><span class=eg-src>{_e(s.id)}</span></td><td>{_e(s.title or '')}</td>"
        f"<td>{_e(s.publisher or '')}</td><td>{_e(s.issued or '')}</td>"
        f"<td class=eg-url>{_e(s.url or '')}</td></tr>"
        for s in sorted(model.sources.values(), key=lambda s: s.id)[:500]
    )
    more_src = f"<p>… and {len(model.sources) - 500:,} more sources.</p>" if len(model.sources) > 500 else ""
    body = (
        "<h1>eventgraph views</h1>"
        f'<p class="eg-counts">{c["sources"]:,} sources · {c["events"]:,} events '
        f"({c['events_multi_source']:,} reported by more than one source) · {c['actors']:,} actors · "
        f"{c['places']:,} places · {c['disagreements']:,} disagreements</p>"
        f"<ul class=eg-views>{''.join(items)}</ul>"
        "<h2>Most central actors</h2>"
        f"<p>In the actor network ({stats['actor_network']['nodes']:,} actors, "
        f"{stats['actor_network']['edges']:,} relations; betweenness {_e(cen['betweenness_method'])}).</p>"
        '<table class="eg-table"><thead><tr><th>#</th><th>Degree</th><th>Betweenness</th><th>PageRank</th>'
        f"</tr></thead><tbody>{''.join(crow)}</tbody></table>"
        "<h2>Connected components</h2>"
        f"<p>The actor network has {comp['count']:,} connected components"
        + (
            f"; the largest has {comp['largest']['size']:,} actors "
            f"({_e(', '.join(comp['largest']['top_members']))})"
            if comp["largest"]
            else ""
        )
        + f"; {comp['isolated']:,} actors are isolated. "
        + f"Sizes: {_e(', '.join(map(str, comp['sizes'][:20])))}.</p>"
        f"<h2>Disagreements between sources ({len(dis):,})</h2>"
        + (f"<ul>{dis_items}</ul>" if dis_items else "<p>None.</p>")
        + "<h2>Sources</h2>"
        '<table class="eg-table"><thead><tr><th>id</th><th>title</th><th>publisher</th>'
        "<th>issued</th><th>url</th>"
        f"</tr></thead><tbody>{src_rows}</tbody></table>{more_src}"
    )
    return _page("index", "Overview", body)


def write_views(
    store: Any,
    out_dir: Path | str,
    *,
    max_nodes: int = 1500,
    max_edges: int | None = None,
    max_timeline_events: int = TIMELINE_MAX_EVENTS,
    model: GraphModel | None = None,
    stats: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write actors.html, events.html, sources.html, timeline.html and index.html into ``out_dir``.

    ``store`` is the build's pyoxigraph Store; pass ``model`` (and ``stats`` from
    :func:`analytics`) when you already have them to avoid reading and computing twice.
    Each graph view draws at most ``max_nodes`` nodes, and the actor network at most
    ``max_edges`` links (default: EDGES_PER_NODE × ``max_nodes``); the timeline lists at most
    ``max_timeline_events`` events. Each page says what it leaves out, so that a page's size
    follows these caps, not the size of the build. Returns the written paths in that order.
    """
    model = model if model is not None else graph_model(store)
    net = _ActorNetwork.of(model)
    sizes = _GraphSizes.of(model)
    stats = stats if stats is not None else _analytics(model, net, sizes, top=10)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    views = [
        _actor_view(model, net, max_nodes, EDGES_PER_NODE * max_nodes if max_edges is None else max_edges),
        _event_view(model, sizes, max_nodes),
        _sources_view(model, sizes, max_nodes),
    ]
    # written beside and renamed into place: a killed build keeps the previous page whole
    from eventgraph.export import atomic_write

    pages = [(f"{v.name}.html", _render_view(v, model)) for v in views]
    timeline, timeline_note = _timeline_events(model, max_timeline_events)
    pages.append(("timeline.html", _timeline_page(model, timeline, timeline_note)))
    pages.append(("index.html", _index_page(model, views, timeline_note, stats)))
    paths = []
    for name, page in pages:
        p = out / name
        with atomic_write(p, "w") as fh:
            fh.write(page)
        paths.append(p)
    return paths


def render_inline(path_or_html: Path | str, *, height: int = 640) -> Any:
    """An IPython display object showing a view inline (an ``<iframe srcdoc>``: works offline)."""
    from IPython.display import HTML

    text = str(path_or_html)
    if isinstance(path_or_html, Path) or (not text.lstrip().startswith("<") and Path(text).is_file()):
        text = Path(path_or_html).read_text(encoding="utf-8")
    return HTML(
        f'<div class="eventgraph-view"><iframe srcdoc="{html.escape(text, quote=True)}" '
        'sandbox="allow-scripts" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd"></iframe></div>'
    )
