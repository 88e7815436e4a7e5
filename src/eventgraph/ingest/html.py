"""HTML pages to :class:`Article`, with body offsets that point into the HTML source.

Two views of the page are combined:

1. our own scan of the decoded source (``html.parser`` with character references left alone),
   which yields *blocks* (paragraphs, headings, list items…) made of text nodes that know
   their offsets in the source, skipping scripts, styles, navigation, footers, asides, forms…;
2. trafilatura's main-text extraction, which knows which parts of a page are the article.

A block is kept when trafilatura's text contains it, so the body gets trafilatura's judgement
and our offsets. Entities become one body character each (a :class:`TextPiece` whose source is
``&amp;`` or ``&#8217;``); other text is copied verbatim, so within one text node
``html.unescape(text[to_source(b, e)]) == body[b:e]``. Kept blocks are joined with a blank
line. A span that crosses an inline tag (``Putin <b>said</b>``) maps to source that includes
the tag.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from eventgraph.ingest.boilerplate import classify_lines, language_problem, script_problem
from eventgraph.ingest.dates import normalize_published
from eventgraph.ingest.decode import (
    InputProblem,
    declared_charset,
    declared_label,
    decode_bytes,
    read_limited,
)
from eventgraph.ingest.text import MAX_TITLE, SEPARATOR
from eventgraph.types import Article, TextPiece

__all__ = ["build_html_article", "read_html_file"]

# Elements whose text is never article text.
_HARD_SKIP = frozenset(
    {
        "script", "style", "nav", "footer", "aside", "noscript", "template", "head", "svg", "math",
        "button", "select", "option", "textarea", "iframe", "object", "canvas", "audio", "video",
        "dialog", "menu",
    }
)  # fmt: skip
# Elements usually outside the article but sometimes around it (ASP.NET pages wrap everything
# in a <form>; a <header> may hold the standfirst): their blocks count only as full sentences.
_SOFT_SKIP = frozenset({"header", "form"})
# Elements that end a block of text (and so a paragraph of the body).
_BLOCK = frozenset(
    {
        "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
        "hgroup", "hr", "html", "legend", "li", "main", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "br", "title",
    }
)  # fmt: skip
# Elements that never have content or an end tag.
_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
        "param", "source", "track", "wbr",
    }
)  # fmt: skip
_BREAKERS = _BLOCK | _HARD_SKIP | _SOFT_SKIP
_ENTITY = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][-.A-Za-z0-9]*;?)")
_KEY_DROP = re.compile(r"[\s\ufeff\u200b\u00ad|]+")
_TRIM = " \t\r\n\f\v\xa0\ufeff\u200b\u2028\u2029\u3000"
_WORDS = re.compile(r"\w+")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]\s+)")

# meta names and properties that carry a publication date, best first
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "article.published",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
)

log = logging.getLogger(__name__)


@dataclass(slots=True)
class _Node:
    """A text node, or one character reference, at ``src`` in the HTML source."""

    src: int
    raw: str  # the source characters
    text: str  # what they mean (equal to raw for verbatim text)


@dataclass(slots=True)
class _Block:
    nodes: list[_Node]
    soft: bool

    @property
    def text(self) -> str:
        return "".join(n.text for n in self.nodes)


@dataclass
class _Meta:
    metas: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None
    times: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    h1: list[str] = field(default_factory=list)
    h1_done: bool = False
    ld: list[Any] = field(default_factory=list)


class _Scanner(HTMLParser):
    """Collect text blocks with source offsets, and page metadata, from decoded HTML."""

    def __init__(self, src: str) -> None:
        super().__init__(convert_charrefs=False)  # keep entities apart, to map them one by one
        self.src = src
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", src)]
        self.stack: list[str] = []
        self.hard = 0
        self.soft = 0
        self.blocks: list[_Block] = []
        self.cur: list[_Node] = []
        self.cur_soft = False
        self.meta = _Meta()
        self.ld_parts: list[str] | None = None

    # ---------------------------------------------------------------- driving
    def run(self) -> None:
        """Scan the whole source; broken HTML ends the scan early instead of raising."""
        try:
            self.feed(self.src)
            # html.parser stops at some odd constructs ("&#" without digits) and would hand the
            # rest of the page to handle_data on close(); feeding nothing resumes after them
            while self.rawdata:
                before = len(self.rawdata)
                self.feed("")
                if len(self.rawdata) >= before:
                    break
            self.close()
        except Exception as err:  # html.parser may assert on pathological input
            log.debug("HTML scan stopped early: %s", err)
        self._flush()

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _flush(self) -> None:
        if self.cur and any(n.text.strip(_TRIM) for n in self.cur):
            self.blocks.append(_Block(self.cur, self.cur_soft))
        self.cur = []

    def _add(self, node: _Node) -> None:
        if not self.cur:
            self.cur_soft = self.soft > 0
        self.cur.append(node)

    def _capture(self, text: str) -> None:
        """Feed title and first-h1 text (which may sit inside skipped elements)."""
        if "title" in self.stack and "svg" not in self.stack:
            self.meta.title.append(text)
        if "h1" in self.stack and not self.meta.h1_done:
            self.meta.h1.append(text)

    # ---------------------------------------------------------------- tags
    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and "content" in a:
                self.meta.metas.setdefault(key, a["content"].strip())
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.meta.canonical = self.meta.canonical or a.get("href", "").strip() or None
        elif tag == "time" and a.get("datetime"):
            self.meta.times.append(a["datetime"].strip())
        if a.get("itemprop", "").lower() == "datepublished" and tag != "meta":
            value = a.get("datetime") or a.get("content")
            if value:
                self.meta.metas.setdefault("datepublished", value.strip())
        if tag == "script" and "ld+json" in a.get("type", "").lower():
            self.ld_parts = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)
        if tag in _BREAKERS:
            self._flush()
        if tag in _VOID:
            return
        self.stack.append(tag)
        self.hard += tag in _HARD_SKIP
        self.soft += tag in _SOFT_SKIP

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)  # <br/>, <div/>: nothing opens
        if tag == "script":
            self.ld_parts = None
        if tag in _BREAKERS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:  # an end tag closes everything opened after its element
            while self.stack:
                top = self.stack.pop()
                self.hard -= top in _HARD_SKIP
                self.soft -= top in _SOFT_SKIP
                if top == "h1":
                    self.meta.h1_done = self.meta.h1_done or bool("".join(self.meta.h1).strip())
                if top == tag:
                    break
        if tag == "script" and self.ld_parts is not None:
            with contextlib.suppress(ValueError):  # broken JSON-LD is common; it is only metadata
                self.meta.ld.append(json.loads("".join(self.ld_parts)))
            self.ld_parts = None
        if tag in _BREAKERS:
            self._flush()

    # ---------------------------------------------------------------- text
    def handle_data(self, data: str) -> None:
        if self.ld_parts is not None:
            self.ld_parts.append(data)
            return
        self._capture(data)
        if self.hard:
            return
        pos = self._pos()
        if self.src.startswith(data, pos):  # never record a node whose offset is not exact
            self._add(_Node(pos, data, data))

    def _reference(self) -> None:
        pos = self._pos()
        m = _ENTITY.match(self.src, pos)
        if not m:
            return
        raw = m.group()
        text = html.unescape(raw)
        if self.ld_parts is not None:
            self.ld_parts.append(raw)
            return
        self._capture(text)
        if not self.hard:
            self._add(_Node(pos, raw, text))

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()


# --------------------------------------------------------------------------- matching


def _key(text: str) -> str:
    """Text reduced for comparison with trafilatura's output: NFC, without whitespace or |."""
    return _KEY_DROP.sub("", unicodedata.normalize("NFC", text))


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORDS.findall(text.lower())
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def _select(blocks: list[_Block], main_text: str) -> list[_Block]:
    """The blocks that trafilatura's main text contains, in document order.

    Long blocks are found as substrings (whitespace ignored), preferring positions after the
    previous match so that a teaser repeating the lead is not taken twice; short blocks must
    equal a whole line of the main text (so "Share" does not match inside a sentence); long
    blocks that trafilatura rewrote slightly are accepted when most of their word triples occur.
    """
    lines = [_key(_LIST_MARK.sub("", line)) for line in main_text.split("\n")]
    lines = [line for line in lines if line]
    cat = "".join(lines)
    short_lines = Counter(lines)
    main_shingles: set[tuple[str, ...]] | None = None
    cursor = 0
    used: list[tuple[int, int]] = []
    chosen: list[_Block] = []
    for block in blocks:
        text = block.text
        key = _key(text)
        if not key:
            continue
        nwords = len(text.split())
        if block.soft and nwords < 8:
            continue
        if nwords < 5 and len(key) < 30:
            if short_lines[key] > 0:
                short_lines[key] -= 1
                chosen.append(block)
            continue
        at = cat.find(key, cursor)
        if at < 0:
            at = cat.find(key)
            while at >= 0 and any(a < at + len(key) and at < b for a, b in used):
                at = cat.find(key, at + 1)
        if at >= 0:
            used.append((at, at + len(key)))
            cursor = max(cursor, at + len(key))
            chosen.append(block)
            continue
        if nwords >= 8:
            if main_shingles is None:
                main_shingles = _shingles(main_text)
            mine = _shingles(text)
            if mine and len(mine & main_shingles) >= 0.8 * len(mine):
                chosen.append(block)
    return chosen


def _pieces(block: _Block) -> list[_Node]:
    """The block's nodes with surrounding whitespace trimmed and adjacent verbatim runs merged."""
    nodes = [n for n in block.nodes if n.text]
    while nodes and not nodes[0].text.strip(_TRIM):
        nodes.pop(0)
    while nodes and not nodes[-1].text.strip(_TRIM):
        nodes.pop()
    if not nodes:
        return []
    first = nodes[0]
    if first.raw == first.text:
        cut = len(first.text) - len(first.text.lstrip(_TRIM))
        nodes[0] = _Node(first.src + cut, first.raw[cut:], first.text[cut:])
    last = nodes[-1]  # the trimmed first node when there is only one
    if last.raw == last.text:
        keep = len(last.text.rstrip(_TRIM))
        nodes[-1] = _Node(last.src, last.raw[:keep], last.text[:keep])
    merged: list[_Node] = []
    for node in nodes:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.raw == prev.text
            and node.raw == node.text
            and prev.src + len(prev.raw) == node.src
        ):
            merged[-1] = _Node(prev.src, prev.raw + node.raw, prev.text + node.text)
        else:
            merged.append(node)
    return merged


# --------------------------------------------------------------------------- metadata


def _walk_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk_ld(data["@graph"])


def _ld_value(meta: _Meta, key: str) -> Any:
    for obj in _walk_ld(meta.ld):
        value = obj.get(key)
        if value:
            return value
    return None


def _clean(text: str | None, limit: int = MAX_TITLE) -> str | None:
    if not text:
        return None
    text = " ".join(html.unescape(text).split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text or None


def _publisher(meta: _Meta, fallback: str | None) -> str | None:
    publisher = _ld_value(meta, "publisher")
    if isinstance(publisher, list) and publisher:
        publisher = publisher[0]
    if isinstance(publisher, dict):
        publisher = publisher.get("name")
    return _clean(meta.metas.get("og:site_name") or (publisher if isinstance(publisher, str) else None)) or (
        _clean(fallback)
    )


def _published(meta: _Meta, fallback: str | None) -> str | None:
    candidates: list[Any] = [meta.metas.get(k) for k in _DATE_META[:3]]
    candidates.append(_ld_value(meta, "datePublished"))
    candidates += [meta.metas.get(k) for k in _DATE_META[3:]]
    candidates += meta.times[:1]
    candidates.append(fallback)
    for value in candidates:
        if isinstance(value, str) and (iso := normalize_published(value)):
            return iso
    return None


def _title(meta: _Meta, fallback: str | None) -> str | None:
    headline = _ld_value(meta, "headline")
    for value in (
        meta.metas.get("og:title"),
        meta.metas.get("twitter:title"),
        headline if isinstance(headline, str) else None,
        "".join(meta.h1),
        "".join(meta.title),
        fallback,
    ):
        if cleaned := _clean(value):
            return cleaned
    return None


def _url(meta: _Meta, fallback: str | None) -> str | None:
    ld_url = _ld_value(meta, "url")
    for value in (meta.canonical, meta.metas.get("og:url"), ld_url if isinstance(ld_url, str) else None):
        if value and value.strip():
            return value.strip()
    return fallback


# --------------------------------------------------------------------------- article


def _main_text(src: str) -> tuple[str | None, Any]:
    """trafilatura's main text of the page and its metadata document (or None, None)."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    options: dict[str, Any] = {
        "with_metadata": True,
        "include_comments": False,
        "include_tables": True,
        "deduplicate": False,
        # no guessing from URLs or copyright lines: a date must be stated as one
        "date_extraction_params": {"extensive_search": False, "original_date": True},
    }
    doc = None
    for recall in (False, True):
        try:
            doc = trafilatura.bare_extraction(src, favor_recall=recall, **options)
        except Exception as err:  # trafilatura on broken markup: treat as "nothing found"
            log.debug("trafilatura failed: %s", err)
            doc = None
        text = getattr(doc, "text", None) if doc is not None else None
        if text and text.strip():
            return text, doc
    return None, doc


def build_html_article(src: str, *, article_id: str, path: str | None = None) -> Article:
    """Turn a decoded HTML page into an Article; raise :class:`InputProblem` without article text."""
    scanner = _Scanner(src)
    scanner.run()
    main_text, doc = _main_text(src)
    if not main_text:
        if (depth := nesting_depth(src)) > MAX_DEPTH:
            raise InputProblem(
                f"elements nested {depth:,} levels deep, more than the HTML parser takes ({MAX_DEPTH}); "
                "no article text read"
            )
        raise InputProblem("no article text found in the HTML page")
    chosen = _select(scanner.blocks, main_text)
    if not chosen:
        raise InputProblem("no article text found in the HTML page")
    problem = script_problem(" ".join(b.text for b in chosen))
    if problem:
        raise InputProblem(problem)
    lines: list[str | None] = []
    for block in chosen:
        if lines:
            lines.append(None)  # every block is a paragraph of its own
        lines.append(" ".join(block.text.split()))
    verdicts = [v for v in classify_lines(lines, fragments=False) if v is not None]
    kept = [b for b, v in zip(chosen, verdicts, strict=True) if v.keep]
    body_parts: list[str] = []
    pieces: list[TextPiece] = []
    pos = 0
    for block in kept:
        nodes = _pieces(block)
        if not nodes:
            continue
        if body_parts:
            body_parts.append(SEPARATOR)
            pos += len(SEPARATOR)
        for node in nodes:
            pieces.append(TextPiece(pos, node.src, len(node.text), len(node.raw)))
            body_parts.append(node.text)
            pos += len(node.text)
    body = "".join(body_parts)
    if not body:
        raise InputProblem("no article text found in the HTML page (only boilerplate)")
    problem = language_problem(body)
    if problem:
        raise InputProblem(problem)
    meta = scanner.meta
    return Article(
        id=article_id,
        text=src,
        body=body,
        pieces=tuple(pieces),
        title=_title(meta, getattr(doc, "title", None)),
        url=_url(meta, getattr(doc, "url", None)),
        published=_published(meta, getattr(doc, "date", None)),
        source=_publisher(meta, getattr(doc, "sitename", None)),
        path=path,
        kind="html",
    )


def read_html_file(path: Path, *, article_id: str, max_bytes: int) -> Article:
    """Read an ``.html``/``.htm`` file, honouring a declared ``<meta charset>``."""
    data = read_limited(path, max_bytes)
    charset = declared_charset(data[:4096])
    try:
        src = decode_bytes(data, charset=charset)
    except InputProblem as problem:
        label = declared_label(data[:4096])
        if label and charset is None:  # the page said what it is, in a name no codec has
            raise InputProblem(
                f'declares <meta charset="{label}">, an encoding not known here; {problem}'
            ) from None
        raise
    return build_html_article(src, article_id=article_id, path=str(path))


#: elements that never hold others (no closing tag)
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*?(/?)>")
#: the depth past which the HTML parser (libxml2) stops building the tree
MAX_DEPTH = 255


def nesting_depth(src: str) -> int:
    """The deepest nesting of elements in ``src`` (an estimate from the tags, unclosed ones counted)."""
    depth = deepest = 0
    for m in _TAG.finditer(src):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest
