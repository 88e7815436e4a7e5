"""Exports of a built dataset: a small registry of formats, written atomically and reproducibly.

Every format is written as a head, one block per graph (the default graph first, then the named
graphs by IRI, each block's quads sorted by subject, predicate, object) and a tail, with the same
prefixes every time, so that the same input gives the same bytes. A named graph's block depends
on that graph alone: a build serialises each article's graph once, where it is mapped (in the
worker processes), keeps the blocks in its cache, and a rebuild writes the files by copying the
blocks of unchanged articles instead of serialising the whole dataset again.

Every file is written beside its final name and renamed into place: an interrupted build
leaves the previous file intact.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

import pyoxigraph as ox

from eventgraph.outputs import GRAPH_FILES, OutputLayout
from eventgraph.vocab import PREFIXES

__all__ = [
    "FORMATS",
    "DatasetWriter",
    "ExportFormat",
    "atomic_write",
    "graph_blocks",
    "register_format",
    "remove_stale_temp",
    "sort_key",
    "sort_keyed",
    "sorted_blocks",
]


_BUFFER = 1 << 20  # graph files are written in blocks of a few KB each: a large buffer, few writes


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "wb") -> Iterator:
    """Write ``path`` through a temporary file in the same folder, renamed into place on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        text_options: dict = {} if "b" in mode else {"encoding": "utf-8", "newline": "\n"}
        with os.fdopen(fd, mode, _BUFFER, **text_options) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def remove_stale_temp(folder: Path) -> list[Path]:
    """Remove the temporary files an interrupted build left in ``folder``; returns them.

    A write killed midway leaves the final file as it was (see :func:`atomic_write`) and a
    temporary file beside it. A build writes into a staging folder (:mod:`eventgraph.staging`),
    which a killed build leaves beside the output folder and the next build removes whole; this
    is for folders written by other means.
    """
    removed = []
    for pattern in OutputLayout.stale_temp_patterns():
        for path in sorted(folder.glob(pattern)):
            if path.is_file():
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed.append(path)
    return removed


def _term_str(term: object) -> str:
    """A string per term that sorts named nodes first, then literals by lexical form, datatype,
    language (a string sorts far faster than a tuple); ``\x00`` and ``\x01`` (never in an IRI,
    and replaced in the literals mapping makes) separate the parts."""
    if isinstance(term, ox.NamedNode):
        return "0" + term.value
    if isinstance(term, ox.Literal):
        return f"1{term.value}\x00{term.datatype.value if term.datatype else ''}\x00{term.language or ''}"
    return "2" + str(term)


def _triple_str(q: ox.Quad | ox.Triple) -> str:
    return f"{_term_str(q.subject)}\x01{_term_str(q.predicate)}\x01{_term_str(q.object)}"


def sort_key(quad: ox.Quad) -> str:
    """The key a graph's quads are ordered by: subject, predicate, object (to sort some of them
    ahead, and merge)."""
    return _triple_str(quad)


def sort_keyed(keyed: Iterable[tuple[str, ox.Quad]]) -> list[ox.Quad]:
    """Quads given with their :func:`sort_key`, without repeats, in that order: runs already
    sorted cost a merge, not a sort."""
    unique = dict(((q, k) for k, q in keyed))
    return [q for q, _ in sorted(unique.items(), key=_second)]


def _second(item: tuple[ox.Quad, str]) -> str:
    return item[1]


# ---------------------------------------------------------------------------- formats
@dataclass(frozen=True)
class ExportFormat:
    """A file format: a head, then one block per graph joined by ``separator``, then a tail.

    ``block`` serialises the sorted quads of one graph (all in that graph); its output must not
    depend on any other graph, so that blocks can be kept and written again as they are.
    """

    name: str
    filename: str
    media_type: str
    block: Callable[[list[ox.Quad]], bytes]
    description: str
    head: bytes = b""
    separator: bytes = b""
    tail: bytes = b""


FORMATS: dict[str, ExportFormat] = {}


def register_format(fmt: ExportFormat) -> ExportFormat:
    FORMATS[fmt.name] = fmt
    return fmt


_PREFIX_LINES = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()).encode("utf-8")


def _without_prefixes(data: bytes) -> bytes:
    """``data`` without the ``@prefix`` lines a Turtle/TriG serialiser writes first (the file's
    head declares every prefix once, in a fixed order)."""
    start = 0
    while data.startswith(b"@prefix ", start):
        start = data.index(b"\n", start) + 1
    return data[start:]


def _rdf_block(fmt: ox.RdfFormat, *, triples: bool = False) -> Callable[[list[ox.Quad]], bytes]:
    prefixes = None if fmt == ox.RdfFormat.N_QUADS else PREFIXES

    def block(quads: list[ox.Quad]) -> bytes:
        if triples and quads and not isinstance(quads[0].graph_name, ox.DefaultGraph):
            data = ox.serialize([q.triple for q in quads], format=fmt, prefixes=prefixes)
        else:  # quads in the default graph are written as triples as they are
            data = ox.serialize(quads, format=fmt, prefixes=prefixes)
        return _without_prefixes(data or b"")

    return block


def _jsonld_block(quads: list[ox.Quad]) -> bytes:
    # pyoxigraph writes a JSON array of node objects (a named graph as an {"@id", "@graph"}
    # object); the file's "@graph" array is the concatenation of those arrays' items, never
    # parsed again (Python's JSON encoder costs ten times the serialisation)
    body = (ox.serialize(quads, format=ox.RdfFormat.JSON_LD) or b"[]").strip()
    if body.startswith(b"[") and body.endswith(b"]"):
        body = body[1:-1].strip()
    return body


register_format(
    ExportFormat(
        "trig",
        GRAPH_FILES["trig"],
        "application/trig",
        _rdf_block(ox.RdfFormat.TRIG),
        "all graphs: default (metadata) and one named graph per article",
        head=_PREFIX_LINES,
    )
)
register_format(
    ExportFormat(
        "nquads",
        GRAPH_FILES["nquads"],
        "application/n-quads",
        _rdf_block(ox.RdfFormat.N_QUADS),
        "the same quads as N-Quads, one per line",
    )
)
register_format(
    ExportFormat(
        "turtle",
        GRAPH_FILES["turtle"],
        "text/turtle",
        _rdf_block(ox.RdfFormat.TURTLE, triples=True),
        "the union of all graphs as triples, for tools without quads (a triple that several "
        "graphs state is written once per graph; loaders keep one)",
        head=_PREFIX_LINES,
    )
)
register_format(
    ExportFormat(
        "jsonld",
        GRAPH_FILES["jsonld"],
        "application/ld+json",
        _jsonld_block,
        "JSON-LD with an @context of the project's prefixes, one @graph entry per named graph",
        head=b'{\n"@context": '
        + json.dumps(dict(PREFIXES), ensure_ascii=False, indent=1).encode("utf-8")
        + b',\n"@graph": [\n',
        separator=b",\n",
        tail=b"\n]\n}\n",
    )
)


# ---------------------------------------------------------------------------- writing
#: the serialised blocks of one graph, by format name
Blocks = Mapping[str, bytes]


def graph_blocks(quads: Iterable[ox.Quad], formats: Iterable[str] | None = None) -> dict[str, bytes]:
    """The blocks of one graph (all ``quads`` in the same graph) in every format, its quads
    without repeats and in :func:`sort_key` order."""
    return sorted_blocks(sorted(set(quads), key=_triple_str), formats)


def sorted_blocks(ordered: list[ox.Quad], formats: Iterable[str] | None = None) -> dict[str, bytes]:
    """:func:`graph_blocks` of quads already without repeats and in :func:`sort_key` order."""
    return {name: FORMATS[name].block(ordered) for name in (formats or FORMATS)}


class DatasetWriter:
    """Writes the export files block by block: ``add`` the default graph's blocks first, then the
    named graphs' in IRI order. Files appear (atomically) when the ``with`` block ends without
    an error; on an error the previous files stay as they were.
    """

    def __init__(self, out_dir: Path, formats: Iterable[str] | None = None) -> None:
        self.formats = [FORMATS[name] for name in (formats or list(FORMATS))]
        self.paths = [out_dir / fmt.filename for fmt in self.formats]
        self._stack = contextlib.ExitStack()
        self._files: list[IO[bytes]] = []
        self._empty = [True] * len(self.formats)

    def __enter__(self) -> DatasetWriter:
        with self._stack as stack:
            # entered last to first, so that they close (and appear) in the registry's order
            self._files = [stack.enter_context(atomic_write(path)) for path in reversed(self.paths)][::-1]
            for fmt, fh in zip(self.formats, self._files, strict=True):
                fh.write(fmt.head)
            self._stack = stack.pop_all()
        return self

    def add(self, blocks: Blocks) -> None:
        """Append one graph's blocks (a missing or empty block adds nothing to its file)."""
        for i, (fmt, fh) in enumerate(zip(self.formats, self._files, strict=True)):
            data = blocks.get(fmt.name)
            if not data:
                continue
            if not self._empty[i]:
                fh.write(fmt.separator)
            fh.write(data)
            self._empty[i] = False

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        if exc_type is None:
            for fmt, fh in zip(self.formats, self._files, strict=True):
                fh.write(fmt.tail)
                fh.flush()
            # each atomic write syncs its file before renaming it; the disk's work is done here
            # for all files at once (an fsync releases the GIL)
            with ThreadPoolExecutor(len(self._files) or 1) as sync:
                list(sync.map(lambda fh: os.fsync(fh.fileno()), self._files))
        return self._stack.__exit__(exc_type, exc, tb)
