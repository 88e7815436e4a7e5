"""Trigger words and word senses on sentences written for these tests: which words start which
event, in which sense, and the arguments of noun triggers."""

from __future__ import annotations

import pytest

from eventgraph.extract import extract_article
from eventgraph.ingest.text import build_plain_article
from eventgraph.nlp import load_pipeline
from eventgraph.types import EventRecord


def _events(text: str) -> list[EventRecord]:
    article = build_plain_article("Test\n\n" + text + "\n", article_id="t3")
    return list(extract_article(load_pipeline()(article.body), article).events)


def _of(events: list[EventRecord], cls: str) -> list[EventRecord]:
    return [e for e in events if e.cls == cls]


def test_recommending_charges_is_a_request_and_pleading_guilty_none() -> None:
    # the court sense of "charge" keeps "pleaded guilty to the charges" from being a plea to
    # anyone, but not "recommended charges", which asks prosecutors to bring them
    events = _events("The Senate panel recommended charges against Anna Berg on Monday.")
    assert any("senate" in " ".join(e.agent) for e in _of(events, "Request")), events
    events = _events(
        "Anna Berg pleaded guilty to the charges on Monday. Her guilty plea surprised the court."
    )
    assert not _of(events, "Request")


@pytest.mark.parametrize(
    "text",
    [
        # a participle conjoined to another describes the same documents
        "The redacted memos — running ten pages in total, and sent to the Senate on Monday night — describe two calls.",
        # a release with an addressee hands the documents over
        "The Kremlin released copies of the letters to the Senate on Monday.",
    ],
)
def test_documents_handed_over(text: str) -> None:
    transfers = _of(_events(text), "Transfer")
    assert any("senate" in " ".join(e.recipient) for e in transfers), transfers


def test_a_release_without_an_addressee_is_no_hand_over() -> None:
    assert not _of(_events("The Kremlin released a report on the floods on Monday."), "Transfer")


@pytest.mark.parametrize(
    "text",
    [
        "Trade was the main issue in the meetings Boris Johnson held last week with Emmanuel Macron.",
        "Trade was the main issue in the meetings that Boris Johnson held with Emmanuel Macron.",
    ],
)
def test_a_relative_clause_names_the_sides_of_a_meeting(text: str) -> None:
    meetings = _of(_events(text), "Meeting")
    assert any({"boris-johnson", "emmanuel-macron"} <= set(e.actors()) for e in meetings), meetings


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        # states and other senses of trigger words
        ("Anna Berg said she never felt obstructed or threatened by Boris Johnson.", "Threat"),
        ("The marchers called out the same slogans as they walked.", "PhoneCall"),
        ("Anna Berg hired a law firm to assemble the complaint.", "Meeting"),
        ("The panel concluded in a report that Boris Johnson had acted alone.", "Agreement"),
        ("It has become a flash point in the immigration debate ignited by Boris Johnson.", "Negotiation"),
        # a question asks for nothing to be done
        ("Boris Johnson asked whether the police had ever tapped the phones.", "Request"),
        ("'Why now?' Boris Johnson asked at a conference of journalists.", "Request"),
    ],
)
def test_word_senses_that_are_no_event(text: str, cls: str) -> None:
    assert not _of(_events(text), cls), _events(text)


def test_asking_someone_to_act_is_still_a_request() -> None:
    events = _events("Boris Johnson asked Anna Berg to resign on Monday.")
    assert any("boris-johnson" in e.agent for e in _of(events, "Request")), events


def test_a_delay_put_off_or_pushed_back() -> None:
    events = _events("Chancellor Boris Johnson pushed back the deadline for Norway until June.")
    assert any("boris-johnson" in e.agent for e in _of(events, "Concession")), events
    events = _events("Boris Johnson put off the decision on the levy until June.")
    assert any("boris-johnson" in e.agent for e in _of(events, "Concession")), events
    # resisting is no delay
    assert not _of(_events("Boris Johnson pushed back against the criticism."), "Concession")


def test_the_side_a_delayed_measure_is_on_is_its_recipient() -> None:
    events = _events("Boris Johnson delayed the Norwegian fishing levy until June.")
    assert any("norway" in e.recipient for e in _of(events, "Concession")), events


def test_the_addressee_of_a_hand_over_attached_to_what_is_handed_over() -> None:
    events = _events("The Kremlin provided a list of questions to Anna Berg on Monday.")
    assert any("anna-berg" in e.recipient for e in _of(events, "Transfer")), events
    events = _events("The Kremlin relayed the questions to Anna Berg on Monday.")
    assert any("anna-berg" in e.recipient for e in _of(events, "Transfer")), events


@pytest.mark.parametrize(
    "text",
    [
        "Boris Johnson chided Anna Berg for the delay.",
        "Boris Johnson lashed out at Anna Berg over the delay.",
    ],
)
def test_verbs_of_reproach_are_allegations(text: str) -> None:
    assert any("boris-johnson" in e.agent for e in _of(_events(text), "Allegation")), _events(text)


def test_separate_meetings_are_one_meeting_with_each_side() -> None:
    text = (
        "Trade was the main issue in separate meetings Boris Johnson held with Emmanuel Macron and Anna Berg."
    )
    meetings = _of(_events(text), "Meeting")
    sides = sorted(tuple(sorted(e.actors())) for e in meetings)
    assert sides == [("anna-berg", "boris-johnson"), ("boris-johnson", "emmanuel-macron")], sides


def test_deceiving_someone_is_stated_even_with_no_one_named() -> None:
    events = _events("The agency encouraged the models to deceive customs officials.")
    assert any(e.trigger.text == "deceive" for e in _of(events, "Statement")), events
    # where a decision lies is no lie
    assert not [e for e in _events("The decision lies with the president.") if e.trigger.text == "lies"]


def test_the_actor_a_deal_s_terms_act_on_is_a_party() -> None:
    events = _events("The ministry said it had reached a deal to exempt Norway from the levy.")
    assert any("norway" in e.actors() for e in _of(events, "Agreement")), events


def test_the_speaker_among_two_subjects_the_parser_gave_a_verb() -> None:
    # '"Prices rose sharply," Anna Berg said' as the small parser sometimes reads it: the quote's
    # noun a second subject of "said"; the one naming an actor speaks, the other heads the quote
    from spacy.tokens import Doc, Span

    words = ["Prices", "rose", "sharply", ",", "Anna", "Berg", "said", "."]
    doc = Doc(
        load_pipeline().vocab,
        words=words,
        spaces=[True, True, False, True, True, True, False, False],
        heads=[6, 0, 1, 0, 5, 6, 6, 6],
        deps=["nsubj", "relcl", "advmod", "punct", "compound", "nsubj", "ROOT", "punct"],
        pos=["NOUN", "VERB", "ADV", "PUNCT", "PROPN", "PROPN", "VERB", "PUNCT"],
        tags=["NNS", "VBD", "RB", ",", "NNP", "NNP", "VBD", "."],
        lemmas=["price", "rise", "sharply", ",", "Anna", "Berg", "say", "."],
        sent_starts=[True] + [False] * 7,
    )
    doc.ents = [Span(doc, 4, 6, label="PERSON")]
    article = build_plain_article(doc.text, article_id="t6")
    statements = _of(list(extract_article(doc, article).events), "Statement")
    assert [(e.agent, e.topic) for e in statements] == [(("anna-berg",), "Prices rose sharply")]


def test_the_owner_of_the_words_is_the_speaker() -> None:
    events = _events("Boris Johnson's claims were deceiving the voters, Anna Berg wrote.")
    assert any("boris-johnson" in e.agent for e in events if e.trigger.text == "deceiving"), events


def test_pausing_to_speak_concedes_nothing() -> None:
    assert not _of(_events("Boris Johnson paused and said that he wanted loyalty."), "Concession")
    events = _events("Boris Johnson halted the levy on Norway on Monday.")
    assert any("boris-johnson" in e.agent for e in _of(events, "Concession")), events


def test_a_demonym_on_what_a_claim_is_about_is_no_claimant() -> None:
    events = _events("It is a bogus Russian hacking claim, Anna Berg said.")
    assert not [e for e in _of(events, "Allegation") if "russia" in e.agent], events


def test_indicating_to_someone_that_is_a_statement() -> None:
    events = _events("Anna Berg has indicated to the lawyers that Boris Johnson is not a suspect.")
    assert any("anna-berg" in e.agent for e in _of(events, "Statement")), events
    assert not _of(_events("The figures indicate a rise in exports."), "Statement")


def test_the_delay_is_the_delay_its_agent_made_before() -> None:
    text = (
        "Boris Johnson delayed the fishing quotas on Monday. "
        "Later the ministry described the 30-day delay for Norway and Iceland as final."
    )
    delays = _of(_events(text), "Concession")  # one event: the verb's, with the noun's sides
    assert any("boris-johnson" in e.agent and "norway" in e.recipient for e in delays), delays


def test_the_order_is_the_order_its_agent_gave_before() -> None:
    text = "Boris Johnson ordered the navy to leave the port. The order reached the fleet on Monday."
    orders = _of(_events(text), "Order")  # one order, mentioned twice
    assert [(e.agent, [m.text for m in e.mentions]) for e in orders] == [(("boris-johnson",), ["order"])]


def test_the_state_of_a_broadcaster_speaks() -> None:
    events = _events("A terrifying Russian television broadcast told civilians to find the nearest shelter.")
    assert any("russia" in e.agent for e in _of(events, "Statement")), events


def test_a_date_the_event_runs_until_is_not_its_date() -> None:
    # "until June 1" is when the delay ends; the delay itself is dated by "on Monday"
    events = _events("The European Union said on Monday it delayed the steel levy until June 1.")
    delays = _of(events, "Concession")
    assert delays, events
    assert all(e.date != "--06-01" for e in delays), delays
    events = _events("Germany delayed the steel levy until June 1.")
    assert all(e.date is None for e in _of(events, "Concession")), events
