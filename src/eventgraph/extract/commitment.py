"""Agreements, assurances, threats and concessions (PLOVER AGREE, THREATEN, CONCEDE)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from eventgraph.extract.engine import ArticleContext, EventDraft, match_family


def extract_commitments(doc: Doc, *, context: ArticleContext) -> Iterator[EventDraft]:
    yield from match_family(doc, context, "commitment")
