"""The rule lemmatizer's word lists as sets.

spaCy's rule lemmatizer checks each candidate lemma against the list of known words of its part
of speech (``lemma_index``: 57,528 nouns, 20,993 adjectives …), and the English tables keep
those lists as Python lists, so every check is a scan. It only caches some answers, so a fresh
process pays the scans for every new word (1.5 s of a 400-story build, as much as the parser).
Membership is all the lemmatizer asks of these lists, so :func:`index_lemma_tables` turns them
into frozensets: the same lemmas, without the scans. It also remembers every answer by the
token's form, part of speech and morphology (all the lemmatizer reads), where spaCy remembers
only some and works the others (names, numbers, punctuation, base forms) out again each time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["index_lemma_tables"]


def index_lemma_tables(nlp: Any) -> None:
    """Make the pipeline's rule lemmatizer look its known words up in sets (if it has one)."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    lookups = getattr(lemmatizer, "lookups", None)
    if getattr(lemmatizer, "mode", None) != "rule" or lookups is None or "lemma_index" not in lookups:
        return
    table = lookups.get_table("lemma_index")
    for key in list(table.keys()):
        words = table[key]
        if isinstance(words, list):
            table[key] = frozenset(words)
    lemmatizer.lemmatize = _remembered(lemmatizer.lemmatize)


def _remembered(lemmatize: Callable[[Any], list[str]]) -> Callable[[Any], list[str]]:
    answers: dict[tuple[int, int, int], list[str]] = {}

    def remembered(token: Any) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        lemmas = answers.get(key)
        if lemmas is None:
            lemmas = answers[key] = lemmatize(token)
        return lemmas

    return remembered
