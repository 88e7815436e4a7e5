"""The HTML views (eventgraph.viz): model, analytics, offline/escaping guarantees, real browser.

Browser tests drive Debian's chromium through Playwright's Python package; they are skipped
when /usr/bin/chromium is missing, unless CI=true (then they fail). Screenshots of every view
go to /tmp/eventgraph-views/.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store

from eventgraph import viz
from eventgraph.disagreement import compatible, disagreements
from eventgraph.vocab import NIF

FIXTURE = Path(__file__).parent / "data" / "viz" / "mini.trig"
CHROMIUM = "/usr/bin/chromium"
SHOTS = Path("/tmp/eventgraph-views")
PAGES = ("index", "actors", "events", "sources", "timeline", "compare")
GRAPH_PAGES = ("actors", "events", "sources")

R = "https://w3id.org/eventgraph/resource/"
EG = "https://w3id.org/eventgraph/ontology#"
A, B, X = "000_3e01d71e7808b61d", "003_b52c3997e1d6880a", "009_injection"
CALL = R + "event/3f9a0c1d2e4b5a69"
EXCHANGE = R + "event/91a2b3c4d5e6f708"
TRUMP, PUTIN = R + "actor/donald-trump", R + "actor/vladimir-putin"
MALLORY = R + "actor/mallory"
PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=1">',
    "javascript:window.__pwned=1",
)


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store()
    s.load(path=FIXTURE, format=RdfFormat.TRIG)
    return s


@pytest.fixture(scope="module")
def model(store: Store) -> viz.GraphModel:
    return viz.graph_model(store)


@pytest.fixture(scope="module")
def views(store: Store, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("views")
    paths = viz.write_views(store, out)
    return {p.stem: p for p in paths}


# ------------------------------------------------------------------------------------ the model
def test_model_reads_sources_and_metadata(model: viz.GraphModel) -> None:
    assert sorted(model.sources) == [A, B, X]
    assert model.sources[A].title == "Trump, Putin hold telephonic conversation"
    assert model.sources[B].publisher == "The Gaze"
    assert model.sources[A].issued == "2025-03-19"
    assert model.sources[A].graph == R + "graph/" + A
    assert PAYLOADS[0] in (model.sources[X].title or "")


def test_model_events_roles_and_attributes(model: viz.GraphModel) -> None:
    call = model.events[CALL]
    assert call.cls == "PhoneCall"
    assert call.label == "Phone call between Donald Trump and Vladimir Putin"
    assert call.sources == {A, B}
    assert call.actors("participant") == [TRUMP, PUTIN]
    assert call.attrs["duration"] == {"PT2H": {A}, "PT1H30M": {B}}
    proposal = next(e for e in model.events.values() if e.cls == "Proposal")
    assert proposal.actors("agent") == [TRUMP]
    assert proposal.actors("recipient") == [R + "actor/russia", R + "actor/ukraine"]
    assert {e.cls for e in model.events.values()} >= {
        "PhoneCall",
        "Proposal",
        "Order",
        "Exchange",
        "Allegation",
    }
    assert model.actors[TRUMP].cls == "Person"
    assert model.actors[R + "actor/kremlin"].cls == "Organization"
    assert model.actors[TRUMP].same_as == ["http://www.wikidata.org/entity/Q22686"]


def test_model_mentions_carry_evidence(model: viz.GraphModel) -> None:
    call = model.events[CALL]
    by_src = {m.source: m for m in call.mentions}
    assert by_src[A].anchor == "telephonic conversation"
    assert (by_src[A].begin, by_src[A].end) == (133, 156)
    assert "two-hour-long telephonic conversation" in (by_src[A].evidence or "")
    assert by_src[B].anchor == "telephone conversation"
    # offsets are real: they point into the seed article
    text = (Path(__file__).parents[1] / "examples" / "seeds" / f"{A}.txt").read_text(encoding="utf-8")
    assert text[133:156] == "telephonic conversation"


def test_disagreements_only_where_values_conflict(model: viz.GraphModel) -> None:
    call = model.events[CALL]
    assert call.conflicts == {"duration": [("PT2H", [A]), ("PT1H30M", [B])]}
    exchange = model.events[EXCHANGE]
    assert exchange.attrs["quantity"] == {"175": {A, B}}
    assert exchange.conflicts == {}  # 175 in both, date only in one: no conflict
    assert [(d["event"], d["property"]) for d in model.disagreements()] == [(CALL, "duration")]


def test_value_comparison_is_semantic() -> None:
    assert compatible("duration", "PT90M", "PT1H30M")
    assert not compatible("duration", "PT2H", "PT1H30M")
    assert compatible("quantity", "175", "0175")
    assert compatible("date", "--03-18", "2025-03-18")
    assert not compatible("date", "--03-18", "2025-03-19")
    assert not compatible("date", "2024-03-18", "2025-03-18")


def test_disagreements_read_plain_mappings() -> None:
    """The definition of a disagreement needs no model: values by source (eventgraph.disagreement)."""
    values = {"duration": {"PT90M": {A}, "PT1H30M": {B}}, "date": {"--03-18": {A}, "2025-03-19": {B}}}
    assert disagreements(values) == {"date": [("--03-18", [A]), ("2025-03-19", [B])]}
    assert disagreements({"topic": {"a": {A}, "b": {B}}}) == {}
    agents = {"agent": {"putin": {A}, "russia": {B}}}
    assert disagreements(agents, {"putin": {"russia"}}) == {}
    assert disagreements(agents) == {"agent": [("putin", [A]), ("russia", [B])]}


def test_actor_network_relations(model: viz.GraphModel) -> None:
    g = viz.actor_network(model)
    assert g.number_of_nodes() == 8
    rels = {(model.label(u), k, model.label(v)) for u, v, k in g.edges(keys=True)}
    assert ("Donald Trump", "proposed to", "Russia") in rels
    assert ("Donald Trump", "proposed to", "Ukraine") in rels
    assert ("Vladimir Putin", "ordered", "Russian Armed Forces") in rels
    assert ("Russia", "exchanged prisoners with", "Ukraine") in rels
    assert ("Kremlin", "accused", "Ukraine") in rels
    assert ("Donald Trump", "spoke by phone with", "Vladimir Putin") in rels
    d = g.edges[TRUMP, PUTIN, "spoke by phone with"]
    assert d["weight"] == 1 and d["events"] == [CALL] and d["sources"] == [A, B] and not d["directed"]
    assert g.nodes[PUTIN]["events"] == 4 and g.nodes[PUTIN]["agent"] == 2


def test_event_graph_roles(model: viz.GraphModel) -> None:
    g = viz.event_graph(model)
    assert g.number_of_nodes() == len(model.events) + len(model.actors) == 17
    assert set(g[CALL]) == {TRUMP, PUTIN}
    assert {k for _, _, k in g.edges(CALL, keys=True)} == {"participant"}
    prop = next(e for e, ev in model.events.items() if ev.cls == "Proposal")
    # eg:participant is left out where a specific role says more
    assert sorted(k for _, _, k in g.edges(prop, keys=True)) == ["agent", "recipient", "recipient"]
    assert g.edges[CALL, TRUMP, "participant"]["sources"] == [A, B]


def test_sources_graph_flags(model: viz.GraphModel) -> None:
    g = viz.sources_graph(model)
    dis = {v for v, d in g.nodes(data=True) if d["dis"]}
    assert dis == {CALL, f"val:{CALL}:duration:PT2H", f"val:{CALL}:duration:PT1H30M", f"src:{A}", f"src:{B}"}
    assert g.nodes[f"val:{EXCHANGE}:quantity:175"]["sources"] == [A, B]
    assert not g.nodes[f"val:{EXCHANGE}:quantity:175"]["single"]
    assert g.nodes[f"val:{EXCHANGE}:date:--03-19"]["single"]  # only the first article dates it


def test_analytics_is_json_and_deterministic(store: Store, model: viz.GraphModel) -> None:
    a = viz.analytics(model)
    text = json.dumps(a, sort_keys=True)
    assert text == json.dumps(viz.analytics(viz.graph_model(store)), sort_keys=True)
    assert a["counts"]["sources"] == 3 and a["counts"]["events"] == 9 and a["counts"]["disagreements"] == 1
    assert a["components"]["actor_network"]["count"] == 2
    assert a["components"]["actor_network"]["sizes"] == [6, 2]
    assert a["components"]["event_graph"]["count"] == 2
    assert a["actor_network"] == {"nodes": 8, "edges": 10, "pairs": 7, "density": 0.25}
    top = a["central_actors"]
    assert top["degree"][0]["label"] == "Donald Trump"
    assert top["betweenness"][0]["label"] == "Donald Trump"
    assert len(top["pagerank"]) == 8 and abs(sum(r["score"] for r in top["pagerank"]) - 1) < 1e-3
    assert top["most_active"][0]["label"] in {"Vladimir Putin", "Donald Trump"}


# ------------------------------------------------------------------------------ the HTML, offline
_EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:@import)""",
    re.IGNORECASE,
)


def test_views_are_written(views: dict[str, Path]) -> None:
    assert sorted(views) == sorted(PAGES)
    index = views["index"].read_text(encoding="utf-8")
    for name in ("actors", "events", "sources", "timeline"):
        assert f'href="{name}.html"' in index


def test_nav_and_overview_follow_the_registry(views: dict[str, Path]) -> None:
    from eventgraph.viz import pages as registry

    # PAGES (this file's) is the order of the navigation bar: the overview, then the registry's
    assert [registry.INDEX.name, *(p.name for p in registry.PAGES)] == list(PAGES)
    for name, path in views.items():
        nav = re.search(r"<nav[^>]*>(.*?)</nav>", path.read_text(encoding="utf-8"), re.DOTALL)
        assert nav, name
        assert re.findall(r'href="(\w+)\.html"', nav.group(1)) == list(PAGES)
        assert f'<a href="{name}.html" aria-current="page">' in nav.group(1)
    views_list = views["index"].read_text(encoding="utf-8").split("<ul class=eg-views>", 1)[1]
    listed = re.findall(r'<li><a href="(\w+)\.html">', views_list.split("</ul>", 1)[0])
    assert listed == [p.name for p in registry.PAGES]


@pytest.mark.parametrize("page", PAGES)
def test_html_requests_nothing(views: dict[str, Path], page: str) -> None:
    text = views[page].read_text(encoding="utf-8")
    assert not _EXTERNAL.search(text), _EXTERNAL.search(text)
    assert not re.search(r"<script[^>]*\bsrc\s*=", text, re.IGNORECASE)
    assert not re.search(r"<link[^>]*stylesheet", text, re.IGNORECASE)
    for cdn in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "googleapis"):
        assert cdn not in text.lower()
    csp = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
    assert f'<meta http-equiv="Content-Security-Policy" content="{csp}">' in text
    assert text.index("Content-Security-Policy") < min(text.index("<style"), text.index("<script"))


@pytest.mark.parametrize("page", PAGES)
def test_html_escapes_article_text(views: dict[str, Path], page: str) -> None:
    text = views[page].read_text(encoding="utf-8")
    for payload in PAYLOADS[:2]:
        assert payload not in text
    assert "<img" not in text
    # data, vis-network, our script (graph pages), data and our script (the comparison) or just our
    # script: nothing closes a script early
    assert text.count("</script") == (3 if page in GRAPH_PAGES else 2 if page == "compare" else 1)
    assert "<!--" not in text
    if page in GRAPH_PAGES:
        data = text.split('id="eg-data">', 1)[1].split("</script>", 1)[0]
        assert "\u2028" not in data and "<" not in data


def _drawn(model: viz.GraphModel, page: str) -> tuple[int, int]:
    """(nodes, edges) of a small build's graph view: everything; the actor view draws one edge per
    pair of actors, however many relations link them."""
    if page == "actors":
        g = viz.actor_network(model)
        return g.number_of_nodes(), len({tuple(sorted(e)) for e in g.edges()})
    g = {"events": viz.event_graph, "sources": viz.sources_graph}[page](model)
    return g.number_of_nodes(), g.number_of_edges()


@pytest.mark.parametrize("page", GRAPH_PAGES)
def test_payload_round_trips_through_json(views: dict[str, Path], page: str, model: viz.GraphModel) -> None:
    text = views[page].read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="eg-data">(.*?)</script>', text, re.DOTALL)
    assert m
    data = json.loads(m.group(1))
    blob = json.dumps(data, ensure_ascii=False)
    for payload in PAYLOADS:
        assert json.dumps(payload)[1:-1] in blob  # the article text survives, as data
    assert (len(data["nodes"]), len(data["edges"])) == _drawn(model, page)
    assert data["physics"] is True
    assert all("x" in n and "y" in n for n in data["nodes"])


def test_json_for_script() -> None:
    s = viz.json_for_script({"a": "</script><!-- & \u2028\u2029"})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s and "\u2029" not in s
    assert json.loads(s) == {"a": "</script><!-- & \u2028\u2029"}


def test_render_inline(views: dict[str, Path]) -> None:
    obj = viz.render_inline(views["actors"])
    html = obj._repr_html_() if hasattr(obj, "_repr_html_") else obj.data
    assert html.startswith('<div class="eventgraph-view"><iframe srcdoc=')
    assert 'sandbox="allow-scripts"' in html
    inner = html.split('srcdoc="', 1)[1].split('" sandbox', 1)[0]
    assert "<" not in inner and '"' not in inner
    assert "eg-data" in inner and "vis.Network" in inner  # the whole page, inline
    assert 'srcdoc="&lt;p&gt;hi' in viz.render_inline("<p>hi</p>").data


def _synthetic_store(n_articles: int, n_actors: int) -> Store:
    """n articles, each reporting one meeting between two of n_actors actors."""
    s = Store()
    quads = []
    t = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for i in range(n_articles):
        art, g = NamedNode(f"{R}article/a{i:04d}"), NamedNode(f"{R}graph/a{i:04d}")
        ev = NamedNode(f"{R}event/{i:016x}")
        x, y = (i % n_actors), (i * 7 + 1) % n_actors
        if x == y:
            y = (y + 1) % n_actors
        quads += [
            Quad(art, t, NamedNode(EG + "Article"), DefaultGraph()),
            Quad(art, NamedNode("http://purl.org/dc/terms/identifier"), Literal(f"a{i:04d}"), DefaultGraph()),
            Quad(g, NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), art, DefaultGraph()),
            Quad(ev, label, Literal(f"Meeting {i}"), DefaultGraph()),
            Quad(ev, t, NamedNode(EG + "Meeting"), g),
        ]
        for a in (x, y):
            actor = NamedNode(f"{R}actor/actor-{a}")
            quads += [
                Quad(actor, label, Literal(f"Actor {a}"), DefaultGraph()),
                Quad(actor, t, NamedNode(EG + ("Person" if a % 2 else "Country")), g),
                Quad(ev, NamedNode(EG + "participant"), actor, g),
            ]
    s.extend(quads)
    return s


def test_large_graph_is_capped_with_precomputed_positions(tmp_path: Path) -> None:
    s = _synthetic_store(1200, 700)
    paths = viz.write_views(s, tmp_path, max_nodes=300)
    actors = paths[0].read_text(encoding="utf-8")
    assert "Showing 300 of 700 actors and 298 of 698 links between actors: the most connected" in actors
    assert "physics is off above" in actors
    data = json.loads(re.search(r'id="eg-data">(.*?)</script>', actors, re.DOTALL).group(1))
    assert len(data["nodes"]) == 300 and data["physics"] is False
    assert data["options"]["physics"] == {"enabled": False}
    xs = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(xs) == 300  # every node has its own place
    events = paths[1].read_text(encoding="utf-8")
    assert "Showing 300 of 1,900 nodes and 216 of 2,400 edges: the most reported events" in events
    edata = json.loads(re.search(r'id="eg-data">(.*?)</script>', events, re.DOTALL).group(1))
    assert len(edata["nodes"]) <= 300
    # whole events: every event shown keeps its actors, and no actor is left without an event
    kinds = {n["id"]: n["kind"] for n in edata["nodes"]}
    linked = {e["to"] for e in edata["edges"]} | {e["from"] for e in edata["edges"]}
    assert all(k == "event" or i in linked for i, k in kinds.items())
    assert "300 of 700 nodes, 298 of 698 edges" in paths[-1].read_text(encoding="utf-8")


def _hub_store(n_articles: int, seed: int = 3) -> Store:
    """A build shaped like a news corpus: a few actors in most events (states, organisations),
    many in one or two; each event reported again by several later articles, some of which give
    another date for it (a disagreement)."""
    import random

    rng = random.Random(seed)
    n_actors = n_articles // 2 + 20
    quads = []
    t = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    d = DefaultGraph()
    events: list[tuple[NamedNode, list[int], int]] = []
    for a in range(n_actors):
        quads.append(Quad(NamedNode(f"{R}actor/actor-{a}"), label, Literal(f"Actor {a}"), d))
    for i in range(n_articles):
        aid = f"a{i:05d}"
        art, g = NamedNode(f"{R}article/{aid}"), NamedNode(f"{R}graph/{aid}")
        quads += [
            Quad(art, t, NamedNode(EG + "Article"), d),
            Quad(art, NamedNode("http://purl.org/dc/terms/identifier"), Literal(aid), d),
            Quad(art, NamedNode("http://purl.org/dc/terms/title"), Literal(f"Story {i} " + "word " * 8), d),
            Quad(g, NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), art, d),
        ]
        for k in range(3):
            if events and rng.random() < 0.5:
                ev, members, day = rng.choice(events)  # reported again
                if rng.random() < 0.1:
                    day = 28
            else:
                members = sorted({int(n_actors * rng.random() ** 4) for _ in range(3)})
                ev, day = NamedNode(f"{R}event/{i:05d}-{k}"), rng.randint(1, 27)
                events.append((ev, members, day))
                quads.append(Quad(ev, label, Literal(f"Meeting {i}-{k} of " + "many words " * 6), d))
            quads.append(Quad(ev, t, NamedNode(EG + "Meeting"), g))
            date = Literal(
                f"--03-{day:02d}", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#gMonthDay")
            )
            quads.append(Quad(ev, NamedNode(EG + "date"), date, g))
            m = NamedNode(f"{R}mention/{aid}/{k}")
            quads += [
                Quad(ev, NamedNode(EG + "mention"), m, g),
                Quad(m, NamedNode(EG + "evidence"), Literal(f"In story {i} the actors met. " * 4), g),
                Quad(m, NamedNode(str(NIF.anchorOf)), Literal("met"), g),
            ]
            for a in members:
                actor = NamedNode(f"{R}actor/actor-{a}")
                quads += [
                    Quad(actor, t, NamedNode(EG + ("Country" if a < 10 else "Person")), g),
                    Quad(ev, NamedNode(EG + "participant"), actor, g),
                ]
    s = Store()
    s.extend(quads)
    return s


def test_page_size_follows_the_caps_not_the_build(tmp_path: Path) -> None:
    """What is hidden costs nothing: a build four times larger, shown with the same caps, gives
    pages of about the same size, and every page says how much of how much it shows."""
    sizes: dict[int, dict[str, int]] = {}
    for n in (1200, 4800):
        store = _hub_store(n)
        model = viz.graph_model(store)
        stats = viz.analytics(model)
        out = tmp_path / str(n)
        paths = viz.write_views(
            store, out, max_nodes=60, max_edges=90, max_timeline_events=40, model=model, stats=stats
        )
        pages = {p.stem: p.read_text(encoding="utf-8") for p in paths}
        payloads = {
            name: pages[name].split('id="eg-data">', 1)[1].split("</script>", 1)[0] for name in GRAPH_PAGES
        }
        # a graph page's own data (vis-network's code, the same on every page, would hide growth)
        sizes[n] = {name: len(payloads.get(name, text).encode()) for name, text in pages.items()}
        datas = {name: json.loads(payload) for name, payload in payloads.items()}
        actors = datas["actors"]
        assert len(actors["nodes"]) == 60 and len(actors["edges"]) == 90
        net = stats["actor_network"]
        assert (
            f"Showing 60 of {net['nodes']:,} actors and 90 of {net['pairs']:,} links between actors"
            in pages["actors"]
        )
        eg = stats["event_graph"]
        shown = (len(datas["events"]["nodes"]), len(datas["events"]["edges"]))
        assert shown[0] <= 60
        assert (
            f"Showing {shown[0]:,} of {eg['nodes']:,} nodes and {shown[1]:,} of {eg['edges']:,} edges"
            in pages["events"]
        )
        assert len(datas["sources"]["nodes"]) <= 60
        for name in GRAPH_PAGES:  # the page names only the articles of what it draws
            assert len(datas[name]["sources"]) <= 8 * 150
            # every drawn item carries a bounded tooltip (a few events, sources, evidence sentences)
            drawn = len(datas[name]["nodes"]) + len(datas[name]["edges"])
            assert sizes[n][name] <= drawn * 3500, (name, drawn, sizes[n])
        assert pages["timeline"].count('class="eg-tl-row') == 40
        assert f"Showing 40 of {len(model.events):,} events" in pages["timeline"]
        assert sizes[n]["timeline"] <= 40 * 3500
    print(sizes)
    for name in PAGES:  # tooltips fill up to their caps, then stop growing
        assert sizes[4800][name] <= sizes[1200][name] * 1.25, (name, sizes)


def test_layout_handles_a_component_larger_than_the_spring_limit() -> None:
    import networkx as nx

    g = nx.barabasi_albert_graph(900, 2, seed=1)
    pos = viz.layout(g)
    assert set(pos) == set(g) and len(set(pos.values())) == 900
    assert pos == viz.layout(g)


def test_views_are_byte_identical_across_processes(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from pyoxigraph import Store, RdfFormat;"
        "from eventgraph import viz; s = Store(); s.load(path=sys.argv[1], format=RdfFormat.TRIG);"
        "viz.write_views(s, Path(sys.argv[2]))"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(FIXTURE), str(tmp_path / seed)], check=True, env=env)
    for page in PAGES:
        assert (tmp_path / "1" / f"{page}.html").read_bytes() == (
            tmp_path / "2" / f"{page}.html"
        ).read_bytes()


# ---------------------------------------------------------------------------- in a real browser


class Loaded:
    def __init__(self, browser, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on(
            "console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)

    def wait_ready(self, timeout: float = 30.0) -> None:
        # page.wait_for_function would evaluate a string, which the page's CSP (rightly) forbids
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.page.evaluate("() => !!(window.eventgraphView && window.eventgraphView.ready)"):
                return
            time.sleep(0.05)
        raise AssertionError("the view never became ready")

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def node_point(self, iri: str) -> tuple[float, float]:
        return tuple(
            self.js(
                """(iri) => {
                const v = window.eventgraphView;
                const n = v.nodes.get({filter: x => x.iri === iri})[0];
                const p = v.network.canvasToDOM(v.network.getPositions([n.id])[n.id]);
                const r = document.getElementById('eg-network').getBoundingClientRect();
                return [r.left + p.x, r.top + p.y];
            }""",
                iri,
            )
        )

    def tooltip(self, head: str | None = None, timeout: float = 3.0) -> str:
        """The visible tooltip's text (once its heading is ``head``, when given); '' if none shows."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            text = self.js(
                """(head) => { const t = document.querySelector('div.vis-tooltip');
                if (!t || getComputedStyle(t).visibility !== 'visible') return '';
                const h = t.querySelector('h3');
                return head === null || (h && h.textContent === head) ? t.innerText : ''; }""",
                head,
            )
            if text:
                return text
            time.sleep(0.03)
        return ""

    def hover(self, x: float, y: float, head: str | None = None, timeout: float = 3.0) -> str:
        # move over an empty corner of the canvas first, so that vis hides the last tooltip
        left, top = self.js(
            "() => { const r = document.getElementById('eg-network').getBoundingClientRect();"
            " return [r.left + 2, r.top + 2]; }"
        )
        self.page.mouse.move(left, top)
        end = time.monotonic() + 1
        while time.monotonic() < end and self.tooltip(timeout=0):
            time.sleep(0.03)
        self.page.mouse.move(x, y, steps=3)
        return self.tooltip(head, timeout)

    def pwned(self) -> bool:
        return self.js("() => typeof window.__pwned !== 'undefined'")

    def close(self) -> None:
        self.page.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_without_errors(
    browser, views: dict[str, Path], model: viz.GraphModel, name: str
) -> None:
    page = Loaded(browser, views[name])
    try:
        if name in GRAPH_PAGES:
            page.wait_ready()
            n_nodes, n_edges = _drawn(model, name)
            drawn = page.js("() => window.eventgraphView.visible()")
            assert drawn == {"nodes": n_nodes, "edges": n_edges}
            # vis-network drew them all (positions exist for every node)
            assert (
                page.js("() => Object.keys(window.eventgraphView.network.getPositions()).length") == n_nodes
            )
            assert page.js(
                "() => window.eventgraphView.edges.get().every(e => e.title instanceof HTMLElement)"
            )
            assert page.js(
                "() => window.eventgraphView.nodes.get().every(n => n.title instanceof HTMLElement)"
            )
            legend = page.js("() => document.getElementById('eg-legend').innerText")
            assert "Person" in legend
        else:
            page.page.wait_for_load_state("load")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=name in ("index", "timeline"))
        assert page.errors == []
        assert [u for u in page.requests if u != page.url and not u.startswith("data:")] == []
        assert not page.pwned()
    finally:
        page.close()


@pytest.mark.browser
def test_tooltip_shows_evidence_and_disagreement(browser, views: dict[str, Path]) -> None:
    page = Loaded(browser, views["events"])
    try:
        page.wait_ready()
        text = page.hover(*page.node_point(CALL), "Phone call between Donald Trump and Vladimir Putin")
        assert "Phone call between Donald Trump and Vladimir Putin" in text
        assert (
            "US President Donald Trump and Russian President Vladimir Putin engaged in a two-hour-long"
            in text
        )
        assert "duration: 2 h (000_3e01…) vs 1 h 30 min (003_b52c…)" in text
        marks = page.js(
            "() => [...document.querySelectorAll('div.vis-tooltip mark')].map(m => m.textContent)"
        )
        assert "telephonic conversation" in marks and "telephone conversation" in marks
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.page.screenshot(path=str(SHOTS / "events-tooltip.png"))
        # clicking keeps the same details in the side panel
        page.page.mouse.click(*page.node_point(CALL))
        details = page.js("() => document.getElementById('eg-details').innerText")
        assert "two-hour-long" in details and "1 h 30 min" in details
    finally:
        page.close()


@pytest.mark.browser
def test_edge_tooltip(browser, views: dict[str, Path]) -> None:
    page = Loaded(browser, views["actors"])
    try:
        page.wait_ready()
        (x1, y1), (x2, y2) = page.node_point(PUTIN), page.node_point(R + "actor/russian-armed-forces")
        text = page.hover((x1 + x2) / 2, (y1 + y2) / 2)
        assert "Vladimir Putin ordered Russian Armed Forces" in text
        assert "relevant order to the Russian troops" in text
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", GRAPH_PAGES)
def test_hovering_everything_runs_nothing(browser, views: dict[str, Path], name: str) -> None:
    page = Loaded(browser, views[name])
    try:
        page.wait_ready()
        items = page.js("() => window.eventgraphView.nodes.get().map(n => [n.iri, n.tip.h])")
        shown = 0
        for iri, head in items:
            text = page.hover(*page.node_point(iri), head)
            shown += bool(text)
            if iri == MALLORY:
                assert text.startswith(head)
                for payload in PAYLOADS:
                    assert payload in text  # shown as text
        assert shown == len(items)
        edges = page.js(
            """() => { const v = window.eventgraphView;
            return v.edges.get().map(e => [e.from, e.to, e.tip.h]); }"""
        )
        edge_shown = 0
        for a, b, head in edges:
            (x1, y1), (x2, y2) = (
                page.js(
                    """(id) => { const v = window.eventgraphView;
                    const p = v.network.canvasToDOM(v.network.getPositions([id])[id]);
                    const r = document.getElementById('eg-network').getBoundingClientRect();
                    return [r.left + p.x, r.top + p.y]; }""",
                    i,
                )
                for i in (a, b)
            )
            edge_shown += bool(page.hover(x1 + (x2 - x1) * 0.4, y1 + (y2 - y1) * 0.4, head, timeout=0.8))
        print(name, "edges with their own tooltip:", edge_shown, "of", len(edges))
        assert edge_shown >= len(edges) // 2  # the rest lie under a node or another edge's label
        page.js("() => window.eventgraphView.search('Mallory')")
        details = page.js("() => document.getElementById('eg-details').innerText")
        for payload in PAYLOADS:
            assert payload in details
        assert not page.pwned()
        assert page.errors == []
    finally:
        page.close()


@pytest.mark.browser
def test_source_filter(browser, views: dict[str, Path], model: viz.GraphModel) -> None:
    g = viz.sources_graph(model)
    page = Loaded(browser, views["sources"])
    try:
        page.wait_ready()
        assert page.js("() => window.eventgraphView.visible()")["nodes"] == g.number_of_nodes()
        options = page.js("() => [...document.querySelectorAll('#eg-filter option')].map(o => o.textContent)")
        assert options[0] == "All sources" and "Disagreements only" in options
        assert "Single-source facts only" in options
        assert any(o.startswith("000_3e01… — Trump, Putin hold") for o in options)

        def visible_after(value: str) -> dict[str, int]:
            page.page.select_option("#eg-filter", value)
            return page.js("() => window.eventgraphView.visible()")

        for sid in (A, B, X):
            want = {v for v, d in g.nodes(data=True) if sid in d["sources"]}
            got = visible_after(f"src:{sid}")
            assert got["nodes"] == len(want) < g.number_of_nodes()
        dis = visible_after("dis")
        assert dis == {"nodes": 5, "edges": 4}  # the call, its two durations, the two articles
        labels = page.js(
            "() => window.eventgraphView.nodes.get({filter: n => !n.hidden}).map(n => n.label).sort()"
        )
        assert any("duration: 2 h" in x for x in labels) and any("duration: 1 h 30 min" in x for x in labels)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.page.screenshot(path=str(SHOTS / "sources-disagreements.png"))
        text = page.hover(*page.node_point(f"val:{CALL}:duration:PT2H"))
        assert "duration: 2 h (000_3e01…) vs 1 h 30 min (003_b52c…)" in text
        single = visible_after("single")
        want_single = {v for v, d in g.nodes(data=True) if d["single"]}
        assert single["nodes"] == len(want_single)
        assert visible_after("all")["nodes"] == g.number_of_nodes()
        assert page.errors == [] and not page.pwned()
    finally:
        page.close()


@pytest.mark.browser
def test_search_selects_and_focuses(browser, views: dict[str, Path]) -> None:
    page = Loaded(browser, views["actors"])
    try:
        page.wait_ready()
        page.page.fill("#eg-search", "kreml")
        page.page.press("#eg-search", "Enter")
        sel = page.js(
            "() => window.eventgraphView.network.getSelectedNodes()"
            ".map(id => window.eventgraphView.nodes.get(id).iri)"
        )
        assert sel == [R + "actor/kremlin"]
        assert "Kremlin" in page.js("() => document.getElementById('eg-search-status').innerText")
        assert "the Kremlin alleged Ukraine" in page.js(
            "() => document.getElementById('eg-details').innerText"
        )
        page.page.fill("#eg-search", "nobody at all")
        page.page.press("#eg-search", "Enter")
        assert "No node matches" in page.js("() => document.getElementById('eg-search-status').innerText")
    finally:
        page.close()


@pytest.mark.browser
def test_timeline_lists_events_by_date(browser, views: dict[str, Path]) -> None:
    page = Loaded(browser, views["timeline"])
    try:
        rows = page.js(
            """() => [...document.querySelectorAll('#eg-timeline > .eg-tl-row, #eg-timeline > .eg-tl-sep')]
            .map(r => r.classList.contains('eg-tl-sep') ? r.textContent : r.children[0].textContent)"""
        )
        assert rows[0].startswith("2025-03-17")  # the only full date, earliest
        assert rows.index("Undated") > rows.index(next(r for r in rows if r.startswith("--03-19")))
        body = page.js("() => document.body.innerText")
        for payload in PAYLOADS:
            assert payload in body
        assert "duration: 2 h (000_3e01…) vs 1 h 30 min (003_b52c…)" in body
        page.page.select_option("#eg-tl-source", B)
        visible = page.js(
            """() => [...document.querySelectorAll('#eg-timeline .eg-tl-row[data-src]')]
            .filter(r => getComputedStyle(r).display !== 'none').length"""
        )
        assert visible == 4
        assert not page.pwned() and page.errors == []
    finally:
        page.close()


def test_empty_store_still_writes_pages(tmp_path: Path) -> None:
    paths = viz.write_views(Store(), tmp_path)
    assert [p.name for p in paths] == [
        "actors.html",
        "events.html",
        "sources.html",
        "timeline.html",
        "compare.html",
        "index.html",
    ]
    a = viz.analytics(viz.graph_model(Store()))
    assert a["counts"]["events"] == 0 and a["components"]["actor_network"]["count"] == 0
    json.dumps(a)


@pytest.mark.browser
def test_large_view_with_physics_off_is_interactive(browser, tmp_path: Path) -> None:
    paths = viz.write_views(_synthetic_store(1200, 700), tmp_path, max_nodes=400)
    for path in paths[:3]:
        page = Loaded(browser, path)
        try:
            page.wait_ready(timeout=20)
            assert page.js("() => window.eventgraphView.physics") is False
            # all 400 drawn; those outside the connected core wait behind a tick
            outside = page.js("() => window.eventgraphView.data.nodes.filter(n => n.iso).length")
            assert page.js("() => window.eventgraphView.visible().nodes") == 400 - outside
            assert page.js("() => window.eventgraphView.readyAt") < 10_000  # ms after navigation
            note = page.js("() => document.getElementById('eg-note').innerText")
            assert "Showing" in note and "physics is off" in note
            assert page.errors == []
            assert [u for u in page.requests if u != page.url and not u.startswith("data:")] == []
        finally:
            page.close()


@pytest.mark.browser
def test_render_inline_works_in_a_browser(browser, views: dict[str, Path], model: viz.GraphModel) -> None:
    """What a notebook shows: the page inside an <iframe srcdoc>, with no file or network access."""
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.set_content(viz.render_inline(views["actors"]).data)
        end = time.monotonic() + 20
        frame = None
        while time.monotonic() < end:
            frame = next((f for f in page.frames if f != page.main_frame), None)
            if frame and frame.evaluate("() => !!(window.eventgraphView && window.eventgraphView.ready)"):
                break
            time.sleep(0.05)
        assert frame is not None
        assert (
            frame.evaluate("() => window.eventgraphView.visible().nodes")
            == viz.actor_network(model).number_of_nodes()
        )
        assert errors == []
        assert [u for u in requests if not u.startswith(("data:", "about:"))] == []
    finally:
        page.close()


def _core_and_isolated_store(n_core: int = 40, n_lone: int = 200) -> Store:
    """A connected core (meetings along a chain of actors) and ``n_lone`` statements, each by an
    actor that takes part in nothing else: isolated actors, events with one actor."""
    s = Store()
    quads = []
    t = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for i in range(n_core + n_lone):
        art, g = NamedNode(f"{R}article/c{i:04d}"), NamedNode(f"{R}graph/c{i:04d}")
        ev = NamedNode(f"{R}event/{i:016x}")
        quads += [
            Quad(art, t, NamedNode(EG + "Article"), DefaultGraph()),
            Quad(art, NamedNode("http://purl.org/dc/terms/identifier"), Literal(f"c{i:04d}"), DefaultGraph()),
            Quad(g, NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), art, DefaultGraph()),
        ]
        if i < n_core:
            actors, cls = (f"core-{i % 25}", f"core-{(i * 3 + 1) % 25}"), "Meeting"
        else:
            actors, cls = (f"lone-{i}",), "Statement"
        quads += [Quad(ev, t, NamedNode(EG + cls), g), Quad(ev, label, Literal(f"{cls} {i}"), DefaultGraph())]
        for a in actors:
            actor = NamedNode(f"{R}actor/{a}")
            quads += [
                Quad(actor, label, Literal(f"Actor {a}"), DefaultGraph()),
                Quad(actor, t, NamedNode(EG + "Person"), g),
                Quad(ev, NamedNode(EG + "participant"), actor, g),
            ]
    s.extend(quads)
    return s


@pytest.mark.browser
def test_graph_views_show_the_connected_core(browser, tmp_path: Path) -> None:
    """At scale a graph view opens on its connected core: the isolated actors (and the events with
    one actor) are counted, hidden, and one tick away; labels never overlap, more show as one zooms."""
    paths = {p.stem: p for p in viz.write_views(_core_and_isolated_store(), tmp_path)}
    actors_html = paths["actors"].read_text(encoding="utf-8")
    hidden = {}
    for name in ("actors", "events"):
        text = paths[name].read_text(encoding="utf-8")
        data = json.loads(re.search(r'id="eg-data">(.*?)</script>', text, re.DOTALL).group(1))
        hidden[name] = sum(1 for n in data["nodes"] if n.get("iso"))
    # the 200 lone actors (and a core actor that only ever met itself)
    assert hidden["actors"] == 201 and hidden["events"] == 400
    assert "201 isolated actors (in no relation drawn here) are hidden" in actors_html
    for name in ("actors", "events"):
        page = Loaded(browser, paths[name])
        page.wait_ready()
        total = page.js("() => window.eventgraphView.nodes.length")
        assert page.js("() => window.eventgraphView.visible().nodes") == total - hidden[name]
        box = page.page.locator("#eg-iso")
        assert box.count() == 1 and not box.is_checked()
        time.sleep(0.4)  # the labels are laid out after the first drawing
        boxes = page.js("""() => { const v = window.eventgraphView; v.declutter(); return v.labelsShown; }""")
        assert 0 < boxes <= total - hidden[name]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.page.screenshot(path=str(SHOTS / f"{name}-core.png"))
        page.js(
            "() => window.eventgraphView.network.moveTo({scale: window.eventgraphView.network.getScale() * 4})"
        )
        closer = page.js("() => { const v = window.eventgraphView; v.declutter(); return v.labelsShown; }")
        assert closer >= 1
        box.check()
        assert page.js("() => window.eventgraphView.visible().nodes") == total
        assert not page.errors, page.errors
        page.page.close()
