"""Calls, meetings and talks (PLOVER CONSULT; CAMEO 041-046)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from eventgraph.extract.engine import ArticleContext, EventDraft, match_family


def extract_contacts(doc: Doc, *, context: ArticleContext) -> Iterator[EventDraft]:
    yield from match_family(doc, context, "contact")
