"""The layout of a build's output folder: the name of every file a build writes there.

Writers (export, report, views, cache) and readers (load, query, serve) take names from here,
so a name is changed in one place.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CACHE_DIR",
    "GRAPH_FILES",
    "INDEX_VIEW",
    "MANIFEST",
    "OXIGRAPH_DIR",
    "READ_ORDER",
    "REPORT_JSON",
    "REPORT_MD",
    "OutputLayout",
    "view_file",
]

#: the graph files by export format, in the order a build writes them
GRAPH_FILES = {
    "trig": "graph.trig",
    "nquads": "graph.nq",
    "turtle": "graph.ttl",
    "jsonld": "graph.jsonld",
}
#: the formats a reader tries, best first: those that keep the named graphs before the union
READ_ORDER = ("trig", "nquads", "jsonld", "turtle")
REPORT_JSON = "report.json"
REPORT_MD = "report.md"
#: the start page of the interactive views (which pages there are is the views' registry,
#: eventgraph.viz.pages: each is written to ``view_file(page.name)``)
INDEX_VIEW = "index"
#: the per-article cache of records and graph blocks (hidden: not a result)
CACHE_DIR = ".eventgraph-cache"
#: what a build wrote: its id, inputs, counts and the sha256 of every file (``eventgraph verify``)
MANIFEST = "manifest.json"
#: the Oxigraph database ``eventgraph serve`` loads the graph into
OXIGRAPH_DIR = ".oxigraph"


def view_file(name: str) -> str:
    """The file name of the view ``name`` (``actors`` -> ``actors.html``)."""
    return f"{name}.html"


@dataclass(frozen=True, slots=True)
class OutputLayout:
    """The paths of one output folder."""

    root: Path

    def graph_file(self, fmt: str) -> Path:
        """The graph file of the export format ``fmt`` (a key of :data:`GRAPH_FILES`)."""
        return self.root / GRAPH_FILES[fmt]

    @property
    def trig(self) -> Path:
        return self.graph_file("trig")

    @property
    def nquads(self) -> Path:
        return self.graph_file("nquads")

    @property
    def turtle(self) -> Path:
        return self.graph_file("turtle")

    @property
    def jsonld(self) -> Path:
        return self.graph_file("jsonld")

    @property
    def graph_files(self) -> list[Path]:
        """Every graph file, in the order a build writes them."""
        return [self.root / name for name in GRAPH_FILES.values()]

    def existing_graph_file(self, formats: tuple[str, ...] = READ_ORDER) -> Path | None:
        """The first of ``formats`` whose graph file exists (named graphs kept before the union)."""
        for fmt in formats:
            path = self.graph_file(fmt)
            if path.is_file():
                return path
        return None

    @property
    def report_json(self) -> Path:
        return self.root / REPORT_JSON

    @property
    def report_md(self) -> Path:
        return self.root / REPORT_MD

    def view(self, name: str) -> Path:
        """The page of the view ``name`` (a page of the views' registry)."""
        return self.root / view_file(name)

    @property
    def index_view(self) -> Path:
        return self.view(INDEX_VIEW)

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE_DIR

    @property
    def oxigraph_dir(self) -> Path:
        return self.root / OXIGRAPH_DIR

    @property
    def manifest(self) -> Path:
        return self.root / MANIFEST

    # A build writes into a staging folder beside the output folder (same file system, so that
    # it can be renamed into place) and swaps it in at the end; a lock file beside it keeps a
    # second build out. All three are hidden siblings named after the folder.
    def _sibling(self, what: str) -> Path:
        return self.root.parent / f".{self.root.name}.{what}"

    @property
    def lock_file(self) -> Path:
        return self._sibling("lock")

    def staging_dir(self, pid: int) -> Path:
        return self._sibling(f"staging-{pid}")

    def retired_dir(self, pid: int) -> Path:
        """Where the previous build is moved while the new one takes its name."""
        return self._sibling(f"previous-{pid}")

    def leftover_dirs(self) -> list[Path]:
        """Staging and retired folders that killed builds left beside the folder."""
        name = glob.escape(self.root.name)
        found = [*self.root.parent.glob(f".{name}.staging-*"), *self.root.parent.glob(f".{name}.previous-*")]
        return sorted(p for p in found if p.is_dir() and not p.is_symlink())

    @staticmethod
    def stale_temp_patterns() -> tuple[str, ...]:
        """Globs (relative to the folder) of the temporary files a killed build can leave:
        ``export.atomic_write`` writes ``.NAME.XXXX.tmp`` beside each file, the cache
        ``.NAME.PID.tmp`` beside each entry."""
        names = [*GRAPH_FILES.values(), REPORT_JSON, REPORT_MD, view_file("*")]
        return (*(f".{name}.*.tmp" for name in names), f"{CACHE_DIR}/**/.*.tmp")
