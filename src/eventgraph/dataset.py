"""Loading a build back as an rdflib ``Dataset`` (the Python API's ``load``)."""

from __future__ import annotations

import warnings
from pathlib import Path

from rdflib import Dataset
from rdflib.util import guess_format

from eventgraph.outputs import OutputLayout

__all__ = ["graph_file", "load"]


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
    fmt = guess_format(p.name.lower())  # rdflib's own table of file endings
    if fmt is None:
        raise ValueError(f"{p}: unknown graph format (a file ending rdflib knows, such as .trig or .nq)")
    ds = Dataset()
    with warnings.catch_warnings():
        # rdflib 7.6's own TriG/N-Quads parsers warn about their use of ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(str(p), format=fmt)
    return ds
