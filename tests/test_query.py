"""Ready queries, output formats, parameter binding and the ``eventgraph query`` command, over the
hand-written two-article fixture ``tests/data/mini.trig`` (laid out as docs/graph-layout.md says)."""

from __future__ import annotations

import csv
import http.server
import io
import json
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

import eventgraph
from eventgraph import cli, vocab
from eventgraph.sparql import (
    QueryError,
    Term,
    bind_values,
    get_query,
    list_queries,
    load_store,
    query,
    sparql_term,
)

FIXTURE = Path(__file__).parent / "data" / "mini.trig"
EGR = "https://w3id.org/eventgraph/resource/"
EG = "https://w3id.org/eventgraph/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
CALL = EGR + "event/3f9a0c51e2b7d468"
READY = {
    "actors",
    "claims-by-source",
    "disagreements",
    "event-sources",
    "events",
    "exchanges",
    "merged-events",
    "orders",
    "proposals",
    "single-source",
}
# values that would change a query's shape if they were pasted into its text
EVIL = [
    '"} ; DROP ALL #',
    "> . ?s ?p ?o",
    "x> . ?s ?p ?o . <y",
    '""" } UNION { ?s ?p ?o } #',
    "'''\n} # \\u0022 \\\" \\",
    'a\\"b\tc\rd\x01e\x7f',
    "}}}) ) ] ] . ; , # <http://example.org/> 'quote' \"dq\"",
    "ünïcødé ✓ \U0001f600",
]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load_store(FIXTURE)


class Endpoint:
    """A SPARQL endpoint over the fixture, in this process: what ``query(URL, …)`` sends, as a store
    receives it (``received``), answered by pyoxigraph as SPARQL JSON results or N-Triples."""

    def __init__(self, store: ox.Store) -> None:
        self.received: list[str] = []
        endpoint = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_HEAD(self) -> None:
                self.send_response(200)
                self.end_headers()

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
                if self.headers.get_content_type() == "application/x-www-form-urlencoded":
                    body = urllib.parse.parse_qs(body)["query"][0]
                endpoint.received.append(body)
                try:
                    answer = store.query(body, use_default_graph_as_union=False)
                except SyntaxError as exc:
                    self.send_error(400, str(exc))
                    return
                if isinstance(answer, ox.QueryTriples):
                    data, media = answer.serialize(format=ox.RdfFormat.N_TRIPLES), "application/n-triples"
                else:
                    data = answer.serialize(format=ox.QueryResultsFormat.JSON)
                    media = "application/sparql-results+json"
                self.send_response(200)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(data or b"")))
                self.end_headers()
                self.wfile.write(data or b"")

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"


@pytest.fixture(scope="module")
def endpoint(store: ox.Store) -> Iterator[Endpoint]:
    served = Endpoint(store)
    thread = threading.Thread(target=served.server.serve_forever, daemon=True)
    thread.start()
    yield served
    served.server.shutdown()
    served.server.server_close()


# -- the fixture itself ------------------------------------------------------------------------------


def test_fixture_follows_the_layout(store: ox.Store) -> None:
    graphs = sorted(g.value for g in store.named_graphs())
    assert graphs == [EGR + "graph/001_reuters", EGR + "graph/002_tass"]
    # every named graph is announced in the default graph, with its article
    linked = query(store, "SELECT ?g ?a WHERE { ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?a }")
    assert sorted(r[0] for r in linked.rows) == graphs
    # mention IRIs name their article and offsets; offsets span exactly the anchor text
    mentions = query(
        store,
        """PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
           PREFIX eg: <https://w3id.org/eventgraph/ontology#>
           SELECT ?g ?m ?a ?b ?e ?t WHERE { GRAPH ?g { ?m a eg:Mention ; eg:inArticle ?a ;
               nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?t } }""",
    )
    assert len(mentions) == 26
    for g, m, a, b, e, t in mentions.rows:
        assert m == f"{EGR}mention/{a.rsplit('/', 1)[1]}/{b}-{e}"
        assert g.rsplit("/", 1)[1] == a.rsplit("/", 1)[1]
        assert int(e) - int(b) == len(t)


# -- the library ---------------------------------------------------------------------------------------


def test_list_queries_has_every_ready_query() -> None:
    infos = {q.name: q for q in list_queries()}
    assert set(infos) == READY
    for q in infos.values():
        assert q.title and q.title != q.name
        assert len(q.description) > 20
    (param,) = infos["event-sources"].params
    assert param.name == "event" and param.default is None and "IRI" in param.description


def test_ready_queries_take_their_prefixes_from_vocab() -> None:
    shipped = Path(eventgraph.__file__).parent / "queries"
    for q in list_queries():
        assert not re.search(
            r"^\s*PREFIX", (shipped / f"{q.name}.rq").read_text(encoding="utf-8"), re.M | re.I
        )
        declared = dict(re.findall(r"^PREFIX (\w+): <([^>]*)>$", q.text, re.M))
        assert declared and declared.items() <= vocab.PREFIXES.items(), q.name


@pytest.mark.parametrize("name", sorted(READY))
def test_every_ready_query_answers(store: ox.Store, name: str) -> None:
    params = {"event": f"<{CALL}>"} if name == "event-sources" else None
    result = query(store, name, params=params)
    assert result.kind == "select" and len(result) >= 2


def test_disagreements_are_exactly_the_two_durations_of_the_call(store: ox.Store) -> None:
    result = query(store, "disagreements")
    assert result.variables == ["event", "label", "property", "value", "source"]
    assert sorted(result.rows) == [
        [CALL, "Phone call between Donald Trump and Vladimir Putin", EG + "duration", "PT1H30M", "002_tass"],
        [CALL, "Phone call between Donald Trump and Vladimir Putin", EG + "duration", "PT2H", "001_reuters"],
    ]
    assert {row[3].datatype for row in result.terms} == {XSD + "duration"}  # type: ignore[union-attr]


def test_proposals_orders_exchanges(store: ox.Store) -> None:
    proposals = query(store, "proposals")
    assert {tuple(r[1:4]) for r in proposals.rows} == {
        ("Donald Trump", "Russia", "a 30-day halt to strikes on energy and infrastructure")
    }
    assert sorted(r[-1] for r in proposals.rows) == ["001_reuters", "002_tass"]
    orders = query(store, "orders")
    assert {(r[1], r[2]) for r in orders.rows} == {("Vladimir Putin", "Russian armed forces")}
    exchanges = query(store, "exchanges")
    assert [(r[1], r[2], set(r[3].split(" | "))) for r in exchanges.rows] == [
        ("Exchange", "175", {"Russia", "Ukraine"})
    ] * 2
    assert exchanges.terms[0][2].datatype == XSD + "integer"  # type: ignore[union-attr]


def test_claims_single_source_events_actors(store: ox.Store) -> None:
    claims = query(store, "claims-by-source")
    assert [(r[0], r[1], r[3], r[5]) for r in claims.rows] == [
        ("Kremlin", "Allegation", "Ukraine", "002_tass"),
        ("White House", "Statement", None, "001_reuters"),
    ]
    single = query(store, "single-source")
    by_event = {(r[0], r[4]) for r in single.rows}
    assert by_event == {
        (CALL, "001_reuters"),  # PT2H
        (CALL, "002_tass"),  # PT1H30M
        (EGR + "event/92f4a6c1d8e05b37", "002_tass"),  # the allegation
        (EGR + "event/e08b3d6f71a2c954", "001_reuters"),  # the statement
        (EGR + "event/5b2e8f1a9c07d364", "001_reuters"),  # the order's date
    }
    assert not [r for r in single.rows if r[2] == EG + "quantity"]  # 175 is stated by both
    events = {r[0]: r for r in query(store, "events").rows}
    assert len(events) == 6
    assert events[CALL][2:] == ["PhoneCall", "--03-18", "2", "asserted"]  # the factuality filtered on
    assert len(query(store, "events", params={"factuality": "any"}).rows) == 6
    assert query(store, "events", params={"factuality": "negated"}).rows == []  # no eg:factuality: asserted
    assert events[EGR + "event/e08b3d6f71a2c954"][4] == "1"
    assert events[EGR + "event/5b2e8f1a9c07d364"][3] == "--03-18"  # dated by one of its two sources
    assert events[EGR + "event/a41c7e9d02f3b815"][3] == ""  # dated by none
    actors = {r[0].rsplit("/", 1)[1]: r for r in query(store, "actors").rows}  # type: ignore[union-attr]
    assert actors["russia"][2:] == ["Country", "Moscow", "3", "2"]
    assert set(actors["donald-trump"][3].split(" | ")) == {"Trump", "U.S. President Donald Trump"}
    assert actors["kremlin"][4] == "0"


def test_event_sources_takes_the_event_as_a_bound_parameter(store: ox.Store) -> None:
    for value in (f"<{CALL}>", "egr:event/3f9a0c51e2b7d468", CALL, ox.NamedNode(CALL), rdflib.URIRef(CALL)):
        result = query(store, "event-sources", params={"event": value})
        assert [(r[1], r[6], r[7], r[8]) for r in result.rows] == [
            ("001_reuters", "telephonic conversation", "114", "137"),
            ("002_tass", "telephonic conversation", "65", "88"),
        ]
    with pytest.raises(QueryError, match="needs --param event"):
        query(store, "event-sources")
    with pytest.raises(QueryError, match="has no parameter"):
        query(store, "events", params={"event": CALL})
    with pytest.raises(QueryError, match="no ready query"):
        query(store, "no-such-query")


# -- formats -------------------------------------------------------------------------------------------


def test_table_csv_json(store: ox.Store) -> None:
    result = query(store, "disagreements")
    table = result.to_table(max_width=20)
    lines = table.splitlines()
    assert lines[0].split(" | ")[0].strip() == "event"
    assert re.fullmatch(r"[-+]+", lines[1])
    assert lines[-1] == "(2 rows)"
    # aligned: the column separators sit at the same offsets on every row
    seps = {tuple(m.start() for m in re.finditer(r" \| ", line)) for line in lines[2:-1] + lines[:1]}
    assert len(seps) == 1
    assert "Phone call between…" in table and "egr:event/3f9a0c51e…" in table
    assert "Phone call between Donald Trump and Vladimir Putin" in result.to_table(max_width=0)

    rows = list(csv.reader(io.StringIO(result.to_csv())))
    assert rows[0] == ["event", "label", "property", "value", "source"]
    assert sorted(r[3] for r in rows[1:]) == ["PT1H30M", "PT2H"]

    doc = json.loads(result.to_json())
    assert doc["head"]["vars"] == rows[0]
    values = sorted((b["value"]["value"], b["value"]["datatype"]) for b in doc["results"]["bindings"])
    assert values == [("PT1H30M", XSD + "duration"), ("PT2H", XSD + "duration")]
    assert doc["results"]["bindings"][0]["event"] == {"type": "uri", "value": CALL}


def test_unbound_cells(store: ox.Store) -> None:
    result = query(store, "claims-by-source")
    assert None in result.rows[1]  # the statement has no target
    assert ",," in result.to_csv()
    assert "target" not in json.loads(result.to_json())["results"]["bindings"][1]


def test_ask_and_construct(store: ox.Store) -> None:
    ask = f"PREFIX eg: <{EG}> ASK {{ GRAPH ?g {{ <{CALL}> eg:duration ?d }} }}"
    result = query(store, ask)
    assert result.kind == "ask" and result.boolean is True
    assert result.to_table() == "true\n"
    assert json.loads(result.to_json()) == {"head": {}, "boolean": True}
    # the union is not the default graph: without GRAPH the durations are not there
    assert query(store, f"PREFIX eg: <{EG}> ASK {{ <{CALL}> eg:duration ?d }}").boolean is False
    graph = query(
        store,
        f"PREFIX eg: <{EG}> CONSTRUCT {{ ?e eg:duration ?d }} WHERE {{ GRAPH ?g {{ ?e eg:duration ?d }} }}",
    )
    assert graph.kind == "graph" and graph.variables == ["subject", "predicate", "object"]
    assert sorted(r[2] for r in graph.rows) == ["PT1H30M", "PT2H"]


def test_other_graph_files_and_build_folders(store: ox.Store, tmp_path: Path) -> None:
    expected = sorted(query(store, "disagreements").rows)
    (tmp_path / "out").mkdir()
    shutil.copy(FIXTURE, tmp_path / "out" / "graph.trig")
    store.dump(tmp_path / "graph.nq", format=ox.RdfFormat.N_QUADS)
    store.dump(tmp_path / "graph.jsonld", format=ox.RdfFormat.JSON_LD)
    for source in (tmp_path / "out", tmp_path / "graph.nq", tmp_path / "graph.jsonld", str(FIXTURE)):
        assert sorted(query(source, "disagreements").rows) == expected
    (tmp_path / "empty").mkdir()
    with pytest.raises(QueryError, match=r"no graph\.trig"):
        query(tmp_path / "empty", "events")
    with pytest.raises(QueryError, match="no such file"):
        query(tmp_path / "missing", "events")


# -- parameters can never change the query's shape ------------------------------------------------------


@pytest.mark.parametrize("evil", EVIL)
def test_parameter_values_cannot_change_the_query(store: ox.Store, endpoint: Endpoint, evil: str) -> None:
    # files: the value comes back verbatim as a string (not an IRI, not SPARQL), and matches nothing
    assert query(store, "SELECT ?v WHERE { }", params={"v": evil}).terms == [[Term("literal", evil)]]
    assert len(query(store, "event-sources", params={"event": evil})) == 0
    # endpoints: the same, and the VALUES block is the only change to the text the endpoint receives
    assert query(endpoint.url, "SELECT ?v WHERE { }", params={"v": evil}).rows == [[evil]]
    assert len(query(endpoint.url, "event-sources", params={"event": evil})) == 0
    block = "VALUES (?event) { (" + sparql_term(evil) + ") }"
    assert endpoint.received[-1].replace(" " + block + " ", "", 1) == get_query("event-sources").text


def test_iris_are_validated(store: ox.Store) -> None:
    for bad in ("<http://x> . ?s ?p ?o>", "<x> . ?s ?p ?o . <y>", "<relative/iri>", "<http://a b>"):
        with pytest.raises(QueryError):
            query(store, "SELECT ?v WHERE { }", params={"v": bad})
    with pytest.raises(QueryError):
        sparql_term(ox.BlankNode("b0"))
    with pytest.raises(QueryError):
        bind_values("SELECT * WHERE { }", {"x y": "1"})
    assert sparql_term("egr:event/1") == f"<{EGR}event/1>"
    assert sparql_term('"chat"@fr') == '"chat"@fr'
    assert sparql_term('"2025-03-18"^^xsd:date') == f'"2025-03-18"^^<{XSD}date>'
    assert sparql_term("175") == f'"175"^^<{XSD}integer>'
    assert sparql_term("hello world") == '"hello world"'
    assert sparql_term(rdflib.Literal("5", datatype=rdflib.XSD.integer)) == f'"5"^^<{XSD}integer>'
    assert sparql_term(rdflib.Literal("x > y", lang="en")) == '"x > y"@en'
    with pytest.raises(QueryError):
        sparql_term(rdflib.BNode())
    assert sparql_term('a"b\\c\nd\x00') == '"a\\"b\\\\c\\nd\\u0000"'


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?e ?d WHERE { GRAPH ?g { ?e eg:duration ?d } } ORDER BY ?d",
        "SELECT ?e ?d { GRAPH ?g { ?e eg:duration ?d } }",
        '# a comment with { braces }\nSELECT ?e ?d (STRLEN("}{") AS ?n)\n'
        "WHERE { GRAPH ?g { ?e eg:duration ?d } }",
        "SELECT ?e ?d (EXISTS { ?x ?y ?z } AS ?any) WHERE { GRAPH ?g { ?e eg:duration ?d } }",
        "SELECT * WHERE { SELECT ?e ?d WHERE { GRAPH ?g { ?e eg:duration ?d } } }",
        "CONSTRUCT { ?e eg:duration ?d } WHERE { GRAPH ?g { ?e eg:duration ?d } }",
        "CONSTRUCT WHERE { ?e ?p ?d }",
        "ASK WHERE { GRAPH ?g { ?e eg:duration ?d } }",
    ],
)
def test_values_binding_matches_substitution(store: ox.Store, endpoint: Endpoint, text: str) -> None:
    """An endpoint (the parameters bound as an inline VALUES block) answers what the file does
    (pyoxigraph's substitution, which wants a substituted variable projected, hence ?e in every
    SELECT), with either way of POSTing the query."""
    text = f"PREFIX eg: <{EG}>\n" + text
    on_file = query(store, text, params={"e": CALL})
    for post in ("direct", "form"):
        on_endpoint = query(endpoint.url, text, params={"e": CALL}, post=post)
        assert (on_endpoint.kind, on_endpoint.boolean) == (on_file.kind, on_file.boolean)
        assert sorted(map(str, on_endpoint.rows)) == sorted(map(str, on_file.rows))
        assert bind_values(text, {"e": CALL}) == endpoint.received[-1]


# -- the command ---------------------------------------------------------------------------------------


def test_cli_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    for name in READY:
        assert re.search(rf"^{re.escape(name)}\s", out, re.M), name
    assert "--param event=VALUE" in out


def test_cli_formats_and_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert cli.main(["query", str(FIXTURE), "disagreements"]) == 0
    out = capsys.readouterr().out
    assert "PT2H" in out and "PT1H30M" in out and "(2 rows)" in out
    assert cli.main(["query", str(FIXTURE), "disagreements", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("event,label,property,value,source\r\n")
    assert cli.main(["query", str(FIXTURE), "disagreements", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["results"]["bindings"]) == 2
    assert cli.main(["query", str(FIXTURE), "-e", f"ASK {{ GRAPH ?g {{ <{CALL}> ?p ?o }} }}"]) == 0
    assert capsys.readouterr().out == "true\n"
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", encoding="utf-8")
    assert cli.main(["query", str(FIXTURE), str(rq), "-f", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "227"  # the quads of the two article graphs
    args = [
        "query",
        str(FIXTURE),
        "event-sources",
        "--param",
        "event=egr:event/3f9a0c51e2b7d468",
        "-f",
        "csv",
    ]
    assert cli.main(args) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    assert cli.main(["query", str(FIXTURE), "event-sources"]) == 1
    assert "needs --param event" in capsys.readouterr().err
    assert cli.main(["query", str(FIXTURE), "events", "--param", "oops"]) == 2
    assert cli.main(["query", str(FIXTURE)]) == 2
    assert cli.main(["query", str(FIXTURE), "-e", "SELECT nonsense {"]) == 1
    assert "syntax" in capsys.readouterr().err.lower()


def test_cli_as_a_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "eventgraph", "query", str(FIXTURE), "disagreements", "-f", "csv"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert sorted(done.stdout.splitlines()[1:]) == [
        f"{CALL},Phone call between Donald Trump and Vladimir Putin,{EG}duration,PT1H30M,002_tass",
        f"{CALL},Phone call between Donald Trump and Vladimir Putin,{EG}duration,PT2H,001_reuters",
    ]
