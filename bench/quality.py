"""Extraction quality on the three scored sets at once (not a test).

    .venv/bin/python bench/quality.py                    # seeds, newswcl50 dev, RAMS dev
    .venv/bin/python bench/quality.py --sets seeds dev   # some of them
    .venv/bin/python bench/quality.py --problems dev     # also the scorer's problem lines of a set

It builds each set with ``python -m eventgraph build DIR --out TMP --no-views --no-cache`` (as a
user runs it, with the code of this checkout) and scores the graph with ``../shared/eval/score.py``;
then prints one table: precision, recall, F1, events found, merged, negatives, not asserted, and
the events written. The sets and the scorer stay in ``../shared`` (they are not ours to copy); a set
that is absent is skipped. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTGRAPH_SHARED", REPO.parent / "shared"))
if not SHARED.is_dir():
    SHARED = Path("/work/shared")

# name -> (articles folder, gold file), relative to ../shared
SETS = {
    "seeds": ("seeds", "gold/seeds.json"),
    "dev": ("dev/newswcl50/articles", "dev/newswcl50/gold.json"),
    "rams": ("dev/rams/articles", "dev/rams/rams-dev.json"),
}
COLUMNS = (
    "precision",
    "recall",
    "f1",
    "events_found",
    "merged",
    "negatives",
    "not_asserted",
    "events_extracted",
)


def score_set(name: str, workers: int) -> tuple[dict, list[str], float] | None:
    articles, gold = (SHARED / p for p in SETS[name])
    if not articles.is_dir() or not gold.is_file():
        return None
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1742342400", "PYTHONPATH": str(REPO / "src")}
    with tempfile.TemporaryDirectory(prefix=f"quality-{name}-") as tmp:
        out = Path(tmp) / "out"
        started = time.perf_counter()
        build = subprocess.run(
            [sys.executable, "-m", "eventgraph", "build", str(articles), "--out", str(out),
             "--workers", str(workers), "--no-views", "--no-cache"],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        if build.returncode != 0:
            sys.exit(f"quality: the build of {name} failed:\n{build.stderr[-3000:]}")
        proc = subprocess.run(
            [sys.executable, str(SHARED / "eval" / "score.py"), str(out / "graph.trig"), str(gold),
             "--ontology", str(REPO / "ontology"), "--articles", str(articles), "--json"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if not proc.stdout.strip():
            sys.exit(f"quality: the scorer failed on {name}:\n{proc.stderr[-3000:]}")
        result = json.loads(proc.stdout)
    return result["summary"], result["problems"], seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS))
    ap.add_argument(
        "--problems", nargs="*", choices=list(SETS), default=[], help="print these sets' problems"
    )
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="the table as JSON")
    a = ap.parse_args(argv)
    rows: dict[str, dict] = {}
    for name in a.sets:
        scored = score_set(name, a.workers)
        if scored is None:
            print(f"({name}: absent, skipped)", file=sys.stderr)
            continue
        summary, problems, seconds = scored
        rows[name] = {**summary, "seconds": round(seconds, 1)}
        if name in a.problems:
            print(f"## {name}", *(f"- {p}" for p in problems), sep="\n")
    if a.json:
        print(json.dumps(rows, indent=1))
        return 0
    head = ("set", *COLUMNS, "seconds")
    table = [head, *[(name, *(str(r.get(c, "")) for c in (*COLUMNS, "seconds"))) for name, r in rows.items()]]
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
