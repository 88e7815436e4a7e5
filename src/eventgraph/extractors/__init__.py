"""Extractors: what turns an article into actor and event records.

:class:`Extractor` is the protocol (see :mod:`eventgraph.extractors.base`); the registry
(:func:`get_extractor`, :func:`available_extractors`) holds the built-ins, ``rules`` (the
default: :mod:`eventgraph.extract` over a spaCy parse) and ``annotations`` (events given with the
articles, :mod:`eventgraph.extractors.annotations`), and those that installed packages declare
under the entry-point group ``eventgraph.extractors``. Importing this package imports no
extractor (nor spaCy).
"""

from __future__ import annotations

from eventgraph.extractors.base import Extractor
from eventgraph.extractors.registry import (
    DEFAULT_EXTRACTOR,
    ENTRY_POINT_GROUP,
    UnknownExtractor,
    available_extractors,
    get_extractor,
    software_versions,
)

__all__ = [
    "DEFAULT_EXTRACTOR",
    "ENTRY_POINT_GROUP",
    "Extractor",
    "UnknownExtractor",
    "available_extractors",
    "get_extractor",
    "software_versions",
]
