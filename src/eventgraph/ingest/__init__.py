"""Read news articles from files and folders: plain text, HTML pages and JSON Lines.

>>> for item in iter_articles(["examples/seeds"]):  # doctest: +SKIP
...     print(item.id if isinstance(item, Article) else item.reason)

:func:`iter_articles` yields one :class:`~eventgraph.types.Article` per document (per record
for JSON Lines) or a :class:`~eventgraph.types.Skipped` whose ``reason`` is one line naming the
input. It never raises for bad input: one broken file must not stop a batch of thousands.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from eventgraph.ingest.dates import normalize_published
from eventgraph.ingest.decode import InputProblem, decode_bytes, read_limited
from eventgraph.ingest.html import read_html_file
from eventgraph.ingest.jsonl import DEFAULT_MAX_RECORDS, iter_jsonl
from eventgraph.ingest.text import CleaningMemo, read_text_file
from eventgraph.types import Article, Skipped

__all__ = [
    "ANNOTATIONS_SUFFIX",
    "DEFAULT_MAX_RECORDS",
    "KINDS",
    "MAX_CHARS",
    "PARSE_WORDS_PER_SECOND",
    "annotations_path",
    "iter_articles",
    "kind_of",
    "normalize_published",
    "parse_budget_problem",
    "sentence_budget_problem",
]

DEFAULT_MAX_BYTES = 5_000_000
#: A build's own output folder holds this file; such a folder is never read as input.
_BUILD_MARK = "manifest.json"
#: Words a second the parser is counted on for one long article: measured 1,200-1,700 for
#: en_core_web_sm with extraction on one core (docs/reliability.md), rounded down for slower machines.
PARSE_WORDS_PER_SECOND = 1_000
#: The longest body spaCy parses as one document (``Language.max_length``); longer ones make it raise.
MAX_CHARS = 1_000_000


def parse_budget_problem(article: Article, max_seconds: float | None) -> str | None:
    """Why ``article`` is too long to parse within ``max_seconds`` (or at all), else None.

    The parser cannot be interrupted, so the time limit is enforced before it starts, as a budget
    of words (``max_seconds`` x :data:`PARSE_WORDS_PER_SECOND`); the message says how to raise it.
    """
    chars = len(article.body)
    if chars > MAX_CHARS:
        return (
            f"article body is {chars:,} characters, over the {MAX_CHARS:,} the parser takes in one "
            "document; split it into several articles"
        )
    if max_seconds is None:
        return None
    budget = int(max_seconds * PARSE_WORDS_PER_SECOND)
    words = len(article.body.split())
    if words > budget:
        return (
            f"article is {words:,} words, more than the parser gets through in {max_seconds:g} s "
            f"(about {budget:,} words at {PARSE_WORDS_PER_SECOND:,} words a second); "
            "raise it with --max-seconds-per-article"
        )
    return None


#: Extraction's cost grows with the square of a sentence's length (rules compare a sentence's tokens
#: pairwise): measured 5.2 s for one 3,840-word sentence on one core (3.5e-7 s per squared token),
#: counted three times as slow for slower machines.
EXTRACT_SECONDS_PER_SQUARED_TOKEN = 1e-6


def sentence_budget_problem(sentence_lengths: Iterable[int], max_seconds: float | None) -> str | None:
    """Why an article whose parse has sentences of ``sentence_lengths`` tokens would take longer
    than ``max_seconds`` to extract, else None (checked between the parse and extraction, so a
    limit of 10 s is not spent as 100 s on one 9,000-word sentence)."""
    if max_seconds is None:
        return None
    lengths = list(sentence_lengths)
    cost = EXTRACT_SECONDS_PER_SQUARED_TOKEN * sum(n * n for n in lengths)
    if cost <= max_seconds:
        return None
    return (
        f"its longest sentence is {max(lengths):,} tokens: extracting its sentences would take about "
        f"{cost:,.0f} s, over the limit of {max_seconds:g} s per article (the time grows with the square of "
        "a sentence's length); raise it with --max-seconds-per-article"
    )


def kind_of(path: str | Path) -> str | None:
    """``"text"``, ``"html"`` or ``"jsonl"`` from a file name, or None for other files."""
    name = str(path).lower()
    return next((kind for end, kind in KINDS if name.endswith(end)), None)


def _one_line(text: str) -> str:
    return " ".join(shown(text).split())


_SURROGATES = re.compile("[\ud800-\udfff]")


def shown(text: str) -> str:
    """``text`` safe for every output: a file name's bytes that are not UTF-8 (which Python keeps
    as lone surrogates) are shown as ``\\xNN``, other lone surrogates as ``\\uDNNN``."""
    if not _SURROGATES.search(text):
        return text

    def one(m: re.Match[str]) -> str:
        c = ord(m.group())
        return f"\\x{c - 0xDC00:02x}" if 0xDC80 <= c <= 0xDCFF else f"\\u{c:04x}"

    return _SURROGATES.sub(one, text)


def _is_build_output(folder: str) -> bool:
    """Whether ``folder`` is an eventgraph build's output (its views are not articles)."""
    mark = os.path.join(folder, _BUILD_MARK)
    try:
        with open(mark, "rb") as fh:
            return b"eventgraph-manifest" in fh.read(256)
    except OSError:
        return False


def _expand(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str] | Skipped]:
    """Files to read, in a deterministic order; Skipped for paths that cannot be read."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found: list[tuple[tuple[str, ...], Path, str]] = []
            unreadable: list[OSError] = []
            # symlinked folders are not followed: no loops; a folder that cannot be listed is said
            for root, dirs, files in os.walk(path, onerror=unreadable.append):
                dirs[:] = [  # .git, .ipynb_checkpoints; and a build's own output folder
                    d for d in dirs if not d.startswith(".") and not _is_build_output(os.path.join(root, d))
                ]
                for file in files:
                    kind = kind_of(file)
                    if kind and not file.startswith("."):
                        full = Path(root) / file
                        found.append((full.relative_to(path).parts, full, kind))
            for err in unreadable:
                where = err.filename or path
                yield Skipped(str(where), f"{where}: folder not read ({err.strerror or err})")
            for _parts, full, kind in sorted(found, key=lambda item: item[0]):
                yield full, kind
        elif path.is_file():
            kind = kind_of(path)
            if kind is None:
                suffix = path.suffix or "no extension"
                expected = ", ".join(end for end, _ in KINDS)
                yield Skipped(str(path), f"{path}: unsupported file type ({suffix}); expected {expected}")
            else:
                yield path, kind
        elif path.exists():
            yield Skipped(str(path), f"{path}: not a regular file or folder")
        else:
            yield Skipped(str(path), f"{path}: no such file or folder")


#: The file beside ``foo.txt`` / ``foo.html`` that holds events given for it (README, "Annotations input").
ANNOTATIONS_SUFFIX = ".annotations.json"


def annotations_path(path: Path) -> Path:
    """Where the annotations of the article in ``path`` are: ``foo.txt`` -> ``foo.annotations.json``."""
    return path.with_name(path.stem + ANNOTATIONS_SUFFIX)


def _annotated(article: Article, path: Path, max_bytes: int, warn: Callable[[str], None]) -> Article:
    """``article`` with the text of its annotations file, when there is one (not parsed here: the
    extractor that reads annotations judges them; a file that cannot be read is a warning)."""
    found = annotations_path(path)
    if not found.is_file():
        return article
    try:
        raw = decode_bytes(read_limited(found, max_bytes))
    except (InputProblem, OSError) as problem:
        warn(f"{found}: annotations not read ({problem})")
        return article
    return dataclasses.replace(article, annotations=raw)


#: reads one input file: (path, max_bytes, warn, cleaning memo) -> its articles (or records skipped)
Reader = Callable[[Path, int, Callable[[str], None], "CleaningMemo | None"], Iterator[Article | Skipped]]


def _read_jsonl(
    path: Path,
    max_bytes: int,
    warn: Callable[[str], None],
    memo: CleaningMemo | None,
    max_records: int = DEFAULT_MAX_RECORDS,
) -> Iterator[Article | Skipped]:
    yield from iter_jsonl(path, max_bytes=max_bytes, warn=warn, memo=memo, max_records=max_records)


def _read_html(
    path: Path, max_bytes: int, warn: Callable[[str], None], memo: CleaningMemo | None
) -> Iterator[Article | Skipped]:
    article = read_html_file(path, article_id=path.stem, max_bytes=max_bytes)
    yield _annotated(article, path, max_bytes, warn)


def _read_text(
    path: Path, max_bytes: int, warn: Callable[[str], None], memo: CleaningMemo | None
) -> Iterator[Article | Skipped]:
    article = read_text_file(path, article_id=path.stem, max_bytes=max_bytes, memo=memo)
    yield _annotated(article, path, max_bytes, warn)


#: The input formats: file name ending, kind (``Article.kind``) and reader, longest endings first.
#: A new input format is one reader and one line here.
READERS: tuple[tuple[str, str, Reader], ...] = (
    (".jsonl.gz", "jsonl", _read_jsonl),
    (".jsonl", "jsonl", _read_jsonl),
    (".txt", "text", _read_text),
    (".html", "html", _read_html),
    (".htm", "html", _read_html),
)
KINDS: tuple[tuple[str, str], ...] = tuple((end, kind) for end, kind, _ in READERS)


def _read(
    path: Path,
    kind: str,
    max_bytes: int,
    warn: Callable[[str], None],
    memo: CleaningMemo | None,
    max_records: int = DEFAULT_MAX_RECORDS,
) -> Iterator[Article | Skipped]:
    name = str(path)
    reader = next(r for end, _kind, r in READERS if name.lower().endswith(end))
    try:
        if reader is _read_jsonl:  # the one reader of many records per file
            yield from _read_jsonl(path, max_bytes, warn, memo, max_records)
        else:
            yield from reader(path, max_bytes, warn, memo)
    except InputProblem as problem:
        yield Skipped(name, f"{name}: {problem}")
    except Exception as err:  # a bug or an unforeseen input must not stop the other inputs
        yield Skipped(name, f"{name}: could not be read ({type(err).__name__}: {err})")


def iter_articles(
    paths: Iterable[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_records: int = DEFAULT_MAX_RECORDS,
    published: str | None = None,
    source: str | None = None,
    on_warning: Callable[[str], None] | None = None,
    max_seconds: float | None = None,
    memo: CleaningMemo | None = None,
) -> Iterator[Article | Skipped]:
    """Yield an Article per document (per record for JSON Lines), or a Skipped per bad input.

    ``paths`` are files or folders; folders are walked recursively in sorted order, reading
    ``.txt``, ``.html``/``.htm``, ``.jsonl`` and ``.jsonl.gz`` files and ignoring others (and
    hidden ones). A file named explicitly with another extension gets a Skipped.

    ``max_bytes`` limits each file (each record's text for JSON Lines, and what a ``.jsonl.gz``
    expands to: see :func:`~eventgraph.ingest.jsonl.iter_jsonl`); ``max_records`` the lines
    read from one JSON Lines file. Names that are not UTF-8 are shown with ``\\xNN`` escapes.
    ``published`` (any form :func:`normalize_published` accepts) and ``source`` are defaults for
    articles that state none. Article ids are the file stem or the record's ``id`` (``rec-`` + a
    hash of the text when missing); an id seen before in this call gets ``-2``, ``-3``… and
    ``on_warning`` is called with a one-line message, as it is for other recoverable oddities (a
    record date that is not understood).

    An article too long for the parser (see :func:`parse_budget_problem`; ``max_seconds`` is the
    time allowed to parse one article) is a Skipped too: never cut, never silently dropped.

    ``memo`` (see :func:`~eventgraph.ingest.text.build_plain_article`) keeps the results of
    cleaning plain texts between builds.
    """
    warn: Callable[[str], None] = on_warning or (lambda _msg: None)
    if isinstance(paths, str | Path):  # a lone path, not an iterable of its characters
        paths = [paths]
    default_published = None
    if published is not None:
        default_published = normalize_published(published)
        if default_published is None:
            warn(f"published default {published!r} is not a date understood; ignored")
    seen: set[str] = set()
    yield from _articles(
        paths, max_bytes, max_records, warn, memo, max_seconds, seen, default_published, source
    )


def _articles(
    paths: Iterable[str | Path],
    max_bytes: int,
    max_records: int,
    warn: Callable[[str], None],
    memo: CleaningMemo | None,
    max_seconds: float | None,
    seen: set[str],
    default_published: str | None,
    source: str | None,
) -> Iterator[Article | Skipped]:
    for item in _expand(paths):
        if isinstance(item, Skipped):
            yield dataclasses.replace(item, input=shown(item.input), reason=_one_line(item.reason))
            continue
        path, kind = item
        for result in _read(path, kind, max_bytes, warn, memo, max_records):
            if isinstance(result, Skipped):
                yield dataclasses.replace(result, input=shown(result.input), reason=_one_line(result.reason))
                continue
            if result.path is not None and _SURROGATES.search(result.path + result.id):
                result = dataclasses.replace(result, path=shown(result.path), id=shown(result.id))
            where = f"{result.path}:{result.record}" if result.record is not None else result.path
            if problem := parse_budget_problem(result, max_seconds):
                yield Skipped(where or result.id, f"{where or result.id}: {problem}")
                continue
            article_id = result.id
            if article_id in seen:
                n = 2
                while f"{article_id}-{n}" in seen:
                    n += 1
                warn(f"{where}: duplicate article id {article_id!r}, renamed to '{article_id}-{n}'")
                article_id = f"{article_id}-{n}"
            seen.add(article_id)
            yield dataclasses.replace(
                result,
                id=article_id,
                published=result.published or default_published,
                source=result.source or source,
            )
