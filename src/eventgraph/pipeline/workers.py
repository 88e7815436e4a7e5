"""Parsing workers: the pool of local processes, the local and Dask executors, and the task
they run (:func:`parse_chunk`: a chunk of articles to records)."""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, TypeVar

from eventgraph.cache import encode_records
from eventgraph.extractors import DEFAULT_EXTRACTOR
from eventgraph.ingest import sentence_budget_problem
from eventgraph.types import Article, ArticleRecords, Skipped

__all__ = [
    "CHUNK_SIZE",
    "ChunkResult",
    "WorkerPool",
    "chunks",
    "light_article",
    "parse_chunk",
    "run_dask",
    "run_local",
]

#: articles per parsing task (and the batch size of ``nlp.pipe``)
CHUNK_SIZE = 32
T = TypeVar("T")

#: what a parsing task returns: the records, each one encoded for the record cache (None for a
#: Skipped), and the seconds it spent parsing and extracting
ChunkResult = tuple[list[ArticleRecords | Skipped], list[bytes | None], float, float]


def light_article(article: Article) -> Article:
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
    batch_size: int = CHUNK_SIZE,
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
    from eventgraph.linebreaks import unwrap_lines
    from eventgraph.nlp import load_pipeline

    ext = get_extractor(extractor)
    out: list[ArticleRecords | Skipped] = []
    extract_s = 0.0
    t0 = time.perf_counter()
    docs: Iterable[tuple[Any, Article]] = ((None, a) for a in articles)
    if ext.needs_doc:
        nlp = load_pipeline(model)
        # the body with its wrapping line breaks read as spaces: fewer tokens, whole sentences
        texts = ((unwrap_lines(a.body), a) for a in articles)
        docs = nlp.pipe(texts, as_tuples=True, batch_size=batch_size)  # type: ignore[attr-defined]
    for doc, article in docs:
        if doc is not None and (problem := sentence_budget_problem((len(s) for s in doc.sents), max_seconds)):
            out.append(_skipped(article, problem))  # before extraction: the limit is not spent first
            continue
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
        out.append(dataclasses.replace(rec, article=light_article(article)))
    t1 = time.perf_counter()
    encoded = [None if isinstance(rec, Skipped) else encode_records(rec) for rec in out]
    extract_s += time.perf_counter() - t1
    return out, encoded, time.perf_counter() - t0 - extract_s, extract_s


def _too_slow(article: Article, spent: float, max_seconds: float) -> Skipped:
    return _skipped(
        article,
        f"extraction took {spent:.1f} s, over the limit of {max_seconds:g} s per article "
        "(raise it with --max-seconds-per-article)",
    )


def _skipped(article: Article, reason: str) -> Skipped:
    where = f"{article.path}:{article.record}" if article.record is not None else (article.path or article.id)
    return Skipped(where, f"{where}: {reason}")


def _load_model(model: str | None) -> None:
    from eventgraph.nlp import load_pipeline

    load_pipeline(model)


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class WorkerPool:
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


def run_local(
    articles: Iterable[Article],
    model: str | None,
    pool: WorkerPool,
    chunk: int,
    max_seconds: float | None = None,
    idle: Callable[[], bool] | None = None,
    extractor: str = DEFAULT_EXTRACTOR,
) -> Iterator[ChunkResult]:
    """Parse in this process (one worker) or in the pool's processes; this one feeds them, and
    calls ``idle`` while it waits for them (see :meth:`WorkerPool.map`)."""
    items = iter(articles)
    first = next(items, None)
    if first is None:  # everything came from the cache: no model to load, no pool to start
        return
    items = itertools.chain([first], items)
    if pool.workers <= 1:
        for part in chunks(items, chunk * 4):
            yield parse_chunk(part, model, chunk, max_seconds, extractor)
        return
    tasks = ((part, model, chunk, max_seconds, extractor) for part in chunks(items, chunk))
    yield from pool.map(parse_chunk, tasks, ordered=False, idle=idle)  # the build puts records in order


def run_dask(
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
        for part in chunks(itertools.chain([first], items), chunk):
            running.add(client.submit(parse_chunk, part, model, chunk, max_seconds, extractor, pure=False))
            if running.count() >= window:  # bounded in-flight work; a result is released once read
                yield next(running).result()
        for done in running:
            yield done.result()
