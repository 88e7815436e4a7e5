"""merge.similarity finds and scores the pairs a loop over the pairs would, in its order, to the bit."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from eventgraph.merge import stories
from eventgraph.merge.similarity import similar_pairs


def _loop(
    vecs: list[dict[str, float]], days: list[int | None], head: int, common: int, window: int, keep: float
) -> list[tuple[int, int, float]]:
    """The pairs as a plain loop finds them: by the later vector's head terms, then the earlier."""
    heads = [list(vec)[:head] for vec in vecs]
    index: dict[str, list[int]] = defaultdict(list)
    for i, terms in enumerate(heads):
        for t in terms:
            index[t].append(i)
    out: list[tuple[int, int, float]] = []
    for j, vec in enumerate(vecs):
        seen: set[int] = set()
        for t in heads[j]:
            if len(index[t]) > common:
                continue
            for i in index[t]:
                if i >= j or i in seen:
                    continue
                seen.add(i)
                di, dj = days[i], days[j]
                if di is not None and dj is not None and abs(di - dj) > window:
                    continue
                other = vecs[i]
                sim = 0.0
                for t2, w in vec.items():
                    if t2 in other:
                        sim += w * other[t2]
                if sim >= keep:
                    out.append((i, j, sim))
    return out


def _vectors(rng: random.Random, n: int, vocabulary: int, size: int) -> list[dict[str, float]]:
    """Vectors of up to ``size`` terms, some terms far commoner than others (as words are)."""
    frequency = [1 / (rank + 1) for rank in range(vocabulary)]
    vecs = []
    for _ in range(n):
        terms = dict.fromkeys(rng.choices(range(vocabulary), frequency, k=rng.randint(0, size)))
        weights = sorted((rng.random() for _ in terms), reverse=True)
        vecs.append({f"w:{t}": w / 3 for t, w in zip(terms, weights, strict=True)})
    return vecs


@pytest.mark.parametrize(
    ("n", "vocabulary", "size", "head", "common", "keep"),
    [
        (300, 2000, 40, 20, 30, 0.02),  # many pairs, long sums
        (300, 2000, 40, 20, 30, 0.0),  # every pair kept
        (400, 300, 5, 3, 8, 0.02),  # short heads, a small index
        (2, 5, 5, 20, 30, 0.0),
        (1, 5, 5, 20, 30, 0.0),
    ],
)
def test_similar_pairs_are_the_loops_pairs_in_its_order_to_the_bit(
    n: int, vocabulary: int, size: int, head: int, common: int, keep: float
) -> None:
    rng = random.Random(n * vocabulary)
    vecs = _vectors(rng, n, vocabulary, size)
    days = [rng.choice([None, *range(20)]) for _ in range(n)]
    found = similar_pairs(vecs, days, head=head, common=common, window_days=7, keep=keep)
    got = list(zip(found.first.tolist(), found.second.tolist(), found.score.tolist(), strict=True))
    expected = _loop(vecs, days, head, common, 7, keep)
    assert got == expected
    assert n < 100 or len(expected) > 100


def test_no_vectors_no_pairs() -> None:
    assert len(similar_pairs([], [], head=20, common=30, window_days=7, keep=0.02)) == 0
    assert len(similar_pairs([{}, {}], [None, None], head=20, common=30, window_days=7, keep=0.02)) == 0


def _average_linkage(n: int, pairs: list[tuple[int, int, float]], threshold: float) -> dict[int, list[int]]:
    """Average linkage as first written: every group's table of sums kept up to date on each join."""
    parent = list(range(n))
    members = {i: [i] for i in range(n)}

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    link: dict[int, dict[int, float]] = defaultdict(dict)
    for i, j, s in pairs:
        link[i][j] = link[j][i] = s
    for i, j, s in sorted(pairs, key=lambda p: (-p[2], p[0], p[1])):
        if s < threshold:
            break
        ri, rj = find(i), find(j)
        if ri == rj or link[ri].get(rj, 0.0) / (len(members[ri]) * len(members[rj])) < threshold * 0.7:
            continue
        if len(members[ri]) < len(members[rj]):
            ri, rj = rj, ri
        parent[rj] = ri
        members[ri].extend(members.pop(rj))
        for neighbour, shared in link.pop(rj).items():
            if neighbour != ri:
                link[ri][neighbour] = link[ri].get(neighbour, 0.0) + shared
                link[neighbour][ri] = link[ri][neighbour]
                link[neighbour].pop(rj, None)
        link[ri].pop(rj, None)
    return members


@pytest.mark.parametrize("seed", range(4))
def test_stories_join_the_groups_average_linkage_joins(seed: int) -> None:
    """The stories' linkage (each join works through the smaller of two tables) joins what the
    plain one joins, in the same order (members and roots alike)."""
    rng = random.Random(seed)
    n = 300
    vecs = _vectors(rng, n, 400, 30)
    found = similar_pairs(vecs, [None] * n, head=20, common=60, window_days=7, keep=0.02)
    pairs = list(zip(found.first.tolist(), found.second.tolist(), found.score.tolist(), strict=True))
    threshold = sorted(s for _, _, s in pairs)[len(pairs) // 2]  # half the pairs may join groups
    groups = stories._Groups(n)
    stories._join_alike(groups, found, threshold)
    expected = _average_linkage(n, pairs, threshold)
    assert groups.members == expected
    assert list(groups.members) == list(expected)
    assert len(expected) < n - 20
