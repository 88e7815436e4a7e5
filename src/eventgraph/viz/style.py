"""How the views name and colour things: the classes they know (from the ontology's class table,
with their colours and the relation words of the actor network), roles and their colours."""

from __future__ import annotations

from functools import cache

from eventgraph.classes import class_table

ROLES = ("agent", "recipient", "target", "participant")
EVENT_LINKS = (*ROLES, "place", "attributedTo")
ATTRIBUTES = ("duration", "quantity", "date", "topic")


DISAGREE = "#d62728"
EDGE_GREY = "#7a7a7a"
DISAGREE_LIGHT = "#fde0dd"

ROLE_COLOURS = {
    "agent": "#444444",
    "recipient": "#1f77b4",
    "target": "#c51b8a",
    "participant": "#a0a0a0",
    "place": "#8c8c8c",
    "attributedTo": "#8c564b",
}
ROLE_LABELS = {"attributedTo": "according to"}
SOURCE_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#393b79",
    "#637939",
)


@cache
def actor_classes() -> tuple[str, ...]:
    """The actor classes a view tells apart: eg:Actor's direct subclasses, then eg:Actor."""
    return (*(c.name for c in class_table().of_kind("actor") if c.parents == ("Actor",)), "Actor")


@cache
def place_classes() -> tuple[str, ...]:
    return ("Place",)


@cache
def event_classes() -> tuple[str, ...]:
    """Every specific event class in ontology order, then eg:Event."""
    return (*(c.name for c in class_table().event_classes), "Event")


@cache
def event_colours() -> dict[str, str]:
    return {name: class_table()[name].colour for name in event_classes()}


@cache
def actor_colours() -> dict[str, str]:
    return {name: class_table()[name].colour for name in (*actor_classes(), *place_classes())}


@cache
def actor_tints() -> dict[str, str]:
    return {name: class_table()[name].tint for name in (*actor_classes(), *place_classes())}


@cache
def relations() -> dict[str, tuple[str, str, str]]:
    """The actor network's words for a class: (agent→recipient, agent→target, between participants)."""
    return {name: class_table()[name].relations for name in event_classes()}
