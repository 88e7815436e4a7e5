"""Records to graphs: each article's named graph and the default graph as export blocks, the
cache of those blocks, and the files written by joining them (see :mod:`eventgraph.export`)."""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from eventgraph.cache import RecordCache
from eventgraph.export import FORMATS, DatasetWriter, graph_blocks, sort_key, sort_keyed, sorted_blocks
from eventgraph.mapping import article_metadata, article_triples, canonical_triples
from eventgraph.merge import Resolution
from eventgraph.mint import Minter
from eventgraph.types import ArticleRecords

if TYPE_CHECKING:  # the pool only runs map_chunk: mapping does not import the parsing workers
    from eventgraph.pipeline.workers import WorkerPool

__all__ = [
    "DefaultGraph",
    "GraphBlocks",
    "NamedGraphs",
    "class_tree",
    "map_chunk",
    "resolution_slice",
    "write_dataset",
]


@dataclass(frozen=True, slots=True)
class _ActorClass:
    """What an article's graph reads of a canonical actor: its class, nothing else."""

    cls: str


def resolution_slice(rec: ArticleRecords, res: Resolution) -> tuple[Resolution, str]:
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
    roles |= {res.actor(aid, a.key) for a in rec.actors}  # each actor typed with its one class
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


def class_tree() -> GraphBlocks:
    """The ontology's class tree (``rdfs:subClassOf`` between its classes, from the class table)
    in its own named graph, ``vocab.ONTOLOGY_GRAPH``: a query over the dataset alone finds the
    instances of subclasses (``GRAPH <…ontology> { ?c rdfs:subClassOf* eg:Actor }`` finds the
    Kremlin, an eg:GovernmentBody). No article derives it: it is no article's graph."""
    from eventgraph.classes import class_table
    from eventgraph.vocab import ONTOLOGY_GRAPH, PREFIXES

    name, sub = ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(PREFIXES["rdfs"] + "subClassOf")
    quads = [
        ox.Quad(ox.NamedNode(c.iri), sub, ox.NamedNode(PREFIXES["eg"] + p), name)
        for c in class_table()
        for p in c.parents
    ]
    return sorted_blocks(sort_keyed((sort_key(q), q) for q in quads)), len(quads)


class DefaultGraph:
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


class NamedGraphs:
    """Every article's named graph as export blocks, in the order of the graphs' IRIs (iterate).

    An article's graph reads only its slice of the resolution: while that and its records are
    unchanged, its blocks are the ones in the cache. The others are mapped here, or in the
    pool's processes when there are many. ``keys`` holds the cache keys of all graphs (for
    pruning the cache), ``reused`` counts the graphs taken from the cache.
    """

    def __init__(
        self,
        records: list[ArticleRecords],
        res: Resolution,
        minter: Minter,
        cache: RecordCache | None,
        record_keys: dict[str, str],
        pool: WorkerPool | None,
        *,
        chunk: int,
    ) -> None:
        self.minter, self.cache, self.pool, self.chunk = minter, cache, pool, chunk
        self.keys: set[str] = set()
        self.reused = 0
        self._items: list[tuple[ArticleRecords, Resolution, str | None, bool]] = []
        for rec in sorted(records, key=lambda r: minter.graph(r.article.id)):
            part, signature = resolution_slice(rec, res)
            gkey = (
                cache.graph_key(record_keys[rec.article.id], signature)
                if cache is not None and not rec.warnings
                else None
            )
            if gkey:
                self.keys.add(gkey)
            self._items.append((rec, part, gkey, bool(cache is not None and gkey and cache.has_graph(gkey))))
        self._formats = list(FORMATS)

    def _cached(self, gkey: str | None) -> GraphBlocks | None:
        return self.cache.load_graph(gkey, self._formats) if self.cache is not None and gkey else None

    def _one(
        self, rec: ArticleRecords, part: Resolution, gkey: str | None, hit: GraphBlocks | None
    ) -> GraphBlocks:
        """``hit`` from the cache, or mapped here (also when the cache entry cannot be read)."""
        if hit is not None:
            self.reused += 1
            return hit
        return map_chunk([(rec, part, gkey)], self.minter.base, self.cache)[0]

    def __iter__(self) -> Iterator[GraphBlocks]:
        items, pool, chunk = self._items, self.pool, self.chunk
        n_to_map = sum(1 for *_, is_cached in items if not is_cached)
        if pool is None or pool.workers <= 1 or n_to_map < 4 * chunk:
            # cache entries are read and decompressed ahead in threads (both release the GIL)
            # while this one writes the blocks before them
            with ThreadPoolExecutor(2) as reader:
                ahead: deque[Future] = deque()
                for n, (rec, part, gkey, _is_cached) in enumerate(items):
                    while len(ahead) < 64 and n + len(ahead) < len(items):
                        ahead.append(reader.submit(self._cached, items[n + len(ahead)][2]))
                    yield self._one(rec, part, gkey, ahead.popleft().result())
            return
        # many to map: chunks go to the worker processes in order, a bounded number at a time;
        # the workers store what they map in the cache
        parts: deque[list[tuple[ArticleRecords, Resolution, str | None, bool]]] = deque()

        def tasks() -> Iterator[tuple]:
            for start in range(0, len(items), chunk):
                part_items = items[start : start + chunk]
                parts.append(part_items)
                todo = [(r, p, k) for r, p, k, is_cached in part_items if not is_cached]
                yield (todo, self.minter.base, self.cache)

        for mapped in pool.map(map_chunk, tasks()):
            fresh = iter(mapped)
            for rec, part, gkey, is_cached in parts.popleft():
                yield self._one(rec, part, gkey, self._cached(gkey)) if is_cached else next(fresh)


def write_dataset(
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
            _load(store, head["nquads"])
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
                _load(store, blocks["nquads"])
    return writer.paths, total


def _load(store: ox.Store, nquads: bytes) -> None:
    """Add a graph's N-Quads block to ``store``, unchecked: Oxigraph wrote the block from valid
    terms (parsing it leniently, without validating IRIs again, takes a third less time)."""
    store.load(nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
