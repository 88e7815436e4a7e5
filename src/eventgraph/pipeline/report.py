"""The build's report: report.json and report.md (counts, skips, warnings, analytics, files)."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from eventgraph import __version__
from eventgraph.export import FORMATS, atomic_write
from eventgraph.merge.summary import fusion_lines
from eventgraph.outputs import REPORT_JSON, REPORT_MD, OutputLayout, view_file
from eventgraph.pipeline.result import BuildResult
from eventgraph.types import ArticleRecords

__all__ = ["RUN_COUNTS", "write_report"]

#: counts that say how a build ran, not what it built: left out of reproducible outputs
RUN_COUNTS = ("parsed", "reused_from_cache")


def write_report(result: BuildResult, records: list[ArticleRecords], analytics: dict) -> list[Path]:
    """Write report.json (for tools) and report.md (for people) into the build's folder."""
    by_class = Counter(e.cls for r in records for e in r.events)
    summary = result.summary()
    if os.environ.get("SOURCE_DATE_EPOCH"):  # how the build ran (cache hits), not what it built
        summary = {k: v for k, v in summary.items() if k not in RUN_COUNTS}
    report: dict[str, Any] = {
        "eventgraph": __version__,
        "model": result.model,
        "extractor": {"name": result.extractor, "version": result.extractor_version},
        "summary": summary,
        "events_by_class": dict(sorted(by_class.items())),
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
    lines = [
        "# eventgraph build report",
        "",
        f"- eventgraph {__version__}, model {result.model or 'none'}, extractor {result.extractor}",
        *(f"- {k.replace('_', ' ')}: {v}" for k, v in summary.items()),
        "",
        "## Events by class",
        "",
        *(f"- {k}: {v}" for k, v in sorted(by_class.items())),
    ]
    central = analytics.get("central_actors") or {}
    for measure, rows in central.items() if isinstance(central, dict) else ():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            continue
        lines += ["", f"## Most central actors ({measure})", ""]
        lines += [
            f"- {r.get('label', r.get('iri'))} ({r.get('class', '')}): {r.get('score', '')}"
            for r in rows[:10]
        ]
    components = analytics.get("components")
    if isinstance(components, dict):
        lines += ["", "## Connected components", ""] + [f"- {k}: {v}" for k, v in components.items()]
    lines += fusion_lines(analytics.get("fusion"))  # stories, events and actors of 2+ sources (merge.summary)
    if result.skipped:
        lines += ["", "## Skipped inputs", ""] + [f"- {s.input}: {s.reason}" for s in result.skipped]
    if result.warnings:
        lines += ["", "## Warnings", ""] + [f"- {w}" for w in result.warnings]
    lines += ["", "## Files", ""] + [f"- `{name}`: {desc}" for name, desc in report["files"].items()]
    with atomic_write(md_path, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    return [json_path, md_path]


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
