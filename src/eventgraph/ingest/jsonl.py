"""JSON Lines (``.jsonl``, ``.jsonl.gz``) to Articles, one per record, streamed line by line.

A record is an object with a ``text`` string and optionally ``id``, ``title``, ``url``,
``published`` (or ``date``), ``source`` (or ``publisher``) and ``annotations`` (events given
for it, read by the ``annotations`` extractor). A bad record yields a
:class:`Skipped` named ``file.jsonl:LINE`` and reading goes on with the next line; only a
corrupt gzip stream ends the file early. The size limit applies to each record's text.
"""

from __future__ import annotations

import codecs
import dataclasses
import gzip
import hashlib
import io
import json
import re
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from eventgraph.ingest.dates import normalize_published
from eventgraph.ingest.decode import InputProblem, binary_reason, check_text, size_message
from eventgraph.ingest.text import CleaningMemo, build_plain_article
from eventgraph.types import Article, Skipped

__all__ = ["DEFAULT_MAX_RECORDS", "GZIP_MAX_RATIO", "MAX_BAD_RUN", "iter_jsonl", "record_id"]

# gzip.BadGzipFile is an OSError; a truncated stream raises EOFError; bad deflate data zlib.error
_GZIP_ERRORS = (OSError, EOFError, zlib.error)
_SURROGATE = re.compile("[\ud800-\udfff]")
_TYPE_NAMES = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}


def record_id(text: str) -> str:
    """The id of a record without one: ``rec-`` and 12 hex digits of the SHA-1 of its text."""
    return "rec-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _type_name(value: Any) -> str:
    return _TYPE_NAMES.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


def _field(obj: dict[str, Any], *keys: str) -> str | None:
    """The first non-empty string among ``keys``, whitespace collapsed, surrogates replaced."""
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return _SURROGATE.sub("\ufffd", " ".join(value.split()))
    return None


def _record(
    line: bytes,
    rec: str,
    lineno: int,
    path: str,
    max_bytes: int,
    warn: Callable[[str], None],
    memo: CleaningMemo | None = None,
) -> Article | Skipped | None:
    """One JSON Lines record to an Article or a Skipped; None for a blank line."""
    if not line.strip():
        return None
    if why := binary_reason(line[:8192]):  # raw control bytes are never valid JSON
        what = why.replace("binary file", "binary data").removesuffix(", not text")
        return Skipped(rec, f"{rec}: {what}, not a JSON record")
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as err:
        return Skipped(rec, f"{rec}: not valid UTF-8 (byte 0x{line[err.start]:02X} at byte {err.start:,})")
    try:
        obj = json.loads(decoded)
    except json.JSONDecodeError as err:
        # json's messages end in "at" when they expect a position ("Invalid control character at")
        msg = err.msg.removesuffix(" at")
        return Skipped(rec, f"{rec}: malformed JSON ({msg} at column {err.colno})")
    except RecursionError:
        return Skipped(rec, f"{rec}: malformed JSON (nested too deeply)")
    except ValueError as err:  # an integer of more than 4,300 digits (int_max_str_digits)
        what = "a number of more than 4,300 digits" if "digits" in str(err) else " ".join(str(err).split())
        return Skipped(rec, f"{rec}: unusable JSON ({what[:120]})")
    if not isinstance(obj, dict):
        return Skipped(rec, f"{rec}: not a JSON object but {_type_name(obj)}")
    if "text" not in obj:
        return Skipped(rec, f'{rec}: record has no "text" field')
    text = obj["text"]
    if not isinstance(text, str):
        return Skipped(rec, f'{rec}: "text" is {_type_name(text)}, not a string')
    # cheap bound first: a UTF-8 character takes at most 4 bytes
    if len(text) * 4 > max_bytes and (size := len(text.encode("utf-8", "surrogatepass"))) > max_bytes:
        return Skipped(rec, f"{rec}: {size_message(size, max_bytes, 'record text')}")
    if _SURROGATE.search(text):
        return Skipped(
            rec, f'{rec}: "text" has unpaired surrogate escapes (\\ud800-\\udfff), not valid Unicode'
        )
    try:
        check_text(text, "text")
        raw_id = obj.get("id")
        if isinstance(raw_id, str) and raw_id.strip():
            # an id is kept as given (it names the article), but lone surrogates are not text:
            # they could not be written to any output (iter_articles makes ids unique afterwards)
            article_id = _SURROGATE.sub("\ufffd", raw_id)
        elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
            article_id = str(raw_id)
        else:
            if isinstance(raw_id, str) and raw_id:
                warn(f"{rec}: id {raw_id!r} is blank; using one derived from the text")
            elif raw_id not in (None, ""):
                warn(f"{rec}: id {raw_id!r} is not a string or integer; using one derived from the text")
            article_id = record_id(text)
        published = None
        raw_date = obj.get("published", obj.get("date"))
        if isinstance(raw_date, str) and raw_date.strip():
            published = normalize_published(raw_date)
            if published is None:
                warn(f"{rec}: published date {raw_date!r} not understood; left empty")
        article = build_plain_article(
            text,
            article_id=article_id,
            kind="jsonl",
            path=path,
            record=lineno,
            title=_field(obj, "title", "headline"),
            url=_field(obj, "url", "link"),
            published=published,
            source=_field(obj, "source", "publisher"),
            memo=memo,
        )
        return _with_annotations(article, obj)
    except InputProblem as problem:
        return Skipped(rec, f"{rec}: {problem}")


def _with_annotations(article: Article, obj: dict[str, Any]) -> Article:
    """The record's ``"annotations"`` (an object, or a string of JSON) kept as JSON text on the
    article, for the ``annotations`` extractor to judge (README, "Annotations input")."""
    given = obj.get("annotations")
    if given is None:
        return article
    raw = given if isinstance(given, str) else json.dumps(given, ensure_ascii=False)
    return dataclasses.replace(article, annotations=raw)


def _starts_with_record(head: bytes) -> bool:
    """Whether the first line of ``head`` is a JSON object: JSON Lines, whatever comes after."""
    first = head.removeprefix(codecs.BOM_UTF8).split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(first.decode("utf-8")), dict)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False


def _open(path: Path) -> gzip.GzipFile | io.BufferedReader:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


#: A ``.jsonl.gz`` may expand to ``--max-bytes``, or to this many times its own size when that
#: is more (news text compresses 3 to 10 times; a decompression bomb 1,000 times).
GZIP_MAX_RATIO = 100
#: Lines read from one JSON Lines input at most (blank ones count): a file of millions of tiny
#: bad records must not cost minutes, gigabytes and a report of a million skips.
DEFAULT_MAX_RECORDS = 200_000
#: Bad records in a row after which the rest of a file is skipped: it is not JSON Lines of
#: articles (a million ``{}`` lines are one message, not a million).
MAX_BAD_RUN = 1_000


def iter_jsonl(
    path: Path,
    *,
    max_bytes: int,
    warn: Callable[[str], None] | None = None,
    memo: CleaningMemo | None = None,
    max_records: int = DEFAULT_MAX_RECORDS,
) -> Iterator[Article | Skipped]:
    """Yield an Article or a Skipped per record of a JSON Lines file (plain or gzip).

    Reading stops, with one Skipped that says so and how to raise the limit, after ``max_records``
    lines, after :data:`MAX_BAD_RUN` bad records in a row, and for a gzip file once it has
    expanded past ``max_bytes`` and :data:`GZIP_MAX_RATIO` times its compressed size (a
    decompression bomb costs seconds, not gigabytes). A record that breaks the reader in an
    unforeseen way costs that record, named ``file:LINE``, not the file.
    """
    name = str(path)
    warn = warn or (lambda _msg: None)
    try:
        if path.stat().st_size == 0:
            yield Skipped(name, f"{name}: empty file")
            return
        fh = _open(path)
    except OSError as err:
        yield Skipped(name, f"{name}: cannot read it ({err.strerror or err})")
        return
    # JSON escapes make a record longer on disk than its text (\u0436 is 6 bytes for 2)
    line_limit = 8 * max_bytes + 65536
    lineno = 0
    gzipped = isinstance(fh, gzip.GzipFile)
    expand_limit = max(max_bytes, GZIP_MAX_RATIO * path.stat().st_size) if gzipped else 0
    expanded = 0
    bad_run = 0  # bad records since the last good one
    with fh:
        try:
            head = fh.peek(8192)[:8192] if hasattr(fh, "peek") else b""
        except _GZIP_ERRORS as err:
            yield Skipped(name, f"{name}: not readable gzip data ({err})")
            return
        reason = binary_reason(head)
        if reason and not _starts_with_record(head):  # one binary record must not cost the others
            hint = "; name it .jsonl.gz" if head.startswith(b"\x1f\x8b") else ""
            yield Skipped(name, f"{name}: {reason}{hint}")
            return
        if head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").startswith(b"["):
            yield Skipped(name, f"{name}: a JSON array, not JSON Lines (one JSON object per line)")
            return
        while True:
            try:
                line = fh.readline(line_limit)
                overlong = len(line) >= line_limit and not line.endswith(b"\n")
                while overlong:  # skip the rest of a record too long to hold in memory
                    rest = fh.readline(line_limit)
                    expanded += len(rest)
                    if not rest or rest.endswith(b"\n"):
                        break
            except _GZIP_ERRORS as err:
                where = f" after line {lineno:,}" if lineno else ""
                yield Skipped(name, f"{name}: corrupt gzip data{where} ({err})")
                return
            if not line:
                return
            if gzipped:
                expanded += len(line)
                if expanded > expand_limit:
                    yield Skipped(
                        name,
                        f"{name}: gzip data expands past {expand_limit:,} bytes by line {lineno + 1:,} "
                        f"(over --max-bytes and {GZIP_MAX_RATIO} times the file's size; a decompression "
                        "bomb?); the rest of the file is skipped (raise it with --max-bytes)",
                    )
                    return
            if lineno >= max_records:
                yield Skipped(
                    name,
                    f"{name}: more than {max_records:,} lines; the rest of the file is skipped "
                    "(raise it with --max-records)",
                )
                return
            lineno += 1
            rec = f"{name}:{lineno}"
            if overlong:
                yield Skipped(
                    rec,
                    f"{rec}: record is over {line_limit:,} bytes, too long for the limit of {max_bytes:,} "
                    "bytes of text (raise it with --max-bytes)",
                )
                continue
            if lineno == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]
            try:
                result = _record(line, rec, lineno, name, max_bytes, warn, memo)
            except Exception as err:  # a bug or an unforeseen record costs that record alone
                result = Skipped(rec, f"{rec}: could not be read ({type(err).__name__}: {err})")
            if isinstance(result, Skipped):
                bad_run += 1
                if bad_run > MAX_BAD_RUN:
                    yield Skipped(
                        name,
                        f"{name}: {MAX_BAD_RUN:,} bad records in a row before line {lineno:,} (each one "
                        "listed); the rest of the file is skipped",
                    )
                    return
            elif result is not None:
                bad_run = 0
            if result is not None:
                yield result
