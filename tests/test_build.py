"""End to end: real articles through ``eventgraph build`` (the Python API and the CLI).

The seed articles are built once per session (``seed_build`` in conftest.py); the other builds
here are small. Tests that need ``../shared`` (the scorer and its gold) skip when it is absent.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

import eventgraph

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
FIRST, SECOND = "000_3e01d71e7808b61d", "003_b52c3997e1d6880a"
EPOCH = "1742342400"

EG = "https://w3id.org/eventgraph/ontology#"
EGR = "https://w3id.org/eventgraph/resource/"
ONTOLOGY_GRAPH = "https://w3id.org/eventgraph/ontology"  # the class tree's graph
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = """
PREFIX eg: <https://w3id.org/eventgraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
# Who says how long the call lasted: one row per (article, duration), over the named graphs.
CALL_DURATIONS = (
    PREFIXES
    + """
SELECT ?call ?article ?duration WHERE {
  GRAPH ?g { ?call a eg:PhoneCall ; eg:duration ?duration . }
  ?g prov:wasDerivedFrom ?a .
  ?a dcterms:identifier ?article .
}
"""
)
EXPECTED_DURATIONS = {(FIRST, "PT2H"), (SECOND, "PT1H30M")}

OX_FORMATS = {
    "graph.trig": ox.RdfFormat.TRIG,
    "graph.nq": ox.RdfFormat.N_QUADS,
    "graph.jsonld": ox.RdfFormat.JSON_LD,
}


def cli() -> list[str]:
    """The ``eventgraph`` command of this interpreter's environment."""
    script = Path(sys.executable).with_name("eventgraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "eventgraph"]


def run_cli(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(
        [*cli(), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=timeout,
        check=False,
    )


def ox_store(path: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=path, format=OX_FORMATS[path.name])
    return store


def named_graphs(store: ox.Store) -> set[str]:
    return {g.value for g in store.named_graphs()}


def rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(query, use_default_graph_as_union=False)
    names = [v.value for v in solutions.variables]
    return [{n: sol[n].value for n in names if sol[n] is not None} for sol in solutions]


@pytest.fixture(scope="module")
def seed_out(seed_build) -> Path:
    return Path(seed_build.out_dir)


@pytest.fixture(scope="module")
def seed_store(seed_out: Path) -> ox.Store:
    return ox_store(seed_out / "graph.trig")


# ---------------------------------------------------------------------------- the seed build
def test_seed_build_result(seed_build) -> None:
    assert seed_build.exit_code == 0
    assert seed_build.articles == 2
    assert not seed_build.skipped
    assert seed_build.actors > 0 and seed_build.events > 0 and seed_build.triples > 0


def test_seed_build_writes_its_files(seed_build, seed_out: Path) -> None:
    for name in (
        "graph.trig",
        "graph.nq",
        "graph.ttl",
        "graph.jsonld",
        "report.json",
        "report.md",
        "index.html",
    ):
        path = seed_out / name
        assert path.is_file() and path.stat().st_size > 0, f"{name} not written"
    # every page the start page links to is there
    index = (seed_out / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="([\w.-]+\.html)"', index)) - {"index.html"}
    assert linked, "index.html links to no other view"
    for page in sorted(linked):
        assert (seed_out / page).is_file(), f"index.html links to {page}, which was not written"
    # what the build says it wrote exists
    for path in seed_build.files:
        assert Path(path).is_file(), f"BuildResult.files lists {path}, which does not exist"
    report = json.loads((seed_out / "report.json").read_text(encoding="utf-8"))
    for name in report["files"]:
        assert (seed_out / name).is_file(), f"report.json lists {name}, which does not exist"
    assert report["summary"]["articles"] == 2
    assert report["skipped"] == []
    # the views' analytics feed the report
    assert report["analytics"]["central_actors"]["degree"]
    assert "## Most central actors (degree)" in (seed_out / "report.md").read_text(encoding="utf-8")


def _readme_section(title: str) -> str | None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^(#+)\s+(.*)$", line)
        if m and title.lower() in m.group(2).lower():
            level = len(m.group(1))
            body = []
            for nxt in lines[i + 1 :]:
                h = re.match(r"^(#+)\s", nxt)
                if h and len(h.group(1)) <= level:
                    break
                body.append(nxt)
            return "\n".join(body)
    return None


def test_readme_lists_the_files_a_build_writes(seed_out: Path) -> None:
    section = _readme_section("Files a build writes")
    assert section is not None, "README.md has no 'Files a build writes' section"
    names = set(re.findall(r"(?<![\w/*-])[A-Za-z0-9_][\w-]*\.(?:trig|nq|ttl|jsonld|json|md|html)\b", section))
    assert len(names) >= 4, (
        f"the README's 'Files a build writes' section names too few files: {sorted(names)}"
    )
    # folders listed as entries (a table row or a list item of their own), e.g. `.eventgraph-cache/`
    folders = set(re.findall(r"^\s*[|*-]\s*`([\w.-]+)/`", section, re.M))
    missing = sorted(n for n in names if not (seed_out / n).is_file())
    missing += sorted(f"{d}/" for d in folders if not (seed_out / d).is_dir())
    assert not missing, f"README.md says a build writes {missing}, but the seed build did not"


# ---------------------------------------------------------------------------- the scorer
def test_seed_scores(seed_out: Path, shared_dir: Path, score_build, tmp_path: Path) -> None:
    gold, texts = shared_dir / "gold" / "seeds.json", shared_dir / "seeds"
    out = score_build(seed_out / "graph.trig", gold, texts)
    s, problems = out["summary"], out["problems"]
    # an arrangement for an imminent time ("are set to exchange ... on Wednesday", "will begin
    # immediately") is reported as happening, as this gold has it (eventgraph.extract.factuality)
    assert s["f1"] >= 0.95, problems
    assert s["events_found"] == "12/12", problems
    assert s["negatives"] == 0, problems
    assert s["overmerged"] == 0, problems
    assert s["unique_actors"] == "7/7", problems
    assert s["merged"] == "4/4", problems
    ok, total = map(int, s["mention_offsets_ok"].split("/"))
    assert total > 0 and ok == total, problems


# ---------------------------------------------------------------------------- loading, SHACL
@pytest.mark.parametrize("name", sorted(OX_FORMATS))
def test_quad_files_load_into_oxigraph(seed_out: Path, seed_store: ox.Store, name: str) -> None:
    store = ox_store(seed_out / name)
    assert len(store) == len(seed_store) > 0
    # one graph per article, and the ontology's class tree in its own graph
    assert named_graphs(store) == {f"{EGR}graph/{FIRST}", f"{EGR}graph/{SECOND}", ONTOLOGY_GRAPH}
    assert set(store) == set(seed_store)


def test_turtle_is_the_union_of_the_graphs(seed_out: Path, seed_store: ox.Store) -> None:
    store = ox.Store()
    store.load(path=seed_out / "graph.ttl", format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    union = {(q.subject, q.predicate, q.object) for q in seed_store}
    assert {(q.subject, q.predicate, q.object) for q in store} == union


@pytest.mark.parametrize("name", ["graph.trig", "graph.nq", "graph.jsonld"])
def test_eventgraph_load(seed_out: Path, seed_store: ox.Store, name: str) -> None:
    ds = eventgraph.load(seed_out / name)
    quads = list(ds.quads((None, None, None, None)))
    assert len(quads) == len(seed_store)
    graphs = {str(getattr(g, "identifier", g)) for _, _, _, g in quads}
    assert {f"{EGR}graph/{FIRST}", f"{EGR}graph/{SECOND}"} <= graphs


def test_eventgraph_load_folder_is_the_trig(seed_out: Path, seed_store: ox.Store) -> None:
    assert len(list(eventgraph.load(seed_out).quads((None, None, None, None)))) == len(seed_store)


def test_shacl(seed_out: Path) -> None:
    from eventgraph.validate import validate_dataset

    problems = validate_dataset(eventgraph.load(seed_out))
    assert problems == [], f"{len(problems)} SHACL problems, first ones:\n" + "\n".join(problems[:8])


# ---------------------------------------------------------------------------- SPARQL over GRAPH ?g
def test_call_durations_in_oxigraph(seed_store: ox.Store) -> None:
    found = rows(seed_store, CALL_DURATIONS)
    assert {(r["article"], r["duration"]) for r in found} == EXPECTED_DURATIONS
    assert len({r["call"] for r in found}) == 1, "both articles should state the same call IRI"


def test_call_durations_in_rdflib(seed_out: Path) -> None:
    ds = eventgraph.load(seed_out)
    found = {(str(r.article), str(r.duration)) for r in ds.query(CALL_DURATIONS)}
    assert found == EXPECTED_DURATIONS


def test_durations_are_typed(seed_store: ox.Store) -> None:
    for r in rows(seed_store, PREFIXES + "SELECT ?d WHERE { GRAPH ?g { ?e eg:duration ?d } }"):
        assert re.fullmatch(r"P(\d+[YMWD])*(T(\d+[HMS])+)?", r["d"]), r
    typed = rows(
        seed_store,
        PREFIXES + "SELECT (DATATYPE(?d) AS ?t) WHERE { GRAPH ?g { ?e eg:duration ?d } }",
    )
    assert typed and {r["t"] for r in typed} == {f"{XSD}duration"}


# ---------------------------------------------------------------------------- mention offsets
MENTIONS = (
    PREFIXES
    + """
SELECT ?m ?b ?e ?anchor ?id WHERE {
  GRAPH ?g { ?m nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor ; eg:inArticle ?art . }
  ?art dcterms:identifier ?id .
}
"""
)


def check_mentions(store: ox.Store, texts: dict[str, str]) -> int:
    found = rows(store, MENTIONS)
    bad = []
    for r in found:
        text = texts[r["id"]]
        b, e = int(r["b"]), int(r["e"])
        if not (0 <= b < e <= len(text)) or text[b:e] != r["anchor"]:
            bad.append(f"{r['m']}: anchor {r['anchor']!r}, text {text[b:e]!r}")
    assert not bad, f"{len(bad)} of {len(found)} mentions do not match their text:\n" + "\n".join(bad[:10])
    return len(found)


def test_mention_anchors_match_the_files(seed_store: ox.Store) -> None:
    texts = {}
    for f in SEEDS.glob("*.txt"):
        with open(f, encoding="utf-8", newline="") as fh:
            texts[f.stem] = fh.read()
    assert check_mentions(seed_store, texts) > 20


def test_every_mention_is_in_the_graph_of_its_article(seed_store: ox.Store) -> None:
    q = (
        PREFIXES
        + """
    SELECT ?m WHERE {
      GRAPH ?g { ?m eg:inArticle ?art . }
      FILTER NOT EXISTS { ?g prov:wasDerivedFrom ?art }
    }"""
    )
    assert rows(seed_store, q) == []


# ---------------------------------------------------------------------------- reproducibility
def test_same_input_same_bytes(seed_dir: Path, seed_out: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    eventgraph.build([seed_dir], tmp_path, workers=1, views=False, use_cache=False)
    for name in ("graph.trig", "graph.nq", "graph.ttl", "graph.jsonld"):
        assert (tmp_path / name).read_bytes() == (seed_out / name).read_bytes(), name


# ---------------------------------------------------------------------------- the command line
def test_cli_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli("build", SEEDS, "--out", out, "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    m = re.search(
        r"(\d+) articles\b.*?(\d+) actors\b.*?(\d+) events\b.*?(\d+) triples\b",
        proc.stdout,
    )
    assert m, f"no summary line with articles/actors/events/triples in:\n{proc.stdout}"
    articles, actors, events, triples = map(int, m.groups())
    assert articles == 2 and actors > 0 and events > 0 and triples > 0
    index = (out / "index.html").resolve()
    assert index.is_file()
    assert index.as_uri() in proc.stdout or str(index) in proc.stdout, proc.stdout
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["triples"] == triples


# ---------------------------------------------------------------------------- bad inputs
GOOD_ID = "good-seed"
JSONL_GOOD = ("feed-one", "feed-two")
# name -> (what the stderr line must name, a word of its reason)
BAD_INPUTS = {
    "empty.txt": ("empty.txt", r"empty"),
    "binary.txt": ("binary.txt", r"binary"),
    "latin1.txt": ("latin1.txt", r"UTF-8"),
    "huge.txt": ("huge.txt", r"limit|over|too (big|large)|max-bytes"),
    "feed.jsonl": ("feed.jsonl:2", r"JSON"),
    "navonly.html": ("navonly.html", r"article|text|content"),
}
MAX_BYTES = 1_000_000


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory: pytest.TempPathFactory) -> dict:
    src = tmp_path_factory.mktemp("bad-inputs")
    shutil.copyfile(SEEDS / f"{FIRST}.txt", src / f"{GOOD_ID}.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16)
    (src / "latin1.txt").write_bytes(
        "Café owners in Paris said on Monday that the government ordered a review.\n".encode("latin-1")
    )
    with open(src / "huge.txt", "wb") as fh:
        fh.write(b"a " * 25_000_000)  # 50 MB, far over --max-bytes
    records = [
        json.dumps(
            {"id": JSONL_GOOD[0], "text": "Putin called Trump on Tuesday to discuss the war in Ukraine."}
        ),
        '{"id": "feed-broken", "text": "an unterminated string',
        json.dumps(
            {"id": JSONL_GOOD[1], "text": "Trump urged Putin to spare the lives of Ukrainian soldiers."}
        ),
    ]
    (src / "feed.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    (src / "navonly.html").write_text(
        "<!doctype html><html><head><title>Example News</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/about'>About us</a></nav>"
        "<footer><p>Copyright 2025 Example Media. All rights reserved.</p>"
        "<a href='/privacy'>Privacy policy</a> <a href='/terms'>Terms of use</a></footer>"
        "</body></html>",
        encoding="utf-8",
    )
    out = tmp_path_factory.mktemp("bad-out")
    t0 = time.perf_counter()
    proc = run_cli("build", src, "--out", out, "--workers", "1", "--no-views", "--max-bytes", str(MAX_BYTES))
    elapsed = time.perf_counter() - t0
    return {"src": src, "out": out, "proc": proc, "elapsed": elapsed}


def test_bad_inputs_exit_status_3(bad_build: dict) -> None:
    proc = bad_build["proc"]
    assert proc.returncode == 3, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"


def test_bad_inputs_good_articles_still_build(bad_build: dict) -> None:
    graphs = named_graphs(ox_store(bad_build["out"] / "graph.trig"))
    for article_id in (GOOD_ID, *JSONL_GOOD):
        assert f"{EGR}graph/{article_id}" in graphs, f"no named graph for {article_id}: {sorted(graphs)}"
    assert not any("feed-broken" in g for g in graphs)


def test_huge_input_is_not_read(bad_build: dict) -> None:
    # a 50 MB file must be refused on its size, not read and parsed
    assert bad_build["elapsed"] < 10, f"the build took {bad_build['elapsed']:.1f} s"


def _stderr_lines(bad_build: dict, needle: str) -> list[str]:
    return [line for line in bad_build["proc"].stderr.splitlines() if needle in line]


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_has_one_clear_message(bad_build: dict, name: str) -> None:
    named, reason = BAD_INPUTS[name]
    lines = _stderr_lines(bad_build, name)
    assert len(lines) == 1, f"want one stderr line naming {name}, got {lines}\n{bad_build['proc'].stderr}"
    assert named in lines[0], lines[0]
    assert re.search(reason, lines[0], re.I), lines[0]


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_message_names_input_once(bad_build: dict, name: str) -> None:
    named, _ = BAD_INPUTS[name]
    for line in _stderr_lines(bad_build, name):
        assert line.count(named) == 1, f"the message repeats the input's name: {line}"


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_in_report(bad_build: dict, name: str) -> None:
    named, reason = BAD_INPUTS[name]
    report = json.loads((bad_build["out"] / "report.json").read_text(encoding="utf-8"))
    entries = [s for s in report["skipped"] if s["input"].endswith(named)]
    assert len(entries) == 1, report["skipped"]
    assert re.search(reason, entries[0]["reason"], re.I), entries[0]
    assert report["summary"]["skipped"] == len(BAD_INPUTS)


# ---------------------------------------------------------------------------- --base-iri
def test_base_iri_changes_resources_not_ontology(seed_dir: Path, tmp_path: Path) -> None:
    base = "https://example.org/news/"
    eventgraph.build([seed_dir], tmp_path, base_iri=base, workers=1, views=False)
    store = ox_store(tmp_path / "graph.nq")
    iris = set()
    for q in store:
        for term in (q.subject, q.predicate, q.object, q.graph_name):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
    assert not [i for i in iris if i.startswith(EGR)], "resource IRIs still use the default base"
    for kind in ("article", "graph", "actor", "event", "mention"):
        assert any(i.startswith(f"{base}{kind}/") for i in iris), f"no {kind} IRI under {base}"
    assert f"{EG}PhoneCall" in iris and f"{EG}participant" in iris, "ontology IRIs changed"
    assert named_graphs(store) == {f"{base}graph/{FIRST}", f"{base}graph/{SECOND}", ONTOLOGY_GRAPH}
    types = rows(store, "SELECT DISTINCT ?t WHERE { GRAPH ?g { ?s a ?t } }")
    assert not [r["t"] for r in types if r["t"].startswith(base)], "classes were minted under the base"


@pytest.mark.parametrize("base", ["not an iri", "example.org/news/", "https://example.org/news"])
def test_bad_base_iri(tmp_path: Path, base: str) -> None:
    proc = run_cli("build", SEEDS, "--out", tmp_path / "out", "--workers", "1", "--base-iri", base)
    assert proc.returncode in (1, 2), proc
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines and any("base" in line.lower() for line in lines), proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / "graph.trig").exists()


# ---------------------------------------------------------------------------- --published
def test_published_gives_the_call_a_year(seed_dir: Path, tmp_path: Path) -> None:
    eventgraph.build([seed_dir], tmp_path, published="2025-03-19", workers=1, views=False)
    store = ox_store(tmp_path / "graph.trig")
    q = (
        PREFIXES
        + f"""
    SELECT ?d (DATATYPE(?d) AS ?t) WHERE {{
      GRAPH <{EGR}graph/{FIRST}> {{ ?call a eg:PhoneCall ; eg:date ?d . }}
    }}"""
    )
    found = rows(store, q)
    assert [(r["d"], r["t"]) for r in found] == [("2025-03-18", f"{XSD}date")]


def test_cli_rejects_a_bad_published_date(tmp_path: Path) -> None:
    proc = run_cli("build", SEEDS, "--out", tmp_path / "out", "--published", "someday")
    assert proc.returncode in (1, 2)
    assert "published" in proc.stderr and "Traceback" not in proc.stderr


# ---------------------------------------------------------------------------- JSON Lines
JSONL_RECORDS = [
    {
        "id": "reut-1",
        "title": "Brazil, Argentina agree on cocoa quotas",
        "text": "Brazil and Argentina agreed on Monday to cut cocoa export quotas, the ministers said.",
        "url": "https://example.com/reut-1",
        "published": "26-FEB-1987 15:01:01.79",
        "source": "Reuters",
    },
    {
        "id": "reut-1",
        "title": "Call",
        "text": "Putin called Trump on Tuesday to discuss the war in Ukraine.",
        "url": "https://example.com/reut-1b",
        "published": "2025-03-18",
        "source": "Reuters",
    },
]
JSONL_GZ_RECORD = {
    "id": "reut-gz",
    "title": "Plea",
    "text": "Trump urged Putin to spare the lives of Ukrainian soldiers.",
    "url": "https://example.com/reut-gz",
    "published": "2-MAR-1987 09:00:00.00",
    "source": "Reuters",
}


def test_jsonl_input(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in JSONL_RECORDS), encoding="utf-8")
    with gzip.open(src / "more.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(JSONL_GZ_RECORD) + "\n")
    messages: list[str] = []
    result = eventgraph.build([src], tmp_path / "out", workers=1, views=False, on_message=messages.append)
    assert result.exit_code == 0, (result.skipped, messages)
    assert result.articles == 3

    store = ox_store(tmp_path / "out" / "graph.trig")
    arts = rows(
        store,
        PREFIXES
        + """SELECT ?g ?id ?issued (DATATYPE(?issued) AS ?t) WHERE {
             ?g prov:wasDerivedFrom ?a . ?a dcterms:identifier ?id .
             OPTIONAL { ?a dcterms:issued ?issued } }""",
    )
    by_id = {r["id"]: r for r in arts}
    assert "reut-1" in by_id and "reut-gz" in by_id
    dup = sorted(set(by_id) - {"reut-1", "reut-gz"})
    assert len(dup) == 1 and dup[0].startswith("reut-1") and dup[0] != "reut-1", dup
    assert any("duplicate" in w.lower() and "reut-1" in w for w in result.warnings), result.warnings
    # the record's id is the article's identifier, and names its graph
    assert by_id["reut-1"]["g"] == f"{EGR}graph/reut-1"
    # Reuters-style dates are understood and typed
    for article_id, day in (("reut-1", "1987-02-26"), ("reut-gz", "1987-03-02")):
        r = by_id[article_id]
        assert r.get("issued", "").startswith(day), r
        assert r["t"] in (f"{XSD}dateTime", f"{XSD}date"), r
    assert by_id[dup[0]]["issued"] == "2025-03-18" and by_id[dup[0]]["t"] == f"{XSD}date"
    # offsets point into each record's "text"
    texts = {
        "reut-1": JSONL_RECORDS[0]["text"],
        dup[0]: JSONL_RECORDS[1]["text"],
        "reut-gz": JSONL_GZ_RECORD["text"],
    }
    assert check_mentions(store, texts) > 0


# ---------------------------------------------------------------------------- the public API
def test_public_api_surface() -> None:
    assert eventgraph.__all__ == [
        "ActorRecord",
        "Article",
        "ArticleRecords",
        "BuildResult",
        "EventRecord",
        "Mention",
        "Skipped",
        "__version__",
        "build",
        "list_queries",
        "load",
        "query",
    ]


def test_import_is_light() -> None:
    code = (
        "import sys, eventgraph\n"
        "eventgraph.__version__\n"
        "heavy = ('spacy', 'rdflib', 'pyoxigraph')\n"
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy})))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"import eventgraph imported {proc.stdout.strip()}"


def test_api_build_and_load(seed_build, seed_store: ox.Store) -> None:
    assert isinstance(seed_build, eventgraph.BuildResult)
    ds = eventgraph.load(seed_build.out_dir)
    assert type(ds).__name__ == "Dataset"
    assert len(list(ds.quads((None, None, None, None)))) == len(seed_store)


def test_api_names_survive_submodule_imports() -> None:
    # ``eventgraph.query`` is a function of the API; importing the submodules behind it (list_queries
    # does) must not replace any API function with a module of the same name.
    code = (
        "import eventgraph\n"
        "eventgraph.list_queries()\n"
        "import eventgraph.sparql, eventgraph.dataset, eventgraph.pipeline\n"
        "for name in ('build', 'load', 'query', 'list_queries'):\n"
        "    obj = getattr(eventgraph, name)\n"
        "    assert callable(obj) and not isinstance(obj, type(eventgraph)), (name, obj)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr


def _query_names() -> set[str]:
    listed = eventgraph.list_queries()
    names = set()
    for item in listed:
        names.add(item if isinstance(item, str) else getattr(item, "name", str(item)))
    return names


def test_api_list_queries() -> None:
    assert {"disagreements", "proposals", "orders", "exchanges"} <= _query_names()


# a ready query and a word its table must show on the seed articles (from the gold facts)
READY = {"disagreements": "PT1H30M", "proposals": "trump", "orders": "putin", "exchanges": "ukraine"}


@pytest.mark.parametrize("name", sorted(READY))
def test_api_ready_queries(seed_out: Path, name: str) -> None:
    table = eventgraph.query(seed_out, name).to_table()
    assert isinstance(table, str)
    assert READY[name].lower() in table.lower(), f"{name}:\n{table}"


def test_api_disagreements_show_the_durations(seed_out: Path) -> None:
    table = eventgraph.query(seed_out, "disagreements").to_table()
    assert "PT2H" in table and "PT1H30M" in table, table


def test_api_custom_sparql(seed_out: Path) -> None:
    table = eventgraph.query(seed_out, CALL_DURATIONS).to_table()
    for article, duration in EXPECTED_DURATIONS:
        assert article in table and duration in table, table
