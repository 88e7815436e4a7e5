"""Rule-based event extraction: a parsed article in, actor and event records out.

:mod:`eventgraph.extract.rules` runs the event families (``contact``, ``transfer``,
``directive``, ``commitment``, ``statement``, listed in :mod:`eventgraph.extract.families`)
sentence by sentence over a spaCy parse, then reads the discourse; it is the ``rules``
extractor of :mod:`eventgraph.extractors`. The shared machinery of the families is in
:mod:`eventgraph.extract.engine` (roles, attributes) and :mod:`eventgraph.extract.triggers`.

Importing this package is light (no spaCy): the lexicon (:mod:`eventgraph.extract.lexicon`) is
read by the NLP pipeline's entity fixes too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventgraph.extract.rules import extract_article

__all__ = ["extract_article"]


def __getattr__(name: str) -> Any:
    if name == "extract_article":  # imported when asked for: it needs spaCy
        from eventgraph.extract.rules import extract_article

        return extract_article
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
