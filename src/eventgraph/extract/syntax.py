"""Where the parse puts a verb's subject and a noun's verb, for the event families' roles."""

from __future__ import annotations

from spacy.tokens import Token

__all__ = ["governing_verb", "subject"]

_SUBJ = ("nsubj", "csubj", "expl")
_PASSIVE_SUBJ = ("nsubjpass", "csubjpass")


def subject(verb: Token) -> tuple[Token | None, bool]:
    """The subject of a verb (climbing xcomp/conj/relcl chains), and whether it is passive."""
    t = verb
    for _ in range(4):
        for c in t.children:
            if c.dep_ in _SUBJ and c.lower_ in ("who", "which", "that") and t.dep_ == "relcl":
                return t.head, False  # "Trump, who has suggested ...": the noun the clause is about
            if (c.dep_ in _SUBJ and c.lower_ not in ("it", "there")) or (
                c.dep_ in _SUBJ and c.dep_ != "expl"
            ):
                return c, False
            if c.dep_ in _PASSIVE_SUBJ:
                # passive only for the verb itself ("he was forced to capitulate": he capitulates),
                # or for a passive participle conjoined to it ("bribed or blackmailed by Putin")
                return c, t is verb or (verb.dep_ == "conj" and verb.tag_ == "VBN")
        if t.dep_ == "acomp" and t.head is not t:
            t = t.head  # "Kyiv was ready to accept": the adjective's subject accepts
            continue
        if t.dep_ == "xcomp" and t.head is not t:
            # object control: "ordered the military to stop" -> the military stops
            obj = next((c for c in t.head.children if c.dep_ in ("dobj", "obj")), None)
            if obj is not None:
                return obj, False
            t = t.head
            continue
        if t.dep_ == "conj" and t.head is not t:
            t = t.head
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
            owner = next((c for c in t.head.children if c.dep_ == "poss"), None)
            return (
                owner if owner is not None and t.dep_ == "acl" else t.head
            ), False  # "Putin's decision to withdraw"
        if t.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            obj = next((c for c in t.head.children if c.dep_ in ("dobj", "obj")), None)
            if obj is not None:
                return obj, False  # "hire experts to advise him": the experts advise
        break
    return None, False


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
