"""Similar pairs of sparse term vectors, found and scored in bulk (numpy) rather than pair by pair.

:func:`similar_pairs` gives what a loop over the pairs would give, to the last bit: candidate
pairs share a salient term that not too many vectors share, and a pair's similarity is its
dot product summed in one fixed order (the later vector's term order, one term after the
other), since a float sum in another order can differ in its last bit and so tip a threshold.
numpy's own sums (``sum``, ``dot``, ``reduceat``) add in blocks, so the sums here are built one
term position at a time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, count

import numpy as np
from numpy.typing import NDArray

__all__ = ["Pairs", "similar_pairs"]

_NO_DAY = np.iinfo(np.int64).min  # the day of an article whose date is unknown


@dataclass(frozen=True, slots=True)
class Pairs:
    """Pairs (first[n], second[n]) with first < second and their similarity score[n]."""

    first: NDArray[np.int64]
    second: NDArray[np.int64]
    score: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.score)


@dataclass(frozen=True, slots=True)
class _Entries:
    """The vectors' nonzero entries, vector by vector, each vector in its own term order."""

    row: NDArray[np.int64]  # the vector
    term: NDArray[np.int64]  # the term's id
    place: NDArray[np.int64]  # the term's place in its vector (0: its first term)
    weight: NDArray[np.float64]

    @classmethod
    def of(cls, vecs: Sequence[dict[str, float]]) -> _Entries:
        terms = list(chain.from_iterable(vecs))
        ids = dict(zip(dict.fromkeys(terms), count()))  # a number for each term
        term = list(map(ids.__getitem__, terms))
        weight = list(chain.from_iterable(vec.values() for vec in vecs))
        sizes = np.array([len(vec) for vec in vecs], dtype=np.int64)
        starts = np.cumsum(sizes) - sizes
        return cls(
            row=np.repeat(np.arange(len(vecs), dtype=np.int64), sizes),
            term=np.array(term, dtype=np.int64),
            place=np.arange(len(term), dtype=np.int64) - np.repeat(starts, sizes),
            weight=np.array(weight, dtype=np.float64),
        )

    def postings(self, keep: NDArray[np.bool_]) -> Iterator[NDArray[np.int64]]:
        """The kept entries grouped by term, all the groups of one size at once: arrays of shape
        (groups, size) of entry numbers, each group's entries in vector order."""
        chosen = np.flatnonzero(keep)
        by_term = chosen[np.argsort(self.term[chosen], kind="stable")]  # stable: vector order kept
        terms = self.term[by_term]
        starts = np.flatnonzero(np.r_[True, terms[1:] != terms[:-1]])
        sizes = np.diff(np.r_[starts, len(terms)])
        for size in np.unique(sizes[sizes > 1]).tolist():
            begin = starts[sizes == size]
            yield by_term[begin[:, None] + np.arange(size)]


def _pairs_within(groups: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Every two entries (earlier, later) of each group, as two arrays of entry numbers."""
    earlier, later = np.triu_indices(groups.shape[1], 1)
    return groups[:, earlier].ravel(), groups[:, later].ravel()


def similar_pairs(
    vecs: Sequence[dict[str, float]],
    days: Sequence[int | None],
    *,
    head: int,
    common: int,
    window_days: int,
    keep: float,
) -> Pairs:
    """The pairs of vectors that share one of their first ``head`` terms (one that at most
    ``common`` vectors have among theirs) and are at most ``window_days`` apart (where both days
    are known), with a dot product of at least ``keep``.

    They come in the order a loop would find them: by the later vector, then by the first of
    its head terms that the two share, then by the earlier vector. The dot product sums the
    shared terms' products in the later vector's term order, as ``sum([...])`` over that order
    would (one term after the other, from 0).
    """
    n = len(vecs)
    entries = _Entries.of(vecs)
    first, second, found_by = _candidates(entries, n, head, common)
    day = np.array([_NO_DAY if d is None else d for d in days], dtype=np.int64)
    known = (day[first] != _NO_DAY) & (day[second] != _NO_DAY)
    near = ~known | (np.abs(day[first] - day[second]) <= window_days)
    first, second, found_by = first[near], second[near], found_by[near]
    score = _dot(entries, n, first, second)
    # the order of discovery: by the later vector, the place of the term found by, the earlier
    order = np.argsort((second * head + found_by) * n + first)
    chosen = order[score[order] >= keep]
    return Pairs(first[chosen], second[chosen], score[chosen])


def _candidates(
    entries: _Entries, n: int, head: int, common: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """The pairs that share a head term held by at most ``common`` heads, each once and sorted,
    with the place in the later vector of the first such term."""
    found: list[NDArray[np.int64]] = []
    for groups in entries.postings(entries.place < head):
        if groups.shape[1] > common:
            break  # sizes come in increasing order
        earlier, later = _pairs_within(groups)
        # one number per (pair, place), in the order of the pair, then the place
        found.append((entries.row[earlier] * n + entries.row[later]) * head + entries.place[later])
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    code = np.sort(np.concatenate(found))
    pair, place = code // head, code % head
    once = np.r_[True, pair[1:] != pair[:-1]]  # the first (lowest place) of each pair
    return pair[once] // n, pair[once] % n, place[once]


def _dot(
    entries: _Entries, n: int, first: NDArray[np.int64], second: NDArray[np.int64]
) -> NDArray[np.float64]:
    """The dot products of the pairs (first[k], second[k]), each summed in second's term order."""
    score = np.zeros(len(first), dtype=np.float64)
    if not len(first):
        return score
    shared = _Shared(entries, n, first, second)
    for groups in entries.postings(np.ones(len(entries.row), dtype=bool)):
        size = groups.shape[1]
        if size * (size - 1) // 2 > len(first) // _SCAN:
            for group in groups:
                shared.scan(group)
        else:
            shared.match(groups)
    if not shared.pair:
        return score
    pair = np.concatenate(shared.pair)
    place = np.concatenate(shared.place)
    product = np.concatenate(shared.product)
    # one place of the later vector after the other: each pair's products are added in that
    # vector's term order, and a pair shares at most one term at each place
    by_place = np.argsort(place.astype(np.uint8) if place.max() < 256 else place, kind="stable")
    bounds = np.searchsorted(place[by_place], np.arange(int(place.max()) + 2))
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        step = by_place[lo:hi]
        score[pair[step]] += product[step]
    return score


# a term shared by so many vectors that its pairs outnumber the candidates / _SCAN is looked up
# in each candidate instead (a pair of a posting costs about _SCAN times a candidate's look-up)
_SCAN = 16


class _Shared:
    """The terms the candidate pairs share: for each, the pair's number, the term's place in the
    pair's later vector and the product of the two weights."""

    def __init__(self, entries: _Entries, n: int, first: NDArray[np.int64], second: NDArray[np.int64]):
        self.entries = entries
        self.n = n
        self.first = first
        self.second = second
        self.wanted = first * n + second  # sorted: the candidates come sorted by pair
        self.entry_of = np.full(n, -1, dtype=np.int64)  # for one term: each vector's entry of it
        self.pair: list[NDArray[np.int64]] = []
        self.place: list[NDArray[np.int64]] = []
        self.product: list[NDArray[np.float64]] = []

    def match(self, groups: NDArray[np.int64]) -> None:
        """The candidates among the pairs of each group's entries (one group per term)."""
        earlier, later = _pairs_within(groups)
        key = self.entries.row[earlier] * self.n + self.entries.row[later]
        at = np.minimum(np.searchsorted(self.wanted, key), len(self.wanted) - 1)
        hit = self.wanted[at] == key
        self._add(at[hit], earlier[hit], later[hit])

    def scan(self, group: NDArray[np.int64]) -> None:
        """The candidates whose two vectors both hold the term of ``group`` (its entries)."""
        rows = self.entries.row[group]
        self.entry_of[rows] = group
        earlier, later = self.entry_of[self.first], self.entry_of[self.second]
        self.entry_of[rows] = -1
        hit = np.flatnonzero((earlier >= 0) & (later >= 0))
        self._add(hit, earlier[hit], later[hit])

    def _add(self, pair: NDArray[np.int64], earlier: NDArray[np.int64], later: NDArray[np.int64]) -> None:
        weight = self.entries.weight
        self.pair.append(pair)
        self.place.append(self.entries.place[later])
        # the later vector's weight times the earlier's, as the loop multiplies them
        self.product.append(weight[later] * weight[earlier])
