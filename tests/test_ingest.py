"""Tests of eventgraph.ingest on real inputs: the seed articles, HTML pages, JSON Lines, bad files."""

from __future__ import annotations

import gzip
import hashlib
import html
import itertools
import json
import os
import re
from pathlib import Path

import pytest

from eventgraph.ingest import iter_articles
from eventgraph.ingest.boilerplate import classify_lines
from eventgraph.ingest.dates import normalize_published
from eventgraph.ingest.text import SEPARATOR
from eventgraph.types import Article, Skipped

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
SEED_000 = SEEDS / "000_3e01d71e7808b61d.txt"
SEED_003 = SEEDS / "003_b52c3997e1d6880a.txt"
REUTERS = ROOT.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"
RAMS = ROOT.parent / "shared" / "dev" / "rams"
ISO = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z?)?")
TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)


# --------------------------------------------------------------------------- helpers


def read_all(*paths: Path | str, **kwargs: object) -> list[Article | Skipped]:
    return list(iter_articles(list(paths), **kwargs))  # type: ignore[arg-type]


def only_article(path: Path, **kwargs: object) -> Article:
    items = read_all(path, **kwargs)
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


def only_skipped(path: Path, **kwargs: object) -> Skipped:
    items = read_all(path, **kwargs)
    assert len(items) == 1, items
    assert isinstance(items[0], Skipped), items[0]
    assert "\n" not in items[0].reason
    return items[0]


def segments(article: Article) -> list[tuple[int, int]]:
    """The ``[start, end)`` spans of body between separators."""
    spans, start = [], 0
    for part in article.body.split(SEPARATOR):
        spans.append((start, start + len(part)))
        start += len(part) + len(SEPARATOR)
    return spans


def assert_pieces_cover_body(article: Article) -> None:
    """Pieces tile the body exactly, apart from the separators between segments."""
    if not article.pieces:
        assert article.body == article.text
        return
    pos = 0
    for piece in article.pieces:
        if piece.body_start != pos:
            assert article.body[pos : piece.body_start] == SEPARATOR
        pos = piece.body_start + piece.body_len
    assert pos == len(article.body)


def assert_words_map_back(article: Article, *, unescape: bool = False) -> int:
    """For every word of the body: the text at ``to_source`` is that word (after unescaping)."""
    word = re.compile(r"\w+" if unescape else r"\S+")
    count = 0
    for m in word.finditer(article.body):
        b, e = article.to_source(m.start(), m.end())
        source = article.text[b:e]
        assert (html.unescape(source) if unescape else source) == m.group(), (m.group(), source)
        count += 1
    return count


def assert_spans_map_back_plain(article: Article) -> None:
    """Plain text: every span inside one segment maps to exactly the same characters."""
    for start, end in segments(article):
        points = sorted({start, end, *range(start, end, max(1, (end - start) // 7))})
        for b, e in itertools.combinations(points, 2):
            s, t = article.to_source(b, e)
            assert article.text[s:t] == article.body[b:e]


# --------------------------------------------------------------------------- seeds (.txt)


def test_seed_000_is_kept_whole_and_titled_from_its_headline() -> None:
    article = only_article(SEED_000)
    text = SEED_000.read_text(encoding="utf-8")
    assert article.id == SEED_000.stem
    assert article.kind == "text" and article.path == str(SEED_000)
    assert article.text == text
    assert article.body == text.strip()
    assert article.title == "Trump, Putin hold telephonic conversation"
    assert_pieces_cover_body(article)
    assert assert_words_map_back(article) > 300
    assert_spans_map_back_plain(article)


def test_seed_003_boilerplate_is_removed_and_every_sentence_kept() -> None:
    article = only_article(SEED_003)
    body = article.body
    for junk in (
        "We use cookies",
        "Cookie Policy",
        "Outdated Browser",
        "Google Chrome",
        "Mozilla Firefox",
        "Microsoft Edge",
        "Windows",
        "Mac OS",
        "67.15%",
        "9.6%",
        "Photo:",
        "collage by Leonid Lukashenko",
        "Similar articles",
    ):
        assert junk not in body, junk
    assert not re.search(r"[\u0400-\u04ff]", body), "Cyrillic notice left in body"
    lines = [line.strip() for line in body.splitlines()]
    assert "Menu" not in lines and "By" not in lines and "•" not in body

    text = SEED_003.read_text(encoding="utf-8")
    source_lines = [line.strip() for line in text.splitlines() if line.strip()]
    first = next(i for i, line in enumerate(source_lines) if line.startswith("During a telephone"))
    last = next(i for i, line in enumerate(source_lines) if line.startswith("As The Gaze reported"))
    sentences = source_lines[first : last + 1]
    assert len(sentences) == 11
    for sentence in sentences:
        assert sentence in body, sentence
    assert article.title == "Trump and Putin Agree to Partial Ceasefire in Ukraine"
    assert body.startswith("Trump and Putin Agree to Partial Ceasefire in Ukraine")
    assert_pieces_cover_body(article)
    assert assert_words_map_back(article) > 300
    assert_spans_map_back_plain(article)


def test_seed_folder_is_read_in_sorted_order() -> None:
    ids = [a.id for a in read_all(SEEDS) if isinstance(a, Article)]
    assert ids == sorted(p.stem for p in SEEDS.glob("*.txt"))


def test_crlf_text_keeps_two_characters_per_line_break(tmp_path: Path) -> None:
    raw = (
        "Ceasefire talks\r\n\r\nMenu\r\n"
        "Putin spoke with Trump by phone on Tuesday, the Kremlin said in a statement.\r\n"
        "They agreed to stop strikes on energy\r\ninfrastructure for 30 days.\r\n"
    )
    path = tmp_path / "crlf.txt"
    path.write_bytes(raw.encode("utf-8"))
    article = only_article(path)
    assert article.text == raw and article.text.count("\r\n") == 6
    assert "Menu" not in article.body
    assert "energy\r\ninfrastructure" in article.body  # a wrapped sentence stays whole, CRLF and all
    assert article.title == "Ceasefire talks"
    offset = raw.index("Putin")
    b = article.body.index("Putin")
    assert article.to_source(b, b + 5) == (offset, offset + 5)
    assert assert_words_map_back(article) == len(article.body.split())
    assert_spans_map_back_plain(article)
    with open(path, encoding="utf-8", newline="") as fh:  # how a scorer reads it
        assert fh.read() == article.text


def test_utf8_bom_stays_in_text_but_not_in_body(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(
        b"\xef\xbb\xbfKyiv talks\nRussia and Ukraine will exchange 175 prisoners, officials said.\n"
    )
    article = only_article(path)
    assert article.text.startswith("\ufeffKyiv")
    assert article.body.startswith("Kyiv talks")
    assert article.to_source(0, 4) == (1, 5)
    assert_words_map_back(article)


def test_general_page_dump_boilerplate(tmp_path: Path) -> None:
    """Rules written for the seeds also work on a differently built page."""
    text = "\n".join(
        [
            "Skip to main content",
            "Home | World | Europe",
            "Search",
            "Kremlin says truce holds",
            "By Jane Doe and John Roe, Reuters",
            "Published: March 19, 2025",
            "Share on Facebook",
            "Facebook Twitter Email",
            "",
            "MOSCOW - The Kremlin said on Wednesday that a partial truce on energy targets was holding.",
            "Image: A view of Red Square. REUTERS/Maxim Shemetov",
            "Advertisement",
            "Ukraine said it would respect the pause if Russia did the same, officials in Kyiv said.",
            "Read more: Five things to know about the ceasefire",
            "Related: Oil prices rise after call",
            "Sign up for our daily newsletter",
            "Reporting by Jane Doe; Editing by John Roe",
            "© 2025 Example News. All rights reserved.",
            "This website uses cookies and by continuing to browse it you agree to our use of them.",
        ]
    )
    path = tmp_path / "dump.txt"
    path.write_text(text, encoding="utf-8")
    article = only_article(path)
    assert article.body.splitlines()[0] == "Kremlin says truce holds"
    assert "partial truce on energy targets was holding." in article.body
    assert "respect the pause if Russia did the same" in article.body
    for junk in (
        "Skip to",
        "Search",
        "By Jane",
        "Share",
        "Facebook",
        "REUTERS/",
        "Advertisement",
        "Read more",
        "Related",
        "newsletter",
        "Editing by",
        "rights reserved",
        "cookies",
        "Published",
    ):
        assert junk not in article.body, junk
    assert article.title == "Kremlin says truce holds"
    assert article.published == "2025-03-19"  # from the date line, which is not body text
    assert_words_map_back(article)


def test_wrapped_newswire_lines_are_not_mistaken_for_boilerplate() -> None:
    lines = [
        "The company said it expects to complete the sale by the end of",
        "1987.",
        "    The agreement takes effect",
        "June 20, 1986, and runs for two years, the ministry said.",
        "    Prices fell by",
        "more from the sale of assets than analysts had expected, he said.",
        " REUTER",
    ]
    verdicts = classify_lines(lines)
    assert [v.keep for v in verdicts if v is not None] == [True] * 6 + [False]


def test_short_headline_and_real_sentences_survive_their_neighbours() -> None:
    lines = [
        "Menu",
        None,
        "Truce holds",
        None,
        "By",
        "Share this",
        None,
        "Photo credit: the ministry released this picture of the two leaders meeting in Riyadh.",
        "Sign up to get the latest news about the war in Ukraine in your inbox every morning.",
    ]
    kept = [line for line, v in zip(lines, classify_lines(lines), strict=True) if v is not None and v.keep]
    assert kept == ["Truce holds", lines[-2], lines[-1]]  # sentences of 8+ words are never dropped


# --------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Putin &amp; Trump agree on energy truce | Example News</title>
<meta property="og:title" content="Putin and Trump agree on energy truce">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-03-18T21:30:00+03:00">
<link rel="canonical" href="https://news.example.com/2025/03/18/truce">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "LD headline"}</script>
<script>window.dataLayer = [{"page": "<p>not body text</p>"}];</script>
<style>.cookie-banner { position: fixed; }</style>
</head>
<body>
<header class="site-header">
  <a href="/">Example News</a>
  <nav><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li></ul></nav>
</header>
<div class="cookie-banner" id="consent">We use cookies to personalise content and ads.
  <button>Accept all</button> <button>Manage settings</button></div>
<main>
<article>
  <h1 class="headline">Putin and Trump agree on energy truce</h1>
  <div class="byline">By <a href="/staff/jane">Jane Doe</a></div>
  <div class="share"><a href="#">Share</a> <a href="#">Tweet</a></div>
  <figure><img src="a.jpg" alt="Leaders"><figcaption>Photo: Kremlin press service</figcaption></figure>
  <p>US President Donald Trump and Russian President Vladimir Putin spoke by phone on Tuesday,
     the White House said, and agreed to a 30-day pause in strikes on energy &amp; infrastructure.</p>
  <p>Trump&#8217;s envoy said technical talks on a maritime ceasefire in the Black Sea would begin
     &ldquo;immediately&rdquo; in the Middle East, according to a statement.</p>
  <div class="ad">Advertisement</div>
  <p>The Kremlin said Russia and Ukraine would exchange 175 prisoners of war each on Wednesday,
     and that Putin had <a href="/putin">ordered the military</a> to halt attacks on power plants.</p>
  <p>Ukrainian President Volodymyr Zelenskiy said Kyiv would support the proposal but wanted
     to see the details first, speaking at a news conference in Helsinki.</p>
  <p class="related">Read more: <a href="/x">Five things to know about the ceasefire</a></p>
</article>
</main>
<aside><h2>Related stories</h2><ul><li><a href="/a">Oil prices climb after the call</a></li></ul></aside>
<footer><p>&copy; 2025 Example News. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
<script>console.log("tracking");</script>
</body></html>
"""


def test_html_page_main_text_with_entities_and_offsets(tmp_path: Path) -> None:
    path = tmp_path / "truce.html"
    path.write_text(PAGE, encoding="utf-8")
    article = only_article(path)
    assert article.id == "truce" and article.kind == "html"
    assert article.text == PAGE
    body = article.body
    assert "energy & infrastructure" in body
    assert "Trump’s envoy" in body
    assert "“immediately”" in body
    assert "ordered the military to halt attacks" in body  # inline link text stays in its sentence
    assert "Zelenskiy said Kyiv would support" in body
    for junk in (
        "cookies",
        "Accept all",
        "World",
        "Politics",
        "not body text",
        "tracking",
        "Share",
        "Tweet",
        "Advertisement",
        "Read more",
        "Related stories",
        "Oil prices",
        "rights reserved",
        "Privacy",
        "position: fixed",
        "Example News",
    ):
        assert junk not in body, junk
    assert article.title == "Putin and Trump agree on energy truce"
    assert article.url == "https://news.example.com/2025/03/18/truce"
    assert article.published == "2025-03-18T18:30:00Z"
    assert article.source == "Example News"
    assert_pieces_cover_body(article)
    assert assert_words_map_back(article, unescape=True) > 100
    # entities are one body character standing for the whole reference
    entity_sources = {
        article.text[p.source_start : p.source_start + p.source_len]
        for p in article.pieces
        if p.body_len != p.source_len
    }
    assert {"&amp;", "&#8217;", "&ldquo;", "&rdquo;"} <= entity_sources
    amp = body.index("&")
    assert article.text[slice(*article.to_source(amp, amp + 1))] == "&amp;"
    # any span inside a paragraph maps to source that reads the same once tags and entities are gone
    for start, end in segments(article):
        b, e = article.to_source(start, end)
        assert " ".join(html.unescape(TAG.sub("", article.text[b:e])).split()) == " ".join(
            article.body[start:end].split()
        )


def test_html_declared_windows_1252_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "<title>Caf\u00e9 diplomacy</title></head><body><article>"
        "<p>Diplomats met at a caf\u00e9 in Geneva on Monday to prepare the talks, the ministry said.</p>"
        "<p>The envoys\u2019 meeting lasted three hours and ended without a joint statement, aides said.</p>"
        "<p>Both sides said they would meet again next week in Riyadh to discuss a maritime ceasefire.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "cp1252.htm"
    path.write_bytes(page.encode("cp1252"))
    article = only_article(path)
    assert article.text == page
    assert "at a café in Geneva" in article.body and "envoys’ meeting" in article.body
    assert article.title == "Café diplomacy"
    assert_words_map_back(article, unescape=True)


def test_broken_html_does_not_crash(tmp_path: Path) -> None:
    page = (
        "<html><body><div><p>Putin and Trump spoke by phone on Tuesday for two hours, officials said.\n"
        "<p>A stray &# and &#xZZ; and an unclosed <b>bold tag: Russia agreed to halt strikes on plants.\n"
        "<table><tr><td>Moscow said the pause would last 30 days, starting immediately, from Tuesday night."
        "</div></span></p><p>Kyiv said it had not yet been told the details of the agreement, an aide said."
        "<script>never closed"
    )
    path = tmp_path / "broken.html"
    path.write_text(page, encoding="utf-8")
    article = only_article(path)
    assert "spoke by phone on Tuesday" in article.body
    assert "Kyiv said it had not yet been told" in article.body
    assert "never closed" not in article.body
    assert_words_map_back(article, unescape=True)


def test_html_without_article_text_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text(
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav>"
        "<footer>&copy; 2025</footer></body></html>",
        encoding="utf-8",
    )
    skipped = only_skipped(path)
    assert skipped.input == str(path)
    assert str(path) in skipped.reason and "no article text" in skipped.reason


# --------------------------------------------------------------------------- JSON Lines

RECORDS = [
    {
        "id": "r1",
        "title": "BAHIA TALKS",
        "published": "26-FEB-1987 15:01:01.79",
        "source": "Reuters",
        "text": "Brazil and Argentina agreed on Tuesday to\nextend their trade pact, aides said.\n REUTER\n",
    },
    {
        "id": "r2",
        "published": "Tue, 18 Mar 2025 14:00:00 +0000",
        "text": "Kremlin phone talks: Putin and Trump discussed a ceasefire in a call on Tuesday, aides say.",
    },
]


def write_jsonl(path: Path, lines: list[str]) -> None:
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0) if path.name.endswith(".gz") else data)


@pytest.mark.parametrize("name", ["news.jsonl", "news.jsonl.gz"])
def test_jsonl_records_and_a_malformed_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    no_id = {"text": "Russia and Ukraine will swap 175 prisoners each on Wednesday, officials said."}
    lines = [
        json.dumps(RECORDS[0]),
        json.dumps(RECORDS[1]),
        '{"id": "r3", "text": "cut off',
        "",
        json.dumps(no_id),
        json.dumps({"id": "r5"}),
        "[1, 2]",
    ]
    write_jsonl(path, lines)
    items = read_all(path)
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "Article", "Skipped", "Article", "Skipped", "Skipped"]
    a1, a2, bad, a4, no_text, not_object = items
    assert isinstance(a1, Article) and isinstance(a2, Article) and isinstance(a4, Article)
    assert bad.input == f"{path}:3" and bad.reason.startswith(f"{path}:3: malformed JSON")
    assert no_text.input == f"{path}:6" and 'no "text"' in no_text.reason
    assert not_object.input == f"{path}:7" and "not a JSON object" in not_object.reason
    assert (a1.id, a1.record, a1.kind, a1.path) == ("r1", 1, "jsonl", str(path))
    assert a1.text == RECORDS[0]["text"] and a1.title == "BAHIA TALKS" and a1.source == "Reuters"
    assert a1.published == "1987-02-26T15:01:01"
    assert "REUTER" not in a1.body and "to\nextend their trade pact" in a1.body
    assert a2.published == "2025-03-18T14:00:00Z" and a2.title == "Kremlin phone talks"
    expected_id = "rec-" + hashlib.sha1(no_id["text"].encode("utf-8")).hexdigest()[:12]
    assert a4.id == expected_id and a4.record == 5
    for article in (a1, a2, a4):
        assert_pieces_cover_body(article)
        assert_words_map_back(article)
        assert_spans_map_back_plain(article)


def test_duplicate_ids_get_suffixes_and_warnings(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", [json.dumps(RECORDS[0]), json.dumps(RECORDS[0])])
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "r1.txt").write_text("Putin and Trump spoke by phone on Tuesday, aides said.\n")
    warnings: list[str] = []
    ids = [a.id for a in iter_articles([tmp_path], on_warning=warnings.append) if isinstance(a, Article)]
    assert ids == ["r1", "r1-2", "r1-3"]
    assert len(warnings) == 2 and "duplicate article id 'r1'" in warnings[0] and "'r1-2'" in warnings[0]
    assert f"{tmp_path / 'a.jsonl'}:2" in warnings[0]


def test_jsonl_record_over_max_bytes_and_unknown_date(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    small = dict(RECORDS[1], id="ok", published="sometime in March")
    write_jsonl(path, [json.dumps({"id": "big", "text": "word " * 400}), json.dumps(small)])
    warnings: list[str] = []
    items = read_all(path, max_bytes=1000, on_warning=warnings.append)
    assert isinstance(items[0], Skipped) and isinstance(items[1], Article)
    assert items[0].input == f"{path}:1"
    assert "2,000 bytes" in items[0].reason and "1,000 bytes" in items[0].reason
    assert "--max-bytes" in items[0].reason
    assert items[1].published is None
    assert any("sometime in March" in w and f"{path}:2" in w for w in warnings)


def test_corrupt_gzip_is_skipped_after_the_good_records(tmp_path: Path) -> None:
    lines = [
        json.dumps(dict(RECORDS[1], id=f"r{i}", text=f"Record {i} " + "talks went on " * 200 + "."))
        for i in range(50)
    ]
    data = gzip.compress("".join(line + "\n" for line in lines).encode(), mtime=0)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    items = read_all(path)
    assert (
        isinstance(items[-1], Skipped)
        and "corrupt gzip" in items[-1].reason
        and str(path) in items[-1].reason
    )
    assert all(isinstance(i, Article) for i in items[:-1])
    fake = tmp_path / "fake.jsonl.gz"
    fake.write_bytes(b'{"id": "x", "text": "not compressed"}\n')
    assert "gzip" in only_skipped(fake).reason


def test_published_default_and_source_default(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Putin and Trump spoke by phone on Tuesday, aides said in Moscow.\n")
    article = only_article(path, published="March 18, 2025", source="Example Wire")
    assert article.published == "2025-03-18" and article.source == "Example Wire"
    write_jsonl(tmp_path / "r.jsonl", [json.dumps(RECORDS[0])])
    record = only_article(tmp_path / "r.jsonl", published="2025-03-18")
    assert record.published == "1987-02-26T15:01:01" and record.source == "Reuters"  # its own win


@pytest.mark.skipif(not REUTERS.exists(), reason="shared Reuters corpus not present")
def test_real_reuters_records() -> None:
    items = list(itertools.islice(iter_articles([REUTERS]), 400))
    assert len(items) == 400
    assert all(isinstance(i, Article) for i in items), [i for i in items if isinstance(i, Skipped)][:3]
    articles = [i for i in items if isinstance(i, Article)]
    assert len({a.id for a in articles}) == 400
    for article in articles:
        assert article.published and ISO.fullmatch(article.published), article.published
        assert article.published.startswith("1987-")
        assert article.source == "Reuters" and article.title and article.body.strip()
        assert article.body.splitlines()[-1].strip() != "REUTER"  # the sign-off line is dropped
        assert_pieces_cover_body(article)
        for b, e in segments(article):
            s, t = article.to_source(b, e)
            assert article.text[s:t] == article.body[b:e]


@pytest.mark.skipif(not (RAMS / "articles").is_dir(), reason="shared RAMS dev set not present")
def test_rams_windows_all_read_and_keep_their_sentences() -> None:
    articles = [a for a in iter_articles([RAMS / "articles"]) if isinstance(a, Article)]
    assert len(articles) == len(list((RAMS / "articles").glob("*.txt")))
    for article in articles:
        for line in article.text.splitlines():
            words = line.split()
            if len(words) >= 8 and line.rstrip(" \"'”’)").endswith((".", "?", "!")):
                assert line.strip() in article.body, (article.id, line)


# --------------------------------------------------------------------------- bad inputs


def make_bad(tmp_path: Path, kind: str) -> tuple[Path, dict[str, object], tuple[str, ...]]:
    """A bad input of ``kind``, the iter_articles options to use, and words its reason must contain."""
    if kind == "empty":
        path = tmp_path / "empty.txt"
        path.write_bytes(b"")
        return path, {}, ("empty",)
    if kind == "blank":
        path = tmp_path / "blank.txt"
        path.write_bytes(b"  \n\r\n\t\n")
        return path, {}, ("empty",)
    if kind == "binary":
        path = tmp_path / "photo.txt"
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
        return path, {}, ("binary",)
    if kind == "nul":
        path = tmp_path / "nul.txt"
        path.write_bytes(b"Putin\x00and\x00Trump" * 20)
        return path, {}, ("binary", "NUL")
    if kind == "latin1":
        path = tmp_path / "latin1.txt"
        path.write_bytes("Diplomats met at a café in Geneva on Monday, officials said.".encode("latin-1"))
        return path, {}, ("not valid UTF-8", "0xE9", "byte 22")
    if kind == "big":
        path = tmp_path / "big.txt"
        path.write_text("Putin and Trump spoke. " * 100)
        return path, {"max_bytes": 1000}, ("2,300 bytes", "1,000 bytes", "--max-bytes")
    if kind == "cyrillic":
        path = tmp_path / "ru.txt"
        path.write_text("Путин и Трамп провели телефонный разговор во вторник.\nСтороны обсудили Украину.\n")
        return path, {}, ("not English", "Cyrillic")
    if kind == "french":
        path = tmp_path / "fr.txt"
        path.write_text(
            "Le président français a rencontré le chancelier allemand à Paris pour discuter de la guerre "
            "en Ukraine et des sanctions contre la Russie. Les deux dirigeants ont affirmé que leur soutien "
            "à Kiev ne faiblirait pas, et ils ont annoncé une nouvelle aide militaire pour les mois qui "
            "viennent, selon un communiqué publié par la présidence.\n"
        )
        return path, {}, ("not English", "French")
    if kind == "boilerplate":
        path = tmp_path / "junk.txt"
        path.write_text("Menu\nSearch\nSubscribe\nWe use cookies to improve your experience.\n")
        return path, {}, ("no article text",)
    if kind == "unknown":
        path = tmp_path / "notes.pdf"
        path.write_bytes(b"%PDF-1.4")
        return path, {}, ("unsupported file type", ".pdf")
    if kind == "missing":
        return tmp_path / "missing.txt", {}, ("no such file",)
    raise AssertionError(kind)


BAD_KINDS = [
    "empty",
    "blank",
    "binary",
    "nul",
    "latin1",
    "big",
    "cyrillic",
    "french",
    "boilerplate",
    "unknown",
    "missing",
]


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_input_gives_one_clear_skipped(tmp_path: Path, kind: str) -> None:
    path, options, words = make_bad(tmp_path, kind)
    skipped = only_skipped(path, **options)
    assert skipped.input == str(path)
    assert skipped.reason.startswith(f"{path}: ")
    for word in words:
        assert word in skipped.reason, (word, skipped.reason)


def test_bad_inputs_do_not_stop_the_good_ones(tmp_path: Path) -> None:
    for kind in BAD_KINDS[:-2]:  # all but the explicit-only ones
        make_bad(tmp_path, kind)
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF-1.4")  # other extensions in folders are ignored
    (tmp_path / "zz_good.txt").write_text("Putin and Trump spoke by phone on Tuesday, aides said.\n")
    items = read_all(tmp_path, max_bytes=2000)
    assert [i.id for i in items if isinstance(i, Article)] == ["zz_good"]
    assert len([i for i in items if isinstance(i, Skipped)]) == len(BAD_KINDS) - 2


def test_size_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.html"
    path.write_bytes(b"<p>" + b"x" * 5000 + b"</p>")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("file opened despite being over the limit")

    monkeypatch.setattr(Path, "open", refuse)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert "--max-bytes" in only_skipped(path, max_bytes=100).reason


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01"),
        ("27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM", "1987-03-27T00:02:59"),
        ("5-MAR-1987  09:09:09.99", "1987-03-05T09:09:09"),
        ("2025-03-18", "2025-03-18"),
        ("2025-03-18T14:05", "2025-03-18T14:05:00"),
        ("2025-03-18T14:05:09.123Z", "2025-03-18T14:05:09Z"),
        ("2025-03-18T21:30:00+03:00", "2025-03-18T18:30:00Z"),
        ("2025/03/18", "2025-03-18"),
        ("Tue, 18 Mar 2025 14:00:00 +0000", "2025-03-18T14:00:00Z"),
        ("Tue, 18 Mar 2025 14:00:00 GMT", "2025-03-18T14:00:00Z"),
        ("March 18, 2025", "2025-03-18"),
        ("Tuesday, March 18, 2025 10:30 AM", "2025-03-18T10:30:00"),
        ("Mar. 18th, 2025", "2025-03-18"),
        ("18 March 2025", "2025-03-18"),
        ("18.03.2025", "2025-03-18"),
        ("03/18/2025", "2025-03-18"),
        ("03/04/2025", None),  # ambiguous
        ("31 February 2025", None),
        ("2025-13-01", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_normalize_published(value: str, expected: str | None) -> None:
    assert normalize_published(value) == expected


# ---------------------------------------------------------------------------- cleaning memo
def test_a_cleaning_memo_gives_the_same_articles_and_skips(tmp_path: Path, monkeypatch) -> None:
    """A rebuild reads what cleaning found from the memo: the same articles, the same reasons."""
    from eventgraph.cache import CleaningCache
    from eventgraph.ingest import text as text_module

    seeds = Path(__file__).resolve().parents[1] / "examples" / "seeds"
    records = [
        {"id": name, "text": (seeds / name).read_text(encoding="utf-8")} for name in sorted(os.listdir(seeds))
    ]
    records += [
        {"id": "cookie", "text": "Accept all cookies\nCookie settings\n"},  # nothing but boilerplate
        {"id": "ru", "text": "Президент России Владимир Путин провёл телефонный разговор. " * 5},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    plain = list(iter_articles([src]))
    assert sum(isinstance(item, Skipped) for item in plain) == 2
    first = CleaningCache(tmp_path / "memo.z", "fp")
    assert list(iter_articles([src], memo=first)) == plain
    first.save()

    def no_cleaning(*args, **kwargs):
        raise AssertionError("the memo should have answered")

    monkeypatch.setattr(text_module, "clean_lines", no_cleaning)
    again = CleaningCache(tmp_path / "memo.z", "fp")
    assert list(iter_articles([src], memo=again)) == plain
    # another fingerprint (other rules or code): nothing is taken from the memo
    # (the failure costs each record that reaches cleaning, named file:LINE, not the whole file)
    unknown = list(iter_articles([src], memo=CleaningCache(tmp_path / "memo.z", "other")))
    assert len(unknown) == len(records) and all(isinstance(item, Skipped) for item in unknown)
    failed = [item for item in unknown if "memo should have answered" in item.reason]
    assert len(failed) >= len(records) - 1
    assert all(item.reason.startswith(f"{src}:") for item in failed)
