"""Actors of one document: who is named where, and which actor a noun phrase stands for.

:class:`ActorIndex` reads the entities of a parsed ``Doc`` (statistical NER corrected by the
gazetteer) into per-article actors with stable keys, and resolves the head of a noun phrase to
actor keys: names, conjunctions, pronouns ("he", "they"), offices with a country ("the Russian
president", "his US counterpart"), groups ("both leaders"), armed forces ("the Russian troops")
and agentive heads ("the Kremlin's press service", "the Russian side").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from eventgraph.extract.groups import definite, group_phrases, listed_members
from eventgraph.extract.lexicon import lexicon
from eventgraph.extract.syntax import lemmas_and_forms
from eventgraph.extract.things import is_thing, thing_acronyms
from eventgraph.mint import slugify
from eventgraph.nlp import CAPITAL_PREFIX, DEMONYM_PREFIX, Gazetteer

__all__ = ["ActorIndex", "ActorSlot"]

_LOCATIVE = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "inside",
        "around",
        "across",
        "from",
        "into",
        "through",
        "throughout",
        "toward",
        "towards",
        "via",
    }
)
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
#: nouns that make a name in apposition an organization ("the organizing group, Pueblos …")
_ORG_NOUNS_WORDS = (
    "group organization organisation company firm agency party committee coalition network "
    "association union movement campaign charity nonprofit foundation institute"
)
_ORG_NOUNS = frozenset(_ORG_NOUNS_WORDS.split())
#: head nouns of facilities and rooms: a name headed by one is a place ("the … Port of Entry",
#: "the Situation Room", "the Rose Garden")
_FACILITIES = frozenset(
    {
        *("port", "airport", "station", "plaza", "square", "park", "bridge", "terminal", "crossing"),
        *("checkpoint", "room", "ballroom", "bedroom", "lobby", "garden", "lawn", "courtyard"),
    }
)
#: verbs whose object is a place one enters, leaves or empties ("cleared the … of aides")
_PLACE_VERBS = frozenset({"enter", "leave", "exit", "clear", "evacuate", "tour", "storm"})
#: verbs of going somewhere: their "to …" is a place ("proceed to the …")
_MOTION_VERBS = frozenset(
    {"go", "come", "proceed", "walk", "return", "move", "head", "retreat", "rush", "march", "repair"}
)
#: groups named after their person ("the Trump campaign"): an organization, not the person
_OWNED_GROUPS = frozenset({"campaign", "team"})
_CREDIT_VERBS = frozenset({"report", "have", "contribute", "produce"})
_FOLLOW = frozenset({"compound", "appos", "conj", "flat", "nmod"})


@dataclass
class ActorSlot:
    """An actor as gathered from one document (mutable while the document is read)."""

    key: str
    label: str
    cls: str
    wikidata: str | None = None
    country: str | None = None
    aliases: set[str] = field(default_factory=set)
    spans: list[tuple[int, int]] = field(default_factory=list)  # body character offsets
    titles: set[str] = field(default_factory=set)


_LEADING_THE = re.compile(r"^(the|The)\s+")
_POSSESSIVE_END = re.compile(r"['’]s$")
_SPACES = re.compile(r"\s+")


def _clean_name(span: Span) -> str:
    return _clean_text(span.text)


@lru_cache(maxsize=8192)
def _clean_text(text: str) -> str:
    """A name without its article, possessive ending and inner line breaks (a corpus names the
    same actors again and again, and each entity is asked for its name several times)."""
    text = _LEADING_THE.sub("", text.strip())
    text = _POSSESSIVE_END.sub("", text).strip()
    return _SPACES.sub(" ", text)


class ActorIndex:
    """The actors of one document and the resolution of noun phrases to them."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.lex = lexicon()
        self.actors: dict[str, ActorSlot] = {}
        self.token_actor: dict[int, str] = {}
        self.demonym: dict[int, str] = {}  # token -> country key ("Russian")
        self.modifier_tokens: set[int] = set()  # affiliation modifiers of a person ("US" in "US President X")
        self.mention_order: list[tuple[int, str]] = []  # (token index, actor key), in text order
        self.positions: dict[str, list[int]] = {}  # actor key -> token indexes of its mentions
        self.owned_heads: set[int] = set()  # heads of "the Trump campaign": its compound is not an actor here
        self._read_entities()

    # ------------------------------------------------------------------ building
    def _slot(self, key: str, label: str, cls: str, **extra: str | None) -> ActorSlot:
        slot = self.actors.get(key)
        if slot is None:
            slot = self.actors[key] = ActorSlot(key=key, label=label, cls=cls, **extra)  # type: ignore[arg-type]
        return slot

    def _add(self, key: str, ent: Span, surface: str) -> None:
        slot = self.actors[key]
        slot.spans.append((ent.start_char, ent.end_char))
        if surface != slot.label:
            slot.aliases.add(surface)
        for t in ent:
            self.token_actor[t.i] = key
        self.mention_order.append((ent.root.i, key))

    def _credits(self) -> set[int]:
        """Start tokens of the names in credit lines ("Veuer's Nick Cardona has that story",
        "The Arizona Republic's Daniel Gonzalez reports on …"): the reporter and the outlet."""
        out: set[int] = set()
        ents = {e.end: e for e in self.doc.ents}
        for ent in self.doc.ents:
            root = ent.root
            if ent.label_ not in ("PERSON", "ORG") or ent.ent_id_:
                continue
            if root.dep_ != "nsubj" or root.head.lemma_ not in _CREDIT_VERBS:
                continue
            if ent.start == 0 or self.doc[ent.start - 1].lower_ not in ("'s", "’s"):
                continue
            outlet = ents.get(ent.start - 1) or ents.get(ent.start)  # with or without its "'s"
            head = root.head
            if head.lemma_ == "have" and not any(c.lemma_ == "story" for c in head.children):
                continue
            out.add(ent.start)
            if outlet is not None:
                out.add(outlet.start)
        return out

    def _org_places(self) -> set[str]:
        """Names NER takes for organizations that the document names mostly as where something
        is ("gathered at …", "proceed to the …", "a crossing called …"): places."""
        where: dict[str, list[int]] = {}  # name -> [locative mentions, mentions]
        for ent in self.doc.ents:
            if ent.label_ != "ORG" or ent.ent_id_:
                continue
            root = ent.root
            head = root.head
            locative = (
                (root.dep_ == "pobj" and head.lower_ in _LOCATIVE)
                or (root.dep_ == "pobj" and head.lower_ == "to" and head.head.lemma_ in _MOTION_VERBS)
                or (root.dep_ == "dobj" and head.lemma_ in _PLACE_VERBS)
                or (root.dep_ == "oprd" and head.lemma_ == "call")
                or root.lower_ in _FACILITIES
            )
            counts = where.setdefault(_clean_name(ent), [0, 0])
            counts[0] += locative
            counts[1] += 1
        return {name for name, (loc, n) in where.items() if 2 * loc >= n}

    @staticmethod
    def _named_as_group(ent: Span) -> bool:
        """A name in apposition with "group", "organization" … names an organization."""
        root = ent.root
        if root.dep_ == "appos" and root.head.lemma_.lower() in _ORG_NOUNS:
            return True
        return any(c.dep_ == "appos" and c.lemma_.lower() in _ORG_NOUNS for c in root.children)

    def _read_entities(self) -> None:
        doc = self.doc
        persons: list[Span] = []
        credits = self._credits()
        places = self._org_places()
        acronyms = thing_acronyms(self.doc, _clean_name)
        for ent in doc.ents:
            if ent.label_ not in _ACTOR_LABELS or ent.start in credits:
                continue
            if not ent.ent_id_ and ent.label_ != "NORP" and is_thing(ent, _clean_name(ent)):
                continue
            if not ent.ent_id_ and _clean_name(ent).replace(".", "").lower() in acronyms:
                continue
            ent_id = ent.ent_id_
            if ent_id.startswith(DEMONYM_PREFIX):
                for t in ent:
                    self.demonym[t.i] = ent_id[len(DEMONYM_PREFIX) :]
                continue
            if ent_id.startswith(CAPITAL_PREFIX):
                country = ent_id[len(CAPITAL_PREFIX) :]
                root = ent.root
                if root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE:
                    # "in Kyiv": the city as a place
                    name = _clean_name(ent)
                    self._slot(slugify(name), name, "City", country=country)
                    self._add(slugify(name), ent, ent.text)
                    continue
                ent_id = country  # "aid to Kyiv", "Moscow claimed": the government, i.e. the state
            if ent_id:
                entry = self.gazetteer.get(ent_id)
                if entry is None:
                    continue
                self._slot(entry.id, entry.label, entry.cls, wikidata=entry.wikidata, country=entry.country)
                self._add(entry.id, ent, _clean_name(ent))
                continue
            if ent.label_ == "PERSON" and not self._named_as_group(ent):
                persons.append(ent)
            elif ent.label_ in ("ORG", "PERSON") and _clean_name(ent) in places:
                name = _clean_name(ent)  # "at El Chaparral", "to the Oval Office": a place
                self._slot(slugify(name), name, "Place")
                self._add(slugify(name), ent, name)
            elif ent.label_ in ("ORG", "PERSON"):
                name = _clean_name(ent)
                if self._plausible_name(name):
                    key, label, owner = self._org_identity(ent, name)
                    media = any(w in self.lex.media_words for w in re.findall(r"[a-z]+", name.lower()))
                    self._slot(key, label, "MediaOrganization" if media else "Organization", country=owner)
                    self._add(key, ent, name)
            elif ent.label_ in ("GPE", "LOC", "FAC"):
                name = _clean_name(ent)
                if self._plausible_name(name):
                    self._slot(slugify(name), name, "Place")
                    self._add(slugify(name), ent, name)
        self._read_persons(persons)
        self._fold_short_names()
        self._read_groups()
        self.mention_order.sort()
        for i, key in self.mention_order:  # each actor's mentions, in text order
            self.positions.setdefault(key, []).append(i)

    def _read_groups(self) -> None:
        """Group actors ("House Republican chairmen", "border officials"), and "the chairmen"
        after them: the latest group of that head noun."""
        by_head: dict[str, str] = {}

        def country_of(i: int) -> str | None:
            key = self.token_actor.get(i)
            if key and self.actors[key].cls == "Country":
                return key
            return self.demonym.get(i)

        phrases = group_phrases(
            self.doc,
            self.token_actor.get,
            lambda k: self.actors[k].cls,
            country_of,
            lambda k: self.actors[k].label,
            lambda k: (entry := self.gazetteer.get(k)) is None or entry.cls == "Country",
        )
        found = {g.head: g for g in phrases}
        if not found:
            return  # no group named, so none referred back to
        for i, (_, lower) in enumerate(lemmas_and_forms(self.doc)):
            group = found.get(i)
            if group is None and lower not in by_head:
                continue
            t = self.doc[i]
            if group is not None:
                key = slugify(group.label)
                self._slot(key, group.label, "Organization", country=group.country)
                by_head[t.lower_] = key
                start = group.start
            elif t.lower_ in by_head and t.i not in self.token_actor and definite(t):
                key, start = by_head[t.lower_], t.i  # "the chairmen": the group named before
            else:
                continue
            self.actors[key].spans.append((self.doc[start].idx, t.idx + len(t.text)))
            self.token_actor[t.i] = key
            self.owned_heads.add(t.i)  # its modifiers are not the group's members
            self.mention_order.append((t.i, key))

    def prune_places(self, used: set[str]) -> None:
        """Places that no event names (as a party or as where it happened) are only scenery
        ("the Oval Office", "a crossing called …"): they are no actors of the graph."""
        for key in [k for k, s in self.actors.items() if s.cls in ("Place", "City") and not s.wikidata]:
            if key not in used:
                del self.actors[key]

    def _fold_short_names(self) -> None:
        """A one-word name that ends the one newspaper's name of the document ("the Post" after
        "The Washington Post") is that newspaper, even where NER takes it for a person; other
        organizations do not go by their last word ("House" is not the White House)."""
        orgs = [s for s in self.actors.values() if s.cls not in ("Person", "Place", "City", "Country")]
        media = [o for o in orgs if o.cls == "MediaOrganization" and " " in o.label]
        for slot in [*orgs, *(s for s in self.actors.values() if s.cls == "Person")]:
            if " " in slot.label or slot.wikidata:
                continue
            longer = [o for o in media if o.label.split()[-1].lower() == slot.label.lower()]
            if len(longer) != 1:
                continue
            target = longer[0]
            target.spans.extend(slot.spans)
            target.aliases |= slot.aliases | {slot.label}
            for i, k in list(self.token_actor.items()):
                if k == slot.key:
                    self.token_actor[i] = target.key
            self.mention_order = [(i, target.key if k == slot.key else k) for i, k in self.mention_order]
            del self.actors[slot.key]

    def _org_identity(self, ent: Span, name: str) -> tuple[str, str, str | None]:
        """Key, label and state of an organisation; a name every state has ("Foreign Ministry")
        belongs to the state named with it ("Iran's Foreign Ministry" -> Foreign Ministry of Iran)."""
        if name.lower() not in self.lex.generic_orgs:
            return slugify(name), name, None
        country = None
        for tok in (*ent.root.children, *self.doc[max(0, ent.start - 3) : ent.start]):
            cid = self.demonym.get(tok.i) or tok.ent_id_.removeprefix(CAPITAL_PREFIX)
            entry = self.gazetteer.get(cid) if cid else None
            if entry is not None and entry.cls == "Country":
                country = entry.id
                break
        if country is None:
            return slugify(name), name, None
        entry = self.gazetteer.get(country)
        label = f"{name} of {entry.label if entry else country}"
        return slugify(label), label, country

    @staticmethod
    def _plausible_name(name: str) -> bool:
        words = name.split()
        return (
            0 < len(words) <= 6
            and any(c.isalpha() for c in name)
            and any(c.isupper() for c in name)
            and len(name) <= 80
        )

    def _read_persons(self, persons: list[Span]) -> None:
        names = [(_clean_name(ent), ent) for ent in persons]
        full = [n for n, _ in names if len(n.split()) > 1]
        for name, ent in names:
            if not self._plausible_name(name):
                continue
            # "Trump" after "Donald Trump": the longest name of the document that ends with it
            if len(name.split()) == 1:
                longer = sorted({f for f in full if f.split()[-1] == name}, key=lambda f: (-len(f), f))
                label = longer[0] if longer else name
            else:
                label = name
            key = slugify(label)
            slot = self._slot(key, label, "Person")
            self._add(key, ent, name)
            country, titles = self._affiliation(ent)
            if country and not slot.country:
                slot.country = country
            slot.titles |= titles

    def _affiliation(self, ent: Span) -> tuple[str | None, set[str]]:
        """'US President Donald Trump' -> ('united-states', {'president'}): the words before a name."""
        country: str | None = None
        titles: set[str] = set()
        i = ent.start - 1
        while i >= 0 and ent.start - i <= 5:
            tok = self.doc[i]
            low = tok.lower_
            if tok.is_punct and low not in ("-",):
                break
            if low in self.lex.titles or low.rstrip(".") in self.lex.titles:
                titles.add(low.rstrip("."))
            elif i in self.demonym:
                country = country or self.demonym[i]
            elif tok.ent_type_ == "GPE" and tok.ent_id_:
                cid = tok.ent_id_.removeprefix(CAPITAL_PREFIX)
                entry = self.gazetteer.get(cid)
                if entry and entry.cls == "Country":
                    country = country or cid
                    self.modifier_tokens.add(i)
            elif tok.pos_ in ("DET", "ADP", "CCONJ", "VERB", "AUX", "PRON") or tok.ent_type_ == "PERSON":
                break
            i -= 1
        if titles or country:
            for j in range(i + 1, ent.start):
                if self.doc[j].ent_type_ == "GPE":
                    self.modifier_tokens.add(j)
        return country, titles

    # ------------------------------------------------------------------ resolving
    def actor_at(self, token: Token) -> str | None:
        if token.i in self.modifier_tokens:
            return None
        return self.token_actor.get(token.i)

    def resolve(
        self, token: Token, *, speaker: list[str] | None = None, group: list[str] | None = None
    ) -> list[str]:
        """Actor keys a noun phrase headed by ``token`` stands for (conjuncts included)."""
        found: dict[str, None] = {}
        stack = [token]
        seen: set[int] = set()
        while stack:
            t = stack.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            for key in self._resolve_head(t, speaker=speaker, group=group):
                found.setdefault(key, None)
            if t.i in self.owned_heads:  # a group, with the members it is spelt out as
                for key in listed_members(t, self._person_at):
                    found.setdefault(key, None)
            for child in t.children:
                if child.dep_ in _FOLLOW and child.i not in self.modifier_tokens:
                    if t.i in self.owned_heads and child.dep_ == "compound":
                        continue  # "the Trump campaign" is not Trump
                    stack.append(child)
        return sorted(found, key=lambda k: self._first_index(k, token))

    def _person_at(self, i: int) -> str | None:
        key = self.token_actor.get(i)
        return key if key is not None and self.actors[key].cls == "Person" else None

    def _first_index(self, key: str, near: Token) -> int:
        """The mention of ``key`` nearest to ``near`` (the earlier one on a tie), by bisection."""
        found = self.positions.get(key)
        if not found:
            return 10**9
        j = bisect_left(found, near.i)
        return min(found[max(0, j - 1) : j + 1], key=lambda i: (abs(i - near.i), i))

    def _resolve_head(self, t: Token, *, speaker: list[str] | None, group: list[str] | None) -> list[str]:
        key = self.actor_at(t)
        if key:
            if self.actors[key].cls in ("Place", "City"):
                return []
            return [key]
        low = t.lower_
        pron = self.lex.pronouns
        if t.pos_ == "PRON" or low in pron["person"] | pron["thing"] | pron["group"] | pron["speaker"]:
            if low in pron["person"]:
                return self._cataphora(t) or self._last(t, ("Person",))
            if low in pron["thing"]:
                return self._last(
                    t, ("Organization", "Country", "GovernmentBody", "InternationalOrganization", "Military")
                )
            if low in pron["speaker"]:
                return list(speaker or group or [])
            if low in pron["group"]:
                return list(group or [])
            return []
        lemma = t.lemma_.lower()
        modifiers = [c for c in t.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
        if lemma in _OWNED_GROUPS and (owned := self._owned_group(t, lemma, modifiers)):
            return [owned]
        of_objects = [
            g
            for c in t.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        country = None
        # "the Russian Defence Ministry": the state may sit one compound further out
        nested = [
            g for m in modifiers if m.dep_ == "compound" for g in m.children if g.dep_ in ("compound", "amod")
        ]
        for m in (*modifiers, *of_objects, *nested):
            if m.i in self.demonym:
                country = self.demonym[m.i]
            elif (k := self.token_actor.get(m.i)) and self.actors[k].cls == "Country":
                country = k
        if (
            lemma in self.lex.group_nouns
            or (low in self.lex.group_nouns and t.dep_ != "pobj" and low not in ("two", "both"))
            or (low in ("both", "two") and t.dep_ in ("nsubj", "nsubjpass"))
        ):
            owners = [
                k for m in modifiers if (k := self.token_actor.get(m.i)) and m.i not in self.modifier_tokens
            ]
            if owners:  # "the EU's leaders": the EU
                return owners
            if country:
                return [self.note(self._ensure_country(country), t)]
            return list(group or [])
        if lemma in self.lex.role_nouns:
            if country:
                people = [k for k, s in self.actors.items() if s.cls == "Person" and s.country == country]
                if people:
                    return [self._nearest_before(t, people)]
                return [country] if country in self.actors else []
            return []
        if lemma in self.lex.military_nouns or t.text.lower() in self.lex.military_nouns:
            return [self.note(self.armed_forces(country), t)] if country else []
        if lemma in self.lex.agentive_nouns:
            for m in (*modifiers, *of_objects):
                if k := self.token_actor.get(m.i):
                    return [k]
            if country:
                return [self.note(self._ensure_country(country), t)]
        if t.i in self.demonym and t.pos_ in ("PROPN", "NOUN"):  # "the Russians"
            return [self.note(self._ensure_country(self.demonym[t.i]), t)]
        return []

    def _owned_group(self, t: Token, lemma: str, modifiers: list[Token]) -> str | None:
        """ "the Trump campaign", "Mueller's team": an organization of its own, named after
        the person (by surname, as every article can name it), not the person."""
        for m in modifiers:
            key = self.token_actor.get(m.i)
            if key and self.actors[key].cls == "Person" and m.i not in self.modifier_tokens:
                person = self.actors[key]
                label = f"{person.label.split()[-1]} {lemma}"
                self._slot(slugify(label), label, "Organization", country=person.country)
                self.owned_heads.add(t.i)
                return self.note(slugify(label), t)
        return None

    def note(self, key: str, t: Token) -> str:
        """Record the noun phrase headed by ``t`` as a mention of ``key`` ("the Russian side")."""
        slot = self.actors.get(key)
        if slot is not None and t.i not in self.token_actor:
            start = t.left_edge.i
            while start < t.i and self.doc[start].pos_ in ("DET", "PRON", "PUNCT"):
                start += 1
            begin, end = self.doc[start].idx, t.idx + len(t.text)
            if end - begin <= 100:
                slot.spans.append((begin, end))
        return key

    def demonym_state(self, token: Token) -> str | None:
        """The state a demonym stands for ("Russian", "the Germans"), made an actor on first use."""
        country = self.demonym.get(token.i)
        return self._ensure_country(country) if country else None

    def _ensure_country(self, key: str) -> str:
        entry = self.gazetteer.get(key)
        if key not in self.actors and entry is not None:
            self._slot(entry.id, entry.label, entry.cls, wikidata=entry.wikidata)
        return key

    def armed_forces(self, country: str) -> str:
        """The armed forces of a state, as an actor of their own ("the Russian troops")."""
        entry = self.gazetteer.get(country)
        name = entry.label if entry else country.replace("-", " ").title()
        key = f"armed-forces-of-{country}"
        known = self.gazetteer.get(key) or next(
            (e for e in self.gazetteer.entries.values() if e.cls == "Military" and e.country == country), None
        )
        if known:
            self._slot(known.id, known.label, known.cls, wikidata=known.wikidata, country=country)
            return known.id
        self._slot(key, f"Armed Forces of {name}", "Military", country=country)
        return key

    def _cataphora(self, t: Token) -> list[str]:
        """ "In his post, Trump said": a pronoun before the main clause names its subject."""
        root = t.sent.root
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.i <= t.i or t.i in {x.i for x in subj.subtree}:
            return []
        key = self.actor_at(subj)
        if (key and self.actors[key].cls == "Person" and t.head.i != root.i) or (
            key and t.dep_ == "poss" and self.actors[key].cls == "Person"
        ):
            return [key]
        return []

    def _last(self, t: Token, classes: tuple[str, ...]) -> list[str]:
        """The latest earlier actor of ``classes``, preferring one that was a subject."""
        best = best_subject = None
        for i, k in self.mention_order:
            if i >= t.i:
                break
            if self.actors[k].cls in classes and i not in self.modifier_tokens:
                best = k
                if self.doc[i].dep_ in ("nsubj", "nsubjpass"):
                    best_subject = k
        choice = best_subject or best
        return [choice] if choice else []

    def _nearest_before(self, t: Token, keys: list[str]) -> str:
        best, best_i = keys[0], -1
        for i, k in self.mention_order:
            if k in keys and i < t.i and i > best_i:
                best, best_i = k, i
        return best
