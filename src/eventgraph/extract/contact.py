"""Calls, meetings and talks (PLOVER CONSULT; CAMEO 041-046)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from eventgraph.extract.engine import ArticleContext, EventDraft, match_family
from eventgraph.extract.nominal import relative_clause_roles


def extract_contacts(doc: Doc, *, context: ArticleContext) -> Iterator[EventDraft]:
    for draft in match_family(doc, context, "contact"):
        relative_clause_roles(draft, context)  # "the meetings Trump held with Macron"
        yield draft
