"""Roles read from the parse: who acts, who is acted on, whom a request is for (invented sentences)."""

from __future__ import annotations

import pytest

from eventgraph.extract import extract_article
from eventgraph.ingest.text import build_plain_article
from eventgraph.nlp import load_pipeline
from eventgraph.types import EventRecord


def _events(text: str) -> list[EventRecord]:
    article = build_plain_article("Test\n\n" + text + "\n", article_id="roles")
    return list(extract_article(load_pipeline()(article.body), article).events)


def _event(text: str, trigger: str) -> EventRecord:
    found = [e for e in _events(text) if e.trigger.text == trigger]
    assert found, f"no event on {trigger!r} in {text!r}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "trigger", "role", "keys"),
    [
        # a passive infinitive: the one it is controlled by is acted on, not the actor
        (
            '"Spain is not going to be intimidated," Angela Merkel said.',
            "intimidated",
            "recipient",
            ["spain"],
        ),
        # a passive relative clause is about the noun it hangs on
        (
            "It was the minister's deputy, Ivan Petrov, who was advised of every positive finding.",
            "advised",
            "recipient",
            ["ivan-petrov"],
        ),
        # a relative clause on a title is about the name the title describes
        (
            "Max Boot, the columnist and senior fellow at the Council on Foreign Relations who had "
            "been advising Marco Rubio, told the Times that he would vote.",
            "advising",
            "agent",
            ["max-boot"],
        ),
        # advice says who should act: that one is the recipient
        (
            "Spain should stop the drilling, the European Union and NATO recommended on Tuesday.",
            "recommended",
            "recipient",
            ["spain"],
        ),
        (
            "Mr. Holt said that he had suggested that Angela Merkel sell the bonds.",
            "suggested",
            "recipient",
            ["angela-merkel"],
        ),
        # "call on X to": X does what is called for
        ("The letter calls on Spain to negotiate with France.", "negotiate", "agent", ["spain"]),
        # a forced concession is made to the one forcing it
        (
            "In May, Italian troops crossed the river, forcing Austria to capitulate.",
            "capitulate",
            "recipient",
            ["armed-forces-of-italy"],
        ),
        # a reflexive object is the subject again, never a recipient
        (
            "Nigel Barrow lost the vote. Professing himself shocked, the candidate left the hall.",
            "Professing",
            "recipient",
            [],
        ),
        # a second verb hung on the reported clause belongs with the reporting verb's subject
        (
            "Mike Pence confirmed that Donald Trump is scheduled to make a speech in Ohio and vowed "
            "that Trump would win.",
            "vowed",
            "agent",
            ["mike-pence"],
        ),
    ],
)
def test_roles_from_the_parse(text: str, trigger: str, role: str, keys: list[str]) -> None:
    assert list(getattr(_event(text, trigger), role)) == keys


def test_a_report_of_fact_names_no_recipient() -> None:
    """ "suggested that Russia was behind it" reports a fact: Russia is asked nothing."""
    event = _event("Senator Ann Holt suggested that Russia was behind the attack.", "suggested")
    assert "russia" not in event.recipient


def test_conjoined_verbs_of_one_tense_keep_their_clause_subject() -> None:
    event = _event("Mike Pence said that Angela Merkel had visited Madrid and vowed to act.", "vowed")
    assert list(event.agent) == ["angela-merkel"]


def test_a_document_speaks_for_its_issuer_in_its_second_verb_too() -> None:
    """ "The lawsuit alleged ... and accuses it of ...": the one who filed the suit accuses."""
    text = (
        "The Green Party filed a lawsuit against the Acme Corporation on Monday. The lawsuit alleged "
        "that Acme had hidden its losses in 2019 and accuses the company of fraud."
    )
    found = [e for e in _events(text) if "accuses" in {m.text for m in (e.trigger, *e.mentions)}]
    assert found and list(found[0].agent) == ["green-party"]


def test_a_pronoun_object_beside_a_to_phrase_is_the_thing_given() -> None:
    text = (
        "Angela Merkel met Emmanuel Macron and Justin Trudeau on Monday. "
        "Investigators asked whether Trump offered them to a pair of former aides."
    )
    event = _event(text, "offered")
    assert list(event.recipient) == []


def test_a_measure_named_after_an_actor_bears_on_it() -> None:
    """ "delay the EU tariff decision": the EU is who the delay is for."""
    event = _event("The United States will delay the EU tariff decision until June 1.", "delay")
    assert list(event.recipient) == ["european-union"]


def test_an_infinitive_on_the_predicate_is_about_the_subject_of_be() -> None:
    event = _event(
        "Vladimir Putin and Russia are the latest to be threatened by ISIS in a video.", "threatened"
    )
    assert set(event.recipient) == {"vladimir-putin", "russia"}


def test_a_subject_pronoun_of_a_complement_names_the_governing_subject() -> None:
    """ "FBI officials expect they have to interview ...": they are the FBI officials, not the
    actors of the last meeting."""
    text = "Angela Merkel met Emmanuel Macron on Monday. FBI officials expect they have to interview Bill Hale again."
    event = _event(text, "interview")
    assert list(event.agent) == ["fbi"]


def test_a_sentence_opening_pronoun_continues_the_previous_subject() -> None:
    """The previous sentence's subject is a title with the person in apposition; a person named
    inside an earlier report ("that Paul Manafort discussed") is not the antecedent."""
    text = (
        "Max Weber told the AP that Paul Manafort discussed the project. The director of the European Centre, "
        "Ina Kirsch, told the AP her group never worked with Manafort. She said she had met with Manafort twice."
    )
    event = _event(text, "met")
    assert list(event.agent) == ["ina-kirsch"]


def test_a_title_subject_speaks_through_the_person_in_apposition() -> None:
    text = "The director of the European Centre, Ina Kirsch, told reporters that the group acted alone."
    event = _event(text, "told")
    assert list(event.agent) == ["ina-kirsch"]


def test_the_first_person_of_a_quote_is_its_speaker_and_him_is_someone_else() -> None:
    event = _event('"I told him we would help," James Comey said.', "told")
    assert list(event.agent) == ["james-comey"]
    assert "james-comey" not in event.recipient


def test_we_in_a_quote_is_the_speaker_of_the_reporting_verb_that_governs_it() -> None:
    event = _event('"We will not sign the deal," Angela Merkel said on Monday.', "sign")
    assert list(event.agent) == ["angela-merkel"]


def test_a_definite_noun_event_takes_the_agent_of_the_event_it_points_back_to() -> None:
    text = (
        "President Trump delayed the steel tariffs on Monday. Markets rose in Asia and Europe. In a "
        "statement, the White House described the delay as the final extension for Canada and Mexico."
    )
    delays = [e for e in _events(text) if e.cls == "Concession"]
    assert len(delays) == 1
    assert list(delays[0].agent) == ["trump"]
    assert set(delays[0].recipient) == {"canada", "mexico"}


def test_a_pronoun_agrees_with_the_gender_the_article_gives_by_title() -> None:
    """ "she" is not Mr. Blair, the nearer subject: Mrs. Clinton is the one advised."""
    text = (
        "The White House insisted that Mrs. Clinton received no help from the lawyer, James Blair. "
        "Mr. Blair has said that he had suggested that she sell the bonds."
    )
    event = _event(text, "suggested")
    assert list(event.agent) == ["james-blair"]
    assert list(event.recipient) == ["clinton"]


def test_a_message_in_which_something_is_said_has_the_verbs_clause_as_topic() -> None:
    text = (
        "Donald Trump seized on the memos in a Twitter message posted late Thursday to repeat what has "
        'become a constant refrain, that there was "NO COLLUSION and NO OBSTRUCTION."'
    )
    event = _event(text, "Twitter message")
    assert event.topic is not None and "NO COLLUSION" in event.topic


def test_two_claims_of_one_speaker_in_two_sentences_are_two_statements() -> None:
    text = (
        "Donald Trump tweeted that the lawsuit could be good news for his campaign. Later, Donald Trump "
        "said that there had been no collusion with anyone."
    )
    statements = [e for e in _events(text) if e.cls == "Statement"]
    assert len(statements) == 2


def test_a_tweet_and_a_later_claim_are_two_statements_each_with_its_content() -> None:
    text = (
        "Donald Trump, in a tweet on Friday evening, chided the obstructionist Democrats. Later, Donald "
        "Trump said that there had been no collusion with anyone."
    )
    topics = sorted(e.topic or "" for e in _events(text) if e.cls == "Statement")
    assert topics == ["that there had been no collusion with anyone", "the obstructionist Democrats"]


def test_they_after_a_list_of_people_continues_it_past_names_in_a_quote() -> None:
    # "they" opening the reporting clause of a quote is the list the sentence before named, not
    # the last group of the article (Canada and Mexico), whatever names the quote holds
    text = (
        "Canada and Mexico were given a reprieve on Monday.\n"
        "German Chancellor Angela Merkel and French President Emmanuel Macron welcomed the decision "
        "in Berlin.\n"
        '"This is a good day for the friendship between our nations," they said in a statement.'
    )
    quoted = [e for e in _events(text) if e.cls == "Statement" and e.topic and "good day" in e.topic]
    assert quoted and set(quoted[0].agent) == {"angela-merkel", "emmanuel-macron"}, quoted


def test_it_in_a_reported_clause_is_the_body_that_reports_it() -> None:
    # "the government would announce it had reached a deal": the government, not the Union named before
    text = (
        "The European Union has insisted it will not negotiate without an exemption.\n"
        "A Japanese official said that the German government would announce on Monday it had reached a "
        "deal to exempt Norway from the tariffs."
    )
    deals = [e for e in _events(text) if e.cls == "Agreement"]
    assert deals and deals[0].agent == ("germany",), deals
