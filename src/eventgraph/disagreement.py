"""What counts as a disagreement between sources: the one definition that the build report, the
views and the ready query ``disagreements`` share.

Two articles disagree about an event when both state one of its compared properties and their
values cannot both be true: a different duration, quantity, date or place, or agents with none in
common. A date without a year ("--03-18") agrees with any full date of that day; a source that
names one more agent than another does not contradict it, and an actor agrees with the state it is
affiliated with (``eg:affiliation``: "Vladimir Putin" and "Russia"; two officials of one state are
still two agents). A topic is each article's own wording,
and so is the class it gives the act (a statement in one outlet is a warning in another): neither
is a disagreement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = ["ATTRIBUTES", "COMPARED", "ROLES", "compatible", "disagreements"]

#: single-valued attributes (one value per article graph): different values disagree
ATTRIBUTES = ("duration", "quantity", "date", "place")
#: roles that may hold several actors per graph: two sources disagree when they share none
ROLES = ("agent",)
COMPARED = (*ATTRIBUTES, *ROLES)

_DURATION = re.compile(
    r"^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
_MONTH_DAY = re.compile(r"(?:^--|^-?\d{4,}-)(\d{2})-(\d{2})")


def _key(prop: str, value: str) -> object:
    """A comparable key for a value (PT90M == PT1H30M, 175 == 0175)."""
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
    """Whether two sources' values of ``prop`` can both be true."""
    if _key(prop, a) == _key(prop, b):
        return True
    if prop == "date" and (a.startswith("--") or b.startswith("--")):
        ma, mb = _MONTH_DAY.match(a), _MONTH_DAY.match(b)
        return bool(ma and mb and ma.groups() == mb.groups())
    return False


def _share(a: set[str], b: set[str], sides: Mapping[str, Iterable[str]]) -> bool:
    """Whether two sources' actors in a role have one in common, an actor and its state agreeing."""
    return bool(a & b) or any(y in sides.get(x, ()) or x in sides.get(y, ()) for x in a for y in b)


def disagreements(
    values: Mapping[str, Mapping[str, Iterable[str]]],
    affiliation: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, list[tuple[str, list[str]]]]:
    """The compared properties on which an event's sources disagree.

    ``values`` maps a property to each value and the sources that state it; ``affiliation`` maps
    an actor to the states it is affiliated with. The result keeps, for each property in
    disagreement, every value with its sources (sorted by sources, then value).
    """
    sides = affiliation or {}
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for prop in COMPARED:
        stated = {v: sorted(set(s)) for v, s in values.get(prop, {}).items()}
        if len(stated) < 2:
            continue
        if prop in ROLES:
            by_source: dict[str, set[str]] = {}
            for v, sources in stated.items():
                for s in sources:
                    by_source.setdefault(s, set()).add(v)
            sets = list(by_source.values())
            split = any(not _share(a, b, sides) for i, a in enumerate(sets) for b in sets[i + 1 :])
        else:
            keys = sorted(stated)
            split = any(not compatible(prop, a, b) for i, a in enumerate(keys) for b in keys[i + 1 :])
        if split:
            out[prop] = sorted(stated.items(), key=lambda x: (x[1], x[0]))
    return out
