"""Robustness and safety: any input, no crash, nothing lost, nothing injected.

Property-based tests (hypothesis) over IRI minting, ingest, extraction + mapping + export and
literal escaping; then whole builds: byte-identical output across processes, atomic writes under
``kill -9``, the size and time limits, a corpus with 1 % damaged records, script payloads in a
real browser, and SPARQL parameters that cannot change a query's shape.

The spaCy pipeline is loaded once per process (``load_pipeline`` is cached); hypothesis runs a
bounded number of examples with no deadline, so the file stays within a couple of minutes.
The counts of examples are in docs/reliability.md; ``EVENTGRAPH_FUZZ_SCALE=N`` multiplies them
for a longer session by hand.
"""

from __future__ import annotations

import gzip
import html
import itertools
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

import eventgraph
from eventgraph.ingest import iter_articles
from eventgraph.ingest.decode import InputProblem, decode_bytes
from eventgraph.ingest.html import build_html_article
from eventgraph.ingest.jsonl import iter_jsonl
from eventgraph.ingest.text import build_plain_article
from eventgraph.mapping import text_literal
from eventgraph.merge import resolve
from eventgraph.mint import Minter, safe_id, slugify
from eventgraph.pipeline.graphs import DefaultGraph, NamedGraphs, write_dataset
from eventgraph.types import ActorRecord, Article, ArticleRecords, EventRecord, Mention, Skipped

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
REUTERS = REPO.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"
EPOCH = "1742342400"
CHROMIUM = "/usr/bin/chromium"

EG = "https://w3id.org/eventgraph/ontology#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
DCT = "http://purl.org/dc/terms/"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"

GRAPH_FILES = {
    "graph.trig": (ox.RdfFormat.TRIG, "trig"),
    "graph.nq": (ox.RdfFormat.N_QUADS, "nquads"),
    "graph.jsonld": (ox.RdfFormat.JSON_LD, "json-ld"),
    "graph.ttl": (ox.RdfFormat.TURTLE, "turtle"),
}
# the IRIREF production of N-Triples/Turtle/SPARQL forbids these (and anything up to U+0020)
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`]')

PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=1">',
    "javascript:window.__pwned=1",
)

#: EVENTGRAPH_FUZZ_SCALE=20 runs twenty times the examples (a longer fuzzing session, by hand)
SCALE = max(1, int(os.environ.get("EVENTGRAPH_FUZZ_SCALE", "1")))

# ------------------------------------------------------------------------------------ strategies
NASTY = (
    *PAYLOADS,
    *"\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\xa0\u2028\u2029\u200b\u200e\u200f\u202a\u202e\u2066\u2069",
    *"\ufeff\ufffd\ufffe\uffff\U0010ffff\U0001f600\U0001f1fa\U0001f1e6<>&\"'\\`{}|^%#?/.",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&lt;b&gt;",
    "</script>",
    "<!--",
    "-->",
    "]]>",
    '"><',
    "%2F",
    "%00",
    "..",
    "e\u0301",
    "\u0130stanbul",
    "Stra\u00dfe",
    "\u0141\u00f3d\u017a",
    "\u674e",
    "\u0417\u0435\u043b\u0435\u043d\u0441\u044c\u043a\u0438\u0439",
    "\u0645\u0631\u062d\u0628\u0627",
    "\ufdfd",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    '"',
    "\u201cquoted\u201d",
    "'unbalanced",
    "(((",
)
LONG_WORD = "Z" + "x" * 9_999  # a 10,000-character word
SENTENCES = (
    "US President Donald Trump and Russian President Vladimir Putin spoke by telephone on Tuesday.",
    "The Kremlin said Putin ordered the Russian military to halt strikes on energy infrastructure.",
    "Ukraine and Russia exchanged 175 prisoners each on March 19, officials said.",
    "Ukrainian President Volodymyr Zelensky accused Moscow of launching new drone attacks.",
    "The European Union urged both sides to agree to a 30-day ceasefire.",
    "Saudi Arabia offered to host talks between the delegations in Riyadh.",
    'John "Smith> met Angela Merkel in Berlin for two hours.',
    "Officials from the <script>window.__pwned=1</script> Ministry said the talks would resume.",
    "The White House demanded that Iran release the detained sailors.",
    "Prime Minister \u0141ukasz M\u00fcller promised to \u201cdefend every border\u201d.",
)
_CHARS = st.characters(codec="utf-8")  # any code point but surrogates
nasty_piece = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(NASTY),
    st.text(_CHARS, max_size=30),
    st.lists(st.sampled_from(NASTY), max_size=8).map("".join),
    st.just(LONG_WORD),
)


@st.composite
def texts(draw, max_parts: int = 10) -> str:
    parts = draw(st.lists(nasty_piece, min_size=1, max_size=max_parts))
    seps = draw(
        st.lists(
            st.sampled_from([" ", "", "\n", "\n\n", "\r\n", "\t"]), min_size=len(parts), max_size=len(parts)
        )
    )
    return "".join(p + s for p, s in zip(parts, seps, strict=True))


@st.composite
def english_texts(draw) -> str:
    """Real sentences with nasty pieces between them: something for the extractors to find."""
    sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=6))
    out = []
    for s in sentences:
        out.append(s)
        if draw(st.booleans()):
            out.append(draw(nasty_piece))
        out.append(draw(st.sampled_from([" ", "\n", "\n\n", "\r\n"])))
    return "".join(out)


ids = st.one_of(
    st.text(_CHARS, min_size=1, max_size=40),
    st.sampled_from(["a", "A", ".", "..", "...", "%41", "_", "a/b", "a b", "\u00e9", "e\u0301"]),
)
any_keys = st.one_of(st.text(max_size=30), st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True))


# ----------------------------------------------------------------------------------- helpers
def assert_valid_iri(iri: str) -> None:
    assert not IRI_FORBIDDEN.search(iri), iri
    assert ox.NamedNode(iri).value == iri  # RFC 3987 (oxiri): scheme, host, port, percent-encoding
    g = rdflib.Graph()
    g.parse(data=f"<{iri}> <http://example.org/p> <http://example.org/o> .\n", format="nt")
    assert [str(s) for s in g.subjects()] == [iri]


def map_and_export(records: list[ArticleRecords], out: Path, minter: Minter | None = None) -> ox.Store:
    """What the build does with records (here made by hand) after extraction, with its own code:
    merge, the default graph and each article's named graph as blocks, the files joined from
    them. Returns the store the build loads from the same blocks for its views."""
    minter = minter or Minter()
    res = resolve(records)
    default = DefaultGraph(minter, generated_at="2025-03-19T00:00:00Z", version="test")
    named = NamedGraphs(records, res, minter, None, {}, None, chunk=32)
    store = ox.Store()
    write_dataset(out, default.blocks(records, res), iter(named), store, defaultdict(float))
    return store


def load_everywhere(out: Path) -> dict[str, ox.Store]:
    """Parse every graph file with pyoxigraph and rdflib; returns the pyoxigraph stores."""
    stores = {}
    for name, (oxfmt, rdffmt) in GRAPH_FILES.items():
        data = (out / name).read_bytes()
        store = ox.Store()
        store.load(data, format=oxfmt)
        stores[name] = store
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ds = rdflib.Dataset() if name != "graph.ttl" else rdflib.Graph()
            ds.parse(data=data, format=rdffmt)
        assert len(ds) or not len(store)
    return stores


def literal_values(store: ox.Store, predicate: str) -> set[str]:
    return {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(predicate), None, None)}


def check_article(art: Article) -> None:
    """The body is made of the text's pieces: verbatim copies, or one character per HTML entity."""
    assert art.body and art.body.strip()
    if not art.pieces:
        assert art.body == art.text
        return
    for p in art.pieces:
        body = art.body[p.body_start : p.body_start + p.body_len]
        source = art.text[p.source_start : p.source_start + p.source_len]
        assert len(body) == p.body_len and len(source) == p.source_len
        if p.body_len == p.source_len:
            assert body == source
            # any span inside the run maps back to the same characters
            for b, e in (
                (0, p.body_len),
                (0, 1),
                (p.body_len - 1, p.body_len),
                (p.body_len // 3, p.body_len // 2 + 1),
            ):
                sb, se = art.to_source(p.body_start + b, p.body_start + e)
                assert art.text[sb:se] == art.body[p.body_start + b : p.body_start + e]
        else:
            assert art.kind == "html" and source.startswith("&") and html.unescape(source) == body, (
                source,
                body,
            )
    for field in (art.id, art.text, art.body, art.title, art.url, art.source, art.published):
        assert field is None or not re.search("[\ud800-\udfff]", field)


def check_graph_mentions(
    store: ox.Store, texts_by_graph: dict[str, str], bodies_by_graph: dict[str, str] | None = None
) -> int:
    """Every mention in every parsed graph: anchorOf == the input text between its offsets, and
    (for the graphs in ``bodies_by_graph``: plain texts, whose bodies are verbatim runs of the
    text) a piece of the body ingest kept."""
    n = 0
    q = """PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
    SELECT ?g ?a ?b ?e WHERE { GRAPH ?g { ?m nif:anchorOf ?a ; nif:beginIndex ?b ; nif:endIndex ?e } }"""
    for row in store.query(q):
        text = texts_by_graph[row["g"].value]
        b, e = int(row["b"].value), int(row["e"].value)
        assert row["a"].value == text[b:e], (row["a"].value, text[b:e])
        if bodies_by_graph is not None and row["g"].value in bodies_by_graph:
            assert row["a"].value in bodies_by_graph[row["g"].value], row["a"].value
        n += 1
    return n


@pytest.fixture(scope="module")
def shapes():
    from eventgraph.validate import load_shapes

    return load_shapes()


def shacl_problems(out: Path, shapes) -> list[str]:
    """validate.validate_dataset over the written graph.trig, with the shapes loaded once."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from eventgraph.validate import validate_graph

    ds = eventgraph.load(out)
    problems = validate_graph(ds.graph(DATASET_DEFAULT_GRAPH_ID), shapes, "default graph")
    for g in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g):
            problems += validate_graph(g, shapes, str(g.identifier))
    return problems


# =============================================================================== (a) IRI minting
MINT = settings(max_examples=400 * SCALE, deadline=None, database=None)


@MINT
@given(st.text(max_size=60))
@example("")
@example("\u674e Wei")
@example("x" * 200)
@example("abc\n")
def test_slugify_gives_a_plain_slug(name: str) -> None:
    slug = slugify(name)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug) and slug[-1] != "-" and len(slug) <= 80, slug
    assert slugify(name) == slug
    assert_valid_iri(Minter().actor(slug))


@MINT
@given(st.text(max_size=30), st.text(max_size=30))
@example("\u674e Wei", "\u738b Wei")  # names that lose different letters to ASCII
@example("Wei", "\u674e Wei")
@example("x" * 81, "x" * 82)  # names beyond the slug's length
@example("Zelensky", "Zelenskyy")
def test_slugify_never_merges_different_names(a: str, b: str) -> None:
    from eventgraph.mint import _name_key

    if _name_key(a) != _name_key(b) or (not _name_key(a) and a != b):
        assert slugify(a) != slugify(b), (a, b)
    else:  # the same name up to case, accents, punctuation and spacing
        assert slugify(a) == slugify(b)


def test_slugify_folds_what_it_should() -> None:
    assert slugify("US President Donald Trump") == "us-president-donald-trump"
    assert slugify("O'Brien") == slugify("O\u2019BRIEN") == "o-brien"
    assert slugify("M\u00fcller") == slugify("Mu\u0308ller") == "muller"
    assert slugify("\u0141ukasz \u00d8degaard") == "lukasz-odegaard"
    # stable digests: the same on every machine and in every process
    assert slugify("\u0417\u0435\u043b\u0435\u043d\u0441\u044c\u043a\u0438\u0439") == "u--1aed237a45"
    assert slugify("\u674e Wei") == "wei--c5502bff33"


@MINT
@given(ids, ids)
@example("", "%2E%2E%2E")
@example(".", "%2E")
@example("a\ud800", "a\ufffd")
@example("_", "")
def test_article_iris_are_valid_and_injective(a: str, b: str) -> None:
    m = Minter()
    for aid in (a, b):
        for iri in (m.article(aid), m.graph(aid), m.mention(aid, 0, 5)):
            assert_valid_iri(iri)
    if a != b:
        assert safe_id(a) != safe_id(b)
        assert m.article(a) != m.article(b) and m.graph(a) != m.graph(b)
        assert m.mention(a, 1, 2) != m.mention(b, 1, 2)


@MINT
@given(any_keys, any_keys)
@example("abc", "abc\n")
@example("ABC", "abc")
@example("", "_")
def test_actor_iris_are_valid_and_injective(a: str, b: str) -> None:
    m = Minter()
    assert_valid_iri(m.actor(a))
    assert_valid_iri(m.actor(b))
    if a != b:
        assert m.actor(a) != m.actor(b)


def test_minting_is_the_same_in_another_process() -> None:
    """Digests and percent-encoding only: nothing depends on PYTHONHASHSEED or the process."""
    rng = random.Random(5)
    pool = [*NASTY, *SENTENCES, "Donald Trump", "\u674e Wei", "x" * 120, "", ".."]
    names = [rng.choice(pool) + chr(rng.randrange(0x20, 0x2FFFF)) * rng.randrange(3) for _ in range(300)]
    names = [n for n in names if not re.search("[\ud800-\udfff]", n)]  # JSON cannot carry lone surrogates
    code = (
        "import json, sys; from eventgraph.mint import slugify, Minter; m = Minter(); "
        "print(json.dumps([[slugify(x), m.article(x), m.actor(x)] for x in json.load(sys.stdin)]))"
    )
    here = [[slugify(x), Minter().article(x), Minter().actor(x)] for x in names]
    for seed in ("0", "123"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", code], input=json.dumps(names), capture_output=True, text=True, check=True, env=env)  # fmt: skip
        assert json.loads(run.stdout) == here


@pytest.mark.parametrize(
    "base", ["http://a:b:c/", "http://x/%zz/", "https://example.org/a b/", "https://ex.org/x\n/"]
)
def test_bad_base_iri_is_refused(base: str) -> None:
    with pytest.raises(ValueError, match="base-iri"):
        Minter(base)


# ======================================================================================= (b) ingest
INGEST = settings(
    max_examples=300 * SCALE, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@INGEST
@given(texts(), ids)
@example("A\u000b" * 3 + "Putin spoke.", "x")
@example(LONG_WORD, "long")
@example("\ufeff\r\n\r\nUkraine said it would talk.\r\n", "crlf")
def test_plain_text_is_an_article_or_a_clear_problem(text: str, aid: str) -> None:
    try:
        art = build_plain_article(text, article_id=aid)
    except InputProblem as problem:
        msg = str(problem)
        assert msg and "\n" not in msg and len(msg) < 300
        event("skipped: " + msg.split(" (")[0])
        return
    event(f"article ({'one piece' if not art.pieces else 'pieces'})")
    assert art.text == text and art.id == aid
    check_article(art)


@settings(max_examples=200 * SCALE, deadline=None, database=None)
@given(st.binary(max_size=300))
@example(b"\xef\xbb\xbfPutin spoke to Trump.")
@example(b"\xff\xfeP\x00u\x00")
@example(b"%PDF-1.4")
def test_decode_bytes_never_crashes(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except InputProblem as problem:
        assert str(problem) and "\n" not in str(problem)
        return
    assert isinstance(text, str)


_HTML_TAGS = ["<p>", "</p>", "<div>", "</div>", "<br>", "<b>", "</b>", "<script>", "</script>", "<style>", "</style>",
              "<article>", "</article>", "<h1>", "</h1>", "<a href='javascript:x'>", "</a>", "<!--", "-->", "<![CDATA[",
              "]]>", "<title>", "</title>", "<meta charset='utf-8'>", "<link rel=canonical href='http://a:b:c/'>", "&amp;",
              "&nbsp;", "&#8217;", "&#x1F600;", "&#0;", "&#xD800;", "&NotEqualTilde;", "&bogus;", "<p", "\"'>"]  # fmt: skip


@settings(max_examples=60 * SCALE, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(st.sampled_from(_HTML_TAGS), st.sampled_from(SENTENCES), nasty_piece),
        min_size=1,
        max_size=25,
    )
)
def test_html_is_an_article_or_a_clear_problem(parts: list[str]) -> None:
    src = "<html><body><article>" + "".join(parts) + "</article></body></html>"
    try:
        art = build_html_article(src, article_id="h")
    except InputProblem as problem:
        assert str(problem) and "\n" not in str(problem)
        event("skipped: " + str(problem).split(" (")[0])
        return
    event("article")
    check_article(art)


def _jsonl_line(draw) -> bytes:
    kind = draw(
        st.sampled_from(
            ["good", "good", "good", "nasty-fields", "truncated", "bytes", "no-text", "not-object", "escapes"]
        )
    )
    text = draw(st.one_of(english_texts(), texts()))
    event(f"line: {kind}")
    if kind == "good":
        return json.dumps({"id": draw(ids), "title": draw(texts(3)), "text": text}).encode()
    if kind == "nasty-fields":
        urls = ["http://a:b:c/", "javascript:alert(1)", "https://ok.example/x", "http://x/ y", "http://x/\n"]
        dates = ["2025-13-45", "yesterday", "2025-03-19", "19 March 2025", "\x00"]
        rec = {
            "id": draw(st.one_of(ids, st.integers(), st.none(), st.booleans())),
            "text": text,
            "title": draw(st.one_of(texts(3), st.integers())),
            "url": draw(st.sampled_from(urls)),
            "published": draw(st.sampled_from(dates)),
            "source": draw(texts(2)),
        }
        return json.dumps(rec, ensure_ascii=draw(st.booleans())).encode()
    if kind == "truncated":
        full = json.dumps({"id": "t", "text": text}).encode()
        return full[: draw(st.integers(1, max(1, len(full) - 1)))]
    if kind == "bytes":
        return draw(st.binary(min_size=1, max_size=80)).replace(b"\n", b" ")
    if kind == "no-text":
        return json.dumps({"id": "n", "body": text}).encode()
    if kind == "not-object":
        return json.dumps(draw(st.sampled_from([[1, 2], "text", 3, None, True]))).encode()
    # lone surrogates: valid JSON escapes, but not valid text
    rec = {"id": "e", "title": "T", "text": text}
    rec[draw(st.sampled_from(["id", "title", "source", "url", "text"]))] = "x\ud800y"
    return json.dumps(rec).encode()


jsonl_lines = st.composite(lambda draw: _jsonl_line(draw))


@settings(
    max_examples=120 * SCALE, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(jsonl_lines(), min_size=1, max_size=12))
def test_jsonl_every_record_is_an_article_or_a_skip(lines: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        items = list(iter_articles([path], max_bytes=50_000))
    blank = {i + 1 for i, line in enumerate(lines) if not line.strip()}
    if len(items) == 1 and isinstance(items[0], Skipped) and items[0].input == str(path):
        # the whole file refused (it starts like a binary file or a JSON array): said once, for the file
        assert items[0].reason.startswith(str(path)), items[0]
        return
    where = [it.record if isinstance(it, Article) else int(it.input.rsplit(":", 1)[1]) for it in items]
    assert where == [i for i in range(1, len(lines) + 1) if i not in blank], "a record was lost or doubled"
    arts = [it for it in items if isinstance(it, Article)]
    assert len({a.id for a in arts}) == len(arts), "article ids are not unique"
    for it in items:
        if isinstance(it, Skipped):
            assert it.reason.startswith(it.input + ": ") and "\n" not in it.reason
            event("skipped: " + it.reason.split(": ", 1)[1].split(" (")[0][:40])
        else:
            check_article(it)


# ===================================================================== (c) extraction, mapping, export
PIPE = settings(
    max_examples=30 * SCALE,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@PIPE
@given(st.lists(st.tuples(st.one_of(english_texts(), texts()), ids, texts(3)), min_size=1, max_size=4))
def test_any_records_through_eventgraph_build(shapes, batch: list[tuple[str, str, str]]) -> None:
    """Any articles through the real build (JSON Lines in, every file out): nothing lost, no
    extraction failure, every file holds the same quads, all valid, every mention anchored."""
    records = {aid: {"id": aid, "title": title, "text": text} for text, aid, title in batch}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in records.values()), encoding="utf-8")
        result = eventgraph.build([src], Path(tmp) / "out", workers=1, views=False, use_cache=False)
        out = Path(tmp) / "out"
        assert result.articles + len(result.skipped) == len(records), "a record was lost"
        assume(result.articles)
        # the articles as ingest reads them (ids made unique, a blank id replaced by one from the text)
        ingest_warnings: list[str] = []
        items = list(iter_articles([src], on_warning=ingest_warnings.append))
        built = {it.id: it for it in items if isinstance(it, Article)}
        assert [s.input for s in result.skipped] == [it.input for it in items if isinstance(it, Skipped)]
        assert result.warnings == ingest_warnings, "an extraction failed"
        assert set(_graph_ids(out)) == set(built), "an article was lost in extraction, or has no graph"
        stores = load_everywhere(out)
        assert set(stores["graph.trig"]) == set(stores["graph.nq"]) == set(stores["graph.jsonld"])
        assert shacl_problems(out, shapes) == []
        minter = Minter()
        texts_by_graph = {minter.graph(aid): art.text for aid, art in built.items()}
        bodies = {minter.graph(aid): art.body for aid, art in built.items() if art.kind != "html"}
        mentions = check_graph_mentions(stores["graph.trig"], texts_by_graph, bodies)
        event(
            f"records built: {result.articles} of {len(records)}; mentions: {'some' if mentions else 'none'}"
        )


# ============================================================================ (d) literal escaping
def _records_with_names(aid: str, text: str, names: list[str], title: str, topic: str) -> ArticleRecords:
    actors = []
    for i, name in enumerate(names):
        b = i % max(len(text), 1)
        e = min(len(text), b + 5)
        mention = (Mention(b, e, text[b:e]),) if e > b else ()
        actors.append(
            ActorRecord(
                key=slugify(name), label=name, cls="Person", mentions=mention, aliases=(name + "\u202e'\"",)
            )
        )
    trigger = Mention(0, min(len(text), 10), text[: min(len(text), 10)], evidence=text[:600])
    events = (
        (EventRecord(cls="Statement", trigger=trigger, agent=(actors[0].key,), topic=topic),)
        if actors and trigger.end > 0
        else ()
    )
    art = Article(
        id=aid, text=text, body=text, title=title, url="https://example.org/a?b=c&d=%22e%22", source=title
    )
    return ArticleRecords(article=art, actors=tuple({a.key: a for a in actors}.values()), events=events)


@settings(max_examples=60 * SCALE, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ids,
    texts(6),
    st.lists(st.one_of(st.sampled_from(NASTY), texts(3)), min_size=1, max_size=4),
    texts(3),
    texts(3),
)
@example("y", "Some text here.", ["0 ", "… 0 "], "t", "x")  # a lone surname is the full name's
@example(
    "x",
    'He said "hi" > \\ \n\x01\u202e\U0001f600',
    ['"><img src=x onerror="window.__pwned=1">', "a\\b\nc"],
    "</script>",
    "\x00",
)
def test_literals_round_trip_in_every_format(
    aid: str, text: str, names: list[str], title: str, topic: str
) -> None:
    assume(text)
    rec = _records_with_names(aid, text, names, title or "t", topic or "x")
    with tempfile.TemporaryDirectory() as tmp:
        store = map_and_export([rec], Path(tmp))
        stores = load_everywhere(Path(tmp))
    # names with the same slug are one actor (the record kept last names it), and a lone name that
    # ends another person's name is that person ("0" and "… 0", as "Trump" and "Donald Trump"):
    # each canonical actor has its label, and every other name is one of its alternative labels
    canon = resolve([rec]).actors.values()
    want_labels = {text_literal(c.label).value for c in canon}
    want_alt = {text_literal(alias).value for a in rec.actors for alias in a.aliases}
    for name, s in stores.items():
        assert want_labels <= literal_values(s, RDFS_LABEL), name
        assert want_alt <= literal_values(s, SKOS_ALT), name
        assert {text_literal(title or "t").value} == literal_values(s, DCT + "title"), name
        assert {aid} == literal_values(s, DCT + "identifier"), name
        if rec.events:
            assert {text_literal(topic or "x").value} == literal_values(s, EG + "topic"), name
        assert set(s) == set(store) or name == "graph.ttl", name
    check_graph_mentions(stores["graph.trig"], {Minter().graph(aid): text})


@pytest.mark.parametrize(
    "url", ["http://a:b:c/", "http://[::1", "http://x/%zz", "https://ok.example/a b", "http://x/\n"]
)
def test_bad_urls_are_left_out_not_fatal(url: str, tmp_path: Path) -> None:
    art = Article(id="u", text="Putin spoke.", body="Putin spoke.", url=url)
    store = map_and_export([ArticleRecords(article=art)], tmp_path)
    assert not list(store.quads_for_pattern(None, ox.NamedNode("https://schema.org/url"), None, None))
    load_everywhere(tmp_path)


def test_ingest_never_passes_on_lone_surrogates(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    lines = [
        '{"id": "a\\ud800", "title": "t\\udfff", "source": "\\ud83d", "url": "http://x/\\ud800", "text": "Putin spoke to Trump."}',
        '{"id": "b", "text": "Putin spoke \\ud800 to Trump."}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_articles([path]))
    assert isinstance(items[0], Article) and isinstance(items[1], Skipped)
    check_article(items[0])
    assert "surrogate" in items[1].reason
    out = tmp_path / "out"
    map_and_export([ArticleRecords(article=items[0])], out)
    load_everywhere(out)


# =========================================================================== whole builds: helpers
def _build(paths, out: Path, **kw) -> eventgraph.BuildResult:
    kw.setdefault("workers", 1)
    kw.setdefault("views", False)
    return eventgraph.build(paths, out, **kw)


def _outputs(out: Path) -> dict[str, bytes]:
    """The files a build leaves for users (not hidden ones, not the cache)."""
    return {
        p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and not p.name.startswith(".")
    }


def _leftovers(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob(".*.tmp"))


def _graph_ids(out: Path) -> dict[str, str]:
    """article id -> named graph IRI, read back from graph.nq."""
    store = ox.Store()
    store.load((out / "graph.nq").read_bytes(), format=ox.RdfFormat.N_QUADS)
    q = f"SELECT ?g ?id WHERE {{ ?g <{PROV_DERIVED}> ?a . ?a <{DCT}identifier> ?id }}"
    return {r["id"].value: r["g"].value for r in store.query(q)}


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("eventgraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "eventgraph"]


NASTY_RECORDS = [
    {"id": "nasty/1 ?#<>", "title": " ".join(PAYLOADS), "source": PAYLOADS[1], "published": "2025-03-18",
     "text": "Ukrainian President Volodymyr Zelensky said on Tuesday that Kyiv would exchange 175 prisoners with Russia. "
             + PAYLOADS[0] + " \u202eRTL\u202c \U0001f600 \x0b"},
    {"id": "\u674e/2", "url": "http://a:b:c/", "text": 'Officials said "quote > unbalanced. Vladimir Putin ordered the army to halt strikes.'},
]  # fmt: skip


def _nasty_input(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "nasty.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in NASTY_RECORDS) + "{broken\n", encoding="utf-8"
    )
    return folder


# ===================================================================== reproducible bytes (2)
def test_same_input_gives_the_same_bytes_in_any_process(tmp_path: Path) -> None:
    src = _nasty_input(tmp_path / "in")
    code = "import sys, eventgraph; eventgraph.build([sys.argv[1]], sys.argv[2], workers=1, use_cache=False)"
    procs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": seed}
        procs.append(subprocess.Popen([sys.executable, "-c", code, str(src), str(tmp_path / seed)], env=env))
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    a, b = _outputs(tmp_path / "1"), _outputs(tmp_path / "4242")
    assert {"graph.trig", "graph.nq", "graph.ttl", "graph.jsonld", "report.json", "index.html"} <= set(a)
    assert sorted(a) == sorted(b)
    differ = [name for name in a if a[name] != b[name] and name != "report.md"]
    assert differ == [], f"not byte-identical across processes: {differ}"
    report = json.loads(a["report.json"])
    assert "timings_seconds" not in report  # timings differ run to run: left out of reproducible reports
    assert [s["input"] for s in report["skipped"]] == [f"{src / 'nasty.jsonl'}:3"]


# ============================================================================ atomic writes (3)
def _big_input(folder: Path, n: int = 150) -> Path:
    """n articles: Reuters stories if the corpus is there, else copies of the seeds."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "big.jsonl"
    if REUTERS.exists():
        with gzip.open(REUTERS, "rt", encoding="utf-8") as fh:
            path.write_text("".join(itertools.islice(fh, n)), encoding="utf-8")
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
        path.write_text(
            "".join(json.dumps({"id": f"s{i}", "text": texts[i % 2]}) + "\n" for i in range(n)),
            encoding="utf-8",
        )
    return path


_KILL_IN_EXPORT = """
import os, sys, time
real = os.replace
def slow_replace(src, dst, *a, **k):
    if str(dst).endswith("graph.nq"):  # graph.trig is in place, graph.nq is still a temporary file
        print("REPLACING", flush=True)
        time.sleep(600)
    return real(src, dst, *a, **k)
os.replace = slow_replace
import eventgraph
eventgraph.build([sys.argv[1]], sys.argv[2], workers=1)
"""


def _wait_for(stream, marker: bytes, proc: subprocess.Popen, timeout: float = 240) -> None:
    end = time.monotonic() + timeout
    seen = b""
    os.set_blocking(stream.fileno(), False)
    while marker not in seen:
        if proc.poll() is not None or time.monotonic() > end:
            raise AssertionError(f"the build ended or stalled before {marker!r}: {seen[-500:]!r}")
        chunk = stream.read()
        seen += chunk or b""
        time.sleep(0.05)


def test_a_killed_build_leaves_the_previous_output_and_the_next_build_succeeds(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "out"
    first = _build([SEEDS], out, views=True)
    assert first.exit_code == 0
    before = _outputs(out)
    assert {"graph.trig", "graph.nq", "report.json", "actors.html"} <= set(before)

    # 1. kill -9 while a larger build parses (after its first progress output)
    big = _big_input(tmp_path / "big")
    proc = subprocess.Popen(
        [*_cli(), "build", str(big), "--out", str(out), "--workers", "1", "--progress"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )  # fmt: skip
    try:
        _wait_for(proc.stderr, b"art", proc)  # tqdm's first line: "eventgraph: 0art ..."
        time.sleep(3)
        assert proc.poll() is None, "the build finished before it could be killed; give it more input"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert _outputs(out) == before, "a killed build changed the previous output"

    # 2. kill -9 in the middle of the export: graph.trig renamed into place, graph.nq still a temporary
    #    file, both in the staging folder: the output folder is still the previous build, whole
    src = _nasty_input(tmp_path / "in")
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILL_IN_EXPORT, str(src), str(out)], stdout=subprocess.PIPE,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )  # fmt: skip
    try:
        _wait_for(proc.stdout, b"REPLACING", proc)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert _outputs(out) == before, "a killed build changed the previous output"
    assert _leftovers(out) == []
    staging = list(out.parent.glob(".out.staging-*"))
    assert staging and [p for p in staging[0].iterdir() if p.name.startswith(".graph.nq.")]
    load_everywhere(out)

    # 3. the next build removes the killed build's staging folder and succeeds
    third = _build([src], out, views=True)
    assert third.exit_code == 3 and third.articles == 4, third.summary()  # the one broken JSON line
    assert _leftovers(out) == [] and not list(out.parent.glob(".out.staging-*"))
    load_everywhere(out)
    assert (out / "graph.trig").read_bytes() != before["graph.trig"]


# ==================================================================================== limits (4)
def _words(n: int) -> str:
    sentences = itertools.cycle(SENTENCES[:6])
    out, count = [], 0
    while count < n:
        s = next(sentences)
        out.append(s)
        count += len(s.split())
    return "\n".join(out) + "\n"


def test_articles_over_the_limits_are_skipped_with_a_reason(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a-short.txt").write_text(_words(300), encoding="utf-8")
    (src / "b-long.txt").write_text(_words(1_500), encoding="utf-8")
    (src / "c-huge-words.txt").write_text(("Putin spoke. " + "x" * 100_000 + "\n") * 11, encoding="utf-8")
    messages: list[str] = []
    result = _build([src], tmp_path / "out", max_seconds_per_article=1, on_message=messages.append)
    assert result.exit_code == 3 and result.articles == 1
    skipped = {Path(s.input).name: s.reason for s in result.skipped}
    assert set(skipped) == {"b-long.txt", "c-huge-words.txt"}
    assert re.search(
        r"is 1,5\d\d words, more than the parser gets through in 1 s .* --max-seconds-per-article",
        skipped["b-long.txt"],
    )
    assert "1,100,1" in skipped["c-huge-words.txt"] and "characters" in skipped["c-huge-words.txt"]
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert {Path(s["input"]).name for s in report["skipped"]} == set(skipped)
    assert any("b-long.txt" in m and m.startswith("skipped:") for m in messages)
    # without a time limit the long article is built; the over-long body never is (the parser refuses it)
    result = _build([src], tmp_path / "out2", max_seconds_per_article=None)
    assert {Path(s.input).name for s in result.skipped} == {"c-huge-words.txt"} and result.articles == 2


def test_an_extraction_over_the_time_limit_is_skipped(tmp_path: Path, monkeypatch) -> None:
    from eventgraph.extract.rules import RuleExtractor

    real = RuleExtractor.extract

    def slow(self, article, doc):
        if article.id == "slow":
            time.sleep(1.5)
        return real(self, article, doc)

    monkeypatch.setattr(RuleExtractor, "extract", slow)
    src = tmp_path / "in"
    src.mkdir()
    for name in ("fast", "slow"):
        (src / f"{name}.txt").write_text(_words(100), encoding="utf-8")
    result = _build([src], tmp_path / "out", max_seconds_per_article=1, use_cache=False)
    assert result.exit_code == 3 and result.articles == 1
    [skip] = result.skipped
    assert skip.input.endswith("slow.txt")
    assert re.search(
        r"extraction took \d+\.\d s, over the limit of 1 s per article \(raise it with --max-seconds-per-article\)",
        skip.reason,
    )
    assert set(_graph_ids(tmp_path / "out")) == {"fast"}


def test_cli_max_seconds_per_article(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text(_words(600), encoding="utf-8")
    proc = subprocess.run(
        [*_cli(), "build", str(tmp_path / "long.txt"), "--out", str(tmp_path / "out"), "--max-seconds-per-article", "0.5", "--no-views"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 1, proc  # nothing built: the only article is over the budget
    assert "skipped" in proc.stderr and "raise it with --max-seconds-per-article" in proc.stderr
    assert "Traceback" not in proc.stderr


# ========================================================================= broken corpus (5)
def _good_reuters(n: int, scan: int) -> list[str]:
    """The n shortest of the first ``scan`` Reuters lines that ingest reads as articles."""
    with gzip.open(REUTERS, "rt", encoding="utf-8") as fh:
        lines = list(itertools.islice(fh, scan))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "probe.jsonl"
        path.write_text("".join(lines), encoding="utf-8")
        ok = {it.record for it in iter_jsonl(path, max_bytes=100_000) if isinstance(it, Article)}
    good = [line for i, line in enumerate(lines, 1) if i in ok]
    return sorted(good, key=len)[:n]


def damaged_lines(rng: random.Random, template: str) -> list[tuple[str, bytes, str]]:
    """One record of each kind of damage, as (kind, line bytes, expected reason pattern)."""
    rec = json.loads(template)
    text = rec["text"]
    encoded = json.dumps(rec).encode()
    cut = rng.randrange(10, len(encoded) - 5)
    bad_utf8 = json.dumps({**rec, "id": rec["id"] + "-latin1"}).encode()
    at = bad_utf8.index(b'"text": "') + 12
    foreign = "Der Bundeskanzler sagte am Montag, dass die Regierung die Gespr\u00e4che mit den L\u00e4ndern und mit der Opposition fortsetzen werde, weil die Lage f\u00fcr die Wirtschaft nicht einfach sei und weil es noch keine Einigung \u00fcber den Haushalt gebe. " * 3  # fmt: skip
    return [
        ("truncated JSON", encoded[:cut], r"malformed JSON"),
        ("invalid UTF-8", bad_utf8[:at] + b"\xe9\xff\xfe" + bad_utf8[at:], r"not valid UTF-8 \(byte 0x"),
        ("no text", json.dumps({k: v for k, v in rec.items() if k != "text"}).encode(), r'no "text" field'),
        ("binary blob", bytes(rng.randrange(256) for _ in range(400)).replace(b"\n", b"\x00"), r"binary data|not valid UTF-8"),
        ("not English", json.dumps({**rec, "id": rec["id"] + "-de", "text": foreign}).encode(), r"not English"),
        ("over max-bytes", json.dumps({**rec, "id": rec["id"] + "-big", "text": text + " more" * 25_000}).encode(), r"over the limit of 100,000 bytes \(raise it with --max-bytes\)"),
    ]  # fmt: skip


def broken_corpus(lines: list[str], damaged: int, seed: int = 7) -> tuple[bytes, dict[int, tuple[str, str]]]:
    """The records with ``damaged`` damaged ones inserted at random places; line number -> (kind, pattern)."""
    rng = random.Random(seed)
    out: list[bytes] = [line.rstrip("\n").encode() for line in lines]
    kinds = []
    while len(kinds) < damaged:
        kinds += damaged_lines(rng, rng.choice(lines))
    kinds = kinds[:damaged]
    # one damaged record within the first 8 KB too: a binary line there must not cost the whole file
    positions = sorted([2, *rng.sample(range(3, len(out) + damaged), damaged - 1)])
    expected = {}
    for pos, (kind, line, pattern) in zip(
        positions, sorted(kinds, key=lambda k: k[0] != "binary blob"), strict=True
    ):
        out.insert(pos, line)
        expected[pos + 1] = (kind, pattern)
    return b"\n".join(out) + b"\n", expected


@pytest.mark.skipif(not REUTERS.exists(), reason=f"{REUTERS} is absent")
def test_a_corpus_with_one_percent_damage_builds_the_rest(tmp_path: Path) -> None:
    good = _good_reuters(495, scan=2_500)
    data, expected = broken_corpus(good, damaged=5)
    path = tmp_path / "reuters-broken.jsonl"
    path.write_bytes(data)
    result = _build([path], tmp_path / "out", max_bytes=100_000, use_cache=False)
    assert result.exit_code == 3
    assert result.articles == len(good), "an undamaged record was lost"
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    listed = {s["input"]: s["reason"] for s in report["skipped"]}
    assert sorted(listed) == sorted(f"{path}:{n}" for n in expected), "not exactly the damaged records"
    for n, (kind, pattern) in expected.items():
        reason = listed[f"{path}:{n}"]
        assert reason.startswith(f"{path}:{n}: ") and re.search(pattern, reason), (kind, reason)
    ids = _graph_ids(tmp_path / "out")
    assert sorted(ids) == sorted(json.loads(line)["id"] for line in good)


# ==================================================================== HTML injection in a browser (6)
INJECTION_RECORD = {
    "id": "injection",
    "title": "Talks " + " ".join(PAYLOADS),
    "source": PAYLOADS[1],
    "url": "javascript:window.__pwned=1",
    "published": "2025-03-18",
    "text": (
        f"Ukraine urged {PAYLOADS[1]} Holdings Corp to halt shipments of drones to Russia.\n"
        "Vladimir Putin met John <svg/onload=window.__pwned=1> Smith in Moscow on Monday.\n"
        f"Officials from the {PAYLOADS[0]} Ministry said Donald Trump spoke with Vladimir Putin by phone for two hours.\n"
        f"Ukrainian President Volodymyr Zelensky accused Russia of new attacks, the {PAYLOADS[2]} agency said.\n"
        "Russia and Ukraine exchanged 175 prisoners each on March 19.\n"
    ),
}


@pytest.fixture(scope="module")
def injection_views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    src = tmp_path_factory.mktemp("inj-in") / "in.jsonl"
    src.write_text(json.dumps(INJECTION_RECORD) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("inj-out")
    result = eventgraph.build([src], out, workers=1, views=True, use_cache=False)
    assert result.exit_code == 0, result.skipped
    labels = literal_values(load_everywhere(out)["graph.trig"], RDFS_LABEL)
    # the model names actors whose names carry markup: they must reach the views as text
    assert any("<svg" in label or ">" in label for label in labels), labels
    return {p.stem: p for p in out.glob("*.html")}


def test_injection_views_escape_every_string(injection_views: dict[str, Path]) -> None:
    assert set(injection_views) == {"index", "actors", "events", "sources", "timeline", "compare"}
    for name, path in injection_views.items():
        page = path.read_text(encoding="utf-8")
        for payload in ("<script>window.__pwned", "<img src=x", "<svg/onload", 'href="javascript:'):
            assert payload not in page, (name, payload)


_NODE_POINTS = """() => { const v = window.eventgraphView;
  const r = document.getElementById('eg-network').getBoundingClientRect();
  const pos = v.network.getPositions();
  return v.nodes.get().map(n => { const p = v.network.canvasToDOM(pos[n.id]); return [r.left + p.x, r.top + p.y]; }); }"""


@pytest.mark.browser
def test_no_payload_runs_in_any_view(browser, injection_views: dict[str, Path]) -> None:
    for name, path in sorted(injection_views.items()):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        dialogs: list[str] = []
        errors: list[str] = []
        page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        try:
            page.goto(path.resolve().as_uri())
            page.wait_for_load_state("load")
            if page.evaluate("() => !!document.getElementById('eg-network')"):
                end = time.monotonic() + 30
                while not page.evaluate("() => !!(window.eventgraphView && window.eventgraphView.ready)"):
                    assert time.monotonic() < end, f"{name}: the view never became ready"
                    time.sleep(0.05)
                points = page.evaluate(_NODE_POINTS)
                assert points, name
                for x, y in points:
                    page.mouse.move(x, y, steps=2)
                    time.sleep(0.05)
                    page.mouse.click(x, y)  # the side panel shows the same strings
            for link in page.query_selector_all("a"):
                href = link.get_attribute("href") or ""
                assert not href.strip().lower().startswith("javascript:"), (name, href)
                link.hover()
            text = page.evaluate("() => document.body.innerText")
            if name in ("index", "sources", "timeline"):
                assert "window.__pwned" in text, f"{name}: the payload should be shown as text"
            assert page.evaluate("() => typeof window.__pwned") == "undefined", f"{name}: a payload ran"
            assert dialogs == [], name
            assert errors == [], (name, errors)
        finally:
            page.close()


# ======================================================================== SPARQL parameters (7)
MALICIOUS = [
    "egr:event/x> . ?s ?p ?o . <x",
    "<https://w3id.org/eventgraph/resource/event/x> } UNION { ?event ?p ?o",
    '"} ; DROP ALL #',
    '"x" } UNION { GRAPH ?g { ?event a ?type } } #',
    "https://w3id.org/eventgraph/resource/event/x>\n} UNION {\n?event a ?type",
    "?event",
    "*",
    "'') } #",
    '"\\"} UNION {?s ?p ?o} #"',
    "<javascript:alert(1)>",
]


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed-out")
    _build([SEEDS], out, use_cache=False)
    return out


def test_ready_query_parameters_are_bound_values(seed_out: Path) -> None:
    # the module behind eventgraph.query (whatever its name), for its lower-level functions
    sparql = sys.modules[eventgraph.query.__module__]
    QueryError, bind_values, get_query = sparql.QueryError, sparql.bind_values, sparql.get_query
    list_queries, load_store = sparql.list_queries, sparql.load_store

    store = load_store(seed_out)
    with_params = [q for q in list_queries() if q.params]
    assert with_params, "no ready query takes a parameter"
    events = sorted(
        {q.subject.value for q in store.quads_for_pattern(None, None, ox.NamedNode(EG + "PhoneCall"), None)}
    )
    assert events
    for info in with_params:
        for p in info.params:
            if p.default is None:  # a required parameter names the thing asked about: an event
                good = eventgraph.query(store, info.name, params={p.name: f"<{events[0]}>"})
                assert len(good) > 0 and {r[0] for r in good.rows} == {events[0]}
            else:  # a filter with a default (the events query's factuality=asserted)
                good = eventgraph.query(store, info.name)
                assert len(good) > 0
            for value in MALICIOUS:
                try:
                    res = eventgraph.query(store, info.name, params={p.name: value})
                except QueryError:
                    continue  # refused (not an IRI, not a term): fine
                # bound as one term: same columns, and nothing but rows about that term
                assert res.variables == good.variables, value
                assert res.rows == [], (value, res.rows[:3])
                # the text sent to endpoints (a VALUES block) gives the same answer as the binding
                text = bind_values(get_query(info.name).text, {p.name: value})
                assert list(store.query(text, use_default_graph_as_union=False)) == [], value
