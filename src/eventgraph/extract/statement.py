"""Statements and allegations (CAMEO 010, 11x; PLOVER ACCUSE)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from eventgraph.extract.engine import ArticleContext, EventDraft, match_family
from eventgraph.extract.nominal import relative_clause_roles

# what someone says, as the subject of a verb of speaking: "Trump's remarks are deceiving"
_SAID = frozenset(
    {
        "remark",
        "comment",
        "statement",
        "claim",
        "word",
        "answer",
        "reply",
        "speech",
        "tweet",
        "post",
        "testimony",
    }
)


def extract_statements(doc: Doc, *, context: ArticleContext) -> Iterator[EventDraft]:
    for draft in match_family(doc, context, "statement"):
        relative_clause_roles(draft, context)  # "the statement the ministry issued"
        if draft.rule.pos == "NOUN":
            _demonym_of_the_subject(draft, context)
            if not draft.agent:
                _demonym_of_the_speaker(draft, context)
        if not draft.agent and draft.rule.pos == "VERB":
            _speaker_as_subject(draft, context)
        if draft.cls == "Allegation" and not draft.target:
            # "X claimed that the Ukrainian leadership had ...": the accused is the claim's subject
            for child in draft.token.children:
                if child.dep_ == "ccomp":
                    subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                    if subj is not None:
                        keys = [k for k in context.actors.resolve(subj) if k not in draft.agent]
                        draft.target.extend(keys)
                    break
        yield draft


def _demonym_of_the_subject(draft: EventDraft, context: ArticleContext) -> None:
    """ "a bogus Russian collusion claim": a demonym before a noun modifier tells whose collusion
    the claim is about, not who claims; the parser hangs it on the claim all the same."""
    token = draft.token
    actors = context.actors
    lex = context.lex
    # a compound that names who acts keeps the demonym on the speaker: "the Russian media broadcast"
    speakers = lex.agentive_nouns | lex.human_nouns | lex.media_words
    compounds = [c for c in token.children if c.dep_ in ("compound", "amod") and c.pos_ == "NOUN"]
    for c in token.children:
        between = [m for m in compounds if c.i < m.i < token.i]
        if c.dep_ != "amod" or c.i not in actors.demonym or not between:
            continue
        if any(m.lemma_.lower() in speakers or m.lower_ in speakers for m in between):
            continue
        key = actors._ensure_country(actors.demonym[c.i])
        others = [t for t in token.children if t is not c and key in actors.resolve(t)]
        if key in draft.agent and not others:
            draft.agent.remove(key)


def _demonym_of_the_speaker(draft: EventDraft, context: ArticleContext) -> None:
    """ "a Russian television broadcast", "the Chinese state media report": the demonym on the
    noun naming who speaks is the speaker's state."""
    lex = context.lex
    speakers = lex.agentive_nouns | lex.media_words
    actors = context.actors
    for mod in draft.token.children:
        if mod.dep_ != "compound" or (mod.lemma_.lower() not in speakers and mod.lower_ not in speakers):
            continue
        for c in mod.children:
            if c.dep_ in ("amod", "compound") and c.i in actors.demonym:
                _add(draft, [actors._ensure_country(actors.demonym[c.i])])


def _speaker_as_subject(draft: EventDraft, context: ArticleContext) -> None:
    """The speaker where the parse hides it: of two subjects the parser gave the verb ('"...
    uncertainty," the European Union said'; "Has Clinton misled"), the one naming an actor; or
    the owner of the words that are the subject ("Trump's remarks are deceiving")."""
    subjects = [c for c in draft.token.children if c.dep_ == "nsubj"]
    named = [s for s in subjects if context.actors.actor_at(s) is not None]
    if len(subjects) > 1 and named:
        speaker = min(named, key=lambda s: abs(s.i - draft.token.i))
        _add(draft, context.actors.resolve(speaker))
        said = [s for s in subjects if s.i < speaker.i and context.actors.actor_at(s) is None]
        if said:  # the other "subject" heads what was said: the quote before ", X said"
            draft.topic = _words(said[0]) or draft.topic
        return
    for subj in subjects:
        if subj.lemma_.lower() in _SAID:
            owner = next((c for c in subj.children if c.dep_ == "poss"), None)
            if owner is not None:
                _add(draft, context.actors.resolve(owner))


def _words(head: Token) -> str | None:
    """The words of the phrase ``head`` heads, without the quotation marks around them."""
    text = head.doc[head.left_edge.i : head.right_edge.i + 1].text
    words = text.replace("\u201c", " ").replace("\u201d", " ").replace('"', " ").split()
    text = " ".join(words[:24]).strip(" ,.;:")
    return text or None


def _add(draft: EventDraft, keys: list[str]) -> None:
    draft.agent.extend(k for k in keys if k not in draft.actors())
