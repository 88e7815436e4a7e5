"""The ``annotations`` extractor: events someone else found (by hand, another tool, a language
model), given with the articles, kept where they are grounded in the article's text.

Ingest puts the annotations on ``Article.annotations`` (``foo.annotations.json`` beside
``foo.txt``/``foo.html``, or a JSON Lines record's ``"annotations"``); the format is in the
README, "Annotations input". Nothing is parsed with spaCy (``needs_doc`` is False).

What is kept is grounded: every actor and event carries offsets (code points into
``Article.text``) inside the text, and the ``text`` given with them, if any, is exactly the text
there; classes are the ontology's. An actor or event that is not is dropped whole; a role,
place or attribution naming an actor that is not kept is dropped from its event (the event
stays); a value that is not understood (a quantity, duration or date) is dropped from its event.
Each drop is a warning naming the input (``path`` or ``path:LINE``) and the annotation
(``events[2]``, with its id when it has one), and :func:`annotation_counts` counts them from the
warnings for the build report.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventgraph import __version__
from eventgraph.classes import class_table
from eventgraph.types import ActorRecord, Article, ArticleRecords, EventRecord, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["AnnotationExtractor", "annotation_counts", "read_annotations"]

_ROLES = ("agent", "recipient", "target", "participant")
_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
_DATE = re.compile(r"^(\d{4}|-)-\d{2}-\d{2}$")
_WIKIDATA = re.compile(r"^Q[1-9]\d*$")
#: the marker of a drop warning: "PATH: annotations: dropped KIND ..." (KIND: actor, event, field)
_DROPPED = re.compile(r": annotations: dropped (actor|event|field|all) ")


class AnnotationExtractor:
    """Events given with the article (see the module); no spaCy parse."""

    name = "annotations"
    version = __version__
    needs_doc = False

    def extract(self, article: Article, doc: Doc | None) -> ArticleRecords:
        return read_annotations(article)


def ontology_classes() -> tuple[frozenset[str], frozenset[str]]:
    """The local names of the ontology's actor classes (under eg:Actor, and eg:Place with its
    subclasses) and event classes (under eg:Event), from its class table."""
    table = class_table()
    actors = {c.name for c in (*table.of_kind("actor"), *table.of_kind("place"))} - {"Actor"}
    return frozenset(actors), frozenset(c.name for c in table.event_classes)


def _where(article: Article) -> str:
    if article.record is not None:
        return f"{article.path}:{article.record}"
    return article.path or article.id


@dataclass
class _Reader:
    """One article's annotations being read: what is kept so far, and the warnings."""

    article: Article
    where: str
    keys: dict[str, str] = field(default_factory=dict)  # annotation id -> actor key
    actors: dict[str, ActorRecord] = field(default_factory=dict)  # actor key -> record
    events: list[EventRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def drop(self, kind: str, what: str, why: str) -> None:
        self.warnings.append(f"{self.where}: annotations: dropped {kind} {what}: {why}")

    def mention(self, raw: Any, what: str) -> Mention:
        """The span ``raw`` stands for; ValueError saying why when it is not grounded."""
        text = self.article.text
        if not isinstance(raw, dict):
            raise ValueError(f"{what} is not an object with begin and end")
        begin, end = raw.get("begin"), raw.get("end")
        if (
            not (isinstance(begin, int) and isinstance(end, int))
            or isinstance(begin, bool)
            or isinstance(end, bool)
        ):
            raise ValueError(f"{what} has no integer begin and end")
        if not 0 <= begin < end <= len(text):
            raise ValueError(f"{what} {begin}-{end} is outside the text (0-{len(text)})")
        given = raw.get("text")
        if given is not None and given != text[begin:end]:
            raise ValueError(f"{what} text {given!r} is not the text at {begin}-{end} ({text[begin:end]!r})")
        return Mention(begin=begin, end=end, text=text[begin:end])


def _label(item: dict[str, Any], index: int) -> str:
    """How a warning names an annotation: its place in the list, and its id when it has one."""
    ident = item.get("id") if isinstance(item, dict) else None
    return f"[{index}]" + (f" (id {ident!r})" if isinstance(ident, str | int) else "")


def read_annotations(article: Article) -> ArticleRecords:
    """The grounded actors and events of ``article.annotations`` (see the module)."""
    where = _where(article)
    if article.annotations is None:
        why = "none given (expected NAME.annotations.json beside it, or an annotations key in its record)"
        return ArticleRecords(article=article, warnings=(f"{where}: annotations: {why}",))
    reader = _Reader(article, where)
    try:
        data = json.loads(article.annotations)
    except (ValueError, RecursionError) as err:
        reader.drop("all", "annotations", f"not valid JSON ({err})")
        data = None
    if data is not None and not isinstance(data, dict):
        reader.drop("all", "annotations", "not a JSON object with actors and events")
        data = None
    if isinstance(data, dict):
        for i, raw in enumerate(_items(data, "actors", reader)):
            _read_actor(reader, raw, f"actors{_label(raw, i)}")
        for i, raw in enumerate(_items(data, "events", reader)):
            _read_event(reader, raw, f"events{_label(raw, i)}")
    return ArticleRecords(
        article=article,
        actors=tuple(sorted(reader.actors.values(), key=lambda a: a.key)),
        events=tuple(reader.events),
        warnings=tuple(reader.warnings),
    )


def _items(data: dict[str, Any], key: str, reader: _Reader) -> list[Any]:
    items = data.get(key, [])
    if isinstance(items, list):
        return items
    reader.drop("all", key, "not a list")
    return []


def _actor_key(label: str, wikidata: str | None) -> str:
    """The actor's key across articles: the gazetteer's id for a Wikidata id it knows (the key
    the rules give the same actor), else a slug of the label, as the rules make one."""
    from eventgraph.mint import slugify
    from eventgraph.nlp import load_gazetteer

    if wikidata:
        for entry in load_gazetteer().entries.values():
            if entry.wikidata == wikidata:
                return entry.id
    return slugify(label)


def _read_actor(reader: _Reader, raw: Any, what: str) -> None:
    actor_classes, _ = ontology_classes()
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str | int):
        reader.drop("actor", what, "not an object with an id")
        return
    cls = raw.get("class")
    if cls not in actor_classes:
        reader.drop("actor", what, f"class {cls!r} is not an actor class of the ontology")
        return
    mentions_raw = raw.get("mentions")
    if not isinstance(mentions_raw, list) or not mentions_raw:
        reader.drop("actor", what, "no mentions (each actor needs at least one span of the text)")
        return
    try:
        mentions = [reader.mention(m, f"mention {n}") for n, m in enumerate(mentions_raw)]
    except ValueError as err:
        reader.drop("actor", what, str(err))
        return
    given = raw.get("label")
    label = " ".join((given if isinstance(given, str) and given.strip() else mentions[0].text).split())
    wikidata = raw.get("wikidata")
    if wikidata is not None and not (isinstance(wikidata, str) and _WIKIDATA.match(wikidata)):
        reader.drop("field", f"{what} wikidata", f"{wikidata!r} is not a Wikidata id (Q and digits)")
        wikidata = None
    key = _actor_key(label, wikidata)
    reader.keys[str(raw["id"])] = key
    known = reader.actors.get(key)
    if known is not None:  # the same actor twice (the same name): one actor, every mention
        mentions = [*known.mentions, *mentions]
    reader.actors[key] = ActorRecord(
        key=key,
        label=known.label if known else label,
        cls=known.cls if known else cls,
        mentions=tuple(sorted(set(mentions), key=lambda m: (m.begin, m.end))),
        wikidata=(known.wikidata if known else None) or wikidata,
    )


def _refs(reader: _Reader, raw: dict[str, Any], name: str, what: str) -> list[str]:
    """The actor keys of the ids in ``raw[name]`` (an id or a list of ids); an id of no kept
    actor is dropped, with a warning."""
    given = raw.get(name)
    ids = given if isinstance(given, list) else [] if given is None else [given]
    out: list[str] = []
    for ident in ids:
        key = reader.keys.get(str(ident)) if isinstance(ident, str | int) else None
        if key is None:
            reader.drop("field", f"{what} {name} {ident!r}", "no actor of that id is kept")
        elif key not in out:
            out.append(key)
    return out


def _read_event(reader: _Reader, raw: Any, what: str) -> None:
    _, event_classes = ontology_classes()
    if not isinstance(raw, dict):
        reader.drop("event", what, "not an object")
        return
    cls = raw.get("class")
    if cls not in event_classes:
        reader.drop("event", what, f"class {cls!r} is not an event class of the ontology")
        return
    try:
        trigger = reader.mention(raw.get("trigger"), "trigger")
        mentions = tuple(reader.mention(m, f"mention {n}") for n, m in enumerate(raw.get("mentions") or ()))
    except (ValueError, TypeError) as err:
        reader.drop("event", what, str(err))
        return
    roles = {name: _refs(reader, raw, name, what) for name in _ROLES}
    agent = roles["agent"]
    recipient = [k for k in roles["recipient"] if k not in agent]
    target = [k for k in roles["target"] if k not in agent]
    participants = [k for k in roles["participant"] if k not in (*agent, *recipient, *target)]
    place = _refs(reader, raw, "place", what)
    reader.events.append(
        EventRecord(
            cls=cls,
            trigger=trigger,
            agent=tuple(agent),
            recipient=tuple(recipient),
            target=tuple(target),
            participants=tuple(participants),
            topic=_text_value(reader, raw, "topic", what),
            quantity=_value(reader, raw, "quantity", what, lambda v: isinstance(v, int) and v >= 0),
            duration=_value(
                reader, raw, "duration", what, lambda v: isinstance(v, str) and _DURATION.match(v)
            ),
            date=_value(reader, raw, "date", what, lambda v: isinstance(v, str) and _DATE.match(v)),
            place=place[0] if place else None,
            attributed_to=tuple(_refs(reader, raw, "attributed_to", what)),
            mentions=mentions,
            family="annotations",
        )
    )


def _value(reader: _Reader, raw: dict[str, Any], name: str, what: str, ok: Any) -> Any:
    value = raw.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not ok(value):
        reader.drop("field", f"{what} {name}", f"{value!r} is not understood")
        return None
    return value


def _text_value(reader: _Reader, raw: dict[str, Any], name: str, what: str) -> str | None:
    value = _value(reader, raw, name, what, lambda v: isinstance(v, str))
    return " ".join(value.split()) or None if isinstance(value, str) else None


def annotation_counts(records: Iterable[ArticleRecords]) -> dict[str, dict[str, int]]:
    """For the build report: the actors and events kept, and what was dropped (counted from
    the drop warnings: actors, events, fields of events, and whole annotation sets)."""
    kept = {"actors": 0, "events": 0}
    dropped: Counter[str] = Counter()
    for rec in records:
        kept["actors"] += len(rec.actors)
        kept["events"] += len(rec.events)
        for w in rec.warnings:
            if m := _DROPPED.search(w):
                dropped[m.group(1)] += 1
    return {
        "kept": kept,
        "dropped": {
            "actors": dropped["actor"],
            "events": dropped["event"],
            "fields": dropped["field"],
            "all": dropped["all"],
        },
    }
