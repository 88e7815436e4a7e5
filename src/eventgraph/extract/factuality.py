"""Whether, by the article, an event happened: the reader's cues around its trigger.

``Negated`` ("has not spoken with", "refused to meet", "no talks were held"), ``Planned`` ("will
meet", "plans to sign", "is expected to announce", "the planned summit", "a summit to be held"),
``Possible`` ("could order", "if talks fail", "a possible meeting"); None is asserted (the default,
written as no ``eg:factuality`` at all). See CONTRACT.md, section Factuality.

An event in the future form or arranged ("will", "is set to") for an imminent time ("will begin
immediately", "are set to exchange prisoners on Wednesday") is reported as happening: asserted, as
the project's gold has it; an intention ("plans to meet on Friday") stays planned, and so does a
time further off ("will meet next month").

The cues are read on the trigger's own clause and on the verbs it is the complement of
(``xcomp``: "plans to meet", "refused to sign"), never through a reported clause (``ccomp``):
"Trump said he will meet Kim" is a planned meeting and an asserted statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from eventgraph.extract.lexicon import _read
from eventgraph.extract.syntax import governing_verb

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["NEGATED", "PLANNED", "POSSIBLE", "factuality"]

NEGATED, PLANNED, POSSIBLE = "Negated", "Planned", "Possible"
# when cues disagree the strongest wins: "will not meet" is negated, "will meet if" possible
_RANK = {None: 0, PLANNED: 1, POSSIBLE: 2, NEGATED: 3}
_NOUN_DEPS = ("nsubj", "nsubjpass", "dobj", "obj", "attr", "pobj")
_REPORTING_TAGS = ("VBD", "VBN")  # "said he would meet": the future of a past report
# words that name a time to come ("next week", "later this month", "in the coming days")
_FUTURE_TIME = frozenset({"next", "later", "tomorrow", "coming", "upcoming", "soon", "future"})
# verbs of a decision: in the past and with no time to come, what was decided is reported as done
_DECIDING = frozenset({"decide", "choose", "opt", "elect", "resolve"})
# nouns whose "of" names something that may or may not happen: "the possibility of meeting"
_OPEN_NOUNS = frozenset(
    {"possibility", "prospect", "chance", "option", "likelihood", "idea", "risk", "question"}
)
# nouns whose clause says what is wanted or tried, not what happened
_CONTENT_NOUNS = frozenset(
    {"requirement", "demand", "attempt", "effort", "bid", "push", "call", "request", "proposal", "condition"}
)
# verbs whose object is an event still to come: "arranging a meeting", "planned a summit"
_ARRANGING = frozenset(
    {"arrange", "plan", "schedule", "propose", "seek", "want", "organize", "organise", "prepare"}
)
# verbs of taking place: a noun event followed by "to" one of them is scheduled ("talks to begin")
_HAPPEN = frozenset({"begin", "start", "take", "open", "resume", "occur", "happen", "convene", "come"})


@dataclass(frozen=True, slots=True)
class Cues:
    negators: frozenset[str]
    negating_heads: frozenset[str]
    planned_modals: frozenset[str]
    possible_modals: frozenset[str]
    planned_heads: frozenset[str]
    possible_heads: frozenset[str]
    planned_modifiers: frozenset[str]
    possible_modifiers: frozenset[str]
    conditions: frozenset[str]
    arranged_heads: frozenset[str]
    imminent_times: frozenset[str]


@lru_cache(maxsize=1)
def cues() -> Cues:
    raw = _read("words.toml")["factuality"]
    return Cues(**{name: frozenset(w.lower() for w in raw[name]) for name in Cues.__slots__})


def _stronger(a: str | None, b: str | None) -> str | None:
    return a if _RANK[a] >= _RANK[b] else b


def _clause_cues(verb: Token, c: Cues, *, own: bool) -> str | None:
    """Cues on one verb's own dependents: negation, modals, a condition. ``own`` is False for the
    verbs above the trigger, where only their negation counts as the trigger's ("did not agree to
    meet") together with their modals ("will try to meet")."""
    found: str | None = None
    for ch in verb.children:
        dep, low = ch.dep_, ch.lower_
        if dep == "neg" or (dep in ("advmod", "det") and low in ("never", "no")):
            found = _stronger(found, NEGATED)
        elif dep == "aux" and low in c.planned_modals:
            found = _stronger(found, PLANNED)
        elif dep == "aux" and low in c.possible_modals:
            if low == "'d" and verb.tag_ != "VB":
                continue  # "he'd directed": had, not would
            found = _stronger(found, _would(verb) if low in ("would", "'d") else POSSIBLE)
        elif own and dep == "mark" and low in c.conditions:
            found = _stronger(found, POSSIBLE)  # the trigger is the condition: "if they meet"
        elif (
            dep == "advcl"
            and not _past(verb)  # "if the tariffs go ahead, Europe has promised retaliation": promised
            and any(g.dep_ == "mark" and g.lower_ in c.conditions for g in ch.children)
        ):
            found = _stronger(found, POSSIBLE)  # the trigger's clause has one: "will meet if ..."
    return found


def _past(verb: Token) -> bool:
    """A verb in a past form with no modal: what it says happened ("asked if", "has said")."""
    return verb.tag_ in _REPORTING_TAGS and not any(
        ch.dep_ == "aux" and ch.tag_ == "MD" for ch in verb.children
    )


def _would(verb: Token) -> str | None:
    """ "He said he would meet Kim next week": the future of a past report, planned when the clause
    names a time to come; without one ("the White House said it would delay the tariffs") news
    reports a decision taken, asserted. Elsewhere "would" is a hypothetical."""
    t = verb
    while t.dep_ in ("conj", "xcomp") and t.head is not t:
        t = t.head
    if t.dep_ == "ccomp" and t.head.tag_ in _REPORTING_TAGS:
        return PLANNED if any(w.lower_ in _FUTURE_TIME for w in verb.subtree) else None
    return POSSIBLE


def _head_cue(head: Token, c: Cues) -> str | None:
    """A verb or adjective the trigger is the complement of: "plans to", "refused to", "likely to"."""
    lemma = head.lemma_.lower()
    if lemma in c.negating_heads:
        return NEGATED
    if lemma in c.possible_heads:
        return POSSIBLE
    if lemma in _DECIDING and _past(head) and not any(w.lower_ in _FUTURE_TIME for w in head.subtree):
        return None  # "has decided to delay the tariffs": news of a decision taken, the delay done
    if lemma in c.planned_heads and (lemma != "go" or head.tag_ == "VBG"):  # "going to", not "went to"
        return PLANNED
    return None


def _noun_cues(token: Token, c: Cues) -> str | None:
    found: str | None = None
    for ch in token.children:
        low = ch.lower_
        if ch.dep_ == "det" and low == "no":
            found = _stronger(found, NEGATED)  # "no talks were held"
        elif ch.dep_ == "det" and low == "any":
            found = _stronger(found, POSSIBLE)  # "whether he had any meetings with", "any deal must"
        elif ch.dep_ in ("amod", "compound", "advmod") and low in c.planned_modifiers:
            found = _stronger(found, PLANNED)
        elif ch.dep_ in ("amod", "compound", "advmod") and low in c.possible_modifiers:
            found = _stronger(found, POSSIBLE)
        elif (
            ch.dep_ in ("acl", "relcl")
            and any(a.lower_ == "to" and a.dep_ == "aux" for a in ch.children)
            and (ch.lemma_.lower() in _HAPPEN or any(a.dep_ == "auxpass" for a in ch.children))
        ):
            # "a summit to be held in June", "talks to begin Monday"; not "requests to shut down",
            # "willingness to work", where the clause is the content
            found = _stronger(found, PLANNED)
    return found


def factuality(token: Token) -> str | None:
    """``Negated``, ``Planned`` or ``Possible`` for the event triggered at ``token``; None when
    the article asserts it."""
    c = cues()
    found: str | None = None
    verb: Token | None = token
    if token.pos_ not in ("VERB", "AUX"):
        found = _noun_cues(token, c)
        head = token.head
        if token.dep_ in ("dobj", "obj") and head.pos_ == "VERB" and head.lemma_.lower() in _ARRANGING:
            found = _stronger(found, PLANNED)  # "arranging a meeting", "plans a summit"
        # "talks will be held", "held no talks", "plans a summit": the clause of the noun's verb
        verb = (
            governing_verb(token)
            if token.dep_ in ("nsubj", "nsubjpass", "dobj", "obj", "attr", "pobj")
            else None
        )
    own = True
    intended = False  # planned by an intention ("plans to"), not only by a future form
    clauses: list[Token] = []
    for _ in range(4):
        if verb is None:
            break
        clauses.append(verb)
        found = _stronger(found, _clause_cues(verb, c, own=own))
        own = False
        head = verb.head
        if head is verb:
            break
        if (
            verb.dep_ == "xcomp"
            or (verb.dep_ in ("acomp", "advcl") and head.lemma_.lower() in ("be",))
            or (verb.dep_ == "ccomp" and _infinitive(verb))  # "wants the U.S. to stop releasing"
        ):
            cue = _head_cue(head, c)
            intended = intended or (cue == PLANNED and head.lemma_.lower() not in c.arranged_heads)
            found = _stronger(found, cue)
            verb = head
        elif verb.dep_ == "conj":
            # "will meet and discuss": the conjunct shares the first verb's modals, not its negation
            shared = _clause_cues(head, c, own=False)
            if shared != NEGATED and not any(ch.dep_ in ("aux", "auxpass") for ch in verb.children):
                found = _stronger(found, shared)
            clauses.append(head)  # "set to exchange on Wednesday, and will hand over": one time
            verb = head if head.dep_ == "xcomp" else None
        elif verb.dep_ in ("acl", "ccomp") and head.pos_ == "NOUN" and head.lemma_.lower() in _CONTENT_NOUNS:
            # what a requirement, an attempt or a demand is for: "its requirement that companies
            # turn over technology", "his attempts to intimidate"
            found = _stronger(found, POSSIBLE)
            break
        elif verb.dep_ == "pcomp" and head.dep_ == "prep":
            found = _stronger(found, _head_cue(head.head, c))  # "looking forward to meeting"
            if head.lower_ == "of" and head.head.lemma_.lower() in _OPEN_NOUNS:
                found = _stronger(found, POSSIBLE)  # "discussed the possibility of interviewing him"
            break
        else:
            break
    if found == PLANNED and not intended and _imminent(clauses + _coordinated(clauses[:1]), c):
        return None
    return found


def _infinitive(verb: Token) -> bool:
    """A clause in the infinitive with its own subject ("[wants] the U.S. to stop"): the parser's
    ccomp for what is an xcomp with an object in grammar books."""
    return any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in verb.children)


def _coordinated(verbs: list[Token]) -> list[Token]:
    """The clause an "and" joins the trigger's clause to, when the parser hung both on a third verb
    ("[they are set to exchange prisoners on Wednesday], and [Russia will hand over ...], it said")."""
    out: list[Token] = []
    for verb in verbs:
        for sibling in verb.head.children:
            if (
                sibling.i < verb.i
                and sibling.pos_ in ("VERB", "AUX")
                and any(ch.dep_ == "cc" and ch.lower_ == "and" and ch.i < verb.i for ch in sibling.children)
            ):
                out.append(sibling)
    return out


def _imminent(clauses: list[Token], c: Cues) -> bool:
    """Whether the trigger's clauses name a time so near that the event is reported as happening."""
    for verb in clauses:
        words = {w.lower_ for w in verb.subtree}
        if words & c.imminent_times and not words & _FUTURE_TIME:
            return True
    return False
