"""Event resolution: which events of different articles are one real event, and on what evidence.

Events are compared within their story (:mod:`.stories`) and their merge group (classes that may
be one event worded differently), never all pairs: candidates come from blocking keys
(story x merge group x actor). Across stories only an identical quote by the same speaker is
evidence enough (blocked by the quote's word shingles). A pair is judged as a reader would:

- never when both name agents and no agent is shared (a person counts for their state), nor when
  they state different dates or counts;
- evidence: an identical quote (six words in a row), a shared agent, other shared actors, the
  same trigger word stem ("tweeted" / "tweet"), shared content words, the same date;
- a speech act (every "said" is alike) needs its content: a quote, or shared content words.

One article's tellings of one act are folded first (:func:`same_in_article`). Then pairs are merged
greedily, best first; a merged event never holds two events of one article that it tells apart, nor
two utterances that each say a good deal and share no word of it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain
from typing import Any

from eventgraph.types import EventRecord

__all__ = ["Candidate", "Evidence", "compatible", "conflict", "evidence", "folds", "pairs", "same_in_article"]

_BUCKET_WINDOW = 60  # at most this many earlier events of a bucket are compared with a new one
_SHINGLE = 7  # words in a row that make an identical quote (fewer: a shared name or phrase)
_SAYS_MUCH = 6  # content words of a topic that say something of its own
_SENTENCE_WORDS = 4  # content words two sentences share to tell of one thing
_WORDING = 8  # words in a row that make a sentence copied
_LONG_QUOTE = 3  # shared shingles (nine words in a row) that make a long one
_SHARED = 0.15  # share of the shorter topic's content words that makes two topics alike
_RETOLD = 0.3  # that share, and at least _RETOLD_WORDS words, for one article telling one act twice
_RETOLD_WORDS = 3
_STOP_WORDS = (
    "a an the of on in to for and or with by at from as that this these those its it their his her "
    "be is are was were will would should could has have had not no all any both each also than then "
    "there which who whom what into over about after before during between against said says told mr ms mrs"
)
_STOP = frozenset(_STOP_WORDS.split())
_TOKEN = re.compile(r"[a-z0-9]+")
_SUFFIX = re.compile(r"(ments?|ings?|ions?|ed|es|s|ers?|e)$")

#: weights of the kinds of evidence; a pair is merged at a score of 1.5 or more
WEIGHTS = {
    "quote": 2.0,
    "agent": 1.0,
    "only one": 1.0,
    "joint": 1.0,
    "actors": 0.5,
    "lemma": 0.5,
    "words": 1.0,
    "date": 0.5,
    "wording": 1.5,
    "sentence": 0.75,
}
THRESHOLD = 1.5
_OTHER_CLASS = 0.5
#: stems of the verbs every report of speech uses: the same one says nothing of the content
_PLAIN_SPEECH = frozenset({"said", "say", "told", "tell", "add"})


@dataclass(slots=True)
class Candidate:
    """What resolution compares of one event."""

    article: str
    index: int
    record: EventRecord
    story: str
    group: str
    speech: bool
    keys: frozenset[str]  # global keys of its actors
    actors: frozenset[str]  # the same, with the states of the persons
    agents: frozenset[str]  # its agents' keys, with the states of the persons
    agent_keys: frozenset[str]
    words: frozenset[str]
    shingles: frozenset[str]
    wording: frozenset[str]  # word shingles of its sentence
    sentence: frozenset[str]  # content word stems of its sentence
    stem: str
    sole: frozenset[str]  # agents of whom this is the article's only event of its merge group
    org_speaker: bool  # an agent is an organization (a spokesperson may read its statement)
    persons: bool  # its agents are all persons
    parties: tuple[frozenset[str], ...]  # a symmetric event's parties, each with its state
    order: tuple[str, int]


@dataclass(frozen=True, slots=True)
class Evidence:
    score: float
    kinds: tuple[str, ...]  # "quote", "agent", "actors", "lemma", "words", "date"


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(text.lower()) if text else []


def _content_words(toks: list[str]) -> frozenset[str]:
    """The stems of a text's content words ("sued" and "sue" are one), and its numbers ("30 days"
    and "a 30-day delay" share the 30)."""
    return frozenset(filter(None, map(_content_stem, toks)))


@lru_cache(maxsize=1 << 16)  # every word of every topic and sentence: a few thousand words, often
def _content_stem(word: str) -> str:
    """A content word's stem, or "" for a stop word or a short word that is no number."""
    if word in _STOP or not (len(word) > 2 or (len(word) == 2 and word.isdigit())):
        return ""
    return stem(word)


def _shingles(toks: list[str], size: int) -> frozenset[str]:
    """Every ``size`` words in a row, joined by spaces."""
    return frozenset(" ".join(toks[i : i + size]) for i in range(len(toks) - size + 1))


@lru_cache(maxsize=1 << 10)  # an article's events often share a sentence or a topic
def topic_words(text: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """A topic's content words and its shingles (what an identical quote shares), read once."""
    toks = tokens(text)
    return _content_words(toks), _shingles(toks, _SHINGLE)


@lru_cache(maxsize=1 << 10)
def sentence_words(text: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """A sentence's wording (its shingles, what a copied sentence shares) and content words."""
    toks = tokens(text)
    return _shingles(toks, _WORDING), _content_words(toks)


@lru_cache(maxsize=1 << 16)  # trigger words, and each content word (via _content_stem)
def stem(word: str) -> str:
    """'tweeted' -> 'tweet', 'statements' -> 'stat': a crude stem that nominalizations share."""
    w = word.lower().split()[0] if word.strip() else ""
    cut = _SUFFIX.sub("", w)  # "agreements" -> "agree" -> "agre", "agreed" -> "agre"
    cut = cut[:-1] if cut.endswith("e") else cut
    return cut if len(cut) >= 2 else w


def same_stem(a: str, b: str) -> bool:
    """Stems of one word ("agre" of "agreed", "agr" of "agree"): one begins the other."""
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short)


def conflict(a: Candidate, b: Candidate) -> bool:
    """Whether two events can never be one, whatever else they share: other classes, conflicting
    agents, different counts or days. A merged event holds no two events in conflict."""
    if a.group != b.group:
        return True
    quote = len(a.shingles & b.shingles)
    # conflicting agents: never one event, unless one is an organization whose statement
    # two of its people read out word for word (a long identical quote)
    spokesperson = quote >= _LONG_QUOTE and (a.org_speaker or b.org_speaker)
    if a.agents and b.agents and not spokesperson:
        if not a.agents & b.agents:
            return True
        # two persons of one state are two speakers; a person and their office or state act as
        # one, but what a person says and what an office puts out are two utterances
        if not a.agent_keys & b.agent_keys and (
            (a.persons and b.persons) or (a.speech and a.persons != b.persons)
        ):
            return True
    ra, rb = a.record, b.record
    for name in ("quantity", "date"):
        va, vb = getattr(ra, name), getattr(rb, name)
        if va is not None and vb is not None and str(va)[-5:] != str(vb)[-5:]:
            return True  # different counts or days: different events
    # a meeting or deal of one side with two different others ("with Seoul", "with Ottawa")
    return any(p.isdisjoint(b.agents) for p in a.parties) and any(p.isdisjoint(a.agents) for p in b.parties)


def alike(a: Candidate, b: Candidate) -> bool:
    """The same speaker saying the same: a shared agent and a shared quote or alike topics."""
    return bool(a.agent_keys & b.agent_keys) and bool(a.shingles & b.shingles or _overlap(a, b) >= _SHARED)


def compatible(left: list[Candidate], right: list[Candidate]) -> bool:
    """Whether two merged events may become one: no two of their events in conflict, and where
    they join different stories, an event of each story alike with one of the other (one quote
    that bridges two stories does not draw in every report of the same speaker in either)."""
    if any(conflict(a, b) for a in left for b in right):
        return False
    told_left, told_right = _told(left), _told(right)
    if any(_two_statements(a, b) for a in told_left.values() for b in told_right.values()):
        return False
    stories_left = {a.story for a in left}
    for b in right:
        for story in stories_left - {b.story}:
            side = [a for a in left if a.story == story]
            others = [c for c in right if c.story == b.story]
            if not any(alike(a, c) for a in side for c in others):
                return False
    return True


@dataclass(frozen=True, slots=True)
class _Told:
    """What one article says of an act, over every time it tells it."""

    speech: bool
    words: frozenset[str]
    shingles: frozenset[str]


def _told(evs: list[Candidate]) -> dict[str, _Told]:
    by_article: dict[str, list[Candidate]] = defaultdict(list)
    for ev in evs:
        by_article[ev.article].append(ev)
    return {
        aid: _Told(
            any(e.speech for e in told),
            frozenset().union(*(e.words for e in told)),
            frozenset().union(*(e.shingles for e in told)),
        )
        for aid, told in by_article.items()
    }


def _two_statements(a: Candidate | _Told, b: Candidate | _Told) -> bool:
    """Two utterances that each say a good deal and share neither a word of content nor a quote
    are two statements, however each is linked to a third report (a speaker's two tweets of one
    story: one report's words of the first, another's of the second). An article that tells an
    act twice says all it says of it in both tellings."""
    return (
        a.speech
        and min(len(a.words), len(b.words)) >= _SAYS_MUCH
        and not a.words & b.words
        and not a.shingles & b.shingles
    )


def _overlap(a: Candidate, b: Candidate) -> float:
    """The share of the shorter topic's content words that the other topic has too."""
    return len(a.words & b.words) / min(len(a.words), len(b.words)) if a.words and b.words else 0.0


def evidence(a: Candidate, b: Candidate) -> Evidence | None:
    """Whether two events of different articles are one, and on what evidence (None: not one)."""
    if conflict(a, b):
        return None
    ra, rb = a.record, b.record
    quote = len(a.shingles & b.shingles)
    kinds: list[str] = []
    score = 0.0
    if quote:
        kinds.append("quote")
        score += WEIGHTS["quote"]
    if a.agent_keys & b.agent_keys:
        kinds.append("agent")
        score += WEIGHTS["agent"]
        if len(a.agent_keys & b.agent_keys) >= 2:  # the same group speaking or acting together
            kinds.append("joint")
            score += WEIGHTS["joint"]
    elif a.agents & b.agents:  # a person and their state: compatible, weaker than the same agent
        kinds.append("agent's state")
        score += WEIGHTS["agent"] / 2
    overlap = _overlap(a, b)
    # each article's only event of this class by this agent (a minor speaker's one statement),
    # unless both say a good deal and nothing alike (two different statements)
    apart = min(len(a.words), len(b.words)) >= _SAYS_MUCH and not (a.words & b.words)
    if ra.cls == rb.cls and a.sole & b.sole and _nested(a.agent_keys, b.agent_keys) and not apart:
        kinds.append("only one")
        score += WEIGHTS["only one"]
    others = (a.actors - a.agents) & (b.actors - b.agents)
    if others:
        kinds.append("actors")
        score += WEIGHTS["actors"]
    if same_stem(a.stem, b.stem) and a.stem not in _PLAIN_SPEECH:
        kinds.append("lemma")
        score += WEIGHTS["lemma"]
    if overlap >= _SHARED:
        kinds.append("words")
        score += WEIGHTS["words"] * min(1.0, 2 * overlap)
    if a.wording & b.wording:  # the sentence itself, word for word (a wire report copied)
        kinds.append("wording")
        score += WEIGHTS["wording"]
    elif a.sentence and b.sentence:
        shared = len(a.sentence & b.sentence)
        if shared >= _SENTENCE_WORDS and shared / min(len(a.sentence), len(b.sentence)) >= 0.4:
            kinds.append("sentence")
            score += WEIGHTS["sentence"]
    if ra.date and rb.date:
        kinds.append("date")
        score += WEIGHTS["date"]
    if a.speech and ra.cls != rb.cls:  # "threatened" / "said": one may be either, it takes more to tell
        score -= _OTHER_CLASS
    if a.story != b.story and not quote:
        return None  # a merge across stories rests on the same speaker's identical words
    if a.speech and not ({"quote", "words", "only one", "joint", "wording", "sentence"} & set(kinds)):
        return None  # every "said" is alike: the content must match
    if not ({"agent", "agent's state", "actors", "quote", "wording"} & set(kinds)):
        return None  # nobody in common
    return Evidence(round(score, 3), tuple(kinds)) if score >= THRESHOLD else None


def same_in_article(a: Candidate, b: Candidate) -> bool:
    """Whether two events of one article are one act told twice (a lede and its detail, a quote
    and its paraphrase): one class, a shared agent, nothing in conflict, and the same words (a
    quote, or a good share of what each says). Two classes stay two: "the suit alleges" and
    "its chairman said" are two acts even in one sentence."""
    if a.record.cls != b.record.cls or not a.agent_keys & b.agent_keys:
        return False
    if conflict(a, b):
        return False
    if _named_again(a, b):
        return True  # what the suit claims is the suit, whatever each says
    shared = len(a.words & b.words)
    return not _two_statements(a, b) and (
        bool(a.shingles & b.shingles) or (shared >= _RETOLD_WORDS and _overlap(a, b) >= _RETOLD)
    )


def _named_again(a: Candidate, b: Candidate) -> bool:
    """The later event's sentence names the earlier one by its noun ("filed a civil suit" …
    "the suit also claims"): what the suit claims is the suit."""
    head = tokens(a.record.trigger.text)[-1:]
    if not head or len(head[0]) < 4 or a.record.trigger.begin >= b.record.trigger.begin:
        return False
    return (
        re.search(rf"\b(?:the|this|that|its) {head[0]}\b", (b.record.trigger.evidence or "").lower())
        is not None
    )


def folds(evs: list[Candidate]) -> list[tuple[int, int]]:
    """The pairs of events of one article that are one act (compared within the article and
    merge group only, at most _BUCKET_WINDOW earlier events each)."""
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    out: list[tuple[int, int]] = []
    for n, ev in enumerate(evs):
        bucket = buckets[(ev.article, ev.group)]
        out.extend((m, n) for m in bucket[-_BUCKET_WINDOW:] if same_in_article(evs[m], ev))
        bucket.append(n)
    return out


def _nested(a: frozenset[str], b: frozenset[str]) -> bool:
    return a <= b or b <= a


def pairs(evs: list[Candidate]) -> dict[tuple[int, int], Evidence]:
    """The merge candidates with their evidence, from blocking keys (never all pairs)."""
    buckets = _Buckets()
    out: dict[tuple[int, int], Evidence] = {}
    article = [ev.article for ev in evs]
    for n, ev in enumerate(evs):
        met = buckets.of(ev)
        # the earlier events of its buckets, each once, in the order the buckets meet them
        for m in dict.fromkeys(chain.from_iterable(bucket[-_BUCKET_WINDOW:] for bucket in met if bucket)):
            if article[m] != ev.article and (found := evidence(evs[m], ev)) is not None:
                out[(m, n)] = found
        for bucket in met:
            bucket.append(n)
    return out


class _Buckets:
    """The events of each blocking key, in the order they come: its actors within its story and
    merge group, its topic's shingles within its merge group (when it names who acts), and its
    sentence's shingles within its story and merge group. Keyed by the story and group first,
    then by the actor or shingle itself (a string hashes once, a tuple on every lookup)."""

    def __init__(self) -> None:
        self.actors: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(dict)
        self.quotes: dict[str, dict[str, list[int]]] = defaultdict(dict)
        self.wording: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(dict)

    def of(self, ev: Candidate) -> list[list[int]]:
        """The buckets of an event's keys (new ones empty), in the order of its keys."""
        actors = self.actors[(ev.story, ev.group)]
        met = [actors.setdefault(actor, []) for actor in ev.actors]
        if ev.agents:
            quotes = self.quotes[ev.group]
            met += [quotes.setdefault(sh, []) for sh in ev.shingles]
        wording = self.wording[(ev.story, ev.group)]
        met += [wording.setdefault(sh, []) for sh in ev.wording]
        return met


def expand(keys: Iterable[str], country: Mapping[str, str | None]) -> frozenset[str]:
    """Actor keys and the states their persons belong to."""
    out = set(keys)
    for k in list(out):
        c = country.get(k)
        if c:
            out.add(c)
    return frozenset(out)


def fold(evs: list[EventRecord]) -> EventRecord:
    """One record of an act an article tells several times, with at most one value of each
    attribute (docs/graph-layout.md): the class of its first telling, every actor of each, the
    topics joined ("a; b"), the first stated count, duration, date and place, asserted if any
    telling asserts it, and every telling's trigger among its mentions."""
    if len(evs) == 1:
        return evs[0]
    first = evs[0]

    def every(role: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k for ev in evs for k in getattr(ev, role)))

    def stated(name: str) -> Any:
        return next((v for ev in evs if (v := getattr(ev, name)) is not None), None)

    topics = list(dict.fromkeys(ev.topic for ev in evs if ev.topic))
    topics = [t for t in topics if not any(t != u and t in u for u in topics)]  # a part retold
    mentions = dict.fromkeys(m for ev in evs for m in (ev.trigger, *ev.mentions) if m != first.trigger)
    return replace(
        first,
        agent=every("agent"),
        recipient=every("recipient"),
        target=every("target"),
        participants=every("participants"),
        attributed_to=every("attributed_to"),
        topic="; ".join(topics) or None,
        quantity=stated("quantity"),
        duration=stated("duration"),
        date=stated("date"),
        place=stated("place"),
        factuality=None if any(ev.factuality is None for ev in evs) else first.factuality,
        mentions=tuple(mentions),
    )
