"""The ready queries: ``eventgraph/queries/NAME.rq`` files shipped with the package.

A file's header comments (``# title:``, ``# description:``, ``# param: NAME DEFAULT description``) are
what :func:`list_queries` and ``eventgraph query --list`` report. :func:`ready_query_text` is the one
way a ready query's text is read; it adds the ``PREFIX`` declarations and fills the markers that
stand for lists kept elsewhere: ``@event-classes@`` (every event class of the ontology's class
table), ``@compared-attributes@`` and ``@compared-roles@`` (what a disagreement compares, from
:mod:`eventgraph.disagreement`). So a new event class needs no edit of a query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from eventgraph.classes import class_table
from eventgraph.disagreement import ATTRIBUTES, ROLES
from eventgraph.sparql.binding import VARNAME_RE
from eventgraph.sparql.errors import QueryError
from eventgraph.vocab import PREFIXES

__all__ = ["QueryInfo", "QueryParam", "get_query", "is_ready_query_name", "list_queries", "ready_query_text"]

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def is_ready_query_name(text: str) -> bool:
    """Whether ``text`` is written like a ready query's name (rather than being SPARQL)."""
    return bool(_NAME_RE.match(text))


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
            if not parts or not VARNAME_RE.match(parts[0]):
                raise QueryError(f"query {name}: bad '# param:' line: {raw!r}")
            default = parts[1] if len(parts) > 1 and parts[1] != "-" else None
            params.append(QueryParam(parts[0], default, parts[2] if len(parts) > 2 else ""))
        elif description and not key.isidentifier():
            description.append(body)
    return QueryInfo(name, title, " ".join(description), tuple(params), text)


def _queries_dir() -> Any:
    return resources.files("eventgraph") / "queries"


def _prefix_declarations(sparql: str) -> str:
    """``PREFIX`` lines for the prefixes of :data:`eventgraph.vocab.PREFIXES` that ``sparql`` uses."""
    return "".join(
        f"PREFIX {prefix}: <{namespace}>\n"
        for prefix, namespace in PREFIXES.items()
        if re.search(rf"(?<![\w.-]){re.escape(prefix)}:", sparql)
    )


_MARKER = re.compile(r"@([a-z-]+)@")


def _fill_markers(name: str, sparql: str) -> str:
    lists = {
        "event-classes": ", ".join(f"eg:{c.name}" for c in class_table().of_kind("event")),
        "compared-attributes": " ".join(f"eg:{p}" for p in ATTRIBUTES),
        "compared-roles": " ".join(f"eg:{p}" for p in ROLES),
    }

    def fill(m: re.Match[str]) -> str:
        if m.group(1) not in lists:
            raise QueryError(f"query {name}: unknown marker {m.group(0)} (known: {', '.join(lists)})")
        return lists[m.group(1)]

    return _MARKER.sub(fill, sparql)


def ready_query_text(name: str) -> str:
    """A ready query's SPARQL as it runs: its ``.rq`` file, with the ``PREFIX`` declarations of the
    namespaces it uses (from :mod:`eventgraph.vocab`, the one place they are spelled) put right after
    its header comments. The files declare no prefixes of their own."""
    if not _NAME_RE.match(name):
        raise QueryError(f"no ready query named {name!r}")
    entry = _queries_dir() / f"{name}.rq"
    if not entry.is_file():
        known = ", ".join(sorted(_names()))
        raise QueryError(f"no ready query named {name!r} (ready queries: {known})")
    lines = entry.read_text(encoding="utf-8").splitlines(keepends=True)
    # after the header, not before it: parse_header reads comments up to the first query line, and
    # without a PREFIX line to stop it there it would read on into comments inside the query
    header = 0
    while header < len(lines) and lines[header].lstrip().startswith("#"):
        header += 1
    body = _fill_markers(name, "".join(lines[header:]))
    return "".join(lines[:header]) + _prefix_declarations(body) + body


def _names() -> list[str]:
    return [e.name[: -len(".rq")] for e in _queries_dir().iterdir() if e.name.endswith(".rq")]


def get_query(name: str) -> QueryInfo:
    """One ready query: its header's title, description and parameters, and its text."""
    return parse_header(name, ready_query_text(name))


def list_queries() -> list[QueryInfo]:
    """Every ready query shipped with the package, by name."""
    return [get_query(name) for name in sorted(_names())]
