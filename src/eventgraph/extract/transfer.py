"""Exchanges and hand-overs of people (PLOVER RETREAT/CONCEDE release; CAMEO 0841)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from eventgraph.extract.attributes import parse_quantity
from eventgraph.extract.engine import ArticleContext, EventDraft, match_family


def extract_transfers(doc: Doc, *, context: ArticleContext) -> Iterator[EventDraft]:
    for draft in match_family(doc, context, "transfer"):
        draft.quantity = _quantity(draft, draft.scope)  # how many were exchanged or handed over
        if draft.cls == "Transfer" and not draft.recipient and draft.rule.pos == "VERB":
            _recipient_in_object(draft, context)
        if draft.cls == "Transfer" and not draft.agent and draft.recipient and not _names_what(draft.token):
            # "released to X" with no one releasing: too vague to state; but "the memos, provided
            # to Congress" names what was handed over (the noun the participle describes)
            continue
        yield draft


def _recipient_in_object(draft: EventDraft, context: ArticleContext) -> None:
    """ "provides a list of questions to Trump's lawyers": the parser hangs the addressee on the
    object; on a hand-over a "to" phrase inside what is handed over names who receives it."""
    for obj in (c for c in draft.token.children if c.dep_ in ("dobj", "obj")):
        for prep in obj.subtree:
            if prep.dep_ != "prep" or prep.lower_ != "to":
                continue
            for target in (g for g in prep.children if g.dep_ == "pobj"):
                keys = [k for k in context.actors.resolve(target) if k not in draft.actors()]
                draft.recipient.extend(keys)
            if draft.recipient:
                return


def _names_what(token: Token) -> bool:
    """Whether a hand-over's clause names what was handed over: a participle describing it ("the
    memos, provided to Congress", "the memos, running 15 pages and sent to Congress") or the
    subject of a passive ("the memos were released to Congress")."""
    first = token
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    if first.dep_ == "acl":
        return True
    return any(c.dep_ == "nsubjpass" and c.pos_ == "NOUN" for c in token.children)


def _quantity(draft: EventDraft, scope: list[Token]) -> int | None:
    """ "175-for-175", "released 23 prisoners": a count in the trigger's clause, not one of time."""
    if not scope:
        return None
    doc = draft.token.doc
    text = doc[scope[0].i : scope[-1].i + 1].text
    m = re.search(r"\b(\d[\d,]*)\s*-?\s*for\s*-?\s*(\d[\d,]*)\b", text)
    if m:
        return parse_quantity(m.group(0))
    for t in scope:
        if (
            t.dep_ == "nummod"
            and t.head.pos_ == "NOUN"
            and t.head.lemma_.lower()
            not in ("day", "week", "month", "year", "hour", "minute", "percent", "%")
        ):
            phrase = " ".join(x.text for x in t.subtree if x.i <= t.i or x.like_num)
            value = parse_quantity(phrase)
            if value is not None:
                return value
    return None
