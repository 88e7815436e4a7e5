"""The model's attribute ruler, matched through a lookup table instead of spaCy's ``Matcher``.

The English pipelines map each fine-grained tag to its coarse part of speech and morphology with
an ``attribute_ruler`` of a few hundred short patterns (``{"TAG": "NN"}``, ``{"TAG": "PRP",
"LOWER": "her"}``, ``"gon" "na"`` …). spaCy's ``Matcher`` tries every pattern on every token,
which makes the ruler cost about as much as the parser (2.4 s of 17 s on 400 Reuters stories).
The patterns are plain tests of a token's tag, lower-case form, dependency label or whitespace
flag, so a table keyed by the first token's tag or form finds the same matches in a fraction of
the time, reading the token attributes as one integer array per Doc.

:func:`index_attribute_ruler` gives a loaded ruler that table. The ruler's own
``set_annotations`` still writes the attributes, in the order spaCy gives them (by pattern, so
later patterns win); patterns the table cannot express (operators, other attributes) stay with a
``Matcher`` of their own, so the result is the same for any pipeline.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

__all__ = ["AttributeMatchIndex", "index_attribute_ruler"]

#: the token attributes a pattern may test for the table to hold it: their column in the array
_COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_TAG, _LOWER = 0, 1

#: a test of one token: (column, accepted values as ints, True) or (column, refused values,
#: False) or (column, regular expression, True)
_Test = tuple[int, frozenset[int] | re.Pattern[str], bool]


class _Unsupported(Exception):
    """A pattern the table cannot hold; it stays with the fallback Matcher."""


def _value(strings: Any, column: int, value: object) -> int:
    if isinstance(value, bool):
        if _COLUMNS[column] != "IS_SPACE":
            raise _Unsupported
        return int(value)
    if not isinstance(value, str) or _COLUMNS[column] == "IS_SPACE":
        raise _Unsupported
    return int(strings.add(value))


def _compile_token(strings: Any, spec: dict) -> list[_Test]:
    tests: list[_Test] = []
    for key, value in spec.items():
        if key not in _COLUMNS:
            raise _Unsupported
        column = _COLUMNS.index(key)
        if isinstance(value, dict):
            if set(value) in ({"IN"}, {"NOT_IN"}):
                (op,) = value
                values = frozenset(_value(strings, column, v) for v in value[op])
                tests.append((column, values, op == "IN"))
            elif set(value) == {"REGEX"} and key == "LOWER":
                tests.append((column, re.compile(value["REGEX"]), True))
            else:
                raise _Unsupported
        else:
            tests.append((column, frozenset([_value(strings, column, value)]), True))
    return tests


def _single(tests: list[_Test], column: int) -> int | None:
    """The one value a token must have in ``column``, if a test demands one."""
    for col, accepted, wanted in tests:
        if col == column and wanted and isinstance(accepted, frozenset) and len(accepted) == 1:
            return next(iter(accepted))
    return None


def _passes(strings: Any, row: tuple[int, ...], tests: list[_Test]) -> bool:
    for column, accepted, wanted in tests:
        if isinstance(accepted, frozenset):
            if (row[column] in accepted) != wanted:
                return False
        elif not accepted.search(strings[row[column]]):
            return False
    return True


#: a compiled pattern: (attr id, match key, one list of tests per token)
_Entry = tuple[int, int, list[list[_Test]]]


class AttributeMatchIndex:
    """A drop-in for ``AttributeRuler.match``: the same sorted (attr id, key, start, end) list.

    One-token patterns are decided once per distinct (tag, form, dependency, space) row and
    remembered, since news repeats its words; longer patterns are tried where their first
    token's tag or form occurs.
    """

    def __init__(self, ruler: Any) -> None:
        import numpy
        from spacy.attrs import IDS
        from spacy.matcher import Matcher

        self._attr_ids = [IDS[name] for name in _COLUMNS]
        self._strings = ruler.vocab.strings
        self._single: list[_Entry] = []
        # longer patterns by (column, value) of an anchor token: (anchor's offset, pattern)
        self._by_anchor: dict[tuple[int, int], list[tuple[int, _Entry]]] = defaultdict(list)
        self._unanchored: list[_Entry] = []
        self._rest = Matcher(ruler.vocab)
        self._has_rest = False
        self._memo: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}
        for attr_id in range(len(ruler.attrs)):
            key = self._strings[str(attr_id)]
            _, patterns = ruler.matcher.get(key)
            for pattern in patterns:
                try:
                    compiled = [_compile_token(self._strings, spec) for spec in pattern]
                except _Unsupported:
                    self._rest.add(key, [pattern])
                    self._has_rest = True
                    continue
                entry = (attr_id, key, compiled)
                if len(compiled) == 1:
                    self._single.append(entry)
                elif len(compiled) > 1:
                    self._index_longer(entry)
        self._anchor_values = {
            column: numpy.array(
                sorted({value for col, value in self._by_anchor if col == column}), dtype="uint64"
            )
            for column in (_TAG, _LOWER)
        }

    def _index_longer(self, entry: _Entry) -> None:
        """File a longer pattern under the values one of its tokens must have (its anchor)."""
        for offset, tests in enumerate(entry[2]):
            for column, accepted, wanted in tests:
                if column in (_TAG, _LOWER) and wanted and isinstance(accepted, frozenset):
                    for value in accepted:
                        self._by_anchor[column, value].append((offset, entry))
                    return
        self._unanchored.append(entry)

    def _one_token(self, row: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        found = self._memo.get(row)
        if found is None:
            found = tuple(
                (attr_id, key)
                for attr_id, key, (tests,) in self._single
                if _passes(self._strings, row, tests)
            )
            self._memo[row] = found
        return found

    def __call__(self, doc: Any) -> list[tuple[int, int, int, int]]:
        if not len(doc):
            return []
        array = doc.to_array(self._attr_ids)
        rows = [tuple(row) for row in array.tolist()]
        found: set[tuple[int, int, int, int]] = set()
        for i, row in enumerate(rows):
            for attr_id, key in self._one_token(row):
                found.add((attr_id, key, i, i + 1))
        if self._by_anchor or self._unanchored:
            self._match_longer(array, rows, found)
        if self._has_rest:
            for key, start, end in self._rest(doc, allow_missing=True, as_spans=False):
                found.add((int(self._strings[key]), key, start, end))
        return sorted(found)

    def _match_longer(self, array: Any, rows: list[tuple[int, ...]], found: set) -> None:
        import numpy

        n = len(rows)
        by_anchor, strings = self._by_anchor, self._strings
        if self._unanchored:
            positions: list[int] | range = range(n)
        else:  # only where an anchor occurs: a few tokens per article
            hits = numpy.isin(array[:, _TAG], self._anchor_values[_TAG])
            hits |= numpy.isin(array[:, _LOWER], self._anchor_values[_LOWER])
            positions = numpy.flatnonzero(hits).tolist()
        candidates: list[tuple[int, _Entry]] = []
        for i in positions:
            row = rows[i]
            for offset, entry in (
                *by_anchor.get((_TAG, row[_TAG]), ()),
                *by_anchor.get((_LOWER, row[_LOWER]), ()),
            ):
                candidates.append((i - offset, entry))
            candidates.extend((i, entry) for entry in self._unanchored)
        for start, (attr_id, key, tokens) in candidates:
            end = start + len(tokens)
            if (
                start >= 0
                and end <= n
                and all(_passes(strings, rows[start + j], tests) for j, tests in enumerate(tokens))
            ):
                found.add((attr_id, key, start, end))


def index_attribute_ruler(nlp: Any) -> None:
    """Match the pipeline's ``attribute_ruler`` (if any) through :class:`AttributeMatchIndex`."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if not hasattr(ruler, "matcher") or not hasattr(ruler, "attrs"):
        return
    # an instance attribute: AttributeRuler.__call__ calls self.match, the rest is spaCy's own
    ruler.match = AttributeMatchIndex(ruler)
