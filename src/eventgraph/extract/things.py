"""Names of things that are no actors: documents, programs, treaties and platforms named like
organizations ("the Comey Memos", "the DNC Server", "Twitter"), and the acronyms of the treaties
and laws a text names in full ("Nafta" after "the North American Free Trade Agreement")."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span

__all__ = ["is_thing", "thing_acronyms"]

#: head nouns of names that are documents, programs, agreements or things, never actors
#: ("the Comey Memos", "the 'Golden Shower Thing'", "the DNC Server", "Deferred Action for …")
_THING_HEADS_WORDS = (
    "memo memos memorandum memoranda thing things dossier email emails server servers tweet "
    "tweets book letter letters act action program programme law bill treaty accord pact deal "
    "agreement lawsuit complaint tower"
)
_THING_HEADS = frozenset(_THING_HEADS_WORDS.split())
#: a capitalized name ending in the word for a treaty or a law ("the … Free Trade Agreement")
_TITLED_THING = re.compile(
    r"\b(?:[A-Z][a-z]+ (?:(?:of|and|on|for|the) )?){2,}(?:Agreement|Treaty|Accord|Pact|Act|Convention)\b"
)
#: platforms a statement is made on ("wrote on Twitter"): a medium there, not an actor
_PLATFORMS = frozenset(
    {"twitter", "facebook", "instagram", "youtube", "tiktok", "truth social", "telegram", "reddit"}
)


def is_thing(ent: Span, name: str) -> bool:
    """A document, program or platform named like an actor: never an actor."""
    words = name.lower().replace("'", " ").split()
    if len(words) > 1 and (words[-1] in _THING_HEADS or ent.root.lower_ in _THING_HEADS):
        return True
    return name.lower() in _PLATFORMS and ent.root.dep_ not in ("nsubj", "nsubjpass")


def thing_acronyms(doc: Doc, clean_name: Callable[[Span], str]) -> set[str]:
    """The acronyms of the documents the text names in full: "Nafta" after "the North American
    Free Trade Agreement" is the treaty, not an actor."""
    names = [clean_name(e) for e in doc.ents if not e.ent_id_ and is_thing(e, clean_name(e))]
    names += _TITLED_THING.findall(doc.text)  # NER does not always see the whole name
    out: set[str] = set()
    for name in names:
        capitals = [w[0] for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper()]
        if len(capitals) >= 3:
            out.add("".join(capitals).lower())
    return out
