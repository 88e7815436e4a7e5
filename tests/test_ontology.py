"""The ontology, the SHACL shapes and the actor gazetteer in ontology/.

The contract terms are written out here from the output contract (shared/CONTRACT.md), so that a
change to the ontology that drops or moves one of them fails a test.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from eventgraph.resources import gazetteer_path, ontology_dir, ontology_path, shapes_path
from eventgraph.validate import load_shapes, validate_dataset, validate_graph

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own TriG/Dataset code

EG = Namespace("https://w3id.org/eventgraph/ontology#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # a plain Namespace: pytest probes module attributes

# --- the contract (shared/CONTRACT.md) --------------------------------------------------------

CONTRACT_TREE = {
    "Actor": ["Person", "Organization", "Country"],
    "Event": [
        "PhoneCall", "Meeting", "Statement", "Proposal", "Request", "Demand", "Order", "Agreement",
        "Negotiation", "Exchange", "Transfer", "Allegation", "Assurance", "Threat", "Concession",
    ],
}  # fmt: skip
CONTRACT_CLASSES = {c for parent, kids in CONTRACT_TREE.items() for c in [parent, *kids]} | {
    "Place",
    "Article",
    "Mention",
}
CONTRACT_EVENT_CLASSES = set(CONTRACT_TREE["Event"])
OBJECT_PROPERTIES = {  # property: (domain, range)
    "agent": ("Event", "Actor"),
    "participant": ("Event", "Actor"),
    "recipient": ("Event", "Actor"),
    "target": ("Event", "Actor"),
    "attributedTo": ("Event", "Actor"),
    "inArticle": ("Mention", "Article"),
}
DATATYPE_PROPERTIES = {  # property: range
    "topic": XSD.string,
    "quantity": XSD.integer,
    "duration": XSD.duration,
}
OTHER_PROPERTIES = {"date", "place", "mention"}  # ranges or domains that are unions, checked below
SUBPROPERTIES = {"agent": "participant", "recipient": "participant", "target": "participant"}
EXTENSION_CLASSES = {  # class: superclass (docs/graph-layout.md and the ontology's own additions)
    "ArticleGraph": PROV.Entity,
    "Story": PROV.Collection,
    "Military": EG.Organization,
    "GovernmentBody": EG.Organization,
    "InternationalOrganization": EG.Organization,
    "MediaOrganization": EG.Organization,
    "City": EG.Place,
}
EXTENSION_PROPERTIES = {"evidence", "extractorVersion", "affiliation", "story", "mergeEvidence"}
EVENT_ANNOTATIONS = [EG.ploverCategory, EG.cameoCode, EG.ldcType]


@pytest.fixture(scope="module")
def onto() -> Graph:
    g = Graph()
    g.parse(ontology_path(), format="turtle")
    return g


@pytest.fixture(scope="module")
def gazetteer() -> list[dict]:
    with open(gazetteer_path(), "rb") as f:
        return tomllib.load(f)["actor"]


def superclasses(g: Graph, cls: URIRef) -> set:
    return set(g.transitive_objects(cls, RDFS.subClassOf)) - {cls}


def union_members(g: Graph, node) -> set:
    assert isinstance(node, BNode), f"expected an owl:unionOf class expression, got {node}"
    return set(Collection(g, g.value(node, OWL.unionOf)))


# --- files --------------------------------------------------------------------------------------


def test_ontology_dir_holds_the_three_files():
    folder = ontology_dir()
    assert folder.is_dir()
    for name in ("eventgraph.ttl", "shapes.ttl", "gazetteer.toml"):
        assert (folder / name).is_file(), name
    assert ontology_path().parent == shapes_path().parent == gazetteer_path().parent == folder


def test_every_ttl_in_ontology_dir_parses():  # the scorer parses ontology/*.ttl
    for f in sorted(ontology_dir().glob("*.ttl")):
        Graph().parse(f, format="turtle")


# --- the ontology ---------------------------------------------------------------------------------


def test_ontology_header(onto):
    header = URIRef("https://w3id.org/eventgraph/ontology")
    assert (header, RDF.type, OWL.Ontology) in onto
    assert onto.value(header, OWL.versionInfo) is not None
    assert onto.value(header, OWL.versionIRI) is not None
    assert "MIT" in str(onto.value(header, URIRef("http://purl.org/dc/terms/license")))


@pytest.mark.parametrize("name", sorted(CONTRACT_CLASSES | set(EXTENSION_CLASSES)))
def test_class_declared_with_label_and_comment(onto, name):
    cls = EG[name]
    assert (cls, RDF.type, OWL.Class) in onto
    assert onto.value(cls, RDFS.label) is not None
    assert onto.value(cls, RDFS.comment) is not None


@pytest.mark.parametrize(
    "name",
    sorted(set(OBJECT_PROPERTIES) | set(DATATYPE_PROPERTIES) | OTHER_PROPERTIES | EXTENSION_PROPERTIES),
)
def test_property_declared_with_label_and_comment(onto, name):
    prop = EG[name]
    kinds = set(onto.objects(prop, RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, f"{name} is not declared"
    assert onto.value(prop, RDFS.label) is not None
    assert onto.value(prop, RDFS.comment) is not None


def test_every_eg_term_has_label_and_comment(onto):
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    terms = {s for k in kinds for s in onto.subjects(RDF.type, k) if str(s).startswith(str(EG))}
    assert terms
    missing = sorted(
        str(t) for t in terms if onto.value(t, RDFS.label) is None or onto.value(t, RDFS.comment) is None
    )
    assert not missing


def test_contract_subclass_tree(onto):
    for parent, kids in CONTRACT_TREE.items():
        for kid in kids:
            assert (EG[kid], RDFS.subClassOf, EG[parent]) in onto, f"{kid} ⊑ {parent}"


def test_contract_classes_not_moved(onto):
    """No contract class is placed under another contract class beyond the contract's tree."""
    allowed = {(EG[k], EG[p]) for p, kids in CONTRACT_TREE.items() for k in kids}
    contract = {EG[c] for c in CONTRACT_CLASSES}
    for c in contract:
        for sup in superclasses(onto, c):
            if sup in contract:
                assert (c, sup) in allowed, f"{c} must not be a subclass of {sup}"


def test_event_subclasses_are_not_nested_under_contract_event_classes(onto):
    events = {s for s in onto.transitive_subjects(RDFS.subClassOf, EG.Event)} - {EG.Event}
    contract_events = {EG[c] for c in CONTRACT_EVENT_CLASSES}
    for cls in events:
        assert not (superclasses(onto, cls) & contract_events), f"{cls} is under a contract event class"


def test_every_event_class_maps_to_plover_cameo_or_ldc(onto):
    events = {s for s in onto.transitive_subjects(RDFS.subClassOf, EG.Event)} - {EG.Event}
    assert {EG[c] for c in CONTRACT_EVENT_CLASSES} <= events
    for cls in events:
        assert any(onto.value(cls, a) is not None for a in EVENT_ANNOTATIONS), f"{cls} has no mapping"
    for cls in events:
        for code in onto.objects(cls, EG.cameoCode):
            assert re.fullmatch(r"\d{2,4}", str(code)), code


@pytest.mark.parametrize(
    ("name", "plover", "cameo", "ldc"),
    [
        ("PhoneCall", "CONSULT", "041", None),
        ("Meeting", "CONSULT", "042", None),
        ("Statement", None, "010", None),
        ("Agreement", "AGREE", "0871", None),
        ("Negotiation", "CONSULT", "046", None),
        ("Exchange", "RETREAT", "0841", None),
        ("Transfer", "RETREAT", "0841", None),
        ("Allegation", "ACCUSE", None, None),
        ("Threat", "THREATEN", None, None),
        ("Order", None, None, "Contact.CommandOrder"),
        ("Assurance", None, None, "Contact.CommitmentPromiseExpressIntent"),
    ],
)
def test_event_class_mappings(onto, name, plover, cameo, ldc):
    cls = EG[name]
    if plover:
        assert Literal(plover) in set(onto.objects(cls, EG.ploverCategory))
    if cameo:
        assert Literal(cameo) in set(onto.objects(cls, EG.cameoCode))
    if ldc:
        assert Literal(ldc) in set(onto.objects(cls, EG.ldcType))
    assert (EG.PhoneCall, EG.ploverMode, Literal("phone")) in onto


def test_annotation_properties_declared(onto):
    for prop in [*EVENT_ANNOTATIONS, EG.ploverMode]:
        assert (prop, RDF.type, OWL.AnnotationProperty) in onto


def test_subproperty_tree(onto):
    for sub, sup in SUBPROPERTIES.items():
        assert (EG[sub], RDFS.subPropertyOf, EG[sup]) in onto


def test_domains_and_ranges(onto):
    for name, (domain, rng) in OBJECT_PROPERTIES.items():
        assert (EG[name], RDF.type, OWL.ObjectProperty) in onto
        assert onto.value(EG[name], RDFS.domain) == EG[domain], name
        assert onto.value(EG[name], RDFS.range) == EG[rng], name
    for name, rng in DATATYPE_PROPERTIES.items():
        assert (EG[name], RDF.type, OWL.DatatypeProperty) in onto
        assert onto.value(EG[name], RDFS.domain) == EG.Event
        assert onto.value(EG[name], RDFS.range) == rng, name
    assert (EG.date, RDF.type, OWL.DatatypeProperty) in onto
    assert union_members(onto, onto.value(EG.date, RDFS.range)) == {XSD.date, XSD.gMonthDay}
    assert union_members(onto, onto.value(EG.place, RDFS.range)) == {EG.Place, EG.Country}
    assert {EG.Event, EG.Actor} <= union_members(onto, onto.value(EG.mention, RDFS.domain))
    assert onto.value(EG.mention, RDFS.range) == EG.Mention
    assert onto.value(EG.evidence, RDFS.domain) == EG.Mention
    assert onto.value(EG.evidence, RDFS.range) == XSD.string
    assert onto.value(EG.affiliation, RDFS.domain) == EG.Actor
    assert onto.value(EG.affiliation, RDFS.range) == EG.Actor
    assert onto.value(EG.extractorVersion, RDFS.domain) == EG.ArticleGraph


def test_per_graph_attributes_are_not_functional(onto):
    """Two sources may disagree: a functional eg:duration would make the union graph inconsistent."""
    for name in ("topic", "quantity", "duration", "date", "place"):
        assert (EG[name], RDF.type, OWL.FunctionalProperty) not in onto


def test_extension_classes(onto):
    for name, sup in EXTENSION_CLASSES.items():
        assert sup in superclasses(onto, EG[name]), f"{name} ⊑ {sup}"


def test_alignments(onto):
    assert (EG.Event, RDFS.subClassOf, SEM.Event) in onto
    assert (EG.Actor, RDFS.subClassOf, SEM.Actor) in onto
    assert (EG.Place, RDFS.subClassOf, SEM.Place) in onto
    assert (EG.Article, RDFS.subClassOf, PROV.Entity) in onto
    assert (EG.Article, SKOS.closeMatch, SCHEMA.NewsArticle) in onto
    assert (EG.Person, RDFS.subClassOf, SCHEMA.Person) in onto
    assert (EG.Organization, RDFS.subClassOf, SCHEMA.Organization) in onto
    assert (EG.Country, RDFS.subClassOf, SCHEMA.Country) in onto
    assert (EG.participant, RDFS.subPropertyOf, SEM.hasActor) in onto
    assert (EG.attributedTo, SKOS.closeMatch, PROV.wasAttributedTo) in onto
    assert (EG.mention, SKOS.closeMatch, GAF.denotedBy) in onto
    assert (SKOS.closeMatch, RDF.type, OWL.AnnotationProperty) in onto  # stays OWL 2 DL


def test_scorer_class_closure_sees_extension_classes(onto):
    """The scorer's closure: the contract tree plus subClassOf axioms whose subject is no contract class."""
    contract = {EG[c] for c in CONTRACT_CLASSES}
    below = defaultdict(set)
    for parent, kids in CONTRACT_TREE.items():
        for kid in kids:
            below[EG[parent]].add(EG[kid])
    for s, o in onto.subject_objects(RDFS.subClassOf):
        if s not in contract:
            below[o].add(s)

    def down(c):
        seen, stack = {c}, [c]
        while stack:
            for sub in below.get(stack.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    stack.append(sub)
        return seen

    assert {EG.GovernmentBody, EG.Military, EG.InternationalOrganization, EG.MediaOrganization} <= down(
        EG.Organization
    )
    assert EG.GovernmentBody in down(EG.Actor)
    assert EG.City in down(EG.Place)
    assert not (down(EG.Place) & down(EG.Actor))
    assert not (down(EG.Event) & down(EG.Actor))


# --- the gazetteer --------------------------------------------------------------------------------


def test_gazetteer_ids_unique_slugs(gazetteer):
    ids = [a["id"] for a in gazetteer]
    assert len(ids) == len(set(ids))
    for i in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i), i


def test_gazetteer_fields(gazetteer):
    allowed = {"id", "label", "class", "wikidata", "aliases", "capitals", "demonyms", "country"}
    for a in gazetteer:
        assert set(a) <= allowed, a["id"]
        assert {"id", "label", "class", "aliases"} <= set(a), a["id"]
        assert a["label"] in a["aliases"], a["id"]
        for key in ("aliases", "capitals", "demonyms"):
            values = a.get(key, [])
            assert isinstance(values, list) and all(
                isinstance(v, str) and v.strip() == v and v for v in values
            )
        if "capitals" in a:
            assert a["class"] == "Country", a["id"]
        if "demonyms" in a:  # a state's, or a union of states' ("European")
            assert a["class"] in ("Country", "InternationalOrganization"), a["id"]


def test_gazetteer_classes_exist_in_ontology(gazetteer, onto):
    for a in gazetteer:
        cls = EG[a["class"]]
        assert (cls, RDF.type, OWL.Class) in onto, a["class"]
        assert ({cls} | superclasses(onto, cls)) & {EG.Actor, EG.Place}, a["class"]


def test_gazetteer_wikidata_ids(gazetteer):
    qids = [a["wikidata"] for a in gazetteer if "wikidata" in a]
    for q in qids:
        assert re.fullmatch(r"Q\d+", q), q
    assert len(qids) == len(set(qids)), "two entries share a Wikidata item"


def test_gazetteer_no_surface_form_shared_by_two_actors(gazetteer):
    owners = defaultdict(set)
    for a in gazetteer:
        for form in a["aliases"] + a.get("capitals", []) + a.get("demonyms", []):
            owners[form.casefold()].add(a["id"])
    shared = {form: ids for form, ids in owners.items() if len(ids) > 1}
    assert not shared


def test_gazetteer_country_references(gazetteer):
    by_id = {a["id"]: a for a in gazetteer}
    for a in gazetteer:
        if "country" in a:
            assert a["country"] in by_id, a["id"]
            assert by_id[a["country"]]["class"] in {"Country", "InternationalOrganization"}, a["id"]
            assert a["class"] != "Country"


def test_gazetteer_content(gazetteer):
    by_id = {a["id"]: a for a in gazetteer}
    countries = [a for a in gazetteer if a["class"] == "Country"]
    assert len(countries) >= 193 + 4  # UN members, observers, Taiwan, Kosovo
    assert not [a for a in gazetteer if a["class"] == "Person"], "no people in the gazetteer"
    expected = {"united-states": "Q30", "russia": "Q159", "ukraine": "Q212", "china": "Q148",
                "united-kingdom": "Q145", "france": "Q142", "germany": "Q183", "japan": "Q17",
                "israel": "Q801", "saudi-arabia": "Q851", "iran": "Q794", "iraq": "Q796",
                "syria": "Q858"}  # fmt: skip
    for i, q in expected.items():
        assert by_id[i]["wikidata"] == q, i
    assert {"Kyiv", "Kiev"} <= set(by_id["ukraine"]["capitals"])
    assert {"US", "U.S.", "USA", "America", "United States of America"} <= set(
        by_id["united-states"]["aliases"]
    )
    assert "Washington" in by_id["united-states"]["capitals"]
    assert {"UK", "U.K.", "Britain", "Great Britain"} <= set(by_id["united-kingdom"]["aliases"])
    assert "Russian Federation" in by_id["russia"]["aliases"]
    for i in ("vatican", "palestine", "taiwan", "kosovo"):
        assert by_id[i]["class"] == "Country"
    for i in ("kremlin", "white-house"):  # offices: organisations of their state, distinct from it
        assert by_id[i]["class"] in {"Organization", "GovernmentBody"}
    assert by_id["kremlin"]["country"] == "russia"
    assert by_id["european-union"]["class"] == "InternationalOrganization"
    assert by_id["black-sea"]["class"] == "Place"


def test_gazetteer_names_match_gold_patterns(gazetteer):
    """The preferred names satisfy the seed gold's actor patterns (shared/gold/seeds.json)."""
    by_id = {a["id"]: a for a in gazetteer}
    patterns = {
        "russia": r"^(the )?(russia(n federation)?|moscow)$",
        "ukraine": r"^(ukraine|kyiv|kiev)$",
        "united-states": r"^(the )?(united states( of america)?|us|u\.s\.?|usa|america|washington)$",
        "kremlin": r"kremlin",
        "white-house": r"white house",
        "saudi-arabia": r"saudi arabia",
    }
    for i, rx in patterns.items():
        assert re.search(rx, by_id[i]["label"], re.I), i


# --- the shapes -----------------------------------------------------------------------------------

PREFIXES = """
@base <https://w3id.org/eventgraph/resource/> .
@prefix eg: <https://w3id.org/eventgraph/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# Two articles reporting the same phone call, with different durations (docs/graph-layout.md).
# Article 1's text starts "Trump and Putin held a telephonic conversation ..."; article 2's
# "Putin spoke to Trump by phone ...".
VALID_TRIG = (
    PREFIXES
    + """
<article/a1> a eg:Article ; dcterms:identifier "a1" ; dcterms:title "Trump, Putin hold call" ;
    schema:url <https://example.org/a1> ; dcterms:publisher "Reuters" ;
    dcterms:issued "2025-03-19"^^xsd:date .
<article/a2> a eg:Article ; dcterms:identifier "a2" .
<graph/a1> a eg:ArticleGraph ; prov:wasDerivedFrom <article/a1> ;
    prov:generatedAtTime "2025-03-19T00:00:00Z"^^xsd:dateTime ; eg:extractorVersion "eventgraph 0.1.0" .
<graph/a2> a eg:ArticleGraph ; prov:wasDerivedFrom <article/a2> ;
    prov:generatedAtTime "2025-03-19T00:00:00Z"^^xsd:dateTime ; eg:extractorVersion "eventgraph 0.1.0" .
<actor/donald-trump> rdfs:label "Donald Trump" ; skos:altLabel "Trump" ; owl:sameAs wd:Q22686 .
<actor/vladimir-putin> rdfs:label "Vladimir Putin" ; owl:sameAs wd:Q7747 .
<event/3f9a> rdfs:label "Phone call between Donald Trump and Vladimir Putin" .

<graph/a1> {
  <actor/donald-trump> a eg:Person ; eg:mention <mention/a1/0-5> .
  <actor/vladimir-putin> a eg:Person ; eg:mention <mention/a1/10-15> .
  <event/3f9a> a eg:PhoneCall ;
      eg:agent <actor/donald-trump> ; eg:recipient <actor/vladimir-putin> ;
      eg:participant <actor/donald-trump> , <actor/vladimir-putin> ;
      eg:topic "the war in Ukraine" ;
      eg:duration "PT2H"^^xsd:duration ; eg:date "--03-18"^^xsd:gMonthDay ;
      eg:mention <mention/a1/23-46> .
  <mention/a1/0-5> a eg:Mention ; eg:inArticle <article/a1> ;
      nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "5"^^xsd:nonNegativeInteger ;
      nif:anchorOf "Trump" .
  <mention/a1/10-15> a eg:Mention ; eg:inArticle <article/a1> ;
      nif:beginIndex "10"^^xsd:nonNegativeInteger ; nif:endIndex "15"^^xsd:nonNegativeInteger ;
      nif:anchorOf "Putin" .
  <mention/a1/23-46> a eg:Mention ; eg:inArticle <article/a1> ;
      nif:beginIndex "23"^^xsd:nonNegativeInteger ; nif:endIndex "46"^^xsd:nonNegativeInteger ;
      nif:anchorOf "telephonic conversation" ;
      eg:evidence "Trump and Putin held a telephonic conversation on Tuesday." .
}

<graph/a2> {
  <actor/vladimir-putin> a eg:Person ; eg:mention <mention/a2/0-5> .
  <actor/donald-trump> a eg:Person ; eg:mention <mention/a2/15-20> .
  <actor/russia> a eg:Country ; eg:mention <mention/a2/40-46> .
  <event/3f9a> a eg:PhoneCall ;
      eg:participant <actor/donald-trump> , <actor/vladimir-putin> ;
      eg:duration "PT1H30M"^^xsd:duration ; eg:date "2025-03-18"^^xsd:date ;
      eg:place <actor/russia> ; eg:attributedTo <actor/vladimir-putin> ;
      eg:mention <mention/a2/21-29> .
  <event/77aa> a eg:Exchange ;
      eg:participant <actor/russia> ; eg:quantity 175 ;
      eg:mention <mention/a2/30-38> .
  <mention/a2/0-5> a eg:Mention ; eg:inArticle <article/a2> ;
      nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "5"^^xsd:nonNegativeInteger ;
      nif:anchorOf "Putin" .
  <mention/a2/15-20> a eg:Mention ; eg:inArticle <article/a2> ;
      nif:beginIndex "15"^^xsd:nonNegativeInteger ; nif:endIndex "20"^^xsd:nonNegativeInteger ;
      nif:anchorOf "Trump" .
  <mention/a2/21-29> a eg:Mention ; eg:inArticle <article/a2> ;
      nif:beginIndex "21"^^xsd:nonNegativeInteger ; nif:endIndex "29"^^xsd:nonNegativeInteger ;
      nif:anchorOf "by phone" .
  <mention/a2/30-38> a eg:Mention ; eg:inArticle <article/a2> ;
      nif:beginIndex "30"^^xsd:nonNegativeInteger ; nif:endIndex "38"^^xsd:nonNegativeInteger ;
      nif:anchorOf "exchange" .
  <mention/a2/40-46> a eg:Mention ; eg:inArticle <article/a2> ;
      nif:beginIndex "40"^^xsd:nonNegativeInteger ; nif:endIndex "46"^^xsd:nonNegativeInteger ;
      nif:anchorOf "Russia" .
}
"""
)


def dataset(text: str) -> Dataset:
    ds = Dataset()
    ds.parse(data=text, format="trig")
    return ds


def broken(old: str, new: str) -> Dataset:
    assert old in VALID_TRIG, old
    return dataset(VALID_TRIG.replace(old, new, 1))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def test_shapes_parse_and_are_valid_shacl():
    from pyshacl import validate

    g = Graph()
    g.parse(shapes_path(), format="turtle")
    assert len(g) > 50
    conforms, _report, text = validate(Graph(), shacl_graph=g, meta_shacl=True)
    assert conforms, text


def test_shapes_state_no_subclass_axioms():
    """shapes.ttl is read by the scorer together with the ontology: it must not touch the class tree."""
    g = Graph()
    g.parse(shapes_path(), format="turtle")
    assert not list(g.triples((None, RDFS.subClassOf, None)))


def test_valid_dataset_conforms_graph_by_graph():
    ds = dataset(VALID_TRIG)
    named = [g for g in ds.graphs() if len(g) and str(g.identifier).startswith("https://w3id.org/")]
    assert len(named) == 2
    assert validate_dataset(ds) == []


def test_each_graph_conforms_on_its_own(shapes):
    ds = dataset(VALID_TRIG)
    for g in ds.graphs():
        if len(g):
            assert validate_graph(g, shapes, str(g.identifier)) == []


def test_union_of_disagreeing_sources_is_not_one_graph(shapes):
    """Per graph each source states one duration; their union holds two: why graphs are validated apart."""
    ds = dataset(VALID_TRIG)
    union = Graph()
    for g in ds.graphs():
        for triple in g:
            union.add(triple)
    problems = validate_graph(union, shapes, "union")
    assert any("eg:duration" in p for p in problems)


@pytest.mark.parametrize(
    ("old", "new", "expect"),
    [
        pytest.param(
            'eg:duration "PT2H"^^xsd:duration',
            'eg:duration "PT2H"^^xsd:duration , "PT1H30M"^^xsd:duration',
            "eg:duration",
            id="two-durations-in-one-graph",
        ),
        pytest.param(
            'nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "5"^^xsd:nonNegativeInteger ;\n'
            '      nif:anchorOf "Trump"',
            'nif:endIndex "5"^^xsd:nonNegativeInteger ;\n      nif:anchorOf "Trump"',
            "nif:beginIndex",
            id="mention-without-beginIndex",
        ),
        pytest.param(
            "eg:participant <actor/donald-trump> , <actor/vladimir-putin> ;\n      eg:topic",
            "eg:participant <actor/vladimir-putin> ;\n      eg:topic",
            "eg:participant",
            id="agent-not-participant",
        ),
        pytest.param('"PT2H"^^xsd:duration', '"PT2H"^^xsd:string', "eg:duration", id="duration-typed-string"),
        pytest.param(
            '"PT2H"^^xsd:duration', '"two hours"^^xsd:duration', "eg:duration", id="duration-ill-typed"
        ),
        pytest.param(
            'nif:beginIndex "0"^^xsd:nonNegativeInteger',
            "nif:beginIndex 0",
            "nif:beginIndex",
            id="begin-xsd-integer",
        ),
        pytest.param(
            'nif:anchorOf "Trump" .', 'nif:anchorOf "Trump!" .', "anchorOf", id="anchor-length-mismatch"
        ),
        pytest.param('"--03-18"^^xsd:gMonthDay', '"03-18"^^xsd:gMonthDay', "eg:date", id="bad-gmonthday"),
        pytest.param('"--03-18"^^xsd:gMonthDay', '"March 18"', "eg:date", id="date-plain-string"),
        pytest.param("eg:quantity 175", "eg:quantity 175.5", "eg:quantity", id="quantity-decimal"),
        pytest.param(
            "eg:mention <mention/a2/30-38> .", 'eg:topic "swap" .', "eg:mention", id="event-without-mention"
        ),
        pytest.param(
            "<actor/russia> a eg:Country ; eg:mention <mention/a2/40-46> .",
            "<actor/russia> a eg:Country .",
            "eg:mention",
            id="actor-without-mention",
        ),
        pytest.param(
            "<actor/donald-trump> a eg:Person ; eg:mention <mention/a1/0-5> .",
            "",
            "eg:participant",
            id="participant-not-typed-in-graph",
        ),
        pytest.param(
            "eg:place <actor/russia> ;",
            "eg:place <actor/russia> , <actor/ukraine> ;",
            "eg:place",
            id="two-places",
        ),
        pytest.param(
            'nif:anchorOf "telephonic conversation"',
            'nif:anchorOf "telephonic conversation" , "call"',
            "nif:anchorOf",
            id="two-anchors",
        ),
        pytest.param(
            'rdfs:label "Donald Trump"', 'rdfs:label "Donald Trump" , "Trump"', "rdfs:label", id="two-labels"
        ),
        pytest.param(
            'dcterms:identifier "a2"',
            'dcterms:identifier "a2" , "a2b"',
            "dcterms:identifier",
            id="two-identifiers",
        ),
        pytest.param(
            '<article/a2> a eg:Article ; dcterms:identifier "a2" .',
            '<article/a2> dcterms:identifier "a2" .',
            "dcterms:identifier",
            id="identifier-on-non-article",
        ),
        pytest.param(
            'prov:generatedAtTime "2025-03-19T00:00:00Z"^^xsd:dateTime ; '
            'eg:extractorVersion "eventgraph 0.1.0" .\n<graph/a2>',
            'prov:generatedAtTime "2025-03-19" ; eg:extractorVersion "eventgraph 0.1.0" .\n<graph/a2>',
            "prov:generatedAtTime",
            id="generatedAtTime-not-dateTime",
        ),
        pytest.param(
            "<graph/a2> a eg:ArticleGraph ; prov:wasDerivedFrom <article/a2> ;",
            "<graph/a2> a eg:ArticleGraph ; prov:wasDerivedFrom <article/a2> , <article/a1> ;",
            "prov:wasDerivedFrom",
            id="graph-derived-from-two-articles",
        ),
    ],
)
def test_broken_variants_do_not_conform(old, new, expect):
    problems = validate_dataset(broken(old, new))
    assert problems, "expected a SHACL violation"
    assert any(expect in p for p in problems), problems


def test_problems_name_their_graph():
    problems = validate_dataset(broken('eg:duration "PT2H"^^xsd:duration', 'eg:duration "2h"'))
    assert problems and all(p.startswith("graph egr:graph/a1:") for p in problems), problems
    problems = validate_dataset(broken('rdfs:label "Donald Trump"', 'rdfs:label "Donald Trump" , "DJT"'))
    assert problems and all(p.startswith("default graph:") for p in problems), problems


def test_event_trigger_mention_at_most_100_characters():
    long = "x" * 120
    text = VALID_TRIG.replace('nif:endIndex "46"', f'nif:endIndex "{23 + len(long)}"')
    text = text.replace('nif:anchorOf "telephonic conversation"', f'nif:anchorOf "{long}"')
    problems = validate_dataset(dataset(text))
    assert any("100 characters" in p for p in problems), problems


def test_targets_widen_to_ontology_subclasses(tmp_path: Path):
    """An event class added to the ontology later is validated without editing shapes.ttl."""
    (tmp_path / "shapes.ttl").write_text(shapes_path().read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "extra.ttl").write_text(
        "@prefix eg: <https://w3id.org/eventgraph/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "eg:Ceasefire rdfs:subClassOf eg:Event .\n",
        encoding="utf-8",
    )
    text = VALID_TRIG.replace("<event/77aa> a eg:Exchange ;", "<event/77aa> a eg:Ceasefire ;")
    assert validate_dataset(dataset(text), tmp_path / "shapes.ttl") == []
    text = text.replace("eg:mention <mention/a2/30-38> .", 'eg:topic "truce" .')
    problems = validate_dataset(dataset(text), tmp_path / "shapes.ttl")
    assert any("event/77aa" in p and "eg:mention" in p for p in problems), problems
