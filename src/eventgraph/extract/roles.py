"""Who does what to whom: the roles of an event draft, read from the parse around its trigger.

Subjects are agents (the subject of a passive is the one acted on), objects fill the role the
rule names, prepositions decide the rest ("to" -> recipient, "with"/"between" -> participants,
"against" -> target). A noun trigger takes its roles from its possessor and name modifiers, then
from the verb it is the object of ("held talks with ...").
"""

from __future__ import annotations

from spacy.tokens import Token

from eventgraph.extract.drafts import ArticleContext, EventDraft
from eventgraph.extract.reference import (
    agreeing_person,
    inside_quote,
    previous_subject,
    quote_speaker,
    reporting_subject,
    sentence_speaker,
    titled_person,
)
from eventgraph.extract.syntax import governing_verb, subject

__all__ = [
    "OBJECT_DEPS",
    "is_actor_np",
    "noun_roles",
    "place_keys",
    "quiet_actors",
    "verb_roles",
]

OBJECT_DEPS = ("dobj", "obj", "attr", "oprd")
_CLAUSAL = ("ccomp", "xcomp")
_ROLE_PREPS = frozenset(
    {
        "with",
        "between",
        "among",
        "alongside",
        "to",
        "toward",
        "towards",
        "on",
        "upon",
        "against",
        "from",
        "for",
    }
)


def _np(token: Token, ctx: ArticleContext, draft: EventDraft) -> list[str]:
    reporter = reporting_subject(token, ctx) or previous_subject(token, ctx)
    if reporter:
        return reporter
    pronouns = ctx.lex.pronouns
    low = token.lower_
    if low in pronouns["first"]:
        return quote_speaker(token, ctx)[:1]  # "'I told him ...,' Comey said": Comey
    speaker = None
    if low in pronouns["speaker"]:
        speaker = sentence_speaker(draft.token, ctx) or quote_speaker(token, ctx)
        if speaker and ctx.last_group:
            speaker = list(dict.fromkeys([*speaker, *ctx.last_group]))
    keys = ctx.actors.resolve(token, speaker=speaker, group=ctx.last_group)
    if low in pronouns["person"]:
        keys = agreeing_person(token, keys, ctx)
    if low in pronouns["person"] and keys and inside_quote(token, ctx):
        # "'I told him ...,' Comey said": "him" inside Comey's quote is not Comey
        keys = [k for k in keys if k not in quote_speaker(token, ctx)]
    return keys


def _take(target: list[str], keys: list[str]) -> None:
    for k in keys:
        if k not in target:
            target.append(k)


def verb_roles(
    draft: EventDraft,
    ctx: ArticleContext,
    role_tokens: set[int],
    topic_heads: list[Token],
    recipient_preps: frozenset[str],
) -> None:
    """A verb trigger: its subject is the agent (the object, when passive), its objects and
    prepositions fill the other roles; its clausal complements may be the topic."""
    token = draft.token
    rule = draft.rule
    subj, passive = subject(token)
    if subj is not None:
        lex = ctx.lex
        draft.has_subject = (
            subj.pos_ == "PROPN"
            or subj.lower_ in lex.human_nouns
            or subj.lemma_.lower() in lex.human_nouns | lex.role_nouns | lex.military_nouns
        )
        keys = _np(subj, ctx, draft) or titled_person(subj, ctx)
        role_tokens.update(t.i for t in subj.subtree)
        if passive:
            _take(_object_role(draft), keys)
        else:
            _take(draft.agent, keys)
    for c in token.children:
        dep = c.dep_
        if dep in OBJECT_DEPS:
            if c.lower_ in _REFLEXIVES:
                # "professing himself shocked": the subject again, never a recipient
                if not draft.agent:
                    _take(draft.agent, _np(c, ctx, draft))
                role_tokens.add(c.i)
                continue
            if c.lower_ in _THING_PRONOUNS and _to_phrase(token):
                # "offered them to two aides": with a "to" phrase naming the recipient, a pronoun
                # object is what is offered, not someone it is offered to
                continue
            keys = _np(c, ctx, draft)
            if keys and rule.object != "topic":
                _take(_object_role(draft), keys)
                role_tokens.update(t.i for t in c.subtree)
            elif keys and is_actor_np(c, ctx):
                _take(draft.participants if rule.symmetric else draft.recipient, keys)
                role_tokens.update(t.i for t in c.subtree)
            else:
                topic_heads.append(c)
                if rule.topic_recipient:
                    _topic_recipients(draft, c, ctx, role_tokens)
        elif dep in ("dative", "iobj"):
            objs = [g for g in c.children if g.dep_ == "pobj"]
            keys = _np(c, ctx, draft) or [k for g in objs for k in _np(g, ctx, draft)]
            _take(draft.participants if rule.symmetric else draft.recipient, keys)
            role_tokens.update(t.i for t in c.subtree)
        elif dep in _CLAUSAL:
            topic_heads.append(c)
        elif dep in ("prep", "agent"):
            _prep(
                draft,
                c,
                ctx,
                role_tokens,
                topic_heads,
                passive_agent=dep == "agent",
                recipient_preps=recipient_preps,
            )
    if rule.object == "recipient" and not draft.recipient:
        _take(draft.recipient, [k for k in _addressees(draft, ctx) if k not in draft.agent])
    if draft.cls == "Concession" and not draft.recipient:
        _take(draft.recipient, [k for k in _yielded_to(draft, ctx) if k not in draft.agent])


_THING_PRONOUNS = frozenset({"them", "it", "these", "those", "this", "that"})


def _to_phrase(verb: Token) -> bool:
    return any(c.dep_ in ("prep", "dative") and c.lower_ == "to" and list(c.children) for c in verb.children)


_REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves", "ourselves", "myself"})
_MODAL_OF_ADVICE = frozenset({"should", "must", "ought", "shall"})
_REPORTED = ("VBD", "VBN")


def _addressees(draft: EventDraft, ctx: ArticleContext) -> list[str]:
    """Whom a request or a piece of advice is for, when it says what they should do: "urged that
    Russia withdraw", "suggested that she sell", "Spain should stop drilling, the EU recommended".
    The subject of the complement is the recipient when the complement is advice (a "should", or
    a bare verb where the tense of the report would call for a past one), not a report of fact
    ("suggested that Russia was behind it")."""
    token = draft.token
    for clause in (c for c in token.children if c.dep_ == "ccomp"):
        auxes = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
        if auxes:
            advice = any(a.lower_ in _MODAL_OF_ADVICE for a in auxes)
        else:
            advice = clause.tag_ == "VB" or (
                clause.tag_ == "VBP" and clause.lemma_ != "be" and token.tag_ in _REPORTED
            )
        subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if advice and subj is not None and is_actor_np(subj, ctx):
            return _np(subj, ctx, draft)
    return []


# verbs of making someone yield: "forcing France to capitulate" yields to the one forcing
_COERCING = frozenset({"force", "compel", "pressure", "press", "push", "coerce", "oblige", "drive"})


def _yielded_to(draft: EventDraft, ctx: ArticleContext) -> list[str]:
    """Whom a concession is made to, when the sentence says who forced it."""
    token = draft.token
    if token.dep_ != "xcomp" or token.head.lemma_.lower() not in _COERCING:
        return []
    subj, passive = subject(token.head)
    if subj is not None and not passive:
        return _np(subj, ctx, draft)
    by = [g for p in token.head.children if p.dep_ == "agent" for g in p.children if g.dep_ == "pobj"]
    return [k for g in by for k in _np(g, ctx, draft)]


_TOPIC_RECIPIENT_PREPS = frozenset({"on", "for", "against"})


def _topic_recipients(draft: EventDraft, head: Token, ctx: ArticleContext, role_tokens: set[int]) -> None:
    """ "delayed the tariffs on Canada and Mexico", "the imposition of tariffs on the EU": the
    actors the topic bears on are the recipients (for triggers with ``topic_recipient``); so are
    those that name the measure ("delay the EU tariff decision", "lifted the Iran sanctions")."""
    if head.pos_ in ("NOUN", "PROPN"):
        for m in (c for c in head.children if c.dep_ == "compound" and c.i not in role_tokens):
            key = ctx.actors.actor_at(m)
            if key and not _is_place(m, ctx) and key not in draft.agent:
                _take(draft.recipient, [key])
    for t in head.subtree:
        if t.dep_ == "prep" and t.lower_ in _TOPIC_RECIPIENT_PREPS and t.i not in role_tokens:
            for obj in (g for g in t.children if g.dep_ == "pobj"):
                if is_actor_np(obj, ctx) and not _is_place(obj, ctx):
                    _take(draft.recipient, [k for k in _np(obj, ctx, draft) if k not in draft.agent])


_SAYING = frozenset({"Statement", "Allegation"})


def noun_roles(
    draft: EventDraft,
    ctx: ArticleContext,
    role_tokens: set[int],
    topic_heads: list[Token],
    recipient_preps: frozenset[str],
) -> Token | None:
    """A noun trigger: possessors and name modifiers are the agent ("Putin's call", "the
    Clinton-Trump debate"), then the verb it is the object of ("held talks with ..."). Returns
    that verb when it is a light verb whose clause is the event's ("hold a call"), else None."""
    token = draft.token
    rule = draft.rule
    for c in token.children:
        if c.dep_ == "poss":
            _take(draft.participants if rule.symmetric and draft.agent else draft.agent, _np(c, ctx, draft))
            role_tokens.update(t.i for t in c.subtree)
        elif c.dep_ in ("compound", "amod", "nmod") and ctx.actors.actor_at(c):
            keys = ctx.actors.resolve(c)  # "the Clinton-Trump debate": the compound's conjuncts too
            _take(draft.participants if rule.symmetric else draft.agent, keys)
            role_tokens.update(t.i for t in c.subtree)
        elif c.dep_ in ("compound", "amod") and c.i in ctx.actors.demonym:
            _take(
                draft.participants if rule.symmetric else draft.agent,
                [ctx.actors._ensure_country(ctx.actors.demonym[c.i])],
            )
            role_tokens.add(c.i)
        elif c.dep_ == "prep":
            _prep(
                draft, c, ctx, role_tokens, topic_heads, passive_agent=False, recipient_preps=recipient_preps
            )
            if rule.topic_recipient:  # "an extension of the deadline for Norway"
                _topic_recipients(draft, c, ctx, role_tokens)
        elif c.dep_ in ("acl", "relcl"):
            topic_heads.append(c)
    verb = governing_verb(token)
    if verb is None:
        return None
    if draft.cls in _SAYING and token.dep_ == "pobj" and token.head.lower_ in ("in", "via", "through"):
        # "seized on the memos in a Twitter message ..., that there was no collusion": what the
        # clause of the verb says is the message's content
        topic_heads.extend(c for c in verb.children if c.dep_ == "ccomp")
    light_verb = None
    if verb.lemma_.lower() in ctx.lex.support_verbs and (
        token.dep_ in ("dobj", "obj", "nsubjpass", "attr")
        or (token.dep_ == "pobj" and token.head.lower_ in ("in", "into", "on"))
    ):
        light_verb = verb
        topic_heads.extend(c for c in verb.children if c.dep_ in ("advcl", "xcomp") and c.i > token.i)
    if verb.lemma_.lower() in ctx.lex.support_verbs or (
        token.dep_ == "pobj"
        and token.head.lower_ in ("during", "in", "at", "after", "before", "following", "under")
    ):
        _support_verb_roles(draft, ctx, verb, role_tokens, recipient_preps)
    return light_verb


def _support_verb_roles(
    draft: EventDraft,
    ctx: ArticleContext,
    verb: Token,
    role_tokens: set[int],
    recipient_preps: frozenset[str],
) -> None:
    """The roles a noun trigger takes from its verb: "Putin held talks with Trump", "during a
    call, Trump told Zelensky"."""
    rule = draft.rule
    subj, passive = subject(verb)
    if subj is not None and not passive and subj.i not in role_tokens:
        keys = _np(subj, ctx, draft)
        _take(draft.participants if rule.symmetric and draft.agent else draft.agent, keys)
        role_tokens.update(t.i for t in subj.subtree)
    head = draft.token.head
    for c in verb.children:
        if c.dep_ == "prep" and c.i != head.i and c.lower_ in ("with", "to", "between", "for", "against"):
            _prep(draft, c, ctx, role_tokens, [], passive_agent=False, recipient_preps=recipient_preps)
        elif c.dep_ in ("dative", "iobj"):
            keys = _np(c, ctx, draft)
            _take(draft.participants if rule.symmetric else draft.recipient, keys)


def quiet_actors(token: Token, ctx: ArticleContext) -> list[str]:
    return ctx.actors.resolve(token, group=ctx.last_group)


def _object_role(draft: EventDraft) -> list[str]:
    obj = draft.rule.object
    if obj == "target":
        return draft.target
    if obj == "participant" or draft.rule.symmetric:
        return draft.participants
    return draft.recipient


def is_actor_np(token: Token, ctx: ArticleContext) -> bool:
    """An object that names an actor itself, not a thing of theirs ("Ukraine", not "Ukraine's grid")."""
    return (
        ctx.actors.actor_at(token) is not None
        or token.pos_ == "PRON"
        or token.lemma_.lower() in ctx.lex.role_nouns
    )


def _prep(
    draft: EventDraft,
    prep: Token,
    ctx: ArticleContext,
    role_tokens: set[int],
    topic_heads: list[Token],
    *,
    passive_agent: bool,
    recipient_preps: frozenset[str] = frozenset(),
) -> None:
    word = prep.lower_
    objs = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]
    if not objs:
        return
    obj = objs[0]
    keys = _np(obj, ctx, draft) if obj.dep_ == "pobj" else []
    places = place_keys(obj, ctx)
    rule = draft.rule
    if passive_agent or word == "by":
        if keys:
            draft.agent.extend(k for k in keys if k not in draft.agent)
            role_tokens.update(t.i for t in prep.subtree)
        return
    if word in ("in", "at") and places and not keys:
        draft.place = draft.place or places[0]
        role_tokens.update(t.i for t in prep.subtree)
        return
    # "a lawsuit against Trump campaign officials, the Russian government and WikiLeaks": one named
    # conjunct makes the list a list of actors
    if keys and (is_actor_np(obj, ctx) or any(is_actor_np(c, ctx) for c in _listed(obj))):
        if word in ("with", "between", "among", "alongside"):
            target = draft.participants
        elif (
            word in ("to", "toward", "towards")
            or (word in ("on", "upon") and word in rule.prep)
            or word in recipient_preps
        ):
            target = draft.participants if rule.symmetric else draft.recipient
        elif word == "against":
            target = draft.target
        elif word == "from" and (
            rule.pos == "NOUN" or (rule.family == "transfer" and draft.token.tag_ == "VBN")
        ):
            target = draft.agent  # "memos sent to Congress from the Justice Department"
        elif rule.topic_recipient and word in _TOPIC_RECIPIENT_PREPS:
            target = draft.recipient  # "a reprieve for the allies"
        else:
            target = []
        if (
            target is not None
            and (target or word in _ROLE_PREPS)
            and not (word in ("on", "upon") and word not in rule.prep and not rule.topic_recipient)
        ):
            for k in keys:
                if k not in target:
                    target.append(k)
            role_tokens.update(t.i for t in prep.subtree)
            return
    if word in ctx.lex.topic_preps:
        topic_heads.append(prep)


def _is_place(token: Token, ctx: ArticleContext) -> bool:
    """A place that is no state ("Tijuana", "the border"): never a participant."""
    key = ctx.actors.token_actor.get(token.i)
    return key is not None and ctx.actors.actors[key].cls in ("Place", "City")


def _listed(token: Token) -> list[Token]:
    """The other members of a list ``token`` heads: conjuncts and appositions, and theirs."""
    out: list[Token] = []
    for c in token.children:
        if c.dep_ in ("conj", "appos"):
            out.append(c)
            out.extend(_listed(c))
    return out


def place_keys(token: Token, ctx: ArticleContext) -> list[str]:
    out = []
    heads = [token, *(c for c in token.children if c.dep_ in ("compound", "conj", "appos"))]
    for t in heads:
        key = ctx.actors.token_actor.get(t.i)
        if key and ctx.actors.actors[key].cls in ("Place", "City", "Country") and key not in out:
            out.append(key)
    return out
