"""SHACL validation of a build's dataset, one graph at a time.

Every named graph (one per article) and the default graph (metadata, labels) must conform to
``ontology/shapes.ttl`` on its own: "at most one eg:duration" holds per article graph, while the
union of the graphs may carry one value per source. :func:`validate_dataset` runs pySHACL on each
graph separately and returns the problems as readable lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from eventgraph.resources import ontology_dir
from eventgraph.vocab import EGSH, PREFIXES, RESOURCE_BASE

__all__ = ["load_shapes", "validate_dataset", "validate_graph"]

EG = Namespace(PREFIXES["eg"])
EGR = Namespace(RESOURCE_BASE)
_PREFIXES = {
    "eg": EG,
    "egr": EGR,
    "egsh": EGSH,
    **{p: Namespace(PREFIXES[p]) for p in ("nif", "prov", "dcterms", "schema", "wd")},
}


def load_shapes(shapes_path: Path | None = None, ontology: Iterable[Path] | None = None) -> Graph:
    """The shapes graph, with every target class widened to its subclasses.

    pySHACL (like the SHACL spec) finds instances of subclasses through rdfs:subClassOf triples in the
    *data* graph, which a build's graphs do not hold. So for each ``sh:targetClass C`` this adds a
    ``sh:targetClass`` for every subclass of C that the ontology files declare. By default the
    ontology is every other ``*.ttl`` file beside the shapes file.
    """
    path = Path(shapes_path) if shapes_path is not None else ontology_dir() / "shapes.ttl"
    shapes = Graph()
    shapes.parse(path, format="turtle")
    files = (
        list(ontology) if ontology is not None else sorted(p for p in path.parent.glob("*.ttl") if p != path)
    )
    onto = Graph()
    for f in files:
        onto.parse(f, format="turtle")
    for shape, target in list(shapes.subject_objects(SH.targetClass)):
        for sub in onto.transitive_subjects(RDFS.subClassOf, target):
            if isinstance(sub, URIRef):
                shapes.add((shape, SH.targetClass, sub))
    return shapes


def _names() -> Graph:
    g = Graph(bind_namespaces="core")
    for prefix, ns in _PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def _iri(node: Node, names: Graph) -> str:
    """A short, readable name: ``egr:actor/donald-trump`` (not always valid Turtle, meant for people)."""
    text = str(node)
    for prefix, ns in sorted(names.namespace_manager.namespaces(), key=lambda pn: -len(str(pn[1]))):
        if prefix and text.startswith(str(ns)) and len(text) > len(str(ns)):
            return f"{prefix}:{text[len(str(ns)) :]}"
    return f"<{text}>"


def _show(node: Node | None, names: Graph, report: Graph) -> str:
    if node is None:
        return "?"
    if isinstance(node, BNode):  # a property path: a sequence list or an inverse path
        if (node, RDF.first, None) in report:
            return "/".join(_show(n, names, report) for n in Collection(report, node))
        inverse = report.value(node, SH.inversePath)
        if inverse is not None:
            return "^" + _show(inverse, names, report)
        return "[]"
    if isinstance(node, Literal):
        text = str(node)
        short = text if len(text) <= 60 else text[:57] + "..."
        dt = f"^^{_iri(node.datatype, names)}" if node.datatype else ""
        lang = f"@{node.language}" if node.language else ""
        return f'"{short}"{lang}{dt}'
    return _iri(node, names)


def _problems(report: Graph, where: str, names: Graph) -> list[str]:
    out = []
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        component = report.value(result, SH.sourceConstraintComponent)
        text = messages[0] if messages else _show(component, names, report)
        line = f"{where}: {_show(focus, names, report)}"
        if path is not None:
            line += f" {_show(path, names, report)}"
        line += f": {text}"
        if value is not None and value != focus:
            line += f" (value {_show(value, names, report)})"
        out.append(line)
    return sorted(set(out))


_PREPARED: dict[str, Query] = {}


class _PreparedQueryGraph(Graph):
    """A graph that parses each SPARQL query text once.

    pySHACL runs a SPARQL-based constraint once per focus node, with the same text and ``$this``
    pre-bound, and rdflib parses the text every time: that parsing was 80 % of validation time.
    Queries that bring their own PREFIX lines (pySHACL adds ``sh:prefixes``) are cached by text.
    """

    def query(
        self,
        query_object,
        processor="sparql",
        result="sparql",
        initNs=None,
        initBindings=None,
        use_store_provided=True,
        **kwargs,
    ):  # the parameter names are rdflib's
        if isinstance(query_object, str) and initNs is None and not kwargs:
            prepared = _PREPARED.get(query_object)
            if prepared is None:
                prepared = _PREPARED[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


def validate_graph(graph: Graph, shapes: Graph, where: str = "graph") -> list[str]:
    """Validate one graph; ``where`` prefixes each problem line."""
    from pyshacl import validate  # imported late: pySHACL is slow to import and only needed here

    data = _PreparedQueryGraph()
    for triple in graph:
        data.add(triple)
    conforms, report, text = validate(
        data, shacl_graph=shapes, inference="none", advanced=False, inplace=True, allow_warnings=False
    )
    if conforms:
        return []
    if not isinstance(report, Graph):  # a pySHACL ValidationFailure: the shapes could not be applied
        return [f"{where}: validation failed: {report}"]
    problems = _problems(report, where, _names())
    return problems or [f"{where}: does not conform: {text}"]


def validate_dataset(ds: Dataset, shapes_path: Path | None = None) -> list[str]:
    """Validate each named graph of ``ds`` and its default graph, each on its own.

    Returns human-readable problems, one per line, each naming its graph; an empty list means that
    every graph conforms. ``shapes_path`` defaults to the package's ``ontology/shapes.ttl``.
    """
    shapes = load_shapes(shapes_path)
    problems: list[str] = []
    default = ds.graph(DATASET_DEFAULT_GRAPH_ID)
    problems += validate_graph(default, shapes, "default graph")
    names = _names()
    named = [g for g in ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID]
    for g in sorted(named, key=lambda g: str(g.identifier)):
        if len(g):
            problems += validate_graph(g, shapes, f"graph {_iri(g.identifier, names)}")
    return problems
