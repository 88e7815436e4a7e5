"""Bytes to text, with the checks that turn unusable inputs into one clear message.

Every check raises :class:`InputProblem` with a one-line message *without* the input's name;
the caller prefixes the name (a file path, or ``file.jsonl:LINE`` for a record).

A byte-order mark is kept as U+FEFF at offset 0 of the decoded text (it is never part of an
article's body): offsets then agree with any tool that opens the file as UTF-8, which is how
the evaluation scorer and most editors read it.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

__all__ = [
    "InputProblem",
    "binary_reason",
    "check_text",
    "declared_charset",
    "declared_label",
    "decode_bytes",
    "read_limited",
    "size_message",
]

#: Signatures of common non-text files, so the message can say what the file is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive, e.g. .docx or .xlsx"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (  # UTF-32 first: its LE mark starts like UTF-16's
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: C0 controls other than tab, newlines, form feed and escape; text has almost none of them.
_CONTROL_BYTES = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13, 27))
_CONTROL_CHARS = re.compile("[" + re.escape(_CONTROL_BYTES.decode("ascii")) + "]")
#: The share of control bytes above which data is called binary rather than text.
_MAX_CONTROL_SHARE = 0.05
#: WHATWG Encoding Standard: these labels all mean windows-1252 in HTML.
_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"}
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.\-]+)", re.I)


class InputProblem(Exception):
    """An input cannot be used; ``str(problem)`` is a one-line reason for a user."""


def size_message(size: int, max_bytes: int, what: str = "file") -> str:
    """The message for an input over the size limit, saying how to raise it."""
    return f"{what} is {size:,} bytes, over the limit of {max_bytes:,} bytes (raise it with --max-bytes)"


def read_limited(path: Path, max_bytes: int) -> bytes:
    """Read a whole file after checking with ``stat`` that it is not empty and not too big.

    The size is checked before reading so that a huge file never reaches memory.
    """
    try:
        size = path.stat().st_size
    except OSError as err:
        raise InputProblem(f"cannot read it ({err.strerror or err})") from None
    if size == 0:
        raise InputProblem("empty file")
    if size > max_bytes:
        raise InputProblem(size_message(size, max_bytes))
    try:
        with path.open("rb") as fh:
            return fh.read(max_bytes + 1)  # the file may have grown since stat
    except OSError as err:
        raise InputProblem(f"cannot read it ({err.strerror or err})") from None


def binary_reason(head: bytes) -> str | None:
    """Why ``head`` (the first few KiB of an input) looks binary, or None when it looks like text."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"binary file ({what}), not text"
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None  # UTF-16/32 text has NUL bytes but is text
    if b"\x00" in head:
        return "binary file (contains NUL bytes), not text"
    if head:
        controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
        if controls > _MAX_CONTROL_SHARE * len(head):
            return f"binary file ({controls / len(head):.0%} control bytes), not text"
    return None


def declared_label(head: bytes) -> str | None:
    """The label an HTML ``<meta charset>`` (or http-equiv) in ``head`` declares, as written."""
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "replace").strip()[:40] if match else None


def declared_charset(head: bytes) -> str | None:
    """The Python codec named by an HTML ``<meta charset>`` (or http-equiv) in ``head``, if known."""
    match = _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace").strip().lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None  # an unknown label: fall back to UTF-8 as if none was declared


def _utf8_error(data: bytes, err: UnicodeDecodeError, offset: int = 0) -> InputProblem:
    bad = data[err.start : err.start + 1].hex().upper() or "??"
    return InputProblem(
        f"not valid UTF-8 (byte 0x{bad} at byte {err.start + offset:,}); convert it to UTF-8, "
        "e.g. iconv -f windows-1252 -t utf-8"
    )


def decode_bytes(data: bytes, *, charset: str | None = None) -> str:
    """Decode an input's bytes exactly (no newline translation), raising :class:`InputProblem`.

    A BOM decides the encoding (and stays in the text as U+FEFF); otherwise ``charset`` (a
    declared HTML charset) is honoured, and without one the data must be valid UTF-8.
    """
    if not data:
        raise InputProblem("empty file")
    reason = binary_reason(data[:8192])
    if reason:
        raise InputProblem(reason)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = "\ufeff" + data[len(bom) :].decode(codec)
            except UnicodeDecodeError as err:
                if codec == "utf-8":
                    raise _utf8_error(data[len(bom) :], err, len(bom)) from None
                raise InputProblem(f"not valid {codec.upper()} text despite its byte-order mark") from None
            return check_text(text)
    if charset and charset not in ("utf-8", "utf_8"):
        try:
            text = data.decode(charset)
        except UnicodeDecodeError:
            # windows-1252 leaves five bytes undefined; a browser shows them as control
            # characters, so replacing them (one character per byte) keeps the offsets sensible
            text = data.decode(charset, errors="replace")
        return check_text(text)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _utf8_error(data, err) from None
    return check_text(text)


def check_text(text: str, what: str = "file") -> str:
    """Reject decoded text that is empty or binary; return it unchanged otherwise."""
    if not text.strip().lstrip("\ufeff").strip():
        raise InputProblem(f"empty {what} (only whitespace)" if text else f"empty {what}")
    if "\x00" in text:
        raise InputProblem("binary content (contains NUL characters), not text")
    sample = text[:65536]
    controls = len(_CONTROL_CHARS.findall(sample))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise InputProblem(f"binary content ({controls / len(sample):.0%} control characters), not text")
    return text
