"""The extractor seam: the registry (built-ins and entry points), ``--extractor``, and the
``annotations`` extractor end to end (grounded annotations kept, the others dropped and named)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Literal, Namespace, URIRef

import eventgraph
from eventgraph.extractors import (
    ENTRY_POINT_GROUP,
    Extractor,
    UnknownExtractor,
    available_extractors,
    get_extractor,
)
from eventgraph.extractors import registry as registry_module
from eventgraph.types import Article

EG = Namespace("https://w3id.org/eventgraph/ontology#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SRC = Path(__file__).resolve().parents[1] / "src"

TEXT = (
    "Vladimir Putin spoke with Donald Trump by phone on Tuesday.\n"
    "Ukraine and Russia exchanged 175 prisoners, officials said.\n"
)


def _span(text: str, part: str, nth: int = 0) -> dict:
    begin = -1
    for _ in range(nth + 1):
        begin = text.index(part, begin + 1)
    return {"begin": begin, "end": begin + len(part), "text": part}


def _annotations() -> dict:
    return {
        "actors": [
            {
                "id": "a1",
                "label": "Vladimir Putin",
                "class": "Person",
                "mentions": [_span(TEXT, "Vladimir Putin")],
            },
            {
                "id": "a2",
                "label": "Donald Trump",
                "class": "Person",
                "mentions": [_span(TEXT, "Donald Trump")],
            },
            {"id": "a3", "class": "Country", "mentions": [_span(TEXT, "Ukraine")], "wikidata": "Q212"},
            {"id": "a4", "class": "Country", "mentions": [_span(TEXT, "Russia")]},
            # ungrounded: the text given is not the text at the offsets
            {"id": "a5", "class": "Person", "mentions": [{"begin": 0, "end": 5, "text": "Biden"}]},
            # not a class of the ontology
            {"id": "a6", "class": "Alien", "mentions": [_span(TEXT, "officials")]},
        ],
        "events": [
            {
                "class": "PhoneCall",
                "trigger": _span(TEXT, "spoke"),
                "agent": ["a1"],
                "participant": ["a2"],
                "date": "2025-03-18",
                "duration": "PT2H",
            },
            {
                "id": "swap",
                "class": "Exchange",
                "trigger": _span(TEXT, "exchanged"),
                "participant": ["a3", "a4", "a5"],  # a5 was dropped: the reference goes, the event stays
                "quantity": 175,
            },
            {"id": "bad-offsets", "class": "Statement", "trigger": {"begin": 500, "end": 504}},
            {"class": "Invasion", "trigger": _span(TEXT, "said")},
        ],
    }


def test_builtins_are_registered_and_typed() -> None:
    assert {"rules", "annotations"} <= set(available_extractors())
    rules, default = get_extractor("rules"), get_extractor()
    assert rules is default and rules.name == "rules" and rules.needs_doc
    ann = get_extractor("annotations")
    assert isinstance(ann, Extractor) and ann.name == "annotations" and not ann.needs_doc
    assert ann.version == eventgraph.__version__


def test_unknown_extractor_names_the_known_ones() -> None:
    with pytest.raises(UnknownExtractor, match=r"unknown extractor 'nope'.*annotations, rules"):
        get_extractor("nope")


PLUGIN = """
from eventgraph.types import ArticleRecords, EventRecord, Mention

class FirstWord:
    name = "firstword"
    version = "2.5"
    needs_doc = False

    def extract(self, article, doc):
        end = article.text.index(" ")
        trigger = Mention(0, end, article.text[:end])
        return ArticleRecords(article=article, events=(EventRecord(cls="Statement", trigger=trigger),))
"""


@pytest.fixture
def plugin_on_path(tmp_path: Path, monkeypatch) -> Path:
    """A package installed the way pip leaves one: a module and a dist-info with entry points."""
    site = tmp_path / "site"
    (site / "eg_firstword_plugin.py").parent.mkdir(parents=True)
    (site / "eg_firstword_plugin.py").write_text(PLUGIN, encoding="utf-8")
    info = site / "eg_firstword_plugin-2.5.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: eg-firstword-plugin\nVersion: 2.5\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\nfirstword = eg_firstword_plugin:FirstWord\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(registry_module, "_LOADED", {})
    return site


def test_entry_point_extractor(plugin_on_path: Path) -> None:
    assert "firstword" in available_extractors()
    ext = get_extractor("firstword")
    assert (ext.name, ext.version, ext.needs_doc) == ("firstword", "2.5", False)
    rec = ext.extract(Article(id="x", text="Hello world", body="Hello world"), None)
    assert rec.events[0].trigger.text == "Hello"


def test_entry_point_extractor_builds_with_its_provenance(plugin_on_path: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "one.txt").write_text("Officials said the talks went well.\n", encoding="utf-8")
    result = eventgraph.build([src], tmp_path / "out", extractor="firstword", views=False, use_cache=False)
    assert result.events == 1 and result.model == ""
    ds = Dataset()
    ds.parse(tmp_path / "out" / "graph.trig", format="trig")
    assert set(ds.objects(None, EG.extractor)) == {Literal("firstword")}
    assert set(ds.objects(None, EG.extractorVersion)) == {
        Literal(f"eventgraph {eventgraph.__version__}; firstword 2.5")
    }


def test_cli_unknown_extractor(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Officials met.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "eventgraph", "build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"),
         "--extractor", "nope", "--no-views"],
        capture_output=True, text=True, timeout=120, check=False, env={**os.environ, "PYTHONPATH": str(SRC)},
    )  # fmt: skip
    assert proc.returncode == 2, proc
    assert "unknown extractor 'nope'" in proc.stderr and "annotations, rules" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "out").exists()


def _graph(out: Path) -> Dataset:
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    return ds


def test_annotations_end_to_end(tmp_path: Path, monkeypatch) -> None:
    import eventgraph.nlp

    def no_model(*_a, **_k):
        raise AssertionError("the annotations extractor must not load a spaCy model")

    monkeypatch.setattr(eventgraph.nlp, "load_pipeline", no_model)
    src = tmp_path / "in"
    src.mkdir()
    (src / "call.txt").write_text(TEXT, encoding="utf-8")
    (src / "call.annotations.json").write_text(json.dumps(_annotations()), encoding="utf-8")
    (src / "plain.txt").write_text("Nothing annotated here at all.\n", encoding="utf-8")
    record = {
        "id": "rec1",
        "text": TEXT,
        "annotations": {"events": [{"class": "Meeting", "trigger": _span(TEXT, "spoke")}]},
    }
    (src / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = eventgraph.build([src], out, extractor="annotations", views=False, workers=1)
    assert result.articles == 3 and result.parsed == 3

    ds = _graph(out)
    call = ds.graph(URIRef("https://w3id.org/eventgraph/resource/graph/call"))
    phone = next(call.subjects(None, EG.PhoneCall))
    [trigger] = call.objects(phone, EG.mention)
    begin, end = int(call.value(trigger, NIF.beginIndex)), int(call.value(trigger, NIF.endIndex))
    assert TEXT[begin:end] == "spoke" == str(call.value(trigger, NIF.anchorOf))
    assert str(call.value(phone, EG.duration)) == "PT2H" and str(call.value(phone, EG.date)) == "2025-03-18"
    exchange = next(call.subjects(None, EG.Exchange))
    assert int(call.value(exchange, EG.quantity)) == 175
    assert len(set(call.objects(exchange, EG.participant))) == 2  # Ukraine and Russia, not the dropped a5
    assert not list(call.subjects(None, EG.Statement))  # its offsets were outside the text
    assert set(ds.objects(None, EG.extractor)) == {Literal("annotations")}

    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["extractor"]["name"] == "annotations" and report["model"] == ""
    assert report["annotations"] == {
        "kept": {"actors": 4, "events": 3},
        "dropped": {"actors": 2, "events": 2, "fields": 1, "all": 0},
    }
    warnings = "\n".join(report["warnings"])
    where = str(src / "call.txt")
    assert f"{where}: annotations: dropped actor actors[4] (id 'a5'): mention 0 text 'Biden'" in warnings
    assert f"{where}: annotations: dropped actor actors[5] (id 'a6'): class 'Alien'" in warnings
    assert (
        f"{where}: annotations: dropped event events[2] (id 'bad-offsets'): trigger 500-504 is outside"
        in warnings
    )
    assert f"{where}: annotations: dropped event events[3]: class 'Invasion'" in warnings
    assert f"{where}: annotations: dropped field events[1] (id 'swap') participant 'a5'" in warnings
    assert f"{src / 'plain.txt'}: annotations: none given" in warnings
    rec1 = ds.graph(URIRef("https://w3id.org/eventgraph/resource/graph/rec1"))
    assert len(list(rec1.subjects(None, EG.Meeting))) == 1  # from the JSON Lines record's own annotations


def test_annotations_changes_rebuild(tmp_path: Path) -> None:
    """The cache key covers the annotations and the extractor: editing either rebuilds."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "call.txt").write_text(TEXT, encoding="utf-8")
    ann = src / "call.annotations.json"
    ann.write_text(
        json.dumps({"events": [{"class": "PhoneCall", "trigger": _span(TEXT, "spoke")}]}), encoding="utf-8"
    )
    out = tmp_path / "out"
    first = eventgraph.build([src], out, extractor="annotations", views=False)
    again = eventgraph.build([src], out, extractor="annotations", views=False)
    assert (first.parsed, again.reused) == (1, 1)
    ann.write_text(
        json.dumps({"events": [{"class": "Meeting", "trigger": _span(TEXT, "spoke")}]}), encoding="utf-8"
    )
    edited = eventgraph.build([src], out, extractor="annotations", views=False)
    assert edited.parsed == 1 and edited.events == 1
    assert list(_graph(out).quads((None, RDF.type, EG.Meeting, None)))
