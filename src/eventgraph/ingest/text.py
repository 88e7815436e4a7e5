"""Plain text (``.txt`` files and JSON Lines records) to :class:`Article`.

The body is made of verbatim slices of the text: runs of kept lines are copied as they are
(newlines, CRLF and indentation included, so wrapped newswire sentences stay whole), and runs
separated by dropped boilerplate are joined with a blank line. Each run is one
:class:`TextPiece`, so ``text[to_source(b, e)] == body[b:e]`` for any span inside a run.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, Protocol

from eventgraph.ingest.boilerplate import (
    classify_lines,
    dateline_value,
    language_problem,
    load_rules,
    script_problem,
)
from eventgraph.ingest.decode import InputProblem, decode_bytes, read_limited
from eventgraph.types import Article, TextPiece

__all__ = [
    "SEPARATOR",
    "CleaningMemo",
    "build_plain_article",
    "clean_lines",
    "headline",
    "line_spans",
    "read_text_file",
]

#: What joins two kept segments in a body. It is not a piece: it maps to no source text.
SEPARATOR = "\n\n"
MAX_TITLE = 300

# the line breaks of str.splitlines(), CRLF counted as one break
_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# a line's content without surrounding whitespace (BOM and zero-width space count as such)
_CONTENT = re.compile(r"[^\s\ufeff\u200b](?:.*[^\s\ufeff\u200b])?")


def line_spans(text: str) -> list[tuple[int, int] | None]:
    """The ``(start, end)`` of each line's content without surrounding whitespace; None if blank."""
    spans: list[tuple[int, int] | None] = []
    pos = 0
    for brk in _BREAK.finditer(text):
        m = _CONTENT.search(text, pos, brk.start())
        spans.append(m.span() if m else None)
        pos = brk.end()
    m = _CONTENT.search(text, pos)
    spans.append(m.span() if m else None)
    return spans


def clean_lines(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Remove boilerplate lines; return the kept segments and the kept lines, as text spans.

    Consecutive kept lines form one segment unless a dropped (non-blank) line lies between them.
    """
    spans = line_spans(text)
    verdicts = classify_lines([text[sp[0] : sp[1]] if sp is not None else None for sp in spans])
    segments: list[tuple[int, int]] = []
    kept: list[tuple[int, int]] = []
    broken = True  # a dropped line since the last kept one: the next kept line starts a segment
    for span, verdict in zip(spans, verdicts, strict=True):
        if span is None or verdict is None:
            continue
        if not verdict.keep:
            broken = True
            continue
        kept.append(span)
        if broken or not segments:
            segments.append(span)
        else:
            segments[-1] = (segments[-1][0], span[1])
        broken = False
    return segments, kept


def headline(line: str) -> str:
    """A title from an article's first line: "Headline: sentence…" gives "Headline".

    Otherwise the line itself, cut at a word boundary to at most ``MAX_TITLE`` characters.
    """
    line = " ".join(line.split())
    head, sep, rest = line.partition(": ")
    if sep and 3 <= len(head.split()) <= 20 and len(rest.split()) >= 5 and head[-1:] not in ".!?":
        return head.strip()
    if len(line) <= MAX_TITLE:
        return line
    cut = line[: MAX_TITLE - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def _date_from_lines(text: str) -> str | None:
    """The date of the first date-only line among the first lines of ``text``."""
    rules = load_rules()
    spans = [sp for sp in line_spans(text[:20000]) if sp is not None]
    for span in spans[: rules.date_search_lines]:
        if span is not None and (value := dateline_value(text[span[0] : span[1]], rules)):
            return value
    return None


class CleaningMemo(Protocol):
    """Where cleaning results are kept between builds (see :func:`build_plain_article`)."""

    def get(self, key: str) -> Any: ...

    def __setitem__(self, key: str, value: Any) -> None: ...


def _cleaned(text: str, title: str | None, published: str | None) -> dict[str, Any]:
    """The expensive part of :func:`build_plain_article`: the kept segments of ``text``, its title
    and date; ``{"problem": reason}`` when nothing usable is left."""
    problem = script_problem(text)
    if problem:
        return {"problem": problem}
    segments, kept = clean_lines(text)
    if not segments:
        return {"problem": "no article text (every line looks like boilerplate)"}
    problem = language_problem(SEPARATOR.join(text[start:end] for start, end in segments))
    if problem:
        return {"problem": problem}
    if title is None:
        first = kept[0]
        title = headline(text[first[0] : first[1]])
    if published is None:
        published = _date_from_lines(text)
    return {"segments": segments, "title": title, "published": published}


def _memo_key(text: str, title: str | None, published: str | None) -> str:
    h = hashlib.sha256()
    for part in (text, title, published):
        h.update(b"\x1f" if part is None else b"\x1e" + part.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


#: Lines a text may have: cleaning judges each one, and a news article has hundreds (a body of
#: 100,000 lines is far over the parse budget of 30,000 words anyway).
MAX_LINES = 100_000


def build_plain_article(
    text: str,
    *,
    article_id: str,
    kind: str = "text",
    path: str | None = None,
    record: int | None = None,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    source: str | None = None,
    memo: CleaningMemo | None = None,
) -> Article:
    """Clean ``text`` into an :class:`Article`; raise :class:`InputProblem` if nothing is left.

    ``published`` must already be normalised. Without a title, the first kept line gives one;
    without a date, a date-only line near the top ("Published: 18 March 2025") gives one.

    ``memo`` keeps what cleaning found for a text (the kept segments, title and date, or the
    problem), so that a rebuild does not judge the same lines again; its owner must tie it to
    the version of this code and of the boilerplate rules (the build's cache does).
    """
    if (lines := text.count("\n")) > MAX_LINES:  # before cleaning, which judges every line
        raise InputProblem(
            f"text has {lines:,} lines, more than the {MAX_LINES:,} an article may have; split it "
            "into several articles"
        )
    key = _memo_key(text, title, published) if memo is not None else ""
    found = memo.get(key) if memo is not None else None
    if found is None:
        found = _cleaned(text, title, published)
        if memo is not None:
            memo[key] = found
    if "problem" in found:
        raise InputProblem(found["problem"])
    segments = [(int(start), int(end)) for start, end in found["segments"]]
    title, published = found["title"], found["published"]
    parts: list[str] = []
    pieces: list[TextPiece] = []
    pos = 0
    for start, end in segments:
        if parts:
            pos += len(SEPARATOR)
        pieces.append(TextPiece(pos, start, end - start, end - start))
        parts.append(text[start:end])
        pos += end - start
    body = SEPARATOR.join(parts)
    return Article(
        id=article_id,
        text=text,
        body=body,
        pieces=() if segments == [(0, len(text))] else tuple(pieces),
        title=title,
        url=url,
        published=published,
        source=source,
        path=path,
        kind=kind,
        record=record,
    )


def read_text_file(
    path: Path, *, article_id: str, max_bytes: int, memo: CleaningMemo | None = None
) -> Article:
    """Read a ``.txt`` file (UTF-8, exactly as stored) into an Article; raise InputProblem."""
    data = read_limited(path, max_bytes)
    text = decode_bytes(data)
    return build_plain_article(text, article_id=article_id, kind="text", path=str(path), memo=memo)
