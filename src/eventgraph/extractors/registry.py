"""The extractors a build can run: the built-ins and those of installed packages.

A package adds one under the entry-point group ``eventgraph.extractors``, its name the name
users give ``--extractor``, its value an :class:`~eventgraph.extractors.base.Extractor` class
(made with no arguments), instance, or function returning one::

    [project.entry-points."eventgraph.extractors"]
    llm = "my_package.extract:LLMExtractor"

Nothing is imported until an extractor is asked for by name; the built-ins win over an entry
point of the same name.
"""

from __future__ import annotations

import importlib
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from eventgraph import __version__
from eventgraph.extractors.base import Extractor

__all__ = [
    "BUILTIN",
    "DEFAULT_EXTRACTOR",
    "ENTRY_POINT_GROUP",
    "UnknownExtractor",
    "available_extractors",
    "get_extractor",
    "software_versions",
]

ENTRY_POINT_GROUP = "eventgraph.extractors"
DEFAULT_EXTRACTOR = "rules"
#: The built-in extractors, by name: where each is (imported when asked for).
BUILTIN: dict[str, str] = {
    "annotations": "eventgraph.extractors.annotations:AnnotationExtractor",
    "rules": "eventgraph.extract.rules:RuleExtractor",
}
_LOADED: dict[str, Extractor] = {}


class UnknownExtractor(ValueError):
    """No extractor of that name: neither built in nor installed under the entry-point group."""


def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep)  # the first on sys.path, as importlib finds it
    return found


def available_extractors() -> list[str]:
    """The names ``--extractor`` takes: the built-ins and every installed entry point."""
    return sorted({*BUILTIN, *_entry_points()})


def _load_builtin(spec: str) -> Any:
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


def _instance(obj: Any, name: str, origin: str) -> Extractor:
    """An extractor from what an entry point names: a class or factory is called, an instance
    is taken as it is; whatever it is must have the protocol's attributes, and its name."""
    ext = obj() if isinstance(obj, type) or (callable(obj) and not hasattr(obj, "extract")) else obj
    problems = [
        f"{attr} is not {kind}"
        for attr, kind, ok in (
            ("name", "a string", isinstance(getattr(ext, "name", None), str)),
            ("version", "a string", isinstance(getattr(ext, "version", None), str)),
            ("needs_doc", "a boolean", isinstance(getattr(ext, "needs_doc", None), bool)),
            ("extract", "callable", callable(getattr(ext, "extract", None))),
        )
        if not ok
    ]
    if problems:
        what = "; ".join(problems)
        raise TypeError(f"extractor {name!r} ({origin}) is not an eventgraph Extractor: {what}")
    if ext.name != name:
        raise TypeError(f"extractor {name!r} ({origin}) calls itself {ext.name!r}; the names must agree")
    return ext  # type: ignore[no-any-return]


def get_extractor(name: str = DEFAULT_EXTRACTOR) -> Extractor:
    """The extractor called ``name`` (one instance per process).

    Raises :class:`UnknownExtractor` naming the known extractors when there is none, and
    TypeError when an installed entry point does not give an extractor.
    """
    found = _LOADED.get(name)
    if found is not None:
        return found
    if name in BUILTIN:
        ext = _instance(_load_builtin(BUILTIN[name]), name, BUILTIN[name])
    else:
        ep = _entry_points().get(name)
        if ep is None:
            known = ", ".join(available_extractors())
            raise UnknownExtractor(
                f"unknown extractor {name!r}: known extractors are {known} "
                f"(packages add more under the entry-point group {ENTRY_POINT_GROUP!r})"
            )
        ext = _instance(ep.load(), name, f"entry point {ep.value}")
    _LOADED[name] = ext
    return ext


def software_versions(ext: Extractor, model_label: str | None) -> str:
    """What a graph's ``eg:extractorVersion`` states: eventgraph's version, an extractor's own
    when it is not built in (a built-in one is eventgraph's), and the spaCy model when the
    extractor reads its parse: "eventgraph 0.1.0; en_core_web_sm 3.8.0" for ``rules``."""
    parts = [f"eventgraph {__version__}"]
    if ext.name not in BUILTIN:
        parts.append(f"{ext.name} {ext.version}")
    if ext.needs_doc and model_label:
        parts.append(model_label)
    return "; ".join(parts)
