"""Reading across sentences: which mentions are one event, and who says so.

- Coreference: a generic "spoke"/"discussed" joins the call or meeting of the same article that
  has the same actors; two mentions of the same class with the same actors are one event
  ("the leaders agreed" twice), except two claims of a speaker made in two sentences, each saying
  something (two statements). Values one mention lacks come from the other.
- Attribution: "..., the Kremlin said" and "according to the White House" make the named actor
  the source (``eg:attributedTo``) of the other events of that sentence.
"""

from __future__ import annotations

from collections.abc import Callable

from eventgraph.classes import class_table
from eventgraph.extract.engine import ArticleContext, EventDraft
from eventgraph.extract.syntax import subject

__all__ = [
    "attribute_sources",
    "document_speakers",
    "inherit_agents",
    "inherit_topics",
    "resolve_coreference",
]

_MAX_TOPIC = 240


def _host(cls: str) -> bool:
    """Whether generic mentions of contact ("they talked") join events of ``cls`` (calls, meetings)."""
    known = class_table().get(cls)
    return known is not None and known.coreference_host


# what a speaker says, event by event: two claims with different content are two statements
_SAYING = frozenset({"Statement", "Allegation"})


def _compatible(a: EventDraft, b: EventDraft) -> bool:
    if a.factuality != b.factuality:
        return False  # "they will meet again" is not the meeting that was held
    if a.cls in _SAYING and a.topic and b.topic and a.sentence.start != b.sentence.start:
        # "Trump tweeted that the suit can be good ..." and, later, "Trump said that there was no
        # collusion": two claims in two sentences are two statements
        return False
    for name in ("quantity", "duration", "date"):
        va, vb = getattr(a, name), getattr(b, name)
        if va is not None and vb is not None and va != vb:
            return False
    return True


def _same_actors(a: EventDraft, b: EventDraft) -> bool:
    """Two mentions of one event: same actors (one side may name fewer, for calls and the like;
    directed events need the same agents and no clash of recipients)."""
    sa, sb = set(a.actors()), set(b.actors())
    if not sa and not sb:
        return not a.rule.needs_actor
    if not sa or not sb:
        return False
    if a.rule.symmetric:
        return sa <= sb or sb <= sa
    if set(a.agent) != set(b.agent):
        return False
    ra, rb = set(a.recipient) | set(a.target), set(b.recipient) | set(b.target)
    return not ra or not rb or ra == rb


def _absorb(host: EventDraft, other: EventDraft) -> None:
    host.extra_mentions.append((other.begin, other.end, other.sentence.text.strip()[:600]))
    for name in ("quantity", "duration", "date", "place"):
        if getattr(host, name) is None and getattr(other, name) is not None:
            setattr(host, name, getattr(other, name))
    if other.topic and other.topic != host.topic:
        if not host.topic:
            host.topic = other.topic
        elif other.topic not in host.topic and len(host.topic) + len(other.topic) < _MAX_TOPIC:
            host.topic = f"{host.topic}; {other.topic}"
    for role in ("agent", "recipient", "target", "participants", "attributed_to"):
        mine = getattr(host, role)
        for k in getattr(other, role):
            if k not in host.actors() and k not in mine:
                mine.append(k)


def resolve_coreference(drafts: list[EventDraft]) -> list[EventDraft]:
    kept: list[EventDraft] = []
    for d in drafts:
        actors = set(d.actors())
        host = None
        if d.rule.generic and d.rule.pos == "VERB":
            host = next(
                (h for h in kept if _host(h.cls) and actors <= set(h.actors()) and _compatible(h, d)),
                None,
            )
        if host is None and _host(d.cls) and d.rule.generic is False:
            # a call named after its generic mentions ("they talked ... the phone call")
            pass
        if host is None:
            same = [h for h in kept if h.cls == d.cls and _compatible(h, d) and _same_actors(h, d)]
            host = same[0] if same else None
        if host is None and _host(d.cls):
            # the call or meeting itself, after generic mentions of it were kept on their own
            for h in list(kept):
                if (
                    h.rule.generic
                    and h.rule.pos == "VERB"
                    and set(h.actors()) <= actors
                    and _compatible(d, h)
                ):
                    kept.remove(h)
                    _absorb(d, h)
        if host is not None:
            _absorb(host, d)
        else:
            kept.append(d)
    return kept


# determiners and adjectives that point back to what was just said: "the relevant order", "such a deal"
_ANAPHORIC = frozenset(
    {"relevant", "corresponding", "such", "this", "that", "these", "same", "the", "appropriate"}
)
_TOPIC_WINDOW = 80  # tokens back: about two sentences


def inherit_topics(drafts: list[EventDraft], ctx: ArticleContext) -> None:
    """A noun event with no topic of its own that points back ("Trump proposed to halt strikes on
    energy ... Putin passed the relevant order") takes the topic of the nearest directive of the
    article before it, within about two sentences: each article's graph carries its own topics."""
    directive = ctx.lex.directive_classes
    for d in drafts:
        if d.topic or d.rule.pos != "NOUN" or d.cls not in directive:
            continue
        if not any(c.dep_ in ("det", "amod") and c.lower_ in _ANAPHORIC for c in d.token.children):
            continue
        source = _latest_before(d, drafts, _TOPIC_WINDOW, lambda h, _: bool(h.topic) and h.cls in directive)
        if source is not None:
            d.topic = source.topic


def _latest_before(
    d: EventDraft, drafts: list[EventDraft], window: int, fits: Callable[[EventDraft, EventDraft], bool]
) -> EventDraft | None:
    """The latest draft ``h`` with ``fits(h, d)`` whose trigger stands at most ``window`` tokens
    before d's."""
    earlier = [h for h in drafts if h is not d and 0 < d.token.i - h.token.i <= window and fits(h, d)]
    return max(earlier, key=lambda h: h.token.i) if earlier else None


_AGENT_WINDOW = 300  # tokens back: an article's lead and the paragraphs that follow it
_DEFINITE = frozenset({"the", "this", "that", "these", "such"})


def inherit_agents(drafts: list[EventDraft], ctx: ArticleContext) -> None:
    """ "Trump delayed the tariffs … the White House described the 30-day delay as the final
    extension for the EU": a definite noun event with no agent of its own ("the delay") is an
    earlier event again. It takes the agents of the latest earlier event of its class that names
    them; failing that, the subject of an earlier verb of the same word claimed for its class
    (an event dropped for want of other roles still says who acted)."""
    for d in drafts:
        if d.agent or d.rule.pos != "NOUN":
            continue
        if not any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in d.token.children):
            continue
        source = _latest_before(
            d,
            drafts,
            _AGENT_WINDOW,
            lambda h, d: h.cls == d.cls and bool(h.agent) and h.factuality == d.factuality,
        )
        if source is not None and not d.rule.symmetric:
            d.agent.extend(k for k in source.agent if k not in d.actors())
        else:
            _agent_of_the_verb_before(d, ctx)


def _agent_of_the_verb_before(draft: EventDraft, ctx: ArticleContext) -> None:
    token = draft.token
    lemma = token.lemma_.lower()
    doc = token.doc
    verbs = [
        i
        for i, cls in ctx.claimed.items()
        if cls == draft.cls and i < token.i and doc[i].pos_ == "VERB" and doc[i].lemma_.lower() == lemma
    ]
    if not verbs:
        return
    subj, passive = subject(doc[max(verbs)])
    if subj is not None and not passive:
        draft.agent.extend(k for k in ctx.actors.resolve(subj) if k not in draft.actors())


# documents that "say" or "claim" for whoever issued them ("the suit claims", "the letter states")
_ISSUED = frozenset(
    {"suit", "lawsuit", "complaint", "filing", "statement", "letter", "report", "memo", "indictment"}
)


def document_speakers(drafts: list[EventDraft]) -> None:
    """ "The DNC filed a lawsuit ... The suit claims that ...": a document is no speaker; the one who
    issued it (the agent of the article's latest event named by that document) is. A document is
    never left in a role."""
    for d in drafts:
        if d.agent or d.rule.pos != "VERB":
            continue
        # "the suit alleged ... and accuses": its second verb too; not "a lawsuit that threatens to
        # disrupt", where the document is only what the clause describes
        subj, passive = subject(d.token)
        if subj is None or passive or d.token.dep_ == "relcl" or subj.lemma_.lower() not in _ISSUED:
            continue
        noun = subj.lemma_.lower()
        issued = [
            h
            for h in drafts
            if h is not d
            and h.agent
            and h.token.i < d.token.i
            and h.token.lemma_.lower() in (noun, *_SAME_DOC.get(noun, ()))
        ]
        if issued:
            d.agent.extend(max(issued, key=lambda h: h.token.i).agent)


_SAME_DOC = {
    "suit": ("lawsuit", "complaint"),
    "lawsuit": ("suit", "complaint"),
    "complaint": ("suit", "lawsuit"),
}

_DOCUMENTS = frozenset({"statement", "communique", "readout", "release", "announcement", "declaration"})


def _last_speaker(drafts: list[EventDraft], before: int) -> list[str]:
    """Agents of the latest statement with a named speaker before token ``before``."""
    earlier = [d for d in drafts if d.cls == "Statement" and d.agent and d.token.i < before]
    return list(max(earlier, key=lambda d: d.token.i).agent) if earlier else []


def attribute_sources(drafts: list[EventDraft], ctx: ArticleContext) -> None:
    by_sentence: dict[int, list[EventDraft]] = {}
    for d in drafts:
        by_sentence.setdefault(d.sentence.start, []).append(d)
    verbs = ctx.lex.attribution_verbs
    words = ctx.words
    for members in by_sentence.values():
        sent = members[0].sentence
        sources: list[str] = []
        reporters: set[int] = set()
        for i in range(sent.start, sent.end):
            lemma, lower = words[i]
            if lemma not in verbs and lower != "according":
                continue  # most words: no Token made
            t = sent.doc[i]
            if lemma in verbs and t.pos_ == "VERB":
                subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    keys = ctx.actors.resolve(subj, group=ctx.last_group)
                    if not keys and subj.lemma_.lower() in _DOCUMENTS:
                        keys = _last_speaker(drafts, t.i)  # "the statement said": the one who issued it
                    if keys:
                        sources.extend(k for k in keys if k not in sources)
                        reporters.add(t.i)
            elif t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
                to = t.doc[t.i + 1]
                for obj in (c for c in to.children if c.dep_ == "pobj"):
                    sources.extend(k for k in ctx.actors.resolve(obj) if k not in sources)
        if not sources:
            continue
        for d in members:
            if d.token.i in reporters:
                continue
            d.attributed_to.extend(k for k in sources if k not in d.attributed_to)
