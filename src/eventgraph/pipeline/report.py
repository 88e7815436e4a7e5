"""The build's report: report.json and report.md (counts, skips, warnings, analytics, files).

Every count comes from :mod:`eventgraph.counts` (the same numbers as the CLI summary and the
views). report.md is read in renderers that turn text into links, HTML and quotes: every text
that comes from the inputs (file names, ids, labels, warnings) goes through :func:`md_text`."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from eventgraph import __version__
from eventgraph.export import FORMATS, atomic_write
from eventgraph.humanize import value as human_value
from eventgraph.merge.summary import fusion_lines
from eventgraph.outputs import REPORT_JSON, REPORT_MD, OutputLayout, view_file
from eventgraph.pipeline.result import BuildResult
from eventgraph.types import ArticleRecords

__all__ = ["RUN_COUNTS", "md_text", "write_report"]

#: counts that say how a build ran, not what it built: left out of reproducible outputs
RUN_COUNTS = ("parsed", "reused_from_cache")

#: longest untrusted text written into report.md (an id, a label, a warning)
MD_TEXT_MAX = 300
#: articles without events listed by name in report.md (report.json lists all)
MD_LIST_MAX = 50

# the text always follows a list marker or a label on its line, so only inline syntax is left
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>|~&])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u0085]+")


def md_text(text: object, limit: int = MD_TEXT_MAX) -> str:
    """Untrusted text as one inert line of Markdown: no line breaks or control characters, every
    character that Markdown or HTML could act on escaped (no links, HTML, quotes, headings, lists,
    emphasis or code), URLs broken so that no renderer links them, at most ``limit`` characters."""
    s = _CONTROL.sub(" ", str(text)).strip()
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    s = _MD_SPECIAL.sub(r"\\\1", s)
    # autolinks (GitHub links bare www./http:// text): break the scheme and the dots
    s = re.sub(r"(?i)\b(https?|ftp|mailto|javascript|data)(:)", r"\1\\\2", s)
    return re.sub(r"(?i)\bwww\.", r"www\\.", s)


def _minutes(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 120 else f"{int(seconds // 60)} min {seconds % 60:.0f} s"


def _central_lines(central: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    names = {"degree": "degree", "betweenness": "betweenness", "pagerank": "PageRank"}
    for measure, title in names.items():
        rows = [r for r in central.get(measure) or [] if isinstance(r, dict) and r.get("score")]
        if not rows:  # all zero: nothing central to say
            continue
        lines += ["", f"## Most central actors ({title})", ""]
        lines += [
            f"{i}. {md_text(r.get('label', r.get('iri')))} ({md_text(r.get('class', ''))}): "
            f"{float(r['score']):.3f}"
            for i, r in enumerate(rows[:10], 1)
        ]
    active = [r for r in central.get("most_active") or [] if isinstance(r, dict) and r.get("events")]
    if active:
        lines += ["", "## Most active actors (events taken part in, as agent)", ""]
        lines += [
            f"{i}. {md_text(r.get('label', r.get('iri')))} ({md_text(r.get('class', ''))}): "
            f"{int(r['events']):,} events, {int(r.get('as_agent', 0)):,} as agent"
            for i, r in enumerate(active[:10], 1)
        ]
    return lines


def _component_lines(components: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    actors = components.get("actor_network")
    if isinstance(actors, dict) and actors.get("count"):
        largest = actors.get("largest") or {}
        members = ", ".join(md_text(m, 80) for m in largest.get("top_members", []))
        lines.append(
            f"- Actor network: {actors['count']:,} connected components; the largest has "
            f"{largest.get('size', 0):,} actors ({members}); {actors.get('isolated', 0):,} actors "
            "take part in events with no other actor"
        )
    events = components.get("event_graph")
    if isinstance(events, dict) and events.get("count"):
        sizes = ", ".join(f"{n:,}" for n in events.get("sizes", [])[:10])
        lines.append(
            f"- Event graph: {events['count']:,} connected components of events and their actors; "
            f"the largest has {events.get('largest', 0):,} nodes (sizes: {sizes}"
            + (", …)" if events["count"] > 10 else ")")
        )
    return ["", "## Connected components", "", *lines] if lines else []


def _disagreement_lines(disagreements: list[dict[str, Any]]) -> list[str]:
    if not disagreements:
        return []
    lines = ["", f"## Disagreements between sources ({len(disagreements):,})", ""]
    for d in disagreements[:20]:
        prop = str(d.get("property", ""))
        vals = "; ".join(
            f"{md_text(human_value(prop, str(v['value'])), 80)} "
            f"({', '.join(md_text(s, 60) for s in v['sources'][:5])}"
            + (", …)" if len(v["sources"]) > 5 else ")")
            for v in d.get("values", [])
        )
        lines.append(f"- {md_text(d.get('label', ''), 120)}: {md_text(prop)}: {vals}")
    if len(disagreements) > 20:
        lines.append(f"- … and {len(disagreements) - 20:,} more (report.json lists them all)")
    return lines


def write_report(result: BuildResult, records: list[ArticleRecords], analytics: dict) -> list[Path]:
    """Write report.json (for tools) and report.md (for people) into the build's folder."""
    counts = result.counts
    summary = result.summary()
    if os.environ.get("SOURCE_DATE_EPOCH"):  # how the build ran (cache hits), not what it built
        summary = {k: v for k, v in summary.items() if k not in RUN_COUNTS}
    report: dict[str, Any] = {
        "eventgraph": __version__,
        "model": result.model,
        "extractor": {"name": result.extractor, "version": result.extractor_version},
        "summary": summary,
        "counts": counts,
        "events_by_class": counts.get("events_by_class", {}),
        "skipped": [{"input": s.input, "reason": s.reason} for s in result.skipped],
        "warnings": result.warnings,
        "files": {p.name: _describe(p.name) for p in sorted(result.files)},
        "analytics": analytics,
        "timings_seconds": result.timings,
    }
    if result.extractor == "annotations":  # what the annotations given held, and what was kept
        from eventgraph.extractors.annotations import annotation_counts

        report["annotations"] = annotation_counts(records)
    if os.environ.get("SOURCE_DATE_EPOCH"):  # a reproducible build: the same input, the same bytes
        del report["timings_seconds"]
    layout = OutputLayout(result.out_dir)
    json_path, md_path = layout.report_json, layout.report_md
    with atomic_write(json_path, "w") as fh:
        json.dump(report, fh, ensure_ascii=False, indent=1, sort_keys=False)
        fh.write("\n")
    with atomic_write(md_path, "w") as fh:
        fh.write("\n".join(_markdown(result, report, analytics)) + "\n")
    return [json_path, md_path]


def _markdown(result: BuildResult, report: dict[str, Any], analytics: dict) -> list[str]:
    c = result.counts
    silent = c.get("articles_without_events", [])
    reproducible = bool(os.environ.get("SOURCE_DATE_EPOCH"))  # how the build ran is left out then
    lines = [
        "# eventgraph build report",
        "",
        f"- eventgraph {md_text(__version__)}, model {md_text(result.model or 'none')}, "
        f"extractor {md_text(result.extractor)}",
        f"- articles: {result.articles:,}"
        + ("" if reproducible else f" ({result.parsed:,} parsed, {result.reused:,} from the cache)"),
    ]
    if c:
        lines += [
            f"- article graphs: {c['graphs']:,}; articles that report events: {c['sources']:,}; "
            f"without events: {len(silent):,}",
            f"- events: {c['events']:,}, of which {c['events_multi_source']:,} are stated by 2 or more "
            "sources",
            f"- actors: {c['actors']:,}; places: {c['places']:,}",
            f"- disagreements between sources: {c['disagreements']:,} "
            f"(on {c['events_in_disagreement']:,} event{'' if c['events_in_disagreement'] == 1 else 's'})",
        ]
    lines += [
        f"- triples: {result.triples:,}",
        f"- skipped inputs: {len(result.skipped):,}; warnings: {len(result.warnings):,}",
    ]
    if result.timings.get("total") and "timings_seconds" in report:
        lines.append(f"- time: {_minutes(result.timings['total'])}")
    if c:
        lines += ["", "## Events by class", ""]
        lines += [f"- {md_text(k)}: {v:,}" for k, v in c["events_by_class"].items()] or ["- none"]
        lines += ["", "## Actors by class", ""]
        lines += [f"- {md_text(k)}: {v:,}" for k, v in c["actors_by_class"].items()] or ["- none"]
        lines.append(f"- places: {c['places']:,}")
    central = analytics.get("central_actors")
    if isinstance(central, dict):
        lines += _central_lines(central)
    components = analytics.get("components")
    if isinstance(components, dict):
        lines += _component_lines(components)
    lines += fusion_lines(analytics.get("fusion"))  # stories, events and actors of 2+ sources (merge.summary)
    dis = analytics.get("disagreements")
    if isinstance(dis, list):
        lines += _disagreement_lines(dis)
    if silent:
        lines += ["", f"## Articles without events ({len(silent):,})", ""]
        lines.append(
            "These articles were read, but no event was found in them (their actors, if any, are in "
            "their graphs):"
        )
        lines.append("")
        lines += [f"- {md_text(a, 120)}" for a in silent[:MD_LIST_MAX]]
        if len(silent) > MD_LIST_MAX:
            lines.append(f"- … and {len(silent) - MD_LIST_MAX:,} more (report.json lists them all)")
    if result.skipped:
        lines += ["", "## Skipped inputs", ""]
        lines += [f"- {md_text(s.input, 200)}: {md_text(s.reason)}" for s in result.skipped]
    if result.warnings:
        lines += ["", "## Warnings", ""] + [f"- {md_text(w)}" for w in result.warnings]
    lines += ["", "## Files", ""]
    lines += [f"- {md_text(name)}: {desc}" for name, desc in report["files"].items()]  # our own words
    return lines


def _describe(name: str) -> str:
    for fmt in FORMATS.values():
        if fmt.filename == name:
            return fmt.description
    if name.endswith(view_file("")):  # a page of the views: only a build that imported viz writes one
        from eventgraph.viz.pages import INDEX, PAGES

        for page in (INDEX, *PAGES):
            if page.filename == name:
                return page.description
    return {REPORT_JSON: "this report, for tools", REPORT_MD: "this report, for people"}.get(name, "")
