"""Benchmark of the HTML views on a large build (not a test).

    .venv/bin/python bench/bench_viz.py                       # synthetic build of 2,000 articles
    .venv/bin/python bench/bench_viz.py --articles 5000 --max-nodes 3000
    .venv/bin/python bench/bench_viz.py --trig output/graph.trig   # a real build

Times reading the store into the model, the networkx analytics, layout and HTML writing per
view, then opens every page in headless Chromium (Debian's /usr/bin/chromium through
Playwright) and measures the time from navigation until the view is interactive (first
drawing with physics off, or the end of stabilisation with physics on), one redraw after a
zoom, a source-filter switch and a hover tooltip. Prints the figures.
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
EVENT_CLASSES = [c for c in viz.EVENT_CLASSES if c != "Event"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def synthetic_store(n_articles: int, seed: int = 7) -> Store:
    """A build-shaped store: popular actors (Zipf), 3-9 events per article, ~30% of them
    reported again by other articles under the same IRI, some with conflicting values."""
    rng = random.Random(seed)
    n_actors = max(60, int(n_articles * 1.5))
    cum = list(itertools.accumulate(1 / (i + 1) ** 1.05 for i in range(n_actors)))
    actor_class = [
        rng.choice(["Person"] * 5 + ["Country"] * 3 + ["Organization"] * 3) for _ in range(n_actors)
    ]
    d = DefaultGraph()
    quads: list[Quad] = []
    stories: list[dict] = []
    n_events = 0

    def pick_actors(k: int) -> list[int]:
        out: list[int] = []
        while len(out) < k:
            a = bisect.bisect_left(cum, rng.random() * cum[-1])
            if a not in out:
                out.append(a)
        return out

    for i in range(n_actors):
        quads.append(
            Quad(NamedNode(f"{R}actor/actor-{i}"), LABEL, Literal(f"Actor {i} ({actor_class[i]})"), d)
        )
    for i in range(n_articles):
        aid = f"{i:04d}_{rng.getrandbits(64):016x}"
        art, g = NamedNode(f"{R}article/{aid}"), NamedNode(f"{R}graph/{aid}")
        quads += [
            Quad(art, RDF_TYPE, NamedNode(EG + "Article"), d),
            Quad(art, NamedNode(DCT + "identifier"), Literal(aid), d),
            Quad(art, NamedNode(DCT + "title"), Literal(" ".join(rng.choices(WORDS, k=7)).capitalize()), d),
            Quad(art, NamedNode(DCT + "issued"), Literal("2025-03-19", datatype=NamedNode(XSD + "date")), d),
            Quad(g, NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), art, d),
        ]
        seen_actors: set[int] = set()
        pos = 0
        for _ in range(rng.randint(3, 9)):
            if stories and rng.random() < 0.3:
                story = rng.choice(stories[-400:])  # a recent event, reported again
            else:
                n_events += 1
                cls = rng.choice(EVENT_CLASSES)
                story = {
                    "iri": NamedNode(f"{R}event/{rng.getrandbits(64):016x}"),
                    "cls": cls,
                    "actors": pick_actors(rng.choice([2, 2, 2, 3])),
                    "date": f"--03-{rng.randint(1, 28):02d}" if rng.random() < 0.6 else None,
                    "duration": rng.choice(["PT1H", "PT2H", "PT1H30M", "P30D"])
                    if rng.random() < 0.3
                    else None,
                    "quantity": rng.choice([23, 175, 1000]) if cls in ("Exchange", "Transfer") else None,
                }
                stories.append(story)
                quads.append(Quad(story["iri"], LABEL, Literal(f"{cls} {n_events} " + rng.choice(WORDS)), d))
            ev = story["iri"]
            quads.append(Quad(ev, RDF_TYPE, NamedNode(EG + story["cls"]), g))
            agent, *others = story["actors"]
            roles = [("agent", agent)] + [
                ("recipient" if j == 0 else "target", o) for j, o in enumerate(others)
            ]
            for role, a in roles:
                actor = NamedNode(f"{R}actor/actor-{a}")
                quads.append(Quad(ev, NamedNode(EG + role), actor, g))
                quads.append(Quad(ev, NamedNode(EG + "participant"), actor, g))
                seen_actors.add(a)
            for prop, dt in (("date", "gMonthDay"), ("duration", "duration"), ("quantity", "integer")):
                value = story[prop]
                if value is None:
                    continue
                if rng.random() < 0.08:  # this source reports it differently
                    value = {"date": "--03-29", "duration": "PT45M", "quantity": 200}[prop]
                quads.append(
                    Quad(ev, NamedNode(EG + prop), Literal(str(value), datatype=NamedNode(XSD + dt)), g)
                )
            words = rng.choices(WORDS, k=18)
            anchor = words[6]
            sentence = " ".join(words).capitalize() + "."
            m = NamedNode(f"{R}mention/{aid}/{pos}-{pos + len(anchor)}")
            pos += 200
            quads += [
                Quad(ev, NamedNode(EG + "mention"), m, g),
                Quad(m, RDF_TYPE, NamedNode(EG + "Mention"), g),
                Quad(m, NamedNode(EG + "inArticle"), art, g),
                Quad(
                    m,
                    NamedNode(NIF + "beginIndex"),
                    Literal(str(pos), datatype=NamedNode(XSD + "integer")),
                    g,
                ),
                Quad(m, NamedNode(NIF + "anchorOf"), Literal(anchor), g),
                Quad(m, NamedNode(EG + "evidence"), Literal(sentence), g),
            ]
        for a in sorted(seen_actors):
            actor = NamedNode(f"{R}actor/actor-{a}")
            quads.append(Quad(actor, RDF_TYPE, NamedNode(EG + actor_class[a]), g))
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
    args = ap.parse_args()

    t: dict[str, float] = {}
    if args.trig:
        store = Store()
        timed("load trig", lambda: store.load(path=args.trig, format=RdfFormat.TRIG), t)
        source = str(args.trig)
    else:
        store = timed("generate synthetic store", lambda: synthetic_store(args.articles), t)
        source = f"synthetic, {args.articles:,} articles"
    model = timed("graph_model (SPARQL → python)", lambda: viz.graph_model(store), t)
    stats = timed("analytics (networkx)", lambda: viz.analytics(model), t)
    an = viz.actor_network(model)
    eg = viz.event_graph(model)
    sg = viz.sources_graph(model)
    for name, g in (("actors", an), ("events", eg), ("sources", sg)):
        capped, _ = (
            viz._cap(g, args.max_nodes)
            if name == "actors"
            else viz._cap_by_events(g, model, args.max_nodes, conflicts_first=name == "sources")
        )
        timed(
            f"layout {name} ({capped.number_of_nodes():,} nodes)", lambda capped=capped: viz.layout(capped), t
        )
    out = args.out or Path(tempfile.mkdtemp(prefix="eventgraph-bench-"))
    paths = timed(
        "write_views (views, layouts, HTML)",
        lambda: viz.write_views(store, out, max_nodes=args.max_nodes, model=model, stats=stats),
        t,
    )

    print(f"\n# eventgraph views benchmark — {source}")
    print(
        f"quads: {len(store):,}; sources: {len(model.sources):,}; events: {len(model.events):,}; "
        f"actors: {len(model.actors):,}; disagreements: {stats['counts']['disagreements']:,}"
    )
    print(
        f"actor network: {an.number_of_nodes():,} nodes / {an.number_of_edges():,} edges; "
        f"event graph: {eg.number_of_nodes():,} / {eg.number_of_edges():,}; "
        f"sources graph: {sg.number_of_nodes():,} / {sg.number_of_edges():,}; cap: {args.max_nodes:,}"
    )
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
