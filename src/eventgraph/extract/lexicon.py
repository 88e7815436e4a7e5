"""The extraction lexicons, read once from ``eventgraph/data/*.toml``.

A trigger names an event class of the ontology; what the class table says of that class (its
family, whether it is symmetric, a directive, a coreference host) is the rule's default, so a
trigger entry needs only its words and the syntax it expects.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from eventgraph.classes import OntologyClass, class_table

__all__ = ["Lexicon", "TriggerRule", "lexicon"]


@dataclass(frozen=True, slots=True)
class TriggerRule:
    cls: str
    family: str
    pos: str
    lemmas: frozenset[str]  # one-word lemmas
    phrases: tuple[tuple[str, ...], ...]  # multi-word lemmas, as word tuples
    particle: str | None = None
    prep: frozenset[str] = frozenset()
    near: frozenset[str] = frozenset()
    not_near: frozenset[str] = frozenset()
    object: str = "topic"
    symmetric: bool = False
    needs_actor: bool = True
    generic: bool = False
    min_actors: int = 0
    object_actor: bool = False
    topic_recipient: bool = False  # actors the topic is on/for/against are recipients
    # from the class table (eventgraph.classes)
    directive_content: bool = False  # inside a directive's content it is that content, no event


@dataclass(frozen=True)
class Lexicon:
    rules: tuple[TriggerRule, ...]
    number_units: dict[str, int]
    number_scales: dict[str, int]
    duration_units: dict[str, str]
    time_units: frozenset[str]
    titles: frozenset[str]
    portfolios: frozenset[str]
    role_nouns: frozenset[str]
    group_nouns: frozenset[str]
    agentive_nouns: frozenset[str]
    human_nouns: frozenset[str]
    generic_orgs: frozenset[str]
    media_words: frozenset[str]
    military_nouns: frozenset[str]
    support_verbs: frozenset[str]
    topic_preps: frozenset[str]
    attribution_verbs: frozenset[str]
    attribution_markers: tuple[str, ...]
    pronouns: dict[str, frozenset[str]]
    directive_classes: frozenset[str]  # classes whose content is another action (orders, requests …)

    def rules_for(self, family: str) -> tuple[TriggerRule, ...]:
        return tuple(r for r in self.rules if r.family == family)

    @property
    def trigger_words(self) -> frozenset[str]:
        """Every one-word verb lemma: words that are never the last word of a person's name."""
        return frozenset(w for r in self.rules if r.pos == "VERB" for w in r.lemmas)


def _read(name: str) -> dict:
    return tomllib.loads(resources.files("eventgraph.data").joinpath(name).read_text(encoding="utf-8"))


def _event_class(raw: dict, n: int) -> OntologyClass:
    """The ontology's event class a trigger entry names, or an error that names the entry."""
    known = class_table().get(str(raw.get("class")))
    if known is None or known.kind != "event" or known.name == "Event":
        words = ", ".join(raw.get("lemmas", ()))
        raise ValueError(
            f"triggers.toml: trigger {n} ({words}) names class {raw.get('class')!r}, which is not an "
            "event class of the ontology: declare it in ontology/eventgraph.ttl (rdfs:subClassOf eg:Event)"
        )
    return known


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    triggers = _read("triggers.toml")["trigger"]
    words = _read("words.toml")
    rules = []
    for n, raw in enumerate(triggers, 1):
        cls = _event_class(raw, n)
        lemmas = [w.lower() for w in raw["lemmas"]]
        rules.append(
            TriggerRule(
                cls=cls.name,
                family=raw.get("family", cls.family),
                pos=raw["pos"],
                lemmas=frozenset(w for w in lemmas if " " not in w),
                phrases=tuple(tuple(w.split()) for w in lemmas if " " in w),
                particle=raw.get("particle"),
                prep=frozenset(raw.get("prep", ())),
                near=frozenset(raw.get("near", ())),
                not_near=frozenset(raw.get("not_near", ())),
                object=raw.get("object", "topic"),
                symmetric=bool(raw.get("symmetric", cls.symmetric)),
                needs_actor=bool(raw.get("needs_actor", True)),
                generic=bool(raw.get("generic", False)),
                min_actors=int(raw.get("min_actors", 0)),
                object_actor=bool(raw.get("object_actor", False)),
                topic_recipient=bool(raw.get("topic_recipient", False)),
                directive_content=cls.directive_content,
            )
        )
    return Lexicon(
        rules=tuple(rules),
        number_units=dict(words["numbers"]["units"]),
        number_scales=dict(words["numbers"]["scales"]),
        duration_units=dict(words["durations"]["units"]),
        time_units=frozenset(words["durations"]["time_units"]),
        titles=frozenset(words["people"]["titles"]),
        portfolios=frozenset(words["people"]["portfolios"]),
        role_nouns=frozenset(words["people"]["roles"]),
        group_nouns=frozenset(words["people"]["groups"]),
        agentive_nouns=frozenset(words["people"]["agentive"]),
        human_nouns=frozenset(words["people"]["human"]),
        generic_orgs=frozenset(words["people"]["generic_orgs"]),
        media_words=frozenset(words["media"]["name_words"]),
        military_nouns=frozenset(words["military"]["nouns"]),
        support_verbs=frozenset(words["nouns"]["support_verbs"]),
        topic_preps=frozenset(words["nouns"]["topic_preps"]),
        attribution_verbs=frozenset(words["attribution"]["verbs"]),
        attribution_markers=tuple(words["attribution"]["markers"]),
        pronouns={k: frozenset(v) for k, v in words["pronouns"].items()},
        directive_classes=frozenset(c.name for c in class_table().event_classes if c.directive),
    )
