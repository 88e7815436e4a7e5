"""Group actors: noun phrases that name a group of people acting together.

"three House Republican committee chairmen", "U.S. intelligence agencies", "border officials",
"European leaders", "a federal grand jury", "Mueller's investigators": a plural (or collective)
head noun for people, anchored by a word that says whose or which group it is (a party, an
institution, a nationality that is no single state, a possessive person). The group is an actor
of its own, not its chamber, party or state; "the chairmen" later in the text is the same group.
A phrase anchored only by a state ("Russian officials") or an organization ("the EU's leaders")
is left to the state or organization (see :meth:`ActorIndex.resolve`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventgraph.extract.syntax import lemmas_and_forms

__all__ = ["GroupPhrase", "definite", "group_phrases", "listed_members"]

#: plural heads that name people acting together, by lemma
_PEOPLE_WORDS = (
    "chairman chairwoman lawmaker legislator congressman senator official authority agent officer "
    "inspector agency ally leader investigator prosecutor lawyer attorney negotiator diplomat regulator"
)
_PEOPLE = frozenset(_PEOPLE_WORDS.split())
#: singular heads that name a body of people ("the special counsel's office", "a grand jury")
_BODIES = frozenset({"team", "office", "staff", "jury"})
#: modifiers that say how many or which ones, not whose: they anchor nothing
_VAGUE_WORDS = (
    "other several many some few top senior former current new local various certain key both all "
    "such more most own two three four five six seven eight nine ten dozen"
)
_VAGUE = frozenset(_VAGUE_WORDS.split())


@dataclass(frozen=True, slots=True)
class GroupPhrase:
    head: int  # token index of the head noun
    start: int  # token index where the group's name begins
    label: str
    country: str | None  # the state named with it ("U.S. intelligence agencies")
    owner: str | None  # the person it belongs to ("Mueller's team")


def definite(t: Token) -> bool:
    """ "the chairmen", "those lawmakers": a noun phrase that points back to a known group."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in t.children)


def _modifiers(head: Token) -> list[Token]:
    """The modifiers of a head, with those of its compounds ("House Republican committee")."""
    out: list[Token] = []
    for c in head.children:
        if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < head.i:
            out.append(c)
            if c.dep_ == "compound":
                out.extend(g for g in c.children if g.dep_ in ("compound", "amod", "nmod") and g.i < c.i)
    return out


def group_phrases(
    doc: Doc,
    actor_of: Callable[[int], str | None],
    class_of: Callable[[str], str],
    country_of: Callable[[int], str | None],
    owner_name: Callable[[str], str],
    is_state: Callable[[str], bool],
) -> Iterator[GroupPhrase]:
    """The group phrases of a document, in text order. ``actor_of`` gives the actor key a token
    belongs to, ``class_of`` an actor's class and ``owner_name`` its name, ``country_of`` the
    state (or union of states) a token names, ``is_state`` whether that is a single state."""
    for i, (lemma, _) in enumerate(lemmas_and_forms(doc)):
        if lemma not in _PEOPLE and lemma not in _BODIES:
            continue
        t = doc[i]
        plural = t.tag_ in ("NNS", "NNPS") and lemma in _PEOPLE
        if not (plural or (lemma in _BODIES and t.pos_ == "NOUN")) or actor_of(t.i):
            continue
        anchors: list[Token] = []
        country = owner = None
        for m in _modifiers(t):
            if m.lower_ in _VAGUE or m.like_num:
                continue
            key = actor_of(m.i)
            state = country_of(m.i)
            if state is not None:
                country = state
                if not is_state(state):  # "European leaders": the union's members, a group
                    anchors.append(m)
                continue
            if key is not None:
                if class_of(key) == "Person" and m.dep_ == "poss":
                    owner = key
                    anchors.append(m)
                    continue
                if m.head.i == t.i and class_of(key) not in ("Place", "City"):
                    break  # "the EU's leaders", "EU leaders": the organization itself
                if m.head.i != t.i:  # "House" in "House Republican committee chairmen"
                    anchors.append(m)
                continue
            if m.dep_ == "amod" and m.is_lower and lemma not in _BODIES:
                continue  # "senior officials": a rank, not a group's name
            if m.pos_ in ("NOUN", "PROPN", "ADJ"):
                anchors.append(m)
        else:
            if not anchors:
                continue
            start = min(a.left_edge.i if a.dep_ == "poss" else a.i for a in anchors)
            while start < t.i and (doc[start].pos_ in ("DET", "PUNCT") or doc[start].like_num):
                start += 1
            label = doc[start : t.i + 1].text
            if owner is not None:  # by surname, as every article can name it: "Mueller's team"
                label = f"{owner_name(owner).split()[-1]}'s {t.text}"
            if len(label) <= 80:
                yield GroupPhrase(t.i, start, label, country, owner)


_DASHES = frozenset({"—", "–", "--"})


def listed_members(head: Token, persons: Callable[[int], str | None]) -> list[str]:
    """The people a group is spelt out as, between dashes right after it ("the three chairmen —
    Goodlatte of …, Nunes of … and Gowdy of … — issued"): its members, who act with it."""
    doc = head.doc
    if head.i + 1 >= len(doc) or doc[head.i + 1].text not in _DASHES:
        return []
    members: dict[str, None] = {}
    for t in doc[head.i + 2 : head.sent.end]:
        if t.text in _DASHES:
            return list(members) if len(members) >= 2 else []
        if (key := persons(t.i)) is not None:
            members.setdefault(key, None)
    return []  # no closing dash: not a list set off from the sentence
