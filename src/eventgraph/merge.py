"""Entity and event resolution across articles: which records share an IRI.

Actors: an article's key is already global for gazetteer actors and full names; a lone
surname ("Trump") becomes the one full name of the corpus that ends with it ("Donald Trump").
Events: candidates come from blocking keys (event family x actor x publication week), never
all pairs; a pair is scored on shared actors (a person counts for their state too), topic
words and agreeing values (count, date); pairs are merged greedily, best first, and a merged
event never holds two events of the same article. Values that sources state differently
(the call's duration) are not reconciled here: each article's graph keeps its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from eventgraph.classes import class_table
from eventgraph.mint import event_digest
from eventgraph.types import ArticleRecords, EventRecord

__all__ = ["CanonicalActor", "Resolution", "resolve"]

_BUCKET_WINDOW = 60  # at most this many earlier events of a bucket are compared with a new one
_STOP_WORDS = (
    "a an the of on in to for and or with by at from as that this these those its it their his her be is "
    "are was were will would should could has have had not no all any both each also than then there which "
    "who whom what into over about after before during between against"
)
_STOP = frozenset(_STOP_WORDS.split())


def _group(cls: str) -> str:
    """The merge group of an event class: classes of one group may be one event worded differently."""
    known = class_table().get(cls)
    return known.group if known else cls


@lru_cache(maxsize=1)
def _speech_acts() -> frozenset[str]:
    """Classes whose instances are many and alike (every "said"): merged only on shared topic words."""
    return frozenset(c.name for c in class_table().event_classes if c.speech_act)


@dataclass
class CanonicalActor:
    key: str
    label: str
    cls: str
    aliases: set[str] = field(default_factory=set)
    wikidata: str | None = None
    country: str | None = None


@dataclass
class Resolution:
    """The outcome of resolution: global actor keys and event digests per article."""

    actor_key: dict[tuple[str, str], str]  # (article id, local key) -> global key
    actors: dict[str, CanonicalActor]
    event_id: dict[tuple[str, int], str]  # (article id, event index) -> digest
    event_label: dict[str, str]
    event_members: dict[str, list[tuple[str, int]]]

    def actor(self, article_id: str, key: str) -> str:
        return self.actor_key.get((article_id, key), key)


def _words(text: str | None) -> set[str]:
    if not text:
        return set()
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 2}


def _week(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal() // 7
    except ValueError:
        return None


def resolve_actors(
    records: Sequence[ArticleRecords],
) -> tuple[dict[tuple[str, str], str], dict[str, CanonicalActor]]:
    by_surname: dict[str, set[str]] = defaultdict(set)
    mentions: Counter = Counter()
    for rec in records:
        for a in rec.actors:
            if a.cls == "Person":
                mentions[a.key] += len(a.mentions)
                if "-" in a.key:
                    by_surname[a.key.rsplit("-", 1)[-1]].add(a.key)
    spelling = _spelling_variants(mentions)
    for variant, main in spelling.items():
        if "-" in variant:
            by_surname[variant.rsplit("-", 1)[-1]].discard(variant)
            by_surname[variant.rsplit("-", 1)[-1]].add(main)
    mapping: dict[tuple[str, str], str] = {}
    canon: dict[str, CanonicalActor] = {}
    labels: dict[str, Counter] = defaultdict(Counter)
    classes: dict[str, Counter] = defaultdict(Counter)
    for rec in records:
        aid = rec.article.id
        for a in rec.actors:
            key = spelling.get(a.key, a.key) if a.cls == "Person" else a.key
            if a.cls == "Person" and "-" not in key and len(by_surname.get(key, ())) == 1:
                key = next(iter(by_surname[key]))  # "trump" -> "donald-trump", the only Trump
            mapping[(aid, a.key)] = key
            c = canon.get(key)
            if c is None:
                c = canon[key] = CanonicalActor(
                    key=key, label=a.label, cls=a.cls, wikidata=a.wikidata, country=a.country
                )
            labels[key][a.label] += 1
            classes[key][a.cls] += 1
            c.aliases.update(a.aliases)
            c.aliases.add(a.label)
            c.wikidata = c.wikidata or a.wikidata
            c.country = c.country or a.country
    for key, c in canon.items():
        # the gazetteer's label wins (it has a Wikidata id); otherwise the longest common name
        if not c.wikidata:
            c.label = sorted(labels[key].items(), key=lambda kv: (-len(kv[0].split()), -kv[1], kv[0]))[0][0]
        c.cls = sorted(classes[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        c.aliases.discard(c.label)
    return mapping, canon


def _one_edit(a: str, b: str) -> bool:
    """Whether two words differ by one inserted, deleted or changed letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _spelling_variants(mentions: Counter) -> dict[str, str]:
    """Person keys that are one spelling apart ("volodymyr-zelenskyy" / "volodymyr-zelensky"):
    the rarer spelling -> the commoner. Blocked by first name and the surname's first three
    letters, so it is never all pairs; surnames under six letters are left alone."""
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in mentions:
        parts = key.split("-")
        if len(parts[-1]) >= 6:
            blocks[(" ".join(parts[:-1]), parts[-1][:3])].append(key)
    out: dict[str, str] = {}
    for keys in blocks.values():
        keys.sort(key=lambda k: (-mentions[k], k))
        for i, rare in enumerate(keys):
            for common in keys[:i]:
                if common not in out and _one_edit(rare.rsplit("-", 1)[-1], common.rsplit("-", 1)[-1]):
                    out[rare] = common
                    break
    return out


@dataclass
class _Ev:
    article: str
    index: int
    record: EventRecord
    group: str
    actors: frozenset[str]
    expanded: frozenset[str]
    agents: frozenset[str]
    words: set[str]
    week: int | None
    order: tuple[str, int]


def _expanded(keys: Iterable[str], canon: dict[str, CanonicalActor]) -> frozenset[str]:
    out = set(keys)
    for k in list(out):
        c = canon.get(k)
        if c and c.country:
            out.add(c.country)
    return frozenset(out)


def _score(a: _Ev, b: _Ev) -> float:
    shared = a.expanded & b.expanded
    if not shared:
        return 0.0
    overlap = len(shared) / min(len(a.expanded), len(b.expanded))
    if overlap < 0.5:
        return 0.0
    if a.agents and b.agents and not (a.agents & b.agents):
        return 0.0
    ra, rb = a.record, b.record
    for name in ("quantity", "date"):
        va, vb = getattr(ra, name), getattr(rb, name)
        if va is not None and vb is not None and str(va)[-5:] != str(vb)[-5:]:
            return 0.0  # different counts or days: different events
    topic = len(a.words & b.words) / max(1, min(len(a.words), len(b.words))) if a.words and b.words else 0.0
    if ra.cls in _speech_acts() and topic < 0.25:  # every "said" is alike: the topic must match
        return 0.0
    agree = (ra.quantity is not None and ra.quantity == rb.quantity) or bool(ra.date and rb.date)
    if len(shared) < 2 and topic < 0.25 and not agree:
        return 0.0  # one shared actor and nothing else in common is not enough to call it one event
    score = overlap + topic
    if ra.quantity is not None and ra.quantity == rb.quantity:
        score += 0.5
    if ra.date and rb.date:
        score += 0.5
    return score


def resolve(records: Sequence[ArticleRecords], *, window_days: int = 7) -> Resolution:
    actor_key, canon = resolve_actors(records)
    evs: list[_Ev] = []
    for rec in records:
        aid = rec.article.id
        for i, e in enumerate(rec.events):
            keys = [actor_key.get((aid, k), k) for k in e.actors()]
            evs.append(
                _Ev(
                    article=aid,
                    index=i,
                    record=e,
                    group=_group(e.cls),
                    actors=frozenset(keys),
                    expanded=_expanded(keys, canon),
                    agents=_expanded((actor_key.get((aid, k), k) for k in e.agent), canon),
                    words=_words(e.topic),
                    week=_week(rec.article.published),
                    order=(aid, e.trigger.begin),
                )
            )
    # blocking: (class group, actor, week); an event meets only its bucket's recent events
    buckets: dict[tuple, list[int]] = defaultdict(list)
    pairs: dict[tuple[int, int], float] = {}
    max_weeks = max(1, window_days // 7 + 1)
    for n, ev in enumerate(evs):
        seen: set[int] = set()
        for actor in ev.expanded:
            weeks = [None] if ev.week is None else [ev.week - d for d in range(max_weeks + 1)]
            for w in weeks:
                for m in buckets.get((ev.group, actor, w), [])[-_BUCKET_WINDOW:]:
                    if m in seen or evs[m].article == ev.article:
                        continue
                    seen.add(m)
                    s = _score(evs[m], ev)
                    if s >= 1.0:
                        pairs[(m, n)] = s
        for actor in ev.expanded:
            buckets[(ev.group, actor, ev.week)].append(n)
    # greedy union, best pairs first; a cluster never holds two events of one article
    parent = list(range(len(evs)))
    articles: dict[int, set[str]] = {n: {ev.article} for n, ev in enumerate(evs)}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (m, n), _s in sorted(
        pairs.items(), key=lambda kv: (-kv[1], evs[kv[0][0]].order, evs[kv[0][1]].order)
    ):
        rm, rn = find(m), find(n)
        if rm == rn or articles[rm] & articles[rn]:
            continue
        if len(articles[rm]) < len(articles[rn]):
            rm, rn = rn, rm  # the larger set absorbs the smaller: near-linear however big a cluster grows
        parent[rn] = rm
        articles[rm] |= articles.pop(rn)
    clusters: dict[int, list[int]] = defaultdict(list)
    for n in range(len(evs)):
        clusters[find(n)].append(n)
    event_id: dict[tuple[str, int], str] = {}
    labels: dict[str, str] = {}
    members: dict[str, list[tuple[str, int]]] = {}
    for group in clusters.values():
        group.sort(key=lambda n: evs[n].order)
        first = evs[group[0]]
        # the first member's place is unique within its article: its index, not only its trigger
        digest = event_digest(first.group, first.article, str(first.index), str(first.record.trigger.begin))
        for n in group:
            event_id[(evs[n].article, evs[n].index)] = digest
        members[digest] = [(evs[n].article, evs[n].index) for n in group]
        labels[digest] = event_label([evs[n] for n in group], canon, actor_key)
    return Resolution(
        actor_key=actor_key, actors=canon, event_id=event_id, event_label=labels, event_members=members
    )


def _names(keys: Iterable[str], canon: dict[str, CanonicalActor]) -> list[str]:
    out: list[str] = []
    for k in keys:
        name = canon[k].label if k in canon else k
        if name not in out:
            out.append(name)
    return out


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def event_label(
    group: list[_Ev], canon: dict[str, CanonicalActor], actor_key: dict[tuple[str, str], str]
) -> str:
    """'Phone call between Donald Trump and Vladimir Putin', 'Order by Vladimir Putin to …: topic'."""
    cls = Counter(ev.record.cls for ev in group).most_common(1)[0][0]
    known = class_table().get(cls)
    head = known.instance_label if known else cls
    best = max(group, key=lambda ev: (len(ev.actors), len(ev.record.topic or ""), ev.order[0]))
    rec = best.record

    def keys(role: tuple[str, ...]) -> list[str]:
        return [actor_key.get((best.article, k), k) for k in role]

    if known is not None and known.symmetric and len(best.actors) >= 2:
        text = f"{head} between {_join(_names(sorted(best.actors, key=str), canon))}"
    else:
        parts = [head]
        if rec.agent:
            parts.append("by " + _join(_names(keys(rec.agent), canon)))
        if rec.recipient:
            parts.append("to " + _join(_names(keys(rec.recipient), canon)))
        if rec.target:
            parts.append("against " + _join(_names(keys(rec.target), canon)))
        if not rec.agent and (rec.participants or best.actors):
            parts.append("involving " + _join(_names(sorted(best.actors), canon)))
        text = " ".join(parts)
    topics = [ev.record.topic for ev in group if ev.record.topic]
    if topics:
        topic = max(topics, key=len)
        text += ": " + (topic if len(topic) <= 120 else topic[:117].rsplit(" ", 1)[0] + "…")
    return text
