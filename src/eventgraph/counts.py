"""The numbers of a build, each computed once, from the dataset (the graph model read from the
build's store): the CLI summary, report.json and report.md, the overview page and the views all
print these, and the ready queries ``events``, ``actors`` and ``disagreements`` agree with them.

- **articles**: every article of the build (``eg:Article`` in the default graph);
- **graphs**: the articles' named graphs that hold statements;
- **sources**: the articles that report at least one event; the others are named in
  ``articles_without_events``;
- **events**: event IRIs typed in at least one article graph (rows of the ``events`` query), by the
  class most sources give them (``events_by_class`` sums to ``events``);
- **events_multi_source**: events that two or more articles state (``sources`` ≥ 2 in ``events``);
- **actors** (rows of the ``actors`` query) and **places**, by class;
- **disagreements**: (event, property) pairs on which sources disagree
  (:mod:`eventgraph.disagreement`; the ``disagreements`` query gives one row per value and source).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from eventgraph.viz.model import GraphModel

__all__ = ["Counts", "count"]


@dataclass(frozen=True)
class Counts:
    articles: int = 0
    graphs: int = 0
    sources: int = 0
    events: int = 0
    events_multi_source: int = 0
    events_by_class: dict[str, int] = field(default_factory=dict)
    actors: int = 0
    actors_by_class: dict[str, int] = field(default_factory=dict)
    places: int = 0
    disagreements: int = 0
    events_in_disagreement: int = 0
    articles_without_events: list[str] = field(default_factory=list)  # their ids, sorted

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def count(model: GraphModel) -> Counts:
    """The counts of a build's :class:`~eventgraph.viz.model.GraphModel`."""
    reporting = {s for e in model.events.values() for s in e.sources}
    with_graph = {s.article for s in model.sources.values()}
    ids = {s.article: s.id for s in model.sources.values()}
    # an article's id: its graph's source id (made unique), else its dcterms:identifier
    all_articles = {a: ids.get(a, i) for a, i in model.articles.items()}
    for a in with_graph - all_articles.keys():  # a graph whose article is not described
        all_articles[a] = ids[a]
    silent = sorted(i for i in all_articles.values() if i not in reporting)
    actors = [a for a in model.actors.values() if a.kind == "actor"]
    return Counts(
        articles=len(all_articles),
        graphs=len(model.sources),
        sources=len(reporting),
        events=len(model.events),
        events_multi_source=sum(1 for e in model.events.values() if len(e.sources) > 1),
        events_by_class=dict(sorted(Counter(e.cls for e in model.events.values()).items())),
        actors=len(actors),
        actors_by_class=dict(sorted(Counter(a.cls for a in actors).items())),
        places=sum(1 for a in model.actors.values() if a.kind == "place"),
        disagreements=sum(len(e.conflicts) for e in model.events.values()),
        events_in_disagreement=sum(1 for e in model.events.values() if e.conflicts),
        articles_without_events=silent,
    )
