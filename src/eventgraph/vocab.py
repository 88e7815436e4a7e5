"""The namespaces: every namespace IRI eventgraph writes or reads is spelled here, once.

``EG`` is a ``DefinedNamespace`` of the structural terms (typos fail at import); the event and actor
classes are not listed here but read from the ontology (:mod:`eventgraph.classes`).
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["EG", "EGSH", "NIF", "ONTOLOGY_GRAPH", "PREFIXES", "RESOURCE_BASE", "SCHEMA", "SEM", "WD"]


class EG(DefinedNamespace):
    """``eg:``, https://w3id.org/eventgraph/ontology#"""

    _NS = Namespace("https://w3id.org/eventgraph/ontology#")
    _fail = True

    # the structural classes; every other class (the event classes, actor subclasses) is read
    # from the ontology by eventgraph.classes, so that adding one needs no edit here
    Actor: URIRef
    Person: URIRef
    Organization: URIRef
    Country: URIRef
    Place: URIRef
    Event: URIRef
    Article: URIRef
    Mention: URIRef
    ArticleGraph: URIRef
    Story: URIRef
    Factuality: URIRef
    # the individuals of eg:Factuality (CONTRACT.md, Factuality); no eg:factuality means Asserted
    Asserted: URIRef
    Negated: URIRef
    Planned: URIRef
    Possible: URIRef
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
    story: URIRef
    mergeEvidence: URIRef
    factuality: URIRef


#: the default base of instances (``egr:``); a build may be given another (``--base-iri``)
RESOURCE_BASE = "https://w3id.org/eventgraph/resource/"
#: the named graph of every build that holds the ontology's class tree (rdfs:subClassOf), so that
#: queries find instances of subclasses (``GRAPH <…ontology> { ?c rdfs:subClassOf* eg:Actor }``)
ONTOLOGY_GRAPH = "https://w3id.org/eventgraph/ontology"
#: the SHACL shapes of ontology/shapes.ttl
EGSH = Namespace("https://w3id.org/eventgraph/shapes#")
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
