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
from eventgraph.extract.attributes import parse_duration, parse_quantity
from eventgraph.extract.lexicon import Lexicon, TriggerRule, lexicon

__all__ = ["ArticleContext", "EventDraft", "match_family"]

_SUBJ = ("nsubj", "csubj", "expl")
_PASSIVE_SUBJ = ("nsubjpass", "csubjpass")
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
    negated: bool = False
    has_subject: bool = False  # a verb whose subject is a noun phrase, even one naming no actor
    sent: Span | None = field(default=None, repr=False)  # the trigger's sentence, once known

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


# ---------------------------------------------------------------------------- trigger matching
def _context_lemmas(token: Token) -> set[str]:
    """Lemmas near a trigger: its children and grandchildren, its head and the head's children."""
    out = {token.lemma_.lower()}
    for c in token.children:
        out.add(c.lemma_.lower())
        out.add(c.lower_)
        for g in c.children:
            out.add(g.lemma_.lower())
            out.add(g.lower_)
    head = token.head
    if head is not token:
        out.add(head.lemma_.lower())
        out.add(head.lower_)
        if head.dep_ == "prep" and head.head is not head:
            out.add(head.head.lemma_.lower())
    return out


def _window(token: Token, size: int = 3) -> str:
    doc = token.doc
    return " ".join(t.lower_ for t in doc[max(0, token.i - size) : token.i + size + 1])


def _fits(rule: TriggerRule, token: Token) -> tuple[int, int] | None:
    """Token span (start, end) of the trigger phrase if ``rule`` fires on ``token``."""
    pos = token.pos_
    if rule.pos == "VERB" and not (pos == "VERB" or (pos == "AUX" and token.dep_ == "ROOT")):
        return None
    if rule.pos == "NOUN" and not (pos == "NOUN" or (pos == "PROPN" and token.is_lower)):
        return None  # a capitalised noun is most often part of a name ("High Command")
    lemma = token.lemma_.lower()
    start, end = token.i, token.i + 1
    if lemma not in rule.lemmas and token.lower_ not in rule.lemmas:
        for phrase in rule.phrases:
            n = len(phrase)
            if token.i - n + 1 < 0:
                continue
            words = [t.lemma_.lower() for t in token.doc[token.i - n + 1 : token.i + 1]]
            if words == list(phrase) or [t.lower_ for t in token.doc[token.i - n + 1 : token.i + 1]] == list(
                phrase
            ):
                start = token.i - n + 1
                break
        else:
            return None
    if rule.particle:
        prt = [c for c in token.children if c.dep_ == "prt" and c.lower_ == rule.particle]
        if not prt:
            return None
        end = max(end, prt[0].i + 1)
    if rule.prep and not any(
        c.dep_ in ("prep", "prt", "dative") and c.lower_ in rule.prep for c in token.children
    ):
        return None
    near = _context_lemmas(token)
    if rule.near and not (rule.near & near):
        return None
    if rule.not_near:
        window = _window(token)
        for w in rule.not_near:
            if (" " in w and f" {w} " in f" {window} ") or (" " not in w and w in near):
                return None
    if rule.pos == "NOUN":
        # take in the modifiers that make the phrase ("telephonic conversation", "prisoner exchange")
        i = start - 1
        while i >= 0:
            t = token.doc[i]
            if (
                t.head.i == token.i
                and t.dep_ in ("amod", "compound")
                and t.lemma_.lower() in rule.near | {"peace", "prisoner"}
            ):
                start = i
                i -= 1
            else:
                break
    return start, end


def _rule_index(lex: Lexicon, family: str) -> tuple[tuple[TriggerRule, ...], dict[str, tuple[int, ...]]]:
    """The rules of ``family``, and for each word the rules it can trigger (in rule order).

    A rule fits a token only when the token's lemma or lower-case form is one of its lemmas or
    the last word of one of its phrases, so the other rules need not be tried.
    """
    cached = _RULE_INDEX.get((id(lex), family))
    if cached is not None:
        return cached
    rules = lex.rules_for(family)
    words: dict[str, set[int]] = {}
    for i, rule in enumerate(rules):
        for w in (*rule.lemmas, *(phrase[-1] for phrase in rule.phrases)):
            words.setdefault(w, set()).add(i)
    index = (rules, {w: tuple(sorted(ids)) for w, ids in words.items()})
    _RULE_INDEX[(id(lex), family)] = index
    return index


_RULE_INDEX: dict[tuple[int, str], tuple[tuple[TriggerRule, ...], dict[str, tuple[int, ...]]]] = {}


def match_family(doc: Doc | Span, ctx: ArticleContext, family: str) -> Iterator[EventDraft]:
    """Drafts for every trigger of ``family`` in ``doc``, roles and attributes filled."""
    rules, index = _rule_index(ctx.lex, family)
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
            span = _fits(rule, token)
            if span is None:
                continue
            start, end = span
            begin, finish = full[start].idx, full[end - 1].idx + len(full[end - 1].text)
            if finish - begin > _MAX_TRIGGER_CHARS:
                begin, finish = token.idx, token.idx + len(token.text)
            if rule.cls in _CONTENT_ONLY and _inside_directive(token, ctx):
                break  # "ordered the troops to stop strikes": the stopping is what was ordered
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
            fill(draft, ctx)
            yield draft
            break


_CONTENT_ONLY = frozenset({"Concession", "Transfer", "Exchange", "Meeting", "Negotiation"})
_DIRECTIVES = frozenset({"Proposal", "Request", "Demand", "Order", "Threat", "Assurance", "Agreement"})


def _inside_directive(token: Token, ctx: ArticleContext) -> bool:
    """Whether ``token`` is in the content of a proposal, request, order, threat or promise."""
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
            return False
        t = t.head
        if ctx.claimed.get(t.i) in _DIRECTIVES:
            return True
    return False


# ---------------------------------------------------------------------------- roles
def _subject(verb: Token) -> tuple[Token | None, bool]:
    """The subject of a verb (climbing xcomp/conj/relcl chains), and whether it is passive."""
    t = verb
    for _ in range(4):
        for c in t.children:
            if c.dep_ in _SUBJ and c.lower_ in ("who", "which", "that") and t.dep_ == "relcl":
                return t.head, False  # "Trump, who has suggested ...": the noun the clause is about
            if (c.dep_ in _SUBJ and c.lower_ not in ("it", "there")) or (
                c.dep_ in _SUBJ and c.dep_ != "expl"
            ):
                return c, False
            if c.dep_ in _PASSIVE_SUBJ:
                # passive only for the verb itself ("he was forced to capitulate": he capitulates),
                # or for a passive participle conjoined to it ("bribed or blackmailed by Putin")
                return c, t is verb or (verb.dep_ == "conj" and verb.tag_ == "VBN")
        if t.dep_ == "acomp" and t.head is not t:
            t = t.head  # "Kyiv was ready to accept": the adjective's subject accepts
            continue
        if t.dep_ == "xcomp" and t.head is not t:
            # object control: "ordered the military to stop" -> the military stops
            obj = next((c for c in t.head.children if c.dep_ in ("dobj", "obj")), None)
            if obj is not None:
                return obj, False
            t = t.head
            continue
        if t.dep_ == "conj" and t.head is not t:
            t = t.head
            continue
        if (
            t.dep_ == "advcl"
            and t.tag_ in ("VBG", "VBN")
            and not any(c.dep_ in ("mark", "aux") for c in t.children)
        ):
            t = t.head  # "..., urging them to flee": a participle clause shares the main subject
            continue
        if (
            (t.dep_ == "pcomp" or (t.dep_ == "pobj" and t.tag_ == "VBG"))
            and t.head.dep_ == "prep"
            and t.head.head.pos_
            in (
                "VERB",
                "AUX",
            )
        ):
            governor = t.head.head
            obj = next((c for c in governor.children if c.dep_ in ("dobj", "obj")), None)
            if t.head.lower_ == "of" and obj is not None:
                return obj, False  # "accused his leader of deceiving him": the leader deceives
            t = governor  # "won by negotiating": the gerund shares the verb's subject
            continue
        if t.dep_ in ("relcl", "acl") and t.head is not t:
            owner = next((c for c in t.head.children if c.dep_ == "poss"), None)
            return (
                owner if owner is not None and t.dep_ == "acl" else t.head
            ), False  # "Putin's decision to withdraw"
        if t.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            obj = next((c for c in t.head.children if c.dep_ in ("dobj", "obj")), None)
            if obj is not None:
                return obj, False  # "hire experts to advise him": the experts advise
        break
    return None, False


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
            subj, _ = _subject(t)
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


def fill(draft: EventDraft, ctx: ArticleContext) -> None:
    token = draft.token
    rule = draft.rule
    draft.negated = any(c.dep_ == "neg" for c in token.children)
    role_tokens: set[int] = {token.i}
    topic_heads: list[Token] = []
    clause = token
    light_verb: Token | None = None

    def take(target: list[str], keys: list[str]) -> None:
        for k in keys:
            if k not in target:
                target.append(k)

    if rule.pos == "VERB":
        subj, passive = _subject(token)
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
                take(_object_role(draft), keys)
            else:
                take(draft.agent, keys)
        for c in token.children:
            dep = c.dep_
            if dep in _OBJ:
                keys = _np(c, ctx, draft)
                if keys and rule.object != "topic":
                    take(_object_role(draft), keys)
                    role_tokens.update(t.i for t in c.subtree)
                elif keys and _is_actor_np(c, ctx):
                    take(draft.participants if rule.symmetric else draft.recipient, keys)
                    role_tokens.update(t.i for t in c.subtree)
                else:
                    topic_heads.append(c)
            elif dep in ("dative", "iobj"):
                keys = _np(c, ctx, draft) or [
                    k for g in c.children if g.dep_ == "pobj" for k in _np(g, ctx, draft)
                ]
                take(draft.participants if rule.symmetric else draft.recipient, keys)
                role_tokens.update(t.i for t in c.subtree)
            elif dep in _CLAUSAL:
                topic_heads.append(c)
            elif dep in ("prep", "agent"):
                _prep(draft, c, ctx, role_tokens, topic_heads, passive_agent=dep == "agent")
    else:
        for c in token.children:
            if c.dep_ == "poss":
                take(
                    draft.participants if rule.symmetric and draft.agent else draft.agent, _np(c, ctx, draft)
                )
                role_tokens.update(t.i for t in c.subtree)
            elif c.dep_ in ("compound", "amod", "nmod") and ctx.actors.actor_at(c):
                keys = ctx.actors.resolve(c)  # "the Clinton-Trump debate": the compound's conjuncts too
                take(draft.participants if rule.symmetric else draft.agent, keys)
                role_tokens.update(t.i for t in c.subtree)
            elif c.dep_ in ("compound", "amod") and c.i in ctx.actors.demonym:
                take(
                    draft.participants if rule.symmetric else draft.agent,
                    [ctx.actors._ensure_country(ctx.actors.demonym[c.i])],
                )
                role_tokens.add(c.i)
            elif c.dep_ == "prep":
                _prep(draft, c, ctx, role_tokens, topic_heads, passive_agent=False)
            elif c.dep_ in ("acl", "relcl"):
                topic_heads.append(c)
        head = token.head
        verb = _governing_verb(token)
        support = verb is not None and (
            verb.lemma_.lower() in ctx.lex.support_verbs
            or (
                token.dep_ == "pobj"
                and token.head.lower_ in ("during", "in", "at", "after", "before", "following", "under")
            )
        )
        if (
            verb is not None
            and verb.lemma_.lower() in ctx.lex.support_verbs
            and (
                token.dep_ in ("dobj", "obj", "nsubjpass", "attr")
                or (token.dep_ == "pobj" and token.head.lower_ in ("in", "into", "on"))
            )
        ):
            light_verb = verb
            topic_heads.extend(c for c in verb.children if c.dep_ in ("advcl", "xcomp") and c.i > token.i)
        if verb is not None and support:
            subj, passive = _subject(verb)
            if subj is not None and not passive and subj.i not in role_tokens:
                keys = _np(subj, ctx, draft)
                take(draft.participants if rule.symmetric and draft.agent else draft.agent, keys)
                role_tokens.update(t.i for t in subj.subtree)
            for c in verb.children:
                if c.dep_ == "prep" and c.i != head.i and c.lower_ in ("with", "to", "between", "for"):
                    _prep(draft, c, ctx, role_tokens, [], passive_agent=False)
                elif c.dep_ in ("dative", "iobj"):
                    keys = _np(c, ctx, draft)
                    take(draft.participants if rule.symmetric else draft.recipient, keys)
    # a symmetric event names everyone as a participant; the first named side stays agent
    if rule.symmetric and len(draft.agent) > 1:
        for k in draft.agent[1:]:
            if k not in draft.participants:
                draft.participants.append(k)
    _attributes(draft, ctx, light_verb or clause, role_tokens, topic_heads)


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
    if keys and _is_actor_np(obj, ctx):
        if word in ("with", "between", "among", "alongside"):
            target = draft.participants
        elif (
            word in ("to", "toward", "towards")
            or (word in ("on", "upon") and word in rule.prep)
            or (word == "for" and rule.family == "directive")
        ):
            target = draft.participants if rule.symmetric else draft.recipient
        elif word == "against":
            target = draft.target
        elif word == "from" and rule.pos == "NOUN":
            target = draft.agent
        else:
            target = []
        if (
            target is not None
            and (target or word in _ROLE_PREPS)
            and not (word in ("on", "upon") and word not in rule.prep)
        ):
            for k in keys:
                if k not in target:
                    target.append(k)
            role_tokens.update(t.i for t in prep.subtree)
            return
    if word in ctx.lex.topic_preps:
        topic_heads.append(prep)


def _place_keys(token: Token, ctx: ArticleContext) -> list[str]:
    out = []
    heads = [token, *(c for c in token.children if c.dep_ in ("compound", "conj", "appos"))]
    for t in heads:
        key = ctx.actors.token_actor.get(t.i)
        if key and ctx.actors.actors[key].cls in ("Place", "City", "Country") and key not in out:
            out.append(key)
    return out


def _governing_verb(token: Token) -> Token | None:
    t = token
    for _ in range(3):
        head = t.head
        if head is t:
            return None
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.dep_ == "prep" or t.dep_ in ("pobj", "conj", "appos"):
            t = head
            continue
        return None
    return None


def _attributes(
    draft: EventDraft, ctx: ArticleContext, clause: Token, role_tokens: set[int], topic_heads: list[Token]
) -> None:
    token = draft.token
    # topic: the complement of the trigger, in the article's words
    skip = set(role_tokens) - {token.i}
    rank = {
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
    for head in sorted(topic_heads, key=lambda h: (rank.get(h.dep_, 4), h.i)):
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
    doc = token.doc
    text = doc[scope[0].i : scope[-1].i + 1].text
    if draft.cls not in ("Statement", "Allegation"):  # a claim's own length is never what news means
        draft.duration = parse_duration(text, require_context=True)
    for t in scope:
        if t.i in ctx.dates:
            draft.date = ctx.dates[t.i]
            break
    if draft.rule.family == "transfer":
        draft.quantity = _quantity(draft, scope)
    if draft.place is None:
        for t in scope:
            if (
                t.dep_ == "prep"
                and t.lower_ in ("in", "at")
                and (t.head.i == token.i or t.head.i == clause.i)
            ):
                objs = [g for g in t.children if g.dep_ == "pobj"]
                places = [k for o in objs for k in _place_keys(o, ctx) if k not in draft.actors()]
                if places:
                    draft.place = places[0]
                    break


def _quantity(draft: EventDraft, scope: list[Token]) -> int | None:
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
