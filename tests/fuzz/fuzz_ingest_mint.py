"""A coverage-guided fuzzer (atheris) for ingest and IRI minting, run by hand, never by CI.

    .venv/bin/pip install atheris            # a wheel for CPython 3.11 on Linux x86-64
    .venv/bin/python tests/fuzz/fuzz_ingest_mint.py -max_total_time=300 [CORPUS_DIR]

Each input is used three ways: as the bytes of a ``.txt`` file (decode, then
``build_plain_article``), as one JSON Lines line (``ingest.jsonl._record``), and as names and
ids for :mod:`eventgraph.mint` (decoded with ``surrogateescape``, so lone surrogates occur). It
stops at the first input that breaks a rule below, and libFuzzer writes it to ``crash-*``:

- ingest returns an Article or raises/returns a clear one-line problem; nothing else;
- an Article's body is made of verbatim pieces of its text (``text[to_source(span)] == body[span]``)
  and holds no lone surrogate;
- every minted IRI is valid (pyoxigraph parses it; no character the IRIREF production forbids),
  and different ids (or names that differ after normalisation) never share an IRI.

pytest does not collect this file (its name does not start with ``test_``).
"""

from __future__ import annotations

import re
import sys

import atheris

with atheris.instrument_imports():
    from eventgraph.ingest.decode import InputProblem, decode_bytes
    from eventgraph.ingest.jsonl import _record
    from eventgraph.ingest.text import build_plain_article
    from eventgraph.mint import Minter, _name_key, safe_id, slugify
    from eventgraph.types import Article, Skipped

import pyoxigraph

_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`]')
_SURROGATE = re.compile("[\ud800-\udfff]")
_MINTER = Minter()


def _check_article(art: Article) -> None:
    assert art.body.strip(), "empty body"
    for p in art.pieces:
        body = art.body[p.body_start : p.body_start + p.body_len]
        if p.body_len == p.source_len:
            assert body == art.text[p.source_start : p.source_start + p.source_len], "piece is not verbatim"
            b, e = art.to_source(p.body_start, p.body_start + p.body_len)
            assert art.text[b:e] == body, "to_source does not map back"
    if not art.pieces:
        assert art.body == art.text
    for value in (art.id, art.text, art.body, art.title, art.url, art.source, art.published):
        assert value is None or not _SURROGATE.search(value), "lone surrogate passed ingest"


def _check_iri(iri: str) -> None:
    assert not _FORBIDDEN.search(iri), f"forbidden character in {iri!r}"
    pyoxigraph.NamedNode(iri)  # raises ValueError on an invalid IRI


def test_one_input(data: bytes) -> None:
    # 1. the bytes of a .txt file
    try:
        text = decode_bytes(data)
    except InputProblem as problem:
        assert str(problem) and "\n" not in str(problem)
        text = None
    if text is not None:
        try:
            art = build_plain_article(text, article_id="fuzz")
        except InputProblem as problem:
            assert str(problem) and "\n" not in str(problem)
        else:
            _check_article(art)
    # 2. one JSON Lines record
    line = data.split(b"\n", 1)[0]
    item = _record(line, "f.jsonl:1", 1, "f.jsonl", 100_000, lambda _msg: None)
    if isinstance(item, Article):
        _check_article(item)
    else:
        assert item is None or (isinstance(item, Skipped) and item.reason.startswith("f.jsonl:1: "))
    # 3. minting: any string, lone surrogates included, as an id, an actor key and a name
    half = len(data) // 2
    a = data[:half].decode("utf-8", "surrogateescape")
    b = data[half:].decode("utf-8", "surrogateescape")
    for s in (a, b):
        for iri in (_MINTER.article(s), _MINTER.graph(s), _MINTER.mention(s, 0, 1), _MINTER.actor(s)):
            _check_iri(iri)
        slug = slugify(s)
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug) and not slug.endswith("-"), slug
    if a != b:
        assert safe_id(a) != safe_id(b), (a, b)
        assert _MINTER.actor(a) != _MINTER.actor(b), (a, b)
        if _name_key(a) != _name_key(b) or not _name_key(a):
            assert slugify(a) != slugify(b), (a, b)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
