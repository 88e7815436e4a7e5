"""A regression floor on the RAMS dev windows in ../shared/dev (208 news windows, one event each).

The set is ``recall_only`` (the other events of each text are not annotated), so the scorer's f1
equals recall. The floor guards against regressions; raise it as extraction improves. The texts
and the gold stay in ../shared (share-alike licence): the test skips when they are absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RECALL_FLOOR = 0.45


@pytest.mark.slow
def test_rams_dev_recall(shared_dir: Path, build_dev_set, score_build) -> None:
    rams = shared_dir / "dev" / "rams"
    articles, gold = rams / "articles", rams / "rams-dev.json"
    if not articles.is_dir() or not gold.is_file():
        pytest.skip(f"{rams} is absent")
    out = build_dev_set(articles, "rams")
    n_articles = sum(1 for f in articles.iterdir() if f.suffix == ".txt")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["articles"] == n_articles

    result = score_build(out / "graph.trig", gold, articles)
    s = result["summary"]
    print("RAMS dev:", json.dumps(s))  # shown with -s or on failure: the numbers to raise the floor by
    assert s["recall"] >= RECALL_FLOOR, f"recall {s['recall']} < {RECALL_FLOOR}: {s}"
    ok, total = map(int, s["mention_offsets_ok"].split("/"))
    assert total > 0 and ok == total, [p for p in result["problems"] if p.startswith("mentions")]
