"""Calls, meetings and talks (PLOVER CONSULT; CAMEO 041-046)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Token

from eventgraph.extract.engine import ArticleContext, EventDraft, match_family
from eventgraph.extract.nominal import relative_clause_roles

# verbs that are a meeting only without an object, or with people as one: "protesters gathered",
# "gathered the ministers"; but "gathered evidence", "assembled the complaint" are work on a thing
_GATHERING = frozenset({"gather", "assemble"})
# "separate meetings with A and B", "individual talks with": one event with each side
_SEPARATE = frozenset({"separate", "individual", "respective", "bilateral", "one-on-one"})


def extract_contacts(doc: Doc, *, context: ArticleContext) -> Iterator[EventDraft]:
    for draft in match_family(doc, context, "contact"):
        if draft.token.lemma_.lower() in _GATHERING and _gathers_things(draft.token, context):
            continue
        relative_clause_roles(draft, context)  # "the meetings Trump held with Macron"
        yield from _separately(draft)


def _separately(draft: EventDraft) -> Iterator[EventDraft]:
    """ "separate meetings with Macron and Merkel": one meeting with each of the other sides."""
    token = draft.token
    separate = token.tag_ == "NNS" and any(c.dep_ == "amod" and c.lower_ in _SEPARATE for c in token.children)
    others = [k for k in draft.participants if k not in draft.agent]
    if not separate or not draft.agent or len(others) < 2:
        yield draft
        return
    for other in others:
        yield replace(
            draft,
            participants=[other],
            agent=list(draft.agent),
            recipient=list(draft.recipient),
            target=list(draft.target),
            attributed_to=list(draft.attributed_to),
            extra_mentions=list(draft.extra_mentions),
        )


def _gathers_things(verb: Token, context: ArticleContext) -> bool:
    lex = context.lex
    for obj in (c for c in verb.children if c.dep_ in ("dobj", "obj")):
        lemma = obj.lemma_.lower()
        people = lex.human_nouns | lex.role_nouns | lex.group_nouns | lex.military_nouns
        if context.actors.actor_at(obj) is None and obj.pos_ != "PRON" and lemma not in people:
            return True
    return False
