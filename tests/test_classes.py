"""The class table: the ontology is the one place that declares event classes.

The flow test adds an event class to a temporary copy of the package (one class block in the
ontology plus its trigger words, nothing else) and sees it go from a trigger in an article to the
TriG, the report, the views and the ``events`` ready query.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from eventgraph.classes import class_table
from eventgraph.disagreement import compatible, disagreements

REPO_ROOT = Path(__file__).resolve().parents[1]
EG = "https://w3id.org/eventgraph/ontology#"

RULE_FAMILIES = {"contact", "transfer", "directive", "commitment", "statement"}


def test_every_event_class_is_complete() -> None:
    table = class_table()
    events = table.event_classes
    assert len(events) >= 15
    for c in events:
        assert c.family in RULE_FAMILIES, c.name
        assert c.colour.startswith("#") and len(c.colour) == 7, c.name
        assert c.instance_label and all(c.relations), c.name
        assert c.iri == EG + c.name and c.kind == "event" and "Event" in c.ancestors


def test_class_table_reads_the_contract_codes() -> None:
    table = class_table()
    call = table["PhoneCall"]
    assert (call.plover, call.cameo, call.symmetric) == (("CONSULT",), ("041",), True)
    assert table["Transfer"].instance_label == "Hand-over"
    assert table["Request"].group == table["Demand"].group != table["Order"].group
    assert table.falls_under("Military", "Actor") and table["City"].kind == "place"
    with pytest.raises(KeyError, match="not a class of the ontology"):
        table["Teleportation"]


def test_disagreement_definition() -> None:
    assert compatible("duration", "PT90M", "PT1H30M")
    assert compatible("date", "--03-18", "2025-03-18") and not compatible("date", "--03-18", "2025-03-19")
    assert not compatible("quantity", "175", "176")
    seen = disagreements(
        {
            "duration": {"PT2H": ["a"], "PT1H30M": ["b"]},
            "date": {"--03-18": ["a"], "2025-03-18": ["b"]},
            "topic": {"strikes": ["a"], "energy strikes": ["b"]},
            "agent": {"trump": ["a", "b"], "putin": ["b"]},
        }
    )
    assert seen == {"duration": [("PT2H", ["a"]), ("PT1H30M", ["b"])]}
    assert "agent" in disagreements({"agent": {"trump": ["a"], "putin": ["b"]}})


SANCTION_BLOCK = """
eg:Sanction
    a owl:Class ;
    rdfs:label "Sanction"@en ;
    rdfs:comment "Sanctions or penalties imposed by the agent on the target."@en ;
    rdfs:subClassOf eg:Event ;
    eg:ploverCategory "SANCTION" ;
    eg:cameoCode "16" ;
    eg:family "directive" ;
    eg:targetRelation "sanctioned" ;
    eg:colour "#123456" .
"""

SANCTION_TRIGGER = """
[[trigger]]
class = "Sanction"
pos = "VERB"
lemmas = ["sanction"]
object = "target"
"""

ARTICLE = (
    "Germany sanctioned Iran on Tuesday over its missile programme, the foreign ministry said.\n\n"
    "The measures freeze the assets of four companies, officials said.\n"
)


def _package_copy(tmp_path: Path, *, ontology: str = "", triggers: str = "") -> dict[str, str]:
    """A copy of the package and its ontology with text appended to the ontology and the trigger
    lexicon; the environment that runs it."""
    copy = tmp_path / "pkg"
    shutil.copytree(REPO_ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO_ROOT / "ontology", copy / "ontology")
    for path, extra in (
        (copy / "ontology" / "eventgraph.ttl", ontology),
        (copy / "src" / "eventgraph" / "data" / "triggers.toml", triggers),
    ):
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "sanctions.txt").write_text(ARTICLE, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": str(copy / "src"), "SOURCE_DATE_EPOCH": "1742342400"}


def _eventgraph(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventgraph", *args], env=env, capture_output=True, text=True, timeout=240
    )


@pytest.mark.slow
def test_a_new_event_class_flows_from_trigger_to_views(tmp_path: Path) -> None:
    """One class block in the ontology and one trigger entry: nothing else is edited."""
    env = _package_copy(tmp_path, ontology=SANCTION_BLOCK, triggers=SANCTION_TRIGGER)
    out = tmp_path / "out"

    def run(*args: str) -> str:
        done = _eventgraph(env, *args)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("build", str(tmp_path / "in"), "--out", str(out), "--workers", "1")
    trig = (out / "graph.trig").read_text(encoding="utf-8")
    assert "eg:Sanction" in trig or f"<{EG}Sanction>" in trig
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert "Sanction" in json.dumps(report)
    events_page = (out / "events.html").read_text(encoding="utf-8")
    assert "Sanction" in events_page and "#123456" in events_page
    rows = json.loads(run("query", str(out), "events", "--format", "json"))
    assert "Sanction" in json.dumps(rows)


def test_a_trigger_of_an_undeclared_class_stops_the_build_with_one_message(tmp_path: Path) -> None:
    env = _package_copy(tmp_path, triggers=SANCTION_TRIGGER)  # the ontology does not declare it
    done = _eventgraph(env, "build", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "'Sanction'" in done.stderr and "ontology/eventgraph.ttl" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out" / "graph.trig").exists()


def _query_disagreements(out: Path) -> set[tuple[str, str]]:
    from eventgraph.sparql import query

    rows = query(out, "disagreements").rows
    return {(r[0] or "", (r[2] or "").rsplit("#", 1)[-1]) for r in rows}


def test_views_report_and_query_share_one_definition(seed_build, tmp_path: Path) -> None:
    """The views' model, the report and the ready query find the same disagreements."""
    import pyoxigraph as ox

    from eventgraph.viz import graph_model

    out = Path(seed_build.out_dir)
    store = ox.Store()
    store.bulk_load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    model = graph_model(store)
    in_views = {(d["event"], d["property"]) for d in model.disagreements()}
    assert in_views == _query_disagreements(out)
    assert ("duration" in {p for _e, p in in_views}) and len(in_views) >= 1
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert json.dumps(report).count("PT1H30M") >= 1
