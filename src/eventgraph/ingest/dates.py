"""Normalise publication dates found in inputs to ISO 8601.

Only explicit, unambiguous formats are accepted: a wrong date is worse than none, because
later steps resolve "on Tuesday" against it. dateutil's fuzzy parser is deliberately not used:
it fills missing parts from today's date, which would make builds depend on the day they run.

Output forms (as in :attr:`eventgraph.types.Article.published`):

- ``YYYY-MM-DD`` for a date without a time;
- ``YYYY-MM-DDThh:mm:ss`` for a local time without a zone (Reuters' timestamps, say);
- ``YYYY-MM-DDThh:mm:ssZ`` for a time with a zone, converted to UTC so the instant is kept.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

__all__ = ["normalize_published"]

_MONTHS: dict[str, int] = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}

_ZONE = r"(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)"
_TIME = r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?"

# 2025-03-18, 2025-03-18T14:05, 2025-03-18 14:05:09.123+01:00, 2025/03/18, 20250318
_ISO = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-/]?)(?P<m>\d{2})(?P=sep)(?P<d>\d{2})"
    rf"(?:[T ]\s*{_TIME}\s*{_ZONE}?)?",
    re.I,
)
# Reuters-21578: 26-FEB-1987 15:01:01.79 (no zone)
_REUTERS = re.compile(r"(?P<d>\d{1,2})-(?P<mon>[A-Za-z]{3,9})-(?P<y>\d{4})(?:\s+" + _TIME + ")?")
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_CLOCK = r"(?:,?\s*(?:at\s+)?" + _TIME + r"\s*(?P<ampm>[ap]\.?m\.?)?\s*" + _ZONE + r"?)?"
# March 18, 2025 / Mar. 18th 2025 / Tuesday, March 18, 2025 10:30 AM GMT
_MONTH_FIRST = re.compile(
    _WEEKDAY + r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})" + _CLOCK,
    re.I,
)
# 18 March 2025 / Tue, 18th March, 2025 14:00
_DAY_FIRST = re.compile(
    _WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})" + _CLOCK,
    re.I,
)
# 18.03.2025 (day first, the European convention for dots) and 18/03/2025 or 03/18/2025 when
# only one reading is possible
_NUMERIC = re.compile(r"(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})")
_JUNK = re.compile(r"&#\d+;|[\x00-\x08\x0e-\x1f]")
# Tue, 18 Mar 2025 14:00:00 +0000 (RSS feeds, e-mail)
_RFC2822 = re.compile(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*\S*")


def _zone(tz: str | None) -> timezone | None:
    """The fixed offset that a zone designator stands for; None for a local time."""
    if not tz:
        return None
    tz = tz.upper()
    if tz in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(tz)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _format(y: int, m: int, d: int, match: re.Match[str] | None = None) -> str:
    """Build the ISO string, validating the calendar date and the clock time."""
    day = date(y, m, d)
    if match is None or match.group("h") is None:
        return day.isoformat()
    hour, minute = int(match.group("h")), int(match.group("mi"))
    second = int(match.group("s") or 0)
    ampm = (match.groupdict().get("ampm") or "").replace(".", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError("hour out of range for am/pm")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    stamp = datetime(y, m, d, hour, minute, second)
    zone = _zone(match.groupdict().get("tz"))
    if zone is None:
        return stamp.isoformat(timespec="seconds")
    utc = stamp.replace(tzinfo=zone).astimezone(UTC)
    return utc.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _try_rfc2822(value: str) -> str | None:
    if not _RFC2822.fullmatch(value):
        return None
    try:
        stamp = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if stamp.tzinfo is None:  # "-0000": the zone is unknown, so keep the local time
        return stamp.isoformat(timespec="seconds")
    utc = stamp.astimezone(UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="seconds") + "Z"


def normalize_published(value: str) -> str | None:
    """Return ``value`` as an ISO 8601 date or date-time, or None when it is not a clear date.

    Accepted: ISO 8601 (also with ``/`` or no separators, a space before the time, fractions
    and zones), RFC 2822 (``Tue, 18 Mar 2025 14:00:00 +0000``), Reuters
    (``26-FEB-1987 15:01:01.79``), ``March 18, 2025``, ``18 March 2025`` (with an optional
    weekday and time), ``18.03.2025``, and ``dd/mm/yyyy`` or ``mm/dd/yyyy`` only when one
    reading is impossible.

    >>> normalize_published("26-FEB-1987 15:01:01.79")
    '1987-02-26T15:01:01'
    >>> normalize_published("2025-03-18T14:00:00+02:00")
    '2025-03-18T12:00:00Z'
    >>> normalize_published("March 18, 2025")
    '2025-03-18'
    """
    if not isinstance(value, str):
        return None
    # converted SGML feeds leave codes after the date ("27-MAR-1987 00:02:59.13&#5;&#5;RM"):
    # what follows a character reference or a control character is not part of the date
    value = _JUNK.split(value, maxsplit=1)[0]
    text = " ".join(value.split()).strip(" ,;")
    if not text or len(text) > 80:
        return None
    try:
        if m := _ISO.fullmatch(text):
            return _format(int(m["y"]), int(m["m"]), int(m["d"]), m)
        if m := _REUTERS.fullmatch(text):
            return _format(int(m["y"]), _month(m["mon"]), int(m["d"]), m)
        if (rfc := _try_rfc2822(text)) is not None:
            return rfc
        if m := _MONTH_FIRST.fullmatch(text):
            return _format(int(m["y"]), _month(m["mon"]), int(m["d"]), m)
        if m := _DAY_FIRST.fullmatch(text):
            return _format(int(m["y"]), _month(m["mon"]), int(m["d"]), m)
        if m := _NUMERIC.fullmatch(text):
            a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
            if m["sep"] == "." or a > 12:
                return _format(y, b, a)
            if b > 12:
                return _format(y, a, b)
            return None  # 03/04/2025: April 3rd or March 4th? Refuse to guess.
    except (KeyError, ValueError, OverflowError):
        return None  # unknown month name, 31 February, 25 o'clock ...
    return None
