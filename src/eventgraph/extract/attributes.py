"""Attribute values from text: counts, durations and dates, as typed-literal strings.

Pure functions over strings (and a small date anchor), so they are easy to test and reuse:
``parse_quantity("175-for-175") == 175``, ``parse_duration("an hour and a half") == "PT1H30M"``,
``DateResolver`` turns "Tuesday (March 18)" and a later "Wednesday" into ``--03-18``/``--03-19``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from eventgraph.extract.lexicon import lexicon

__all__ = ["DateResolver", "parse_duration", "parse_number", "parse_quantity"]

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_WEEKDAYS = {
    d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
}


def parse_number(text: str) -> int | None:
    """'175', '1,200', 'two', 'twenty-three', '3 million', 'a dozen' -> int; None if not a number."""
    lex = lexicon()
    words = re.findall(r"[\d][\d,.]*|[a-z]+", text.lower().replace("-", " "))
    if not words:
        return None
    total, current, seen = 0, 0, False
    for w in words:
        if w[0].isdigit():
            try:
                value = float(w.replace(",", "")) if "." in w else int(w.replace(",", ""))
            except ValueError:
                return None
            current += value  # type: ignore[assignment]
            seen = True
        elif w in lex.number_units:
            current += lex.number_units[w]
            seen = True
        elif w in lex.number_scales and seen:
            scale = lex.number_scales[w]
            current = (current or 1) * scale
            if scale >= 1000:
                total, current = total + current, 0
        elif w == "and" and seen:
            continue
        else:
            return None
    value = total + current
    return int(value) if seen and value == int(value) else None


_QTY = re.compile(r"\b(\d[\d,]*)\s*-?\s*for\s*-?\s*(\d[\d,]*)\b")


def parse_quantity(text: str) -> int | None:
    """A count in a phrase: '175-for-175' -> 175, '23 badly wounded soldiers' -> 23."""
    m = _QTY.search(text)
    if m and m.group(1) == m.group(2):
        return int(m.group(1).replace(",", ""))
    return parse_number(text)


_NUM_WORD = (
    r"(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|forty|forty-five|fifty|sixty|ninety|several|a few)"
)
_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
_DURATION = re.compile(
    rf"\b(?P<half1>half\s+an?\s+(?P<hunit1>hour|day|year))\b"
    rf"|\b(?P<num>{_NUM_WORD})(?:\s*-\s*|\s+)(?P<unit>{_UNIT})"
    rf"(?P<half2>\s+and\s+a\s+half)?(?:\s*-\s*long|\s+long)?\b",
    re.IGNORECASE,
)
_FOR_DURATION = re.compile(
    r"\b(?:for|lasting|lasted|last|over|within)\s+"
    r"(?:the\s+next\s+|another\s+|about\s+|some\s+|nearly\s+|almost\s+|around\s+)?(?:half\s+)?" + _NUM_WORD,
    re.I,
)


def _iso(amount: float, unit_word: str) -> str:
    lex = lexicon()
    unit = (
        unit_word.lower().rstrip("s")
        if unit_word.lower() not in ("hrs", "mins", "secs")
        else unit_word.lower()[:-1]
    )
    unit = {"hr": "hour", "min": "minute", "sec": "second"}.get(unit, unit)
    designator = lex.duration_units[unit]
    timed = unit in lex.time_units
    if amount != int(amount):  # 1.5 hours -> PT1H30M; 2.5 days -> P2DT12H
        whole = int(amount)
        frac = amount - whole
        if unit == "hour":
            return f"PT{whole}H{round(frac * 60)}M" if whole else f"PT{round(frac * 60)}M"
        if unit == "day":
            return f"P{whole}DT{round(frac * 24)}H" if whole else f"PT{round(frac * 24)}H"
        if unit == "minute":
            return f"PT{whole}M{round(frac * 60)}S"
        if unit == "year":
            return f"P{whole}Y{round(frac * 12)}M"
        return f"P{whole}{designator}"
    n = int(amount)
    return f"PT{n}{designator}" if timed else f"P{n}{designator}"


def parse_duration(text: str, *, require_context: bool = False) -> str | None:
    """The first duration in ``text`` as ISO 8601: 'two-hour-long' -> PT2H, 'an hour and a half'
    -> PT1H30M, 'for 30 days' -> P30D, '30-day ceasefire' -> P30D.

    With ``require_context`` a bare count ("30 days ago") is not enough: the phrase must read as a
    length ("for 30 days", "30-day", "two-hour-long", "lasted an hour").
    """
    for m in _DURATION.finditer(text):
        if m.group("half1"):
            amount, unit = 0.5, m.group("hunit1")
        else:
            num = m.group("num").lower()
            if num in ("several", "a few"):
                continue
            if num in ("a", "an"):
                amount = 1.0
            else:
                parsed = float(num) if num[0].isdigit() else parse_number(num)
                if parsed is None:
                    continue
                amount = float(parsed)
            unit = m.group("unit")
            if m.group("half2"):
                amount += 0.5
        if require_context:
            before = text[max(0, m.start() - 30) : m.start()]
            phrase = m.group(0)
            after = text[m.end() : m.end() + 6]
            hyphenated = "-" in phrase or phrase.lower().endswith("long")
            introduced = _FOR_DURATION.search(before + phrase) is not None
            if not (hyphenated or introduced) or after.lstrip().lower().startswith(
                ("ago", "later", "earlier")
            ):
                continue
        return _iso(amount, unit)
    return None


@dataclass(frozen=True, slots=True)
class PartialDate:
    month: int
    day: int
    year: int | None = None
    weekday: int | None = None

    def iso(self) -> str:
        return (
            f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
            if self.year
            else f"--{self.month:02d}-{self.day:02d}"
        )


_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?(?:,?\s+(\d{4}))?\b")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_RELATIVE = re.compile(r"\b(today|yesterday|tomorrow)\b", re.I)


class DateResolver:
    """Resolves date expressions of one article against each other and its publication date.

    Explicit dates ("March 18", "18 March 2025") become anchors; a weekday ("Wednesday") is
    placed within three days of the latest anchor (or of the publication date). The year comes
    from the text or, failing that, from the publication date; without either the result is an
    ``xsd:gMonthDay`` (``--03-18``).
    """

    def __init__(self, published: str | None = None) -> None:
        self.published: dt.date | None = None
        if published:
            try:
                self.published = dt.date.fromisoformat(published[:10])
            except ValueError:
                self.published = None
        self.anchor: PartialDate | None = None

    def _year_for(self, month: int, day: int) -> int | None:
        if not self.published:
            return None
        year = self.published.year
        # a date months after publication is last year's ("in December", read in January)
        if month - self.published.month > 2:
            year -= 1
        return year

    def resolve(self, text: str) -> str | None:
        """The date a DATE expression denotes, as ``YYYY-MM-DD`` or ``--MM-DD``; None if vague."""
        low = text.lower()
        weekday_m = _WEEKDAY.search(low)
        weekday = _WEEKDAYS[weekday_m.group(1)] if weekday_m else None
        iso = _ISO_DATE.search(text)
        if iso:
            try:
                d = dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            except ValueError:
                return None
            self.anchor = PartialDate(d.month, d.day, d.year, d.weekday())
            return self.anchor.iso()
        for rx, day_first in ((_DAY_MONTH, True), (_MONTH_DAY, False)):
            for m in rx.finditer(text):
                day_s, month_s = (m.group(1), m.group(2)) if day_first else (m.group(2), m.group(1))
                month = _MONTHS.get(month_s.lower())
                if not month:
                    continue
                day = int(day_s)
                if not 1 <= day <= 31:
                    continue
                year = int(m.group(3)) if m.group(3) else self._year_for(month, day)
                if year:
                    try:
                        weekday = dt.date(year, month, day).weekday()
                    except ValueError:
                        continue
                self.anchor = PartialDate(month, day, year, weekday)
                return self.anchor.iso()
        rel = _RELATIVE.search(low)
        if rel and self.published:
            delta = {"today": 0, "yesterday": -1, "tomorrow": 1}[rel.group(1).lower()]
            d = self.published + dt.timedelta(days=delta)
            return d.isoformat()
        if weekday is not None:
            return self._weekday(weekday)
        return None

    def _weekday(self, weekday: int) -> str | None:
        anchor = self.anchor
        if anchor and anchor.year:
            base = dt.date(anchor.year, anchor.month, anchor.day)
        elif anchor and anchor.weekday is not None:
            # the year is unknown but the anchor's weekday was stated ("Tuesday (March 18)")
            delta = _nearest(anchor.weekday, weekday)
            try:
                d = dt.date(2000, anchor.month, anchor.day) + dt.timedelta(days=delta)  # 2000: a leap year
            except ValueError:
                return None
            return f"--{d.month:02d}-{d.day:02d}"
        elif self.published:
            base = self.published
        else:
            return None
        d = base + dt.timedelta(days=_nearest(base.weekday(), weekday))
        return d.isoformat()


def _nearest(from_weekday: int, to_weekday: int) -> int:
    """Days from one weekday to the nearest occurrence of another, in -3..+3."""
    delta = (to_weekday - from_weekday) % 7
    return delta - 7 if delta > 3 else delta
