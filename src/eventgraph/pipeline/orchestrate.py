"""The build: articles → spaCy Docs → records → named graphs → merged dataset → files.

Articles stream from the inputs through ``nlp.pipe`` in batches (in this process, in worker
processes, or on a Dask cluster: :mod:`.workers`), a bounded number of chunks in flight; Docs
are dropped as soon as their records are made, and records keep their article without its text,
so memory holds the records and the merged graph, not the corpus. Records are cached per
article, so a rebuild parses only new or changed articles. Merging needs every record, so it
runs at the end (blocking keys, never all pairs); then each article's named graph is mapped
from its records and its slice of the merge, or taken from the cache (:mod:`.graphs`), and the
files are written by joining the graphs' serialised blocks in order; the views and the report
(:mod:`.report`) come last.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import itertools
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from eventgraph.cache import RecordCache
from eventgraph.extractors import DEFAULT_EXTRACTOR
from eventgraph.extractors.registry import BUILTIN
from eventgraph.ingest import DEFAULT_MAX_RECORDS, iter_articles
from eventgraph.manifest import write_manifest
from eventgraph.merge import resolve
from eventgraph.merge.summary import fusion_summary
from eventgraph.mint import DEFAULT_BASE, Minter
from eventgraph.outputs import OutputLayout
from eventgraph.pipeline.graphs import DefaultGraph, NamedGraphs, class_tree, map_chunk, write_dataset
from eventgraph.pipeline.report import RUN_COUNTS, write_report
from eventgraph.pipeline.result import BuildResult
from eventgraph.pipeline.workers import (
    CHUNK_SIZE,
    WorkerPool,
    light_article,
    parse_chunk,
    run_dask,
    run_local,
)
from eventgraph.staging import discard, locked_output, prepare_staging, swap_in
from eventgraph.types import Article, ArticleRecords, Skipped

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_RECORDS",
    "DEFAULT_MAX_SECONDS",
    "GRAPH_CODE",
    "RECORD_CODE",
    "BuildResult",
    "available_cores",
    "build",
]

DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_MAX_SECONDS = 30.0  # per article: ingest.parse_budget_problem, parse_chunk
T = TypeVar("T")

# The code a cache entry depends on, named by the functions that run it (so that it follows them
# when they move): records are made by ingest and the parsing task, graphs by the mapping task;
# the fingerprints cover these modules and everything they import (eventgraph.fingerprint).
# The built-in extractors are imported by name when chosen, which an import walk cannot follow;
# a plug-in outside eventgraph counts by its name and version (RecordCache's extractor).
RECORD_CODE = (
    iter_articles.__module__,
    parse_chunk.__module__,
    # each with its package, whose __init__ runs first
    *(m for target in BUILTIN.values() for m in (target.partition(":")[0], target.rpartition(".")[0])),
)
GRAPH_CODE = (map_chunk.__module__,)


def _generated_at() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    else:
        moment = dt.datetime.now(tz=dt.UTC)
    return moment.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _progress(total: int | None, enabled: bool | None):
    from tqdm import tqdm

    show = sys.stderr.isatty() if enabled is None else enabled
    return tqdm(total=total, unit="art", desc="eventgraph", disable=not show, file=sys.stderr, leave=False)


def _without_cyclic_gc(fn: Callable[..., T]) -> Callable[..., T]:
    """Run ``fn`` with the cyclic garbage collector paused (restored afterwards).

    A build holds millions of small objects (records, terms) that live until it ends, and makes
    almost no reference cycles (a few hundred objects per hundred articles, measured); every
    full collection walks all of them, which cost more than merging itself. Reference counting
    still frees everything else at once. Worker processes forked here inherit the pause.
    """

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> T:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return run


@_without_cyclic_gc
def build(
    paths: Sequence[str | Path],
    out: str | Path,
    *,
    model: str | None = None,
    base_iri: str = DEFAULT_BASE,
    published: str | None = None,
    workers: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_records: int = DEFAULT_MAX_RECORDS,
    use_cache: bool = True,
    views: bool = True,
    progress: bool | None = None,
    on_message=None,  # callable(str) for skip/warning lines as they happen
    chunk_size: int = CHUNK_SIZE,
    max_seconds_per_article: float | None = DEFAULT_MAX_SECONDS,
    extractor: str = DEFAULT_EXTRACTOR,
) -> BuildResult:
    """Build the event graph of the articles under ``paths`` into the folder ``out``.

    Articles stream from the inputs to the parser (``workers`` processes, or a Dask cluster
    with ``executor="dask"``) in chunks of ``chunk_size``, a bounded number at a time.
    ``BuildResult.timings`` holds the seconds of each stage; ``parse`` and ``extract`` split
    the wall time of parsing in the proportion the workers spent on each.

    ``max_seconds_per_article`` (None: no limit) skips, with a reason, an article too long to
    parse in that time (a word budget checked before parsing) or whose extraction took longer.
    ``max_records`` bounds the lines read from one JSON Lines input (the rest is skipped, said).

    The folder ``out`` is always one whole build (:mod:`eventgraph.staging`): the build holds
    its lock (a second build into it raises :class:`~eventgraph.staging.BuildLocked`), writes
    into a staging folder beside it, with ``manifest.json`` last, and swaps it in only when it
    built something; a build that fails or builds nothing leaves the previous folder as it was.

    ``extractor`` names the extractor (see :func:`eventgraph.extractors.available_extractors`;
    an unknown name raises :class:`~eventgraph.extractors.UnknownExtractor` before anything is
    read); one that does not need the spaCy parse builds without loading a model.
    """
    from eventgraph import __version__

    if executor not in ("local", "dask"):
        raise ValueError(f"unknown executor {executor!r}: expected 'local' or 'dask'")
    if executor == "dask" and not scheduler:
        raise ValueError("--executor dask needs --scheduler ADDRESS (a running dask.distributed scheduler)")
    if max_seconds_per_article is not None and not max_seconds_per_article > 0:
        raise ValueError(f"--max-seconds-per-article must be above 0, got {max_seconds_per_article}")
    if max_bytes < 1 or max_records < 1:
        raise ValueError("--max-bytes and --max-records must be at least 1")
    out_dir = Path(out)
    say = on_message or (lambda msg: None)
    with locked_output(out_dir) as layout:
        staging = prepare_staging(layout, keep_cache=True)  # --no-cache does not use it, nor drop it
        try:
            result = _build_into(
                paths,
                staging,
                model=model,
                base_iri=base_iri,
                published=published,
                workers=workers,
                executor=executor,
                scheduler=scheduler,
                max_bytes=max_bytes,
                max_records=max_records,
                use_cache=use_cache,
                views=views,
                progress=progress,
                say=say,
                chunk_size=chunk_size,
                max_seconds_per_article=max_seconds_per_article,
                extractor=extractor,
            )
            if not result.articles:  # nothing built: the previous build stays as it was
                discard(staging)
                result.out_dir, result.files = out_dir, []
                result.warnings.append(f"nothing built: {out_dir} left as it was")
                say(f"warning: {result.warnings[-1]}")
                return result
            manifest = write_manifest(
                staging,
                inputs=list(paths),
                counts={k: v for k, v in result.summary().items() if k not in RUN_COUNTS},
                generated_at=_generated_at(),
                version=__version__,
                reproducible=bool(os.environ.get("SOURCE_DATE_EPOCH")),
            )
            result.files.append(manifest)
            swap_in(layout, staging)
        except BaseException:
            discard(staging)
            raise
    result.files = [layout.root / p.relative_to(staging) for p in result.files]
    result.out_dir = layout.root
    return result


def _build_into(
    paths: Sequence[str | Path],
    out_dir: Path,
    *,
    model: str | None,
    base_iri: str,
    published: str | None,
    workers: int,
    executor: str,
    scheduler: str | None,
    max_bytes: int,
    max_records: int,
    use_cache: bool,
    views: bool,
    progress: bool | None,
    say: Callable[[str], None],
    chunk_size: int,
    max_seconds_per_article: float | None,
    extractor: str,
) -> BuildResult:
    """The build, written into the staging folder ``out_dir``."""
    from eventgraph.extractors import get_extractor, software_versions
    from eventgraph.nlp import pick_model

    ext = get_extractor(extractor)
    started = time.perf_counter()
    layout = OutputLayout(out_dir)
    minter = Minter(base_iri)
    model_name = pick_model(model) if ext.needs_doc else ""
    pool = WorkerPool(workers if executor == "local" else 1, model)
    if pool.workers > 1 and ext.needs_doc:
        pool.start()  # first of all: the model loads while the cache and the inputs are read
    try:
        version = software_versions(ext, _model_label(model_name) if ext.needs_doc else None)
        default = DefaultGraph(minter, generated_at=_generated_at(), version=version, extractor=ext.name)
        result = BuildResult(
            out_dir=out_dir, model=model_name, extractor=ext.name, extractor_version=ext.version
        )
        timings: dict[str, float] = defaultdict(float)
        cache = (
            RecordCache(
                layout.cache_dir,
                model_name,
                minter.base,
                record_code=RECORD_CODE,
                graph_code=GRAPH_CODE,
                extractor=f"{ext.name} {ext.version}",
            )
            if use_cache
            else None
        )
        cleaning = cache.cleaning_memo() if cache is not None else None

        def warn(msg: str) -> None:
            result.warnings.append(msg)
            say(f"warning: {msg}")

        # ingest (streaming): cached articles are taken from the cache, the others go to the parser
        records: list[ArticleRecords] = []
        order: dict[str, int] = {}
        keys: dict[str, str] = {}  # article id -> cache key
        bar = _progress(None, progress)

        def new_articles() -> Iterator[Article]:
            items = iter(
                iter_articles(
                    paths,
                    max_bytes=max_bytes,
                    max_records=max_records,
                    published=published,
                    on_warning=warn,
                    max_seconds=max_seconds_per_article,
                    memo=cleaning,
                )
            )
            while True:
                t0 = time.perf_counter()
                item = next(items, None)
                timings["ingest"] += time.perf_counter() - t0
                if item is None:
                    return
                if isinstance(item, Skipped):
                    result.skipped.append(item)
                    say(f"skipped: {item.reason}")  # the reason starts with the input's name
                    continue
                order[item.id] = len(order)
                if cache is not None:
                    t0 = time.perf_counter()
                    key = keys[item.id] = cache.key(item)
                    hit = cache.load(key, light_article(item))
                    timings["cache"] += time.perf_counter() - t0
                    if hit is not None:
                        records.append(hit)
                        result.reused += 1
                        bar.update(1)
                        continue
                yield item

        def metadata_ahead() -> bool:
            t0 = time.perf_counter()
            more = default.ahead(records)
            timings["map"] += time.perf_counter() - t0
            return more

        # parse and extract, as the articles come; records are cached as they come back; while
        # this process waits for the workers, it makes the default graph's metadata
        t_parse = time.perf_counter()
        if executor == "dask":
            stream = run_dask(
                new_articles(), model, scheduler or "", chunk_size, max_seconds_per_article, ext.name
            )
        else:
            stream = run_local(
                new_articles(),
                model,
                pool,
                chunk_size,
                max_seconds_per_article,
                idle=metadata_ahead,
                extractor=ext.name,
            )
        busy: dict[str, float] = defaultdict(float)
        for chunk, encoded, parse_s, extract_s in stream:
            busy["parse"] += parse_s
            busy["extract"] += extract_s
            for rec, data in zip(chunk, encoded, strict=True):
                if isinstance(rec, Skipped):  # its extraction ran over the time limit
                    result.skipped.append(rec)
                    say(f"skipped: {rec.reason}")
                    bar.update(1)
                    continue
                records.append(rec)
                result.parsed += 1
                for w in rec.warnings:
                    say(f"warning: {w}")
                if cache is not None and not rec.warnings and data is not None:
                    t0 = time.perf_counter()
                    cache.store_encoded(keys[rec.article.id], data)
                    timings["cache"] += time.perf_counter() - t0
                bar.update(1)
        bar.close()
        other = timings["ingest"] + timings["cache"] + timings["map"]
        waited = max(0.0, time.perf_counter() - t_parse - other)
        if busy["parse"] + busy["extract"] > 0:
            timings["parse"] = waited * busy["parse"] / (busy["parse"] + busy["extract"])
            timings["extract"] = waited - timings["parse"]
        records.sort(key=lambda r: order[r.article.id])
        # warnings of extraction in article order, whatever order the workers finished in
        result.warnings.extend(w for rec in records for w in rec.warnings)

        # merge
        t0 = time.perf_counter()
        res = resolve(records)
        timings["merge"] += time.perf_counter() - t0

        # map each article's graph (or take it from the cache) and write the files as they come
        t0 = time.perf_counter()
        default_blocks = default.blocks(records, res)
        named = NamedGraphs(
            records, res, minter, cache, keys, pool if executor == "local" else None, chunk=chunk_size
        )
        timings["map"] += time.perf_counter() - t0
        store = ox.Store()  # the counts and the views read the dataset from a store
        t0 = time.perf_counter()
        map_before = timings["map"]
        # the class tree's graph sorts before the articles' graphs (egr:graph/…)
        graphs = itertools.chain([class_tree()], named)
        files, result.triples = write_dataset(out_dir, default_blocks, graphs, store, timings)
        result.graphs_reused = named.reused
        result.files.extend(files)
        timings["export"] += time.perf_counter() - t0 - (timings["map"] - map_before)
    finally:
        pool.close()

    result.articles = len(records)
    result.actors = len(res.actors)
    result.events = len(res.event_label)
    t0 = time.perf_counter()
    analytics: dict[str, Any] = {}
    try:
        from eventgraph import counts, viz

        graph_model = viz.graph_model(store)  # read once, for the counts, the views and the report
        result.counts = counts.count(graph_model).as_dict()
        result.actors, result.events = result.counts["actors"], result.counts["events"]
        if views:
            analysis = viz.analyse(graph_model)
            analytics = analysis.stats
            # as many processes as the build was given workers: "one worker" is one core throughout
            pages = viz.write_views(
                store,
                out_dir,
                model=graph_model,
                analysis=analysis,
                processes=min(available_cores(), pool.workers),
            )
            result.files.extend(pages)
    except OSError:  # the folder cannot be written (a full disk): the build fails, whole
        raise
    except Exception as exc:  # a view must never cost the user the graph
        warn(f"views not written: {exc!r}")
    timings["views"] += time.perf_counter() - t0
    del store
    if cache is not None:
        t0 = time.perf_counter()
        cache.prune(set(keys.values()) | named.keys)
        if cleaning is not None:
            cleaning.save()
        timings["cache"] += time.perf_counter() - t0
    # the report holds the timings so far; BuildResult.timings also has the report's own and the total
    t0 = time.perf_counter()
    result.timings = _rounded(timings, total=time.perf_counter() - started)
    analytics = {**analytics, "fusion": fusion_summary(records, res)}  # the report's fusion section
    result.files.extend(write_report(result, records, analytics))
    timings["report"] += time.perf_counter() - t0
    result.timings = _rounded(timings, total=time.perf_counter() - started)
    return result


_STAGES = ("ingest", "cache", "parse", "extract", "merge", "map", "export", "views", "report")


def _rounded(timings: dict[str, float], total: float) -> dict[str, float]:
    """Stage timings in pipeline order, in seconds, with the build's total."""
    out = {k: round(timings[k], 3) for k in _STAGES if k in timings}
    out.update({k: round(v, 3) for k, v in timings.items() if k not in out})
    out["total"] = round(total, 3)
    return out


def available_cores() -> int:
    """The cores this process may run on (a container's or taskset's share, not the machine's):
    the default number of workers, and at most the processes that write the views."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def _model_label(name: str) -> str:
    try:
        from importlib.metadata import version as pkg_version

        return f"{name} {pkg_version(name.replace('_', '-'))}"
    except Exception:
        return name
