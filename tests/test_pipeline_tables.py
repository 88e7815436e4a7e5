"""The pipeline's faster tables give exactly the model's annotations: the attribute ruler's lookup
table (eventgraph.attribute_index) and the lemmatizer's word sets (eventgraph.lemma_index)."""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from eventgraph.attribute_index import AttributeMatchIndex  # noqa: E402
from eventgraph.nlp import load_pipeline, pick_model  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"

# invented sentences that reach the ruler's rarer patterns (contractions, "gon na", "y'all",
# expletive "there", pronouns of every person, modal verbs, spaces) and the lemmatizer's rules
# (plurals, past forms, comparatives, unknown words)
SENTENCES = [
    "There is no deal yet, and there were talks. Y'all know it ain't over; we're gon na wait.",
    "Let's go. C'mon!  I told her that she could, but he didn't,\n\n and they'd said so themselves.",
    "Something happened: nobody knew whether anyone would come. Its own ministers said 'it's done'.",
    "The envoys' happier proposals were rejected; talks stalled, then resumed as negotiators flew in.",
    "Flibberty tariffs were quadrupled by the widest margins; geese, mice and oxen fled the burning barns.",
]


@pytest.fixture(scope="module")
def plain_nlp():
    return spacy.load(pick_model(None), exclude=["senter"])


def _texts() -> list[str]:
    return [*SENTENCES, *(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))]


def test_the_table_finds_the_matchers_matches(plain_nlp) -> None:
    ruler = plain_nlp.get_pipe("attribute_ruler")
    index = AttributeMatchIndex(ruler)
    with plain_nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(plain_nlp.pipe(_texts()))
    assert sum(len(doc) for doc in docs) > 500
    for doc in docs:
        assert index(doc) == sorted(set(ruler.match(doc)))


def test_the_pipeline_annotates_as_the_model_does(plain_nlp) -> None:
    indexed = load_pipeline(None)
    assert isinstance(indexed.get_pipe("attribute_ruler").match, AttributeMatchIndex)
    known_nouns = indexed.get_pipe("lemmatizer").lookups.get_table("lemma_index")["noun"]
    assert isinstance(known_nouns, frozenset) and "agreement" in known_nouns
    for text in _texts():
        expected, got = plain_nlp(text), indexed(text)
        assert [(t.pos_, str(t.morph), t.lemma_) for t in got] == [
            (t.pos_, str(t.morph), t.lemma_) for t in expected
        ]


def test_patterns_the_table_cannot_hold_stay_with_a_matcher(plain_nlp) -> None:
    from spacy.pipeline import AttributeRuler

    ruler = AttributeRuler(plain_nlp.vocab)
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
    ruler.add([[{"LOWER": "talks", "OP": "+"}]], {"POS": "PROPN"})  # an operator: not in the table
    ruler.add([[{"LENGTH": 5}]], {"POS": "X"})  # another attribute: not in the table
    with plain_nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        doc = plain_nlp("Peace talks began in Paris on Monday.")
    assert AttributeMatchIndex(ruler)(doc) == sorted(set(ruler.match(doc)))
    assert AttributeMatchIndex(ruler)(doc)  # the test is not vacuous
