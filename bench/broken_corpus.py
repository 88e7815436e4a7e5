"""A corpus with 1 % damaged records: is everything else built, and is every skip reported? (not a test)

    .venv/bin/python bench/broken_corpus.py                      # 5,000 Reuters stories, 50 damaged
    .venv/bin/python bench/broken_corpus.py --records 1000 --damaged 10 --workers 1

Takes the first ``--records`` stories of ``../shared/corpora/reuters21578.jsonl.gz``, replaces
``--damaged`` of them (at seeded random places) with a damaged version, cycling through six kinds
of damage: truncated JSON, invalid UTF-8 bytes, no "text" field, a binary blob, a text in German,
a text over ``--max-bytes`` (100,000 here). Builds the file with ``eventgraph.build`` (no views)
and prints the figures: records in, built, skipped (damaged, and undamaged stories that ingest
refuses on their own, with their reasons), and records lost, which must be 0. Exits 1 if a record
was lost, a damaged record was not reported, or an undamaged one was skipped for another reason
than the one ingest gives it when read alone.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import pyoxigraph as ox  # noqa: E402
from test_robustness import damaged_lines  # noqa: E402 - the test's six kinds of damage

import eventgraph  # noqa: E402
from eventgraph.ingest.jsonl import iter_jsonl  # noqa: E402
from eventgraph.types import Skipped  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"
MAX_BYTES = 100_000


def _kind_of_reason(reason: str) -> str:
    """A short name for a skip reason: its words up to the first parenthesis or figure."""
    text = reason.split(": ", 1)[1] if ": " in reason else reason
    return text.split(" (")[0].split(",")[0][:60]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=5_000)
    ap.add_argument("--damaged", type=int, default=50)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1987)
    ap.add_argument("--json", type=Path, help="write the figures to this file too")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS} is absent", file=sys.stderr)
        return 2

    rng = random.Random(args.seed)
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        lines = [line.rstrip("\n") for line in itertools.islice(fh, args.records)]
    damaged_at = sorted(rng.sample(range(len(lines)), args.damaged))
    data: list[bytes] = [line.encode("utf-8") for line in lines]
    kinds: dict[int, tuple[str, str]] = {}  # line number -> (kind, reason pattern)
    for i, pos in enumerate(damaged_at):
        options = damaged_lines(rng, lines[pos])
        kind, line, pattern = options[i % len(options)]
        data[pos] = line
        kinds[pos + 1] = (kind, pattern)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reuters-damaged.jsonl"
        path.write_bytes(b"\n".join(data) + b"\n")
        # what ingest says of each undamaged story read alone (the stories it refuses anyway)
        clean = Path(tmp) / "clean.jsonl"
        clean.write_text("\n".join(lines) + "\n", encoding="utf-8")
        alone = {
            int(it.input.rsplit(":", 1)[1]): it.reason.split(": ", 1)[1]
            for it in iter_jsonl(clean, max_bytes=MAX_BYTES)
            if isinstance(it, Skipped)
        }
        t0 = time.perf_counter()
        result = eventgraph.build(
            [path], Path(tmp) / "out", workers=args.workers, views=False, use_cache=False, max_bytes=MAX_BYTES
        )
        seconds = time.perf_counter() - t0
        report = json.loads((Path(tmp) / "out" / "report.json").read_text(encoding="utf-8"))
        store = ox.Store()
        store.bulk_load(path=str(Path(tmp) / "out" / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    derived = "http://www.w3.org/ns/prov#wasDerivedFrom"
    ident = "http://purl.org/dc/terms/identifier"
    built_ids = {
        r["id"].value for r in store.query(f"SELECT ?id WHERE {{ ?g <{derived}> ?a . ?a <{ident}> ?id }}")
    }
    graphs = len(list(store.named_graphs()))

    skipped = {int(s["input"].rsplit(":", 1)[1]): s["reason"] for s in report["skipped"]}
    damaged_reported = sorted(n for n in kinds if n in skipped)
    missed = sorted(set(kinds) - set(skipped))
    other = {n: r for n, r in skipped.items() if n not in kinds}
    unexplained = {n: r for n, r in other.items() if alone.get(n) != r.split(": ", 1)[1]}
    wrong_reason = []
    for n, (kind, pattern) in kinds.items():
        if n in skipped and not re.search(pattern, skipped[n]):
            wrong_reason.append((n, kind, skipped[n]))
    records_in = len(data)
    lost = records_in - result.articles - len(skipped)
    # every record neither damaged nor skipped has its named graph, under its own id
    expected_ids = {json.loads(lines[n - 1])["id"] for n in range(1, records_in + 1) if n not in skipped}
    without_graph = sorted(expected_ids - built_ids)
    figures = {
        "records_in": records_in,
        "damaged": len(kinds),
        "built": result.articles,
        "named_graphs": graphs,
        "skipped": len(skipped),
        "skipped_damaged": len(damaged_reported),
        "skipped_undamaged": len(other),
        "lost": lost,
        "built_without_a_graph": len(without_graph),
        "damaged_not_reported": len(missed),
        "skipped_for_an_unexplained_reason": len(unexplained),
        "exit_code": result.exit_code,
        "seconds": round(seconds, 1),
        "workers": args.workers,
        "damage_kinds": dict(Counter(k for k, _ in kinds.values())),
        "undamaged_skip_reasons": dict(Counter(_kind_of_reason(r) for r in other.values()).most_common()),
    }
    print(f"Reuters-21578: {records_in:,} records in, {len(kinds)} damaged ({len(kinds) / records_in:.1%})")
    print(f"  built:    {result.articles:,} articles ({graphs:,} named graphs)")
    print(
        f"  skipped:  {len(skipped):,} = {len(damaged_reported)} damaged"
        f" + {len(other)} undamaged that ingest refuses alone"
    )
    for reason, n in figures["undamaged_skip_reasons"].items():
        print(f"            {n:4d} x {reason}")
    print(
        f"  lost:     {lost}  (records in - built - skipped);"
        f" records without their graph: {len(without_graph)}"
    )
    print(f"  damaged records not reported: {len(missed)}; with an unexpected reason: {len(wrong_reason)}")
    print(f"  undamaged records skipped for another reason than alone: {len(unexplained)}")
    print(f"  exit code {result.exit_code}; {seconds:.0f} s with {args.workers} worker(s)")
    for n in missed[:5]:
        print(f"  MISSED line {n}: {kinds[n][0]}")
    for n, kind, reason in wrong_reason[:5]:
        print(f"  WRONG REASON line {n} ({kind}): {reason}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 1 if lost or missed or wrong_reason or unexplained or without_graph else 0


if __name__ == "__main__":
    sys.exit(main())
