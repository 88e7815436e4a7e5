"""Where the parse puts a verb's subject and a noun's verb, for the event families' roles."""

from __future__ import annotations

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

__all__ = ["described", "governing_verb", "lemmas_and_forms", "subject"]


def lemmas_and_forms(doc: Doc) -> list[tuple[str, str]]:
    """Each token's lower-cased lemma and lower-cased text, read from the Doc's arrays (a spaCy
    Token object is made on every ``doc[i]`` and every step of ``for t in doc``)."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    rows = doc.to_array([LEMMA, LOWER]).tolist()
    return [(strings[lemma].lower(), strings[lower]) for lemma, lower in rows]


_SUBJ = ("nsubj", "csubj", "expl")
_PASSIVE_SUBJ = ("nsubjpass", "csubjpass")
_RELATIVES = ("who", "which", "that")
_FINITE = ("VBD", "VBZ", "VBP")


def subject(verb: Token) -> tuple[Token | None, bool]:
    """The subject of a verb (climbing xcomp/conj/relcl chains), and whether it is passive."""
    t = verb
    # "the US is not going to be intimidated": a passive infinitive's controller is acted on
    controlled_passive = False
    for _ in range(4):
        for c in t.children:
            if c.dep_ in _SUBJ + _PASSIVE_SUBJ and c.lower_ in _RELATIVES and t.dep_ == "relcl":
                # "Trump, who has suggested ...", "the deputy, who was advised of ...": the noun
                # the clause is about (passive when the relative is a passive subject)
                return described(t.head), c.dep_ in _PASSIVE_SUBJ and t is verb
            if (c.dep_ in _SUBJ and c.lower_ not in ("it", "there")) or (
                c.dep_ in _SUBJ and c.dep_ != "expl"
            ):
                return c, controlled_passive
            if c.dep_ in _PASSIVE_SUBJ:
                # passive only for the verb itself ("he was forced to capitulate": he capitulates),
                # or for a passive participle conjoined to it ("bribed or blackmailed by Putin")
                return c, t is verb or (verb.dep_ == "conj" and verb.tag_ == "VBN")
        if t.dep_ == "acomp" and t.head is not t:
            t = t.head  # "Kyiv was ready to accept": the adjective's subject accepts
            continue
        if t.dep_ == "xcomp" and t.head is not t:
            controlled_passive = t is verb and any(c.dep_ == "auxpass" for c in verb.children)
            # object control: "ordered the military to stop" -> the military stops; "called on
            # the agency to convene" -> the agency convenes
            obj = _controller(t)
            if obj is not None:
                return obj, controlled_passive
            t = t.head
            continue
        if t.dep_ == "conj" and t.head is not t:
            t = _coordinated_with(t)
            continue
        if (
            t.dep_ == "advcl"
            and t.tag_ in ("VBG", "VBN")
            and not any(c.dep_ in ("mark", "aux") for c in t.children)
        ):
            t = t.head  # "..., urging them to flee": a participle clause shares the main subject
            continue
        if (
            (t.dep_ == "pcomp" or (t.dep_ == "pobj" and t.tag_ == "VBG"))
            and t.head.dep_ == "prep"
            and t.head.head.pos_
            in (
                "VERB",
                "AUX",
            )
        ):
            governor = t.head.head
            obj = next((c for c in governor.children if c.dep_ in ("dobj", "obj")), None)
            if t.head.lower_ == "of" and obj is not None:
                return obj, False  # "accused his leader of deceiving him": the leader deceives
            t = governor  # "won by negotiating": the gerund shares the verb's subject
            continue
        if t.dep_ in ("relcl", "acl") and t.head is not t:
            holder = _copula_subject(t)
            if holder is not None:  # "Russia is the latest to be threatened": Russia is threatened
                return holder, t is verb and any(c.dep_ == "auxpass" for c in t.children)
            owner = next((c for c in t.head.children if c.dep_ == "poss"), None)
            return (
                owner if owner is not None and t.dep_ == "acl" else t.head
            ), False  # "Putin's decision to withdraw"
        if t.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            obj = _controller(t)
            if obj is not None:
                return obj, False  # "hire experts to advise him": the experts advise
        break
    return None, False


def _copula_subject(relative: Token) -> Token | None:
    """ "X is the first to sign", "X are the latest to be threatened": an infinitive on the
    predicate of "be" is about the subject of "be"."""
    head = relative.head
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in relative.children):
        return None
    if head.dep_ != "attr" or head.head.lemma_ != "be":
        return None
    return next((c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _controller(infinitive: Token) -> Token | None:
    """Who does what an infinitive says, when the verb it hangs on names them: the object
    ("ordered the military to stop") or the one called on ("called on the agency to convene")."""
    governor = infinitive.head
    obj = next((c for c in governor.children if c.dep_ in ("dobj", "obj")), None)
    if obj is not None:
        return obj
    return next(
        (
            g
            for p in governor.children
            if p.dep_ == "prep" and p.lower_ in ("on", "upon") and p.i < infinitive.i
            for g in p.children
            if g.dep_ == "pobj"
        ),
        None,
    )


def described(noun: Token) -> Token:
    """The name a descriptive noun stands beside: "Max Boot, the columnist and senior fellow who
    ...": the relative clause is about Boot, not the title."""
    t = noun
    while t.pos_ == "NOUN" and t.dep_ == "conj" and t.head is not t:
        t = t.head
    if t.pos_ == "NOUN" and t.dep_ == "appos" and t.head.pos_ == "PROPN":
        return t.head
    return noun


def _coordinated_with(conj: Token) -> Token:
    """The verb a conjoined verb shares its subject with. The parser often hangs the second verb
    of "Pence confirmed that Trump is due to speak and vowed that ..." on the subordinate clause;
    a finite verb of another tense, with no "that" of its own, joined to a clause
    opened by "that", belongs with the verb that governs that clause."""
    head = conj.head
    if (
        conj.tag_ in _FINITE
        and _tense(head) in _FINITE
        and conj.tag_ != _tense(head)
        and head.dep_ == "ccomp"
        and any(c.dep_ == "mark" for c in head.children)
        and not any(c.dep_ == "mark" for c in conj.children)
        and head.head is not head
    ):
        return head.head
    return head


def _tense(verb: Token) -> str:
    """The tag of the finite word of a verb's clause: its first auxiliary's ("is scheduled":
    VBZ), else its own."""
    aux = next((c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i), None)
    return (aux or verb).tag_


def governing_verb(token: Token) -> Token | None:
    """The verb a noun is the object or subject of, through prepositions and conjuncts ("held
    talks with", "during a call"); None when there is none within three steps."""
    t = token
    for _ in range(3):
        head = t.head
        if head is t:
            return None
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.dep_ == "prep" or t.dep_ in ("pobj", "conj", "appos"):
            t = head
            continue
        return None
    return None
