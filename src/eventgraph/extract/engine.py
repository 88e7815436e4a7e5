"""The shared machinery of the event families: find triggers, fill roles, read attributes.

A family module asks :func:`match_family` for the triggers of its rules and gets
:class:`EventDraft` objects (token-level, mutable while the article is read). Roles follow the
dependency parse: subjects are agents, objects fill the role the rule names, prepositions
decide the rest ("to" → recipient, "with"/"between" → participants, "against" → target).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from eventgraph.extract.actors import ActorIndex
from eventgraph.extract.attributes import parse_duration
from eventgraph.extract.factuality import NEGATED, PLANNED, POSSIBLE, factuality
from eventgraph.extract.lexicon import Lexicon, TriggerRule, lexicon
from eventgraph.extract.syntax import governing_verb, subject
from eventgraph.extract.triggers import fits, rule_index

__all__ = ["ArticleContext", "EventDraft", "fill", "match_family"]

_OBJ = ("dobj", "obj", "attr", "oprd")
_CLAUSAL = ("ccomp", "xcomp")
_MAX_TRIGGER_CHARS = 100
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
_QUOTES = "\"'“”‘’«»"


@dataclass
class ArticleContext:
    """What the families share about one document: actors, resolved dates, speakers."""

    doc: Doc
    actors: ActorIndex
    dates: dict[int, str]  # token index of a DATE entity's root -> resolved date
    claimed: dict[int, str] = field(default_factory=dict)  # trigger token -> event class
    last_group: list[str] = field(default_factory=list)  # actors of the last multi-actor event
    _words: list[tuple[str, str]] | None = field(default=None, repr=False)
    _sents: tuple[list[int], list[Span]] | None = field(default=None, repr=False)

    @property
    def lex(self) -> Lexicon:
        return lexicon()

    @property
    def words(self) -> list[tuple[str, str]]:
        """Each token's lowercased lemma and lowercased text, read once for all families (a
        spaCy Token is made on every ``doc[i]``; the families would make each five times)."""
        if self._words is None:
            self._words = [(t.lemma_.lower(), t.lower_) for t in self.doc]
        return self._words

    def sentence(self, i: int) -> Span:
        """The sentence of token ``i`` (``Token.sent`` walks the parse on every call)."""
        if self._sents is None:
            sents = list(self.doc.sents)
            self._sents = ([s.start for s in sents], sents)
        starts, sents = self._sents
        return sents[bisect.bisect_right(starts, i) - 1]


@dataclass
class EventDraft:
    cls: str
    rule: TriggerRule
    token: Token
    begin: int  # body character offsets of the trigger phrase
    end: int
    agent: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    topic: str | None = None
    quantity: int | None = None
    duration: str | None = None
    date: str | None = None
    place: str | None = None
    attributed_to: list[str] = field(default_factory=list)
    extra_mentions: list[tuple[int, int, str]] = field(default_factory=list)  # begin, end, sentence
    factuality: str | None = None  # Negated, Planned, Possible; None: asserted
    has_subject: bool = False  # a verb whose subject is a noun phrase, even one naming no actor
    sent: Span | None = field(default=None, repr=False)  # the trigger's sentence, once known
    scope: list[Token] = field(default_factory=list, repr=False)  # the trigger's clause, in order

    def actors(self) -> list[str]:
        seen: dict[str, None] = {}
        for k in (*self.agent, *self.recipient, *self.target, *self.participants):
            seen.setdefault(k, None)
        return list(seen)

    @property
    def sentence(self) -> Span:
        if self.sent is None:  # Token.sent walks the parse each time: kept once found
            self.sent = self.token.sent
        return self.sent


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
                c.dep_ in _OBJ and _is_actor_np(c, ctx) and _np_quiet(c, ctx) for c in token.children
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


# ---------------------------------------------------------------------------- roles
def _speaker_of(token: Token, ctx: ArticleContext) -> list[str]:
    """Who speaks a quote around ``token``: the subject of a reporting verb in the sentence."""
    verbs = ctx.lex.attribution_verbs
    own = token.doc is ctx.doc  # the context's sentences and words are those of its own doc
    sent = ctx.sentence(token.i) if own else token.sent
    words = ctx.words if own else None
    for t in sent:
        if (
            (words[t.i][0] if words is not None else t.lemma_.lower()) in verbs
            and t.pos_ == "VERB"
            and not _dominates(t, token, stop=token)
        ):
            subj, _ = subject(t)
            if subj is not None:
                keys = ctx.actors.resolve(subj, group=ctx.last_group)
                if keys:
                    return keys
    return []


def _dominates(a: Token, b: Token, stop: Token) -> bool:
    return a in list(b.ancestors)


def _np(token: Token, ctx: ArticleContext, draft: EventDraft) -> list[str]:
    speaker = None
    if token.lower_ in ctx.lex.pronouns["speaker"]:
        speaker = _speaker_of(draft.token, ctx)
        if speaker and ctx.last_group:
            speaker = list(dict.fromkeys([*speaker, *ctx.last_group]))
    return ctx.actors.resolve(token, speaker=speaker, group=ctx.last_group)


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


def _take(target: list[str], keys: list[str]) -> None:
    for k in keys:
        if k not in target:
            target.append(k)


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
        _verb_roles(draft, ctx, role_tokens, topic_heads, recipient_preps)
    else:
        clause = _noun_roles(draft, ctx, role_tokens, topic_heads, recipient_preps) or token
    # a symmetric event names everyone as a participant; the first named side stays agent
    if draft.rule.symmetric and len(draft.agent) > 1:
        for k in draft.agent[1:]:
            if k not in draft.participants:
                draft.participants.append(k)
    _attributes(draft, ctx, clause, role_tokens, topic_heads)


def _verb_roles(
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
        keys = _np(subj, ctx, draft)
        role_tokens.update(t.i for t in subj.subtree)
        if passive:
            _take(_object_role(draft), keys)
        else:
            _take(draft.agent, keys)
    for c in token.children:
        dep = c.dep_
        if dep in _OBJ:
            keys = _np(c, ctx, draft)
            if keys and rule.object != "topic":
                _take(_object_role(draft), keys)
                role_tokens.update(t.i for t in c.subtree)
            elif keys and _is_actor_np(c, ctx):
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


_TOPIC_RECIPIENT_PREPS = frozenset({"on", "for", "against"})


def _topic_recipients(draft: EventDraft, head: Token, ctx: ArticleContext, role_tokens: set[int]) -> None:
    """ "delayed the tariffs on Canada and Mexico", "the imposition of tariffs on the EU": the
    actors the topic bears on are the recipients (for triggers with ``topic_recipient``)."""
    for t in head.subtree:
        if t.dep_ == "prep" and t.lower_ in _TOPIC_RECIPIENT_PREPS and t.i not in role_tokens:
            for obj in (g for g in t.children if g.dep_ == "pobj"):
                if _is_actor_np(obj, ctx) and not _is_place(obj, ctx):
                    _take(draft.recipient, [k for k in _np(obj, ctx, draft) if k not in draft.agent])


def _noun_roles(
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


def _np_quiet(token: Token, ctx: ArticleContext) -> list[str]:
    return ctx.actors.resolve(token, group=ctx.last_group)


def _object_role(draft: EventDraft) -> list[str]:
    obj = draft.rule.object
    if obj == "target":
        return draft.target
    if obj == "participant" or draft.rule.symmetric:
        return draft.participants
    return draft.recipient


def _is_actor_np(token: Token, ctx: ArticleContext) -> bool:
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
    places = _place_keys(obj, ctx)
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
    if keys and (_is_actor_np(obj, ctx) or any(_is_actor_np(c, ctx) for c in _listed(obj))):
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


def _place_keys(token: Token, ctx: ArticleContext) -> list[str]:
    out = []
    heads = [token, *(c for c in token.children if c.dep_ in ("compound", "conj", "appos"))]
    for t in heads:
        key = ctx.actors.token_actor.get(t.i)
        if key and ctx.actors.actors[key].cls in ("Place", "City", "Country") and key not in out:
            out.append(key)
    return out


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
        if t.i in ctx.dates:
            draft.date = ctx.dates[t.i]
            break
    if draft.place is None:
        draft.place = _clause_place(draft, ctx, clause, scope)


def _clause_place(draft: EventDraft, ctx: ArticleContext, clause: Token, scope: list[Token]) -> str | None:
    """ "met in Riyadh", "talks at the Kremlin": a place the trigger or its clause is in."""
    token = draft.token
    for t in scope:
        if t.dep_ == "prep" and t.lower_ in ("in", "at") and (t.head.i == token.i or t.head.i == clause.i):
            objs = [g for g in t.children if g.dep_ == "pobj"]
            places = [k for o in objs for k in _place_keys(o, ctx) if k not in draft.actors()]
            if places:
                return places[0]
    return None
