"""``eventgraph query GRAPH (QUERY_FILE | -e SPARQL | NAME)``: SPARQL over a build, file or endpoint."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from pathlib import Path

EPILOG = """\
GRAPH is a build's output folder (its graph.trig is read), a .trig/.nq/.ttl/.jsonld file, or the URL
of a SPARQL endpoint (http://localhost:7878/query). Named graphs stay named graphs: one per article,
reached with GRAPH ?g { … }; the default graph holds the build's metadata.

Ready queries (see --list): eventgraph query output/ disagreements
Parameters are bound as RDF terms, never pasted into the query text:
  eventgraph query output/ event-sources --param event=egr:event/3f9a0c51e2b7d468
A value is an IRI when written <…>, as egr:… / eg:… / wd:…, or as an http(s): URL; a number is an
xsd:integer/decimal; "quoted" (optionally "…"@en or "…"^^xsd:date) or anything else is a string.

Endpoints behind HTTP auth: EVENTGRAPH_STORE_USER and EVENTGRAPH_STORE_PASSWORD (basic or digest).
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("graph", nargs="?", metavar="GRAPH", help="build folder, graph file or endpoint URL")
    parser.add_argument(
        "query", nargs="?", metavar="QUERY", help="a .rq file or the name of a ready query (see --list)"
    )
    parser.add_argument("-e", "--expr", metavar="SPARQL", help="the SPARQL query text itself")
    parser.add_argument(
        "--format", "-f", choices=("table", "csv", "json"), default="table", help="output (default: table)"
    )
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind ?NAME to VALUE (repeatable)",
    )
    parser.add_argument("--list", action="store_true", help="list the ready queries and exit")
    parser.add_argument(
        "--max-width",
        type=int,
        default=60,
        metavar="N",
        help="table cells longer than N characters are cut with … (0: never; default 60)",
    )
    parser.add_argument(
        "--post",
        choices=("auto", "direct", "form"),
        default="auto",
        help="endpoints: POST the query as application/sparql-query (direct) or URL-encoded (form); "
        "auto: direct, form for Virtuoso (default auto)",
    )
    parser.add_argument(
        "--timeout", type=float, default=300.0, metavar="S", help="endpoints: seconds to wait (300)"
    )


def _print_list() -> int:
    from eventgraph.sparql import list_queries

    queries = list_queries()
    width = max(len(q.name) for q in queries)
    for q in queries:
        params = "".join(
            f"  [--param {p.name}=" + ("VALUE]" if p.default is None else f"{p.default}]") for p in q.params
        )
        print(f"{q.name.ljust(width)}  {q.title}{params}")
        if q.description:
            pad = " " * (width + 4)
            print(textwrap.fill(q.description, width=100, initial_indent=pad, subsequent_indent=pad))
    return 0


def run(args: argparse.Namespace) -> int:
    from eventgraph.commands.build import terminal_safe
    from eventgraph.http import CredentialsError, credentials_from_env
    from eventgraph.sparql import QueryError, is_endpoint, query
    from eventgraph.sparql.binding import VARNAME_RE

    if args.list:
        return _print_list()
    prog = "eventgraph query"
    if not args.graph:
        print(
            f"{prog}: error: GRAPH is required (a build folder, graph file or endpoint URL)", file=sys.stderr
        )
        return 2
    if bool(args.query) == bool(args.expr):
        print(
            f"{prog}: error: give exactly one of QUERY (file or ready query name) or -e SPARQL",
            file=sys.stderr,
        )
        return 2
    params: dict[str, str] = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            print(f"{prog}: error: --param wants NAME=VALUE, not {terminal_safe(item)!r}", file=sys.stderr)
            return 2
        if not VARNAME_RE.match(name.lstrip("?$")):
            print(
                f"{prog}: error: --param {terminal_safe(name)!r}: a name is letters, digits and _",
                file=sys.stderr,
            )
            return 2
        params[name.lstrip("?$")] = value

    text = args.expr
    if args.query:
        path = Path(args.query)
        if path.is_file():
            text = path.read_text(encoding="utf-8")
        elif args.query.endswith(".rq") or os.sep in args.query:
            print(f"{prog}: error: {args.query}: no such query file", file=sys.stderr)
            return 2
        else:
            text = args.query  # a ready query's name
    source = args.graph
    if not is_endpoint(source) and Path(source).suffix.lower() in (".ttl", ".nt"):
        print(
            f"{prog}: note: {source} holds triples only (no named graphs): GRAPH patterns match nothing",
            file=sys.stderr,
        )
    try:
        user, password = credentials_from_env()
        result = query(
            source, text, params=params, timeout=args.timeout, post=args.post, user=user, password=password
        )
    except (CredentialsError, QueryError) as exc:
        print(f"{prog}: error: {terminal_safe(str(exc))}", file=sys.stderr)
        return 1
    out = result.format(args.format, max_width=args.max_width)
    if args.format == "table" or sys.stdout.isatty():  # values never drive the terminal
        out = "\n".join(terminal_safe(line) for line in out.split("\n"))
    sys.stdout.write(out)
    return 0
