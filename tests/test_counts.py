"""One truth per count: the CLI summary, report.json, report.md, the overview page and the ready
queries (``events``, ``actors``, ``disagreements``) give the same numbers, those of
:mod:`eventgraph.counts`, on the example articles and on a sample of real Reuters stories."""

from __future__ import annotations

import gzip
import html
import json
import re
from collections import Counter
from pathlib import Path

import pytest

import eventgraph
from eventgraph.sparql import load_store, query

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
REUTERS = REPO.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"
#: Reuters stories in the sample (read from ../shared at test time, never copied into the repo)
SAMPLE = 60


def _reuters_sample(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "reuters-sample.jsonl"
    with gzip.open(REUTERS, "rt", encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return path


@pytest.fixture(scope="module", params=["seeds", "reuters"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp(f"counts-{request.param}")
    if request.param == "seeds":
        inputs = SEEDS
    else:
        if not REUTERS.is_file():
            pytest.skip(f"{REUTERS} is absent")
        inputs = _reuters_sample(work / "in", SAMPLE)
    out = work / "out"
    result = eventgraph.build([inputs], out, workers=1, use_cache=False)
    return result, out


def test_summary_and_report_agree_with_the_counts(built) -> None:
    result, out = built
    c = result.counts
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["counts"] == c
    s = report["summary"]
    assert s == result.summary()
    assert (s["articles"], s["graphs"], s["events"], s["actors"], s["places"]) == (
        c["articles"],
        c["graphs"],
        c["events"],
        c["actors"],
        c["places"],
    )
    assert s["disagreements"] == c["disagreements"] == len(report["analytics"]["disagreements"])
    assert sum(c["events_by_class"].values()) == c["events"]
    assert report["events_by_class"] == c["events_by_class"]
    assert sum(c["actors_by_class"].values()) == c["actors"]
    assert report["analytics"]["counts"]["events"] == c["events"]
    # every article is counted: those that report events and those that do not (named)
    assert c["articles"] == result.articles
    assert c["sources"] + len(c["articles_without_events"]) == c["articles"]
    md = (out / "report.md").read_text(encoding="utf-8")
    assert f"- events: {c['events']:,}, of which {c['events_multi_source']:,}" in md
    assert f"- actors: {c['actors']:,}; places: {c['places']:,}" in md
    for name, n in c["events_by_class"].items():
        assert f"- {name}: {n:,}" in md
    assert "resource/actor/" not in md  # actors by their labels, never their IRIs
    if c["articles_without_events"]:
        assert f"## Articles without events ({len(c['articles_without_events']):,})" in md


def test_overview_page_agrees(built) -> None:
    result, out = built
    c = result.counts
    text = html.unescape(re.sub(r"<[^>]+>", " ", (out / "index.html").read_text(encoding="utf-8")))
    text = re.sub(r"\s+", " ", text)
    for figure in (
        f"{c['articles']:,} article",
        f"{c['events']:,} event",
        f"{c['events_multi_source']:,} stated by 2 or more sources",
        f"{c['actors']:,} actor",
        f"{c['places']:,} place",
        f"{c['disagreements']:,} disagreement",
    ):
        assert figure in text, figure


def test_every_page_states_the_same_counts(built) -> None:
    from eventgraph.viz.render import build_line

    result, out = built
    c = result.counts
    line = html.escape(build_line(c), quote=True)
    for page in ("actors", "events", "sources"):
        assert line in (out / f"{page}.html").read_text(encoding="utf-8"), page
    index = (out / "index.html").read_text(encoding="utf-8")
    for article in c["articles_without_events"][:300]:
        assert f"<span class=eg-src>{html.escape(article)}</span>" in index


def test_ready_queries_agree(built) -> None:
    result, out = built
    c = result.counts
    store = load_store(out / "graph.trig")
    # every event, whatever its factuality (the query lists asserted ones unless asked)
    answer = query(store, "events", params={"factuality": "any"})
    sources = answer.variables.index("sources")
    assert len(answer.rows) == c["events"]
    assert sum(1 for r in answer.rows if int(r[sources] or 0) >= 2) == c["events_multi_source"]
    actors = query(store, "actors").rows
    assert len(actors) == c["actors"]
    dis = query(store, "disagreements").rows
    assert len({(r[0], r[2]) for r in dis}) == c["disagreements"]


def test_counts_by_class_match_the_model(built) -> None:
    from eventgraph.viz import graph_model

    result, out = built
    model = graph_model(load_store(out / "graph.trig"))
    c = result.counts
    assert Counter(e.cls for e in model.events.values()) == Counter(c["events_by_class"])
    assert len(model.sources) == c["graphs"]
