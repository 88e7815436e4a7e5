"""Actor and event resolution across articles, on hand-made records."""

from __future__ import annotations

from eventgraph.merge import resolve
from eventgraph.types import ActorRecord, Article, ArticleRecords, EventRecord, Mention


def _actor(key: str, label: str, cls: str = "Person", country: str | None = None) -> ActorRecord:
    return ActorRecord(
        key=key, label=label, cls=cls, mentions=(Mention(0, len(label), label),), country=country
    )


def _article(
    aid: str, actors: list[ActorRecord], events: list[EventRecord], published: str | None = None
) -> ArticleRecords:
    return ArticleRecords(
        article=Article(id=aid, text="", body="", published=published),
        actors=tuple(actors),
        events=tuple(events),
    )


def _call(*who: str, date: str | None = None, duration: str | None = None) -> EventRecord:
    return EventRecord(
        cls="PhoneCall", trigger=Mention(10, 14, "call"), agent=who, date=date, duration=duration
    )


def test_surnames_and_spellings_resolve_to_one_person() -> None:
    res = resolve(
        [
            _article("a", [_actor("volodymyr-zelensky", "Volodymyr Zelensky", country="ukraine")], []),
            _article("b", [_actor("volodymyr-zelenskyy", "Volodymyr Zelenskyy")], []),
            _article("c", [_actor("zelenskyy", "Zelenskyy")], []),
            _article(
                "d",
                [_actor("hillary-clinton", "Hillary Clinton"), _actor("bill-clinton", "Bill Clinton")],
                [],
            ),
            _article("e", [_actor("clinton", "Clinton")], []),
        ]
    )
    assert res.actor("b", "volodymyr-zelenskyy") == "volodymyr-zelensky"
    assert res.actor("c", "zelenskyy") == "volodymyr-zelensky"
    assert "Zelenskyy" in res.actors["volodymyr-zelensky"].aliases
    # two Clintons: a lone surname stays apart rather than merge with the wrong one
    assert res.actor("e", "clinton") == "clinton"
    assert res.actor("d", "bill-clinton") == "bill-clinton"


def test_one_call_reported_twice_is_one_event_with_each_sources_duration() -> None:
    trump, putin = _actor("donald-trump", "Donald Trump"), _actor("vladimir-putin", "Vladimir Putin")
    res = resolve(
        [
            _article(
                "a",
                [trump, putin],
                [_call("donald-trump", "vladimir-putin", date="--03-18", duration="PT2H")],
            ),
            _article(
                "b",
                [trump, putin],
                [_call("vladimir-putin", "donald-trump", date="--03-18", duration="PT1H30M")],
            ),
            _article("c", [trump, putin], [_call("donald-trump", "vladimir-putin", date="--04-02")]),
        ]
    )
    assert res.event_id[("a", 0)] == res.event_id[("b", 0)]
    assert res.event_id[("c", 0)] != res.event_id[("a", 0)]  # another day, another call
    assert res.event_label[res.event_id[("a", 0)]].startswith("Phone call between")


def test_two_events_of_one_article_never_share_an_iri() -> None:
    trump, putin = _actor("donald-trump", "Donald Trump"), _actor("vladimir-putin", "Vladimir Putin")
    res = resolve(
        [
            _article(
                "a",
                [trump, putin],
                [_call("donald-trump", "vladimir-putin"), _call("donald-trump", "vladimir-putin")],
            ),
            _article("b", [trump, putin], [_call("donald-trump", "vladimir-putin")]),
        ]
    )
    assert res.event_id[("a", 0)] != res.event_id[("a", 1)]
