"""The exports written by pyoxigraph are the same graphs in every format and for every reader.

Each of graph.trig, graph.nq and graph.jsonld, read by rdflib and by pyoxigraph, gives one and
the same set of quads; graph.ttl gives the union of their triples. The graphs have no blank
nodes, so isomorphic means equal sets of terms. rdflib reads with literal normalisation off:
by default it rewrites lexical forms to canonical ones ("...Z" becomes "...+00:00"), which
changes the term though not its value.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.term import BNode, Literal, URIRef

from eventgraph.export import FORMATS, graph_blocks
from eventgraph.pipeline.graphs import write_dataset

# rdflib's own parsers use its deprecated ConjunctiveGraph API internally
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
QUAD_FILES = {"graph.trig": "trig", "graph.nq": "nquads", "graph.jsonld": "json-ld"}
OX_FORMAT = {
    "graph.trig": ox.RdfFormat.TRIG,
    "graph.nq": ox.RdfFormat.N_QUADS,
    "graph.jsonld": ox.RdfFormat.JSON_LD,
    "graph.ttl": ox.RdfFormat.TURTLE,
}

Term = tuple[str, ...]
Quad = tuple[Term, Term, Term, Term]
DEFAULT: Term = ("default",)


# ---------------------------------------------------------------------------- one form for both readers
def _rdflib_term(term: object) -> Term:
    if isinstance(term, BNode):
        raise AssertionError(f"unexpected blank node {term!r}")
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, Literal):
        if term.language:
            return ("lit", str(term), RDF_LANG, term.language.lower())
        return ("lit", str(term), str(term.datatype or XSD + "string"), "")
    raise AssertionError(f"unexpected term {term!r}")


def _ox_term(term: object) -> Term:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return ("lit", term.value, RDF_LANG, term.language.lower())
        return ("lit", term.value, term.datatype.value, "")
    raise AssertionError(f"unexpected term {term!r}")


@contextlib.contextmanager
def _verbatim_literals() -> Iterator[None]:
    saved = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = saved


def rdflib_quads(path: Path) -> set[Quad]:
    ds = rdflib.Dataset()
    with _verbatim_literals():
        ds.parse(path, format=QUAD_FILES[path.name])
    out = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        graph = (
            DEFAULT if name is None or name == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else _rdflib_term(name)
        )
        out.add((_rdflib_term(s), _rdflib_term(p), _rdflib_term(o), graph))
    return out


def ox_quads(path: Path) -> set[Quad]:
    out = set()
    for q in ox.parse(path=path, format=OX_FORMAT[path.name]):
        graph = DEFAULT if isinstance(q.graph_name, ox.DefaultGraph) else _ox_term(q.graph_name)
        out.add((_ox_term(q.subject), _ox_term(q.predicate), _ox_term(q.object), graph))
    return out


def rdflib_triples(path: Path) -> set[tuple[Term, Term, Term]]:
    g = rdflib.Graph()
    with _verbatim_literals():
        g.parse(path, format="turtle")
    return {(_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)) for s, p, o in g}


def ox_triples(path: Path) -> set[tuple[Term, Term, Term]]:
    return {
        (_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object))
        for t in ox.parse(path=path, format=ox.RdfFormat.TURTLE)
    }


def assert_equivalent(out_dir: Path) -> set[Quad]:
    """Every quad file, through both readers, gives the same quads; the Turtle file their triples."""
    reference = ox_quads(out_dir / "graph.nq")
    assert reference
    for name in QUAD_FILES:
        path = out_dir / name
        assert ox_quads(path) == reference, f"{name} read by pyoxigraph differs from graph.nq"
        assert rdflib_quads(path) == reference, f"{name} read by rdflib differs from graph.nq"
    union = {q[:3] for q in reference}
    assert ox_triples(out_dir / "graph.ttl") == union
    assert rdflib_triples(out_dir / "graph.ttl") == union
    return reference


# ---------------------------------------------------------------------------- tests
def test_formats_registered() -> None:
    assert {fmt.filename for fmt in FORMATS.values()} >= set(OX_FORMAT)


def test_built_files_are_equivalent(seed_build) -> None:
    quads = assert_equivalent(seed_build.out_dir)
    # named graphs (one per article) and the default graph (metadata) are both there
    assert any(q[3] == DEFAULT for q in quads)
    assert any(q[3] != DEFAULT for q in quads)


def _tricky_store() -> ox.Store:
    ex = "https://example.org/"
    s, g = ox.NamedNode(ex + "s"), ox.NamedNode(ex + "graph/a%20b")
    literals = [
        ox.Literal('quote " and \\ backslash'),
        ox.Literal("line\nbreak\ttab\rreturn"),
        ox.Literal("Зеленський, 習近平, emoji 🙂, combining é"),
        ox.Literal("chat", language="fr"),
        ox.Literal("2025-03-19", datatype=ox.NamedNode(XSD + "date")),
        ox.Literal("2025-03-19T10:00:00Z", datatype=ox.NamedNode(XSD + "dateTime")),
        ox.Literal("--03-19", datatype=ox.NamedNode(XSD + "gMonthDay")),
        ox.Literal("PT1H30M", datatype=ox.NamedNode(XSD + "duration")),
        ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal(""),
    ]
    store = ox.Store()
    for i, lit in enumerate(literals):
        p = ox.NamedNode(f"{ex}p{i}")
        store.add(ox.Quad(s, p, lit, g))
        store.add(ox.Quad(s, p, lit, ox.DefaultGraph()))
    store.add(ox.Quad(s, ox.NamedNode(ex + "link"), ox.NamedNode(ex + "o?x=1&y=%C3%A9#frag"), g))
    return store


def _write_as_the_build(store: ox.Store, out: Path) -> None:
    """The build's own writing: each graph's blocks (as map_chunk makes them), the default graph
    first, then the named graphs by IRI, joined into the files by write_dataset."""
    default = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    named = [
        list(store.quads_for_pattern(None, None, None, g))
        for g in sorted(store.named_graphs(), key=lambda g: g.value)
    ]
    blocks = iter([(graph_blocks(quads), len(quads)) for quads in named])
    write_dataset(out, (graph_blocks(default), len(default)), blocks, None, defaultdict(float))


def test_tricky_literals_survive_every_format(tmp_path: Path) -> None:
    store = _tricky_store()
    _write_as_the_build(store, tmp_path)
    quads = assert_equivalent(tmp_path)
    expected = {
        (
            _ox_term(q.subject),
            _ox_term(q.predicate),
            _ox_term(q.object),
            DEFAULT if isinstance(q.graph_name, ox.DefaultGraph) else _ox_term(q.graph_name),
        )
        for q in store
    }
    assert quads == expected


def test_nquads_equal_trig(seed_build) -> None:
    out = seed_build.out_dir
    assert ox_quads(out / "graph.nq") == ox_quads(out / "graph.trig")
    lines = (out / "graph.nq").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines)) == len(ox_quads(out / "graph.nq"))


@pytest.mark.parametrize("name", sorted(OX_FORMAT))
def test_files_end_with_a_newline(seed_build, name: str) -> None:
    data = (seed_build.out_dir / name).read_bytes()
    assert data.endswith(b"\n")
