"""Soak: builds killed with SIGKILL at random moments, and a full disk while the views are written;
after each, ``eventgraph verify`` on the folder; at the end a rebuild byte-identical to a clean one
(not a test: the figures of docs/reliability.md, "One whole build").

    .venv/bin/python bench/soak_kill.py                 # 20 kills, the bundled seeds, rules extractor
    .venv/bin/python bench/soak_kill.py --kills 5 --extractor annotations

Every round adds an article to the input (so that the previous build and the new one differ), starts
``eventgraph build`` and kills it after a random delay (uniform over the length of one build). The
folder must then verify, and hold either the previous build or the new one, whole. Then one build
under ``RLIMIT_FSIZE`` (writes past 300 KB fail, as on a full disk: the graph fits, a view does not)
must exit non-zero and leave the folder as it was. Finally the folder is rebuilt with its cache and
compared with a clean build (``--no-cache``) of the same input: every file but the cache identical.
Exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SOURCE_DATE_EPOCH": "1700000000"}


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".eventgraph-cache" not in p.parts
    }


def command(inputs: Path, out: Path, extractor: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "eventgraph", "build", str(inputs), "--out", str(out),
            "--workers", "1", "--extractor", extractor, *extra]  # fmt: skip


def verify(out: Path) -> bool:
    done = subprocess.run([sys.executable, "-m", "eventgraph", "verify", str(out)], env=ENV,
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode:
        print(done.stderr, file=sys.stderr)
    return done.returncode == 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--extractor", default="rules")
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="eventgraph-soak-"))
    inputs, out = work / "in", work / "out"
    shutil.copytree(ROOT / "examples" / "seeds", inputs)
    sentence = "The prime minister of France met the chancellor of Germany in Berlin on Monday."

    subprocess.run(command(inputs, out, args.extractor), env=ENV, capture_output=True, check=True)
    (inputs / "soak-first.txt").write_text(f"First. {sentence}\n", encoding="utf-8")
    t0 = time.monotonic()  # the kills hit rebuilds of one new article each: time one such rebuild
    subprocess.run(command(inputs, out, args.extractor), env=ENV, capture_output=True, check=True)
    one_build = time.monotonic() - t0
    failures: list[str] = []
    outcomes = {"previous": 0, "new": 0}
    for i in range(args.kills):
        before = snapshot(out)
        (inputs / f"soak-{i:02d}.txt").write_text(f"Round {i}. {sentence}\n", encoding="utf-8")
        proc = subprocess.Popen(command(inputs, out, args.extractor), env=ENV,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        delay = rng.uniform(0, one_build * 1.1)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        ok = verify(out)
        now = snapshot(out)
        outcomes["previous" if now == before else "new"] += 1
        if not ok:
            failures.append(f"kill {i} after {delay:.2f} s: the folder does not verify")
        print(f"kill {i:2d} after {delay:5.2f} s: {'verifies' if ok else 'BROKEN'}, "
              f"{'previous build' if now == before else 'new build'}")  # fmt: skip

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))

    before = snapshot(out)
    (inputs / "soak-full.txt").write_text(f"Full disk. {sentence}\n", encoding="utf-8")
    full = subprocess.run(command(inputs, out, args.extractor), env=ENV, capture_output=True, text=True,
                          preexec_fn=small_disk, check=False)  # fmt: skip
    disk_ok = full.returncode != 0 and snapshot(out) == before and verify(out)
    print(f"full disk during views: exit {full.returncode}, folder {'intact' if disk_ok else 'CHANGED'}")
    if not disk_ok:
        failures.append("full disk: the folder changed or the build exited 0")

    subprocess.run(command(inputs, out, args.extractor), env=ENV, capture_output=True, check=True)
    clean = work / "clean"
    subprocess.run(
        command(inputs, clean, args.extractor, "--no-cache"), env=ENV, capture_output=True, check=True
    )
    same = snapshot(out) == snapshot(clean)
    print(f"rebuild after the soak equals a clean build: {same}")
    if not same:
        failures.append("the rebuild differs from a clean build")
    leftovers = [p.name for p in work.iterdir() if p.name.startswith(".out.") and p.name != ".out.lock"]
    if leftovers:
        failures.append(f"leftovers beside the folder: {leftovers}")
    figures = {"kills": args.kills, "one_build_s": round(one_build, 2), **outcomes}
    figures |= {"full_disk_intact": disk_ok, "rebuild_identical": same, "failures": failures}
    print(json.dumps(figures))
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
