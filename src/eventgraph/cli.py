"""The ``eventgraph`` command: a thin dispatcher over ``eventgraph.commands.*``.

Each subcommand lives in its own module with ``configure(parser)`` and ``run(args) -> int``;
modules are imported only when their subcommand runs, so ``eventgraph --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from eventgraph import __version__

#: subcommand -> (module under eventgraph.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("build", "build the event graph of articles (txt, html, jsonl) into an output folder"),
    "query": ("query", "run SPARQL over a built graph file, folder or endpoint"),
    "load": ("load", "push every named graph of a build to a SPARQL Graph Store"),
    "serve": ("serve", "serve a build as a local read-only SPARQL endpoint (Oxigraph server)"),
    "verify": ("verify", "check a build's output folder against its manifest (sizes and SHA-256)"),
}


def make_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eventgraph", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"eventgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == command:  # only the chosen command's module is imported
            importlib.import_module(f"eventgraph.commands.{module}").configure(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in args_list if a in COMMANDS), None)
    parser = make_parser(command)
    args = parser.parse_args(args_list)
    if not args.command:
        parser.print_help()
        return 2
    module = importlib.import_module(f"eventgraph.commands.{COMMANDS[args.command][0]}")
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        print("eventgraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`eventgraph query … | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
