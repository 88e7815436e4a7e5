"""The only place IRIs are made: deterministic, percent-safe, collision-free.

Every IRI is ``base + kind + "/" + safe parts``. Parts come from :func:`slugify` (names) or
:func:`safe_id` (article ids, which may hold any character), so no input can produce an
invalid IRI, and two different parts never map to the same string (``safe_id`` is injective).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

__all__ = [
    "DEFAULT_BASE",
    "Minter",
    "event_digest",
    "safe_id",
    "slugify",
]

DEFAULT_BASE = "https://w3id.org/eventgraph/resource/"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_IRI_BASE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


def slugify(text: str) -> str:
    """'US President Donald Trump' -> 'us-president-donald-trump': ASCII, lowercase, hyphens.

    A name with no ASCII letters or digits ("Зеленський") gets a short digest instead, so
    that it still has a stable, distinct slug.
    """
    norm = unicodedata.normalize("NFKD", text)
    ascii_text = norm.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:80].strip("-")
    if not slug:
        slug = "u-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return slug


def safe_id(text: str) -> str:
    """An article id as an IRI path segment: unreserved characters kept, everything else
    percent-encoded (UTF-8), so distinct ids stay distinct and the IRI is always valid."""
    return quote(text, safe="-._~") or "_"


def event_digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


class Minter:
    """Makes the IRIs of one build under ``base`` (which must end with '/' or '#')."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not _IRI_BASE.match(base) or not base.endswith(("/", "#")):
            raise ValueError(f"--base-iri must be an absolute IRI ending with '/' or '#', got {base!r}")
        self.base = base

    def article(self, article_id: str) -> str:
        return f"{self.base}article/{safe_id(article_id)}"

    def graph(self, article_id: str) -> str:
        return f"{self.base}graph/{safe_id(article_id)}"

    def actor(self, key: str) -> str:
        # keys are slugs ([a-z0-9-]); anything else is percent-encoded, which cannot collide with a slug
        return f"{self.base}actor/{key if _SLUG.match(key) else safe_id(key)}"

    def event(self, digest: str) -> str:
        return f"{self.base}event/{digest}"

    def mention(self, article_id: str, begin: int, end: int) -> str:
        return f"{self.base}mention/{safe_id(article_id)}/{begin}-{end}"
