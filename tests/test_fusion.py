"""Fusion across outlets on invented records and sentences: name forms, actors across articles,
stories, event resolution with its evidence, the graph's stories and the report's fusion section."""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
import pytest

from eventgraph.mapping import article_triples, canonical_triples
from eventgraph.merge import resolve
from eventgraph.merge.names import acronym_key, initials, person_base
from eventgraph.merge.summary import fusion_lines, fusion_summary
from eventgraph.mint import Minter
from eventgraph.types import ActorRecord, Article, ArticleRecords, EventRecord, Mention
from eventgraph.vocab import EG


def _actor(key: str, label: str, cls: str = "Person", n: int = 1, country: str | None = None) -> ActorRecord:
    return ActorRecord(
        key=key,
        label=label,
        cls=cls,
        mentions=tuple(Mention(i, i + 1, "x") for i in range(n)),
        country=country,
    )


def _art(
    aid: str, actors: list[ActorRecord], events: list[EventRecord] = (), body: str = "", title: str = ""
):
    return ArticleRecords(
        article=Article(id=aid, text=body, body=body, title=title or None),
        actors=tuple(actors),
        events=tuple(events),
    )


def _ev(cls: str, trigger: str, agent: tuple[str, ...], topic: str | None = None, **kw) -> EventRecord:
    sentence = kw.pop("sentence", None)
    return EventRecord(
        cls=cls, trigger=Mention(0, len(trigger), trigger, sentence), agent=agent, topic=topic, **kw
    )


# --- name forms --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "want"),
    [
        ("mr-harold-q-bellweather", "harold-bellweather"),
        ("senator-ann-k-marlowe", "ann-marlowe"),
        ("bob-tillingham", "robert-tillingham"),
        ("gerard-t-oakes-jr", "gerard-oakes-jr"),
        ("oakes", "oakes"),
    ],
)
def test_person_name_forms(key: str, want: str) -> None:
    assert person_base(key) == want


def test_acronyms_and_initials() -> None:
    assert acronym_key("f-r-b") == "frb"
    assert acronym_key("federal-reserve") == "federal-reserve"
    assert initials("Green Valley Farmers Union") == "gvfu"
    assert initials("Bank of the North") == "bn"
    assert initials("Senate") == ""


# --- actors across articles --------------------------------------------------------------------------


def test_middle_initials_titles_and_nicknames_are_one_person_spelt_as_most_articles_do() -> None:
    res = resolve(
        [
            _art("a", [_actor("harold-q-bellweather", "Harold Q. Bellweather")]),
            _art("b", [_actor("harold-bellweather", "Harold Bellweather", n=3)]),
            _art("c", [_actor("hal-bellweather", "Hal Bellweather")]),  # not a known short form: apart
            _art("d", [_actor("bob-tillingham", "Bob Tillingham", n=2)]),
            _art("e", [_actor("robert-w-tillingham", "Robert W. Tillingham")]),
        ]
    )
    assert (
        res.actor("a", "harold-q-bellweather") == res.actor("b", "harold-bellweather") == "harold-bellweather"
    )
    assert res.actor("c", "hal-bellweather") == "hal-bellweather"
    assert res.actor("d", "bob-tillingham") == res.actor("e", "robert-w-tillingham") == "bob-tillingham"
    assert res.actors["harold-bellweather"].label == "Harold Bellweather"  # the whole name, no initial


def test_two_different_middle_initials_are_two_people() -> None:
    res = resolve(
        [
            _art("a", [_actor("john-a-smithers", "John A. Smithers", n=2)]),
            _art("b", [_actor("john-b-smithers", "John B. Smithers", n=2)]),
            _art("c", [_actor("mary-k-dunne", "Mary K. Dunne"), _actor("mary-dunne", "Mary Dunne")]),
        ]
    )
    assert res.actor("a", "john-a-smithers") != res.actor("b", "john-b-smithers")
    assert res.actor("c", "mary-k-dunne") == res.actor("c", "mary-dunne")


def test_a_junior_is_apart_only_where_the_corpus_tells_him_from_his_father_by_it() -> None:
    res = resolve(
        [
            # "Oakes Jr." as a name of its own: father and son are two people
            _art(
                "a",
                [_actor("gerard-oakes", "Gerard Oakes", n=3), _actor("gerard-oakes-jr", "Gerard Oakes Jr.")],
            ),
            _art("b", [_actor("oakes-jr", "Oakes Jr.")]),
            # "Milton P. Vance Jr." is only ever Milton Vance
            _art(
                "c",
                [_actor("milton-p-vance-jr", "Milton P. Vance Jr."), _actor("milton-vance", "Milton Vance")],
            ),
        ]
    )
    assert res.actor("a", "gerard-oakes-jr") != res.actor("a", "gerard-oakes")
    assert res.actor("c", "milton-p-vance-jr") == res.actor("c", "milton-vance") == "milton-vance"


def test_acronyms_with_and_without_dots_and_the_long_name_are_one_organization() -> None:
    res = resolve(
        [
            _art("a", [_actor("green-valley-farmers-union", "Green Valley Farmers Union", "Organization")]),
            _art("b", [_actor("g-v-f-u", "G.V.F.U.", "Organization", n=2)]),
            _art("c", [_actor("gvfu", "GVFU", "Organization", n=4)]),
        ]
    )
    keys = {res.actor("a", "green-valley-farmers-union"), res.actor("b", "g-v-f-u"), res.actor("c", "gvfu")}
    assert keys == {"green-valley-farmers-union"}
    assert res.actors["green-valley-farmers-union"].label == "Green Valley Farmers Union"
    assert {"GVFU", "G.V.F.U."} <= res.actors["green-valley-farmers-union"].aliases


def test_a_lone_surname_is_the_full_name_its_story_names_far_more_often() -> None:
    body = "The harbour strike in Port Elling entered its third week as dockworkers rejected the offer."
    res = resolve(
        [
            _art(
                "a", [_actor("marta-quell", "Marta Quell", n=9), _actor("ivo-quell", "Ivo Quell")], body=body
            ),
            _art("b", [_actor("quell", "Quell", n=4)], body=body),
        ]
    )
    assert res.actor("b", "quell") == "marta-quell"  # her husband, named once, does not pull it away
    assert res.actor("a", "ivo-quell") == "ivo-quell"


def test_one_class_per_actor_the_corpus_gives_it() -> None:
    res = resolve(
        [
            _art("a", [_actor("nadia-ferro", "Nadia Ferro", n=3)]),
            _art("b", [_actor("nadia-ferro", "Nadia Ferro", "Organization")]),
        ]
    )
    assert res.actors["nadia-ferro"].cls == "Person"


# --- stories -----------------------------------------------------------------------------------------

HARBOUR = (
    "Dockworkers at the Port Elling harbour extended their strike on Tuesday after the harbour authority "
    "rejected the union's wage demand. Container ships queued outside the harbour as the strike spread."
)
HARBOUR2 = (
    "The Port Elling harbour strike widened as dockworkers walked out of two more terminals; the harbour "
    "authority said the wage demand of the union was unaffordable and ships waited at anchor."
)
VOLCANO = (
    "Lava from the Mount Teral volcano reached the coastal road on Tuesday and villagers were evacuated. "
    "Geologists said the eruption of the volcano could last weeks as ash closed the regional airport."
)
VOLCANO2 = (
    "Villagers near Mount Teral fled as the volcano sent lava across the coastal road; geologists warned "
    "the eruption would continue and the airport stayed closed under ash."
)


def test_articles_on_the_same_news_are_one_story_and_other_news_another() -> None:
    union = _actor("dockers-union", "Dockers Union", "Organization", n=3)
    res = resolve(
        [
            _art("h1", [union], body=HARBOUR, title="Harbour strike widens"),
            _art("v1", [], body=VOLCANO, title="Volcano lava reaches road"),
            _art("h2", [union], body=HARBOUR2, title="Dockworkers extend harbour strike"),
            _art("v2", [], body=VOLCANO2, title="Villagers flee volcano"),
        ]
    )
    stories = sorted(sorted(s.articles) for s in res.stories)
    assert stories == [["h1", "h2"], ["v1", "v2"]]
    assert all(s.label.startswith("Story: ") for s in res.stories)


def test_articles_published_weeks_apart_are_never_one_story() -> None:
    from eventgraph.merge.stories import _day

    assert _day("26-FEB-1987 15:01:01.79") == _day("1987-02-26") == _day("February 26, 1987")
    union = _actor("dockers-union", "Dockers Union", "Organization", n=3)
    recs = [
        _art("h1", [union], body=HARBOUR, title="Harbour strike widens"),
        _art("h2", [union], body=HARBOUR2, title="Dockworkers extend harbour strike"),
    ]
    recs = [
        ArticleRecords(article=Article(**{**_fields(r.article), "published": day}), actors=r.actors)
        for r, day in zip(recs, ("02-MAR-1987 10:00:00.00", "30-MAR-1987 09:00:00.00"), strict=True)
    ]
    assert len(resolve(recs).stories) == 2


def test_light_records_are_grouped_by_the_sentences_of_their_events() -> None:
    """A build keeps the records without the article's text: its events' sentences stand for it."""

    def light(aid: str, title: str, text: str) -> ArticleRecords:
        sentences = [s.strip() + "." for s in text.split(".") if s.strip()]
        events = [
            EventRecord(cls="Statement", trigger=Mention(900 * i, 900 * i + 4, "said", s))
            for i, s in enumerate(sentences)
        ]
        return ArticleRecords(article=Article(id=aid, text="", body="", title=title), events=tuple(events))

    res = resolve(
        [
            light("h1", "Strike at the port", HARBOUR),
            light("v1", "Eruption goes on", VOLCANO),
            light("h2", "Terminals shut", HARBOUR2),
            light("v2", "Airport stays closed", VOLCANO2),
        ]
    )
    assert sorted(sorted(s.articles) for s in res.stories) == [["h1", "h2"], ["v1", "v2"]]


def test_terms_that_no_other_article_has_do_not_crowd_out_the_shared_ones() -> None:
    """Many words of their own (a long article) leave room in the vector for what it shares."""
    own = " ".join(f"lexeme{chr(97 + i)}{chr(97 + j)}" for i in range(8) for j in range(8))
    res = resolve(
        [
            _art("h1", [], body=HARBOUR + " " + own, title="Harbour strike widens"),
            _art("h2", [], body=HARBOUR2, title="Dockworkers extend harbour strike"),
            _art("v1", [], body=VOLCANO, title="Volcano lava reaches road"),
            _art("v2", [], body=VOLCANO2, title="Villagers flee volcano"),
        ]
    )
    assert sorted(sorted(s.articles) for s in res.stories) == [["h1", "h2"], ["v1", "v2"]]


def _fields(article: Article) -> dict:
    return {f: getattr(article, f) for f in ("id", "text", "body", "title")}


# --- events ------------------------------------------------------------------------------------------

QUOTE = "We will not return to work until the wage offer reflects the cost of living in this city"


def _harbour(aid: str, events: list[EventRecord], actors: list[ActorRecord] = (), body: str = HARBOUR):
    base = [_actor("dockers-union", "Dockers Union", "Organization", n=3), _actor("lena-vosk", "Lena Vosk")]
    return _art(aid, [*base, *actors], events, body=body)


def test_an_identical_quote_by_the_same_speaker_is_one_event_with_its_evidence() -> None:
    res = resolve(
        [
            _harbour("a", [_ev("Statement", "said", ("lena-vosk",), QUOTE)]),
            _harbour("b", [_ev("Statement", "told", ("lena-vosk",), QUOTE + ", she added")], body=HARBOUR2),
        ]
    )
    digest = res.event_id[("a", 0)]
    assert res.event_id[("b", 0)] == digest
    assert {"quote", "agent"} <= set(res.event_evidence[digest])


def test_conflicting_agents_are_never_one_event() -> None:
    res = resolve(
        [
            _harbour("a", [_ev("Statement", "said", ("lena-vosk",), QUOTE)]),
            _harbour(
                "b",
                [_ev("Statement", "said", ("piet-arno",), QUOTE)],
                [_actor("piet-arno", "Piet Arno")],
                body=HARBOUR2,
            ),
        ]
    )
    assert res.event_id[("a", 0)] != res.event_id[("b", 0)]


def test_two_persons_of_one_state_are_two_agents_a_person_and_their_office_act_as_one() -> None:
    ministry = _actor("ministry-of-ports", "Ministry of Ports", "Organization", country="elbonia")
    ana = _actor("ana-ruz", "Ana Ruz", country="elbonia")
    ivo = _actor("ivo-tal", "Ivo Tal", country="elbonia")
    said = "the harbour strike would end before the holidays"
    order = "to reopen the northern terminals"

    def three(cls: str, topic: str, trigger: str) -> dict[str, str]:
        res = resolve(
            [
                _harbour("a", [_ev(cls, trigger, ("ana-ruz",), topic)], [ana]),
                _harbour("b", [_ev(cls, trigger, ("ivo-tal",), topic)], [ivo], body=HARBOUR2),
                _harbour("c", [_ev(cls, trigger, ("ministry-of-ports",), topic)], [ministry], body=HARBOUR),
            ]
        )
        return {a: res.event_id[(a, 0)] for a in "abc"}

    ids = three("Order", order, "ordered")
    assert ids["a"] != ids["b"]  # two ministers' orders
    assert ids["c"] in (ids["a"], ids["b"])  # the ministry's order is a minister's
    ids = three("Statement", said, "said")
    assert len(set(ids.values())) == 3  # what a minister says and what the ministry puts out: two


def test_a_quote_that_bridges_two_stories_does_not_draw_in_the_speakers_other_statements() -> None:
    """One speaker's words quoted in another story join it; another statement of hers in that
    story, one with it only as each article's only one, stays apart from the first story's report."""
    quote = "The harbour will reopen once every crane has been inspected by the safety board"
    res = resolve(
        [
            _harbour("a", [_ev("Statement", "wrote", ("lena-vosk",), quote)]),
            _harbour("b", [_ev("Statement", "wrote", ("lena-vosk",), quote)], body=HARBOUR2),
            _art(
                "v1",
                [_actor("lena-vosk", "Lena Vosk")],
                [_ev("Statement", "wrote", ("lena-vosk",), "earlier that " + quote.lower())],
                body=VOLCANO,
            ),
            _art(
                "v2",
                [_actor("lena-vosk", "Lena Vosk")],
                [_ev("Statement", "wrote", ("lena-vosk",), "on Tuesday")],  # her only one there too
                body=VOLCANO2,
                title="Villagers flee volcano",
            ),
        ]
    )
    assert len(res.stories) == 2
    assert res.event_id[("a", 0)] == res.event_id[("b", 0)] == res.event_id[("v1", 0)]
    assert res.event_id[("v2", 0)] != res.event_id[("a", 0)]


def test_a_partys_committee_acts_for_the_party() -> None:
    party = _actor("progressive-party", "Progressive Party", "Organization")
    committee = _actor("progressive-national-committee", "Progressive National Committee", "Organization")
    topic = "a conspiracy to rig the harbour board election"
    res = resolve(
        [
            _harbour("a", [_ev("Allegation", "sued", ("progressive-party",), topic)], [party]),
            _harbour(
                "b",
                [_ev("Allegation", "suing", ("progressive-national-committee",), topic)],
                [committee],
                body=HARBOUR2,
            ),
        ]
    )
    assert res.event_id[("a", 0)] == res.event_id[("b", 0)]


def _deal(*parties: str, agent: tuple[str, ...] = ()) -> EventRecord:
    return _ev("Agreement", "deal", agent, None, participants=tuple(p for p in parties if p not in agent))


def test_a_deal_is_one_whichever_side_a_report_names_first_and_two_with_different_partners() -> None:
    states = [_actor(k, k.title(), "Country", n=2) for k in ("elbonia", "freedonia", "sylvania")]
    res = resolve(
        [
            _harbour("a", [_deal("elbonia", "freedonia", agent=("elbonia",))], states),
            _harbour("b", [_deal("elbonia", "freedonia", agent=("freedonia",))], states, body=HARBOUR2),
            _harbour("c", [_deal("elbonia", "sylvania", agent=("elbonia",))], states, body=HARBOUR),
        ]
    )
    assert res.event_id[("a", 0)] == res.event_id[("b", 0)]
    assert res.event_id[("c", 0)] != res.event_id[("a", 0)]


def test_the_plain_verb_of_speech_is_no_evidence_but_the_same_number_is() -> None:
    res = resolve(
        [
            _harbour("a", [_ev("Statement", "said", ("lena-vosk",), QUOTE)]),
            _harbour("b", [_ev("Statement", "said", ("lena-vosk",), QUOTE)], body=HARBOUR2),
        ]
    )
    assert "lemma" not in res.event_evidence[res.event_id[("a", 0)]]  # every report says "said"
    other = "the night shift would keep working"
    fees = "harbour fees climb 45 percent for foreign container carriers next spring"
    surcharge = "shipowners face a 45 percent surcharge under revised rules"
    res = resolve(
        [
            _harbour(
                "a",
                [
                    _ev("Statement", "said", ("lena-vosk",), fees),
                    _ev("Statement", "said", ("lena-vosk",), other),
                ],
            ),
            _harbour(
                "b",
                [
                    _ev("Statement", "said", ("lena-vosk",), surcharge),
                    _ev("Statement", "said", ("lena-vosk",), "no"),
                ],
                body=HARBOUR2,
            ),
        ]
    )
    assert res.event_id[("a", 0)] == res.event_id[("b", 0)]  # the 45 and the percent


def test_a_spokesperson_reading_an_organizations_statement_word_for_word_is_one_event() -> None:
    res = resolve(
        [
            _harbour("a", [_ev("Statement", "said", ("dockers-union",), QUOTE)]),
            _harbour(
                "b",
                [_ev("Statement", "said", ("piet-arno",), QUOTE)],
                [_actor("piet-arno", "Piet Arno")],
                HARBOUR2,
            ),
        ]
    )
    assert res.event_id[("a", 0)] == res.event_id[("b", 0)]


def test_speech_acts_need_their_content_to_match() -> None:
    res = resolve(
        [
            _harbour(
                "a",
                [
                    _ev(
                        "Statement",
                        "said",
                        ("lena-vosk",),
                        "the strike would go on through the winter months",
                    ),
                    _ev(
                        "Statement", "said", ("lena-vosk",), "ships should use the northern terminals instead"
                    ),
                ],
            ),
            _harbour(
                "b",
                [
                    _ev("Statement", "said", ("lena-vosk",), "the union had enough funds to pay strikers"),
                    _ev("Statement", "said", ("lena-vosk",), "the strike would go on through the winter"),
                ],
                body=HARBOUR2,
            ),
        ]
    )
    assert res.event_id[("a", 0)] == res.event_id[("b", 1)]  # the same words
    assert res.event_id[("a", 1)] not in (res.event_id[("b", 0)], res.event_id[("b", 1)])


def test_a_speakers_only_statement_in_each_article_is_one_unless_both_say_different_things() -> None:
    res = resolve(
        [
            _harbour("a", [_ev("Statement", "said", ("lena-vosk",), "Tuesday")]),
            _harbour(
                "b", [_ev("Statement", "said", ("lena-vosk",), "the talks were constructive")], body=HARBOUR2
            ),
        ]
    )
    assert res.event_id[("a", 0)] == res.event_id[("b", 0)]
    assert "only one" in res.event_evidence[res.event_id[("a", 0)]]
    res = resolve(
        [
            _harbour(
                "a",
                [
                    _ev(
                        "Statement",
                        "said",
                        ("lena-vosk",),
                        "wages lag behind rents in every district of town",
                    )
                ],
            ),
            _harbour(
                "b",
                [
                    _ev(
                        "Statement",
                        "said",
                        ("lena-vosk",),
                        "mediators from the capital arrive next Thursday morning",
                    )
                ],
                body=HARBOUR2,
            ),
        ]
    )
    assert res.event_id[("a", 0)] != res.event_id[("b", 0)]


def test_a_request_and_a_demand_of_one_group_may_be_one_event() -> None:
    res = resolve(
        [
            _harbour(
                "a",
                [_ev("Request", "asked", ("dockers-union",), "a wage rise of nine percent for dockworkers")],
            ),
            _harbour(
                "b",
                [_ev("Demand", "demanded", ("dockers-union",), "a nine percent wage rise")],
                body=HARBOUR2,
            ),
        ]
    )
    assert res.event_id[("a", 0)] == res.event_id[("b", 0)]


def test_events_of_different_stories_stay_apart_without_the_same_words() -> None:
    res = resolve(
        [
            _harbour("a", [_ev("Statement", "said", ("lena-vosk",), "the situation was serious")]),
            _art(
                "v",
                [_actor("lena-vosk", "Lena Vosk")],
                [_ev("Statement", "said", ("lena-vosk",), "the situation was serious and grave")],
                body=VOLCANO,
            ),
        ]
    )
    assert len({s.id for s in res.stories}) == 2
    assert res.event_id[("a", 0)] != res.event_id[("v", 0)]


def test_a_copied_wire_sentence_merges_events_without_named_agents() -> None:
    sentence = "Port officials said three container terminals had closed and forty ships were waiting at anchor outside"
    res = resolve(
        [
            _harbour("a", [_ev("Agreement", "deal", (), None, sentence=sentence)]),
            _harbour("b", [_ev("Agreement", "agreement", (), None, sentence=sentence)], body=HARBOUR2),
        ]
    )
    assert res.event_id[("a", 0)] == res.event_id[("b", 0)]
    assert "wording" in res.event_evidence[res.event_id[("a", 0)]]


def test_within_one_article_one_act_told_twice_is_one_node_with_both_mentions() -> None:
    """A lede and its quote are one act; another thing the speaker says, or the same words given
    as another kind of act, stay apart. The node keeps one topic and both mentions."""
    other = "the ferry timetable changes on Monday because of the storm season"
    told = [
        _ev("Statement", "said", ("lena-vosk",), QUOTE),
        _ev("Statement", "told", ("lena-vosk",), "that " + QUOTE.lower() + ", she added"),
        _ev("Statement", "said", ("lena-vosk",), other),
        _ev("Threat", "warned", ("lena-vosk",), QUOTE),
    ]
    told[1] = replace(told[1], trigger=Mention(40, 44, "told"))  # a later sentence
    rec = _harbour("a", told)
    res = resolve([rec])
    ids = [res.event_id[("a", i)] for i in range(4)]
    assert ids[0] == ids[1]
    assert len(set(ids)) == 3
    triples = article_triples(rec, res, Minter())
    node = ox.NamedNode(Minter().event(ids[0]))
    topics = [o for s, p, o in triples if s == node and p == ox.NamedNode(str(EG.topic))]
    mentions = [o for s, p, o in triples if s == node and p == ox.NamedNode(str(EG.mention))]
    assert len(topics) == 1 and len(mentions) == 2


# --- the graph and the report ------------------------------------------------------------------------


def test_stories_and_merge_evidence_are_written_to_the_default_graph() -> None:
    res = resolve(
        [
            _harbour("a", [_ev("Statement", "said", ("lena-vosk",), QUOTE)]),
            _harbour("b", [_ev("Statement", "told", ("lena-vosk",), QUOTE)], body=HARBOUR2),
        ]
    )
    minter = Minter()
    triples = list(canonical_triples(res, minter))
    story = ox.NamedNode(minter.story(res.stories[0].id))
    event = ox.NamedNode(minter.event(res.event_id[("a", 0)]))
    has_part = ox.NamedNode("http://purl.org/dc/terms/hasPart")
    assert {(story, has_part, ox.NamedNode(minter.article(a))) for a in "ab"} <= set(triples)
    assert (event, ox.NamedNode(str(EG.story)), story) in triples
    kinds = {o.value for s, p, o in triples if s == event and p == ox.NamedNode(str(EG.mergeEvidence))}
    assert {"quote", "agent"} <= kinds


def test_fusion_summary_counts_what_several_sources_report() -> None:
    recs = [
        _harbour("a", [_ev("Statement", "said", ("lena-vosk",), QUOTE)]),
        _harbour("b", [_ev("Statement", "told", ("lena-vosk",), QUOTE)], body=HARBOUR2),
    ]
    summary = fusion_summary(recs, resolve(recs))
    assert summary["stories"] == 1
    assert summary["events_in_several_sources"] == 1
    assert summary["actors_in_several_sources"] == 2
    assert summary["most_reported_events"][0]["articles"] == ["a", "b"]
    lines = fusion_lines(summary)
    assert "## Fusion across sources" in lines
    assert fusion_lines(None) == []


# --- actor debris, on invented sentences -------------------------------------------------------------

DEBRIS = """Dockworkers extend harbour strike

Coastline Daily's Petra Lindqvist has that story.
Union leader Lena Vosk said on Tuesday that the strike in Port Elling would continue until the wage offer improved.
Vosk wrote on Twitter that the harbour authority had ignored the Vosk Memos for months.
The Harbour Gazette reported that the authority rejected the demand. The Gazette noted that ships were waiting.
Harbour authority chief Anton Reel met Vosk at the Grey Pavilion on Monday. Reel stood in the Blue Hall.
The union accused the Anton Reel campaign of spreading false figures.
Strikers marched to a border crossing called El Varadero and gathered at El Varadero until dusk, Vosk said.
"""


@pytest.fixture(scope="module")
def debris() -> ArticleRecords:
    from eventgraph.extract import extract_article
    from eventgraph.ingest.text import build_plain_article
    from eventgraph.nlp import load_pipeline

    article = build_plain_article(DEBRIS, article_id="t")
    return extract_article(load_pipeline()(article.body), article)


def test_credit_lines_documents_platforms_and_scenery_are_no_actors(debris: ArticleRecords) -> None:
    labels = {a.label for a in debris.actors}
    assert not labels & {"Petra Lindqvist", "Coastline Daily"}  # the credit line's reporter and outlet
    assert not any("Memos" in label for label in labels)
    assert "Twitter" not in labels
    assert "Blue Hall" not in labels  # a place no event names
    assert "Grey Pavilion" in labels  # where the meeting was: kept
    assert {"Lena Vosk", "Anton Reel"} <= labels
    # a name NER takes for an organization, named only as where people went: a place, not an actor
    assert not any(a.label == "El Varadero" and a.cls != "Place" for a in debris.actors)


def test_a_newspapers_short_name_is_the_newspaper_and_never_an_agent(debris: ArticleRecords) -> None:
    assert "gazette" not in {a.key for a in debris.actors}
    gazette = next(a for a in debris.actors if a.label == "Harbour Gazette")
    assert gazette.cls == "MediaOrganization"
    assert not any(gazette.key in e.actors() for e in debris.events)


def test_a_campaign_named_after_its_candidate_is_an_organization_not_the_candidate(
    debris: ArticleRecords,
) -> None:
    campaign = next(a for a in debris.actors if a.label == "Reel campaign")
    assert campaign.cls == "Organization"
    accusation = next(e for e in debris.events if e.cls == "Allegation")
    assert campaign.key in accusation.actors() and "anton-reel" not in accusation.actors()


def test_house_is_not_the_white_house() -> None:
    from eventgraph.extract import extract_article
    from eventgraph.ingest.text import build_plain_article
    from eventgraph.nlp import load_pipeline

    text = "The White House said the bill was dead. The House voted on Tuesday to reject the measure, officials said."
    article = build_plain_article(text, article_id="h")
    rec = extract_article(load_pipeline()(article.body), article)
    white = [a for a in rec.actors if a.label == "White House"]
    assert white and "House" not in white[0].aliases
    res = resolve([rec])
    assert all(res.actor("h", a.key) != "white-house" for a in rec.actors if a.label == "House")


def test_the_merged_events_query_names_every_kind_of_evidence() -> None:
    from importlib import resources

    from eventgraph.merge.events import WEIGHTS

    text = (resources.files("eventgraph") / "queries" / "merged-events.rq").read_text(encoding="utf-8")
    for kind in [*WEIGHTS, "agent's state"]:
        assert f'"{kind}"' in text, kind


def _actors_of(text: str) -> dict[str, str]:
    from eventgraph.extract import extract_article
    from eventgraph.ingest.text import build_plain_article
    from eventgraph.nlp import load_pipeline

    article = build_plain_article(text, article_id="x")
    return {a.label: a.cls for a in extract_article(load_pipeline()(article.body), article).actors}


def test_rooms_one_goes_to_or_clears_are_places_not_actors() -> None:
    actors = _actors_of(
        "Governor Ana Ruiz cleared the Oval Office of aides before the call.\n"
        "Later the two men walked to the Oval Office, where Ruiz said the strike was over.\n"
        "The envoys met in the Cabinet Room on Monday."
    )
    assert "Oval Office" not in actors  # scenery: no event names it
    assert actors.get("Cabinet Room") == "Place"  # where the meeting was


def test_the_acronym_of_a_treaty_named_in_full_is_the_treaty_not_an_actor() -> None:
    actors = _actors_of(
        "Ministers signed the Nordic Arctic Fisheries Accord in May. "
        "Norway said Nafa would protect cod stocks, and Nafa inspectors began work."
    )
    assert "Nafa" not in actors and "Norway" in actors


def test_groups_are_actors_of_their_own_not_their_chamber_party_or_state() -> None:
    from eventgraph.extract import extract_article
    from eventgraph.ingest.text import build_plain_article
    from eventgraph.nlp import load_pipeline

    text = (
        "Three House Republican committee chairmen asked for the files on Friday. "
        "The chairmen said the department had stalled.\n"
        "U.S. intelligence agencies concluded that Moscow interfered. Border officials said they had run out of space.\n"
        "European leaders warned that they would retaliate. Mueller's team told the lawyers that the governor "
        "was not a target. A federal grand jury indicted the men. Senior officials declined to comment. "
        "Russian officials denied it."
    )
    article = build_plain_article(text, article_id="g")
    rec = extract_article(load_pipeline()(article.body), article)
    groups = {a.label: a for a in rec.actors if a.cls == "Organization"}
    assert {
        "House Republican committee chairmen",
        "intelligence agencies",
        "Border officials",
        "European leaders",
        "Mueller's team",
        "federal grand jury",
    } <= set(groups)
    assert groups["intelligence agencies"].country == "united-states"
    assert groups["European leaders"].country == "european-union"
    chairmen = groups["House Republican committee chairmen"].key
    agents = [e.agent for e in rec.events if e.trigger.text in ("asked", "said")]
    assert agents[:2] == [(chairmen,), (chairmen,)]  # "the chairmen": the group named before
    assert not any("Senior" in label for label in groups)  # a rank names no group
    assert any(e.agent == ("russia",) for e in rec.events)  # a state's officials: the state


def test_a_group_spelt_out_between_dashes_acts_with_its_members() -> None:
    from eventgraph.extract import extract_article
    from eventgraph.ingest.text import build_plain_article
    from eventgraph.nlp import load_pipeline

    text = (
        "The three Republican chairmen — Senator Ann Wexler of the Finance Committee, Senator Paul Oduya "
        "of the Budget Committee and Senator Maria Lind of the Rules Committee — issued a joint statement "
        "on Thursday."
    )
    article = build_plain_article(text, article_id="d")
    rec = extract_article(load_pipeline()(article.body), article)
    statement = next(e for e in rec.events if e.cls == "Statement")
    assert set(statement.agent) == {"republican-chairmen", "ann-wexler", "paul-oduya", "maria-lind"}


def test_a_speakers_two_statements_saying_different_things_stay_apart_across_reports() -> None:
    """A report that resembles the first statement by its words and the second by its sentence
    does not make two statements that share nothing one."""
    first = "the harbour cranes were inspected and found safe for every ship in port"
    second = "dockers walked out over unpaid overtime during the winter storms"
    sentence = "Vosk wrote late on Friday that dockers walked out over unpaid overtime in the storms."
    res = resolve(
        [
            _harbour("a", [_ev("Statement", "wrote", ("lena-vosk",), first)]),
            _harbour(
                "b", [_ev("Statement", "wrote", ("lena-vosk",), "cranes found safe", sentence=sentence)]
            ),
            _harbour(
                "c", [_ev("Statement", "wrote", ("lena-vosk",), second, sentence=sentence)], body=HARBOUR2
            ),
        ]
    )
    ids = {a: res.event_id[(a, 0)] for a in "abc"}
    assert ids["a"] == ids["b"] or ids["b"] == ids["c"]  # the middle report joins one of them
    assert ids["a"] != ids["c"]


def test_each_articles_only_transfer_to_one_recipient_with_nobody_acting_is_one_event() -> None:
    """'The logs, sent to the board on Friday' and 'the logs, handed to the board': nobody named
    as acting, but each the article's only transfer to the board."""
    board = _actor("harbour-board", "Harbour Board", "Organization", n=2)

    def sent(trigger: str) -> EventRecord:
        return _ev("Transfer", trigger, (), recipient=("harbour-board",))

    res = resolve(
        [
            _harbour("a", [sent("sent")], [board]),
            _harbour("b", [sent("handed")], [board], body=HARBOUR2),
            _harbour("c", [sent("sent"), sent("gave")], [board]),  # two of them: neither is the one
        ]
    )
    assert res.event_id[("a", 0)] == res.event_id[("b", 0)]
    assert res.event_id[("c", 1)] != res.event_id[("a", 0)]


def test_what_the_suit_claims_is_the_suit_named_again_in_its_sentence() -> None:
    union = ("dockers-union",)
    filed = "The Dockers Union filed the civil suit in the port court on Monday."
    claims = "The suit also claims the port authority hid the crane inspection reports from the crews."
    other = "The union alleges in a leaflet that the ferry company underpays its night shift deckhands."

    def allegation(trigger: str, begin: int, topic: str, sentence: str) -> EventRecord:
        return replace(
            _ev("Allegation", trigger, union, topic), trigger=Mention(begin, begin + 5, trigger, sentence)
        )

    rec = _harbour(
        "a",
        [
            allegation(
                "civil suit", 10, "that the harbour master broke the wage agreement of last winter", filed
            ),
            allegation(
                "claims", 90, "the port authority hid the crane inspection reports from the crews", claims
            ),
            allegation("alleges", 190, "the ferry company underpays its night shift deckhands", other),
        ],
    )
    res = resolve([rec])
    assert res.event_id[("a", 0)] == res.event_id[("a", 1)]
    assert res.event_id[("a", 2)] != res.event_id[("a", 0)]
