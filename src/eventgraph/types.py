"""Plain records that flow between the pipeline's steps.

Nothing here knows about spaCy or rdflib: ingest produces :class:`Article`, extraction produces
:class:`ActorRecord` and :class:`EventRecord`, and only ``mapping`` turns them into RDF.
All offsets in these records count Unicode code points in ``Article.text``, the input as read.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = [
    "ActorRecord",
    "Article",
    "ArticleRecords",
    "EventRecord",
    "Mention",
    "Skipped",
    "TextPiece",
]


@dataclass(frozen=True, slots=True)
class TextPiece:
    """A run of the cleaned ``body`` that comes from ``Article.text``.

    Either a verbatim copy (``body_len == source_len``) or a single body character that stands
    for a longer source sequence (an HTML entity such as ``&amp;``).
    """

    body_start: int
    source_start: int
    body_len: int
    source_len: int


@dataclass(frozen=True, slots=True)
class Article:
    """One input document.

    ``text`` is the input exactly as read (offsets point here); ``body`` is the article's main
    text with boilerplate removed, which is what the NLP pipeline sees; ``pieces`` map body
    offsets back to ``text`` offsets. When ``pieces`` is empty, body and text are the same.
    ``annotations`` is left as ingest found it (not parsed): the extractor that reads it judges it.
    """

    id: str
    text: str
    body: str
    pieces: tuple[TextPiece, ...] = ()
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601: YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[Z]
    source: str | None = None  # publisher
    path: str | None = None  # the file it came from
    kind: str = "text"  # "text" | "html" | "jsonl"
    record: int | None = None  # line number within a JSON Lines file
    #: events given with the article, as raw JSON text (``foo.annotations.json`` beside
    #: ``foo.txt``, or a JSON Lines record's ``"annotations"``), for the ``annotations`` extractor
    annotations: str | None = None

    def to_source(self, begin: int, end: int) -> tuple[int, int]:
        """Map a ``[begin, end)`` span of ``body`` to the matching span of ``text``."""
        if not self.pieces:
            return begin, end
        starts = [p.body_start for p in self.pieces]

        def piece_at(pos: int) -> TextPiece:
            return self.pieces[max(bisect_right(starts, pos) - 1, 0)]

        first = piece_at(begin)
        if first.body_len == first.source_len:
            src_begin = first.source_start + (begin - first.body_start)
        else:
            src_begin = first.source_start
        last = piece_at(max(end - 1, begin))
        if last.body_len == last.source_len:
            src_end = last.source_start + (max(end - 1, begin) - last.body_start) + 1
        else:
            src_end = last.source_start + last.source_len
        return src_begin, max(src_end, src_begin)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input, or a record of one, that could not be read; ``reason`` is one line for a user."""

    input: str
    reason: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of ``Article.text``: ``text == article.text[begin:end]``."""

    begin: int
    end: int
    text: str
    evidence: str | None = None  # the sentence around it, in body text


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """An actor as one article names it.

    ``key`` identifies the actor across articles before merging (gazetteer id, or a slug of the
    normalised name); ``cls`` is the local name of an ontology class (Person, Organization,
    Country, Place, or a subclass).
    """

    key: str
    label: str
    cls: str
    mentions: tuple[Mention, ...] = ()
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    country: str | None = None  # key of the state the actor belongs to, when stated or known


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An event as one article reports it; roles hold actor keys of the same article."""

    cls: str
    trigger: Mention
    agent: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()  # other participants (beyond agent, recipient, target)
    topic: str | None = None
    quantity: int | None = None
    duration: str | None = None  # ISO 8601 duration: PT2H, PT1H30M, P30D
    date: str | None = None  # YYYY-MM-DD, or --MM-DD when the year is unknown
    place: str | None = None  # actor key of a Place or Country
    attributed_to: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()  # further mentions of the same event in the article
    family: str = ""
    factuality: str | None = None  # "Negated", "Planned", "Possible"; None: asserted (eg:Asserted)

    def actors(self) -> tuple[str, ...]:
        """Every actor taking part, without repeats, agent first."""
        seen: dict[str, None] = {}
        for key in (*self.agent, *self.recipient, *self.target, *self.participants):
            seen.setdefault(key, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class ArticleRecords:
    """Everything extracted from one article."""

    article: Article
    actors: tuple[ActorRecord, ...] = ()
    events: tuple[EventRecord, ...] = ()
    warnings: tuple[str, ...] = field(default=())
