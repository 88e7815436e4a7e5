"""The shared machinery of the event families: find triggers, fill roles, read attributes.

A family module asks :func:`match_family` for the triggers of its rules and gets
:class:`EventDraft` objects (token-level, mutable while the article is read); :func:`fill` gives
them their roles (:mod:`eventgraph.extract.roles`) and their topic, date, duration and place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from eventgraph.extract.attributes import parse_duration
from eventgraph.extract.drafts import ArticleContext, EventDraft
from eventgraph.extract.factuality import NEGATED, PLANNED, POSSIBLE, factuality
from eventgraph.extract.roles import (
    OBJECT_DEPS,
    is_actor_np,
    noun_roles,
    place_keys,
    quiet_actors,
    verb_roles,
)
from eventgraph.extract.triggers import fits, rule_index

__all__ = ["ArticleContext", "EventDraft", "fill", "match_family"]


_MAX_TRIGGER_CHARS = 100
_QUOTES = "\"'“”‘’«»"


def match_family(
    doc: Doc | Span, ctx: ArticleContext, family: str, *, recipient_preps: frozenset[str] = frozenset()
) -> Iterator[EventDraft]:
    """Drafts for every trigger of ``family`` in ``doc``, roles and attributes filled (see
    :func:`fill` for ``recipient_preps``)."""
    rules, index = rule_index(ctx.lex, family)
    full = doc.doc  # ``doc`` is a Doc or, as the pipeline runs families, one sentence of it
    first, stop = (doc.start, doc.end) if isinstance(doc, Span) else (0, len(doc))
    words = ctx.words if full is ctx.doc else [(t.lemma_.lower(), t.lower_) for t in full]
    for i in range(first, stop):
        lemma, lower = words[i]
        ids = index.get(lemma, ())
        if lower != lemma and lower in index:
            ids = tuple(sorted({*ids, *index[lower]}))
        if not ids or i in ctx.claimed or ctx.actors.token_actor.get(i):
            continue
        token = full[i]
        for rule in (rules[n] for n in ids):
            span = fits(rule, token)
            if span is None:
                continue
            start, end = span
            begin, finish = full[start].idx, full[end - 1].idx + len(full[end - 1].text)
            if finish - begin > _MAX_TRIGGER_CHARS:
                begin, finish = token.idx, token.idx + len(token.text)
            # "ordered the troops to stop strikes": the stopping is what was ordered, not a
            # stopping that happened; kept as an event of its own, not asserted
            content_of = _inside_directive(token, ctx) if rule.directive_content else None
            if rule.object_actor and not any(
                c.dep_ in OBJECT_DEPS and is_actor_np(c, ctx) and quiet_actors(c, ctx) for c in token.children
            ):
                continue
            ctx.claimed[token.i] = rule.cls
            draft = EventDraft(
                cls=rule.cls,
                rule=rule,
                token=token,
                begin=begin,
                end=finish,
                sent=ctx.sentence(token.i) if full is ctx.doc else None,
            )
            fill(draft, ctx, recipient_preps=recipient_preps)
            if content_of is not None and draft.factuality != NEGATED:
                draft.factuality = PLANNED if content_of in _COMMITTING else POSSIBLE
            yield draft
            break


# directives whose content their agent commits to or commands: planned; the others (requests,
# proposals, demands) leave it possible
_COMMITTING = frozenset({"Order", "Assurance", "Threat"})


def _inside_directive(token: Token, ctx: ArticleContext) -> str | None:
    """The class of the proposal, request, order, threat or promise whose content ``token`` is in."""
    t = token
    for _ in range(4):
        if t.head is t or t.dep_ not in (
            "xcomp",
            "advcl",
            "ccomp",
            "acl",
            "pobj",
            "prep",
            "pcomp",
            "dobj",
            "conj",
        ):
            return None
        t = t.head
        if ctx.claimed.get(t.i) in ctx.lex.directive_classes:
            return ctx.claimed[t.i]
    return None


def _topic_text(tokens: list[Token]) -> str | None:
    if not tokens:
        return None
    tokens = sorted(tokens, key=lambda t: t.i)
    text = tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text
    text = re.sub(r"\s+", " ", text).strip(_QUOTES + " ,.;:")
    text = text.replace("\u201c", "").replace("\u201d", "").replace('"', "")
    words = text.split()
    if not words or not any(c.isalpha() for c in text):
        return None
    return " ".join(words[:24])


def _subtree(token: Token, skip: set[int]) -> list[Token]:
    out = []
    stack = [token]
    while stack:
        t = stack.pop()
        if t.i in skip:
            continue
        out.append(t)
        stack.extend(t.children)
    return out


def fill(draft: EventDraft, ctx: ArticleContext, *, recipient_preps: frozenset[str] = frozenset()) -> None:
    """Roles and attributes of ``draft``, read from the parse around its trigger.

    ``recipient_preps``: prepositions whose object is the recipient in the draft's family beyond
    the usual ones ("to", "toward", a rule's own "on"); "a call for X" in the directive family.
    """
    token = draft.token
    draft.factuality = factuality(token)
    role_tokens: set[int] = {token.i}
    topic_heads: list[Token] = []
    clause = token
    if draft.rule.pos == "VERB":
        verb_roles(draft, ctx, role_tokens, topic_heads, recipient_preps)
    else:
        clause = noun_roles(draft, ctx, role_tokens, topic_heads, recipient_preps) or token
    # a symmetric event names everyone as a participant; the first named side stays agent
    if draft.rule.symmetric and len(draft.agent) > 1:
        for k in draft.agent[1:]:
            if k not in draft.participants:
                draft.participants.append(k)
    _attributes(draft, ctx, clause, role_tokens, topic_heads)


_TOPIC_RANK = {
    "ccomp": 0,
    "xcomp": 0,
    "advcl": 1,
    "acl": 1,
    "relcl": 2,
    "dobj": 2,
    "obj": 2,
    "attr": 3,
    "oprd": 3,
}


def _attributes(
    draft: EventDraft, ctx: ArticleContext, clause: Token, role_tokens: set[int], topic_heads: list[Token]
) -> None:
    """Topic, duration, date and place of ``draft``; its clause's tokens go to ``draft.scope``."""
    token = draft.token
    # topic: the complement of the trigger, in the article's words
    skip = set(role_tokens) - {token.i}
    for head in sorted(topic_heads, key=lambda h: (_TOPIC_RANK.get(h.dep_, 4), h.i)):
        tokens = [t for t in _subtree(head, skip) if t.i != token.i]
        if head.dep_ == "prep":
            tokens = [t for t in tokens if t.i != head.i]
        topic = _topic_text(tokens)
        if topic:
            draft.topic = topic
            break
    scope = list(clause.subtree)
    if clause.pos_ in ("VERB", "AUX"):
        # the trigger's own clause, not the clauses nested in it (a said-verb's quote has its own events)
        nested = {
            t.i for c in clause.children if c.dep_ in ("ccomp", "parataxis", "advcl") for t in c.subtree
        }
        scope = [t for t in scope if t.i not in nested]
    if not scope:
        return
    scope.sort(key=lambda t: t.i)
    draft.scope = scope
    text = token.doc[scope[0].i : scope[-1].i + 1].text
    if draft.cls not in ("Statement", "Allegation"):  # a claim's own length is never what news means
        draft.duration = parse_duration(text, require_context=True)
    for t in scope:
        if t.i in ctx.dates and not _bounds_the_event(t, clause):
            draft.date = ctx.dates[t.i]
            break
    if draft.place is None:
        draft.place = _clause_place(draft, ctx, clause, scope)


# prepositions by which a date bounds an event instead of dating it: "delayed the tariffs until
# June 1" (the delay's end), "talks since March", "a deadline by Friday", "before the summit"
_BOUNDING_PREPS = frozenset({"until", "till", "through", "by", "since", "before", "after"})


def _bounds_the_event(date_token: Token, clause: Token) -> bool:
    t = date_token
    while t.head.i != t.i and t.i != clause.i:
        if t.dep_ == "pobj" and t.head.lower_ in _BOUNDING_PREPS:
            return True
        t = t.head
    return False


def _clause_place(draft: EventDraft, ctx: ArticleContext, clause: Token, scope: list[Token]) -> str | None:
    """ "met in Riyadh", "talks at the Kremlin": a place the trigger or its clause is in."""
    token = draft.token
    for t in scope:
        if t.dep_ == "prep" and t.lower_ in ("in", "at") and (t.head.i == token.i or t.head.i == clause.i):
            objs = [g for g in t.children if g.dep_ == "pobj"]
            places = [k for o in objs for k in place_keys(o, ctx) if k not in draft.actors()]
            if places:
                return places[0]
    return None
