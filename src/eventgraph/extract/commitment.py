"""Agreements, assurances, threats and concessions (PLOVER AGREE, THREATEN, CONCEDE)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from eventgraph.extract.engine import ArticleContext, EventDraft, match_family
from eventgraph.extract.nominal import relative_clause_roles


def extract_commitments(doc: Doc, *, context: ArticleContext) -> Iterator[EventDraft]:
    for draft in match_family(doc, context, "commitment"):
        relative_clause_roles(draft, context)  # "the deal the two sides struck"
        yield draft
