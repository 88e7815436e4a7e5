"""Loading a build back as an rdflib ``Dataset`` (the Python API's ``load``)."""

from __future__ import annotations

import warnings
from pathlib import Path

from rdflib import Dataset

from eventgraph.outputs import OutputLayout

__all__ = ["graph_file", "load"]

_FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".jsonld": "json-ld"}


def graph_file(path: str | Path) -> Path:
    """The graph file of a build folder (``graph.trig``) or the file itself."""
    p = Path(path)
    if p.is_dir():
        p = OutputLayout(p).trig
    if not p.exists():
        raise FileNotFoundError(f"{p}: no such graph file (build first: eventgraph build … --out DIR)")
    return p


def load(path: str | Path) -> Dataset:
    """Load a build folder or graph file; named graphs stay named (no default union)."""
    p = graph_file(path)
    fmt = _FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise ValueError(f"{p}: unknown graph format (expected {', '.join(_FORMATS)})")
    ds = Dataset()
    with warnings.catch_warnings():
        # rdflib 7.6's own TriG/N-Quads parsers warn about their use of ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(str(p), format=fmt)
    return ds
