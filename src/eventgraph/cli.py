"""The ``eventgraph`` command: a thin dispatcher over ``eventgraph.commands.*`` (the text users
see is :data:`DESCRIPTION` and :data:`EPILOG`).

Each subcommand lives in its own module with ``configure(parser)`` and ``run(args) -> int``;
modules are imported only when their subcommand runs, so ``eventgraph --help`` stays fast.
"""

from __future__ import annotations

import argparse
import difflib
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


DESCRIPTION = """\
Turn news articles (text, HTML, JSON Lines) into an event knowledge graph: who did what to whom,
when, where and according to whom, as RDF with one named graph per article, every statement
traceable to its source. A build also writes interactive HTML views and a report."""

EPILOG = """\
examples:
  eventgraph build examples/seeds --out output    build the example articles, then open output/index.html
  eventgraph query output disagreements           the facts that sources disagree on
  eventgraph query --list                         the ready queries
  eventgraph serve output                         a local SPARQL endpoint over a build

'eventgraph COMMAND --help' describes a command's options."""


class _Parser(argparse.ArgumentParser):
    """argparse, with a hint for a near-miss option or command ("did you mean --out?")."""

    def error(self, message: str) -> None:  # type: ignore[override]
        hint = _hint(self, message)
        super().error(f"{message}{hint}")


def _hint(parser: argparse.ArgumentParser, message: str) -> str:
    words: list[str] = []
    if message.startswith("unrecognized arguments:"):
        words = [w.split("=", 1)[0] for w in message.split(":", 1)[1].split() if w.startswith("-")]
        known = list(parser._option_string_actions)  # the options of the (sub)command that failed
        for w in words:
            close = difflib.get_close_matches(w, known, n=1, cutoff=0.6)
            if close:
                return f" (did you mean {close[0]}?)"
    elif "invalid choice:" in message:
        wrong = message.split("invalid choice:", 1)[1].split("(", 1)[0].strip().strip("'")
        close = difflib.get_close_matches(wrong, list(COMMANDS), n=1, cutoff=0.6)
        if close:
            return f"; did you mean {close[0]}?"
    return ""


def make_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="eventgraph",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"eventgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        parser.set_defaults(**{f"_parser_{name}": p})
        if name == command:  # only the chosen command's module is imported
            importlib.import_module(f"eventgraph.commands.{module}").configure(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in args_list if a in COMMANDS), None)
    parser = make_parser(command)
    args, extra = parser.parse_known_args(args_list)
    if extra:  # told by the command's own parser: its usage, and a near-miss option named
        getattr(args, f"_parser_{args.command}", parser).error(f"unrecognized arguments: {' '.join(extra)}")
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
