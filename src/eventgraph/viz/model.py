"""A build's graph as plain Python (:class:`GraphModel`), read from the store's quads, with the
source (article) of every statement and the classes resolved through the ontology's subclasses."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from rdflib.namespace import RDF

from eventgraph import vocab
from eventgraph.classes import class_table
from eventgraph.disagreement import COMPARED, disagreements
from eventgraph.viz.style import ATTRIBUTES, EVENT_LINKS, ROLES, actor_classes, event_classes, place_classes

#: property -> [(value, sources stating it)], for the properties that sources disagree on
Conflicts = dict[str, list[tuple[str, list[str]]]]

# plain strings: the model compares and concatenates IRIs by the million
EG = str(vocab.EG._NS)
NIF = str(vocab.NIF)
RDFS = vocab.PREFIXES["rdfs"]
DCT = vocab.PREFIXES["dcterms"]
RDF_TYPE = str(RDF.type)
SKOS_ALT = vocab.PREFIXES["skos"] + "altLabel"
OWL_SAMEAS = vocab.PREFIXES["owl"] + "sameAs"
PROV_DERIVED = vocab.PREFIXES["prov"] + "wasDerivedFrom"
AFFILIATION = str(vocab.EG.affiliation)
ONTOLOGY_GRAPH = vocab.ONTOLOGY_GRAPH
# schema.org terms are in use with either scheme
SCHEMA_URL = (str(vocab.SCHEMA.url), str(vocab.SCHEMA.url).replace("https://", "http://", 1))


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
        # an IRI that some article has act (a person, an organization, a state) is an actor, however
        # many others name it as a place: the `actors` query lists it, and so do the counts
        acting = actor_classes()
        if any(c in acting for cs in self.classes.values() for c in cs):
            return _primary_class(self.classes, acting, "Actor")
        return _primary_class(self.classes, acting + place_classes(), "Actor")

    @property
    def kind(self) -> str:
        return "place" if self.cls in place_classes() else "actor"


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
    conflicts: Conflicts = field(default_factory=dict)

    @cached_property
    def cls(self) -> str:
        return _primary_class(self.classes, event_classes(), "Event")

    def actors(self, *roles: str) -> list[str]:
        wanted = roles or ROLES
        return sorted({a for (r, a) in self.roles if r in wanted})

    def values(self, prop: str) -> dict[str, set[str]]:
        if prop in EVENT_LINKS:
            return {a: s for (r, a), s in self.roles.items() if r == prop}
        return self.attrs.get(prop, {})


@dataclass(frozen=True)
class StoryInfo:
    """A story of the build (articles that report the same news): its label, its articles (their
    IRIs, those without a graph too) and the sources (named graphs) among them."""

    iri: str
    label: str
    articles: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass
class GraphModel:
    """A build's graph as plain Python, with the source (article id) of every statement."""

    sources: dict[str, Source]
    actors: dict[str, Actor]
    events: dict[str, Event]
    #: every article of the build (its IRI -> dcterms:identifier), also those without a graph
    articles: dict[str, str] = field(default_factory=dict)
    #: the build's stories (eg:Story), and the story of each source
    stories: dict[str, StoryInfo] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)

    def stories_of(self, sources: Iterable[str]) -> set[str]:
        """The stories that the articles ``sources`` (source ids) belong to."""
        return {st for s in sources if (st := self.story_of.get(s))}

    def label(self, iri: str) -> str:
        thing = self.actors.get(iri) or self.events.get(iri)
        return thing.label if thing else slug_label(iri)

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
                            # places and agents are IRIs: their labels
                            {"value": self.label(v) if prop in EVENT_LINKS else v, "sources": s}
                            for v, s in vals
                        ],
                    }
                )
        return out


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def slug_label(iri: str) -> str:
    return local_name(iri).replace("-", " ").replace("_", " ")


def _primary_class(classes: Mapping[str, set[str]], known: tuple[str, ...], default: str) -> str:
    """The most specific known class that most sources state (ties: the order of ``known``)."""
    votes = Counter(c for cs in classes.values() for c in cs if c in known)
    if not votes:
        return default
    return min(votes, key=lambda c: (c == default, -votes[c], known.index(c)))


def _term(t: Any) -> str:
    return str(getattr(t, "value", t))


def _ontology_subclasses() -> dict[str, frozenset[str]]:
    """rdfs:subClassOf axioms of the ontology's class table, so that eg:Military or eg:GovernmentBody
    count as eg:Organization even when the store holds only the build's data."""
    return {c.iri: frozenset(EG + p for p in c.parents) for c in class_table() if c.parents}


def _add_source(
    sources: dict[str, Source],
    graph: str,
    graph_article: Mapping[str, str],
    art_props: Mapping[str, Mapping[str, str]],
) -> str:
    """Add the source of named graph ``graph`` (id: its article's dcterms:identifier, made unique)."""
    art = graph_article.get(graph, "")
    props = art_props.get(art, {})
    sid = base = props.get("id") or local_name(graph)
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
    affiliation: dict[str, set[str]] = defaultdict(set)  # actor -> its states
    story_iris: set[str] = set()
    parts: dict[str, set[str]] = defaultdict(set)  # dcterms:hasPart (a story's articles)
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
    article_cls, story_cls = EG + "Article", EG + "Story"
    has_part, rdfs_label = DCT + "hasPart", RDFS + "label"
    for s_t, p_t, o_t, _ in store.quads_for_pattern(None, None, None, DefaultGraph()):
        try:
            s, p, o = s_t.value, p_t.value, o_t.value
        except AttributeError:  # an RDF-star quoted triple: no .value
            s, p, o = _term(s_t), _term(p_t), _term(o_t)
        if p == RDF_TYPE and o == article_cls:
            articles.add(s)
        elif p == RDF_TYPE and o == story_cls:
            story_iris.add(s)
        elif p == has_part:
            parts[s].add(o)
        elif p in article_keys:
            key = article_keys[p]
            if key not in art_props[s] or o < art_props[s][key]:
                art_props[s][key] = o
        elif p == PROV_DERIVED:
            graph_article[s] = min(o, graph_article.get(s, o))
        elif p == rdfs_label:
            labels[s] = min(o, labels.get(s, o))
        elif p == SKOS_ALT:
            alt[s].add(o)
        elif p == OWL_SAMEAS:
            same[s].add(o)
        elif p == AFFILIATION:
            affiliation[s].add(o)
    # subclass axioms anywhere (the classes of every graph are resolved through them below)
    for s_t, _, o_t, _ in store.quads_for_pattern(None, NamedNode(RDFS + "subClassOf"), None, None):
        subclass[_term(s_t)].add(_term(o_t))

    known = {EG + c: c for c in (*actor_classes(), *place_classes(), *event_classes())}

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
    # property -> (source, mention) -> value: one flat dict per property, not a dict per mention
    mention_props: dict[str, dict[tuple[str, str], str]] = {}
    graph_labels: dict[str, str] = {}
    # sources: one per named graph with statements (its article's dcterms:identifier), in graph order
    sources: dict[str, Source] = {}
    graph_source: dict[str, str] = {}
    for g, g_t in sorted((_term(g_t), g_t) for g_t in store.named_graphs()):
        if g == ONTOLOGY_GRAPH:  # the class tree (rdfs:subClassOf), no article's statements
            continue
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
    events_known, places_known = frozenset(event_classes()), frozenset(place_classes())
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
                stated[s].add(local_name(cls_iri))
            kinds.setdefault(s, "event" if c in events_known else "place" if c in places_known else "actor")
            if c in events_known:
                kinds[s] = "event"
    for role in EVENT_LINKS:
        for src, s, o in scan(EG + role):
            roles[s][(role, o)].add(src)
    # eg:factuality (absent: asserted) is an attribute like the others, per article graph
    for attr in (*ATTRIBUTES, "factuality"):
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
        mention_props[key] = {(src, s): o for src, s, o in scan(prop)}
    begins, ends, anchors, evidence = (mention_props[k] for k in ("begin", "end", "anchor", "evidence"))
    for _, s, o in scan(RDFS + "label"):
        graph_labels[s] = min(o, graph_labels.get(s, o))

    def mentions(iri: str) -> list[Mention]:
        out = []
        for key in set(mention_of.get(iri, ())):
            src, m = key
            out.append(
                Mention(
                    iri=m,
                    source=src,
                    begin=_int(begins.get(key)),
                    end=_int(ends.get(key)),
                    anchor=anchors.get(key, ""),
                    evidence=evidence.get(key),
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
        return slug_label(iri)

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
        ev.conflicts = disagreements({p: ev.values(p) for p in COMPARED}, affiliation)
        events[iri] = ev
    stories, story_of = _stories(story_iris, parts, labels, sources)
    return GraphModel(
        sources=sources,
        actors=actors,
        events=events,
        articles={a: art_props.get(a, {}).get("id") or local_name(a) for a in sorted(articles)},
        stories=stories,
        story_of=story_of,
    )


def _stories(
    story_iris: set[str],
    parts: Mapping[str, set[str]],
    labels: Mapping[str, str],
    sources: Mapping[str, Source],
) -> tuple[dict[str, StoryInfo], dict[str, str]]:
    """The stories and the story of each source. A story without a label of its own is called by
    the title of its first article that has one (what a reader recognises), else by its id."""
    by_article: dict[str, list[str]] = defaultdict(list)
    for sid, src in sources.items():
        by_article[src.article].append(sid)
    stories: dict[str, StoryInfo] = {}
    story_of: dict[str, str] = {}
    for iri in sorted(story_iris):
        arts = tuple(sorted(parts.get(iri, ())))
        srcs = tuple(sorted(s for a in arts for s in by_article.get(a, ())))
        title = next((sources[s].title for s in srcs if sources[s].title), None)
        label = labels.get(iri) or title or f"story {local_name(iri)}"
        stories[iri] = StoryInfo(iri=iri, label=label, articles=arts, sources=srcs)
        for s in srcs:
            story_of.setdefault(s, iri)
    return stories, story_of


def _int(v: str | None) -> int | None:
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None
