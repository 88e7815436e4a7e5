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
            "actors": self.actors,
            "events": self.events,
            "triples": self.triples,
            "skipped": len(self.skipped),
            "warnings": len(self.warnings),
        }
