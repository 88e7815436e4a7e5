"""The ontology's terms as rdflib namespaces (a ``DefinedNamespace`` catches typos at import)."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["EG", "NIF", "PREFIXES", "SCHEMA", "SEM", "WD"]


class EG(DefinedNamespace):
    """``eg:``, https://w3id.org/eventgraph/ontology#"""

    _NS = Namespace("https://w3id.org/eventgraph/ontology#")
    _fail = True

    # classes
    Actor: URIRef
    Person: URIRef
    Organization: URIRef
    Country: URIRef
    Place: URIRef
    City: URIRef
    Military: URIRef
    GovernmentBody: URIRef
    InternationalOrganization: URIRef
    MediaOrganization: URIRef
    Event: URIRef
    PhoneCall: URIRef
    Meeting: URIRef
    Statement: URIRef
    Proposal: URIRef
    Request: URIRef
    Demand: URIRef
    Order: URIRef
    Agreement: URIRef
    Negotiation: URIRef
    Exchange: URIRef
    Transfer: URIRef
    Allegation: URIRef
    Assurance: URIRef
    Threat: URIRef
    Concession: URIRef
    Article: URIRef
    Mention: URIRef
    ArticleGraph: URIRef
    # properties
    agent: URIRef
    participant: URIRef
    recipient: URIRef
    target: URIRef
    topic: URIRef
    quantity: URIRef
    duration: URIRef
    date: URIRef
    place: URIRef
    attributedTo: URIRef
    mention: URIRef
    inArticle: URIRef
    evidence: URIRef
    extractorVersion: URIRef
    extractor: URIRef
    affiliation: URIRef


NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

#: prefixes written into every export, in this order
PREFIXES: dict[str, str] = {
    "eg": str(EG._NS),
    "prov": "http://www.w3.org/ns/prov#",
    "nif": str(NIF),
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "wd": str(WD),
}
