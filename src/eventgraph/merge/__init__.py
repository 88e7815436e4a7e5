"""Entity and event resolution across articles: which records share an IRI, and why.

The steps live in their own modules: :mod:`.names` (name forms), :mod:`.actors` (one key per real
actor), :mod:`.stories` (articles grouped into stories), :mod:`.events` (events compared within
a story, with the evidence of each merge). :func:`resolve` runs them in that order and returns a
:class:`Resolution`; values that sources state differently (a call's duration) are not
reconciled here: each article's graph keeps its own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from eventgraph.classes import class_table
from eventgraph.merge.actors import CanonicalActor, canonical_actors, link_across, local_keys
from eventgraph.merge.events import (
    Candidate,
    compatible,
    conflict,
    expand,
    folds,
    pairs,
    sentence_words,
    stem,
    topic_words,
)
from eventgraph.merge.names import organization_core
from eventgraph.merge.stories import Story, group_stories
from eventgraph.mint import event_digest
from eventgraph.types import ArticleRecords, EventRecord

__all__ = ["CanonicalActor", "Resolution", "Story", "resolve", "resolve_actors"]


@cache
def _group(cls: str) -> str:
    """The merge group of an event class: classes of one group may be one event worded differently."""
    known = class_table().get(cls)
    return known.group if known else cls


@lru_cache(maxsize=1)
def _speech_acts() -> frozenset[str]:
    """Classes whose instances are many and alike (every "said"): merged only on shared content."""
    return frozenset(c.name for c in class_table().event_classes if c.speech_act)


@cache
def _symmetric(cls: str) -> bool:
    known = class_table().get(cls)
    return known is not None and known.symmetric


def _sides(e: EventRecord) -> tuple[str, ...]:
    """Who acts in an event: its agents, or for a symmetric one (a meeting, a deal) every party,
    since which side a report names first is its own choice ("Seoul agreed", "a deal with Seoul")."""
    return e.actors() if _symmetric(e.cls) else e.agent


def _sole_keys(e: EventRecord, key: Callable[[str], str]) -> set[str]:
    """What makes an event an article's only one of its kind: its sides, or where the article
    names nobody acting ("the memos, sent to Congress"), whom it is done to ("to:" keys)."""
    sides = _sides(e)
    if sides:
        return {key(k) for k in sides}
    return {"to:" + key(k) for k in (*e.recipient, *e.target)}


@dataclass
class Resolution:
    """The outcome of resolution: global actor keys, event digests per article, the stories and
    the evidence of each merged event."""

    actor_key: dict[tuple[str, str], str]  # (article id, local key) -> global key
    actors: dict[str, CanonicalActor]
    event_id: dict[tuple[str, int], str]  # (article id, event index) -> digest
    event_label: dict[str, str]
    event_members: dict[str, list[tuple[str, int]]]
    stories: list[Story] = field(default_factory=list)
    #: digest of a merged event -> the kinds of evidence its merges rest on ("quote", "agent" …)
    event_evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def actor(self, article_id: str, key: str) -> str:
        return self.actor_key.get((article_id, key), key)


def resolve_actors(
    records: Sequence[ArticleRecords],
) -> tuple[dict[tuple[str, str], str], dict[str, CanonicalActor]]:
    """Actors alone (no stories: surnames and acronyms are resolved over the whole corpus)."""
    keys = link_across(records, local_keys(records), {})
    return keys, canonical_actors(records, keys)


def resolve(records: Sequence[ArticleRecords], *, window_days: int = 7) -> Resolution:
    """Resolve the records' actors and events across articles (see the module's doc)."""
    local = local_keys(records)
    stories = group_stories(records, local, window_days=window_days)
    story_of = {aid: st.id for st in stories for aid in st.articles}
    actor_key = link_across(records, local, story_of)
    canon = canonical_actors(records, actor_key)
    stories = [replace(st, label=_story_label(st, canon, local)) for st in stories]
    country = {k: c.country for k, c in canon.items()}
    # a party's committee acts for the party: its agents count as the party's too
    party = {k: core for k, c in canon.items() if (core := _party_core(c))}
    speech = _speech_acts()
    evs: list[Candidate] = []
    for rec in records:
        aid = rec.article.id

        def key(k: str, aid: str = aid) -> str:
            return actor_key.get((aid, k), k)

        sole_keys = [_sole_keys(e, key) for e in rec.events]
        per_agent = Counter(
            (_group(e.cls), k) for e, sole in zip(rec.events, sole_keys, strict=True) for k in sole
        )
        for i, (e, sole) in enumerate(zip(rec.events, sole_keys, strict=True)):
            keys = [actor_key.get((aid, k), k) for k in e.actors()]
            agents = [actor_key.get((aid, k), k) for k in _sides(e)]
            merge_group = _group(e.cls)
            words, quote = topic_words(e.topic)
            copied, sentence = sentence_words(e.trigger.evidence)
            evs.append(
                Candidate(
                    article=aid,
                    index=i,
                    record=e,
                    story=story_of.get(aid, aid),
                    group=merge_group,
                    speech=e.cls in speech,
                    keys=frozenset(keys),
                    actors=expand(keys, country),
                    agents=expand(agents, country) | {party[k] for k in agents if k in party},
                    parties=tuple(expand([k], country) for k in agents) if _symmetric(e.cls) else (),
                    agent_keys=frozenset(agents),
                    words=words,
                    shingles=quote,
                    wording=copied,
                    sentence=sentence,
                    stem=stem(e.trigger.text),
                    sole=frozenset(k for k in sole if per_agent[(merge_group, k)] == 1),
                    org_speaker=any(k in canon and canon[k].cls != "Person" for k in agents),
                    persons=bool(agents) and all(k in canon and canon[k].cls == "Person" for k in agents),
                    order=(aid, e.trigger.begin),
                )
            )
    found = pairs(evs)
    # greedy union, best pairs first; a cluster holds two events of one article only where the
    # article tells one act twice (folds)
    parent = list(range(len(evs)))
    articles: dict[int, set[str]] = {n: {ev.article} for n, ev in enumerate(evs)}
    held: dict[int, list[int]] = {n: [n] for n in range(len(evs))}  # root -> its events
    why: dict[int, set[str]] = defaultdict(set)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # first one article's mentions of one act (a lede and its detail), then across articles
    for m, n in folds(evs):
        rm, rn = find(m), find(n)
        if rm != rn and not any(conflict(evs[x], evs[y]) for x in held[rm] for y in held[rn]):
            parent[rn] = rm
            held[rm].extend(held.pop(rn))
            articles.pop(rn)
    for (m, n), ev in sorted(
        found.items(), key=lambda kv: (-kv[1].score, evs[kv[0][0]].order, evs[kv[0][1]].order)
    ):
        rm, rn = find(m), find(n)
        if rm == rn or articles[rm] & articles[rn]:
            continue
        if not compatible([evs[x] for x in held[rm]], [evs[y] for y in held[rn]]):
            continue  # each pair is one event, but the two merged events are not
        if len(articles[rm]) < len(articles[rn]):
            rm, rn = rn, rm  # the larger set absorbs the smaller: near-linear however big a cluster grows
        parent[rn] = rm
        articles[rm] |= articles.pop(rn)
        held[rm].extend(held.pop(rn))
        why[rm] |= why.pop(rn, set()) | set(ev.kinds)
    clusters: dict[int, list[int]] = defaultdict(list)
    for n in range(len(evs)):
        clusters[find(n)].append(n)
    event_id: dict[tuple[str, int], str] = {}
    labels: dict[str, str] = {}
    members: dict[str, list[tuple[str, int]]] = {}
    evidence: dict[str, tuple[str, ...]] = {}
    for root, group in clusters.items():
        group.sort(key=lambda n: evs[n].order)
        first = evs[group[0]]
        # the first member's place is unique within its article: its index, not only its trigger
        digest = event_digest(first.group, first.article, str(first.index), str(first.record.trigger.begin))
        for n in group:
            event_id[(evs[n].article, evs[n].index)] = digest
        members[digest] = [(evs[n].article, evs[n].index) for n in group]
        labels[digest] = event_label([evs[n] for n in group], canon, actor_key)
        if len({evs[n].article for n in group}) > 1:
            evidence[digest] = tuple(sorted(why[root]))
    return Resolution(
        actor_key=actor_key,
        actors=canon,
        event_id=event_id,
        event_label=labels,
        event_members=members,
        stories=stories,
        event_evidence=evidence,
    )


def _party_core(actor: CanonicalActor) -> str:
    """'party:democratic' for the Democratic Party and the Democratic National Committee: an
    organization whose name, without its kind of body, is one word (a party's name)."""
    if actor.cls not in ("Organization", "GovernmentBody") or not actor.label:
        return ""
    core = organization_core(actor.label)
    words = actor.label.lower().split()
    if not core or " " in core or ("party" not in words and "committee" not in words):
        return ""
    return "party:" + core


def _story_label(st: Story, canon: dict[str, CanonicalActor], local: dict[tuple[str, str], str]) -> str:
    """'Story: Democratic National Committee, lawsuit, WikiLeaks …': its most salient terms."""
    names: list[str] = []
    in_names = {
        w
        for term in st.terms
        if term.startswith("a:") and term[2:] in canon
        for w in canon[term[2:]].label.lower().split()
    }
    for term in st.terms:
        if term.startswith("w:") and term[2:] in in_names:
            continue  # "comey" beside "James Comey"
        kind, _, value = term.partition(":")
        name = value
        if kind == "a":
            name = canon[value].label if value in canon else value.replace("-", " ")
        if name.lower() not in (n.lower() for n in names):
            names.append(name)
    return "Story: " + ", ".join(names[:6])


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
    group: list[Candidate], canon: dict[str, CanonicalActor], actor_key: dict[tuple[str, str], str]
) -> str:
    """'Phone call between Donald Trump and Vladimir Putin', 'Order by Vladimir Putin to …: topic'."""
    cls = Counter(ev.record.cls for ev in group).most_common(1)[0][0]
    known = class_table().get(cls)
    head = known.instance_label if known else cls
    best = max(group, key=lambda ev: (len(ev.keys), len(ev.record.topic or ""), ev.order[0]))
    rec = best.record

    def keys(role: tuple[str, ...]) -> list[str]:
        return [actor_key.get((best.article, k), k) for k in role]

    if known is not None and known.symmetric and len(best.keys) >= 2:
        text = f"{head} between {_join(_names(sorted(best.keys, key=str), canon))}"
    else:
        parts = [head]
        if rec.agent:
            parts.append("by " + _join(_names(keys(rec.agent), canon)))
        if rec.recipient:
            parts.append("to " + _join(_names(keys(rec.recipient), canon)))
        if rec.target:
            parts.append("against " + _join(_names(keys(rec.target), canon)))
        if not rec.agent and (rec.participants or best.keys):
            parts.append("involving " + _join(_names(sorted(best.keys), canon)))
        text = " ".join(parts)
    topics = [ev.record.topic for ev in group if ev.record.topic]
    if topics:
        topic = max(topics, key=len)
        text += ": " + (topic if len(topic) <= 120 else topic[:117].rsplit(" ", 1)[0] + "…")
    return text
