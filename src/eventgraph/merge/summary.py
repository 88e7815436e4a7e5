"""The fusion section of the build report: stories, events reported by several sources, actors
seen in several sources. A plain dict (for report.json) and its lines (for report.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from eventgraph.merge import Resolution
from eventgraph.types import ArticleRecords

__all__ = ["fusion_lines", "fusion_summary"]

_LISTED = 10  # rows of each list in the report


def fusion_summary(records: Sequence[ArticleRecords], res: Resolution) -> dict[str, Any]:
    """Counts and the largest items of the merge: what several outlets agree happened."""
    sources = {rec.article.id: rec.article.source or rec.article.id for rec in records}
    multi: list[dict[str, Any]] = []
    for digest, members in res.event_members.items():
        articles = sorted({a for a, _ in members})
        if len(articles) > 1:
            multi.append(
                {
                    "event": digest,
                    "label": res.event_label.get(digest, ""),
                    "articles": articles,
                    "sources": len({sources.get(a, a) for a in articles}),
                    "evidence": list(res.event_evidence.get(digest, ())),
                }
            )
    multi.sort(key=lambda e: (-len(e["articles"]), e["label"]))
    seen: dict[str, set[str]] = defaultdict(set)
    for rec in records:
        for a in rec.actors:
            seen[res.actor(rec.article.id, a.key)].add(rec.article.id)
    actors = sorted(
        ((k, arts) for k, arts in seen.items() if len(arts) > 1), key=lambda kv: (-len(kv[1]), kv[0])
    )
    stories = sorted(res.stories, key=lambda s: (-len(s.articles), s.id))
    return {
        "stories": len(stories),
        "stories_with_several_articles": sum(len(s.articles) > 1 for s in stories),
        "events_in_several_sources": len(multi),
        "actors_in_several_sources": len(actors),
        "largest_stories": [
            {"story": s.id, "label": s.label, "articles": list(s.articles)} for s in stories[:_LISTED]
        ],
        "most_reported_events": multi[:_LISTED],
        "most_reported_actors": [
            {"actor": k, "label": res.actors[k].label if k in res.actors else k, "articles": len(arts)}
            for k, arts in actors[:_LISTED]
        ],
    }


def fusion_lines(summary: dict[str, Any] | None) -> list[str]:
    """The report.md section of :func:`fusion_summary` (none when there is no summary)."""
    if not summary:
        return []
    lines = [
        "",
        "## Fusion across sources",
        "",
        f"- stories: {summary['stories']} ({summary['stories_with_several_articles']} with several articles)",
        f"- events reported by 2+ sources: {summary['events_in_several_sources']}",
        f"- actors seen in 2+ sources: {summary['actors_in_several_sources']}",
    ]
    if summary["largest_stories"]:
        lines += ["", "### Largest stories", ""]
        lines += [
            f"- {s['label'] or s['story']}: {len(s['articles'])} articles" for s in summary["largest_stories"]
        ]
    if summary["most_reported_events"]:
        lines += ["", "### Events reported by the most sources", ""]
        lines += [
            f"- {e['label']} ({len(e['articles'])} articles; evidence: {', '.join(e['evidence'])})"
            for e in summary["most_reported_events"]
        ]
    if summary["most_reported_actors"]:
        lines += ["", "### Actors seen in the most sources", ""]
        lines += [f"- {a['label']}: {a['articles']} articles" for a in summary["most_reported_actors"]]
    return lines
