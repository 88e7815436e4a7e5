"""How the views name and colour things: the known classes and roles, their colours and labels,
the attributes compared between sources, and the relation words of the actor network."""

from __future__ import annotations

ACTOR_CLASSES = ("Person", "Organization", "Country", "Actor")
PLACE_CLASSES = ("Place",)
EVENT_CLASSES = (
    "PhoneCall",
    "Meeting",
    "Statement",
    "Proposal",
    "Request",
    "Demand",
    "Order",
    "Agreement",
    "Negotiation",
    "Exchange",
    "Transfer",
    "Allegation",
    "Assurance",
    "Threat",
    "Concession",
    "Event",
)
ROLES = ("agent", "recipient", "target", "participant")
EVENT_LINKS = (*ROLES, "place", "attributedTo")
ATTRIBUTES = ("duration", "quantity", "date", "topic")
#: attributes whose different values in different graphs are a disagreement (topics are
#: phrased in each article's own words, so different wording is not a conflict)
CHECKED = ("duration", "quantity", "date", "place")


DISAGREE = "#d62728"
EDGE_GREY = "#7a7a7a"
DISAGREE_LIGHT = "#fde0dd"

ACTOR_COLOURS = {
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "Country": "#59a14f",
    "Actor": "#9c755f",
    "Place": "#8c8c8c",
}
ACTOR_TINTS = {
    "Person": "#dce6f2",
    "Organization": "#fde5cc",
    "Country": "#dcedd6",
    "Actor": "#ebe1d9",
    "Place": "#ececec",
}
EVENT_COLOURS = {
    "PhoneCall": "#1f77b4",
    "Meeting": "#17becf",
    "Statement": "#7f7f7f",
    "Proposal": "#2ca02c",
    "Request": "#bcbd22",
    "Demand": "#ff7f0e",
    "Order": "#8c564b",
    "Agreement": "#74c476",
    "Negotiation": "#6baed6",
    "Exchange": "#9467bd",
    "Transfer": "#c5b0d5",
    "Allegation": "#e377c2",
    "Assurance": "#c7c76d",
    "Threat": "#7b4173",
    "Concession": "#9edae5",
    "Event": "#b5b5b5",
}
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

#: relation labels of the actor network: class -> (agent→recipient, agent→target, between participants)
RELATIONS: dict[str, tuple[str, str, str]] = {
    "PhoneCall": ("phoned", "phoned about", "spoke by phone with"),
    "Meeting": ("met", "met about", "met with"),
    "Statement": ("addressed", "made a statement about", "made a joint statement with"),
    "Proposal": ("proposed to", "made a proposal about", "made a joint proposal with"),
    "Request": ("urged", "made a request about", "made a joint request with"),
    "Demand": ("demanded of", "made demands about", "made joint demands with"),
    "Order": ("ordered", "ordered action against", "gave orders with"),
    "Agreement": ("agreed with", "agreed about", "agreed with"),
    "Negotiation": ("negotiated with", "negotiated about", "negotiated with"),
    "Exchange": ("exchanged with", "exchanged with", "exchanged with"),
    "Transfer": ("handed over to", "handed over", "exchanged with"),
    "Allegation": ("made allegations to", "accused", "traded accusations with"),
    "Assurance": ("assured", "gave assurances about", "gave assurances with"),
    "Threat": ("threatened", "threatened", "exchanged threats with"),
    "Concession": ("conceded to", "made concessions to", "made concessions with"),
    "Event": ("acted towards", "acted against", "took part with"),
}
