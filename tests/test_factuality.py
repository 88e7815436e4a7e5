"""Factuality (CONTRACT.md, section Factuality): negated, planned and possible events are kept and
marked from the reader's cues; asserted ones carry no mark. Sentences written for these tests."""

from __future__ import annotations

import pytest

from eventgraph.extract import extract_article
from eventgraph.extract.factuality import factuality
from eventgraph.ingest.text import build_plain_article
from eventgraph.mapping import article_triples
from eventgraph.merge import resolve
from eventgraph.mint import Minter
from eventgraph.nlp import load_pipeline
from eventgraph.vocab import EG


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline()


@pytest.mark.parametrize(
    ("sentence", "word", "want"),
    [
        # asserted: no cue, or the cue is in another clause
        ("The two ministers met in Oslo on Tuesday.", "met", None),
        ("The governor said she will meet the strikers.", "said", None),
        ("She went to meet the strikers.", "meet", None),
        ("The mayor did not call the union but met its leaders.", "met", None),
        ("If the strike goes ahead, the union has promised a march.", "promised", None),
        ("The council asked the mayor if the memo was private.", "asked", None),
        ("The judge said she'd ordered a recount.", "ordered", None),
        ("The board expressed its willingness to work with the union.", "willingness", None),
        # negated
        ("The mayor has not spoken with the union.", "spoken", "Negated"),
        ("The premier refused to meet the strikers.", "meet", "Negated"),
        ("No talks were held last week.", "talks", "Negated"),
        ("The ministers never signed the accord.", "signed", "Negated"),
        ("The ministers will not sign the accord.", "sign", "Negated"),
        # planned
        ("The governor will meet the strikers next month.", "meet", "Planned"),
        ("The two ministers plan to meet in June.", "meet", "Planned"),
        ("The chancellor is expected to sign the treaty.", "sign", "Planned"),
        # arranged for this week's Friday: reported as happening (the project's gold); further off, planned
        ("The unions are set to sign an agreement on Friday.", "sign", None),
        ("The unions are set to sign an agreement next month.", "sign", "Planned"),
        ("The unions plan to sign an agreement on Friday.", "sign", "Planned"),
        ("The talks will begin immediately in Geneva.", "talks", None),
        (
            "He told them that the two sides are set to exchange prisoners on Wednesday, and Oslo will also "
            "hand over two wounded soldiers, the ministry said.",
            "hand",
            None,
        ),
        ("The governor said she will meet the strikers.", "meet", "Planned"),
        ("The governor said she would meet the strikers next week.", "meet", "Planned"),
        ("The council said it would delay the vote.", "delay", None),
        ("The planned summit drew protests.", "summit", "Planned"),
        ("They agreed on a summit to be held in June.", "summit", "Planned"),
        ("The two leaders will hold talks in Vienna.", "talks", "Planned"),
        ("The mayor is going to meet the strikers.", "meet", "Planned"),
        ("The envoy will meet and talk with the rebels.", "talk", "Planned"),
        # possible
        ("The army could order new strikes.", "order", "Possible"),
        ("If talks fail, the union will strike.", "strike", "Possible"),
        ("If talks fail, the union will strike.", "fail", "Possible"),
        ("The union said it would strike if the wages were cut.", "strike", "Possible"),
        ("A possible meeting between the rivals was discussed.", "meeting", "Possible"),
        ("The council is considering a request to the court.", "request", None),
    ],
)
def test_cues(nlp, sentence: str, word: str, want: str | None) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == word)
    assert factuality(token) == want


TEXT = """Strike talks

The mayor of Springfield met union leader Ann Lee on Monday. Lee has not spoken with the governor.
The governor will meet Lee next week, the union said. The mayor could order the police to clear the square.
"""


def test_non_asserted_events_are_kept_and_marked(nlp) -> None:  # type: ignore[no-untyped-def]
    article = build_plain_article(TEXT, article_id="f1")
    records = extract_article(nlp(article.body), article)
    marks = {e.trigger.text: e.factuality for e in records.events}
    assert marks.get("met") is None and "met" in marks  # asserted: no mark
    assert marks.get("spoken") == "Negated"  # kept, not dropped
    assert marks.get("meet") == "Planned"
    assert marks.get("order") == "Possible"
    # the planned meeting is not the meeting held on Monday
    meetings = [e for e in records.events if e.cls == "Meeting"]
    assert len({e.factuality for e in meetings}) == len(meetings)

    triples = article_triples(records, resolve([records]), Minter())
    values = {str(o.value) for _, p, o in triples if p.value == str(EG.factuality)}
    assert values == {str(EG.Negated), str(EG.Planned), str(EG.Possible)}


def test_a_pointing_back_directive_takes_the_topic_before_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Halt\n\nGovernor Jane Roe proposed a halt to evictions in the county for 60 days. Mayor John Doe "
        "agreed, and he immediately passed the relevant order to the Springfield Police Department.\n"
    )
    article = build_plain_article(text, article_id="f2")
    records = extract_article(nlp(article.body), article)
    order = next(e for e in records.events if e.cls == "Order")
    assert order.topic and "evictions" in order.topic


def test_the_events_query_lists_asserted_events_unless_asked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import eventgraph

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "f3.txt").write_text(TEXT, encoding="utf-8")
    eventgraph.build([tmp_path / "in"], tmp_path / "out", views=False, use_cache=False)
    asserted = eventgraph.query(tmp_path / "out", "events")
    planned = eventgraph.query(tmp_path / "out", "events", params={"factuality": "planned"})
    every = eventgraph.query(tmp_path / "out", "events", params={"factuality": "any"})
    assert asserted.rows and planned.rows
    assert {r[0] for r in planned.rows}.isdisjoint({r[0] for r in asserted.rows})
    assert len(every.rows) > len(asserted.rows)


def test_any_meeting_and_an_arranged_one_are_not_asserted() -> None:
    def meetings(text: str) -> list:
        article = build_plain_article("Test\n\n" + text + "\n", article_id="t4")
        events = extract_article(load_pipeline()(article.body), article).events
        return [e for e in events if e.cls == "Meeting"]

    found = meetings("The panel asked whether Boris Johnson had any meetings with Anna Berg.")
    assert found and all(e.factuality == "Possible" for e in found)
    found = meetings("Boris Johnson was arranging a meeting with Anna Berg.")
    assert found and all(e.factuality == "Planned" for e in found)
    found = meetings("He wants the ministers to stop meeting Anna Berg.")
    assert all(e.factuality is not None for e in found)


def test_a_decision_taken_reports_what_was_decided() -> None:
    def delays(text: str) -> list:
        article = build_plain_article("Test\n\n" + text + "\n", article_id="t5")
        events = extract_article(load_pipeline()(article.body), article).events
        return [e for e in events if e.cls == "Concession"]

    found = delays("Boris Johnson has decided to postpone the levy on Norway until June.")
    assert found and all(e.factuality is None for e in found)
    found = delays("Boris Johnson has decided to postpone the levy on Norway next month.")
    assert found and all(e.factuality == "Planned" for e in found)


def test_the_possibility_of_a_meeting_is_possible() -> None:
    article = build_plain_article(
        "Test\n\nAnna Berg has discussed the possibility of interviewing Boris Johnson.\n", article_id="t7"
    )
    events = extract_article(load_pipeline()(article.body), article).events
    meetings = [e for e in events if e.cls == "Meeting"]
    assert meetings and all(e.factuality == "Possible" for e in meetings)


def test_what_an_attempt_is_for_is_possible() -> None:
    article = build_plain_article(
        "Test\n\nAnna Berg condemned his attempts to intimidate the judges.\n", article_id="t8"
    )
    events = extract_article(load_pipeline()(article.body), article).events
    threats = [e for e in events if e.cls == "Threat"]
    assert threats and all(e.factuality == "Possible" for e in threats), threats
