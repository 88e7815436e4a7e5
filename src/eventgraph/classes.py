"""The table of classes, read from the ontology: the one place that says which event and actor
classes exist and how eventgraph treats each (family, symmetry, merge group, labels, colours).

``ontology/eventgraph.ttl`` is the source: each class block carries, beside its label and its
PLOVER/CAMEO codes, the tool annotations declared there (``eg:family``, ``eg:symmetric``,
``eg:instanceLabel``, ``eg:colour`` …). Mapping, merging, extraction, views, the report and the
ready queries read this table instead of keeping lists of their own, so a new event class is one
class block in the ontology plus its trigger words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eventgraph.resources import ontology_dir, shapes_path
from eventgraph.vocab import PREFIXES

__all__ = ["ClassTable", "OntologyClass", "class_table"]

_EG = PREFIXES["eg"]
_RDFS = PREFIXES["rdfs"]
_SUBCLASS = _RDFS + "subClassOf"
_LABEL = _RDFS + "label"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_OWL_CLASS = PREFIXES["owl"] + "Class"

#: the roots of the kinds of class; "other" is everything else (Article, Mention …)
_KINDS = (("Event", "event"), ("Actor", "actor"), ("Place", "place"))
#: tool annotations that a class inherits from its superclass when it does not state them
_INHERITED = (
    "family",
    "symmetric",
    "mergeGroup",
    "speechAct",
    "directive",
    "directiveContent",
    "coreferenceHost",
    "recipientRelation",
    "targetRelation",
    "participantRelation",
    "colour",
    "tint",
)


@dataclass(frozen=True, slots=True)
class OntologyClass:
    """One ``eg:`` class and how eventgraph treats it."""

    name: str  # local name: "PhoneCall"
    iri: str
    label: str  # rdfs:label, "Phone call"
    parents: tuple[str, ...]  # direct eg: superclasses, local names
    ancestors: tuple[str, ...]  # every eg: superclass, nearest first
    kind: str  # "event" | "actor" | "place" | "other"
    family: str = ""
    symmetric: bool = False
    merge_group: str = ""  # "" = its own group
    speech_act: bool = False
    directive: bool = False
    directive_content: bool = False
    coreference_host: bool = False
    instance_label: str = ""  # head of its instances' labels: "Phone call between A and B"
    relations: tuple[str, str, str] = ("", "", "")  # agent→recipient, agent→target, among participants
    colour: str = ""
    tint: str = ""
    plover: tuple[str, ...] = ()
    cameo: tuple[str, ...] = ()

    @property
    def group(self) -> str:
        """The merge group: classes of one group may be one event worded differently."""
        return self.merge_group or self.name


class ClassTable:
    """The ``eg:`` classes of the ontology in the order it declares them."""

    def __init__(self, classes: dict[str, OntologyClass]) -> None:
        self._classes = classes

    def __contains__(self, name: object) -> bool:
        return name in self._classes

    def __getitem__(self, name: str) -> OntologyClass:
        try:
            return self._classes[name]
        except KeyError:
            raise KeyError(f"{name!r} is not a class of the ontology (ontology/eventgraph.ttl)") from None

    def get(self, name: str) -> OntologyClass | None:
        return self._classes.get(name)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._classes.values())

    def of_kind(self, kind: str) -> tuple[OntologyClass, ...]:
        return tuple(c for c in self._classes.values() if c.kind == kind)

    @property
    def event_classes(self) -> tuple[OntologyClass, ...]:
        """The specific event classes (eg:Event itself left out), in ontology order."""
        return tuple(c for c in self.of_kind("event") if c.name != "Event")

    def is_event(self, name: str) -> bool:
        c = self._classes.get(name)
        return c is not None and c.kind == "event"

    def falls_under(self, name: str, ancestor: str) -> bool:
        c = self._classes.get(name)
        return c is not None and (name == ancestor or ancestor in c.ancestors)


def _local(iri: str) -> str | None:
    return iri[len(_EG) :] if iri.startswith(_EG) else None


def _statements(folder: Path):  # type: ignore[no-untyped-def]
    """The triples of the folder's ontology files: eventgraph.ttl first, then any other *.ttl (a
    user's extension) by name; the SHACL shapes are not ontology."""
    import pyoxigraph as ox

    files = sorted(folder.glob("*.ttl"), key=lambda f: (f.name != "eventgraph.ttl", f.name))
    for f in files:
        if f.name != shapes_path().name:
            yield from ox.parse(path=str(f), format=ox.RdfFormat.TURTLE)


def _read(folder: Path) -> ClassTable:
    import pyoxigraph as ox

    order: list[str] = []
    values: dict[str, dict[str, list[object]]] = {}
    for q in _statements(folder):
        name = _local(q.subject.value) if isinstance(q.subject, ox.NamedNode) else None
        if name is None:
            continue
        pred = q.predicate.value
        obj = q.object
        if pred == _RDF_TYPE and obj.value == _OWL_CLASS and name not in values:
            order.append(name)
            values[name] = {}
        if name not in values:
            values.setdefault(name, {})
        slot = values[name]
        if pred == _SUBCLASS:
            parent = _local(obj.value)
            if parent is not None:
                slot.setdefault("parents", []).append(parent)
        elif pred == _LABEL:
            slot.setdefault("label", []).append(obj.value)
        elif pred.startswith(_EG) and isinstance(obj, ox.Literal):
            value: object = obj.value == "true" if obj.datatype.value.endswith("#boolean") else obj.value
            slot.setdefault(pred[len(_EG) :], []).append(value)

    def ancestors(name: str) -> list[str]:
        out: list[str] = []
        frontier = [str(p) for p in values.get(name, {}).get("parents", [])]
        while frontier:
            nxt: list[str] = []
            for p in frontier:
                if p not in out and p != name:
                    out.append(p)
                    nxt.extend(str(g) for g in values.get(p, {}).get("parents", []))
            frontier = nxt
        return out

    def first(name: str, key: str, chain: list[str]) -> object:
        for n in (name, *chain):
            got = values.get(n, {}).get(key)
            if got:
                return got[0]
        return None

    classes: dict[str, OntologyClass] = {}
    for name in order:
        chain = ancestors(name)
        kind = next((k for root, k in _KINDS if root == name or root in chain), "other")
        slot = values[name]
        inherited = {key: first(name, key, chain) for key in _INHERITED}
        label = str(slot["label"][0]) if slot.get("label") else name
        classes[name] = OntologyClass(
            name=name,
            iri=_EG + name,
            label=label,
            parents=tuple(str(p) for p in slot.get("parents", [])),
            ancestors=tuple(chain),
            kind=kind,
            family=str(inherited["family"] or ""),
            symmetric=bool(inherited["symmetric"]),
            merge_group=str(inherited["mergeGroup"] or ""),
            speech_act=bool(inherited["speechAct"]),
            directive=bool(inherited["directive"]),
            directive_content=bool(inherited["directiveContent"]),
            coreference_host=bool(inherited["coreferenceHost"]),
            # an instance label is the class's own (a subclass names its instances itself)
            instance_label=str(slot["instanceLabel"][0]) if slot.get("instanceLabel") else label,
            relations=(
                str(inherited["recipientRelation"] or ""),
                str(inherited["targetRelation"] or ""),
                str(inherited["participantRelation"] or ""),
            ),
            colour=str(inherited["colour"] or ""),
            tint=str(inherited["tint"] or ""),
            plover=tuple(sorted(str(v) for v in slot.get("ploverCategory", []))),
            cameo=tuple(sorted(str(v) for v in slot.get("cameoCode", []))),
        )
    return ClassTable(classes)


@lru_cache(maxsize=4)
def class_table(folder: Path | None = None) -> ClassTable:
    """The class table of the ontology folder (default: the package's ``ontology/``)."""
    return _read(folder or ontology_dir())
