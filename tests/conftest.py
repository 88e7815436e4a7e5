"""Shared fixtures for the end-to-end tests (test_build.py, test_dev_recall.py, test_notebook.py).

Names are prefixed (``seed_``, ``shared_``) so that they never clash with module-level fixtures
of other test files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED_EPOCH = "1742342400"  # 2025-03-19T00:00:00Z


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    """The bundled example articles (copies of ../shared/seeds)."""
    return REPO_ROOT / "examples" / "seeds"


@pytest.fixture(scope="session")
def seed_build(seed_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """The example articles built once per session with the Python API (a ``BuildResult``).

    ``SOURCE_DATE_EPOCH`` is set for the build (reproducible ``prov:generatedAtTime``) and
    restored afterwards.
    """
    import eventgraph

    out = tmp_path_factory.mktemp("seed-build")
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SEED_EPOCH
    try:
        result = eventgraph.build([seed_dir], out, workers=1)
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    yield result


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository (scorer, gold, dev sets); skips when it is absent."""
    path = REPO_ROOT.parent / "shared"
    if not path.is_dir():
        pytest.skip(f"{path} is absent (the shared scorer, gold and dev sets live there)")
    return path


CHROMIUM = "/usr/bin/chromium"
# Chromium as root in a closed network: no sandbox, and none of the background connections it
# would otherwise try (and fail) at every start
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright; skipped when missing, failed under CI=true."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing (CI=true)")
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()
    pw.stop()


@pytest.fixture(scope="session")
def score_build(shared_dir: Path) -> Callable[[Path, Path, Path], dict]:
    """Run the project's scorer (../shared/eval/score.py --json) on a graph file: the parsed result."""

    def run(graph: Path, gold: Path, articles: Path) -> dict:
        proc = subprocess.run(
            [sys.executable, str(shared_dir / "eval" / "score.py"), str(graph), str(gold),
             "--ontology", str(REPO_ROOT / "ontology"), "--articles", str(articles), "--json"],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    return run


@pytest.fixture(scope="session")
def build_dev_set(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path, str], Path]:
    """Build a folder of articles with the CLI as a user runs it (two workers, no views, no cache,
    a fixed SOURCE_DATE_EPOCH): the output folder."""

    def run(articles: Path, name: str) -> Path:
        script = Path(sys.executable).with_name("eventgraph")
        cli = [str(script)] if script.exists() else [sys.executable, "-m", "eventgraph"]
        out = tmp_path_factory.mktemp(name) / "out"
        build = subprocess.run(
            [*cli, "build", str(articles), "--out", str(out), "--workers", "2", "--no-views", "--no-cache"],
            capture_output=True,
            text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": SEED_EPOCH},
            timeout=300,
            check=False,
        )
        assert build.returncode == 0, f"exit {build.returncode}\n{build.stderr[-3000:]}"
        return out

    return run
