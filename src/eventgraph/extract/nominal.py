"""Arguments of noun triggers that the parse puts in a relative clause.

"the separate meetings Trump held last week with Macron and Merkel", "the talks the two sides
began on Monday", "the offer he made to Kyiv": the noun is the object of a light verb in a
clause that describes it, so that clause's subject is the event's agent (or a participant of a
symmetric event) and its "with"/"between"/"to" phrases name the other side. The engine reads
the light verb a noun is the object of ("held talks with"); this reads the one that describes it.

And a definite noun of the same word as an earlier verb event ("Trump delayed the tariffs … the
30-day delay") is that event again: it takes the verb's agent.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventgraph.extract.engine import ArticleContext, EventDraft
from eventgraph.extract.syntax import subject

__all__ = ["agent_of_the_verb_before", "relative_clause_roles"]

_SIDE_PREPS = frozenset({"with", "between", "among", "alongside"})
_RECIPIENT_PREPS = frozenset({"to", "toward", "towards"})


def relative_clause_roles(draft: EventDraft, ctx: ArticleContext) -> None:
    """Fill the roles of a noun trigger from a light verb in the relative clause describing it."""
    if draft.rule.pos != "NOUN" or draft.agent or draft.participants:
        return
    found = _light_relative(draft.token, ctx)
    if found is None:
        return
    clause, subj = found
    symmetric = draft.rule.symmetric
    if subj is not None and subj.i != draft.token.i:
        _add(draft.agent, ctx.actors.resolve(subj, group=ctx.last_group), draft)
    for prep in (c for c in clause.children if c.dep_ == "prep"):
        word = prep.lower_
        if word in _SIDE_PREPS:
            role = draft.participants
        elif word in _RECIPIENT_PREPS:
            role = draft.participants if symmetric else draft.recipient
        else:
            continue
        for obj in (g for g in prep.children if g.dep_ == "pobj"):
            _add(role, ctx.actors.resolve(obj, group=ctx.last_group), draft)
    if symmetric and len(draft.agent) > 1:
        _add(draft.participants, draft.agent[1:], draft)


def agent_of_the_verb_before(draft: EventDraft, context: ArticleContext) -> None:
    """ "Trump delayed the tariffs … the White House described the 30-day delay as final": a
    definite noun of the same word as an earlier verb event of its class is that event again,
    and its agent is the verb's subject."""
    token = draft.token
    if draft.rule.pos != "NOUN" or draft.agent:
        return
    if not any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that") for c in token.children):
        return
    lemma = token.lemma_.lower()
    doc = token.doc
    earlier = [
        i
        for i, cls in context.claimed.items()
        if cls == draft.cls and i < token.i and doc[i].pos_ == "VERB" and doc[i].lemma_.lower() == lemma
    ]
    if not earlier:
        return
    verb = doc[max(earlier)]
    subj, passive = subject(verb)
    if subj is not None and not passive:
        keys = context.actors.resolve(subj)
        draft.agent.extend(k for k in keys if k not in draft.actors())


def _light_relative(noun: Token, ctx: ArticleContext) -> tuple[Token, Token | None] | None:
    """The light verb of a relative clause on ``noun`` whose object the noun is ("meetings [that]
    Trump held"), and the clause's subject."""
    support = ctx.lex.support_verbs
    for child in noun.children:
        if child.dep_ != "relcl" or child.lemma_.lower() not in support or _has_object(child):
            continue
        subj, passive = subject(child)
        if subj is not None and subj.lower_ in ("that", "which", "who"):
            continue  # "talks that began": the noun is the clause's subject, not its object
        return child, (None if passive else subj)
    # the small parser often misreads a reduced relative ("meetings Trump held last week with
    # Macron": "Trump" an adverbial, "held" a clause on it); read it from the word order: the
    # noun, a named actor or pronoun, then a light verb in the past with no object of its own
    doc = noun.doc
    i = noun.i + 1
    if i < len(doc) and doc[i].lower_ in ("that", "which"):
        i += 1
    start = i
    while i < len(doc) and (ctx.actors.actor_at(doc[i]) is not None or doc[i].pos_ == "PROPN"):
        i += 1
    if i == start and i < len(doc) and doc[i].pos_ == "PRON":
        i += 1
    if i == start or i >= len(doc):
        return None
    verb = doc[i]
    if verb.lemma_.lower() in support and verb.tag_ in ("VBD", "VBN") and not _has_object(verb):
        return verb, doc[i - 1]
    return None


def _has_object(verb: Token) -> bool:
    """ "the meeting that gave them hope": the clause has its own object."""
    return any(c.dep_ in ("dobj", "obj") and c.lower_ not in ("that", "which") for c in verb.children)


def _add(role: list[str], keys: list[str], draft: EventDraft) -> None:
    for k in keys:
        if k not in draft.actors() and k not in role:
            role.append(k)
