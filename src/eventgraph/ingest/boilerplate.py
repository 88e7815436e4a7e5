"""Line-level boilerplate removal and a cheap "is this English?" check.

The rules are data (``eventgraph/data/boilerplate.toml``); this module only applies them.
Each non-blank line gets a class:

- ``notice``: a site notice (cookie banner, outdated-browser notice); always dropped;
- ``strong``: navigation, credits, bylines, date lines, other-script lines; dropped unless the
  line is a real sentence (see :meth:`Rules.is_sentence`);
- ``numeric`` and ``fragment``: lines without letters, and short lines without a sentence;
  *weak* evidence, dropped only in the company of other boilerplate, because the same shapes
  are legitimate in articles (a two-word headline, a table row, a wrapped "1987.");
- ``content``: everything else; kept.

A "chain" is a maximal sequence of non-content lines (blank lines may sit inside it). A weak
line is dropped when its chain holds three or more weak lines (a list of labels), or, for a
numeric line, when no content line shares its paragraph. This removes a browser list such as
"67.15% / Google Chrome / • Windows / • Mac OS" but not a two-word headline between "Menu" and
"By". A line that continues an unfinished content line (wrapped prose) is always content.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from eventgraph.ingest.dates import normalize_published

__all__ = [
    "Rules",
    "Verdict",
    "classify_lines",
    "dateline_value",
    "language_problem",
    "load_rules",
    "script_problem",
]

NOTICE, STRONG, NUMERIC, FRAGMENT, CONTENT = "notice", "strong", "numeric", "fragment", "content"
_WEAK = (NUMERIC, FRAGMENT)

_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
# Latin letters: ASCII, Latin-1, Latin Extended-A/B, Latin Extended Additional
_LATIN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
# trimmed from both ends of a line before it is compared with the phrases; a single final "."
# is not ("Home." ends a wrapped sentence, "Home" is a menu item), but "..." is ("Loading...")
_PHRASE_TRIM = " \t:;,!?…()[]{}\"'“”‘’«»-–—|/\\#*+>•·▪◦‣●■►▶→"
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_UI_SPLIT = re.compile(r"[\s|/·•,]+")


@dataclass(frozen=True, slots=True)
class Verdict:
    """What happens to one line: kept or not, and the rule that decided (``content`` if kept)."""

    keep: bool
    rule: str
    cls: str


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    anchored: re.Pattern[str] | None  # matched at the start of the line
    floating: re.Pattern[str] | None  # searched anywhere in the line
    requires: re.Pattern[str] | None = None  # tried only on lines containing one of its words

    def hits(self, line: str, low: str) -> bool:
        if self.requires is not None and not self.requires.search(low):  # one scan, not one per word
            return False
        return bool(
            (self.anchored is not None and self.anchored.match(line))
            or (self.floating is not None and self.floating.search(line))
        )


@dataclass(frozen=True)
class Rules:
    """The compiled contents of ``boilerplate.toml``."""

    min_words: int
    sentence_end: str
    closers: str
    fragment_max_words: int
    fragment_max_chars: int
    bullet_max_words: int
    bullets: str
    line_min_latin: float
    text_min_latin: float
    notices: tuple[_Rule, ...]
    soft: tuple[_Rule, ...]
    phrases: frozenset[str]
    ui_words: frozenset[str]
    ui_words_max: int
    byline_leads: tuple[str, ...]
    byline_connectors: frozenset[str]
    byline_max_words: int
    date_prefixes: tuple[str, ...]
    date_max_chars: int
    date_search_lines: int
    lang_min_words: int
    english: frozenset[str]
    english_min_share: float
    other_languages: tuple[tuple[str, frozenset[str]], ...]

    def is_sentence(self, line: str) -> bool:
        """A real sentence: enough words, mostly Latin letters, sentence punctuation at the end."""
        tail = line.rstrip(self.closers + " ")
        if not tail or tail[-1] not in self.sentence_end:
            return False
        if len(line.split()) < self.min_words:
            return False
        return line.isascii() or latin_share(line)[0] >= self.line_min_latin

    def ends_sentence(self, line: str) -> bool:
        tail = line.rstrip(self.closers + " ")
        return bool(tail) and tail[-1] in self.sentence_end


def _compile(patterns: Sequence[str]) -> re.Pattern[str] | None:
    # one alternation per rule and kind: a line costs two regex calls per rule, not one per pattern
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I) if patterns else None


def _rule(name: str, patterns: Sequence[str], requires: Sequence[str] = ()) -> _Rule:
    """Patterns starting with ``^`` are tried with ``match`` (cheap: one position), others searched."""
    anchored = [p[1:] for p in patterns if p.startswith("^")]
    floating = [p for p in patterns if not p.startswith("^")]
    words = "|".join(re.escape(w.lower()) for w in requires)
    return _Rule(name, _compile(anchored), _compile(floating), re.compile(words) if words else None)


def _rules_from(data: dict[str, Any]) -> Rules:
    notices: list[_Rule] = []
    soft: list[_Rule] = []
    phrases: set[str] = set()
    ui_words: set[str] = set()
    ui_max = 10
    for rule in data.get("rule", []):
        name = rule["name"]
        if rule.get("patterns"):
            target = notices if rule.get("drop_sentences") else soft
            target.append(_rule(name, rule["patterns"], rule.get("requires", ())))
        phrases.update(p.lower() for p in rule.get("phrases", []))
        ui_words.update(w.lower() for w in rule.get("words", []))
        ui_max = int(rule.get("words_max", ui_max))
    sentence, fragment, script = data["sentence"], data["fragment"], data["script"]
    byline, dateline, lang = data["byline"], data["dateline"], data["language"]
    return Rules(
        min_words=int(sentence["min_words"]),
        sentence_end=sentence["end"],
        closers=sentence["closers"],
        fragment_max_words=int(fragment["max_words"]),
        fragment_max_chars=int(fragment["max_chars"]),
        bullet_max_words=int(fragment["bullet_max_words"]),
        bullets=fragment["bullets"],
        line_min_latin=float(script["line_min_latin"]),
        text_min_latin=float(script["text_min_latin"]),
        notices=tuple(notices),
        soft=tuple(soft),
        phrases=frozenset(phrases),
        ui_words=frozenset(ui_words),
        ui_words_max=ui_max,
        # longest first, so "written by" wins over "by"
        byline_leads=tuple(sorted((x.lower() for x in byline["leads"]), key=len, reverse=True)),
        byline_connectors=frozenset(x.lower() for x in byline["connectors"]),
        byline_max_words=int(byline["max_words"]),
        date_prefixes=tuple(sorted((x.lower() for x in dateline["prefixes"]), key=len, reverse=True)),
        date_max_chars=int(dateline["max_chars"]),
        date_search_lines=int(dateline["search_lines"]),
        lang_min_words=int(lang["min_words"]),
        english=frozenset(lang["english"]),
        english_min_share=float(lang["english_min_share"]),
        other_languages=tuple((k, frozenset(v)) for k, v in lang.get("other", {}).items()),
    )


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The packaged rules, read once."""
    raw = resources.files("eventgraph").joinpath("data/boilerplate.toml").read_bytes()
    return _rules_from(tomllib.loads(raw.decode("utf-8")))


# --------------------------------------------------------------------------- scripts, languages


def latin_share(text: str) -> tuple[float, int]:
    """The share of letters in ``text`` that are Latin, and the number of letters."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return 1.0, 0
    if text.isascii():
        return 1.0, letters
    return len(_LATIN.findall(text)) / letters, letters


def _dominant_script(text: str) -> str:
    """The name of the most common non-Latin script among the letters of ``text``."""
    counts: Counter[str] = Counter()
    for ch in _LETTER.findall(text[:20000]):
        if not _LATIN.match(ch):
            counts[unicodedata.name(ch, "OTHER ?").split(" ")[0].title()] += 1
    return counts.most_common(1)[0][0] if counts else "non-Latin"


def script_problem(text: str, rules: Rules | None = None) -> str | None:
    """'not English (…)' when too few of the letters of ``text`` are Latin, else None."""
    rules = rules or load_rules()
    sample = text[:200_000]
    if sample.isascii():
        return None
    share, letters = latin_share(sample)
    if letters and share < rules.text_min_latin:
        script = _dominant_script(sample)
        return f"not English ({1 - share:.0%} of its letters are {script} script, not Latin)"
    return None


def language_problem(text: str, rules: Rules | None = None) -> str | None:
    """'not English (…)' when a long text has few English and many foreign function words."""
    rules = rules or load_rules()
    words = _WORD.findall(text[:6000].lower())  # ~1,000 words decide it
    if len(words) < rules.lang_min_words:
        return None
    english = len([w for w in words if w in rules.english]) / len(words)
    if english >= rules.english_min_share:
        return None
    best, best_share = "", 0.0
    for name, vocab in rules.other_languages:
        share = len([w for w in words if w in vocab]) / len(words)
        if share > best_share:
            best, best_share = name, share
    if best and best_share >= 0.1 and best_share >= 2 * english:
        return (
            f"not English (looks like {best}: {best_share:.0%} of its words are {best} function words, "
            f"{english:.0%} English ones)"
        )
    return None


# --------------------------------------------------------------------------- line classes


def dateline_value(line: str, rules: Rules | None = None) -> str | None:
    """The ISO date of a line that is only a date ("Published: 18 March 2025"), else None."""
    rules = rules or load_rules()
    if len(line) > rules.date_max_chars or not _DIGIT.search(line):
        return None
    rest = line.strip()
    low = rest.lower()
    for prefix in rules.date_prefixes:
        if low.startswith(prefix) and (len(low) == len(prefix) or not low[len(prefix)].isalpha()):
            rest = rest[len(prefix) :]
            break
    rest = rest.strip(" :|-–—•,\t")
    return normalize_published(rest)


def _is_byline(line: str, rules: Rules) -> bool:
    # wrapped prose often starts a line with "by ..."; a byline starts with a capital
    if not line[:1].isupper():
        return False
    low = line.lower()
    for lead in rules.byline_leads:
        if low == lead or (low.startswith(lead) and low[len(lead)] in " :"):
            rest = line[len(lead) :].lstrip(" :")
            break
    else:
        return False
    if rules.ends_sentence(rest) and not re.search(r"\b[A-Z]\.$", rest):
        return False  # "By then, the talks had failed." ends like a sentence
    tokens = rest.replace(",", " , ").split()
    names = [t for t in tokens if t.lower() not in rules.byline_connectors]
    if len(names) > rules.byline_max_words:
        return False
    for tok in names:
        first = next((c for c in tok if c.isalpha()), None)
        if first is None or not first.isupper():
            return False
    return True


def _is_ui_line(line: str, rules: Rules) -> bool:
    low = line.lower()
    if low.endswith("...") or not low.endswith("."):
        low = low.rstrip(".")
    phrase = _SPACES.sub(" ", low.strip(_PHRASE_TRIM))
    if phrase in rules.phrases:
        return True
    tokens = [t for t in _UI_SPLIT.split(low) if t]
    return 0 < len(tokens) <= rules.ui_words_max and all(t in rules.ui_words for t in tokens)


def _continues(prev: str, line: str, rules: Rules) -> bool:
    """Does ``line`` carry on the unfinished sentence of ``prev`` (wrapped prose)?

    Yes when ``prev`` does not end a sentence and either ``line`` starts in lower case or with a
    digit, or ``prev`` ends in a comma or a lower-case word ("... effective" / "June 20, 1986").
    A capitalised line after a Title Case headline is not a continuation ("Read more").
    """
    if rules.ends_sentence(prev):
        return False
    if not line[:1].isupper() and (line[:1].isalnum()):
        return True
    last = prev.rsplit(None, 1)[-1]
    return last.endswith(",") or (last[:1].islower() and last[-1:].isalpha())


def _classify(line: str, rules: Rules, continuation: bool) -> tuple[str, str]:
    """The class of one stripped, non-blank line, and the rule behind it."""
    low = line.lower()
    for rule in rules.notices:
        if rule.hits(line, low):
            return NOTICE, rule.name
    if not line.isascii():
        share, letters = latin_share(line)
        if letters and share < rules.line_min_latin:
            return STRONG, "other script"
    if continuation and not line[:1].isupper():
        # the rest of a wrapped sentence ("... for the year ending" / "20, 1992."): keep it,
        # whatever its shape, or the sentence would be cut in two
        return CONTENT, "content"
    if not _LETTER.search(line):
        return NUMERIC, "numbers or symbols only"
    if rules.is_sentence(line):
        return CONTENT, "content"
    # labels start with a capital even after an unfinished line (a headline, then "By ...")
    for rule in rules.soft:
        if rule.hits(line, low):
            return STRONG, rule.name
    if _is_ui_line(line, rules):
        return STRONG, "navigation"
    if _is_byline(line, rules):
        return STRONG, "byline"
    if continuation:  # "... takes effect" / "June 20, 1986": a date or a name going on with prose
        return CONTENT, "content"
    if dateline_value(line, rules) is not None:
        return STRONG, "dateline"
    short = len(line) <= rules.fragment_max_chars
    if (short or line[0] in rules.bullets) and not rules.ends_sentence(line):
        words = sum(1 for t in line.split() if _LETTER.search(t))
        if short and words <= rules.fragment_max_words:
            return FRAGMENT, "short fragment"
        if line[0] in rules.bullets and words <= rules.bullet_max_words:
            return FRAGMENT, "short fragment"
    return CONTENT, "content"


def classify_lines(
    lines: Sequence[str | None], rules: Rules | None = None, *, fragments: bool = True
) -> list[Verdict | None]:
    """Judge each line; ``None`` entries are blank lines (paragraph breaks) and stay ``None``.

    Lines must be stripped of surrounding whitespace. With ``fragments=False`` short fragments
    are always kept (for HTML blocks, whose structure trafilatura has already judged). When
    nothing would be kept, weak lines are kept after all: a terse wire item
    ("Shr 1.20 dlrs vs 1.10 dlrs / Net ...") is still text.
    """
    rules = rules or load_rules()
    classes: list[tuple[str, str] | None] = []
    prev: str | None = None  # previous line of the same paragraph
    prev_cls = ""
    for line in lines:
        if line is None:
            classes.append(None)
            prev, prev_cls = None, ""
            continue
        continuation = prev is not None and prev_cls == CONTENT and _continues(prev, line, rules)
        cls = _classify(line, rules, continuation)
        classes.append(cls)
        prev, prev_cls = line, cls[0]

    n = len(lines)
    # does the paragraph of each line contain content?
    para_content = [False] * n
    i = 0
    while i < n:
        if classes[i] is None:
            i += 1
            continue
        j = i
        while j < n and classes[j] is not None:
            j += 1
        has = any(c is not None and c[0] == CONTENT for c in classes[i:j])
        for k in range(i, j):
            para_content[k] = has
        i = j

    drop_weak = [False] * n
    chain: list[int] = []

    def close_chain() -> None:
        weak = sum(1 for k in chain if (c := classes[k]) is not None and c[0] in _WEAK)
        for k in chain:
            c = classes[k]
            assert c is not None
            if c[0] not in _WEAK or (c[0] == FRAGMENT and not fragments):
                continue
            drop_weak[k] = weak >= 3 or (c[0] == NUMERIC and not para_content[k])
        chain.clear()

    for k, c in enumerate(classes):
        if c is None:
            continue
        if c[0] == CONTENT:
            close_chain()
        else:
            chain.append(k)
    close_chain()

    verdicts: list[Verdict | None] = []
    for k, c in enumerate(classes):
        if c is None:
            verdicts.append(None)
        elif c[0] == CONTENT:
            verdicts.append(Verdict(True, c[1], c[0]))
        elif c[0] in _WEAK:
            verdicts.append(Verdict(not drop_weak[k], "content" if not drop_weak[k] else c[1], c[0]))
        else:
            verdicts.append(Verdict(False, c[1], c[0]))
    if not any(v is not None and v.keep for v in verdicts):
        verdicts = [
            Verdict(True, "content", v.cls) if v is not None and v.cls in _WEAK else v for v in verdicts
        ]
    return verdicts
