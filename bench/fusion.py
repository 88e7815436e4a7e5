"""Benchmark of fusion (actor resolution, story grouping, event resolution) on a real corpus (not a test).

    .venv/bin/python bench/fusion.py                        # the first 1,000 Reuters stories
    .venv/bin/python bench/fusion.py --stories 5000 --workers 2

Builds the first N stories of the corpus (``eventgraph.pipeline.build``, no views) while keeping
the records the merge receives, then times each step of the merge on them again, alone: local
actor keys, story grouping, the actors across articles, and event resolution (the rest of
``resolve``). Prints each step's seconds, the merge's share of the build's wall time (target:
at most 10 %), the peak RSS, and the stories, merged events and shared actors found.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    a = ap.parse_args()

    import eventgraph.pipeline.orchestrate as orchestrate
    from eventgraph.merge import resolve
    from eventgraph.merge.actors import canonical_actors, link_across, local_keys
    from eventgraph.merge.stories import group_stories

    kept: list = []

    def keeping(records, **kw):
        kept.extend(records)
        return resolve(records, **kw)

    orchestrate.resolve = keeping  # the build's own merge, on the records it made
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "stories.jsonl"
        opener = gzip.open if a.corpus.suffix == ".gz" else open
        with opener(a.corpus, "rt", encoding="utf-8") as fh, src.open("w", encoding="utf-8") as out:
            for i, line in enumerate(fh):
                if i >= a.stories:
                    break
                out.write(line)
        t0 = time.perf_counter()
        result = orchestrate.build([src], Path(tmp) / "out", views=False, progress=False, workers=a.workers)
        wall = time.perf_counter() - t0
        report = json.loads((Path(tmp) / "out" / "report.json").read_text(encoding="utf-8"))
    steps: dict[str, float] = {}
    t = time.perf_counter()
    local = local_keys(kept)
    steps["actor name forms"] = time.perf_counter() - t
    t = time.perf_counter()
    stories = group_stories(kept, local)
    steps["story grouping"] = time.perf_counter() - t
    t = time.perf_counter()
    story_of = {aid: st.id for st in stories for aid in st.articles}
    keys = link_across(kept, local, story_of)
    canonical_actors(kept, keys)
    steps["actors across articles"] = time.perf_counter() - t
    t = time.perf_counter()
    res = resolve(kept)
    total = time.perf_counter() - t
    steps["event resolution (rest)"] = max(0.0, total - sum(steps.values()))
    merge = report["timings_seconds"].get("merge", total)
    multi = sum(len({a for a, _ in m}) > 1 for m in res.event_members.values())
    print(f"{len(kept)} articles, {sum(len(r.events) for r in kept)} events, build {wall:.1f} s")
    for name, s in steps.items():
        print(f"  {name:28s} {s:7.3f} s")
    print(f"  resolve alone               {total:7.3f} s")
    print(
        f"merge stage in the build: {merge:.2f} s = {100 * merge / wall:.1f} % of the build (target <= 10 %)"
    )
    print(
        f"stories {len(res.stories)} ({sum(len(s.articles) > 1 for s in res.stories)} with 2+ articles), "
        f"events in 2+ articles {multi}, actors {len(res.actors)}; result.events {result.events}"
    )
    print(f"peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
