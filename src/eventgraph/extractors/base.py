"""The seam between the build and whatever finds events: the :class:`Extractor` protocol.

An extractor turns one article into records (:class:`~eventgraph.types.ArticleRecords`: actors
and events with code-point offsets into ``Article.text``; nothing of spaCy in them). The build
parses an article with spaCy only for an extractor that ``needs_doc``; the others get ``None``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from eventgraph.types import Article, ArticleRecords

__all__ = ["Extractor"]


@runtime_checkable
class Extractor(Protocol):
    """What the build asks of an extractor.

    - ``name``: how ``--extractor`` names it; written into each graph's provenance (``eg:extractor``).
    - ``version``: its version; with the name, part of the record cache's key (switching either
      rebuilds), and in ``eg:extractorVersion`` for an extractor that is not built in.
    - ``needs_doc``: whether ``extract`` reads the spaCy parse of ``article.body``. When False the
      build loads no model and parses nothing, and ``doc`` is None.
    - ``extract(article, doc)``: the article's records. Offsets in them count code points of
      ``article.text`` (``Mention.text == article.text[begin:end]``); ``article.to_source``
      maps offsets of ``article.body`` (what ``doc`` is the parse of) there. Anything the
      extractor had to leave out goes to ``ArticleRecords.warnings``, one line each, naming
      the input.

    Called in worker processes (each gets its own instance from the registry), one article at a
    time; an exception costs that article's events (a warning), not the build.
    """

    name: str
    version: str
    needs_doc: bool

    def extract(self, article: Article, doc: Doc | None) -> ArticleRecords: ...
