"""The registry of event-family extractors.

An extractor is a generator ``(doc, *, context) -> Iterator[EventDraft]``; registering it under a
family name makes the pipeline run it. Families run in registration order, which matters only
in that a token claimed by one family is not a trigger for the next.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["Extractor", "extractors", "register"]

Extractor = Callable[..., Iterator[Any]]
_REGISTRY: dict[str, Extractor] = {}


def register(name: str) -> Callable[[Extractor], Extractor]:
    def wrap(fn: Extractor) -> Extractor:
        _REGISTRY[name] = fn
        return fn

    return wrap


#: Families run in this order: a word that could start events of two families (a "call" for
#: peace vs. a phone call) is read by the more specific family first.
ORDER = ("contact", "transfer", "directive", "commitment", "statement")


def extractors() -> dict[str, Extractor]:
    from eventgraph.extract import commitment, contact, directive, statement, transfer  # noqa: F401

    known = [name for name in ORDER if name in _REGISTRY]
    return {name: _REGISTRY[name] for name in [*known, *sorted(set(_REGISTRY) - set(known))]}
