"""The drafts of events an article's families make, and the context they share.

:class:`ArticleContext` holds what every family reads about one document (actors, dates, the
triggers already claimed); :class:`EventDraft` is one event while the article is read (token
level, mutable), before it becomes an :class:`eventgraph.types.EventRecord`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from eventgraph.extract.actors import ActorIndex
from eventgraph.extract.lexicon import Lexicon, TriggerRule, lexicon
from eventgraph.extract.syntax import lemmas_and_forms

__all__ = ["ArticleContext", "EventDraft"]


@dataclass
class ArticleContext:
    """What the families share about one document: actors, resolved dates, speakers."""

    doc: Doc
    actors: ActorIndex
    dates: dict[int, str]  # token index of a DATE entity's root -> resolved date
    claimed: dict[int, str] = field(default_factory=dict)  # trigger token -> event class
    last_group: list[str] = field(default_factory=list)  # actors of the last multi-actor event
    _words: list[tuple[str, str]] | None = field(default=None, repr=False)
    _sents: tuple[list[int], list[Span]] | None = field(default=None, repr=False)

    @property
    def lex(self) -> Lexicon:
        return lexicon()

    @property
    def words(self) -> list[tuple[str, str]]:
        """Each token's lowercased lemma and lowercased text, read once for all families (a
        spaCy Token is made on every ``doc[i]``; the families would make each five times)."""
        if self._words is None:
            self._words = lemmas_and_forms(self.doc)
        return self._words

    def sentence(self, i: int) -> Span:
        """The sentence of token ``i`` (``Token.sent`` walks the parse on every call)."""
        if self._sents is None:
            sents = list(self.doc.sents)
            self._sents = ([s.start for s in sents], sents)
        starts, sents = self._sents
        return sents[bisect.bisect_right(starts, i) - 1]


@dataclass
class EventDraft:
    cls: str
    rule: TriggerRule
    token: Token
    begin: int  # body character offsets of the trigger phrase
    end: int
    agent: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    topic: str | None = None
    quantity: int | None = None
    duration: str | None = None
    date: str | None = None
    place: str | None = None
    attributed_to: list[str] = field(default_factory=list)
    extra_mentions: list[tuple[int, int, str]] = field(default_factory=list)  # begin, end, sentence
    factuality: str | None = None  # Negated, Planned, Possible; None: asserted
    has_subject: bool = False  # a verb whose subject is a noun phrase, even one naming no actor
    sent: Span | None = field(default=None, repr=False)  # the trigger's sentence, once known
    scope: list[Token] = field(default_factory=list, repr=False)  # the trigger's clause, in order

    def actors(self) -> list[str]:
        seen: dict[str, None] = {}
        for k in (*self.agent, *self.recipient, *self.target, *self.participants):
            seen.setdefault(k, None)
        return list(seen)

    @property
    def sentence(self) -> Span:
        if self.sent is None:  # Token.sent walks the parse each time: kept once found
            self.sent = self.token.sent
        return self.sent
