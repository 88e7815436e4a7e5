"""Whether sources disagree about an event: the values of a property that cannot all be true
(PT90M and PT1H30M agree, "--03-18" and "2025-03-18" agree), and conflicting event classes."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from eventgraph.viz.style import CHECKED, EVENT_CLASSES

_DURATION = re.compile(
    r"^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


def _norm(prop: str, value: str) -> Any:
    """A comparable key for an attribute value (PT90M == PT1H30M, 175 == 0175)."""
    v = value.strip()
    if prop == "duration":
        m = _DURATION.match(v)
        if m:
            y, mo, w, d, h, mi, s = (float(x) if x else 0.0 for x in m.groups())
            return (y * 12 + mo, ((w * 7 + d) * 24 + h) * 3600 + mi * 60 + s)
    elif prop == "quantity":
        try:
            return int(v)
        except ValueError:
            pass
    return v


def compatible(prop: str, a: str, b: str) -> bool:
    """Whether two values of ``prop`` can both be true (the same value, written differently)."""
    if _norm(prop, a) == _norm(prop, b):
        return True
    if prop == "date":  # "--03-18" (year unknown) agrees with "2025-03-18"
        ma, mb = month_day(a), month_day(b)
        if ma and ma == mb and (a.startswith("--") or b.startswith("--")):
            return True
    return False


_SPECIFIC_EVENT_CLASSES = frozenset(EVENT_CLASSES) - {"Event"}

#: what :func:`event_conflicts` returns: property -> [(value, sources stating it)], for the
#: properties that sources disagree on ("class" for the event's class)
Conflicts = dict[str, list[tuple[str, list[str]]]]


def event_conflicts(
    values: Mapping[str, Mapping[str, Iterable[str]]], classes: Mapping[str, Iterable[str]]
) -> Conflicts:
    """What the sources of one event disagree on.

    ``values``: property -> value (lexical form, or IRI for ``place``) -> sources stating it, for
    the properties in :data:`~eventgraph.viz.style.CHECKED`; ``classes``: source -> the event
    classes it states. A property conflicts when two of its values are not :func:`compatible`;
    the class, when sources state different specific classes.
    """
    out: Conflicts = {}
    for prop in CHECKED:
        vals = values.get(prop, {})
        if len(vals) < 2:
            continue
        keys = sorted(vals)
        if any(not compatible(prop, a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]):
            out[prop] = sorted(((v, sorted(s)) for v, s in vals.items()), key=lambda x: (x[1], x[0]))
    by_class: dict[str, set[str]] = defaultdict(set)  # specific event class -> sources stating it
    for s, cs in classes.items():
        for c in cs:
            if c in _SPECIFIC_EVENT_CLASSES:
                by_class[c].add(s)
    if len(by_class) > 1:
        out["class"] = sorted(((c, sorted(s)) for c, s in by_class.items()), key=lambda x: (x[1], x[0]))
    return out


def month_day(value: str) -> tuple[int, int] | None:
    """(month, day) of a date, with or without its year ("--03-18", "2025-03-18")."""
    m = re.match(r"^(?:-?\d{4,}|-)-(\d{2})-(\d{2})", value.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None
