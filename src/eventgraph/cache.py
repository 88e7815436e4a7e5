"""Per-article cache for incremental builds: records, and the named graphs made of them.

An article's records are stored as JSON in the output folder's cache folder (``outputs.CACHE_DIR``),
keyed by a hash of the article (id, text, body, metadata) and of the pipeline
(:func:`pipeline_fingerprint`: the eventgraph version, the model and its version, the code that
makes records, found from its imports, and the data files that code names).
A rebuild parses only articles whose key is new; merging always runs over all records, so the
merged output equals that of a full rebuild.

An article's named graph (its blocks in every export format, compressed) is keyed by its record
key, the part of the merge's resolution the graph reads (the global keys of its actors, the
ids of its events) and :func:`graph_fingerprint` (base IRI, mapping and export code): a
rebuild maps again only the articles whose graph can have changed.

Entries are written beside their final name and renamed into place, without ``fsync``: the cache
can always be rebuilt, and an entry that cannot be read is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import zlib
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventgraph import __version__
from eventgraph.fingerprint import fingerprint_of, package_digest, source_files
from eventgraph.types import ActorRecord, Article, ArticleRecords, EventRecord, Mention

__all__ = [
    "CleaningCache",
    "RecordCache",
    "article_key",
    "decode_records",
    "encode_records",
    "graph_fingerprint",
    "pipeline_fingerprint",
]


def _model_version(model: str) -> str:
    """The installed version of ``model`` (a package), or the meta.json of a pipeline folder."""
    from importlib.metadata import PackageNotFoundError, version

    folder = Path(model)
    if folder.is_dir():
        meta = folder / "meta.json"
        return meta.read_text(encoding="utf-8") if meta.is_file() else ""
    parts = []
    for name in (model.replace("_", "-"), "spacy"):
        try:
            parts.append(version(name))
        except PackageNotFoundError:
            parts.append("")
    return " ".join(parts)


@lru_cache(maxsize=8)
def pipeline_fingerprint(model: str, code: tuple[str, ...], extractor: str = "") -> str:
    """Changes whenever the code version, the model (name or version), the extractor (its name and
    version, ``"rules 0.1.0"``: a plug-in's code is not ours to read), or the code that makes
    records (the modules ``code`` names and every one they import) or a data file it names
    changes (see :mod:`eventgraph.fingerprint`)."""
    prefix = f"{__version__}\x00{model}\x00{_model_version(model) if model else ''}\x00{extractor}"
    return fingerprint_of(prefix, source_files(code))


@lru_cache(maxsize=8)
def graph_fingerprint(base_iri: str, code: tuple[str, ...]) -> str:
    """Changes whenever the code version, the base IRI or the code that maps records to a named
    graph and serialises it (the modules ``code`` names and what they import) changes."""
    return fingerprint_of(f"{__version__}\x00graph\x00{base_iri}", source_files(code))


#: the fingerprints of the last build that used the cache, keyed by what they were made of
FINGERPRINTS = "fingerprints.json"


def _remembered(path: Path, *wanted: tuple[str, Callable[[], str]]) -> list[str]:
    """The fingerprints ``wanted`` ((arguments, compute) pairs), taken from the file ``path`` when
    it holds them for the same arguments, eventgraph version, model version and package files
    (:func:`~eventgraph.fingerprint.package_digest`), else computed and stored there. Reading the
    code's imports is a tenth of a second, the same for 10 articles as for 20,000."""
    salt = f"{__version__}\x00{package_digest()}\x00"
    keys = [hashlib.sha256((salt + args).encode("utf-8", "surrogatepass")).hexdigest() for args, _ in wanted]
    try:
        memo = json.loads((path).read_bytes())
    except (OSError, ValueError):
        memo = {}
    if not isinstance(memo, dict):
        memo = {}
    found = [memo.get(k) if isinstance(memo.get(k), str) else None for k in keys]
    if all(found):
        return [str(f) for f in found]
    values = [f or compute() for f, (_, compute) in zip(found, wanted, strict=True)]
    with contextlib.suppress(OSError):  # a memo that cannot be written is only a memo lost
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(dict(zip(keys, values, strict=True))), encoding="utf-8")
        os.replace(tmp, path)
    return values


def article_key(article: Article, fingerprint: str) -> str:
    h = hashlib.sha256(fingerprint.encode())
    a = article
    for part in (a.id, a.text, a.body, a.title, a.url, a.published, a.source):
        h.update(b"\x1f" + (part or "").encode("utf-8", "surrogatepass"))
    if a.annotations is not None:  # events given with the article are part of its input
        h.update(b"\x1e" + a.annotations.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


# A records entry is JSON of rows, not of objects: [actors, events, warnings], each actor and event
# a list of its fields in the order of its dataclass (mentions as [begin, end, text, evidence]).
# Rows parse and build in half the time of objects, and a rebuild reads every entry; the field
# order is the code's (types.py is in the pipeline fingerprint, so a change to it is a miss).


def _mention_row(m: Mention) -> list:
    return [m.begin, m.end, m.text, m.evidence]


def _mentions(rows: list) -> tuple[Mention, ...]:
    return tuple([Mention(*row) for row in rows])


def to_rows(rec: ArticleRecords) -> list:
    """``rec`` (without its article: the entry's key stands for the article) as JSON rows."""
    actors = [
        [a.key, a.label, a.cls, [_mention_row(m) for m in a.mentions], list(a.aliases), a.wikidata, a.country]
        for a in rec.actors
    ]
    events = [
        [
            e.cls,
            _mention_row(e.trigger),
            list(e.agent),
            list(e.recipient),
            list(e.target),
            list(e.participants),
            e.topic,
            e.quantity,
            e.duration,
            e.date,
            e.place,
            list(e.attributed_to),
            [_mention_row(m) for m in e.mentions],
            e.family,
            e.factuality,
        ]
        for e in rec.events
    ]
    return [actors, events, list(rec.warnings)]


def from_rows(rows: list, article: Article) -> ArticleRecords:
    """The records of :func:`to_rows`, attached to ``article``."""
    actors, events, warnings = rows
    return ArticleRecords(
        article=article,
        actors=tuple(
            [
                ActorRecord(key, label, cls, _mentions(mentions), tuple(aliases), wikidata, country)
                for key, label, cls, mentions, aliases, wikidata, country in actors
            ]
        ),
        events=tuple(
            [
                EventRecord(
                    cls,
                    Mention(*trigger),
                    tuple(agent),
                    tuple(recipient),
                    tuple(target),
                    tuple(participants),
                    topic,
                    quantity,
                    duration,
                    date,
                    place,
                    tuple(attributed_to),
                    _mentions(mentions),
                    family,
                    factuality,
                )
                for (
                    cls,
                    trigger,
                    agent,
                    recipient,
                    target,
                    participants,
                    topic,
                    quantity,
                    duration,
                    date,
                    place,
                    attributed_to,
                    mentions,
                    family,
                    factuality,
                ) in events
            ]
        ),
        warnings=tuple(warnings),
    )


def encode_records(rec: ArticleRecords) -> bytes:
    """``rec`` as the bytes of its cache entry."""
    return json.dumps(to_rows(rec), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_records(data: bytes, article: Article) -> ArticleRecords:
    """The records of a cache entry made by :func:`encode_records`, attached to ``article``."""
    return from_rows(json.loads(data), article)


class RecordCache:
    """The cache in the folder ``root``: records keyed by :func:`pipeline_fingerprint` of the
    modules ``record_code`` (those that make records), graphs by :func:`graph_fingerprint` of
    ``graph_code`` (those that map and serialise them)."""

    def __init__(
        self,
        root: Path,
        model: str,
        base_iri: str = "",
        *,
        record_code: Sequence[str],
        graph_code: Sequence[str],
        extractor: str = "",
    ) -> None:
        self.root = root
        self._root = str(self.root)
        record_args = (model, tuple(record_code), extractor)
        graph_args = (base_iri, tuple(graph_code))
        self.fingerprint, self.graph_fingerprint = _remembered(
            root / FINGERPRINTS,
            # the model's version is read each time: an upgraded model makes new records
            (
                repr((*record_args, _model_version(model) if model else "")),
                lambda: pipeline_fingerprint(*record_args),
            ),
            (repr(graph_args), lambda: graph_fingerprint(*graph_args)),
        )

    def _path(self, key: str, suffix: str = ".json") -> str:
        # a string, not a Path: a rebuild makes three paths per article, and pathlib's parsing
        # of them cost more than reading the entries
        return f"{self._root}/{key[:2]}/{key}{suffix}"

    @staticmethod
    def _read(path: str) -> bytes:
        with open(path, "rb") as fh:
            return fh.read()

    def _write(self, path: str, data: bytes) -> None:
        folder, name = path.rsplit("/", 1)
        tmp = f"{folder}/.{name}.{os.getpid()}.tmp"
        try:
            fh = open(tmp, "wb")  # noqa: SIM115 - opened here, to make the folder on a miss
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
            fh = open(tmp, "wb")  # noqa: SIM115
        with fh:
            fh.write(data)
        os.replace(tmp, path)

    def key(self, article: Article) -> str:
        """The entry's key: needs the whole article (its text), not a light copy."""
        return article_key(article, self.fingerprint)

    def load(self, key: str, article: Article) -> ArticleRecords | None:
        """The records stored under ``key``, attached to ``article``; None when there are none."""
        try:
            return decode_records(self._read(self._path(key)), article)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def store_encoded(self, key: str, data: bytes) -> None:
        """Store records encoded by :func:`encode_records` (in a worker process, say)."""
        self._write(self._path(key), data)

    # ------------------------------------------------------------------ named graphs
    def graph_key(self, record_key: str, signature: str) -> str:
        """The key of an article's graph: its records' key and what it reads of the resolution."""
        h = hashlib.sha256(f"{self.graph_fingerprint}\x1f{record_key}\x1f".encode())
        h.update(signature.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def has_graph(self, key: str) -> bool:
        return os.path.isfile(self._path(key, ".blocks.z"))

    def load_graph(self, key: str, formats: Iterable[str]) -> tuple[dict[str, bytes], int] | None:
        """The export blocks of the graph stored under ``key`` and its number of quads, or None
        (also when a format in ``formats`` is missing)."""
        try:
            data = zlib.decompress(self._read(self._path(key, ".blocks.z")))
            head, _, body = data.partition(b"\n")
            index = json.loads(head)
            blocks, at = {}, 0
            for name, size in index["blocks"]:
                blocks[name] = body[at : at + size]
                at += size
            if at != len(body) or any(name not in blocks for name in formats):
                return None
            return blocks, int(index["quads"])
        except (OSError, zlib.error, ValueError, KeyError, TypeError):
            return None

    def store_graph(self, key: str, blocks: dict[str, bytes], quads: int) -> None:
        index = {"quads": quads, "blocks": [[name, len(data)] for name, data in blocks.items()]}
        head = json.dumps(index, separators=(",", ":")).encode("utf-8")
        self._write(self._path(key, ".blocks.z"), zlib.compress(head + b"\n" + b"".join(blocks.values()), 1))

    def cleaning_memo(self) -> CleaningCache:
        """What cleaning found for the texts of the last build (see :class:`CleaningCache`)."""
        return CleaningCache(self.root / "cleaning.json.z", self.fingerprint)

    def prune(self, keep: set[str]) -> int:
        """Remove entries (records, graphs, leftovers) not in ``keep``; returns how many."""
        removed = 0
        try:
            folders = [e.path for e in os.scandir(self.root) if e.is_dir()]
        except FileNotFoundError:
            return 0
        for folder in folders:
            for entry in os.scandir(folder):
                if entry.name.split(".", 1)[0] not in keep:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(entry.path)
                    removed += 1
        return removed


class CleaningCache:
    """The results of cleaning plain texts (boilerplate lines, title, date), by text, in one file.

    Given to ingest as its memo (:class:`eventgraph.ingest.text.CleaningMemo`): a rebuild reads
    the kept segments of an unchanged text instead of judging its lines again. Tied to the
    pipeline fingerprint (which covers the ingest code and the boilerplate rules); :meth:`save`
    keeps the entries this build used, no others.
    """

    def __init__(self, path: Path, fingerprint: str) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self._known: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        try:
            data = json.loads(zlib.decompress(path.read_bytes()))
            if isinstance(data, dict) and data.get("fingerprint") == fingerprint:
                self._known = data["entries"]
        except (OSError, zlib.error, ValueError, KeyError, TypeError):
            pass  # no memo, or one that cannot be read: the texts are cleaned again

    def get(self, key: str) -> Any:
        found = self._known.get(key)
        if isinstance(found, dict) and ("problem" in found or "segments" in found):
            self._used[key] = found
            return found
        return None

    def __setitem__(self, key: str, value: Any) -> None:
        self._used[key] = value

    def save(self) -> None:
        data = {"fingerprint": self.fingerprint, "entries": self._used}
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(zlib.compress(raw, 1))
        os.replace(tmp, self.path)
