"""``eventgraph load OUTPUT_DIR --store URL``: push a build into a SPARQL 1.1 Graph Store."""

from __future__ import annotations

import argparse
import sys

EPILOG = """\
Every article graph is sent with PUT URL?graph=G (it replaces that graph: loading the same build
twice leaves one copy), then the metadata with PUT URL?default. Graph Store URLs:
  Oxigraph  http://localhost:7878/store
  Fuseki    http://localhost:3030/DATASET/data
  GraphDB   http://localhost:7200/repositories/REPO/rdf-graphs/service
  Virtuoso  http://localhost:8890/sparql-graph-crud-auth   (no default graph: the metadata goes to
            the named graph {prefix}metadata, which Virtuoso's SPARQL default graph includes)
Credentials: --user or $EVENTGRAPH_STORE_USER, the password from $EVENTGRAPH_STORE_PASSWORD (or the
variable named by --password-env); basic or digest, as the store asks.
See docs/triple-stores.md.
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("output", metavar="OUTPUT_DIR", help="a build's output folder (or a .trig/.nq file)")
    parser.add_argument("--store", required=True, metavar="URL", help="the store's Graph Store endpoint")
    parser.add_argument(
        "--graph-prefix",
        metavar="IRI",
        help="store the graphs under IRI instead of the build's base: only graphs under the base are "
        "pushed, each renamed to IRI + the rest of its name (egr:graph/001 -> IRIgraph/001)",
    )
    parser.add_argument(
        "--base", metavar="IRI", help="the build's base IRI (default: read off its graph names)"
    )
    parser.add_argument(
        "--metadata-graph",
        metavar="IRI",
        help="where the default graph's metadata goes: 'default' (the store's default graph; the default "
        "except on Virtuoso) or a graph IRI",
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="also delete the store's graphs under the prefix/base that this build does not have",
    )
    parser.add_argument(
        "--sparql", metavar="URL", help="the store's SPARQL query endpoint, for --replace (default: guessed)"
    )
    parser.add_argument(
        "--batch",
        type=int,
        default=1,
        metavar="N",
        help="send N graphs per request as an N-Quads POST to the dataset endpoint where the store takes "
        "it (Oxigraph's /store); otherwise graph by graph (default 1)",
    )
    parser.add_argument("--user", metavar="U", help="user name (default: $EVENTGRAPH_STORE_USER)")
    parser.add_argument(
        "--password-env",
        metavar="VAR",
        default="EVENTGRAPH_STORE_PASSWORD",
        help="environment variable holding the password (default: EVENTGRAPH_STORE_PASSWORD)",
    )
    parser.add_argument(
        "--retries", type=int, default=4, metavar="N", help="retries on 5xx/connection errors (4)"
    )
    parser.add_argument("--timeout", type=float, default=120.0, metavar="S", help="seconds per request (120)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")


def run(args: argparse.Namespace) -> int:
    from eventgraph.commands.build import terminal_safe
    from eventgraph.http import CredentialsError, credentials_from_env, redact
    from eventgraph.sparql import QueryError
    from eventgraph.store import StoreError, load_build

    def shown(text: str) -> str:  # a password in the store's URL is never printed
        return terminal_safe(redact(text, args.store))

    def log(message: str) -> None:
        print(f"eventgraph load: {shown(message)}", file=sys.stderr)

    try:
        user, password = credentials_from_env(args.user, args.password_env)
        report = load_build(
            args.output,
            args.store,
            graph_prefix=args.graph_prefix,
            base=args.base,
            metadata_graph=args.metadata_graph,
            replace=args.replace,
            batch=args.batch,
            user=user,
            password=password,
            retries=max(args.retries, 0),
            timeout=args.timeout,
            sparql_url=args.sparql,
            log=log if args.verbose else None,
        )
    except (CredentialsError, StoreError, QueryError) as exc:
        print(f"eventgraph load: error: {shown(str(exc))}", file=sys.stderr)
        return 1
    print(shown(report.summary()))
    return 0
