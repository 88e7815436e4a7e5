"""The build: articles → spaCy Docs → records → named graphs → merged dataset → files.

Articles stream through ``nlp.pipe`` in batches (in this process, in worker processes, or on a
Dask cluster); Docs are dropped as soon as their records are made. Records are cached per
article, so a rebuild parses only new or changed articles. Merging, mapping and export run over
all records at the end, into an in-memory Oxigraph store.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from eventgraph import __version__
from eventgraph.cache import RecordCache
from eventgraph.export import FORMATS, atomic_write, export_all
from eventgraph.ingest import iter_articles
from eventgraph.mapping import article_graph, canonical_triples
from eventgraph.merge import resolve
from eventgraph.mint import DEFAULT_BASE, Minter
from eventgraph.types import Article, ArticleRecords, Skipped

__all__ = ["BuildResult", "build", "process_articles"]

DEFAULT_MAX_BYTES = 5_000_000
_CHUNK = 32


@dataclass
class BuildResult:
    out_dir: Path
    articles: int = 0
    actors: int = 0
    events: int = 0
    triples: int = 0
    parsed: int = 0
    reused: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    model: str = ""

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
def process_articles(articles: Sequence[Article], model: str | None = None, *, batch_size: int = _CHUNK) -> list[ArticleRecords]:
    """Parse and extract a batch of articles in this process (the model is loaded once)."""
    from eventgraph.extract import extract_article
    from eventgraph.nlp import load_pipeline

    nlp = load_pipeline(model)
    out = []
    for doc, article in nlp.pipe(((a.body, a) for a in articles), as_tuples=True, batch_size=batch_size):  # type: ignore[attr-defined]
        try:
            out.append(extract_article(doc, article))
        except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the build
            out.append(ArticleRecords(article=article, warnings=(f"{article.id}: extraction failed: {exc!r}",)))
    return out


def _init_worker(model: str | None) -> None:
    from eventgraph.nlp import load_pipeline

    load_pipeline(model)


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_local(articles: Iterable[Article], model: str | None, workers: int) -> Iterator[ArticleRecords]:
    if workers <= 1:
        for chunk in _chunks(articles, _CHUNK * 4):
            yield from process_articles(chunk, model)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(model,)) as pool:
        pending: list[Future] = []
        for chunk in _chunks(articles, _CHUNK):
            pending.append(pool.submit(process_articles, chunk, model))
            while len(pending) >= workers * 3:  # bounded in-flight work: memory stays flat
                yield from pending.pop(0).result()
        for fut in pending:
            yield from fut.result()


def _run_dask(articles: Iterable[Article], model: str | None, scheduler: str) -> Iterator[ArticleRecords]:
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        futures = []
        window = max(4, 3 * len(client.scheduler_info().get("workers", {}) or [1]))
        ac = as_completed()
        for chunk in _chunks(articles, _CHUNK):
            fut = client.submit(process_articles, chunk, model, pure=False)
            futures.append(fut)
            ac.add(fut)
            if ac.count() >= window:
                done = next(ac)
                yield from done.result()
        for done in ac:
            yield from done.result()


# ---------------------------------------------------------------------------- build
def _generated_at() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    else:
        moment = dt.datetime.now(tz=dt.timezone.utc)
    return moment.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ox_term(term: object) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"unexpected RDF term {term!r}")


def add_graph(store: ox.Store, graph: Graph) -> int:
    name = ox.NamedNode(str(graph.identifier))
    quads = [ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), name) for s, p, o in graph]  # type: ignore[arg-type]
    store.extend(quads)
    return len(quads)


def _add_default(store: ox.Store, triples: Iterable[tuple]) -> int:
    quads = [ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), ox.DefaultGraph()) for s, p, o in triples]  # type: ignore[arg-type]
    store.extend(quads)
    return len(quads)


def _progress(total: int | None, enabled: bool | None):  # noqa: ANN202
    from tqdm import tqdm

    show = sys.stderr.isatty() if enabled is None else enabled
    return tqdm(total=total, unit="art", desc="eventgraph", disable=not show, file=sys.stderr, leave=False)


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
    on_message=None,  # noqa: ANN001 - callable(str) for skip/warning lines as they happen
) -> BuildResult:
    """Build the event graph of the articles under ``paths`` into the folder ``out``."""
    from eventgraph.nlp import pick_model

    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    minter = Minter(base_iri)
    model_name = pick_model(model)
    result = BuildResult(out_dir=out_dir, model=model_name)
    say = on_message or (lambda msg: None)
    timings: Counter = Counter()
    cache = RecordCache(out_dir, model_name) if use_cache else None

    def warn(msg: str) -> None:
        result.warnings.append(msg)
        say(f"warning: {msg}")

    # ingest (streaming) and split into cached and to-parse
    records: list[ArticleRecords] = []
    order: dict[str, int] = {}
    to_parse: list[Article] = []
    t0 = time.perf_counter()
    bar = _progress(None, progress)
    for item in iter_articles(paths, max_bytes=max_bytes, published=published, on_warning=warn):
        if isinstance(item, Skipped):
            result.skipped.append(item)
            say(f"skipped: {item.reason}")  # the reason starts with the input's name
            continue
        order[item.id] = len(order)
        hit = cache.get(item) if cache else None
        if hit is not None:
            records.append(hit)
            result.reused += 1
            bar.update(1)
        else:
            to_parse.append(item)
    timings["ingest"] += time.perf_counter() - t0

    # parse and extract
    t0 = time.perf_counter()
    if to_parse:
        if executor == "dask":
            if not scheduler:
                raise ValueError("--executor dask needs --scheduler ADDRESS (a running dask.distributed scheduler)")
            stream = _run_dask(to_parse, model, scheduler)
        else:
            stream = _run_local(to_parse, model, workers)
        for rec in stream:
            records.append(rec)
            result.parsed += 1
            for w in rec.warnings:
                warn(w)
            if cache is not None and not rec.warnings:
                cache.put(rec)
            bar.update(1)
    bar.close()
    to_parse.clear()
    timings["parse+extract"] += time.perf_counter() - t0
    records.sort(key=lambda r: order[r.article.id])

    # merge
    t0 = time.perf_counter()
    res = resolve(records)
    timings["merge"] += time.perf_counter() - t0

    # map into one store
    t0 = time.perf_counter()
    version = f"eventgraph {__version__}; {_model_label(model_name)}"
    generated_at = _generated_at()
    store = ox.Store()
    n = 0
    for rec in records:
        g, meta = article_graph(rec, res, minter, generated_at=generated_at, version=version)
        n += add_graph(store, g)
        n += _add_default(store, meta)
    n += _add_default(store, canonical_triples(res, minter))
    timings["map"] += time.perf_counter() - t0

    # export
    t0 = time.perf_counter()
    result.files.extend(export_all(store, out_dir))
    timings["export"] += time.perf_counter() - t0

    result.articles = len(records)
    result.actors = len(res.actors)
    result.events = len(res.event_label)
    result.triples = len(store)
    if views:
        t0 = time.perf_counter()
        try:
            from eventgraph import viz

            result.files.extend(viz.write_views(store, out_dir))
            analytics = viz.analytics(viz.graph_model(store))
        except Exception as exc:  # noqa: BLE001 - a view must never cost the user the graph
            warn(f"views not written: {exc!r}")
            analytics = {}
        timings["views"] += time.perf_counter() - t0
    else:
        analytics = {}
    result.timings = {k: round(v, 3) for k, v in timings.items()}
    if cache is not None:
        from eventgraph.cache import article_key

        cache.prune({article_key(r.article, cache.fingerprint) for r in records})
    result.files.extend(_write_report(result, records, res, analytics))
    return result


def _model_label(name: str) -> str:
    try:
        from importlib.metadata import version as pkg_version

        return f"{name} {pkg_version(name.replace('_', '-'))}"
    except Exception:  # noqa: BLE001 - an unnamed pipeline folder has no package version
        return name


def _write_report(result: BuildResult, records: list[ArticleRecords], res, analytics: dict) -> list[Path]:  # noqa: ANN001
    by_class = Counter(e.cls for r in records for e in r.events)
    report = {
        "eventgraph": __version__,
        "model": result.model,
        "summary": result.summary(),
        "events_by_class": dict(sorted(by_class.items())),
        "skipped": [{"input": s.input, "reason": s.reason} for s in result.skipped],
        "warnings": result.warnings,
        "files": {p.name: _describe(p.name) for p in sorted(result.files)},
        "analytics": analytics,
        "timings_seconds": result.timings,
    }
    json_path = result.out_dir / "report.json"
    md_path = result.out_dir / "report.md"
    with atomic_write(json_path, "w") as fh:
        json.dump(report, fh, ensure_ascii=False, indent=1, sort_keys=False)
        fh.write("\n")
    lines = [
        "# eventgraph build report",
        "",
        f"- eventgraph {__version__}, model {result.model}",
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
        lines += [f"- {r.get('label', r.get('iri'))} ({r.get('class', '')}): {r.get('score', '')}" for r in rows[:10]]
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
