"""Parameters are bound values, never text: a value becomes one RDF term, and the term reaches the query
in one of two ways, both of which keep it from changing the query's shape.

* :func:`substitutions` for pyoxigraph's ``substitutions=`` (SEP-0007: the query is parsed first, then
  the variable is replaced by the term; pyoxigraph requires a substituted variable of a ``SELECT`` to
  be in its projection);
* :func:`bind_values` for endpoints: an inline ``VALUES`` block inserted at the start of the query's
  top-level ``WHERE`` group, where every term is written by :func:`sparql_term` – IRIs validated
  against the ``IRIREF`` production and as RFC 3987 IRIs, literals with every quote, backslash and
  control character escaped, language tags and datatype IRIs validated. Pasting a user's string into
  the query text instead (``f"<{value}>"``) would let a value such as ``x> . ?s ?p ?o`` or
  ``"} ; DROP ALL #`` rewrite the query; a ``VALUES`` term has no such way out, and the protocol
  ``POST`` of a query cannot run an update anyway.

Finding that ``WHERE`` group takes a small scanner of SPARQL text (:func:`_tokens`) that skips
comments, strings, IRIs, variables and prefixed names.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from eventgraph.sparql.errors import QueryError
from eventgraph.sparql.results import PREFIXES, XSD, XSD_STRING

__all__ = ["VARNAME_RE", "bind_values", "parse_param_value", "sparql_term", "substitutions"]

VARNAME_RE = re.compile(r"\A[A-Za-z_][A-Za-z0-9_]*\Z")  # \Z: "$" would let a final newline in
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


def _check_names(bindings: Mapping[str, Any]) -> None:
    for name in bindings:
        if not VARNAME_RE.match(name):
            raise QueryError(f"bad parameter name {name!r}")


def substitutions(bindings: Mapping[str, Any]) -> dict[ox.Variable, Any]:
    """The bindings as pyoxigraph's ``substitutions=``: each value made a term by :func:`_to_term`."""
    _check_names(bindings)
    return {ox.Variable(name): _to_term(value) for name, value in bindings.items()}


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
    _check_names(bindings)
    names = list(bindings)
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
