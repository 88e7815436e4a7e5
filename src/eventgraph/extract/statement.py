"""Statements and allegations (CAMEO 010, 11x; PLOVER ACCUSE)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from eventgraph.extract.engine import ArticleContext, EventDraft, match_family
from eventgraph.extract.nominal import relative_clause_roles


def extract_statements(doc: Doc, *, context: ArticleContext) -> Iterator[EventDraft]:
    for draft in match_family(doc, context, "statement"):
        relative_clause_roles(draft, context)  # "the statement the ministry issued"
        if draft.cls == "Allegation" and not draft.target:
            # "X claimed that the Ukrainian leadership had ...": the accused is the claim's subject
            for child in draft.token.children:
                if child.dep_ == "ccomp":
                    subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                    if subj is not None:
                        keys = [k for k in context.actors.resolve(subj) if k not in draft.agent]
                        draft.target.extend(keys)
                    break
        yield draft
