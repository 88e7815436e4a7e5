"""Trigger matching: which rule of a family, if any, fires on a token.

A rule fires on a token whose lemma or lower-case form is one of its lemmas (or ends one of its
phrases), with the part of speech, particle, preposition and nearby words the rule asks for;
:func:`fits` gives the token span of the trigger phrase. :func:`rule_index` finds, for a word,
the rules of a family it can trigger, so the others need not be tried.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventgraph.extract.lexicon import Lexicon, TriggerRule

__all__ = ["fits", "rule_index"]


def _context_lemmas(token: Token) -> set[str]:
    """Lemmas near a trigger: its children and grandchildren, its head and the head's children."""
    out = {token.lemma_.lower()}
    for c in token.children:
        out.add(c.lemma_.lower())
        out.add(c.lower_)
        for g in c.children:
            out.add(g.lemma_.lower())
            out.add(g.lower_)
            if g.dep_ == "prep" and g.lower_ == "of" and c.dep_ in ("dobj", "obj", "nsubjpass"):
                # what an amount holds: "gave several pages of explanations", "a list of questions"
                out.update(p.lemma_.lower() for p in g.children if p.dep_ == "pobj")
    head = token.head
    if head is not token:
        out.add(head.lemma_.lower())
        out.add(head.lower_)
        if head.dep_ == "prep" and head.head is not head:
            out.add(head.head.lemma_.lower())
    # a conjunct shares the first conjunct's head: "the memos, running 15 pages and sent to
    # Congress" (the memos were sent), "felt obstructed or threatened" (felt threatened)
    first = token
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    if first is not token and first.head is not first:
        out.add(first.head.lemma_.lower())
        out.add(first.head.lower_)
    if first is not token:  # and its auxiliaries: "he felt obstructed or threatened"
        out.update(c.lemma_.lower() for c in first.children if c.dep_ in ("aux", "auxpass"))
    return out


def _window(token: Token, size: int = 3) -> str:
    doc = token.doc
    return " ".join(t.lower_ for t in doc[max(0, token.i - size) : token.i + size + 1])


def fits(rule: TriggerRule, token: Token) -> tuple[int, int] | None:
    """Token span (start, end) of the trigger phrase if ``rule`` fires on ``token``."""
    pos = token.pos_
    if rule.pos == "VERB" and not (pos == "VERB" or (pos == "AUX" and token.dep_ == "ROOT")):
        return None
    if rule.pos == "NOUN" and not (pos == "NOUN" or (pos == "PROPN" and token.is_lower)):
        return None  # a capitalised noun is most often part of a name ("High Command")
    lemma = token.lemma_.lower()
    start, end = token.i, token.i + 1
    if lemma not in rule.lemmas and token.lower_ not in rule.lemmas:
        for phrase in rule.phrases:
            n = len(phrase)
            if token.i - n + 1 < 0:
                continue
            words = [t.lemma_.lower() for t in token.doc[token.i - n + 1 : token.i + 1]]
            if words == list(phrase) or [t.lower_ for t in token.doc[token.i - n + 1 : token.i + 1]] == list(
                phrase
            ):
                start = token.i - n + 1
                break
        else:
            return None
    if rule.particle:
        prt = [
            c
            for c in token.children
            if c.lower_ == rule.particle
            # the parser reads some particles as adverbs ("pushed back the deadline")
            and (c.dep_ == "prt" or (c.dep_ == "advmod" and c.i == token.i + 1))
        ]
        if not prt:
            return None
        end = max(end, prt[0].i + 1)
    if rule.prep and not any(
        c.dep_ in ("prep", "prt", "dative") and c.lower_ in rule.prep for c in token.children
    ):
        return None
    near = _context_lemmas(token)
    if rule.near and not (rule.near & near):
        return None
    if rule.not_near:
        window = _window(token)
        for w in rule.not_near:
            if (" " in w and f" {w} " in f" {window} ") or (" " not in w and w in near):
                return None
    if rule.pos == "NOUN":
        # take in the modifiers that make the phrase ("telephonic conversation", "prisoner exchange")
        i = start - 1
        while i >= 0:
            t = token.doc[i]
            if (
                t.head.i == token.i
                and t.dep_ in ("amod", "compound")
                and t.lemma_.lower() in rule.near | {"peace", "prisoner"}
            ):
                start = i
                i -= 1
            else:
                break
    return start, end


def rule_index(lex: Lexicon, family: str) -> tuple[tuple[TriggerRule, ...], dict[str, tuple[int, ...]]]:
    """The rules of ``family``, and for each word the rules it can trigger (in rule order).

    A rule fits a token only when the token's lemma or lower-case form is one of its lemmas or
    the last word of one of its phrases, so the other rules need not be tried.
    """
    cached = _RULE_INDEX.get((id(lex), family))
    if cached is not None:
        return cached
    rules = lex.rules_for(family)
    words: dict[str, set[int]] = {}
    for i, rule in enumerate(rules):
        for w in (*rule.lemmas, *(phrase[-1] for phrase in rule.phrases)):
            words.setdefault(w, set()).add(i)
    index = (rules, {w: tuple(sorted(ids)) for w, ids in words.items()})
    _RULE_INDEX[(id(lex), family)] = index
    return index


_RULE_INDEX: dict[tuple[int, str], tuple[tuple[TriggerRule, ...], dict[str, tuple[int, ...]]]] = {}
