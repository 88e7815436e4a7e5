"""Agreements, assurances, threats and concessions (PLOVER AGREE, THREATEN, CONCEDE)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from eventgraph.extract.engine import ArticleContext, EventDraft, match_family
from eventgraph.extract.nominal import agent_of_the_verb_before, relative_clause_roles


def extract_commitments(doc: Doc, *, context: ArticleContext) -> Iterator[EventDraft]:
    for draft in match_family(doc, context, "commitment"):
        if draft.cls == "Concession" and _stops_short(draft.token):
            continue
        relative_clause_roles(draft, context)  # "the deal the two sides struck"
        if draft.rule.topic_recipient and not draft.recipient:
            _named_in_topic(draft, context)
        agent_of_the_verb_before(draft, context)  # "delayed the tariffs … the 30-day delay"
        if draft.cls == "Agreement" and draft.rule.pos == "NOUN":
            _party_of_terms(draft, context)
        yield draft


# verbs that concede something only when it is said what is stopped: "halted the strikes",
# "stopped releasing", "the talks were suspended"; not "he paused and said", "she stopped"
_STOPPING = frozenset({"pause", "stop", "halt", "freeze", "cease"})


def _stops_short(verb: Token) -> bool:
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in _STOPPING:
        return False
    return not any(
        c.dep_ in ("dobj", "obj", "xcomp", "ccomp", "nsubjpass", "prep", "prt") for c in verb.children
    )


def _party_of_terms(draft: EventDraft, context: ArticleContext) -> None:
    """ "a deal to exempt South Korea from the tariffs", "an agreement to free the hostages'
    families": the actor the deal's terms act on is a party to it."""
    token = draft.token
    clauses = [c for c in token.children if c.dep_ in ("acl", "relcl")]
    if token.dep_ in ("dobj", "obj"):  # the parser often hangs it on the verb: "reached a deal to ..."
        clauses += [c for c in token.head.children if c.dep_ == "advcl" and c.i > token.i]
    for clause in (c for c in clauses if c.pos_ == "VERB"):
        if not any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children):
            continue
        for obj in (c for c in clause.children if c.dep_ in ("dobj", "obj")):
            if context.actors.actor_at(obj) is None:
                continue
            keys = context.actors.resolve(obj)
            draft.participants.extend(k for k in keys if k not in draft.actors())


def _named_in_topic(draft: EventDraft, context: ArticleContext) -> None:
    """ "delay the EU tariff decision", "postponed the Canadian levies": an actor naming the
    measure the concession is about is the side it concedes to."""
    actors = context.actors
    for obj in (c for c in draft.token.children if c.dep_ in ("dobj", "obj")):
        # the measure's own modifiers, and those of the nouns it is made of ("the EU tariff decision")
        nouns = [obj, *(t for t in obj.children if t.dep_ == "compound")]
        for t in (m for n in nouns for m in n.children):
            if t.dep_ not in ("compound", "amod", "nmod"):
                continue
            if t.i in actors.demonym:
                keys = [actors._ensure_country(actors.demonym[t.i])]
            else:
                key = actors.actor_at(t)
                slot = actors.actors.get(key) if key else None
                keys = [key] if key and slot is not None and slot.cls not in ("Place", "City") else []
            draft.recipient.extend(k for k in keys if k not in draft.actors())
