"""Per-article record cache for incremental builds.

An article's records are stored as JSON under ``OUT/.eventgraph-cache/``, keyed by a hash of the
article (id, text, metadata) and of the pipeline (eventgraph version, model, rule files). A
rebuild parses only articles whose key is new; merging and export always run over all records,
so the merged output equals that of a full rebuild.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from functools import lru_cache
from importlib import resources
from pathlib import Path

from eventgraph import __version__
from eventgraph.export import atomic_write
from eventgraph.resources import ontology_dir
from eventgraph.types import ActorRecord, Article, ArticleRecords, EventRecord, Mention

__all__ = ["RecordCache", "article_key", "pipeline_fingerprint"]

CACHE_DIRNAME = ".eventgraph-cache"


@lru_cache(maxsize=8)
def pipeline_fingerprint(model: str) -> str:
    """Changes whenever the code version, the model or a rule file changes."""
    h = hashlib.sha256(f"{__version__}\x00{model}".encode())
    data = resources.files("eventgraph.data")
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith(".toml")):
        h.update(data.joinpath(name).read_bytes())
    gaz = ontology_dir() / "gazetteer.toml"
    if gaz.exists():
        h.update(gaz.read_bytes())
    return h.hexdigest()[:16]


def article_key(article: Article, fingerprint: str) -> str:
    h = hashlib.sha256(fingerprint.encode())
    for part in (article.id, article.text, article.title, article.url, article.published, article.source):
        h.update(b"\x1f" + (part or "").encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _mention(d: dict) -> Mention:
    return Mention(**d)


def to_json(rec: ArticleRecords) -> dict:
    data = asdict(rec)
    art = data["article"]
    # the text is the cache key's input; storing it again would double the cache's size
    art.pop("text")
    art.pop("body")
    art.pop("pieces")
    return data


def from_json(data: dict, article: Article) -> ArticleRecords:
    actors = tuple(
        ActorRecord(**{**a, "mentions": tuple(_mention(m) for m in a["mentions"]), "aliases": tuple(a["aliases"])})
        for a in data["actors"]
    )
    events = []
    for e in data["events"]:
        fields = dict(e)
        fields["trigger"] = _mention(e["trigger"])
        fields["mentions"] = tuple(_mention(m) for m in e["mentions"])
        for role in ("agent", "recipient", "target", "participants", "attributed_to"):
            fields[role] = tuple(e[role])
        events.append(EventRecord(**fields))
    return ArticleRecords(article=article, actors=actors, events=tuple(events), warnings=tuple(data.get("warnings", ())))


class RecordCache:
    def __init__(self, out_dir: Path, model: str) -> None:
        self.root = out_dir / CACHE_DIRNAME
        self.fingerprint = pipeline_fingerprint(model)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, article: Article) -> ArticleRecords | None:
        path = self._path(article_key(article, self.fingerprint))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        try:
            return from_json(data, article)
        except (KeyError, TypeError):
            return None

    def put(self, rec: ArticleRecords) -> None:
        path = self._path(article_key(rec.article, self.fingerprint))
        with atomic_write(path, "w") as fh:
            json.dump(to_json(rec), fh, ensure_ascii=False, separators=(",", ":"))

    def prune(self, keep: set[str]) -> int:
        """Remove entries not in ``keep`` (keys of this build's articles); returns how many."""
        removed = 0
        if not self.root.exists():
            return 0
        for path in self.root.glob("*/*.json"):
            if path.stem not in keep:
                os.unlink(path)
                removed += 1
        return removed


