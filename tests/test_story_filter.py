"""The story filter of the views: the stories of a build (eg:Story, dcterms:hasPart) in the model,
each node, edge and timeline row marked with its stories, one story at a time in the browser, and
the story carried from page to page in the address (#story=ID)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store

from eventgraph import viz

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

R = "https://w3id.org/eventgraph/resource/"
EG = "https://w3id.org/eventgraph/ontology#"
TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DCT = "http://purl.org/dc/terms/"
STORY_A, STORY_B = R + "story/aaaaaaaaaaaaaaaa", R + "story/bbbbbbbbbbbbbbbb"


def _store(stories: int = 2) -> Store:
    """Six articles, three per story (or all in one story): each reports a meeting of two of its
    story's three actors, the first article of each story also one meeting of both stories'
    first actors (a0 and a3 report it: it belongs to both stories)."""
    s = Store()
    g_of = {i: NamedNode(f"{R}graph/a{i}") for i in range(6)}
    quads = []
    for i in range(6):
        art = NamedNode(f"{R}article/a{i}")
        quads += [
            Quad(art, TYPE, NamedNode(EG + "Article"), DefaultGraph()),
            Quad(art, NamedNode(DCT + "identifier"), Literal(f"a{i}"), DefaultGraph()),
            Quad(art, NamedNode(DCT + "title"), Literal(f"Title of article {i}"), DefaultGraph()),
            Quad(g_of[i], NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), art, DefaultGraph()),
        ]
        story = NamedNode(STORY_A if stories == 1 or i < 3 else STORY_B)
        quads.append(Quad(story, NamedNode(DCT + "hasPart"), art, DefaultGraph()))
        base = 3 * (i // 3)
        pair = (base + i % 3, base + (i + 1) % 3)
        quads += _meeting(f"{i:016x}", f"Meeting {i}", pair, [g_of[i]])
    quads += _meeting("f" * 16, "Meeting of both", (0, 3), [g_of[0], g_of[3]])
    quads += [
        Quad(NamedNode(STORY_A), TYPE, NamedNode(EG + "Story"), DefaultGraph()),
        Quad(NamedNode(STORY_A), LABEL, Literal("Story: the first one"), DefaultGraph()),
        Quad(NamedNode(STORY_B), TYPE, NamedNode(EG + "Story"), DefaultGraph()),  # no label
    ]
    s.extend(quads)
    return s


def _meeting(digest: str, label: str, actors: tuple[int, int], graphs: list[NamedNode]) -> list[Quad]:
    ev = NamedNode(f"{R}event/{digest}")
    quads = [Quad(ev, LABEL, Literal(label), DefaultGraph())]
    for g in graphs:
        quads.append(Quad(ev, TYPE, NamedNode(EG + "Meeting"), g))
        for a in actors:
            actor = NamedNode(f"{R}actor/actor-{a}")
            quads += [
                Quad(actor, LABEL, Literal(f"Actor {a}"), DefaultGraph()),
                Quad(actor, TYPE, NamedNode(EG + "Person"), g),
                Quad(ev, NamedNode(EG + "participant"), actor, g),
            ]
    return quads


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("stories")
    return {p.stem: p for p in viz.write_views(_store(), out)}


def _data(path: Path, marker: str = "eg-data") -> dict:
    html = path.read_text(encoding="utf-8")
    return json.loads(re.search(rf'id="{marker}">(.*?)</script>', html, re.DOTALL).group(1))


def test_model_reads_the_stories() -> None:
    model = viz.graph_model(_store())
    assert sorted(model.stories) == [STORY_A, STORY_B]
    a, b = model.stories[STORY_A], model.stories[STORY_B]
    assert a.label == "Story: the first one" and a.sources == ("a0", "a1", "a2")
    assert b.label == "Title of article 3"  # no label of its own: its first article's title
    assert model.story_of["a4"] == STORY_B
    both = model.events[R + "event/" + "f" * 16]
    assert model.stories_of(both.sources) == {STORY_A, STORY_B}


@pytest.mark.parametrize("name", ["actors", "events", "sources"])
def test_graph_pages_mark_each_item_with_its_stories(pages: dict[str, Path], name: str) -> None:
    data = _data(pages[name])
    assert [s["id"] for s in data["stories"]] == ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"]
    assert [s["n"] for s in data["stories"]] == [3, 3]
    assert all(n.get("st") for n in data["nodes"])  # every node belongs to a story
    by_iri = {n["iri"]: n for n in data["nodes"]}
    if name != "sources":  # actors 0 and 3 meet in an event of both stories
        assert by_iri[R + "actor/actor-0"]["st"] == [0, 1]
        assert by_iri[R + "actor/actor-1"]["st"] == [0]
    assert 'id="eg-story"' in pages[name].read_text(encoding="utf-8")


def test_one_story_gets_no_story_filter(tmp_path: Path) -> None:
    paths = {p.stem: p for p in viz.write_views(_store(stories=1), tmp_path)}
    for name in ("actors", "events", "sources", "timeline"):
        assert 'id="eg-story"' not in paths[name].read_text(encoding="utf-8"), name


def test_timeline_rows_and_compare_groups_follow_the_stories(pages: dict[str, Path]) -> None:
    html = pages["timeline"].read_text(encoding="utf-8")
    rows = re.findall(r'class="eg-tl-row[^"]*" data-src="([^"]*)" data-story="([^"]*)"', html)
    assert len(rows) == 7
    assert ("a0 a3", "aaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbb") in rows
    assert ("a4", "bbbbbbbbbbbbbbbb") in rows
    data = _data(pages["compare"], "eg-cmp-data")
    groups = {c["story"]: c for c in data["clusters"]}
    assert sorted(groups) == ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"]
    assert groups["bbbbbbbbbbbbbbbb"]["title"] == "Title of article 3"
    assert sorted(groups["aaaaaaaaaaaaaaaa"]["sources"]) == ["a0", "a1", "a2"]
    assert "Story <select" in pages["compare"].read_text(encoding="utf-8")


def _ready(page, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if page.evaluate("() => !!(window.eventgraphView && window.eventgraphView.ready)"):
            return
        time.sleep(0.05)
    raise AssertionError("the view never became ready")


@pytest.mark.browser
@pytest.mark.parametrize("name", ["actors", "events", "sources"])
def test_choosing_a_story_shows_only_its_nodes(browser, pages: dict[str, Path], name: str) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    try:
        page.goto(pages[name].resolve().as_uri())
        _ready(page)
        before = page.evaluate("() => window.eventgraphView.visible()")
        options = page.evaluate(
            "() => Array.from(document.querySelectorAll('#eg-story option')).map(o => o.value)"
        )
        assert options == ["", "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"]
        page.select_option("#eg-story", "bbbbbbbbbbbbbbbb")
        time.sleep(0.2)
        _ready(page)
        shown = page.evaluate(
            "() => window.eventgraphView.nodes.get({filter: n => !n.hidden}).map(n => n.st || [])"
        )
        assert shown and all(1 in st for st in shown)
        assert 0 < len(shown) < before["nodes"]
        edges = page.evaluate(
            "() => window.eventgraphView.edges.get({filter: e => !e.hidden}).map(e => e.st || [])"
        )
        assert edges and all(1 in st for st in edges)
        assert page.evaluate("() => location.hash") == "#story=bbbbbbbbbbbbbbbb"
        hrefs = page.evaluate(
            "() => Array.from(document.querySelectorAll('.eg-nav a')).map(a => a.getAttribute('href'))"
        )
        assert all(h.endswith("#story=bbbbbbbbbbbbbbbb") for h in hrefs)
        page.screenshot(path=str(Path("/tmp/eventgraph-views") / f"{name}-story.png"))
        page.select_option("#eg-story", "")
        time.sleep(0.2)
        _ready(page)
        assert page.evaluate("() => window.eventgraphView.visible()") == before
        assert page.evaluate("() => location.hash") == ""
        assert errors == []
    finally:
        page.close()


@pytest.mark.browser
def test_the_story_follows_the_reader_to_the_timeline_and_the_comparison(
    browser, pages: dict[str, Path]
) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(pages["timeline"].resolve().as_uri() + "#story=bbbbbbbbbbbbbbbb")
        assert page.evaluate("() => document.getElementById('eg-story').value") == "bbbbbbbbbbbbbbbb"
        visible = page.evaluate(
            "() => Array.from(document.querySelectorAll('.eg-tl-row:not([hidden])')).map(r => r.dataset.src)"
        )
        assert sorted(visible) == ["a0 a3", "a3", "a4", "a5"]
        page.select_option("#eg-story", "")
        assert page.locator(".eg-tl-row:not([hidden])").count() == 7
        page.goto(pages["compare"].resolve().as_uri() + "#story=bbbbbbbbbbbbbbbb")
        page.wait_for_selector("#eg-cmp tbody tr")
        header = page.evaluate(
            "() => Array.from(document.querySelectorAll('#eg-cmp thead .eg-src')).map(x => x.textContent)"
        )
        assert sorted(header) == ["a3", "a4", "a5"]
        page.select_option("#eg-cmp-cluster", "0")
        assert page.evaluate("() => location.hash") == "#story=aaaaaaaaaaaaaaaa"
        assert errors == []
    finally:
        page.close()


@pytest.mark.browser
def test_a_story_is_laid_out_again_on_a_page_drawn_without_physics(
    browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventgraph.viz import payload

    monkeypatch.setattr(payload, "PHYSICS_MAX_NODES", 0)  # as on a large build: positions precomputed
    paths = {p.stem: p for p in viz.write_views(_store(), tmp_path)}
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    try:
        page.goto(paths["actors"].resolve().as_uri())
        _ready(page)
        assert page.evaluate("() => window.eventgraphView.physics") is False
        page.select_option("#eg-story", "aaaaaaaaaaaaaaaa")
        time.sleep(0.2)
        _ready(page, timeout=4.0)  # settled by the end of the run, not by the fallback timer
        assert page.evaluate("() => window.eventgraphView.visible().nodes") == 4  # actor 3 meets actor 0
    finally:
        page.close()
