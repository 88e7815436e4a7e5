"""Whom a pronoun or a quote stands for, read from the sentence and the one before it.

"I" and "we" in a quote are its speaker (the subject of the reporting verb that governs it, or of
the quoted sentence next to it); "he"/"she"/"they" opening a complement clause are the subject of
the verb that governs it ("officials expect they will"), and opening a main clause they continue
the previous sentence's subject ("The director, Ina Kirsch, told ... She said ...").
"""

from __future__ import annotations

from spacy.tokens import Token

from eventgraph.extract.drafts import ArticleContext
from eventgraph.extract.syntax import subject

__all__ = [
    "agreeing_person",
    "inside_quote",
    "previous_subject",
    "quote_speaker",
    "reporting_subject",
    "sentence_speaker",
    "titled_person",
]


def sentence_speaker(token: Token, ctx: ArticleContext) -> list[str]:
    """Who speaks a quote around ``token``: the subject of a reporting verb in the sentence."""
    verbs = ctx.lex.attribution_verbs
    own = token.doc is ctx.doc  # the context's sentences and words are those of its own doc
    sent = ctx.sentence(token.i) if own else token.sent
    words = ctx.words if own else None
    for t in sent:
        if (
            (words[t.i][0] if words is not None else t.lemma_.lower()) in verbs
            and t.pos_ == "VERB"
            and not _dominates(t, token, stop=token)
        ):
            subj, _ = subject(t)
            if subj is not None:
                keys = ctx.actors.resolve(subj, group=ctx.last_group)
                if keys:
                    return keys
    return []


def quote_speaker(token: Token, ctx: ArticleContext) -> list[str]:
    """Who speaks the quote ``token`` is in: the subject of the reporting verb that governs it
    ("'We will not sign,' Merkel said"), else, for a quoted sentence with no reporting verb of its
    own, that of the sentence before or after it ("Comey wrote: '...' ... 'I told him ...'")."""
    verbs = ctx.lex.attribution_verbs
    for t in token.ancestors:
        if t.pos_ == "VERB" and t.lemma_.lower() in verbs:
            keys = _reporter(t, ctx)
            if keys:
                return keys
    sent = ctx.sentence(token.i) if token.doc is ctx.doc else token.sent
    if not any(t.text in _QUOTE_MARKS for t in sent) or any(
        t.pos_ == "VERB" and t.lemma_.lower() in verbs for t in sent
    ):
        return []
    doc = token.doc
    for i in (sent.end, sent.start - 1):
        if not 0 <= i < len(doc):
            continue
        near = ctx.sentence(i) if doc is ctx.doc else doc[i].sent
        if not any(t.text in _QUOTE_MARKS for t in near):
            continue
        for t in near:
            if t.pos_ == "VERB" and t.lemma_.lower() in verbs:
                keys = _reporter(t, ctx)
                if keys:
                    return keys
    return []


_QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "''", "``"})


def _reporter(verb: Token, ctx: ArticleContext) -> list[str]:
    subj, passive = subject(verb)
    if subj is None or passive or subj.pos_ == "PRON":
        return []
    return ctx.actors.resolve(subj)


def inside_quote(token: Token, ctx: ArticleContext) -> bool:
    """Whether ``token`` stands inside quotation marks of its sentence (an odd number before it)."""
    sent = ctx.sentence(token.i) if token.doc is ctx.doc else token.sent
    marks = sum(1 for t in token.doc[sent.start : token.i] if t.text in _QUOTE_MARKS)
    return marks % 2 == 1


def _dominates(a: Token, b: Token, stop: Token) -> bool:
    return a in list(b.ancestors)


_PLURAL = ("NNS", "NNPS")


def previous_subject(pronoun: Token, ctx: ArticleContext) -> list[str]:
    """ "The director, Ina Kirsch, told the AP ... She said ...": a "he" or "she" opening a main
    clause, with no person named before it in its sentence (quotes aside), continues the subject
    of the previous sentence when that is one person (named, or in apposition to a title); a
    "they" continues it when that is a list or a plural ("A and B welcomed ... '...,' they said")."""
    low = pronoun.lower_
    if low not in ("he", "she", "they") or pronoun.dep_ != "nsubj":
        return []
    sent = ctx.sentence(pronoun.i) if pronoun.doc is ctx.doc else pronoun.sent
    if pronoun.head != sent.root or sent.start == 0:
        return []
    before = pronoun.doc[sent.start : pronoun.i]
    if any(ctx.actors.actor_at(t) and not inside_quote(t, ctx) for t in before):
        return []
    previous = ctx.sentence(sent.start - 1) if pronoun.doc is ctx.doc else pronoun.doc[sent.start - 1].sent
    subj = next((c for c in previous.root.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ == "PRON":
        return []
    if low == "they":
        if subj.tag_ not in _PLURAL and not any(c.dep_ == "conj" for c in subj.children):
            return []
        return ctx.actors.resolve(subj, group=ctx.last_group)
    key = ctx.actors.actor_at(subj)
    if key and ctx.actors.actors[key].cls == "Person":
        return [key]
    return titled_person(subj, ctx)


def titled_person(subj: Token, ctx: ArticleContext) -> list[str]:
    """ "The director of the centre, Ina Kirsch, ...": a title with a person in apposition (the
    parser may hang the name on the title's own modifier)."""
    if ctx.actors.actor_at(subj) is not None:
        return []
    names = {
        key
        for t in subj.subtree
        if t.dep_ == "appos" and (key := ctx.actors.actor_at(t)) and ctx.actors.actors[key].cls == "Person"
    }
    return list(names) if len(names) == 1 else []


def reporting_subject(pronoun: Token, ctx: ArticleContext) -> list[str]:
    """ "FBI officials expect they will ...", "Trump said he would ...": the subject pronoun of a
    complement clause names the subject of the verb that governs the clause, when they agree
    ("they": a plural or a list; "he"/"she": a person; "it": one body that is no person)."""
    low = pronoun.lower_
    if low not in ("they", "he", "she", "it") or pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return []
    clause = pronoun.head
    if clause.dep_ != "ccomp" or clause.head is clause:
        return []
    subj, passive = subject(clause.head)
    if subj is None or passive:
        return []
    if subj.pos_ == "PRON":  # "She said she had met ...": as the first "she"
        return previous_subject(subj, ctx) if subj.lower_ == low else []
    keys = ctx.actors.resolve(subj, group=ctx.last_group)
    if not keys:
        return []
    if low == "they":
        agrees = subj.tag_ in _PLURAL or any(c.dep_ == "conj" for c in subj.children)
    elif low == "it":  # "the administration said it had reached a deal": a body, not a person
        agrees = subj.tag_ not in _PLURAL and subj.ent_type_ != "PERSON"
    else:
        agrees = subj.tag_ not in _PLURAL and all(ctx.actors.actors[k].cls == "Person" for k in keys)
    return keys if agrees else []


_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})


def _gender(key: str, ctx: ArticleContext) -> str | None:
    """ "Mr. Blair", "Mrs. Clinton": the gender the article's own titles give a person."""
    titles = ctx.actors.actors[key].titles
    male = bool(titles & {"mr", "sir", "lord", "king", "prince"})
    female = bool(titles & {"mrs", "ms", "queen", "princess"})
    if male == female:  # neither, or both ("Mr. and Mrs. Clinton" as one name)
        return None
    return "m" if male else "f"


def agreeing_person(pronoun: Token, keys: list[str], ctx: ArticleContext) -> list[str]:
    """ "Mr. Blair has said that he had suggested that she ...": a "she" is no Mr.; the nearest
    earlier person the article calls "Mrs." or "Ms." (or, failing one, whom it gives no gender)
    instead. ``keys`` are kept when they agree."""
    low = pronoun.lower_
    want = "m" if low in _MALE else "f" if low in _FEMALE else None
    if want is None or len(keys) != 1 or _gender(keys[0], ctx) in (None, want):
        return keys
    actors = ctx.actors
    doc = pronoun.doc
    # no gender given: the nearest that was a subject, else the nearest (as for any pronoun)
    unknown_subject = unknown = None
    for i, key in reversed(actors.mention_order):
        if i >= pronoun.i or actors.actors[key].cls != "Person":
            continue
        gender = _gender(key, ctx)
        if gender == want:
            return [key]
        if gender is None:
            unknown = unknown or key
            if doc[i].dep_ in ("nsubj", "nsubjpass"):
                unknown_subject = unknown_subject or key
    choice = unknown_subject or unknown
    return [choice] if choice else []
