"""Where the package's data files are: the ontology folder (eventgraph.ttl, shapes.ttl, gazetteer.toml)."""

from __future__ import annotations

from pathlib import Path

import eventgraph

__all__ = ["gazetteer_path", "ontology_dir", "ontology_path", "shapes_path"]


def ontology_dir() -> Path:
    """The ontology folder.

    An installed wheel carries it inside the package (``eventgraph/ontology``, see pyproject's
    force-include); an editable install or a source checkout has it at the repository's top level,
    two levels above ``src/eventgraph``.
    """
    package = Path(eventgraph.__file__).resolve().parent
    inside = package / "ontology"
    if inside.is_dir():
        return inside
    return package.parents[1] / "ontology"


def ontology_path() -> Path:
    """The OWL ontology, ``eventgraph.ttl``."""
    return ontology_dir() / "eventgraph.ttl"


def shapes_path() -> Path:
    """The SHACL shapes, ``shapes.ttl``."""
    return ontology_dir() / "shapes.ttl"


def gazetteer_path() -> Path:
    """The actor gazetteer, ``gazetteer.toml``."""
    return ontology_dir() / "gazetteer.toml"
