"""report.md: untrusted text (file names, ids, labels, warnings) stays inert text on one line."""

from __future__ import annotations

import pytest

from eventgraph.humanize import date, duration
from eventgraph.pipeline.report import md_text


@pytest.mark.parametrize(
    "text",
    [
        "evil.txt\n# Heading\n> quote",
        "<script>alert(1)</script><img src=x onerror=alert(1)>",
        "[click](https://example.com) ![img](http://x/y.png)",
        "see https://example.com and www.example.com",
        "`code` *bold* _em_ ~~strike~~ | a | b |",
        "line\u2028break\rreturn\x00nul",
    ],
)
def test_md_text_is_inert(text: str) -> None:
    out = md_text(text)
    assert "\n" not in out and "\r" not in out and "\u2028" not in out and "\x00" not in out
    for raw in ("](", "`code`", "*bold*", "https://", "www.example"):
        assert raw not in out
    # every character Markdown or HTML acts on is escaped (rendered as itself)
    for ch in "<>[]()`*_|~&":
        assert out.count(ch) == out.count("\\" + ch), ch
    assert not out.startswith((">", "#"))


def test_md_text_is_bounded() -> None:
    assert len(md_text("x" * 10_000)) <= 300


@pytest.mark.parametrize(
    ("iso", "words"),
    [("PT1H30M", "1 h 30 min"), ("PT2H", "2 h"), ("P30D", "30 days"), ("P1D", "1 day"), ("PT90M", "90 min")],
)
def test_durations_read_as_words(iso: str, words: str) -> None:
    assert duration(iso) == words


def test_dates_read_as_words() -> None:
    assert date("--03-18") == "18 March" and date("2025-03-18") == "18 March 2025"
    assert date("not a date") == "not a date" and duration("PT") == "PT"


def test_report_md_of_the_seeds(seed_build) -> None:
    md = (seed_build.out_dir / "report.md").read_text(encoding="utf-8")
    assert "1 h 30 min" in md and "PT1H30M" not in md
    assert "{'" not in md  # no raw Python dict
    for line in md.splitlines():
        if line.startswith(("1. ", "2. ")):
            assert not line.rstrip().endswith(":"), line  # every ranked line has its value
