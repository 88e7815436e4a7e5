"""notebooks/eventgraph_tour.ipynb runs top to bottom in a fresh kernel, and is committed with the
outputs of such a run (``make notebook``), so that it shows something where notebooks are read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "eventgraph_tour.ipynb"
KERNEL = "python3"


def _ensure_kernel() -> None:
    """Make sure a ``python3`` kernel of this environment exists (install it into the venv if not)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
        return
    except NoSuchKernel:
        pass
    subprocess.run(
        [sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL],
        check=True,
        capture_output=True,
        timeout=120,
    )


def _text(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return data.get("text/plain", "") if isinstance(data, dict) else ""


def _tagged(nb, tag: str):
    cells = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"want one cell tagged {tag!r}"
    return cells[0]


def test_notebook_is_committed_with_its_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    # run top to bottom, once (make notebook), without errors
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "run `make notebook`"
    assert not [o for c in code for o in c.outputs if o.get("output_type") == "error"]
    stored = "".join(_text(o) for o in _tagged(nb, "disagreements").outputs)
    assert "PT2H" in stored and "PT1H30M" in stored, "the saved outputs show the disagreement"
    assert "older eventgraph" not in "".join(c.source for c in nb.cells)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory):
    _ensure_kernel()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
        allow_errors=True,  # collect every failing cell below, not just the first
    )
    # the kernel inherits the environment: the notebook builds into pytest's temporary folder
    saved = os.environ.get("EVENTGRAPH_TOUR_OUT")
    os.environ["EVENTGRAPH_TOUR_OUT"] = str(tmp_path_factory.mktemp("tour"))
    try:
        client.execute()
    finally:
        if saved is None:
            os.environ.pop("EVENTGRAPH_TOUR_OUT", None)
        else:
            os.environ["EVENTGRAPH_TOUR_OUT"] = saved
    return nb


def test_notebook_runs_without_errors(executed) -> None:
    errors = []
    for i, cell in enumerate(executed.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}\n{cell.source[:200]}")
    assert not errors, "\n\n".join(errors)


def test_notebook_durations_table(executed) -> None:
    text = "".join(_text(o) for o in _tagged(executed, "durations").outputs)
    assert "PT2H" in text and "PT1H30M" in text, text


def test_notebook_shows_the_disagreement(executed) -> None:
    text = "".join(_text(o) for o in _tagged(executed, "disagreements").outputs)
    assert "PT2H" in text and "PT1H30M" in text, text


def test_notebook_shows_views_inline(executed) -> None:
    html = [
        o
        for cell in executed.cells
        for o in cell.get("outputs", [])
        if o.get("output_type") == "display_data" and "text/html" in o.get("data", {})
    ]
    assert html, "no view was displayed"
    assert any("iframe" in o["data"]["text/html"].lower() for o in html)
