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

from eventgraph.vocab import RESOURCE_BASE

__all__ = [
    "DEFAULT_BASE",
    "Minter",
    "event_digest",
    "safe_id",
    "slugify",
    "valid_iri",
]

DEFAULT_BASE = RESOURCE_BASE
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_IRI_BASE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*")
_MAX_SLUG = 80
_DOT_SEGMENTS = {"": "%2E%2E%2E", ".": "%2E", "..": "%2E%2E"}
_WORD = re.compile(r"[^\W_]+")
#: letters that NFKD does not decompose but that have a usual ASCII spelling
#: (lower case: applied after case folding)
_FOLD = str.maketrans("łøđðħı", "loddhi") | str.maketrans({"æ": "ae", "œ": "oe", "þ": "th"})


def _name_key(text: str) -> str:
    """The name as slugs compare it: compatibility-decomposed, without combining marks, case-folded,
    letters and digits of any script kept, every other run of characters one hyphen."""
    norm = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold().translate(_FOLD))
    return "-".join(_WORD.findall("".join(c for c in norm if not unicodedata.combining(c))))


def slugify(text: str) -> str:
    """'US President Donald Trump' -> 'us-president-donald-trump': ASCII, lowercase, hyphens.

    Names that differ only in case, accents, punctuation or spacing get the same slug; any other
    two names get different ones. A name whose letters do not all fold to ASCII ("Зеленський",
    "李 Wei") or that is very long keeps what ASCII it has and gets a digest of the whole name
    after a double hyphen (``wei--3f9a0c51e2``, ``u--…`` when nothing is left), which no plain slug
    contains, so a crafted name cannot take another actor's slug.
    """
    key = _name_key(text)
    if key.isascii() and 0 < len(key) <= _MAX_SLUG:
        return key
    digest = hashlib.sha1((key or text).encode("utf-8", "surrogatepass")).hexdigest()[:10]
    base = "-".join(w for w in key.split("-") if w.isascii())[: _MAX_SLUG - 12].strip("-")
    return f"{base or 'u'}--{digest}"


def safe_id(text: str) -> str:
    """An article id as an IRI path segment: unreserved characters kept, everything else
    percent-encoded (UTF-8), so distinct ids stay distinct and the IRI is always valid.

    Lone surrogates (which no valid text holds) are encoded as their surrogate-escaped bytes
    rather than raising. The empty id and the dot segments "." and "..", which IRI normalisation
    would remove, are spelled with "%2E", which ``quote`` never writes, so they collide with nothing.
    """
    encoded = quote(text.encode("utf-8", "surrogatepass"), safe="-._~")
    return _DOT_SEGMENTS.get(encoded, encoded)


def event_digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def valid_iri(iri: str) -> bool:
    """Whether ``iri`` is an absolute IRI by RFC 3987 (what Oxigraph and the exports accept)."""
    import pyoxigraph  # RFC 3987 parsing (ports, hosts, percent-encoding), imported only here

    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        return False
    return True


class Minter:
    """Makes the IRIs of one build under ``base`` (which must end with '/' or '#')."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not _IRI_BASE.fullmatch(base) or not base.endswith(("/", "#")) or not valid_iri(base):
            raise ValueError(f"--base-iri must be an absolute IRI ending with '/' or '#', got {base!r}")
        self.base = base

    def article(self, article_id: str) -> str:
        return f"{self.base}article/{safe_id(article_id)}"

    def graph(self, article_id: str) -> str:
        return f"{self.base}graph/{safe_id(article_id)}"

    def actor(self, key: str) -> str:
        # keys are slugs ([a-z0-9-]); anything else is percent-encoded, which cannot collide with a slug
        return f"{self.base}actor/{key if _SLUG.fullmatch(key) else safe_id(key)}"

    def event(self, digest: str) -> str:
        return f"{self.base}event/{digest}"

    def story(self, story_id: str) -> str:
        return f"{self.base}story/{safe_id(story_id)}"

    def mention(self, article_id: str, begin: int, end: int) -> str:
        return f"{self.base}mention/{safe_id(article_id)}/{begin}-{end}"
