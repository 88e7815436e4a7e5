"""Exports of a built dataset: a small registry of formats, written atomically and reproducibly.

Quads are written in one fixed order (default graph first, then named graphs, each sorted by
subject, predicate, object), with the same prefixes every time, so that the same input gives
the same bytes. Every file is written beside its final name and renamed into place: an
interrupted build leaves the previous file intact.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from eventgraph.vocab import PREFIXES

__all__ = [
    "FORMATS",
    "ExportFormat",
    "atomic_write",
    "export_all",
    "register_format",
    "remove_stale_temp",
    "sorted_quads",
]


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "wb") -> Iterator:
    """Write ``path`` through a temporary file in the same folder, renamed into place on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        text_options: dict = {} if "b" in mode else {"encoding": "utf-8", "newline": "\n"}
        with os.fdopen(fd, mode, **text_options) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


#: temporary files of atomic_write (".NAME.XXXX.tmp") that a killed build can leave in its folder
_STALE = (".graph.*.tmp", ".report.*.tmp", ".*.html.*.tmp", ".eventgraph-cache/**/.*.tmp")


def remove_stale_temp(folder: Path) -> list[Path]:
    """Remove the temporary files an interrupted build left in ``folder``; returns them.

    A build killed while writing leaves its final files as they were (see :func:`atomic_write`)
    and a temporary file beside them; the next build into the folder calls this first. (Two
    builds into one folder at the same time are not supported.)
    """
    removed = []
    for pattern in _STALE:
        for path in sorted(folder.glob(pattern)):
            if path.is_file():
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed.append(path)
    return removed


def _term_key(term: object) -> tuple[int, str]:
    # named nodes before literals; literals by lexical form, then datatype/language
    if isinstance(term, ox.NamedNode):
        return (0, term.value)
    if isinstance(term, ox.Literal):
        return (1, f"{term.value}\x00{term.datatype.value if term.datatype else ''}\x00{term.language or ''}")
    return (2, str(term))


_XSD = "http://www.w3.org/2001/XMLSchema#"
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
# Oxigraph's store keeps integer literals as xsd:integer whatever subtype they were added with;
# the contract types these offsets xsd:nonNegativeInteger, so the files say so again.
_DECLARED_INTEGER_TYPE = {
    _NIF + "beginIndex": ox.NamedNode(_XSD + "nonNegativeInteger"),
    _NIF + "endIndex": ox.NamedNode(_XSD + "nonNegativeInteger"),
}


def _declared(q: ox.Quad) -> ox.Quad:
    dtype = _DECLARED_INTEGER_TYPE.get(q.predicate.value)
    obj = q.object
    if dtype is not None and isinstance(obj, ox.Literal) and obj.datatype == ox.NamedNode(_XSD + "integer"):
        return ox.Quad(q.subject, q.predicate, ox.Literal(obj.value, datatype=dtype), q.graph_name)
    return q


def _term_str(term: object) -> str:
    """One string per term that sorts as :func:`_term_key` does (a string sorts far faster than a
    tuple): named nodes, then literals; ``\x00`` and ``\x01`` (never in an IRI, and replaced in
    the literals mapping makes) separate the parts."""
    if isinstance(term, ox.NamedNode):
        return "0" + term.value
    if isinstance(term, ox.Literal):
        return f"1{term.value}\x00{term.datatype.value if term.datatype else ''}\x00{term.language or ''}"
    return "2" + str(term)


def _triple_str(q: ox.Quad | ox.Triple) -> str:
    return f"{_term_str(q.subject)}\x01{_term_str(q.predicate)}\x01{_term_str(q.object)}"


def sorted_quads(store: ox.Store) -> list[ox.Quad]:
    """Every quad of ``store``: default graph first, then graphs by IRI, each by s, p, o."""

    def key(q: ox.Quad) -> str:
        g = q.graph_name
        graph = "" if isinstance(g, ox.DefaultGraph) else "1" + g.value  # type: ignore[union-attr]
        return f"{graph}\x02{_triple_str(q)}"

    return sorted((_declared(q) for q in store.quads_for_pattern(None, None, None, None)), key=key)


@dataclass(frozen=True)
class ExportFormat:
    name: str
    filename: str
    media_type: str
    write: Callable[[list[ox.Quad], Path], None]
    description: str


FORMATS: dict[str, ExportFormat] = {}


def register_format(fmt: ExportFormat) -> ExportFormat:
    FORMATS[fmt.name] = fmt
    return fmt


def _write_quads(fmt: ox.RdfFormat) -> Callable[[list[ox.Quad], Path], None]:
    def write(quads: list[ox.Quad], path: Path) -> None:
        with atomic_write(path) as fh:
            ox.serialize(quads, fh, fmt, prefixes=PREFIXES if fmt != ox.RdfFormat.N_QUADS else None)

    return write


def _write_union(quads: list[ox.Quad], path: Path) -> None:
    # distinct triples first (pyoxigraph hashes them), then one sort of those
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=_triple_str)
    with atomic_write(path) as fh:
        ox.serialize(triples, fh, ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def _write_jsonld(quads: list[ox.Quad], path: Path) -> None:
    # pyoxigraph writes a JSON array of node objects (a named graph as an {"@id", "@graph"} object);
    # it is wrapped as it is, never parsed again: Python's JSON encoder with indent costs ten times
    # the serialisation, and the parsed tree of a large build takes gigabytes
    body = ox.serialize(quads, format=ox.RdfFormat.JSON_LD) or b"[]"
    if body.lstrip()[:1] != b"[":
        body = b"[" + body + b"]"
    context = json.dumps(dict(PREFIXES), ensure_ascii=False, indent=1).encode("utf-8")
    with atomic_write(path) as fh:
        fh.write(b'{\n"@context": ' + context + b',\n"@graph": ' + body + b"\n}\n")


register_format(
    ExportFormat(
        "trig",
        "graph.trig",
        "application/trig",
        _write_quads(ox.RdfFormat.TRIG),
        "all graphs: default (metadata) and one named graph per article",
    )
)
register_format(
    ExportFormat(
        "nquads",
        "graph.nq",
        "application/n-quads",
        _write_quads(ox.RdfFormat.N_QUADS),
        "the same quads as N-Quads, one per line",
    )
)
register_format(
    ExportFormat(
        "turtle",
        "graph.ttl",
        "text/turtle",
        _write_union,
        "the union of all graphs as triples, for tools without quads",
    )
)
register_format(
    ExportFormat(
        "jsonld",
        "graph.jsonld",
        "application/ld+json",
        _write_jsonld,
        "JSON-LD with an @context of the project's prefixes, one @graph entry per named graph",
    )
)


def export_all(store: ox.Store, out_dir: Path, formats: list[str] | None = None) -> list[Path]:
    quads = sorted_quads(store)
    written = []
    for name in formats or list(FORMATS):
        fmt = FORMATS[name]
        path = out_dir / fmt.filename
        fmt.write(quads, path)
        written.append(path)
    return written
