"""Benchmark of the HTML views on a large build (not a test).

    .venv/bin/python bench/bench_viz.py                       # synthetic build of 2,000 articles
    .venv/bin/python bench/bench_viz.py --articles 5000 --max-nodes 3000
    .venv/bin/python bench/bench_viz.py --trig output/graph.trig   # a real build

Times the views stage as the build runs it (``write_views(store)``, then
``analytics(graph_model(store))``), then its parts: reading the store into the model, the
analytics, each view (selection, layout, payload) and each page. Then opens every page in
headless Chromium (Debian's /usr/bin/chromium through Playwright) and measures the time from
navigation until the view is interactive (first drawing with physics off, or the end of
stabilisation with physics on), one redraw after a zoom, a source-filter switch and a hover
tooltip. Prints the figures.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from eventgraph import viz
from eventgraph.viz import pages
from eventgraph.viz.networks import ActorNetwork, GraphSizes
from eventgraph.viz.pages import actors, events, sources, timeline
from eventgraph.viz.render import render_view
from eventgraph.viz.selection import EDGES_PER_NODE

R = "https://w3id.org/eventgraph/resource/"
EG = "https://w3id.org/eventgraph/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
DCT = "http://purl.org/dc/terms/"
WORDS = [
    "talks",
    "ceasefire",
    "strikes",
    "energy",
    "infrastructure",
    "sanctions",
    "aid",
    "troops",
    "border",
    "prisoners",
    "security",
    "summit",
    "agreement",
    "negotiations",
    "offensive",
    "region",
    "civilians",
    "minister",
    "statement",
]
INTEGER = NamedNode(XSD + "integer")
#: event classes by their share of a real Reuters build (Statement dominates)
EVENT_SHARES = {
    "Statement": 58,
    "Agreement": 9,
    "Negotiation": 7,
    "Request": 6,
    "Proposal": 6,
    "Meeting": 5,
    "Concession": 2,
    "Allegation": 2,
    "Demand": 1,
    "Order": 1,
    "Exchange": 1,
    "Transfer": 1,
    "Threat": 1,
}
HUBS = 60  # states and organisations that a large share of the articles name


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def synthetic_store(n_articles: int, seed: int = 7) -> Store:
    """A store shaped like a real Reuters build (figures of the first 2,000 stories in brackets).

    Each article names a few actors (about 4): a hub (a state or organisation, Zipf-distributed:
    the first is in about a quarter of the articles [United States: 27%]), an actor already seen
    (rich get richer), or a new one (most actors occur in one or two articles [89%]). It reports
    0-5 events [1.8 per article], most with one actor [73%], some with two or more, often acting
    together, which link the actors and make many events per pair of hubs. About 10% report an
    earlier event again under its IRI (popular ones, and a running story of every 500 articles,
    more often) [events with 2+ sources: 7.6%; the most reported: 21 sources], often naming one
    more actor in it (merged events gather cliques of actors, as real ones do), sometimes with
    another date (a disagreement). Events have ~100-character labels and topics, evidence
    sentences of 80-500 characters [mean 165], and actors their own mentions (without evidence).
    At 19,000 articles it has about the size and shape of the full build (1.5 against 1.8
    million quads; 17,000 against 23,000 linked actor pairs).
    """
    rng = random.Random(seed)
    d = DefaultGraph()
    quads: list[Quad] = []
    hub_weights = list(itertools.accumulate(1 / (i + 1) ** 1.1 for i in range(HUBS)))
    actor_class: list[str] = []
    actor_label: list[str] = []
    tail_mentions: list[int] = []  # one entry per article naming a tail actor: picks favour the popular
    classes, class_weights = zip(*EVENT_SHARES.items(), strict=True)
    stories: list[dict] = []
    reports: list[int] = []  # one entry per report of a story: re-reports favour the popular
    running: list[int] = []  # one story in every 500 articles that many later articles report again

    def new_actor(cls: str, label: str) -> int:
        actor_class.append(cls)
        actor_label.append(label)
        a = len(actor_class) - 1
        quads.append(Quad(actor_node(a), LABEL, Literal(label), d))
        return a

    def actor_node(a: int) -> NamedNode:
        return NamedNode(f"{R}actor/actor-{a}")

    def sentence(words: int) -> str:
        return " ".join(rng.choices(WORDS, k=words)).capitalize()

    for h in range(HUBS):
        new_actor(
            "Country" if h % 3 else "Organization", f"Hub {h} ({'Country' if h % 3 else 'Organization'})"
        )
    for i in range(n_articles):
        aid = f"reuters-{i}"
        art, g = NamedNode(f"{R}article/{aid}"), NamedNode(f"{R}graph/{aid}")
        quads += [
            Quad(art, RDF_TYPE, NamedNode(EG + "Article"), d),
            Quad(art, NamedNode(DCT + "identifier"), Literal(aid), d),
            Quad(art, NamedNode(DCT + "title"), Literal(sentence(8)), d),
            Quad(art, NamedNode(DCT + "publisher"), Literal("Reuters"), d),
            Quad(
                art,
                NamedNode(DCT + "issued"),
                Literal(f"1987-03-{1 + i * 28 // n_articles:02d}", datatype=NamedNode(XSD + "date")),
                d,
            ),
            Quad(g, NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), art, d),
        ]
        named: list[int] = []
        for _ in range(1 + min(int(rng.expovariate(1 / 3)), 14)):
            r = rng.random()
            if r < 0.3:
                a = bisect.bisect_left(hub_weights, rng.random() * hub_weights[-1])
            elif r < 0.5 and tail_mentions:
                a = rng.choice(tail_mentions)
            else:
                cls = "Place" if rng.random() < 0.1 else rng.choice(["Organization"] * 2 + ["Person"])
                a = new_actor(cls, f"{sentence(2)} {len(actor_class)} ({cls})")
            if a not in named:
                named.append(a)
                if a >= HUBS:
                    tail_mentions.append(a)
        pos = 0
        for a in named:
            quads.append(Quad(actor_node(a), RDF_TYPE, NamedNode(EG + actor_class[a]), g))
            for _ in range(rng.choice((1, 1, 2, 3))):
                m = NamedNode(f"{R}mention/{aid}/{pos}-{pos + 12}")
                quads += [
                    Quad(actor_node(a), NamedNode(EG + "mention"), m, g),
                    Quad(m, RDF_TYPE, NamedNode(EG + "Mention"), g),
                    Quad(m, NamedNode(EG + "inArticle"), art, g),
                    Quad(m, NamedNode(NIF + "beginIndex"), Literal(str(pos), datatype=INTEGER), g),
                    Quad(m, NamedNode(NIF + "endIndex"), Literal(str(pos + 12), datatype=INTEGER), g),
                    Quad(m, NamedNode(NIF + "anchorOf"), Literal(actor_label[a].split(" (")[0]), g),
                ]
                pos += 40
        actors_here = [a for a in named if actor_class[a] != "Place"]
        places_here = [a for a in named if actor_class[a] == "Place"]
        for _ in range(rng.choices(range(6), weights=(12, 35, 25, 15, 8, 5))[0]):
            if reports and rng.random() < 0.1:  # an earlier event, reported again
                if running and rng.random() < 0.3:
                    story = stories[rng.choice(running)]
                else:
                    story = stories[rng.choice(reports)]  # the more reported, the likelier
            else:
                k = rng.choices((0, 1, 2, 3, 4, 6), weights=(7, 73, 16, 3, 0.6, 0.4))[0]
                members = actors_here[:k]
                while len(members) < k:  # the article names fewer: a hub takes part
                    h = bisect.bisect_left(hub_weights, rng.random() * hub_weights[-1])
                    if h not in members:
                        members.append(h)
                cls = rng.choices(classes, weights=class_weights)[0]
                # one agent, or several acting together (a joint statement, a summit of states)
                agents = 1 if k <= 2 and rng.random() < 0.7 else (k + 1) // 2
                others = ["recipient" if rng.random() < 0.6 else "target" for _ in range(k - agents)]
                names = [actor_label[a].split(" (")[0] for a in members]
                story = {
                    "n": len(stories),
                    "iri": NamedNode(f"{R}event/{rng.getrandbits(64):016x}"),
                    "cls": cls,
                    "reports": 0,
                    "actors": members,
                    "roles": ["agent"] * min(agents, k) + others,
                    "place": rng.choice(places_here) if places_here and rng.random() < 0.1 else None,
                    "date": f"1987-03-{rng.randint(1, 28):02d}" if rng.random() < 0.1 else None,
                }
                stories.append(story)
                if i >= len(running) * 500:
                    running.append(story["n"])
                label = f"{cls} by {' and '.join(names[:2]) or 'someone'}: {sentence(10)}"
                quads.append(Quad(story["iri"], LABEL, Literal(label[:140]), d))
            reports.append(story["n"])
            ev = story["iri"]
            quads.append(Quad(ev, RDF_TYPE, NamedNode(EG + story["cls"]), g))
            roles = list(zip(story["roles"], story["actors"], strict=True))
            if story["reports"] and actors_here and rng.random() < 0.5:
                # a later report names another actor in it: merged events of many reports gather
                # many actors acting together, the cliques that make most of a real actor network
                roles.append(("agent", actors_here[0]))
            story["reports"] += 1
            for role, a in roles:
                quads.append(Quad(ev, NamedNode(EG + role), actor_node(a), g))
                quads.append(Quad(ev, NamedNode(EG + "participant"), actor_node(a), g))
            if story["place"] is not None:
                quads.append(Quad(ev, NamedNode(EG + "place"), actor_node(story["place"]), g))
            if story["date"]:
                date = story["date"] if rng.random() > 0.05 else "1987-03-29"  # another date: a disagreement
                quads.append(
                    Quad(ev, NamedNode(EG + "date"), Literal(date, datatype=NamedNode(XSD + "date")), g)
                )
            if rng.random() < 0.9:
                quads.append(Quad(ev, NamedNode(EG + "topic"), Literal(sentence(18)), g))
            for _ in range(rng.choice((1, 1, 2, 3))):
                before, after = sentence(rng.randint(2, 14)), sentence(rng.randint(2, 20)).lower()
                m = NamedNode(f"{R}mention/{aid}/{pos}-{pos + 4}")
                quads += [
                    Quad(ev, NamedNode(EG + "mention"), m, g),
                    Quad(m, RDF_TYPE, NamedNode(EG + "Mention"), g),
                    Quad(m, NamedNode(EG + "inArticle"), art, g),
                    Quad(m, NamedNode(NIF + "beginIndex"), Literal(str(pos), datatype=INTEGER), g),
                    Quad(m, NamedNode(NIF + "anchorOf"), Literal("said"), g),
                    Quad(m, NamedNode(EG + "evidence"), Literal(f"{before} said {after}."), g),
                ]
                pos += 300
    store = Store()
    store.bulk_extend(quads)
    return store


def timed(label: str, fn, results: dict[str, float]):
    t = time.perf_counter()
    out = fn()
    results[label] = time.perf_counter() - t
    return out


def browser_figures(paths: dict[str, Path], repeats: int) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, dict[str, float]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name in ("actors", "events", "sources"):
            runs: dict[str, list[float]] = {}
            for _ in range(repeats):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                errors: list[str] = []
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                page.on(
                    "console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None
                )
                t0 = time.perf_counter()
                page.goto(paths[name].resolve().as_uri(), timeout=600_000)
                while not page.evaluate("() => !!(window.eventgraphView && window.eventgraphView.ready)"):
                    if time.perf_counter() - t0 > 600:
                        raise TimeoutError(name)
                    time.sleep(0.02)
                wall = time.perf_counter() - t0
                nav = page.evaluate(
                    """() => { const n = performance.getEntriesByType('navigation')[0];
                    return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                            ready: window.eventgraphView.readyAt, nodes: window.eventgraphView.nodes.length,
                            edges: window.eventgraphView.edges.length,
                            physics: window.eventgraphView.physics}; }"""
                )
                redraw = page.evaluate(
                    """() => new Promise(resolve => { const v = window.eventgraphView;
                    const t = performance.now();
                    v.network.once('afterDrawing', () => resolve(performance.now() - t));
                    v.network.moveTo({scale: v.network.getScale() * 1.3}); })"""
                )
                hover = page.evaluate(
                    """() => { const v = window.eventgraphView; const id = v.nodes.getIds()[0];
                    const p = v.network.canvasToDOM(v.network.getPositions([id])[id]);
                    const r = document.getElementById('eg-network').getBoundingClientRect();
                    return [r.left + p.x, r.top + p.y]; }"""
                )
                page.mouse.move(hover[0], hover[1], steps=2)
                th = time.perf_counter()
                while not page.evaluate(
                    "() => { const t = document.querySelector('div.vis-tooltip');"
                    " return !!t && getComputedStyle(t).visibility === 'visible'; }"
                ):
                    if time.perf_counter() - th > 10:
                        break
                    time.sleep(0.01)
                tooltip = time.perf_counter() - th
                row = {
                    "wall_s": wall,
                    "dcl_ms": nav["dcl"],
                    "load_ms": nav["load"],
                    "interactive_ms": nav["ready"],
                    "redraw_ms": redraw,
                    "tooltip_s": tooltip,
                    "nodes": nav["nodes"],
                    "edges": nav["edges"],
                    "physics": float(nav["physics"]),
                    "errors": float(len(errors)),
                }
                if name == "sources":
                    row["filter_ms"] = page.evaluate(
                        """() => { const v = window.eventgraphView; const t = performance.now();
                        v.setFilter('dis'); v.setFilter('all'); return (performance.now() - t) / 2; }"""
                    )
                for k, v in row.items():
                    runs.setdefault(k, []).append(v)
                page.close()
            out[name] = {k: statistics.median(v) for k, v in runs.items()}
        for name in ("timeline", "index"):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            t0 = time.perf_counter()
            page.goto(paths[name].resolve().as_uri(), timeout=600_000)
            load = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
            out[name] = {"load_ms": load, "wall_s": time.perf_counter() - t0}
            page.close()
        browser.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trig", type=Path, help="a built graph.trig to read instead of a synthetic build")
    ap.add_argument("--articles", type=int, default=2000, help="synthetic articles (default 2000)")
    ap.add_argument("--max-nodes", type=int, default=1500)
    ap.add_argument("--out", type=Path, help="where to write the pages (default: a temporary folder)")
    ap.add_argument("--repeats", type=int, default=3, help="browser loads per page (median)")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument(
        "--no-pipeline",
        dest="pipeline",
        action="store_false",
        help="skip timing the views stage as the build runs it (write_views, then analytics)",
    )
    args = ap.parse_args()

    t: dict[str, float] = {}
    if args.trig:
        store = Store()
        timed("load trig", lambda: store.load(path=args.trig, format=RdfFormat.TRIG), t)
        source = str(args.trig)
    else:
        store = timed("generate synthetic store", lambda: synthetic_store(args.articles), t)
        source = f"synthetic, {args.articles:,} articles"
    out = args.out or Path(tempfile.mkdtemp(prefix="eventgraph-bench-"))
    if args.pipeline:
        # what the build does: the views from the store, then the analytics for the report
        def views_stage() -> list[Path]:
            written = viz.write_views(store, out, max_nodes=args.max_nodes)
            viz.analytics(viz.graph_model(store))
            return written

        timed("views stage as the build runs it", views_stage, t)
    model = timed("graph_model (store → python)", lambda: viz.graph_model(store), t)
    stats = timed("analytics", lambda: viz.analytics(model), t)
    # the parts of write_views, one by one
    net = timed("  actor network (plain dicts)", lambda: ActorNetwork.of(model), t)
    sizes = timed("  event/sources graph sizes", lambda: GraphSizes.of(model), t)
    max_edges = EDGES_PER_NODE * args.max_nodes
    page = pages.page
    views = [
        timed(
            "  actor view",
            lambda: actors.actor_view(page("actors"), model, net, args.max_nodes, max_edges),
            t,
        ),
        timed("  event view", lambda: events.event_view(page("events"), model, sizes, args.max_nodes), t),
        timed(
            "  sources view",
            lambda: sources.sources_view(page("sources"), model, sizes, args.max_nodes),
            t,
        ),
    ]
    for v in views:
        timed(f"  render {v.name}.html", lambda v=v: render_view(v, model, ""), t)
    events_listed, note = timeline.timeline_events(model, timeline.TIMELINE_MAX_EVENTS)
    timed("  timeline", lambda: timeline.timeline_page(page("timeline"), model, events_listed, note, ""), t)
    paths = timed(
        "write_views (given model and analytics)",
        lambda: viz.write_views(store, out, max_nodes=args.max_nodes, model=model, stats=stats),
        t,
    )

    print(f"\n# eventgraph views benchmark — {source}")
    print(
        f"quads: {len(store):,}; sources: {len(model.sources):,}; events: {len(model.events):,}; "
        f"actors: {len(model.actors):,}; disagreements: {stats['counts']['disagreements']:,}"
    )
    an, eg = stats["actor_network"], stats["event_graph"]
    print(
        f"actor network: {an['nodes']:,} actors, {an['edges']:,} relations, {an['pairs']:,} linked pairs; "
        f"event graph: {eg['nodes']:,} / {eg['edges']:,}; "
        f"sources graph: {sizes.source_nodes:,} / {sizes.source_edges:,}; cap: {args.max_nodes:,} nodes"
    )
    for v in views:
        shown = f"{len(v.nodes):,} of {v.total_nodes:,} nodes, {len(v.edges):,} of {v.total_edges:,} edges"
        print(f"  {v.name}: {shown}")
    print("\n## python")
    for k, v in t.items():
        print(f"  {k:<45} {v:8.2f} s")
    for p in paths:
        print(f"  {p.name:<45} {p.stat().st_size / 1e6:8.2f} MB")
    print(f"  pages in {out}")
    if args.no_browser:
        return 0
    if not Path("/usr/bin/chromium").exists():
        print("(no /usr/bin/chromium: browser figures skipped)")
        return 0
    figures = browser_figures({p.stem: p for p in paths}, args.repeats)
    print(f"\n## headless chromium (median of {args.repeats})")
    print(
        f"  {'page':<8} {'nodes':>6} {'edges':>6} {'physics':>7} "
        f"{'DOMContentLoaded':>17} {'interactive':>12} "
        f"{'wall':>7} {'zoom redraw':>12} {'tooltip':>8} {'filter':>7} {'errors':>6}"
    )
    for name, f in figures.items():
        if "interactive_ms" not in f:
            print(f"  {name:<8} loaded in {f['load_ms']:.0f} ms")
            continue
        flt = f"{f['filter_ms']:.0f} ms" if "filter_ms" in f else "—"
        print(
            f"  {name:<8} {f['nodes']:>6.0f} {f['edges']:>6.0f} {'on' if f['physics'] else 'off':>7} "
            f"{f['dcl_ms']:>14.0f} ms {f['interactive_ms']:>9.0f} ms {f['wall_s']:>5.2f} s "
            f"{f['redraw_ms']:>9.0f} ms {f['tooltip_s']:>6.2f} s {flt:>7} {f['errors']:>6.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
