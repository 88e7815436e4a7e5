"""What a query returns, whichever backend ran it: :class:`Term` cells in a :class:`QueryResult`, and
the three output formats of ``eventgraph query`` (an aligned table, SPARQL CSV, SPARQL JSON)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from eventgraph import vocab
from eventgraph.mint import DEFAULT_BASE
from eventgraph.sparql.errors import QueryError

__all__ = ["PREFIXES", "XSD", "XSD_STRING", "QueryResult", "Term"]

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
XSD_STRING = XSD + "string"

#: Prefixes that shorten IRIs in tables and expand ``egr:…`` style parameter values: the namespaces of
#: :mod:`eventgraph.vocab`, the default base of minted resources (``egr:``) and ``rdf:``.
PREFIXES: dict[str, str] = {
    **vocab.PREFIXES,
    "egr": DEFAULT_BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}


@dataclass(frozen=True, slots=True)
class Term:
    """One RDF term of a result, independent of where it came from (pyoxigraph or an endpoint)."""

    kind: str  # "uri" | "literal" | "bnode" | "triple"
    value: str
    datatype: str | None = None  # None for simple and language-tagged literals
    lang: str | None = None

    @classmethod
    def from_oxigraph(cls, term: Any) -> Term:
        if isinstance(term, ox.NamedNode):
            return cls("uri", term.value)
        if isinstance(term, ox.BlankNode):
            return cls("bnode", term.value)
        if isinstance(term, ox.Literal):
            lang = term.language
            datatype: str | None = term.datatype.value
            if lang or datatype in (XSD_STRING, RDF_LANG_STRING):
                datatype = None
            return cls("literal", term.value, datatype, lang or None)
        return cls("triple", str(term))

    @classmethod
    def from_sparql_json(cls, binding: Mapping[str, Any]) -> Term:
        kind = binding.get("type")
        value = str(binding.get("value", ""))
        if kind == "uri":
            return cls("uri", value)
        if kind == "bnode":
            return cls("bnode", value)
        if kind in ("literal", "typed-literal"):  # "typed-literal": SPARQL-JSON of old Virtuoso versions
            lang = binding.get("xml:lang") or binding.get("lang")
            datatype = binding.get("datatype")
            if lang or datatype in (XSD_STRING, RDF_LANG_STRING):
                datatype = None
            return cls("literal", value, datatype, lang or None)
        if kind == "triple":
            return cls("triple", json.dumps(value, sort_keys=True))
        raise QueryError(f"unknown term type in SPARQL JSON results: {kind!r}")

    def __str__(self) -> str:
        return "_:" + self.value if self.kind == "bnode" else self.value

    def to_sparql_json(self) -> dict[str, str]:
        if self.kind == "literal":
            out = {"type": "literal", "value": self.value}
            if self.lang:
                out["xml:lang"] = self.lang
            elif self.datatype:
                out["datatype"] = self.datatype
            return out
        return {"type": self.kind, "value": self.value}

    def display(self, compact: bool = True) -> str:
        """A short form for tables: IRIs with a known namespace as ``prefix:local``."""
        if self.kind == "uri" and compact:
            for prefix, ns in PREFIXES.items():
                if self.value.startswith(ns) and len(self.value) > len(ns):
                    return f"{prefix}:{self.value[len(ns) :]}"
        if self.kind == "literal" and self.lang:
            return f"{self.value}@{self.lang}"
        return str(self)

    @property
    def numeric(self) -> bool:
        return self.kind == "literal" and self.datatype is not None and self.datatype in _NUMERIC


_NUMERIC = {
    XSD + t
    for t in (
        "integer", "decimal", "double", "float", "long", "int", "short", "byte",
        "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger",
        "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    )
}  # fmt: skip


@dataclass
class QueryResult:
    """What a query returned.

    ``kind`` is ``"select"``, ``"ask"`` (see :attr:`boolean`) or ``"graph"`` (CONSTRUCT/DESCRIBE:
    the triples as rows of ``subject``, ``predicate``, ``object``). :attr:`rows` gives every cell as a
    plain string (IRI, lexical form of a literal, ``_:id`` of a blank node) or ``None`` when unbound.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    terms: list[list[Term | None]] = field(default_factory=list)
    boolean: bool | None = None

    @classmethod
    def from_oxigraph(cls, answer: Any) -> QueryResult:
        """From what pyoxigraph gives: a boolean, solutions, or the triples of a graph."""
        if isinstance(answer, ox.QueryBoolean):
            return cls("ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            terms = [
                [None if sol[v] is None else Term.from_oxigraph(sol[v]) for v in variables] for sol in answer
            ]
            return cls("select", variables, terms)
        return cls.from_triples(answer)

    @classmethod
    def from_triples(cls, triples: Iterable[Any]) -> QueryResult:
        terms: list[list[Term | None]] = [
            [Term.from_oxigraph(t.subject), Term.from_oxigraph(t.predicate), Term.from_oxigraph(t.object)]
            for t in triples
        ]
        return cls("graph", ["subject", "predicate", "object"], terms)

    @classmethod
    def from_sparql_json(cls, doc: Mapping[str, Any]) -> QueryResult:
        """From a SPARQL 1.1 Query Results JSON document."""
        if "boolean" in doc:
            return cls("ask", boolean=bool(doc["boolean"]))
        variables = list(doc.get("head", {}).get("vars", []))
        terms = [
            [Term.from_sparql_json(b[v]) if v in b else None for v in variables]
            for b in doc.get("results", {}).get("bindings", [])
        ]
        return cls("select", variables, terms)

    @property
    def rows(self) -> list[list[str | None]]:
        return [[None if t is None else str(t) for t in row] for row in self.terms]

    def __len__(self) -> int:
        return len(self.terms)

    def to_table(self, max_width: int = 60, compact: bool = True) -> str:
        """An aligned text table; cells longer than ``max_width`` (0: no limit) end in ``…``."""
        if self.kind == "ask":
            return "true\n" if self.boolean else "false\n"

        def cell(t: Term | None) -> str:
            text = "" if t is None else t.display(compact)
            text = " ".join(text.split()) if ("\n" in text or "\r" in text or "\t" in text) else text
            if max_width and len(text) > max_width:
                text = text[: max(max_width - 1, 0)].rstrip() + "…"
            return text

        header = list(self.variables)
        body = [[cell(t) for t in row] for row in self.terms]
        right = [
            bool(self.terms) and all(row[i] is None or row[i].numeric for row in self.terms)  # type: ignore[union-attr]
            for i in range(len(header))
        ]
        widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]

        def line(cells: list[str]) -> str:
            parts = [
                c.rjust(w) if right[i] else c.ljust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            ]
            return " | ".join(parts).rstrip()

        out = [line(header), "-+-".join("-" * w for w in widths)]
        out += [line(r) for r in body]
        n = len(body)
        out.append(f"({n} row{'' if n == 1 else 's'})")
        return "\n".join(out) + "\n"

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV results: a header of variable names, plain values, empty when unbound."""
        buf = io.StringIO()
        writer = csv.writer(buf)  # CRLF line ends, as the SPARQL CSV format has them
        if self.kind == "ask":
            writer.writerow(["boolean"])
            writer.writerow(["true" if self.boolean else "false"])
            return buf.getvalue()
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow(["" if v is None else v for v in row])
        return buf.getvalue()

    def to_json(self, indent: int | None = 2) -> str:
        """SPARQL 1.1 Query Results JSON (for graphs: bindings of subject/predicate/object)."""
        if self.kind == "ask":
            doc: dict[str, Any] = {"head": {}, "boolean": bool(self.boolean)}
        else:
            bindings = [
                {v: t.to_sparql_json() for v, t in zip(self.variables, row, strict=True) if t is not None}
                for row in self.terms
            ]
            doc = {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}
        return json.dumps(doc, indent=indent, ensure_ascii=False) + "\n"

    def format(self, fmt: str, max_width: int = 60) -> str:
        if fmt == "table":
            return self.to_table(max_width=max_width)
        if fmt == "csv":
            return self.to_csv()
        if fmt == "json":
            return self.to_json()
        raise ValueError(f"unknown format {fmt!r} (table, csv, json)")
