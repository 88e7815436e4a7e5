"""The build: articles → spaCy Docs → records → named graphs → merged dataset → files.

Articles stream from the inputs through ``nlp.pipe`` in batches (in this process, in worker
processes, or on a Dask cluster), a bounded number of chunks in flight; Docs are dropped as soon
as their records are made, and records keep their article without its text, so memory holds the
records and the merged graph, not the corpus. Records are cached per article, so a rebuild
parses only new or changed articles. Merging needs every record, so it runs at the end (blocking
keys, never all pairs); then each article's named graph is mapped from its records and its slice
of the merge (or taken from the cache when both are unchanged) and serialised there, in every
export format (blocks); the files are written by joining the blocks in order, so a rebuild
copies the blocks of unchanged articles instead of serialising the whole dataset again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import itertools
import json
import os
import sys
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef

from eventgraph import __version__
from eventgraph.cache import RecordCache, encode_records
from eventgraph.export import (
    FORMATS,
    DatasetWriter,
    atomic_write,
    graph_blocks,
    remove_stale_temp,
    sort_key,
    sort_keyed,
    sorted_blocks,
)
from eventgraph.extractors import DEFAULT_EXTRACTOR
from eventgraph.ingest import iter_articles
from eventgraph.mapping import article_metadata, article_triples, canonical_triples
from eventgraph.merge import Resolution, resolve
from eventgraph.mint import DEFAULT_BASE, Minter
from eventgraph.types import Article, ArticleRecords, Skipped

__all__ = ["BuildResult", "build", "process_articles"]

DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_MAX_SECONDS = 30.0  # per article: ingest.parse_budget_problem, parse_chunk
_CHUNK = 32
T = TypeVar("T")


@dataclass
class BuildResult:
    out_dir: Path
    articles: int = 0
    actors: int = 0
    events: int = 0
    triples: int = 0
    parsed: int = 0
    reused: int = 0
    graphs_reused: int = 0  # named graphs taken from the cache, not mapped again
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    model: str = ""
    extractor: str = DEFAULT_EXTRACTOR
    extractor_version: str = ""

    @property
    def exit_code(self) -> int:
        """0: everything built; 3: built, but some inputs were skipped; 1: nothing built."""
        if not self.articles:
            return 1
        return 3 if self.skipped else 0

    def summary(self) -> dict:
        return {
            "articles": self.articles,
            "parsed": self.parsed,
            "reused_from_cache": self.reused,
            "actors": self.actors,
            "events": self.events,
            "triples": self.triples,
            "skipped": len(self.skipped),
            "warnings": len(self.warnings),
        }


# ---------------------------------------------------------------------------- parsing workers
#: what a parsing task returns: the records, each one encoded for the record cache (None for a
#: Skipped), and the seconds it spent parsing and extracting
ChunkResult = tuple[list[ArticleRecords | Skipped], list[bytes | None], float, float]


def _light(article: Article) -> Article:
    """The article without its text: all that merging, mapping and the report read.

    Records keep their article; dropping the text (the mentions already carry theirs) keeps
    the build's memory to the records themselves, and keeps results small between processes.
    """
    if not article.text and not article.body and not article.pieces and article.annotations is None:
        return article
    return dataclasses.replace(article, text="", body="", pieces=(), annotations=None)


def parse_chunk(
    articles: Sequence[Article],
    model: str | None = None,
    batch_size: int = _CHUNK,
    max_seconds: float | None = None,
    extractor: str = DEFAULT_EXTRACTOR,
) -> ChunkResult:
    """Parse and extract ``articles`` in this process (the model is loaded once per process).

    Docs are dropped as soon as their records are made; the records come back with light
    articles (no text), and encoded for the record cache (here, in the worker, not in the
    process that feeds the workers). Also returns the seconds spent in ``nlp.pipe`` and in
    extraction. ``extractor`` names the extractor (:mod:`eventgraph.extractors`); one that does
    not need the parse gets no Doc, and no model is loaded.
    An article whose extraction took more than ``max_seconds`` comes back as a Skipped.
    """
    from eventgraph.extractors import get_extractor
    from eventgraph.nlp import load_pipeline

    ext = get_extractor(extractor)
    out: list[ArticleRecords | Skipped] = []
    extract_s = 0.0
    t0 = time.perf_counter()
    docs: Iterable[tuple[Any, Article]] = ((None, a) for a in articles)
    if ext.needs_doc:
        nlp = load_pipeline(model)
        docs = nlp.pipe(((a.body, a) for a in articles), as_tuples=True, batch_size=batch_size)  # type: ignore[attr-defined]
    for doc, article in docs:
        t1 = time.perf_counter()
        try:
            rec = ext.extract(article, doc)
        except Exception as exc:  # one article's failure must not stop the build
            rec = ArticleRecords(article=article, warnings=(f"{article.id}: extraction failed: {exc!r}",))
        spent = time.perf_counter() - t1
        extract_s += spent
        if max_seconds is not None and spent > max_seconds:  # a limit is a limit: no graph, a reason
            out.append(_too_slow(article, spent, max_seconds))
            continue
        out.append(dataclasses.replace(rec, article=_light(article)))
    t1 = time.perf_counter()
    encoded = [None if isinstance(rec, Skipped) else encode_records(rec) for rec in out]
    extract_s += time.perf_counter() - t1
    return out, encoded, time.perf_counter() - t0 - extract_s, extract_s


def process_articles(
    articles: Sequence[Article],
    model: str | None = None,
    *,
    batch_size: int = _CHUNK,
    max_seconds: float | None = None,
    extractor: str = DEFAULT_EXTRACTOR,
) -> list[ArticleRecords | Skipped]:
    """Parse and extract a batch of articles in this process; the records keep their articles."""
    records, _encoded, _parse_s, _extract_s = parse_chunk(articles, model, batch_size, max_seconds, extractor)
    return [
        rec if isinstance(rec, Skipped) else dataclasses.replace(rec, article=article)
        for rec, article in zip(records, articles, strict=True)
    ]


def _too_slow(article: Article, spent: float, max_seconds: float) -> Skipped:
    where = f"{article.path}:{article.record}" if article.record is not None else (article.path or article.id)
    return Skipped(
        where,
        f"{where}: extraction took {spent:.1f} s, over the limit of {max_seconds:g} s per article "
        "(raise it with --max-seconds-per-article)",
    )


def _load_model(model: str | None) -> None:
    from eventgraph.nlp import load_pipeline

    load_pipeline(model)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Pool:
    """The worker processes of a local build, for parsing and mapping: each process is its own
    one-process executor, started when work needs it, so that a task goes to the process this
    pool chooses.

    A worker loads the model with its first parsing task (once per process), not as it starts.
    :meth:`start` has one worker load it while this process reads the inputs and the cache; a
    second worker starts only when every started one has work: a rebuild that parses a few
    articles sends them to the worker whose model is loaded (or loading), instead of an idle
    one that would load another, and does not spend the other core on a model while this
    process reads the cache.
    """

    def __init__(self, workers: int, model: str | None) -> None:
        self.workers = workers
        self.model = model
        self._procs: list[ProcessPoolExecutor] = []
        self._tasks: list[list[Future]] = []  # per process: its tasks not yet seen done

    def _submit(self, fn: Callable, *args: Any, counts: bool = True) -> Future:
        """Submit to the least busy process, started if every started one has work; a task
        that does not ``count`` (the model's loading) neither makes a process busy nor is
        seen as work (a chunk is better queued behind a model that is loading than sent to a
        process that has not started loading one)."""
        busy = []
        for tasks in self._tasks:
            tasks[:] = [t for t in tasks if not t.done()]
            busy.append(len(tasks))
        if not self._procs or (min(busy) > 0 and len(self._procs) < self.workers):
            self._procs.append(ProcessPoolExecutor(1))
            self._tasks.append([])
            busy.append(0)
        least = busy.index(min(busy))  # the first started, of the least busy
        future = self._procs[least].submit(fn, *args)
        if counts:
            self._tasks[least].append(future)
        return future

    def start(self) -> None:
        """Have one worker load the model now (see the class)."""
        self._submit(_load_model, self.model, counts=False)

    def map(
        self,
        fn: Callable,
        tasks: Iterable[tuple],
        *,
        ordered: bool = True,
        idle: Callable[[], bool] | None = None,
    ) -> Iterator:
        """``fn(*task)`` for each task, with at most 3 tasks per worker in flight: in the order of
        the tasks, or (``ordered=False``) as they finish, so that a worker that is done gets new
        work while another is still busy with an earlier task.

        While no awaited result is ready, ``idle()`` is called (one small step of other work,
        returning False when there is none left) instead of only waiting."""
        pending: deque[Future] = deque()

        def next_result() -> Any:
            if ordered:
                while idle is not None and not pending[0].done() and idle():
                    pass
                return pending.popleft().result()
            while idle is not None and not any(f.done() for f in pending) and idle():
                pass
            done = next((f for f in pending if f.done()), None)
            if done is None:
                done = next(iter(wait(pending, return_when=FIRST_COMPLETED).done))
            pending.remove(done)
            return done.result()

        for task in tasks:
            pending.append(self._submit(fn, *task))
            if len(pending) >= 3 * self.workers:  # bounded in-flight work: memory stays flat
                yield next_result()
        while pending:
            yield next_result()

    def close(self) -> None:
        for proc in self._procs:
            proc.shutdown(wait=False, cancel_futures=True)
        for proc in self._procs:
            proc.shutdown(wait=True)
        self._procs, self._tasks = [], []


def _run_local(
    articles: Iterable[Article],
    model: str | None,
    pool: _Pool,
    chunk: int,
    max_seconds: float | None = None,
    idle: Callable[[], bool] | None = None,
    extractor: str = DEFAULT_EXTRACTOR,
) -> Iterator[ChunkResult]:
    """Parse in this process (one worker) or in the pool's processes; this one feeds them, and
    calls ``idle`` while it waits for them (see :meth:`_Pool.map`)."""
    items = iter(articles)
    first = next(items, None)
    if first is None:  # everything came from the cache: no model to load, no pool to start
        return
    items = itertools.chain([first], items)
    if pool.workers <= 1:
        for part in _chunks(items, chunk * 4):
            yield parse_chunk(part, model, chunk, max_seconds, extractor)
        return
    tasks = ((part, model, chunk, max_seconds, extractor) for part in _chunks(items, chunk))
    yield from pool.map(parse_chunk, tasks, ordered=False, idle=idle)  # the build puts records in order


def _run_dask(
    articles: Iterable[Article],
    model: str | None,
    scheduler: str,
    chunk: int,
    max_seconds: float | None = None,
    extractor: str = DEFAULT_EXTRACTOR,
) -> Iterator[ChunkResult]:
    """Parse on a running dask.distributed cluster; each worker process loads the model once."""
    from distributed import Client, as_completed

    items = iter(articles)
    first = next(items, None)
    if first is None:
        return
    with Client(scheduler) as client:
        window = max(2, 3 * sum(client.nthreads().values()))
        running = as_completed()
        for part in _chunks(itertools.chain([first], items), chunk):
            running.add(client.submit(parse_chunk, part, model, chunk, max_seconds, extractor, pure=False))
            if running.count() >= window:  # bounded in-flight work; a result is released once read
                yield next(running).result()
        for done in running:
            yield done.result()


# ---------------------------------------------------------------------------- build
def _generated_at() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    else:
        moment = dt.datetime.now(tz=dt.UTC)
    return moment.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ox_term(term: object) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=_vocabulary_term(term.datatype))  # type: ignore[arg-type]
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"unexpected RDF term {term!r}")


@functools.lru_cache(maxsize=4096)
def _vocabulary_term(iri: URIRef) -> ox.NamedNode:
    """A predicate, class or datatype: a few dozen IRIs that occur in every graph, made once."""
    return ox.NamedNode(str(iri))


def _quad(s: object, p: URIRef, o: object, graph: ox.NamedNode | ox.DefaultGraph) -> ox.Quad:
    obj = _vocabulary_term(o) if p == RDF.type else _ox_term(o)  # type: ignore[arg-type]
    return ox.Quad(_ox_term(s), _vocabulary_term(p), obj, graph)  # type: ignore[arg-type]


def add_graph(store: ox.Store, graph: Graph) -> int:
    quads = _quads(graph)
    store.extend(quads)
    return len(quads)


def _quads(graph: Graph) -> list[ox.Quad]:
    name = ox.NamedNode(str(graph.identifier))
    return [_quad(s, p, o, name) for s, p, o in graph]  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class _ActorClass:
    """What an article's graph reads of a canonical actor: its class, nothing else."""

    cls: str


def _resolution_slice(rec: ArticleRecords, res: Resolution) -> tuple[Resolution, str]:
    """The part of ``res`` that the graph of ``rec`` reads, and a signature of it.

    The graph is made from this part alone, so an unchanged signature (with unchanged records)
    means an unchanged graph; anything else the mapping might read is absent here and fails
    loudly (a KeyError, an AttributeError) rather than silently.
    """
    aid = rec.article.id
    actor_key = {
        (aid, a.key): res.actor_key[(aid, a.key)] for a in rec.actors if (aid, a.key) in res.actor_key
    }
    event_id = {(aid, i): res.event_id[(aid, i)] for i in range(len(rec.events))}
    roles = {res.actor(aid, k) for e in rec.events for k in (*e.actors(), *e.attributed_to, e.place) if k}
    actors = {k: _ActorClass(res.actors[k].cls) for k in sorted(roles) if k in res.actors}
    signature = json.dumps(
        [
            sorted((k, v) for (_, k), v in actor_key.items()),
            list(event_id.values()),
            [[k, a.cls] for k, a in actors.items()],
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    part = Resolution(actor_key=actor_key, actors=actors, event_id=event_id, event_label={}, event_members={})  # type: ignore[arg-type]
    return part, signature


#: an article's named graph as export blocks (by format), with its number of quads
GraphBlocks = tuple[dict[str, bytes], int]


def map_chunk(
    items: Sequence[tuple[ArticleRecords, Resolution, str | None]],
    base_iri: str,
    cache: RecordCache | None = None,
) -> list[GraphBlocks]:
    """The named graphs of ``items`` (records, their slice of the resolution, their graph's cache
    key or None), serialised as export blocks, so that the files are written by joining blocks
    (see :mod:`eventgraph.export`); each is stored in ``cache`` under its key, here (in a
    worker process, the compression and the writing too)."""
    minter = Minter(base_iri)
    out = []
    for rec, part, gkey in items:
        name = ox.NamedNode(minter.graph(rec.article.id))
        quads = [ox.Quad(s, p, o, name) for s, p, o in article_triples(rec, part, minter)]
        blocks = graph_blocks(quads)
        if cache is not None and gkey:
            cache.store_graph(gkey, blocks, len(quads))
        out.append((blocks, len(quads)))
    return out


class _DefaultGraph:
    """The default graph: each article's metadata and the canonical descriptions of the merge.

    An article's metadata needs only its records, so it is made (with the keys its quads sort
    by) as soon as they are known, in the time the build waits for its workers (:meth:`ahead`);
    after the merge only the canonical descriptions are left to make, and one sort.
    """

    def __init__(
        self, minter: Minter, *, generated_at: str, version: str, extractor: str | None = None
    ) -> None:
        self.minter = minter
        self.generated_at = generated_at
        self.version = version
        self.extractor = extractor
        self._keyed: dict[str, list[tuple[str, ox.Quad]]] = {}
        self._next = 0

    def _article(self, rec: ArticleRecords) -> list[tuple[str, ox.Quad]]:
        found = self._keyed.get(rec.article.id)
        if found is None:
            triples = article_metadata(
                rec,
                self.minter,
                generated_at=self.generated_at,
                version=self.version,
                extractor=self.extractor,
            )
            found = self._keyed[rec.article.id] = [(sort_key(q), q) for q in (ox.Quad(*t) for t in triples)]
        return found

    def ahead(self, records: list[ArticleRecords]) -> bool:
        """Make the metadata of the next of ``records`` (a list that grows); False when all have it."""
        if self._next >= len(records):
            return False
        self._article(records[self._next])
        self._next += 1
        return True

    def blocks(self, records: Sequence[ArticleRecords], res: Resolution) -> GraphBlocks:
        keyed = [pair for rec in records for pair in self._article(rec)]
        keyed += [(sort_key(q), q) for q in (ox.Quad(*t) for t in canonical_triples(res, self.minter))]
        self._keyed.clear()
        ordered = sort_keyed(keyed)
        return sorted_blocks(ordered), len(ordered)


def _graph_blocks_in_order(
    records: list[ArticleRecords],
    res: Resolution,
    minter: Minter,
    cache: RecordCache | None,
    keys: dict[str, str],
    pool: _Pool | None,
    result: BuildResult,
    *,
    chunk: int,
    graph_keys: set[str],
) -> Iterator[GraphBlocks]:
    """Every article's named graph as export blocks, in the order of the graphs' IRIs.

    An article's graph reads only its slice of the resolution: while that and its records are
    unchanged, its blocks are the ones in the cache. The others are mapped here, or in the
    pool's processes when there are many; the cache keys of all graphs go into ``graph_keys``.
    """
    items: list[tuple[ArticleRecords, Resolution, str | None, bool]] = []
    for rec in sorted(records, key=lambda r: minter.graph(r.article.id)):
        part, signature = _resolution_slice(rec, res)
        gkey = (
            cache.graph_key(keys[rec.article.id], signature)
            if cache is not None and not rec.warnings
            else None
        )
        if gkey:
            graph_keys.add(gkey)
        items.append((rec, part, gkey, bool(cache is not None and gkey and cache.has_graph(gkey))))
    formats = list(FORMATS)

    def cached(gkey: str | None) -> GraphBlocks | None:
        return cache.load_graph(gkey, formats) if cache is not None and gkey else None

    def one(rec: ArticleRecords, part: Resolution, gkey: str | None, hit: GraphBlocks | None) -> GraphBlocks:
        """``hit`` from the cache, or mapped here (also when the cache entry cannot be read)."""
        if hit is not None:
            result.graphs_reused += 1
            return hit
        return map_chunk([(rec, part, gkey)], minter.base, cache)[0]

    n_to_map = sum(1 for *_, is_cached in items if not is_cached)
    if pool is None or pool.workers <= 1 or n_to_map < 4 * chunk:
        # cache entries are read and decompressed ahead in threads (both release the GIL)
        # while this one writes the blocks before them
        with ThreadPoolExecutor(2) as reader:
            ahead: deque[Future] = deque()
            for n, (rec, part, gkey, _is_cached) in enumerate(items):
                while len(ahead) < 64 and n + len(ahead) < len(items):
                    ahead.append(reader.submit(cached, items[n + len(ahead)][2]))
                yield one(rec, part, gkey, ahead.popleft().result())
        return
    # many to map: chunks go to the worker processes in order, a bounded number at a time; the
    # workers store what they map in the cache
    parts: deque[list[tuple[ArticleRecords, Resolution, str | None, bool]]] = deque()

    def tasks() -> Iterator[tuple]:
        for part_items in _chunks(items, chunk):
            parts.append(part_items)
            yield ([(r, p, k) for r, p, k, is_cached in part_items if not is_cached], minter.base, cache)

    for mapped in pool.map(map_chunk, tasks()):
        fresh = iter(mapped)
        for rec, part, gkey, is_cached in parts.popleft():
            yield one(rec, part, gkey, cached(gkey)) if is_cached else next(fresh)


def _write_dataset(
    out_dir: Path,
    default: GraphBlocks,
    graphs: Iterator[GraphBlocks],
    store: ox.Store | None,
    timings: dict[str, float],
) -> tuple[list[Path], int]:
    """Write the export files from the default graph's and the named graphs' blocks; the time
    spent waiting for blocks counts as mapping. Also loads every quad into ``store`` (for the
    views). Returns the files and the number of quads."""
    head, total = default
    with DatasetWriter(out_dir) as writer:
        writer.add(head)
        if store is not None:
            store.load(head["nquads"], format=ox.RdfFormat.N_QUADS)
        while True:
            t0 = time.perf_counter()
            item = next(graphs, None)
            timings["map"] += time.perf_counter() - t0
            if item is None:
                break
            blocks, n = item
            writer.add(blocks)
            total += n
            if store is not None:
                store.load(blocks["nquads"], format=ox.RdfFormat.N_QUADS)
    return writer.paths, total


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
    use_cache: bool = True,
    views: bool = True,
    progress: bool | None = None,
    on_message=None,  # callable(str) for skip/warning lines as they happen
    chunk_size: int = _CHUNK,
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
    Temporary files that an interrupted build left in ``out`` are removed first.

    ``extractor`` names the extractor (see :func:`eventgraph.extractors.available_extractors`;
    an unknown name raises :class:`~eventgraph.extractors.UnknownExtractor` before anything is
    read); one that does not need the spaCy parse builds without loading a model.
    """
    from eventgraph.extractors import get_extractor, software_versions
    from eventgraph.nlp import pick_model

    ext = get_extractor(extractor)

    if executor not in ("local", "dask"):
        raise ValueError(f"unknown executor {executor!r}: expected 'local' or 'dask'")
    if executor == "dask" and not scheduler:
        raise ValueError("--executor dask needs --scheduler ADDRESS (a running dask.distributed scheduler)")
    started = time.perf_counter()
    out_dir = Path(out)
    if max_seconds_per_article is not None and not max_seconds_per_article > 0:
        raise ValueError(f"--max-seconds-per-article must be above 0, got {max_seconds_per_article}")
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temp(out_dir)
    minter = Minter(base_iri)
    model_name = pick_model(model) if ext.needs_doc else ""
    pool = _Pool(workers if executor == "local" else 1, model)
    if pool.workers > 1 and ext.needs_doc:
        pool.start()  # first of all: the model loads while the cache and the inputs are read
    try:
        version = software_versions(ext, _model_label(model_name) if ext.needs_doc else None)
        default = _DefaultGraph(minter, generated_at=_generated_at(), version=version, extractor=ext.name)
        result = BuildResult(
            out_dir=out_dir, model=model_name, extractor=ext.name, extractor_version=ext.version
        )
        say = on_message or (lambda msg: None)
        timings: dict[str, float] = defaultdict(float)
        extractor_id = f"{ext.name} {ext.version}"
        cache = RecordCache(out_dir, model_name, minter.base, extractor=extractor_id) if use_cache else None
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
                    hit = cache.load(key, _light(item))
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
            stream = _run_dask(
                new_articles(), model, scheduler or "", chunk_size, max_seconds_per_article, ext.name
            )
        else:
            stream = _run_local(
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
        timings["map"] += time.perf_counter() - t0
        graph_keys: set[str] = set()
        graphs = _graph_blocks_in_order(
            records,
            res,
            minter,
            cache,
            keys,
            pool if executor == "local" else None,
            result,
            chunk=chunk_size,
            graph_keys=graph_keys,
        )
        store = ox.Store() if views else None  # the views read the dataset from a store
        t0 = time.perf_counter()
        map_before = timings["map"]
        files, result.triples = _write_dataset(out_dir, default_blocks, graphs, store, timings)
        result.files.extend(files)
        timings["export"] += time.perf_counter() - t0 - (timings["map"] - map_before)
    finally:
        pool.close()

    result.articles = len(records)
    result.actors = len(res.actors)
    result.events = len(res.event_label)
    if store is not None:
        t0 = time.perf_counter()
        try:
            from eventgraph import viz

            graph_model = viz.graph_model(store)  # read once, for the views and the report
            analytics = viz.analytics(graph_model)
            result.files.extend(viz.write_views(store, out_dir, model=graph_model, stats=analytics))
        except Exception as exc:  # a view must never cost the user the graph
            warn(f"views not written: {exc!r}")
            analytics = {}
        timings["views"] += time.perf_counter() - t0
    else:
        analytics = {}
    del store
    if cache is not None:
        t0 = time.perf_counter()
        cache.prune(set(keys.values()) | graph_keys)
        if cleaning is not None:
            cleaning.save()
        timings["cache"] += time.perf_counter() - t0
    # the report holds the timings so far; BuildResult.timings also has the report's own and the total
    t0 = time.perf_counter()
    result.timings = _rounded(timings, total=time.perf_counter() - started)
    result.files.extend(_write_report(result, records, res, analytics))
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


def _model_label(name: str) -> str:
    try:
        from importlib.metadata import version as pkg_version

        return f"{name} {pkg_version(name.replace('_', '-'))}"
    except Exception:
        return name


def _write_report(result: BuildResult, records: list[ArticleRecords], res, analytics: dict) -> list[Path]:
    by_class = Counter(e.cls for r in records for e in r.events)
    report: dict[str, Any] = {
        "eventgraph": __version__,
        "model": result.model,
        "extractor": {"name": result.extractor, "version": result.extractor_version},
        "summary": result.summary(),
        "events_by_class": dict(sorted(by_class.items())),
        "skipped": [{"input": s.input, "reason": s.reason} for s in result.skipped],
        "warnings": result.warnings,
        "files": {p.name: _describe(p.name) for p in sorted(result.files)},
        "analytics": analytics,
        "timings_seconds": result.timings,
    }
    if result.extractor == "annotations":  # what the annotations given held, and what was kept
        from eventgraph.extractors.annotations import annotation_counts

        report["annotations"] = annotation_counts(records)
    if os.environ.get("SOURCE_DATE_EPOCH"):  # a reproducible build: the same input, the same bytes
        del report["timings_seconds"]
    json_path = result.out_dir / "report.json"
    md_path = result.out_dir / "report.md"
    with atomic_write(json_path, "w") as fh:
        json.dump(report, fh, ensure_ascii=False, indent=1, sort_keys=False)
        fh.write("\n")
    lines = [
        "# eventgraph build report",
        "",
        f"- eventgraph {__version__}, model {result.model or 'none'}, extractor {result.extractor}",
        *(f"- {k.replace('_', ' ')}: {v}" for k, v in result.summary().items()),
        "",
        "## Events by class",
        "",
        *(f"- {k}: {v}" for k, v in sorted(by_class.items())),
    ]
    central = analytics.get("central_actors") or {}
    for measure, rows in central.items() if isinstance(central, dict) else ():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            continue
        lines += ["", f"## Most central actors ({measure})", ""]
        lines += [
            f"- {r.get('label', r.get('iri'))} ({r.get('class', '')}): {r.get('score', '')}"
            for r in rows[:10]
        ]
    components = analytics.get("components")
    if isinstance(components, dict):
        lines += ["", "## Connected components", ""] + [f"- {k}: {v}" for k, v in components.items()]
    if result.skipped:
        lines += ["", "## Skipped inputs", ""] + [f"- {s.input}: {s.reason}" for s in result.skipped]
    if result.warnings:
        lines += ["", "## Warnings", ""] + [f"- {w}" for w in result.warnings]
    lines += ["", "## Files", ""] + [f"- `{name}`: {desc}" for name, desc in report["files"].items()]
    with atomic_write(md_path, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    return [json_path, md_path]


def _describe(name: str) -> str:
    for fmt in FORMATS.values():
        if fmt.filename == name:
            return fmt.description
    return {
        "report.json": "this report, for tools",
        "report.md": "this report, for people",
        "index.html": "start page of the interactive views",
        "actors.html": "actor network view",
        "events.html": "event graph view",
        "sources.html": "which source says what; disagreements and single-source facts",
        "timeline.html": "events by date with their sources",
    }.get(name, "")
