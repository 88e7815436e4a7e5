"""Exchanges and hand-overs of people (PLOVER RETREAT/CONCEDE release; CAMEO 0841)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from eventgraph.extract.engine import ArticleContext, EventDraft, match_family
from eventgraph.extract.registry import register


@register("transfer")
def extract_transfers(doc: Doc, *, context: ArticleContext) -> Iterator[EventDraft]:
    for draft in match_family(doc, context, "transfer"):
        if draft.cls == "Transfer" and not draft.agent and draft.recipient:
            continue  # "released to X" with no one releasing: too vague to state
        yield draft
