"""The event families the rule extractor runs, in the order it runs them.

A family is a generator ``(sentence, *, context) -> Iterator[EventDraft]`` in its own module;
this list is the one place that names them (the families know nothing of it). Order matters
only in that a token claimed by one family is not a trigger for the next: a word that could
start events of two families (a "call" for peace vs. a phone call) is read by the more specific
family first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from eventgraph.extract.commitment import extract_commitments
from eventgraph.extract.contact import extract_contacts
from eventgraph.extract.directive import extract_directives
from eventgraph.extract.engine import EventDraft
from eventgraph.extract.statement import extract_statements
from eventgraph.extract.transfer import extract_transfers

__all__ = ["FAMILIES", "Family"]

Family = Callable[..., Iterator[EventDraft]]

FAMILIES: dict[str, Family] = {
    "contact": extract_contacts,
    "transfer": extract_transfers,
    "directive": extract_directives,
    "commitment": extract_commitments,
    "statement": extract_statements,
}
