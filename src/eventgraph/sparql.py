"""SPARQL over a build: a graph file or build folder (pyoxigraph, in memory) or an HTTP SPARQL endpoint.

Queries see the dataset exactly as a triple store does: the default graph is the build's *metadata*
(articles, ``prov:wasDerivedFrom`` links, canonical labels), and each article's assertions are only
reachable through ``GRAPH ?g { … }``. The union of the named graphs is never the default graph here.

Ready queries ship as ``eventgraph/queries/NAME.rq``; their header comments (``# title:``,
``# description:``, ``# param: NAME DEFAULT description``) are what :func:`list_queries` reports.

**Parameters are bound values, never text.** ``params`` are turned into RDF terms and

* for files, handed to pyoxigraph as ``substitutions=`` (SEP-0007: the query is parsed first, then the
  variable is replaced by the term, so a value cannot change the query's shape; pyoxigraph requires a
  substituted variable of a ``SELECT`` to be in its projection);
* for endpoints, sent as an inline ``VALUES`` block inserted at the start of the query's top-level
  ``WHERE`` group, where every term is written by :func:`sparql_term` – IRIs validated against the
  ``IRIREF`` production and as RFC 3987 IRIs, literals with every quote, backslash and control
  character escaped, language tags and datatype IRIs validated. Pasting a user's string into the query
  text instead (``f"<{value}>"``) would let a value such as ``x> . ?s ?p ?o`` or ``"} ; DROP ALL #``
  rewrite the query; a ``VALUES`` term has no such way out, and the protocol ``POST`` of a query cannot
  run an update anyway.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from eventgraph.http import http_opener

__all__ = [
    "PREFIXES",
    "QueryError",
    "QueryInfo",
    "QueryParam",
    "QueryResult",
    "Term",
    "bind_values",
    "get_query",
    "list_queries",
    "load_store",
    "parse_param_value",
    "query",
    "query_form",
    "sparql_term",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
XSD_STRING = XSD + "string"

#: Prefixes used to shorten IRIs in tables and to expand ``egr:…`` style parameter values.
PREFIXES: dict[str, str] = {
    "eg": "https://w3id.org/eventgraph/ontology#",
    "egr": "https://w3id.org/eventgraph/resource/",
    "prov": "http://www.w3.org/ns/prov#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "dcterms": "http://purl.org/dc/terms/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "wd": "http://www.wikidata.org/entity/",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": XSD,
}

#: Media types offered to endpoints: SPARQL JSON results for SELECT/ASK, RDF for CONSTRUCT/DESCRIBE.
ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.8, "
    "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
)

#: Graph files a build writes, in the order a folder is searched.
BUILD_FILES = ("graph.trig", "graph.nq", "graph.jsonld", "graph.ttl")


class QueryError(Exception):
    """A query could not be prepared or run (bad parameter, syntax error, endpoint refusal)."""


# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------------
# The library of ready queries
# --------------------------------------------------------------------------------------------------

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_VARNAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class QueryParam:
    name: str
    default: str | None  # a value as given on the command line; None: required
    description: str = ""


@dataclass(frozen=True, slots=True)
class QueryInfo:
    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    text: str


def parse_header(name: str, text: str) -> QueryInfo:
    """Read the ``# title:``, ``# description:`` and ``# param:`` comment lines of a query."""
    title, description, params = name, list[str](), list[QueryParam]()
    for raw in text.splitlines():
        line = raw.strip()
        if not line.startswith("#"):
            if line:
                break  # the header is the comment block before the query
            continue
        body = line.lstrip("#").strip()
        key, sep, value = body.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not sep:
            if description:  # continuation lines of a description
                description.append(body)
            continue
        if key == "title":
            title = value
        elif key == "description":
            description.append(value)
        elif key == "param":
            parts = value.split(None, 2)
            if not parts or not _VARNAME_RE.match(parts[0]):
                raise QueryError(f"query {name}: bad '# param:' line: {raw!r}")
            default = parts[1] if len(parts) > 1 and parts[1] != "-" else None
            params.append(QueryParam(parts[0], default, parts[2] if len(parts) > 2 else ""))
        elif description and not key.isidentifier():
            description.append(body)
    return QueryInfo(name, title, " ".join(description), tuple(params), text)


def _queries_dir() -> Any:
    return resources.files("eventgraph") / "queries"


def list_queries() -> list[QueryInfo]:
    """Every ready query shipped with the package, by name."""
    out = []
    for entry in _queries_dir().iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            out.append(parse_header(name, entry.read_text(encoding="utf-8")))
    return sorted(out, key=lambda q: q.name)


def get_query(name: str) -> QueryInfo:
    if not _NAME_RE.match(name):
        raise QueryError(f"no ready query named {name!r}")
    entry = _queries_dir() / f"{name}.rq"
    if not entry.is_file():
        known = ", ".join(q.name for q in list_queries())
        raise QueryError(f"no ready query named {name!r} (ready queries: {known})")
    return parse_header(name, entry.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------------
# Terms: parameter values in, SPARQL text out
# --------------------------------------------------------------------------------------------------

_LITERAL_RE = re.compile(
    r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(?:<([^<>]*)>|([A-Za-z][\w-]*):(\S*)))?$',
    re.DOTALL,
)
_ECHAR_IN = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_AUTO_IRI_RE = re.compile(r"^(?:https?|urn|tag|mailto|file):\S+$", re.IGNORECASE)
_PNAME_RE = re.compile(r"^([A-Za-z][\w-]*):(\S*)$")
_LANG_RE = re.compile(r"^[A-Za-z]+(?:-[A-Za-z0-9]+)*$")
# IRIREF of the SPARQL grammar: no <>"{}|^`\ and nothing at or below U+0020
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def _unescape(body: str) -> str:
    def repl(m: re.Match[str]) -> str:
        s = m.group(0)
        if s[1] in "uU":
            return chr(int(s[2:], 16))
        return _ECHAR_IN.get(s[1], s[1])

    return re.sub(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", repl, body, flags=re.DOTALL)


def _named_node(iri: str) -> ox.NamedNode:
    if _IRI_FORBIDDEN.search(iri):
        bad = _IRI_FORBIDDEN.search(iri).group(0)  # type: ignore[union-attr]
        raise QueryError(f"not a valid IRI (contains {bad!r}): {iri!r}")
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"not a valid IRI: {iri!r} ({exc})") from None


def parse_param_value(text: str) -> ox.NamedNode | ox.Literal:
    """Turn a command-line value into an RDF term.

    ``<iri>`` → IRI; ``egr:event/…`` (a prefix of :data:`PREFIXES`) → IRI; ``http(s):``, ``urn:``,
    ``tag:``, ``mailto:``, ``file:`` values without spaces → IRI; ``"text"``, ``"text"@en``,
    ``"5"^^xsd:integer`` → that literal; a bare integer/decimal → ``xsd:integer``/``xsd:decimal``;
    ``true``/``false`` → ``xsd:boolean``; anything else → a plain string literal (quote it to be sure).
    """
    if text.startswith("<") and text.endswith(">"):
        return _named_node(text[1:-1])
    m = _LITERAL_RE.match(text)
    if m:
        value = _unescape(m.group(1))
        if m.group(2):
            return ox.Literal(value, language=m.group(2))
        if m.group(3) is not None:
            return ox.Literal(value, datatype=_named_node(m.group(3)))
        if m.group(4):
            if m.group(4) not in PREFIXES:
                raise QueryError(f"unknown prefix {m.group(4)!r} in {text!r}")
            return ox.Literal(value, datatype=_named_node(PREFIXES[m.group(4)] + m.group(5)))
        return ox.Literal(value)
    pm = _PNAME_RE.match(text)
    if pm and pm.group(1) in PREFIXES:
        return _named_node(PREFIXES[pm.group(1)] + pm.group(2))
    if _AUTO_IRI_RE.match(text):
        return _named_node(text)
    if re.fullmatch(r"[+-]?\d+", text):
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "integer"))
    if re.fullmatch(r"[+-]?\d*\.\d+", text):
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "decimal"))
    if text in ("true", "false"):
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "boolean"))
    return ox.Literal(text)


def _to_term(value: Any) -> ox.NamedNode | ox.Literal:
    """A parameter given to the API: a string (parsed), a pyoxigraph or rdflib term, or a number."""
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if isinstance(value, ox.BlankNode):
        raise QueryError("a blank node cannot be a query parameter")
    rdflib = sys.modules.get("rdflib")  # rdflib terms are str subclasses: look at them first
    if rdflib is not None and isinstance(value, rdflib.term.Identifier):
        if isinstance(value, rdflib.URIRef):
            return _named_node(str(value))
        if isinstance(value, rdflib.Literal):
            if value.language:
                return ox.Literal(str(value), language=value.language)
            if value.datatype:
                return ox.Literal(str(value), datatype=_named_node(str(value.datatype)))
            return ox.Literal(str(value))
        raise QueryError(f"a {type(value).__name__} cannot be a query parameter")
    if isinstance(value, str):
        return parse_param_value(value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    raise QueryError(f"cannot use {type(value).__name__} {value!r} as a query parameter")


_ECHAR_OUT = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _escape_string(value: str) -> str:
    out = []
    for ch in value:
        if ch in _ECHAR_OUT:
            out.append(_ECHAR_OUT[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            raise QueryError("a literal parameter contains a lone surrogate code point")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def sparql_term(term: Any) -> str:
    """Write one RDF term as SPARQL text that cannot be anything but that one term.

    IRIs must be absolute RFC 3987 IRIs without any character the ``IRIREF`` production forbids (so
    none can close the ``<…>``); nothing is percent-encoded or "fixed", an invalid IRI is an error.
    Literals are written in double quotes with ``\\``, ``"``, line breaks and every other control
    character escaped, so the text cannot close the string; language tags and datatype IRIs are
    validated the same way. Blank nodes and quoted triples are refused (``VALUES`` cannot hold them).
    """
    term = _to_term(term)
    if isinstance(term, ox.NamedNode):
        return "<" + _named_node(term.value).value + ">"
    lang = term.language
    if lang:
        if not _LANG_RE.match(lang):
            raise QueryError(f"bad language tag {lang!r}")
        return _escape_string(term.value) + "@" + lang
    datatype = term.datatype.value
    if datatype == XSD_STRING:
        return _escape_string(term.value)
    return _escape_string(term.value) + "^^<" + _named_node(datatype).value + ">"


# --------------------------------------------------------------------------------------------------
# A small SPARQL scanner: where does the query's top-level WHERE group start?
# --------------------------------------------------------------------------------------------------

_IRIREF_RE = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VAR_RE = re.compile(r"[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]*")
_PNAME_TAIL_RE = re.compile(r"[^\s{}()<>\"',;]*")


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "word" | "{" | "}" | "(" | ")"
    text: str
    start: int


def _tokens(q: str) -> list[_Tok]:
    """Keywords and brackets of a query, skipping comments, strings, IRIs, variables, prefixed names."""
    out: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c == "#":
            j = q.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            long = q.startswith(c * 3, i)
            quote = c * 3 if long else c
            j = i + len(quote)
            while j < n and not q.startswith(quote, j):
                if not long and q[j] in "\n\r":
                    raise QueryError(f"unterminated string in query at offset {i}")
                j += 2 if q[j] == "\\" else 1
            if j >= n:
                raise QueryError(f"unterminated string in query at offset {i}")
            i = j + len(quote)
        elif c == "<":
            m = _IRIREF_RE.match(q, i)
            i = m.end() if m else i + 1  # else the "<" operator
        elif c in "?$":
            i = _VAR_RE.match(q, i).end()  # type: ignore[union-attr]
        elif c in "{}()":
            out.append(_Tok(c, c, i))
            i += 1
        elif c.isalpha() or c == "_":
            m = _WORD_RE.match(q, i)
            assert m is not None
            end = m.end()
            if end < n and q[end] == ":":  # a prefixed name (or PREFIX declaration), not a keyword
                i = _PNAME_TAIL_RE.match(q, end + 1).end()  # type: ignore[union-attr]
            else:
                out.append(_Tok("word", m.group(0).upper(), i))
                i = end
        elif c == ":":
            i = _PNAME_TAIL_RE.match(q, i + 1).end()  # type: ignore[union-attr]
        else:
            i += 1
    return out


_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")


def query_form(sparql: str) -> str:
    """``SELECT``, ``CONSTRUCT``, ``DESCRIBE`` or ``ASK`` (or ``UPDATE`` for anything else)."""
    for tok in _tokens(sparql):
        if tok.kind == "word" and tok.text in _FORMS:
            return tok.text
        if tok.kind == "word" and tok.text not in ("BASE", "PREFIX"):
            break
    return "UPDATE"


def _matching(toks: list[_Tok], k: int) -> int:
    depth = 0
    for j in range(k, len(toks)):
        if toks[j].kind == "{":
            depth += 1
        elif toks[j].kind == "}":
            depth -= 1
            if depth == 0:
                return j
    raise QueryError("unbalanced braces in query")


def bind_values(sparql: str, bindings: Mapping[str, Any]) -> str:
    """Insert ``VALUES (?a …) { (term …) }`` as the first element of the query's WHERE group.

    This gives the parameters the same meaning as an initial binding (they join with everything
    the WHERE clause matches, ``FILTER``/``EXISTS`` see them); variables inside a sub-``SELECT``
    that it does not project are, as SPARQL scoping says, not affected.
    """
    if not bindings:
        return sparql
    names = list(bindings)
    for name in names:
        if not _VARNAME_RE.match(name):
            raise QueryError(f"bad parameter name {name!r}")
    row = " ".join(sparql_term(bindings[name]) for name in names)
    values = "VALUES (" + " ".join("?" + n for n in names) + ") { (" + row + ") }"

    toks = _tokens(sparql)
    form_at = next((k for k, t in enumerate(toks) if t.kind == "word" and t.text in _FORMS), None)
    if form_at is None:
        raise QueryError("parameters can only be bound in SELECT, CONSTRUCT, DESCRIBE or ASK queries")
    form = toks[form_at].text
    # the top-level groups after the form keyword (braces outside any parenthesis)
    tops: list[int] = []
    depth = paren = 0
    for k in range(form_at + 1, len(toks)):
        t = toks[k]
        if t.kind == "(":
            paren += 1
        elif t.kind == ")":
            paren -= 1
        elif t.kind == "{":
            if depth == 0 and paren == 0:
                tops.append(k)
            depth += 1
        elif t.kind == "}":
            depth -= 1
    if not tops:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    first_where = next(
        (k for k in range(form_at + 1, tops[0]) if toks[k].kind == "word" and toks[k].text == "WHERE"),
        None,
    )
    if form == "CONSTRUCT" and first_where is None:
        if len(tops) < 2:
            raise QueryError("cannot bind parameters: CONSTRUCT without a WHERE clause")
        group = tops[1]
    elif form == "CONSTRUCT":
        # short form: CONSTRUCT WHERE { P } = CONSTRUCT { P } WHERE { P }; spell it out
        close = _matching(toks, tops[0])
        open_at, close_at = toks[tops[0]].start, toks[close].start
        pattern = sparql[open_at + 1 : close_at]
        where_at = toks[first_where].start  # type: ignore[index]  # not None in this branch
        return (
            sparql[:where_at]
            + "{"
            + pattern
            + "\n} "
            + sparql[where_at : open_at + 1]
            + " "
            + values
            + " "
            + sparql[open_at + 1 :]
        )
    else:
        group = tops[0]
    open_at = toks[group].start
    nxt = toks[group + 1] if group + 1 < len(toks) else None
    if nxt is not None and nxt.kind == "word" and nxt.text == "SELECT":
        # WHERE { SELECT … }: a sub-select must be alone in its group, so wrap it in one more
        close_at = toks[_matching(toks, group)].start
        return (
            sparql[: open_at + 1]
            + " "
            + values
            + " {"
            + sparql[open_at + 1 : close_at]
            + "} "
            + sparql[close_at:]
        )
    return sparql[: open_at + 1] + " " + values + " " + sparql[open_at + 1 :]


# --------------------------------------------------------------------------------------------------
# Sources: files and endpoints
# --------------------------------------------------------------------------------------------------


def is_endpoint(source: Any) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def resolve_graph_file(path: str | Path) -> Path:
    """A build folder's ``graph.trig`` (or another graph file it has), or the file itself."""
    p = Path(path)
    if p.is_dir():
        for name in BUILD_FILES:
            if (p / name).is_file():
                return p / name
        raise QueryError(f"{p}: no graph.trig in this folder (is it a build's output folder?)")
    if not p.is_file():
        raise QueryError(f"{p}: no such file or folder")
    return p


def load_store(path: str | Path) -> ox.Store:
    """An in-memory pyoxigraph store holding a graph file, or a build folder's ``graph.trig``.

    Quad formats (TriG, N-Quads, JSON-LD) keep their named graphs; a triples file such as the build's
    ``graph.ttl`` (the union) lands in the default graph, where ``GRAPH ?g`` patterns find nothing.
    """
    file = resolve_graph_file(path)
    suffix = file.suffix.lstrip(".").lower()
    fmt = ox.RdfFormat.from_extension(suffix) or (ox.RdfFormat.JSON_LD if suffix == "json" else None)
    if fmt is None:
        raise QueryError(f"{file}: unknown RDF format (use .trig, .nq, .ttl, .nt, .jsonld)")
    store = ox.Store()
    try:
        store.bulk_load(path=str(file), format=fmt)
    except SyntaxError as exc:
        raise QueryError(f"{file}: {exc}") from None
    return store


def _query_store(store: ox.Store, sparql: str, bindings: Mapping[str, Any]) -> QueryResult:
    for name in bindings:
        if not _VARNAME_RE.match(name):
            raise QueryError(f"bad parameter name {name!r}")
    subs: dict[ox.Variable, Any] = {ox.Variable(name): _to_term(value) for name, value in bindings.items()}
    try:
        result = store.query(sparql, use_default_graph_as_union=False, substitutions=subs or None)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except RuntimeError as exc:  # e.g. a substituted variable missing from the SELECT projection
        raise QueryError(str(exc)) from None
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        terms = [
            [None if sol[v] is None else Term.from_oxigraph(sol[v]) for v in variables] for sol in result
        ]
        return QueryResult("select", variables, terms)
    return _graph_result(result)


def _graph_result(triples: Iterable[Any]) -> QueryResult:
    terms: list[list[Term | None]] = [
        [Term.from_oxigraph(t.subject), Term.from_oxigraph(t.predicate), Term.from_oxigraph(t.object)]
        for t in triples
    ]
    return QueryResult("graph", ["subject", "predicate", "object"], terms)


_virtuoso_hosts: dict[str, bool] = {}


def _is_virtuoso(url: str, opener: urllib.request.OpenerDirector, timeout: float) -> bool:
    """Whether the endpoint's ``Server`` header names Virtuoso (asked once per host)."""
    host = urllib.parse.urlsplit(url).netloc
    if host not in _virtuoso_hosts:
        server = ""
        try:
            with opener.open(urllib.request.Request(url, method="HEAD"), timeout=min(timeout, 10)) as r:
                server = r.headers.get("Server", "")
        except urllib.error.HTTPError as exc:
            server = exc.headers.get("Server", "") if exc.headers else ""
        except (OSError, ValueError):
            server = ""
        _virtuoso_hosts[host] = "virtuoso" in server.lower()
    return _virtuoso_hosts[host]


def _query_endpoint(
    url: str,
    sparql: str,
    bindings: Mapping[str, Any],
    *,
    timeout: float,
    post: str,
    user: str | None,
    password: str | None,
) -> QueryResult:
    text = bind_values(sparql, bindings)
    opener = http_opener(url, user, password)
    if post == "auto":
        # Virtuoso 7 never answers a POST of application/sparql-query (openlink/virtuoso-opensource#842);
        # it gets the protocol's other POST form, URL-encoded, which every store supports too.
        post = "form" if _is_virtuoso(url, opener, timeout) else "direct"
    if post == "direct":
        data = text.encode("utf-8")
        ctype = "application/sparql-query; charset=utf-8"
    elif post == "form":
        data = urllib.parse.urlencode({"query": text}).encode("ascii")
        ctype = "application/x-www-form-urlencoded"
    else:
        raise QueryError(f"unknown POST style {post!r} (auto, direct, form)")
    req = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": ctype, "Accept": ACCEPT}
    )
    try:
        with opener.open(req, timeout=timeout) as resp:
            body = resp.read()
            media = resp.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read(600).decode("utf-8", "replace").split())
        raise QueryError(f"{url}: HTTP {exc.code} {exc.reason}: {detail[:300]}") from None
    except (OSError, ValueError) as exc:
        raise QueryError(f"{url}: {getattr(exc, 'reason', exc)}") from None
    return parse_endpoint_response(body, media)


def parse_endpoint_response(body: bytes, media: str) -> QueryResult:
    """Parse what an endpoint answered: SPARQL results (JSON, XML) or an RDF graph."""
    if media in ("application/sparql-results+json", "application/json"):
        doc = json.loads(body.decode("utf-8"))
        if "boolean" in doc:
            return QueryResult("ask", boolean=bool(doc["boolean"]))
        variables = list(doc.get("head", {}).get("vars", []))
        terms = [
            [Term.from_sparql_json(b[v]) if v in b else None for v in variables]
            for b in doc.get("results", {}).get("bindings", [])
        ]
        return QueryResult("select", variables, terms)
    if media == "application/sparql-results+xml":
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
        if isinstance(parsed, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(parsed))
        variables = [v.value for v in parsed.variables]
        terms = [[None if s[v] is None else Term.from_oxigraph(s[v]) for v in variables] for s in parsed]
        return QueryResult("select", variables, terms)
    fmt = ox.RdfFormat.from_media_type(media)
    if fmt is None and media == "text/plain":
        fmt = ox.RdfFormat.N_TRIPLES
    if fmt is None:
        raise QueryError(f"endpoint answered with unsupported media type {media!r}")
    return _graph_result(ox.parse(body, format=fmt))


# --------------------------------------------------------------------------------------------------
# The entry point
# --------------------------------------------------------------------------------------------------


def prepare(sparql_or_name: str, params: Mapping[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """The query text and its bindings: a ready query's defaults filled in, unknown names refused."""
    params = dict(params or {})
    if _NAME_RE.match(sparql_or_name):
        info = get_query(sparql_or_name)
        declared = {p.name: p for p in info.params}
        unknown = sorted(set(params) - set(declared))
        if unknown:
            allowed = ", ".join(declared) or "none"
            raise QueryError(
                f"query {info.name} has no parameter {', '.join(unknown)} (parameters: {allowed})"
            )
        for p in info.params:
            if p.name not in params:
                if p.default is None:
                    raise QueryError(f"query {info.name} needs --param {p.name}=VALUE ({p.description})")
                params[p.name] = p.default
        return info.text, params
    return sparql_or_name, params


def query(
    source: str | Path | ox.Store,
    sparql_or_name: str,
    *,
    params: Mapping[str, Any] | None = None,
    timeout: float = 300.0,
    post: str = "auto",
    user: str | None = None,
    password: str | None = None,
) -> QueryResult:
    """Run a SPARQL query (text, or the name of a ready query) over a build.

    ``source`` is a build folder, a graph file, an ``http(s)://`` SPARQL endpoint, or a
    :class:`pyoxigraph.Store` (to run many queries over one load). ``params`` maps variable names to
    values (strings as on the command line, or pyoxigraph/rdflib terms); they are bound, never pasted.
    For endpoints, ``post`` picks ``direct`` (``application/sparql-query``), ``form`` (URL-encoded) or
    ``auto`` (direct, but form for Virtuoso); ``user``/``password`` for stores behind HTTP auth.
    """
    sparql, bindings = prepare(sparql_or_name, params)
    if isinstance(source, ox.Store):
        return _query_store(source, sparql, bindings)
    if is_endpoint(source):
        return _query_endpoint(
            str(source), sparql, bindings, timeout=timeout, post=post, user=user, password=password
        )
    return _query_store(load_store(source), sparql, bindings)
