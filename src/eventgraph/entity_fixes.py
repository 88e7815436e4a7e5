"""A spaCy component that mends the statistical NER where news text trips it up.

- Person names that swallow a headline verb ("Putin Agree") are cut before the verb, and titles
  ("President Trump") are cut off the front: titles are not part of a name.
- Portfolio words before a title ("Trade Minister X") are part of the title, not an organisation.
- A name found once is found everywhere in the document: "Trump" tagged as a verb in
  "Trump put forward a proposal" is still the person named "Donald Trump" earlier.

Registered as ``eventgraph_entity_fixes`` when :func:`eventgraph.nlp.load_pipeline` imports this
module; it reads the extraction lexicon's titles and trigger words (``eventgraph.extract.lexicon``,
a leaf module: the extraction code itself is not imported).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from eventgraph.extract.lexicon import lexicon

# Verbs that commonly follow a name in a title-case headline but never end one.
_HEADLINE_VERBS = frozenset(
    {
        "agree",
        "agrees",
        "hold",
        "holds",
        "say",
        "says",
        "meet",
        "meets",
        "call",
        "calls",
        "talk",
        "talks",
        "urge",
        "urges",
        "warn",
        "warns",
        "vow",
        "vows",
        "slam",
        "slams",
        "back",
        "backs",
        "seek",
        "seeks",
        "sign",
        "signs",
        "reject",
        "rejects",
        "deny",
        "denies",
        "win",
        "wins",
        "order",
        "orders",
        "discuss",
        "announce",
        "announces",
        "accuse",
        "accuses",
        "threaten",
        "threatens",
        "offer",
        "offers",
        "propose",
    }
)


def _cut_person(doc: Doc, ent: Span, stop_words: frozenset[str], titles: frozenset[str]) -> Span | None:
    start, end = ent.start, ent.end
    while start < end and (doc[start].lower_ in titles or doc[start].lower_.rstrip(".") in titles):
        start += 1
    for i in range(start + 1, end):
        if doc[i].lower_ in stop_words:
            end = i
            break
    while end > start and (doc[end - 1].lower_ in ("'s", "'", "’s") or doc[end - 1].is_punct):
        end -= 1
    if start >= end or not any(t.is_alpha for t in doc[start:end]):
        return None
    return Span(doc, start, end, label=ent.label_)


def _names_a_post(doc: Doc, ent: Span, portfolios: frozenset[str], titles: frozenset[str]) -> bool:
    """ "Trade Minister Steven Ciobo", "Judiciary Chairman Bob Goodlatte": portfolio words just
    before a title are part of the title, not an organisation of their own."""
    return ent.end < len(doc) and doc[ent.end].lower_ in titles and all(t.lower_ in portfolios for t in ent)


@Language.component("eventgraph_entity_fixes")
def entity_fixes(doc: Doc) -> Doc:
    lex = lexicon()
    stop_words = lex.trigger_words | _HEADLINE_VERBS
    titles = frozenset(t for t in lex.titles if " " not in t)
    spans: list[Span] = []
    surnames: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON" and not ent.ent_id_:
            cut = _cut_person(doc, ent, stop_words, titles)
            if cut is None:
                continue
            spans.append(cut)
            last = cut[-1]
            if last.is_title and len(last.text) > 2:
                surnames[last.text] = cut.text
        elif ent.label_ in ("ORG", "NORP") and _names_a_post(doc, ent, lex.portfolios, titles):
            continue
        else:
            spans.append(ent)
    # an organisation or place that bears a person's name in this document is that person
    names = set(surnames) | set(surnames.values())
    spans = [
        Span(doc, s.start, s.end, label="PERSON")
        if s.label_ in ("ORG", "GPE", "NORP") and not s.ent_id_ and s.text in names
        else s
        for s in spans
    ]
    taken = {i for s in spans for i in range(s.start, s.end)}
    for token in doc:
        if token.i in taken or token.text not in surnames:
            continue
        # the same name again, missed or mis-tagged by the model (title-case headlines, "Trump" as a verb)
        end = token.i + 1
        spans.append(Span(doc, token.i, end, label="PERSON"))
    doc.ents = filter_spans(spans)
    return doc
