"""Records to RDF: the only code that knows the ontology's layout (see docs/graph-layout.md).

:func:`article_triples` gives an article's named graph (types, roles, attributes and mentions as
that article states them), :func:`article_metadata` its triples for the default graph, and
:func:`canonical_triples` the merged, corpus-wide labels, aliases and Wikidata links. They make
Oxigraph terms, which the build serialises directly (making rdflib terms and converting them
cost as much as the rest of the mapping).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from eventgraph.classes import class_table
from eventgraph.merge import Resolution
from eventgraph.merge.events import fold
from eventgraph.mint import Minter, valid_iri
from eventgraph.types import ArticleRecords, EventRecord, Mention
from eventgraph.vocab import EG, NIF, SCHEMA, WD

__all__ = [
    "article_metadata",
    "article_triples",
    "canonical_triples",
    "date_literal",
    "text_literal",
]

Triple = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]


def _iri(term: str) -> ox.NamedNode:
    return ox.NamedNode(str(term))


# the vocabulary as Oxigraph terms, made once (a DefinedNamespace lookup costs more than a triple)
_TYPE = _iri(RDF.type)


class _ClassIRIs(dict[str, ox.NamedNode]):
    """Class IRIs by local name, from the ontology's class table: a class the ontology does not
    declare is an error that names it (the triggers and annotations are checked against the same
    table as they are read)."""

    def __missing__(self, name: str) -> ox.NamedNode:
        node = self[name] = _iri(class_table()[name].iri)
        return node


_CLASS = _ClassIRIs()
_ROLE = {"agent": _iri(EG.agent), "recipient": _iri(EG.recipient), "target": _iri(EG.target)}
_PARTICIPANT, _ATTRIBUTED_TO, _TOPIC = _iri(EG.participant), _iri(EG.attributedTo), _iri(EG.topic)
_QUANTITY, _DURATION, _DATE_P, _PLACE = _iri(EG.quantity), _iri(EG.duration), _iri(EG.date), _iri(EG.place)
_FACTUALITY = _iri(EG.factuality)
# the individuals of eg:Factuality an event may be marked with; asserted events carry none
_FACTUALITY_VALUES = {name: _iri(EG[name]) for name in ("Negated", "Planned", "Possible")}
_MENTION, _IN_ARTICLE, _EVIDENCE = _iri(EG.mention), _iri(EG.inArticle), _iri(EG.evidence)
_BEGIN, _END, _ANCHOR = _iri(NIF.beginIndex), _iri(NIF.endIndex), _iri(NIF.anchorOf)
_NON_NEGATIVE, _INTEGER, _DATE_TYPE = _iri(XSD.nonNegativeInteger), _iri(XSD.integer), _iri(XSD.date)

_GMONTHDAY = re.compile(r"^--\d{2}-\d{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
# characters that are not allowed in RDF literals' lexical forms for XML-based tools and
# that no article legitimately means: C0 controls other than tab/newline/return
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def text_literal(value: str) -> ox.Literal:
    return ox.Literal(_CONTROL.sub("\ufffd", value))


@functools.lru_cache(maxsize=4096)
def _typed(value: str, datatype: URIRef) -> ox.Literal:
    """A typed literal in rdflib's canonical lexical form (``PT90M`` is written ``PT1H30M``, a
    ``Z`` is written ``+00:00``), as the files have always said it; only dates, times and
    durations come here, a few per article, most of them repeated (the build's own time)."""
    return ox.Literal(str(Literal(value, datatype=datatype)), datatype=_iri(datatype))


def date_literal(value: str) -> ox.Literal | None:
    if _GMONTHDAY.match(value):
        return _typed(value, XSD.gMonthDay)
    if _DATE.match(value):  # rdflib's canonical form of YYYY-MM-DD is itself: no need to ask it
        return ox.Literal(value, datatype=_DATE_TYPE)
    if _DATETIME.match(value):
        return _typed(value, XSD.dateTime)
    return None


def _mention_triples(
    minter: Minter, article_id: str, article_iri: ox.NamedNode, m: Mention
) -> tuple[ox.NamedNode, list[Triple]]:
    node = ox.NamedNode(minter.mention(article_id, m.begin, m.end))
    triples: list[Triple] = [
        (node, _TYPE, _CLASS["Mention"]),
        (node, _IN_ARTICLE, article_iri),
        (node, _BEGIN, ox.Literal(str(m.begin), datatype=_NON_NEGATIVE)),
        (node, _END, ox.Literal(str(m.end), datatype=_NON_NEGATIVE)),
        # exactly the input's characters, control characters included: the exports escape them,
        # and anchorOf must equal text[begin:end] (other literals go through text_literal)
        (node, _ANCHOR, ox.Literal(m.text)),
    ]
    if m.evidence:
        triples.append((node, _EVIDENCE, text_literal(m.evidence)))
    return node, triples


def article_triples(rec: ArticleRecords, res: Resolution, minter: Minter) -> list[Triple]:
    """The triples of one article's named graph, each once.

    A plain list, not an rdflib Graph: the build serialises every article's graph, and a Graph's
    indexes cost more than the rest of the mapping.
    """
    aid = rec.article.id
    article_iri = ox.NamedNode(minter.article(aid))
    made: dict[Triple, None] = {}  # insertion-ordered set: a triple stated twice is kept once
    add = made.setdefault
    seen_mentions: set[ox.NamedNode] = set()

    def add_mention(subject: ox.NamedNode, m: Mention) -> None:
        node, triples = _mention_triples(minter, aid, article_iri, m)
        add((subject, _MENTION, node))
        if node in seen_mentions:
            # the same span twice (an actor named inside a trigger phrase): keep one evidence
            triples = [t for t in triples if t[1] != _EVIDENCE]
        seen_mentions.add(node)
        for t in triples:
            add(t)

    typed: set[str] = set()
    for actor in rec.actors:
        key = res.actor(aid, actor.key)
        node = ox.NamedNode(minter.actor(key))
        canon = res.actors.get(key)  # one class per actor: the class the corpus gives it
        add((node, _TYPE, _CLASS[canon.cls if canon else actor.cls]))
        typed.add(key)
        for m in actor.mentions:
            add_mention(node, m)
    told: dict[str, list[EventRecord]] = {}  # an act the article tells twice is one node
    for i, ev in enumerate(rec.events):
        told.setdefault(res.event_id[(aid, i)], []).append(ev)
    for digest, evs in told.items():
        node = ox.NamedNode(minter.event(digest))
        _event(add, fold(evs), node, aid, res, minter, typed, add_mention)
    return list(made)


_ARTICLE_TYPE = (_TYPE, _CLASS["Article"])
_IDENTIFIER, _TITLE, _PUBLISHER, _ISSUED = (
    _iri(DCTERMS.identifier),
    _iri(DCTERMS.title),
    _iri(DCTERMS.publisher),
    _iri(DCTERMS.issued),
)
_DERIVED_FROM, _GENERATED_AT, _VERSION = (
    _iri(PROV.wasDerivedFrom),
    _iri(PROV.generatedAtTime),
    _iri(EG.extractorVersion),
)
_EXTRACTOR = _iri(EG.extractor)
_SCHEMA_URL = _iri(SCHEMA.url)


def article_metadata(
    rec: ArticleRecords, minter: Minter, *, generated_at: str, version: str, extractor: str | None = None
) -> list[Triple]:
    """The default graph's triples about one article and its named graph (PROV-O, Dublin Core);
    ``extractor`` is the name of the extractor that made the graph (``eg:extractor``)."""
    art = rec.article
    aid = art.id
    article_iri = ox.NamedNode(minter.article(aid))
    graph_iri = ox.NamedNode(minter.graph(aid))
    meta: list[Triple] = [
        (article_iri, *_ARTICLE_TYPE),
        (article_iri, _IDENTIFIER, ox.Literal(aid)),
        (graph_iri, _TYPE, _CLASS["ArticleGraph"]),
        (graph_iri, _DERIVED_FROM, article_iri),
        (graph_iri, _GENERATED_AT, _typed(generated_at, XSD.dateTime)),
        (graph_iri, _VERSION, ox.Literal(version)),
    ]
    if extractor:
        meta.append((graph_iri, _EXTRACTOR, ox.Literal(extractor)))
    if art.title:
        meta.append((article_iri, _TITLE, text_literal(art.title)))
    if art.url and _URL.fullmatch(art.url) and valid_iri(art.url):  # not "http://host:port:x/"
        meta.append((article_iri, _SCHEMA_URL, ox.NamedNode(art.url)))
    if art.source:
        meta.append((article_iri, _PUBLISHER, text_literal(art.source)))
    if art.published and (lit := date_literal(art.published)) is not None:
        meta.append((article_iri, _ISSUED, lit))
    return meta


def _event(
    add: Callable[[Triple], object],
    ev: EventRecord,
    node: ox.NamedNode,
    aid: str,
    res: Resolution,
    minter: Minter,
    typed: set[str],
    add_mention: Callable[[ox.NamedNode, Mention], None],
) -> None:
    add((node, _TYPE, _CLASS[ev.cls]))

    def actor_node(local: str) -> ox.NamedNode:
        key = res.actor(aid, local)
        actor = ox.NamedNode(minter.actor(key))
        if key not in typed:  # an actor the article names only through a role ("the troops")
            canon = res.actors.get(key)
            add((actor, _TYPE, _CLASS[canon.cls if canon else "Actor"]))
            typed.add(key)
        return actor

    for role, keys in (("agent", ev.agent), ("recipient", ev.recipient), ("target", ev.target)):
        for k in keys:
            add((node, _ROLE[role], actor_node(k)))
    for k in ev.actors():
        add((node, _PARTICIPANT, actor_node(k)))
    for k in ev.attributed_to:
        add((node, _ATTRIBUTED_TO, actor_node(k)))
    if ev.topic:
        add((node, _TOPIC, text_literal(ev.topic)))
    if ev.quantity is not None:
        add((node, _QUANTITY, ox.Literal(str(int(ev.quantity)), datatype=_INTEGER)))
    if ev.duration:
        add((node, _DURATION, _typed(ev.duration, XSD.duration)))
    if ev.date and (lit := date_literal(ev.date)) is not None:
        add((node, _DATE_P, lit))
    if ev.place:
        add((node, _PLACE, actor_node(ev.place)))
    if ev.factuality in _FACTUALITY_VALUES:
        add((node, _FACTUALITY, _FACTUALITY_VALUES[ev.factuality]))
    add_mention(node, ev.trigger)
    for m in ev.mentions:
        add_mention(node, m)


_LABEL, _ALT_LABEL, _SAME_AS, _AFFILIATION = (
    _iri(RDFS.label),
    _iri(SKOS.altLabel),
    _iri(OWL.sameAs),
    _iri(EG.affiliation),
)


def canonical_triples(res: Resolution, minter: Minter) -> Iterator[Triple]:
    """Default-graph descriptions: one rdfs:label per actor and event, aliases, Wikidata links."""
    for key in sorted(res.actors):
        c = res.actors[key]
        node = ox.NamedNode(minter.actor(key))
        yield (node, _LABEL, text_literal(c.label))
        for alias in sorted(c.aliases):
            yield (node, _ALT_LABEL, text_literal(alias))
        if c.wikidata:
            yield (node, _SAME_AS, _iri(WD[c.wikidata]))
        if c.country and c.country != key and c.country in res.actors:
            yield (node, _AFFILIATION, ox.NamedNode(minter.actor(c.country)))
    for digest in sorted(res.event_label):
        yield (ox.NamedNode(minter.event(digest)), _LABEL, text_literal(res.event_label[digest]))
    yield from _story_triples(res, minter)


_HAS_PART, _STORY, _MERGE_EVIDENCE = _iri(DCTERMS.hasPart), _iri(EG.story), _iri(EG.mergeEvidence)


def _story_triples(res: Resolution, minter: Minter) -> Iterator[Triple]:
    """The stories (their articles and salient terms), the story of each event, and the
    evidence on which an event stated by several articles was merged."""
    story_of: dict[str, ox.NamedNode] = {}
    for st in res.stories:
        node = ox.NamedNode(minter.story(st.id))
        yield (node, _TYPE, _CLASS["Story"])
        if st.label:
            yield (node, _LABEL, text_literal(st.label))
        for aid in st.articles:
            yield (node, _HAS_PART, ox.NamedNode(minter.article(aid)))
            story_of[aid] = node
    for digest in sorted(res.event_members):
        event = ox.NamedNode(minter.event(digest))
        for story in dict.fromkeys(story_of[a] for a, _ in res.event_members[digest] if a in story_of):
            yield (event, _STORY, story)
        for kind in res.event_evidence.get(digest, ()):
            yield (event, _MERGE_EVIDENCE, text_literal(kind))
