"""What a page builder is given and gives back: the registry's :class:`Page`, the :class:`Context`
shared by every page of one build, and the :class:`Built` page."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eventgraph.outputs import view_file
from eventgraph.viz.model import GraphModel
from eventgraph.viz.networks import ActorNetwork, GraphSizes


@dataclass(frozen=True)
class Context:
    """Everything the pages of one build read, computed once."""

    model: GraphModel
    net: ActorNetwork
    sizes: GraphSizes
    stats: Mapping[str, Any]  # analytics.analytics() of the model
    max_nodes: int
    max_edges: int
    max_timeline_events: int
    nav: Callable[[str], str]  # page name -> the navigation bar with that page current
    entries: Sequence[str] = ()  # for the overview: the other pages' lines, in the registry's order


@dataclass(frozen=True)
class Built:
    html: str
    entry: str  # the page's line (an HTML <li>) on the overview page


@dataclass(frozen=True)
class Page:
    """A registered page: written to ``{name}.html``, listed in the navigation as ``title``."""

    name: str
    title: str
    description: str  # what the file is, for the build report's list of files
    build: Callable[[Page, Context], Built]

    @property
    def filename(self) -> str:
        return view_file(self.name)
