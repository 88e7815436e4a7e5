"""Values as a reader expects them: ``PT1H30M`` → "1 h 30 min", ``--03-18`` → "18 March",
``2025-03-18`` → "18 March 2025", 1200 → "1,200". The graph keeps the ISO forms; the views and
the report show these."""

from __future__ import annotations

import re

__all__ = ["date", "duration", "value"]

_DURATION = re.compile(
    r"^P(?:(?P<Y>\d+(?:\.\d+)?)Y)?(?:(?P<Mo>\d+(?:\.\d+)?)M)?(?:(?P<W>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<D>\d+(?:\.\d+)?)D)?(?:T(?:(?P<H>\d+(?:\.\d+)?)H)?(?:(?P<Mi>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<S>\d+(?:\.\d+)?)S)?)?$"
)
_UNITS = (
    ("Y", "year", "years"),
    ("Mo", "month", "months"),
    ("W", "week", "weeks"),
    ("D", "day", "days"),
    ("H", "h", "h"),
    ("Mi", "min", "min"),
    ("S", "s", "s"),
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DATE = re.compile(r"^(?:(?P<y>-?\d{4,})|-)-(?P<m>\d{2})-(?P<d>\d{2})$")


def _number(text: str) -> str:
    n = float(text)
    return f"{int(n):,}" if n.is_integer() else f"{n:g}"


def duration(iso: str) -> str:
    """An ISO 8601 duration in words ("PT1H30M" → "1 h 30 min", "P30D" → "30 days"); anything
    else as given."""
    m = _DURATION.match(iso.strip())
    if not m or not any(m.groupdict().values()) or iso.strip().endswith("T"):
        return iso
    parts = []
    for key, one, many in _UNITS:
        got = m.group(key)
        if got is not None:
            parts.append(f"{_number(got)} {one if float(got) == 1 else many}")
    return " ".join(parts)


def date(iso: str) -> str:
    """An ISO date or a month-day in words ("2025-03-18" → "18 March 2025", "--03-18" → "18 March")."""
    m = _DATE.match(iso.strip())
    if not m or not 1 <= int(m.group("m")) <= 12:
        return iso
    day = f"{int(m.group('d'))} {_MONTHS[int(m.group('m')) - 1]}"
    return f"{day} {m.group('y')}" if m.group("y") else day


def value(prop: str, v: str) -> str:
    """The value of an event's attribute ``prop`` as a reader expects it."""
    if prop == "duration":
        return duration(v)
    if prop == "date":
        return date(v)
    if prop == "quantity":
        try:
            return f"{int(v):,}"
        except ValueError:
            return v
    return v
