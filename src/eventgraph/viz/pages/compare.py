"""The comparison page ("who says what"): for each story (articles that report the same news), a
table whose rows are the events and whose columns are the articles, each cell that article's
version of the event (class, agents, date, duration, quantity, place, factuality), disagreements
highlighted, facts that only one article states marked, the evidence sentence on click.

A build without stories (a graph made before stories, or loaded from elsewhere) is compared per
cluster: a connected group of articles that share an event. The page holds the groups as JSON and
shows one at a time, its rows and columns paged (``compare.js``), so that it stays small and quick
however many articles the build has; the story chosen on another page opens first (``#story=``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from eventgraph.humanize import value as human_value
from eventgraph.viz.model import Event, GraphModel, local_name
from eventgraph.viz.pages.base import Built, Context, Page
from eventgraph.viz.render import asset, escape, json_for_script, render_page
from eventgraph.viz.tooltips import clip, human, plural

#: facts compared in a cell, in column order (a cell is one article's version of the event)
FACTS = ("class", "agent", "recipient", "date", "duration", "quantity", "place", "factuality")
#: at most this many cells on the page (the largest clusters first); the page says what it leaves out.
#: A cell is about 470 bytes of the page (all 19,043 Reuters stories: 30,000 cells made 14.2 MB),
#: so 18,000 keep it near 8.5 MB, under the 10 MB a page may weigh
MAX_CELLS = 18_000
#: cells per node of the graph views' cap (``max_nodes``): 1,500 nodes, 18,000 cells
CELLS_PER_NODE = 12
#: characters of evidence kept per cell
EVIDENCE_CHARS = 300


def clusters(model: GraphModel) -> list[tuple[list[str], list[Event]]]:
    """The groups of articles the page compares: the build's stories (:func:`story_groups`)
    when it has any, else the groups of articles that share events (:func:`event_clusters`)."""
    return story_groups(model) if model.stories else event_clusters(model)


def _ordered(groups: list[tuple[list[str], list[Event]]]) -> list[tuple[list[str], list[Event]]]:
    """Each group's events, disagreements first, then the most reported; the groups with the most
    events that 2+ of their articles state first, then the largest."""
    out = []
    for srcs, evs in groups:
        members = set(srcs)
        shared = sum(1 for e in evs if len(e.sources & members) > 1)
        out.append(
            (shared, srcs, sorted(evs, key=lambda e: (not e.conflicts, -len(e.sources), e.label, e.iri)))
        )
    out.sort(key=lambda c: (-c[0], -len(c[1]), c[1][0]))
    return [(srcs, evs) for _, srcs, evs in out]


def story_groups(model: GraphModel) -> list[tuple[list[str], list[Event]]]:
    """Each story of two or more articles that report events, with the events they report."""
    events: dict[str, list[Event]] = defaultdict(list)
    for ev in model.events.values():
        for st in model.stories_of(ev.sources):
            events[st].append(ev)
    groups = []
    for iri, story in model.stories.items():
        srcs = [s for s in story.sources if s in model.sources]
        if len(srcs) >= 2 and events.get(iri):
            groups.append((srcs, events[iri]))
    return _ordered(groups)


def event_clusters(model: GraphModel) -> list[tuple[list[str], list[Event]]]:
    """Groups of articles linked by the events they share (an event two articles state puts them
    in one group), each with the events its articles report; groups of one article are left out.
    Largest first (by events stated by 2+ of its articles, then by articles)."""
    parent: dict[str, str] = {s: s for s in model.sources}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = x = parent[parent[x]]
        return x

    for ev in model.events.values():
        srcs = sorted(s for s in ev.sources if s in parent)
        for s in srcs[1:]:
            a, b = root(srcs[0]), root(s)
            if a != b:
                parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = defaultdict(list)
    for s in sorted(parent):
        members[root(s)].append(s)
    events: dict[str, list[Event]] = defaultdict(list)
    for ev in model.events.values():
        srcs = [s for s in ev.sources if s in parent]
        if srcs:
            events[root(srcs[0])].append(ev)
    return _ordered([(srcs, events[r]) for r, srcs in members.items() if len(srcs) >= 2])


def _cell(model: GraphModel, ev: Event, src: str) -> dict[str, Any]:
    """One article's version of an event: fact -> [shown value, only this article states it]."""
    cell: dict[str, Any] = {}
    multi = len(ev.sources) > 1
    classes = sorted(ev.classes.get(src, ()))
    if classes:
        cell["class"] = [", ".join(human(c) for c in classes), False]
    for role in ("agent", "recipient", "place"):
        named = sorted(
            (model.label(a), len(ss) == 1 and multi)
            for (r, a), ss in ev.roles.items()
            if r == role and src in ss
        )
        if named:
            cell[role] = [", ".join(n for n, _ in named), any(only for _, only in named)]
    for prop in ("date", "duration", "quantity", "factuality"):
        vals = sorted((v, ss) for v, ss in ev.attrs.get(prop, {}).items() if src in ss)
        if vals:
            shown = ", ".join(
                human_value(prop, local_name(v) if prop == "factuality" else v) for v, _ in vals
            )
            cell[prop] = [shown, any(len(ss) == 1 and multi for _, ss in vals)]
    evidence = next((m for m in ev.mentions if m.source == src and (m.evidence or m.anchor)), None)
    if evidence is not None:
        cell["ev"] = clip(evidence.evidence or evidence.anchor, EVIDENCE_CHARS)
        cell["anchor"] = evidence.anchor
    return cell


def compare_data(model: GraphModel, max_cells: int = MAX_CELLS) -> tuple[dict[str, Any], str]:
    """The page's JSON (clusters, their events and cells, the articles) and a note on what is left
    out: at most ``max_cells`` cells, the largest clusters first, and in each its events with a
    disagreement first, then the most reported."""
    out_clusters: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    cited: set[str] = set()
    used = left_events = left_clusters = 0
    for srcs, evs in clusters(model):
        in_cluster = set(srcs)
        rows, kept = [], []
        for ev in evs:
            cells = len(ev.sources & in_cluster)
            if used + cells > max_cells:
                left_events += 1
                continue
            used += cells
            kept.append(ev)
            rows.append(len(events))
            events.append(
                {
                    "label": clip(ev.label, 200),
                    "cls": human(ev.cls),
                    "n": len(ev.sources),
                    "dis": sorted(ev.conflicts),
                    "cells": {s: _cell(model, ev, s) for s in sorted(ev.sources) if s in in_cluster},
                }
            )
        if not kept:
            left_clusters += 1
            continue
        # the columns: the articles that state a kept event, those that state the most first
        stating = Counter(s for e in kept for s in e.sources & in_cluster)
        columns = sorted(stating, key=lambda s: (-stating[s], s))
        cited.update(columns)
        top = next((e for e in kept if len(e.sources) > 1), kept[0])
        story = model.stories.get(model.story_of.get(srcs[0], "")) if model.stories else None
        out_clusters.append(
            {
                "title": clip(story.label if story else top.label, 120),
                **({"story": local_name(story.iri)} if story else {}),
                "sources": columns,
                "articles": len(srcs),
                "rows": rows,
                "multi": sum(1 for e in kept if len(e.sources) > 1),
                "dis": sum(1 for e in kept if e.conflicts),
            }
        )
    sources = {
        s: {
            "title": clip(model.sources[s].title or "", 100),
            "publisher": model.sources[s].publisher or "",
            "issued": model.sources[s].issued or "",
        }
        for s in sorted(cited)
    }
    note = ""
    if left_events:
        note = (
            f"{plural(left_events, 'event')} left out"
            + (f" ({plural(left_clusters, 'whole cluster')})" if left_clusters else "")
            + f" to keep the page small ({max_cells:,} cells at most): the events that sources "
            "disagree on and the most reported come first."
        )
    return {"facts": list(FACTS), "clusters": out_clusters, "events": events, "sources": sources}, note


def compare_page(
    page: Page, model: GraphModel, counts: dict[str, Any], nav_html: str, max_cells: int = MAX_CELLS
) -> tuple[str, str]:
    data, note = compare_data(model, max_cells)
    n = len(data["clusters"])
    in_clusters = sum(c["articles"] for c in data["clusters"])
    by_story = bool(model.stories)
    group = "story" if by_story else "cluster"
    if by_story:
        what = (
            f"{plural(n, 'story', 'stories')} of two or more articles that report events ({in_clusters:,} of "
            f"{counts.get('sources', 0):,} articles that report events; the others are alone in their story)."
        )
    else:
        what = (
            f"{plural(n, 'cluster')} of articles that report common events ({in_clusters:,} of "
            f"{counts.get('sources', 0):,} articles that report events; the others share no event with "
            "another article)."
        )
    intro = (
        what + " Rows are events, columns are articles; each cell is that article's version. "
        "Red: sources disagree on this fact (the definition of the report and the disagreements query). "
        "Dotted underline: only this article states it. Click a cell for its evidence."
    )
    body = (
        f"<h1>{escape(page.title)}</h1>"
        f'<p class="eg-counts">{escape(intro)}</p>'
        + (f'<p class="eg-note" id="eg-note">{escape(note)}</p>' if note else "")
        + '<div class="eg-cmp-controls">'
        f'<label class="eg-field">{group.title()} <select id="eg-cmp-cluster"></select></label>'
        '<label class="eg-field">Rows <select id="eg-cmp-rows">'
        '<option value="all">all events</option><option value="multi">stated by 2+ sources</option>'
        '<option value="dis">with a disagreement</option></select></label>'
        '<label class="eg-field">Find <input id="eg-cmp-q" type="search" placeholder="word in a row…">'
        "</label></div>"
        '<p class="eg-cmp-pager"><button id="eg-cmp-prev" type="button">◀ rows</button> '
        '<span id="eg-cmp-where"></span> <button id="eg-cmp-next" type="button">rows ▶</button> '
        '<button id="eg-cmp-left" type="button">◀ sources</button> '
        '<button id="eg-cmp-right" type="button">sources ▶</button></p>'
        '<div class="eg-cmp-wrap"><table class="eg-table eg-cmp" id="eg-cmp"></table></div>'
        '<aside class="eg-cmp-evidence" id="eg-cmp-evidence" hidden></aside>'
        f'<script type="application/json" id="eg-cmp-data">{json_for_script(data)}</script>'
    )
    entry = (
        f'<li><a href="{page.filename}">{escape(page.title)}</a>: '
        + ("per story" if by_story else "per cluster of articles that share events")
        + ", each article's version of each event side by side ("
        + plural(n, group, "stories" if by_story else None)
        + (f"; {escape(note)}" if note else "")
        + ").</li>"
    )
    return render_page(page.title, body, nav_html, asset("story.js") + asset("compare.js")), entry


def build(page: Page, ctx: Context) -> Built:
    counts = dict(ctx.stats.get("counts", {}))
    html, entry = compare_page(page, ctx.model, counts, ctx.nav(page.name), CELLS_PER_NODE * ctx.max_nodes)
    return Built(html, entry)
