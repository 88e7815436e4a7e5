"""The comparison page ("who says what"): clusters of articles that share events, one article's
version of each event per cell, disagreements highlighted, single-source facts marked, evidence
on click; paged, so that it stays small and usable at 2,000 articles."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from eventgraph.viz.model import Event, GraphModel, Mention, Source
from eventgraph.viz.pages.compare import clusters, compare_data

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _data(html: str) -> dict:
    return json.loads(re.search(r'id="eg-cmp-data">(.*?)</script>', html, re.DOTALL).group(1))


@pytest.fixture(scope="module")
def seeds_page(seed_build) -> Path:
    return seed_build.out_dir / "compare.html"


def test_seed_comparison_data(seeds_page: Path) -> None:
    data = _data(seeds_page.read_text(encoding="utf-8"))
    (cluster,) = data["clusters"]  # the two seed articles share events: one cluster
    assert len(cluster["sources"]) == 2 and len(cluster["rows"]) == len(data["events"]) >= 20
    first = data["events"][cluster["rows"][0]]  # the disagreement comes first
    assert first["label"].startswith("Phone call") and first["dis"] == ["duration"]
    durations = sorted(c["duration"][0] for c in first["cells"].values())
    assert durations == ["1 h 30 min", "2 h"]  # human-readable, one per source
    single = [data["events"][r] for r in cluster["rows"] if data["events"][r]["n"] == 1]
    assert single and all(len(e["cells"]) == 1 for e in single)


def _click_ready(page, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if page.evaluate("() => document.querySelectorAll('#eg-cmp tbody tr').length > 0"):
            return
        time.sleep(0.05)
    raise AssertionError("the comparison table never rendered")


@pytest.mark.browser
def test_seed_comparison_in_the_browser(browser, seeds_page: Path, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    data = _data(seeds_page.read_text(encoding="utf-8"))
    (cluster,) = data["clusters"]
    single = sum(1 for r in cluster["rows"] if data["events"][r]["n"] == 1)
    page.goto(seeds_page.resolve().as_uri())
    _click_ready(page)
    assert page.locator("#eg-cmp tbody tr").count() == len(cluster["rows"])
    assert page.locator("#eg-cmp thead th").count() == 3  # the event, then the two articles
    flagged = page.locator(".eg-cmp-dis")
    assert flagged.count() == 2 and "1 h 30 min" in " ".join(flagged.all_inner_texts())
    assert page.locator(".eg-cmp-single").count() == single > 0
    page.select_option("#eg-cmp-rows", "dis")
    assert page.locator("#eg-cmp tbody tr").count() == 1
    page.locator("#eg-cmp tbody tr td.eg-cmp-cell").first.click()
    aside = page.locator("#eg-cmp-evidence")
    assert aside.is_visible() and aside.locator("mark").count() == 1
    page.screenshot(path=str(tmp_path / "compare-seeds.png"))
    assert not errors, errors


def _big_model(n_articles: int = 2000, per_story: int = 8) -> GraphModel:
    """Stories of ``per_story`` articles, each story 30 events; every event stated by 3 of the
    story's articles, some with a different date (a disagreement)."""
    sources = {
        f"a{i:04d}": Source(id=f"a{i:04d}", article=f"art{i}", graph=f"g{i}", title=f"T{i}")
        for i in range(n_articles)
    }
    events = {}
    for story in range(n_articles // per_story):
        ids = [f"a{story * per_story + k:04d}" for k in range(per_story)]
        for j in range(30):
            srcs = {ids[(j + k) % per_story] for k in range(3)}
            iri = f"e{story}-{j}"
            dates = {"2025-03-18": {min(srcs)}, "2025-03-19": srcs - {min(srcs)}} if j % 10 == 0 else {}
            ev = Event(
                iri=iri,
                label=f"Meeting {story}-{j}",
                classes={s: {"Meeting"} for s in srcs},
                attrs={"date": dates} if dates else {},
                mentions=[
                    Mention(f"m{iri}{s}", s, 0, 7, "meeting", "They held a meeting.") for s in sorted(srcs)
                ],
                sources=srcs,
            )
            if dates:
                ev.conflicts = {"date": sorted((v, sorted(s)) for v, s in dates.items())}
            events[iri] = ev
    return GraphModel(sources=sources, actors={}, events=events)


def test_clusters_at_scale_are_the_stories() -> None:
    model = _big_model()
    groups = clusters(model)
    assert len(groups) == 250 and all(len(srcs) == 8 and len(evs) == 30 for srcs, evs in groups)
    data, note = compare_data(model, max_cells=30_000)
    assert not note and len(data["clusters"]) == 250
    small, note = compare_data(model, max_cells=900)
    assert "left out" in note and sum(len(c["rows"]) for c in small["clusters"]) == 300


@pytest.mark.browser
def test_comparison_at_2000_articles_is_paged(browser, tmp_path: Path) -> None:
    from eventgraph.viz.pages import page as registered
    from eventgraph.viz.pages.compare import compare_page

    html, _ = compare_page(registered("compare"), _big_model(), {"sources": 2000}, "", max_cells=30_000)
    path = tmp_path / "compare.html"
    path.write_text(html, encoding="utf-8")
    assert path.stat().st_size < 10_000_000
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    started = time.monotonic()
    page.goto(path.resolve().as_uri())
    _click_ready(page)
    assert time.monotonic() - started < 10
    assert page.locator("#eg-cmp-cluster option").count() == 250
    assert page.locator("#eg-cmp tbody tr").count() == 30  # one story's events
    assert page.locator("#eg-cmp thead th").count() == 1 + 5  # five articles at a time
    assert "articles 1–5 of 8" in page.inner_text("#eg-cmp-where")
    page.click("#eg-cmp-right")
    assert "articles 6–8 of 8" in page.inner_text("#eg-cmp-where")
    page.select_option("#eg-cmp-cluster", "249")
    assert page.locator("#eg-cmp tbody tr").count() == 30
    page.select_option("#eg-cmp-rows", "dis")
    assert page.locator("#eg-cmp tbody tr").count() == 3
    page.screenshot(path=str(tmp_path / "compare-2000.png"))
    assert not errors, errors
