"""The text of tooltips and rows: short labels, evidence sentences with the mention marked, source
lists and disagreements, each capped so that a hub's tooltip stays small."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from eventgraph.viz.model import Actor, Event, GraphModel, Mention, Source
from eventgraph.viz.style import ATTRIBUTES, EVENT_LINKS, ROLE_LABELS
from eventgraph.vocab import WD

MAX_EVIDENCE = 3


def short_id(sid: str) -> str:
    return sid if len(sid) <= 14 else sid[:8] + "…"


def short_label(label: str, n: int = 60) -> str:
    """An event's label for the canvas: the part before its first ': ' (the full one is in the
    tooltip), "Statement by Vladimir Putin to Donald Trump: to Trump for his efforts…" → "Statement by
    Vladimir Putin to Donald Trump"."""
    head, sep, _ = label.partition(": ")
    return clip(head if sep and len(head) >= 8 else label, n)


def clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


#: characters of evidence kept on each side of the mention: a "sentence" of a real article can be
#: a whole table or a run-on paragraph, and every tooltip carries up to MAX_EVIDENCE of them
EVIDENCE_CONTEXT = 240


def _split_evidence(m: Mention) -> list[str]:
    """[source, before, mention, after]: the evidence sentence with the mention to highlight."""
    # line/paragraph separators (U+2028/9) render as nothing in HTML: show them as spaces
    ev = (m.evidence or "").replace("\u2028", " ").replace("\u2029", " ")
    anchor = _clip_end(m.anchor or "", EVIDENCE_CONTEXT)
    i = ev.find(anchor) if anchor else -1
    if i < 0:
        return [m.source, _clip_end(ev, 2 * EVIDENCE_CONTEXT) + (" — " if ev and anchor else ""), anchor, ""]
    before, after = ev[:i], ev[i + len(anchor) :]
    if len(before) > EVIDENCE_CONTEXT:
        before = "…" + before[-(EVIDENCE_CONTEXT - 1) :]
    return [m.source, before, anchor, _clip_end(after, EVIDENCE_CONTEXT)]


def _clip_end(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def evidence(mentions: Iterable[Mention], only: set[str] | None = None) -> tuple[list[list[str]], int]:
    """The first MAX_EVIDENCE distinct evidence sentences, split for display, and how many more
    there are (the link between two hubs has thousands: only the ones shown are split)."""
    seen: set[tuple[str, str, str]] = set()
    out: list[list[str]] = []
    for m in mentions:
        if only is not None and m.source not in only:
            continue
        key = (m.source, m.evidence or "", m.anchor)
        if key in seen:
            continue
        seen.add(key)
        if len(out) < MAX_EVIDENCE:
            out.append(_split_evidence(m))
    return out, len(seen) - len(out)


#: article ids written out in one line of a tooltip or a timeline row (the rest are counted)
MAX_LISTED_SOURCES = 6


def fmt_sources(srcs: Iterable[str], limit: int = MAX_LISTED_SOURCES) -> str:
    ordered = sorted(srcs)
    text = ", ".join(short_id(s) for s in ordered[:limit])
    return text + (f" +{len(ordered) - limit:,} more" if len(ordered) > limit else "")


#: values of one disagreement spelt out (an event merged from hundreds of articles can have dozens
#: of dates)
MAX_CONFLICT_VALUES = 4


def _most_stated(
    vals: Iterable[tuple[str, Iterable[str]]], limit: int
) -> tuple[list[tuple[str, list[str]]], int]:
    """The ``limit`` values that the most sources state (ties in the given order), each with its
    sorted sources, and how many other values there are."""
    ordered = sorted(((v, sorted(s)) for v, s in vals), key=lambda vs: -len(vs[1]))
    return ordered[:limit], max(0, len(ordered) - limit)


def conf_entry(
    model: GraphModel, prop: str, vals: Iterable[tuple[str, Iterable[str]]], title: str | None = None
) -> list[Any]:
    """A disagreement for a tooltip: [title (the property), [[value, [first sources], number of
    sources]], number of values]."""
    listed, others = _most_stated(vals, MAX_CONFLICT_VALUES)
    out = [[value_text(model, prop, v), s[:MAX_LISTED_SOURCES], len(s)] for v, s in listed]
    return [title or prop, out, len(listed) + others]


def fmt_values(vals: Iterable[tuple[str, Iterable[str]]], sep: str) -> str:
    """Values of a disagreement as one line of text: "a (sources) vs b (sources) vs 3 other values"."""
    listed, others = _most_stated(vals, MAX_CONFLICT_VALUES)
    parts = [f"{v} ({fmt_sources(s)})" for v, s in listed]
    return sep.join(parts + ([plural(others, "other value")] if others else []))


def value_text(model: GraphModel, prop: str, value: str) -> str:
    """A value as a reader expects it: a place by its label, "PT1H30M" as "1 h 30 min"."""
    from eventgraph.humanize import value as human_value

    return model.label(value) if prop in EVENT_LINKS else human_value(prop, value)


#: names per role, and values per attribute, written out in an event's tooltip: an event that
#: hundreds of articles report has about as many wordings of its topic
MAX_LISTED_NAMES = 12
MAX_LISTED_VALUES = 3


def event_rows(model: GraphModel, ev: Event) -> tuple[list[list[str]], list[list[Any]]]:
    rows: list[list[str]] = []
    for role in ("agent", "recipient", "target", "participant", "place", "attributedTo"):
        names = [model.label(a) for a in ev.actors(role)]
        if role == "participant":
            specific = set(ev.actors("agent", "recipient", "target"))
            names = [model.label(a) for a in ev.actors(role) if a not in specific]
        if names and not (role == "place" and "place" in ev.conflicts):
            listed = "; ".join(names[:MAX_LISTED_NAMES])
            if len(names) > MAX_LISTED_NAMES:
                listed += f" +{len(names) - MAX_LISTED_NAMES:,} more"
            rows.append([ROLE_LABELS.get(role, role), listed])
    for prop in ATTRIBUTES:
        vals = ev.attrs.get(prop, {})
        if not vals or prop in ev.conflicts:
            continue
        # the values most sources state first
        ordered = sorted(vals.items(), key=lambda vs: (-len(vs[1]), vs[0]))
        text = " / ".join(
            f"{clip(value_text(model, prop, v), 240)} ({fmt_sources(s)})"
            for v, s in ordered[:MAX_LISTED_VALUES]
        )
        if len(ordered) > MAX_LISTED_VALUES:
            text += f" / … {len(ordered) - MAX_LISTED_VALUES:,} more"
        rows.append([prop, text])
    conf = [conf_entry(model, prop, vals) for prop, vals in sorted(ev.conflicts.items())]
    return rows, conf


def tip_event(model: GraphModel, ev: Event) -> dict[str, Any]:
    rows, conf = event_rows(model, ev)
    ev_list, more = evidence(ev.mentions)
    return {
        "h": ev.label,
        "c": " · ".join(
            [*(human(c) for c in ev.subclasses), human(ev.cls), "event", plural(len(ev.sources), "source")]
        ),
        "rows": rows,
        "conf": conf,
        "src": sorted(ev.sources),
        "ev": ev_list,
        "more": more,
    }


def tip_actor(model: GraphModel, a: Actor, n_events: int = 0, n_agent: int = 0) -> dict[str, Any]:
    rows = []
    if a.alt_labels:
        rows.append(["also", "; ".join(a.alt_labels[:8]) + (" …" if len(a.alt_labels) > 8 else "")])
    if a.same_as:
        rows.append(["same as", " ".join(s.replace(str(WD), "wd:") for s in a.same_as[:4])])
    if n_events:
        rows.append(["events", f"takes part in {n_events}, as agent in {n_agent}"])
    classes = sorted({c for cs in a.classes.values() for c in cs})
    if len(classes) > 1:
        rows.append(["classes", ", ".join(human(c) for c in classes)])
    ev_list, more = evidence(a.mentions)
    return {
        "h": a.label,
        "c": " · ".join([*(human(c) for c in a.subclasses), human(a.cls), a.kind]),
        "rows": rows,
        "conf": [],
        "src": sorted(a.sources),
        "ev": ev_list,
        "more": more,
    }


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 story", "2 stories": ``many`` is the plural where it is not ``word`` + "s"."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def human(cls: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", cls).capitalize()


def tip_source(model: GraphModel, s: Source, n: int) -> dict[str, Any]:
    rows = [["id", s.id]]
    for key in ("title", "publisher", "issued", "url"):
        val = getattr(s, key)
        if val:
            rows.append([key, val])
    rows.append(["events", str(n)])
    return {
        "h": s.title or s.id,
        "c": "article (source)",
        "rows": rows,
        "conf": [],
        "src": [s.id],
        "ev": [],
        "more": 0,
    }
