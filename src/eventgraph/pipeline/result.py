"""What a build returns: its counts, its skips and warnings, its files and its timings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from eventgraph.extractors import DEFAULT_EXTRACTOR
from eventgraph.types import Skipped

__all__ = ["BuildResult"]


@dataclass
class BuildResult:
    out_dir: Path
    articles: int = 0
    actors: int = 0
    events: int = 0
    triples: int = 0
    parsed: int = 0
    reused: int = 0
    graphs_reused: int = 0  # named graphs taken from the cache, not mapped again
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    model: str = ""
    extractor: str = DEFAULT_EXTRACTOR
    extractor_version: str = ""
    #: eventgraph.counts.Counts of the dataset as a dict (empty when the dataset could not be read)
    counts: dict = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0: everything built; 3: built, but some inputs were skipped; 1: nothing built."""
        if not self.articles:
            return 1
        return 3 if self.skipped else 0

    def summary(self) -> dict:
        return {
            "articles": self.articles,
            "parsed": self.parsed,
            "reused_from_cache": self.reused,
            "graphs": self.counts.get("graphs", 0),
            "actors": self.actors,
            "places": self.counts.get("places", 0),
            "events": self.events,
            "events_multi_source": self.counts.get("events_multi_source", 0),
            "disagreements": self.counts.get("disagreements", 0),
            "articles_without_events": len(self.counts.get("articles_without_events", ())),
            "triples": self.triples,
            "skipped": len(self.skipped),
            "warnings": len(self.warnings),
        }
