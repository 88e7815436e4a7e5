"""The rule extractor: a spaCy parse of an article in, actor and event records out.

The families (``contact``, ``transfer``, ``directive``, ``commitment``, ``statement``) are pure
generators listed in :mod:`eventgraph.extract.families`; this module runs them sentence by
sentence, then reads the discourse: coreference of an article's mentions of one event
("a telephone conversation" ... "the leaders spoke for an hour and a half") and attribution
("..., the Kremlin said"). :class:`RuleExtractor` is this as the ``rules`` extractor of
:mod:`eventgraph.extractors` (the default).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventgraph import __version__
from eventgraph.extract.actors import ActorIndex
from eventgraph.extract.attributes import DateResolver
from eventgraph.extract.discourse import (
    attribute_sources,
    document_speakers,
    inherit_agents,
    inherit_topics,
    resolve_coreference,
)
from eventgraph.extract.engine import ArticleContext, EventDraft
from eventgraph.extract.families import FAMILIES
from eventgraph.extract.lexicon import lexicon
from eventgraph.nlp import Gazetteer, load_gazetteer
from eventgraph.types import ActorRecord, Article, ArticleRecords, EventRecord, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["RuleExtractor", "extract_article"]

_MAX_EVIDENCE = 600
_COMMITTING_FAMILIES = frozenset({"directive", "commitment"})


class RuleExtractor:
    """The ``rules`` extractor (the default): :func:`extract_article` over the spaCy parse.

    Its version is eventgraph's: the rules and word lists ship with it (the record cache's key
    also covers the rule files and the code, so editing them rebuilds)."""

    name = "rules"
    version = __version__
    needs_doc = True

    def __init__(self) -> None:
        # the lexicon read now, where the build chooses its extractor: a trigger that names no
        # class of the ontology, or no family, stops the build with one message, before any input
        unknown = sorted({r.family for r in lexicon().rules} - set(FAMILIES))
        if unknown:
            raise ValueError(
                f"triggers.toml: unknown rule families {', '.join(unknown)} "
                f"(the rule extractor runs {', '.join(FAMILIES)}; see eg:family in the ontology)"
            )

    def extract(self, article: Article, doc: Doc | None) -> ArticleRecords:
        if doc is None:
            raise ValueError("the rules extractor needs the spaCy parse of the article")
        return extract_article(doc, article)


def _dates(doc: object, published: str | None) -> dict[int, str]:
    resolver = DateResolver(published)
    out: dict[int, str] = {}
    for ent in doc.ents:  # type: ignore[attr-defined]
        if ent.label_ != "DATE":
            continue
        value = resolver.resolve(ent.text)
        if value:
            for t in ent:
                out[t.i] = value
    return out


def extract_article(doc: object, article: Article, *, gazetteer: Gazetteer | None = None) -> ArticleRecords:
    """Actors and events of ``article`` from ``doc`` (the parse of ``article.body``)."""
    gazetteer = gazetteer or load_gazetteer()
    actors = ActorIndex(doc, gazetteer)  # type: ignore[arg-type]
    ctx = ArticleContext(doc=doc, actors=actors, dates=_dates(doc, article.published))  # type: ignore[arg-type]
    families = FAMILIES
    drafts: list[EventDraft] = []
    for sent in doc.sents:  # type: ignore[attr-defined]
        for extract in families.values():
            for draft in extract(sent, context=ctx):
                drafts.append(draft)
                people = draft.actors()
                if draft.rule.symmetric and len(people) >= 2:
                    ctx.last_group = people
    _drop_outlets(drafts, actors)
    document_speakers(drafts)
    inherit_agents(drafts)
    drafts = resolve_coreference(drafts)
    inherit_topics(drafts, ctx)
    attribute_sources(drafts, ctx)
    drafts = [d for d in drafts if _stated(d)]
    actors.prune_places({k for d in drafts for k in (*d.actors(), *d.attributed_to, d.place) if k})
    return ArticleRecords(
        article=article,
        actors=tuple(_actor_records(actors, article)),
        events=tuple(_event_record(d, article) for d in drafts),
    )


def _drop_outlets(drafts: list[EventDraft], actors: ActorIndex) -> None:
    """News outlets are sources, not participants ("told Reuters", "The Gaze reported")."""
    outlets = {k for k, slot in actors.actors.items() if slot.cls == "MediaOrganization"}
    if not outlets:
        return
    for d in drafts:
        for role in (d.agent, d.recipient, d.target, d.participants):
            role[:] = [k for k in role if k not in outlets]


def _stated(d: EventDraft) -> bool:
    """Whether a draft is an event worth stating: enough actors, or a clear clause of its own."""
    if len(d.actors()) < d.rule.min_actors:
        return False
    if not d.actors() and not d.topic:
        return False  # no one and nothing: "the allegations", "a meeting" tell a reader no event
    if (
        not d.actors()
        and d.rule.family in _COMMITTING_FAMILIES
        and d.factuality is None
        and not any(c.dep_ in ("nsubjpass", "auxpass") for c in d.token.children)
    ):
        # a demand, request or promise names who makes it or to whom ("countries are being urged"):
        # with neither it is a fragment of someone else's sentence ("demands to restrain imports")
        return False
    if d.actors() or not d.rule.needs_actor:
        return True
    # "officials urged", "protesters demanded": a clear clause with a human subject states an
    # event even when it names no one; a plain "officials said" is too common to be worth one
    return d.has_subject and d.rule.pos == "VERB" and d.cls != "Statement"


def _mention(article: Article, begin: int, end: int, evidence: str | None = None) -> Mention:
    b, e = article.to_source(begin, end)
    return Mention(begin=b, end=e, text=article.text[b:e], evidence=evidence)


def _actor_records(index: ActorIndex, article: Article) -> list[ActorRecord]:
    records = []
    for slot in sorted(index.actors.values(), key=lambda s: s.key):
        mentions = tuple(_mention(article, b, e) for b, e in sorted(set(slot.spans)))
        records.append(
            ActorRecord(
                key=slot.key,
                label=slot.label,
                cls=slot.cls,
                mentions=mentions,
                aliases=tuple(sorted(slot.aliases - {slot.label})),
                wikidata=slot.wikidata,
                country=slot.country,
            )
        )
    return records


def _event_record(d: EventDraft, article: Article) -> EventRecord:
    sentence = d.sentence.text.strip()[:_MAX_EVIDENCE]
    return EventRecord(
        cls=d.cls,
        trigger=_mention(article, d.begin, d.end, sentence),
        agent=tuple(d.agent),
        recipient=tuple(k for k in d.recipient if k not in d.agent),
        target=tuple(k for k in d.target if k not in d.agent),
        participants=tuple(k for k in d.participants if k not in (*d.agent, *d.recipient, *d.target)),
        topic=d.topic,
        quantity=d.quantity,
        duration=d.duration,
        date=d.date,
        place=d.place,
        attributed_to=tuple(d.attributed_to),
        mentions=tuple(_mention(article, b, e, ev) for b, e, ev in d.extra_mentions),
        family=d.rule.family,
        factuality=d.factuality,
    )
