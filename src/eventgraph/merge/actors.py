"""Actor resolution: which actor records of the corpus are one real actor (one IRI).

Two steps, because the second needs the stories and the stories need the first:

1. :func:`local_keys`, name forms: titles, middle initials and nicknames dropped
   (:func:`~eventgraph.merge.names.person_base`), acronyms without dots, a generational suffix
   dropped unless the corpus uses it to tell two people apart ("Trump Jr."), spellings one letter
   apart, and within one article a lone surname, a bare acronym or a short organization name
   ("the Post") linked to the one full name of the article it stands for.
2. :func:`link_across`, across articles: a lone surname becomes the full name of its story
   (the one full name with that surname, or the one named far more often), an acronym the long
   name whose initials it is; where the story cannot tell, the whole corpus is asked the same.

Gazetteer actors (with a Wikidata id) keep their keys: they are global already.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from eventgraph.merge.names import acronym_key, initials, middle_initials, person_base, split_suffix
from eventgraph.types import ArticleRecords

__all__ = ["CanonicalActor", "canonical_actors", "link_across", "local_keys"]

_DOMINANT = 3  # a surname goes to the full name named this many times more often than the others
_NOT_ORG = frozenset({"Person", "Place", "City", "Country"})


@dataclass
class CanonicalActor:
    key: str
    label: str
    cls: str
    aliases: set[str] = field(default_factory=set)
    wikidata: str | None = None
    country: str | None = None


Keys = dict[tuple[str, str], str]  # (article id, local key) -> key


def _one_edit(a: str, b: str) -> bool:
    """Whether two words differ by one inserted, deleted or changed letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _spelling_variants(mentions: Counter) -> dict[str, str]:
    """Person keys that are one spelling apart ("volodymyr-zelenskyy" / "volodymyr-zelensky"):
    the rarer spelling -> the commoner. Blocked by first name and the surname's first three
    letters, so it is never all pairs; surnames under six letters are left alone."""
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in mentions:
        parts = key.split("-")
        if len(parts[-1]) >= 6:
            blocks[(" ".join(parts[:-1]), parts[-1][:3])].append(key)
    out: dict[str, str] = {}
    for keys in blocks.values():
        keys.sort(key=lambda k: (-mentions[k], k))
        for i, rare in enumerate(keys):
            for common in keys[:i]:
                if common not in out and _one_edit(rare.rsplit("-", 1)[-1], common.rsplit("-", 1)[-1]):
                    out[rare] = common
                    break
    return out


def _surname(key: str) -> str:
    return split_suffix(key)[0].rsplit("-", 1)[-1]


def local_keys(records: Sequence[ArticleRecords]) -> Keys:
    """Step 1: each (article, local key) -> the key of its name form (see the module's doc)."""
    base: Keys = {}
    persons: Counter = Counter()
    spelt: dict[str, Counter] = defaultdict(Counter)  # name form -> its spellings ("bill-clinton")
    short_suffix: set[str] = set()  # "trump-jr", "donald-jr": a suffix used as a name of its own
    for rec in records:
        for a in rec.actors:
            if a.wikidata:
                k = a.key
            elif a.cls == "Person":
                k = person_base(a.key)
                persons[k] += len(a.mentions) or 1
                spelt[k][person_base(a.key, nicknames=False)] += len(a.mentions) or 1
                stem, suffix = split_suffix(k)
                if suffix and "-" not in stem:
                    short_suffix.add(stem)
            else:
                k = acronym_key(a.key)
            base[(rec.article.id, a.key)] = k
    # "John A. Smith" and "John B. Smith" are two people: where a name form has two different
    # middle initials, the forms that give one keep it (the bare "John Smith" stays ambiguous)
    middles: dict[str, set[str]] = defaultdict(set)
    for rec in records:
        for a in rec.actors:
            if a.cls == "Person" and not a.wikidata and (m := middle_initials(a.key)):
                middles[base[(rec.article.id, a.key)]].add(m)
    for rec in records:
        for a in rec.actors:
            pair = (rec.article.id, a.key)
            if a.cls == "Person" and len(middles.get(base[pair], ())) > 1 and middle_initials(a.key):
                stem, suffix = split_suffix(base[pair])
                first, *rest = stem.split("-")
                k = "-".join([first, middle_initials(a.key), *rest] + ([suffix] if suffix else []))
                base[pair] = k
                persons[k] += len(a.mentions) or 1
                spelt[k][k] += len(a.mentions) or 1
    # "Roger J. Stone Jr." is Roger Stone unless the corpus tells a Jr. from his father by it
    unsuffix: dict[str, str] = {}
    for k in persons:
        stem, suffix = split_suffix(k)
        if suffix and "-" in stem and not (set(stem.split("-")) & short_suffix):
            unsuffix[k] = stem
    for pair, k in base.items():
        if k in unsuffix:
            base[pair] = unsuffix[k]
    counts: Counter = Counter()
    for k in base.values():
        if k in persons or k in unsuffix.values():
            counts[k] += persons.get(k, 1)
    spelling = _spelling_variants(counts)
    surnames: dict[str, set[str]] = defaultdict(set)
    for k in {spelling.get(k, k) for k in counts}:
        if "-" in split_suffix(k)[0]:
            surnames[_surname(k)[:3]].add(_surname(k))
    for k in counts:  # a lone surname spelt as another full name's surname ("Zelenskyy")
        if "-" not in k and len(k) >= 6 and k not in surnames[k[:3]]:
            near = [s for s in surnames[k[:3]] if _one_edit(k, s)]
            if len(near) == 1:
                spelling.setdefault(k, near[0])
    for pair, k in base.items():
        if k in spelling:
            base[pair] = spelling[k]
    # the key keeps the name as the articles spell it most ("bill-clinton", not "william-clinton")
    named = {k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, c in spelt.items()}
    for pair, k in base.items():
        stem, suffix = split_suffix(k)
        if k in named:
            base[pair] = named[k]
        elif stem in named and suffix:
            base[pair] = named[stem] + "-" + suffix
    for rec in records:
        _link_within(rec, base)
    return base


def _link_within(rec: ArticleRecords, base: Keys) -> None:
    """A lone surname, a bare acronym or a newspaper's last word ("the Post") that the article
    also names in full, with one full name only, is that full name."""
    aid = rec.article.id
    full_persons: dict[str, set[str]] = defaultdict(set)
    orgs: dict[str, str] = {}  # key -> label, for multi-word organization names
    media: set[str] = set()
    for a in rec.actors:
        k = base[(aid, a.key)]
        if a.cls == "Person" and "-" in split_suffix(k)[0]:
            full_persons[_surname(k)].add(k)
        elif a.cls not in _NOT_ORG and "-" in k:
            orgs[k] = a.label
            if a.cls == "MediaOrganization":
                media.add(k)
    by_initials: dict[str, set[str]] = defaultdict(set)
    by_last: dict[str, set[str]] = defaultdict(set)
    for k, label in orgs.items():
        if ini := initials(label):
            by_initials[ini].add(k)
        if k in media:  # newspapers go by their last word ("the Post"); "House" is no White House
            by_last[k.rsplit("-", 1)[-1]].add(k)
    for a in rec.actors:
        k = base[(aid, a.key)]
        if "-" in k or a.wikidata:
            continue
        if a.cls == "Person":
            found = full_persons.get(k, set())
        elif a.cls in _NOT_ORG:
            continue
        else:
            found = by_initials.get(k) or by_last.get(k) or full_persons.get(k, set())
        if len(found) == 1:
            base[(aid, a.key)] = next(iter(found))


def link_across(records: Sequence[ArticleRecords], keys: Keys, story_of: Mapping[str, str]) -> Keys:
    """Step 2: lone surnames and acronyms -> the full name their story (else the corpus) knows."""
    mentions: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (scope, surname) -> full name counts
    org_initials: dict[tuple[str, str], set[str]] = defaultdict(set)
    for rec in records:
        aid = rec.article.id
        for a in rec.actors:
            k = keys[(aid, a.key)]
            if a.cls == "Person" and "-" in split_suffix(k)[0]:
                for scope in (story_of.get(aid, aid), ""):
                    mentions[(scope, _surname(k))][k] += len(a.mentions) or 1
            elif a.cls not in _NOT_ORG and "-" in k and (ini := initials(a.label)):
                for scope in (story_of.get(aid, aid), ""):
                    org_initials[(scope, ini)].add(k)
    out = dict(keys)
    for rec in records:
        aid = rec.article.id
        story = story_of.get(aid, aid)
        for a in rec.actors:
            k = keys[(aid, a.key)]
            if "-" in k or a.wikidata or a.cls in _NOT_ORG - {"Person"}:
                continue
            for scope in (story, ""):
                found = _dominant(mentions.get((scope, k)))
                if found is None and a.cls != "Person":
                    cands = org_initials.get((scope, k), set())
                    found = next(iter(cands)) if len(cands) == 1 else None
                if found is not None:
                    out[(aid, a.key)] = found
                    break
    return out


def _dominant(counts: Counter | None) -> str | None:
    if not counts:
        return None
    (top, n), *rest = [*counts.most_common(2), ("", 0)]
    return top if len(counts) == 1 or n >= _DOMINANT * rest[0][1] else None


def canonical_actors(records: Sequence[ArticleRecords], keys: Keys) -> dict[str, CanonicalActor]:
    """One description per key: the gazetteer's label, else the commonest name that is the whole
    key's name form (the full name, without titles); the class most mentions give it."""
    canon: dict[str, CanonicalActor] = {}
    labels: dict[str, Counter] = defaultdict(Counter)
    classes: dict[str, Counter] = defaultdict(Counter)
    for rec in records:
        aid = rec.article.id
        for a in rec.actors:
            key = keys[(aid, a.key)]
            c = canon.get(key)
            if c is None:
                c = canon[key] = CanonicalActor(
                    key=key, label=a.label, cls=a.cls, wikidata=a.wikidata, country=a.country
                )
            n = len(a.mentions) or 1
            labels[key][a.label] += n
            classes[key][a.cls] += n
            c.aliases.update(a.aliases)
            c.aliases.add(a.label)
            c.wikidata = c.wikidata or a.wikidata
            c.country = c.country or a.country
    for key, c in canon.items():
        if not c.wikidata:
            c.label = sorted(labels[key].items(), key=lambda kv: _label_rank(key, kv))[0][0]
        c.cls = sorted(classes[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        c.aliases.discard(c.label)
    return canon


def _label_rank(key: str, kv: tuple[str, int]) -> tuple:
    from eventgraph.mint import slugify

    label, n = kv
    slug = slugify(label)
    whole = person_base(slug) == key or acronym_key(slug) == key
    return (not whole, -len(label.split()) if not whole else 0, -n, -len(label), label)
