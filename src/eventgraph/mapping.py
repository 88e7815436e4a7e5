"""Records to RDF: the only code that knows the ontology's layout (see docs/graph-layout.md).

:func:`article_graph` gives an article's named graph (types, roles, attributes and mentions as
that article states them) and its metadata triples for the default graph;
:func:`canonical_triples` gives the merged, corpus-wide labels, aliases and Wikidata links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from eventgraph.merge import Resolution
from eventgraph.mint import Minter, valid_iri
from eventgraph.types import ArticleRecords, EventRecord, Mention
from eventgraph.vocab import EG, NIF, SCHEMA, WD

__all__ = ["article_graph", "article_metadata", "article_triples", "canonical_triples", "date_literal"]

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_ROLE = {"agent": EG.agent, "recipient": EG.recipient, "target": EG.target}
_GMONTHDAY = re.compile(r"^--\d{2}-\d{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
# characters that are not allowed in RDF literals' lexical forms for XML-based tools and
# that no article legitimately means: C0 controls other than tab/newline/return
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def text_literal(value: str) -> Literal:
    return Literal(_CONTROL.sub("\ufffd", value))


def date_literal(value: str) -> Literal | None:
    if _GMONTHDAY.match(value):
        return Literal(value, datatype=XSD.gMonthDay)
    if _DATE.match(value):
        return Literal(value, datatype=XSD.date)
    if _DATETIME.match(value):
        return Literal(value, datatype=XSD.dateTime)
    return None


def _mention_triples(
    minter: Minter, article_id: str, article_iri: URIRef, m: Mention
) -> tuple[URIRef, list[Triple]]:
    node = URIRef(minter.mention(article_id, m.begin, m.end))
    triples: list[Triple] = [
        (node, RDF.type, EG.Mention),
        (node, EG.inArticle, article_iri),
        (node, NIF.beginIndex, Literal(m.begin, datatype=XSD.nonNegativeInteger)),
        (node, NIF.endIndex, Literal(m.end, datatype=XSD.nonNegativeInteger)),
        # exactly the input's characters, control characters included: the exports escape them,
        # and anchorOf must equal text[begin:end] (other literals go through text_literal)
        (node, NIF.anchorOf, Literal(m.text)),
    ]
    if m.evidence:
        triples.append((node, EG.evidence, text_literal(m.evidence)))
    return node, triples


def article_graph(
    rec: ArticleRecords,
    res: Resolution,
    minter: Minter,
    *,
    generated_at: str,
    version: str,
) -> tuple[Graph, list[Triple]]:
    """The named graph of one article, and its metadata triples for the default graph."""
    g = Graph(identifier=URIRef(minter.graph(rec.article.id)))
    for triple in article_triples(rec, res, minter):
        g.add(triple)
    return g, article_metadata(rec, minter, generated_at=generated_at, version=version)


def article_triples(rec: ArticleRecords, res: Resolution, minter: Minter) -> list[Triple]:
    """The triples of one article's named graph (see :func:`article_graph`), each once.

    A plain list, not an rdflib Graph: the build serialises every article's graph, and a Graph's
    indexes cost more than the rest of the mapping.
    """
    aid = rec.article.id
    article_iri = URIRef(minter.article(aid))
    made: dict[Triple, None] = {}  # insertion-ordered set: a triple stated twice is kept once
    add = made.setdefault
    seen_mentions: set[URIRef] = set()

    def add_mention(subject: URIRef, m: Mention) -> None:
        node, triples = _mention_triples(minter, aid, article_iri, m)
        add((subject, EG.mention, node))
        if node in seen_mentions:
            # the same span twice (an actor named inside a trigger phrase): keep one evidence
            triples = [t for t in triples if t[1] != EG.evidence]
        seen_mentions.add(node)
        for t in triples:
            add(t)

    typed: set[str] = set()
    for actor in rec.actors:
        key = res.actor(aid, actor.key)
        node = URIRef(minter.actor(key))
        add((node, RDF.type, EG[actor.cls]))
        typed.add(key)
        for m in actor.mentions:
            add_mention(node, m)
    for i, ev in enumerate(rec.events):
        _event(add, ev, URIRef(minter.event(res.event_id[(aid, i)])), aid, res, minter, typed, add_mention)
    return list(made)


def article_metadata(rec: ArticleRecords, minter: Minter, *, generated_at: str, version: str) -> list[Triple]:
    """The default graph's triples about one article and its named graph (PROV-O, Dublin Core)."""
    art = rec.article
    aid = art.id
    article_iri = URIRef(minter.article(aid))
    graph_iri = URIRef(minter.graph(aid))
    meta: list[Triple] = [
        (article_iri, RDF.type, EG.Article),
        (article_iri, DCTERMS.identifier, Literal(aid)),
        (graph_iri, RDF.type, EG.ArticleGraph),
        (graph_iri, PROV.wasDerivedFrom, article_iri),
        (graph_iri, PROV.generatedAtTime, Literal(generated_at, datatype=XSD.dateTime)),
        (graph_iri, EG.extractorVersion, Literal(version)),
    ]
    if art.title:
        meta.append((article_iri, DCTERMS.title, text_literal(art.title)))
    if art.url and _URL.fullmatch(art.url) and valid_iri(art.url):  # not "http://host:port:x/"
        meta.append((article_iri, SCHEMA.url, URIRef(art.url)))
    if art.source:
        meta.append((article_iri, DCTERMS.publisher, text_literal(art.source)))
    if art.published and (lit := date_literal(art.published)) is not None:
        meta.append((article_iri, DCTERMS.issued, lit))
    return meta


def _event(
    add: Callable[[Triple], object],
    ev: EventRecord,
    node: URIRef,
    aid: str,
    res: Resolution,
    minter: Minter,
    typed: set[str],
    add_mention,
) -> None:
    add((node, RDF.type, EG[ev.cls]))

    def actor_node(local: str) -> URIRef:
        key = res.actor(aid, local)
        if key not in typed:  # an actor the article names only through a role ("the troops")
            canon = res.actors.get(key)
            add((URIRef(minter.actor(key)), RDF.type, EG[canon.cls if canon else "Actor"]))
            typed.add(key)
        return URIRef(minter.actor(key))

    for role, keys in (("agent", ev.agent), ("recipient", ev.recipient), ("target", ev.target)):
        for k in keys:
            add((node, _ROLE[role], actor_node(k)))
    for k in ev.actors():
        add((node, EG.participant, actor_node(k)))
    for k in ev.attributed_to:
        add((node, EG.attributedTo, actor_node(k)))
    if ev.topic:
        add((node, EG.topic, text_literal(ev.topic)))
    if ev.quantity is not None:
        add((node, EG.quantity, Literal(ev.quantity, datatype=XSD.integer)))
    if ev.duration:
        add((node, EG.duration, Literal(ev.duration, datatype=XSD.duration)))
    if ev.date and (lit := date_literal(ev.date)) is not None:
        add((node, EG.date, lit))
    if ev.place:
        add((node, EG.place, actor_node(ev.place)))
    add_mention(node, ev.trigger)
    for m in ev.mentions:
        add_mention(node, m)


def canonical_triples(res: Resolution, minter: Minter) -> Iterator[Triple]:
    """Default-graph descriptions: one rdfs:label per actor and event, aliases, Wikidata links."""
    for key in sorted(res.actors):
        c = res.actors[key]
        node = URIRef(minter.actor(key))
        yield (node, RDFS.label, text_literal(c.label))
        for alias in sorted(c.aliases):
            yield (node, SKOS.altLabel, text_literal(alias))
        if c.wikidata:
            yield (node, OWL.sameAs, WD[c.wikidata])
        if c.country and c.country != key and c.country in res.actors:
            yield (node, EG.affiliation, URIRef(minter.actor(c.country)))
    for digest in sorted(res.event_label):
        yield (URIRef(minter.event(digest)), RDFS.label, text_literal(res.event_label[digest]))
