"""The body as the parser reads it: hard-wrapped lines joined, every offset kept.

Newswire text is often wrapped at a fixed width (Reuters at about 70 characters), so a sentence
runs over several lines. spaCy makes every line break a whitespace token of its own: about one
token in sixteen of such a story, each one run through every component of the pipeline, and
each one a place where the parser may cut a sentence in two. A wrapping line break carries no
meaning, so :func:`unwrap_lines` reads it as the space it stands for. The text keeps its length,
so every offset into it is an offset into the body, and mentions still quote the input as it
was (:class:`eventgraph.types.Mention` takes its text from the article, not from the parse).

A line break is taken for a wrap only in a text whose lines are all short (at most
``MAX_WIDTH``), where the line before it reaches close to the text's width (a line that ends
early, such as a headline or the last line of a paragraph, ends where its writer ended it) and
neither side of it is blank or indented (paragraph breaks and tables stay as they are).
"""

from __future__ import annotations

import itertools

__all__ = ["MAX_WIDTH", "unwrap_lines"]

#: the widest line a hard-wrapped text has; longer lines mean one paragraph per line
MAX_WIDTH = 100
#: how much shorter than the text's widest line a wrapped line may be (the next word did not fit)
_SLACK = 25
_MIN_LINES = 3


def unwrap_lines(text: str) -> str:
    """``text`` with its wrapping line breaks read as spaces (same length, same offsets)."""
    if text.count("\n") < _MIN_LINES - 1:
        return text
    lines = text.split("\n")
    widths = [len(line) for line in lines if line.strip()]
    if len(widths) < _MIN_LINES or max(widths) > MAX_WIDTH:
        return text
    shortest_wrapped = max(widths) - _SLACK
    joined: list[str] = []
    for line, following in itertools.pairwise(lines):
        joined.append(line)
        wraps = (
            line != ""
            and len(line) >= shortest_wrapped
            and not line[-1].isspace()
            and following != ""
            and not following[0].isspace()
        )
        joined.append(" " if wraps else "\n")
    joined.append(lines[-1])
    return "".join(joined)
