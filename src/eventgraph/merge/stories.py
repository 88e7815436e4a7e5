"""Stories: articles that report the same news, grouped by their salient actors, terms and dates.

What CDCR corpora call topics. Each article is a weighted bag of its actors (by mentions) and the
content words of its title and body, weighted by tf-idf so that what every article names
("Trump", "said") counts for little. Candidate pairs come from an inverted index over each
article's top terms (never all pairs; a term that most articles share blocks nothing), and are
scored by cosine similarity. Articles published more than ``window_days`` apart are never one
story. Pairs are joined best first, average-linkage: two groups become one story only when
their articles are, on average, as alike as the threshold asks, so one shared side topic does
not chain two stories together.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

import numpy as np
from numpy.typing import NDArray

from eventgraph.merge.similarity import Pairs, similar_pairs
from eventgraph.types import ArticleRecords

__all__ = ["Story", "group_stories"]

_TOP_TERMS = 40  # terms per article in the index and the vectors
_THRESHOLD = 0.12  # cosine similarity of the pair that joins two groups (best pairs first)
_MEAN_SHARE = 0.7  # two groups join when their articles' mean similarity is this share of it
_INDEX_TERMS = 20  # an article meets the articles that share one of its this many top terms
_KEEP = 0.02  # similarities below this are not kept (they count as none)
_LONER_FLOOR = 0.04
_LONER_MARGIN = 2.0
_LEAD = 600  # characters of the body that are its lead
_LEAD_WEIGHT = 5
_ACTOR_WEIGHT = 1.0  # an actor mention weighs as much as a word of the body
_STOP_WORDS = (
    "a an the of on in to for and or with by at from as that this these those its it their his her "
    "be is are was were will would should could has have had not no all any both each also than then "
    "there which who whom what into over about after before during between against said says say "
    "told tell mr mrs ms one two three new more most some such only other last first year years "
    "week weeks day days time times monday tuesday wednesday thursday friday saturday sunday "
    "people just like been being can may might must does did do done get got make made him them "
    "they she he we our you your out up down off very well even still because while where when "
    "how why here now then being until since through under among per via according"
)
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[a-z][a-z'-]{3,}")


@dataclass(frozen=True, slots=True)
class Story:
    """A story: its id (a digest of its first article), its articles, its salient terms."""

    id: str
    articles: tuple[str, ...]
    terms: tuple[str, ...]  # "a:" + an actor key, or "w:" + a word stem
    label: str = ""


def _terms(rec: ArticleRecords, actor_key: Mapping[tuple[str, str], str]) -> dict[str, float]:
    aid = rec.article.id
    bag: dict[str, float] = defaultdict(float)
    # the title and the lead say what the story is; the rest adds background
    for text, weight in ((rec.article.title or "", _LEAD_WEIGHT), *_passages(rec)):
        for w in _WORD.findall(text.lower()):
            if term := _word_term(w):
                bag[term] += float(weight)
    for a in rec.actors:
        bag["a:" + actor_key.get((aid, a.key), a.key)] += _ACTOR_WEIGHT * (len(a.mentions) or 1)
    return bag


@lru_cache(maxsize=1 << 16)  # every word of every article: a few thousand words, often
def _word_term(word: str) -> str:
    """A word's term ("w:" + the word without its plural s), or "" for a stop word."""
    w = word.strip("'-")
    if w in _STOP or len(w) <= 3:
        return ""
    return "w:" + (w[:-1] if w.endswith("s") and not w.endswith("ss") else w)


def _passages(rec: ArticleRecords) -> list[tuple[str, float]]:
    """The article's text with its weights: the lead, then the whole body. A build keeps its
    records light (the article without its text), so then the sentences its events were found
    in stand for the body, those within the lead weighing as the lead does."""
    body = rec.article.body or ""
    if body:
        return [(body[:_LEAD], _LEAD_WEIGHT), (body, 1)]
    seen: dict[str, float] = {}
    for e in rec.events:
        sentence = e.trigger.evidence
        if sentence and sentence not in seen:
            seen[sentence] = _LEAD_WEIGHT if e.trigger.begin < _LEAD else 1
    return list(seen.items())


_DATE_FORMATS = ("%d-%b-%Y", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y")


def _day(published: str | None) -> int | None:
    """The day an article was published, as an ordinal: ISO 8601, or the common wire forms
    ("26-FEB-1987 15:01:01.79", "26 February 1987", "Feb 26, 1987"); None when unknown."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        pass
    head = " ".join(published.split()[:3]).split(" ")
    for size in (1, 3):
        text = " ".join(head[:size])
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(text.title(), fmt).date().toordinal()
            except ValueError:
                continue
    return None


class _Groups:
    """Articles joined into groups (union-find); each group's root keeps its members."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, root: int, other: int) -> None:
        """The group of root ``other`` joins that of root ``root``."""
        self.parent[other] = root
        self.members[root].extend(self.members.pop(other))


def _links(n: int, found: Pairs, wanted: NDArray[np.bool_]) -> dict[int, dict[int, float]]:
    """Each article's similarity to each other article, both ways, for the wanted pairs."""
    first, second, score = found.first[wanted], found.second[wanted], found.score[wanted]
    source = np.concatenate((first, second))
    order = np.argsort(source, kind="stable")
    bounds = np.searchsorted(source[order], np.arange(n + 1)).tolist()
    target = np.concatenate((second, first))[order].tolist()
    both = np.concatenate((score, score))[order].tolist()
    return {
        a: dict(zip(target[bounds[a] : bounds[a + 1]], both[bounds[a] : bounds[a + 1]], strict=True))
        for a in range(n)
    }


def _merge_links(link: dict[int, dict[int, float]], last: list[int], a: int, b: int, step: int) -> int:
    """Join the links of two groups (keyed ``a`` and ``b``) at ``step`` into the larger of their
    two tables and return its key: the work is that of the smaller table, however large a group
    grows. Each sum adds the two groups' sums; which comes first changes no bit (a + b == b + a).

    ``last`` is the last step that meets each group: the sums of a group met no more are never
    read, so they are not kept up to date (nor made at all for a group this step meets last).
    The others' tables keep their entries under the key that goes (a key is never used again,
    and its ``last`` of -1 has it skipped), which spares a deletion in every neighbour's table."""
    if len(link[a]) < len(link[b]):
        a, b = b, a
    last[a] = max(last[a], last[b])
    last[b] = -1  # the key is gone: entries still under it (in the others' tables) are skipped
    kept, gone = link[a], link.pop(b)
    if last[a] == step:
        return a
    kept.pop(b, None)
    gone.pop(a, None)
    sum_of = kept.get
    for neighbour, shared in gone.items():
        if last[neighbour] < step:
            continue
        total = kept[neighbour] = sum_of(neighbour, 0.0) + shared
        link[neighbour][a] = total
    return a


def _join_alike(groups: _Groups, found: Pairs, threshold: float) -> None:
    """Average linkage: pairs are taken best first, and a pair joins its two groups when their
    articles are on average as alike as ``threshold * _MEAN_SHARE``. The sum of the similarities
    between two groups is kept up to date as they join, while either may still be met."""
    n = len(groups.parent)
    best = np.flatnonzero(found.score >= threshold)
    best = best[np.lexsort((found.second[best], found.first[best], -found.score[best]))]
    firsts, seconds = found.first[best], found.second[best]
    met = np.full(n, -1, dtype=np.int64)  # the last step that meets each article (-1: none)
    steps = np.arange(len(best), dtype=np.int64)
    np.maximum.at(met, firsts, steps)
    np.maximum.at(met, seconds, steps)
    link = _links(n, found, (met[found.first] >= 0) & (met[found.second] >= 0))
    last = met.tolist()  # by the key of a group's links
    key = list(range(n))  # a group's root -> the key of its links
    members = groups.members
    for step, (i, j) in enumerate(zip(firsts.tolist(), seconds.tolist(), strict=True)):
        ri, rj = groups.find(i), groups.find(j)
        if ri == rj:
            continue
        size = len(members[ri]) * len(members[rj])
        if link[key[ri]].get(key[rj], 0.0) / size < threshold * _MEAN_SHARE:
            continue
        if len(members[ri]) < len(members[rj]):
            ri, rj = rj, ri
        groups.join(ri, rj)
        key[ri] = _merge_links(link, last, key[ri], key[rj], step)


def _attach_loners(groups: _Groups, found: Pairs) -> None:
    """An article left alone joins the story it is clearly closest to: a mean similarity to its
    articles of at least ``_LONER_FLOOR`` and ``_LONER_MARGIN`` times that of any other story
    (a wire report with its own wording of the same news)."""
    members = groups.members
    loners = [r for r, m in members.items() if len(m) == 1]
    alone = np.zeros(len(groups.parent), dtype=bool)
    alone[loners] = True
    # a loner's similarities, in the pairs' order (the order the means add them in)
    near: dict[int, list[tuple[int, float]]] = defaultdict(list)
    touching = np.flatnonzero(alone[found.first] | alone[found.second])
    for i, j, s in zip(
        found.first[touching].tolist(),
        found.second[touching].tolist(),
        found.score[touching].tolist(),
        strict=True,
    ):
        near[i].append((j, s))
        near[j].append((i, s))
    for loner in loners:
        means: dict[int, float] = {}
        for other_article, s in near.get(loner, ()):
            other = groups.find(other_article)
            if other != loner:
                means[other] = means.get(other, 0.0) + s
        ranked = sorted(((t / len(members[r]), r) for r, t in means.items()), reverse=True)
        if not ranked or ranked[0][0] < _LONER_FLOOR:
            continue
        if len(ranked) > 1 and ranked[0][0] < _LONER_MARGIN * ranked[1][0]:
            continue
        groups.join(ranked[0][1], loner)


def _vectors(
    records: Sequence[ArticleRecords], actor_key: Mapping[tuple[str, str], str]
) -> list[dict[str, float]]:
    """Each article's tf-idf vector over its top terms, its terms by weight (highest first)."""
    n = len(records)
    bags = [_terms(rec, actor_key) for rec in records]
    df: Counter = Counter()
    for bag in bags:
        df.update(bag.keys())
    idf = {t: math.log((n + 1) / c) for t, c in df.items()}
    vecs: list[dict[str, float]] = []
    for bag in bags:
        weights = {t: (1 + math.log(c)) * idf[t] for t, c in bag.items()}
        # the norm is that of the article's top terms; the vector keeps the top terms that another
        # article has too (in a small collection, words of one article alone would fill it)
        norm = math.sqrt(sum(w * w for w in sorted(weights.values(), reverse=True)[:_TOP_TERMS])) or 1.0
        # by weight, highest first, ties by term: sorted by term, then (stably) by weight
        common_terms = sorted((t, w) for t, w in weights.items() if df[t] > 1)
        common_terms.sort(key=itemgetter(1), reverse=True)
        top = common_terms[:_TOP_TERMS]
        vecs.append({t: w / norm for t, w in top if w > 0})
    return vecs


def group_stories(
    records: Sequence[ArticleRecords],
    actor_key: Mapping[tuple[str, str], str],
    *,
    window_days: int = 7,
    threshold: float = _THRESHOLD,
) -> list[Story]:
    """Group the articles into stories (each article in exactly one; see the module's doc)."""
    n = len(records)
    vecs = _vectors(records, actor_key)
    days = [_day(rec.article.published) for rec in records]
    common = max(30, int(2 * math.sqrt(n)))  # a term this many articles share is no story's
    # pairs below _KEEP count as unrelated (0) in the averages
    found = similar_pairs(vecs, days, head=_INDEX_TERMS, common=common, window_days=window_days, keep=_KEEP)
    groups = _Groups(n)
    _join_alike(groups, found, threshold)
    _attach_loners(groups, found)
    members = groups.members
    stories: list[Story] = []
    for root in sorted(members, key=lambda r: min(members[r])):
        idx = sorted(members[root])
        total: dict[str, float] = {}
        for i in idx:
            for t, w in vecs[i].items():
                total[t] = total.get(t, 0.0) + w
        terms = tuple(t for t, _ in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:8])
        from eventgraph.mint import event_digest

        sid = event_digest("story", records[idx[0]].article.id)
        stories.append(Story(id=sid, articles=tuple(records[i].article.id for i in idx), terms=terms))
    return stories
