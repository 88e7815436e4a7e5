"""Proposals, requests, demands and orders (PLOVER REQUEST/AGREE; CAMEO 02x, 03x, 10x)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from eventgraph.extract.engine import ArticleContext, EventDraft, match_family
from eventgraph.extract.nominal import agent_of_the_verb_before, relative_clause_roles

#: "a call for Ukraine", "asked for the troops": in a directive, "for" names who it is meant for
_FOR_RECIPIENT = frozenset({"for"})


def extract_directives(doc: Doc, *, context: ArticleContext) -> Iterator[EventDraft]:
    for draft in match_family(doc, context, "directive", recipient_preps=_FOR_RECIPIENT):
        if draft.rule.pos == "VERB" and _a_question(draft.token):
            continue
        relative_clause_roles(draft, context)  # "the offer he made to Kyiv"
        agent_of_the_verb_before(draft, context)  # "Putin ordered … the order was passed"
        if draft.cls == "Order" and not draft.recipient:
            _ordered_forces(draft, context)
        yield draft


def _a_question(verb: Token) -> bool:
    """ "asked whether the F.B.I. had ...", "..., the minister asked": "ask" that asks for nothing
    to be done (no one asked to act, nothing asked for) is a question, no request."""
    if verb.lemma_.lower() != "ask":
        return False
    kids = list(verb.children)
    if any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for") for c in kids):
        return False  # "asked him to resign", "asked for more time"
    if any(c.dep_ == "ccomp" and _asks_whether(c) for c in kids):
        return True
    return not any(c.dep_ in ("dobj", "obj", "dative", "iobj", "ccomp", "nsubjpass") for c in kids)


def _asks_whether(clause: Token) -> bool:
    return any(g.dep_ == "mark" and g.lower_ in ("whether", "if") for g in clause.children)


def _ordered_forces(draft: EventDraft, context: ArticleContext) -> None:
    """ "ordered the military to ...", "passed the order to the troops": the agent's own forces."""
    lex = context.lex
    token = draft.token
    heads = [token] if draft.rule.pos == "VERB" else [token, token.head]
    candidates = []
    for head in heads:
        for child in head.children:
            if child.dep_ in ("dobj", "obj"):
                candidates.append(child)
            elif child.dep_ in ("prep", "dative") and child.lower_ == "to":
                candidates.extend(g for g in child.children if g.dep_ == "pobj")
    for obj in candidates:
        if obj.lemma_.lower() not in lex.military_nouns and obj.lower_ not in lex.military_nouns:
            continue
        keys = context.actors.resolve(obj)
        if not keys:
            slots = context.actors.actors
            countries = [c for k in draft.agent if k in slots and (c := slots[k].country)]
            keys = [context.actors.note(context.actors.armed_forces(countries[0]), obj)] if countries else []
        draft.recipient.extend(k for k in keys if k not in draft.recipient)
