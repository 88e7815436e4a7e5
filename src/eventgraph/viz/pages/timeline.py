"""The timeline page: events by date with their class, actors, sources and evidence."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from eventgraph.viz.model import Event, GraphModel, local_name
from eventgraph.viz.pages.base import Built, Context, Page
from eventgraph.viz.render import STORY_FILTER, asset, escape, json_for_script, render_page, story_options
from eventgraph.viz.style import ATTRIBUTES, event_colours
from eventgraph.viz.tooltips import clip, event_rows, evidence, fmt_values, human, short_id, value_text


def month_day(value: str) -> tuple[int, int] | None:
    """(month, day) of a date, with or without its year ("--03-18", "2025-03-18")."""
    m = re.match(r"^(?:-?\d{4,}|-)-(\d{2})-(\d{2})", value.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


def _date_key(model: GraphModel, ev: Event) -> tuple[Any, ...]:
    dates = sorted(ev.attrs.get("date", {}))
    full = [d for d in dates if re.match(r"^-?\d{4,}-\d{2}-\d{2}", d)]
    if full:
        y, mth, d = (int(x) for x in re.match(r"^(-?\d{4,})-(\d{2})-(\d{2})", full[0]).groups())  # type: ignore[union-attr]
        return (0, y, mth, d)
    md = next((x for x in map(month_day, dates) if x), None)
    if md:  # a year-less date: take the year from the articles' publication dates, when known
        years = sorted(
            int(s.issued[:4])
            for sid in ev.sources
            if (s := model.sources.get(sid)) and s.issued and re.match(r"^\d{4}", s.issued)
        )
        return (0, years[0] if years else 0, *md)
    return (1, 0, 0, 0)


def _mark(parts: list[str]) -> str:
    _, before, mark, after = parts
    return f"{escape(before)}<mark>{escape(mark)}</mark>{escape(after)}"


#: rows of the timeline at most: a row is most of a kilobyte and a large build has 100,000 events
TIMELINE_MAX_EVENTS = 3000


def timeline_events(model: GraphModel, max_events: int) -> tuple[list[Event], str]:
    """The events the timeline lists, by date, and a note on those it leaves out."""
    events = list(model.events.values())
    note = ""
    if len(events) > max_events:
        events = sorted(events, key=lambda e: (not e.conflicts, -len(e.sources), e.iri))[:max_events]
        note = (
            f"Showing {max_events:,} of {len(model.events):,} events: the events that sources disagree "
            "on first, then the most reported."
        )
    keys = {ev.iri: _date_key(model, ev) for ev in events}
    return sorted(events, key=lambda e: (*keys[e.iri], e.label, e.iri)), note


def timeline_page(
    page: Page,
    model: GraphModel,
    events: list[Event],
    note: str,
    nav_html: str,
    counts: Mapping[str, Any] | None = None,
) -> str:
    """The timeline of ``events``; ``counts`` (:mod:`eventgraph.counts`) says of how many."""
    rows = []
    undated_started = False
    for ev in events:
        key = _date_key(model, ev)
        if key[0] == 1 and not undated_started:
            undated_started = True
            rows.append('<div class="eg-tl-sep">Undated</div>')
        dates = ev.attrs.get("date", {})
        if "date" in ev.conflicts:
            date_html = f'<span class="eg-conf">{escape(fmt_values(sorted(dates.items()), " vs "))}</span>'
        else:
            date_html = " = ".join(escape(d) for d in sorted(dates)) or "—"
            if key[0] == 0 and all(d.startswith("--") for d in dates) and key[1]:
                date_html += f' <small title="year from the article date">({key[1]})</small>'
        roles = []
        for role in ("agent", "recipient", "target", "participant"):
            names = ev.actors(role)
            if role == "participant":
                specific = set(ev.actors("agent", "recipient", "target"))
                names = [a for a in names if a not in specific]
            if names:
                roles.append(f"<b>{escape(role)}</b>: " + "; ".join(escape(model.label(a)) for a in names))
        rows_, _ = event_rows(model, ev)
        attrs = [f"{escape(k)}: {escape(v)}" for k, v in rows_ if k in ATTRIBUTES and k != "date"]
        attrs += [
            '<span class="eg-conf">'
            + escape(p)
            + ": "
            + escape(fmt_values(((value_text(model, p, v), s) for v, s in vals), " vs "))
            + "</span>"
            for p, vals in sorted(ev.conflicts.items())
            if p != "date"
        ]
        listed = [sid for sid in sorted(ev.sources) if sid in model.sources]
        srcs = "<br>".join(
            f'<span class="eg-src" title="{escape(sid)}">{escape(short_id(sid))}</span> '
            + escape(clip(model.sources[sid].title or "", 60))
            for sid in listed[:6]
        ) + (f"<br>… and {len(listed) - 6:,} more" if len(listed) > 6 else "")
        ev_list, _ = evidence(ev.mentions)
        evidence_html = "".join(f'<p class="eg-ev">{_mark(p)}</p>' for p in ev_list[:2])
        colour = event_colours().get(ev.cls, event_colours()["Event"])
        in_stories = " ".join(sorted(local_name(st) for st in model.stories_of(ev.sources)))
        rows.append(
            f'<div class="eg-tl-row{" eg-dis" if ev.conflicts else ""}" '
            f'data-src="{escape(" ".join(sorted(ev.sources)))}" data-story="{escape(in_stories)}">'
            f'<div class="eg-date">{date_html}</div>'
            f'<div class="eg-class"><span class="eg-sw" style="background:{escape(colour)}"></span>'
            f"{escape(human(ev.cls))}</div>"
            f"<div><b>{escape(ev.label)}</b>{''.join('<br>' + a for a in attrs)}</div>"
            f"<div>{'<br>'.join(roles)}</div><div>{srcs}</div><div>{evidence_html}</div></div>"
        )
    # the filter offers the articles that report a listed event, not every article of the build
    listed_sources = sorted({s for ev in events for s in ev.sources} & model.sources.keys())
    options = "".join(
        f'<option value="{escape(s)}">{escape(short_id(s))} — '
        f"{escape(clip(model.sources[s].title or '', 60))}</option>"
        for s in listed_sources
    )
    stories = story_options(model, model.stories_of(listed_sources))
    story_filter = (
        STORY_FILTER + f'<script type="application/json" id="eg-stories">{json_for_script(stories)}</script> '
        if len(stories) > 1
        else ""
    )
    body = (
        f"<h1>{escape(page.title)}</h1>"
        f'<p class="eg-counts">{_of(len(events), counts, "events")} events from '
        f"{_of(len(listed_sources), counts, 'sources')} articles that report events, by date "
        "(a date without a year takes the year of its articles; undated last).</p>"
        + (f'<p class="eg-note" id="eg-note">{escape(note)}</p>' if note else "")
        + '<p class="eg-controls">'
        + story_filter
        + '<label class="eg-field">Source <select id="eg-tl-source">'
        f'<option value="">All sources</option>{options}</select></label> '
        '<label class="eg-field">Filter <input id="eg-tl-q" type="search" placeholder="word in a row…">'
        "</label></p>"
        # rows are grid blocks with content-visibility:auto, so that a long timeline renders only
        # what is on screen (a <table> of thousands of rows takes seconds to lay out)
        '<div class="eg-tl" id="eg-timeline" role="table">'
        '<div class="eg-tl-head" role="row"><div>Date</div><div>Class</div><div>Event</div>'
        "<div>Actors</div><div>Sources</div><div>Evidence</div></div>" + "".join(rows) + "</div>"
    )
    return render_page(page.title, body, nav_html, asset("story.js") + asset("timeline.js"))


def _of(n: int, counts: Mapping[str, Any] | None, key: str) -> str:
    """ "n" or, when the page lists fewer than the build has, "n of N"."""
    total = (counts or {}).get(key, n)
    return f"{n:,}" if n == total else f"{n:,} of {total:,}"


def build(page: Page, ctx: Context) -> Built:
    events, note = timeline_events(ctx.model, ctx.max_timeline_events)
    entry = (
        f'<li><a href="{page.filename}">{escape(page.title)}</a>: '
        "events by date, with their class, actors and sources"
        + (f" <small>({escape(note)})</small>" if note else "")
        + ".</li>"
    )
    html = timeline_page(page, ctx.model, events, note, ctx.nav(page.name), ctx.stats.get("counts"))
    return Built(html, entry)
