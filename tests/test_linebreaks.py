"""Hard-wrapped lines are read as one text by the parser, with every offset kept."""

from __future__ import annotations

from eventgraph.linebreaks import unwrap_lines

# an invented wire story wrapped at about 60 characters, with an indented paragraph and a table
WIRE = (
    "The foreign ministers of the two countries agreed on Monday\n"
    "to resume talks on the border dispute next month, officials\n"
    "said.\n"
    "    The agreement followed a telephone call between the two\n"
    "leaders late on Sunday, the ministry said in a statement.\n"
    "    Exports   1985   1986\n"
    "    Grain     12.1   13.4\n"
)


def test_wrapping_breaks_become_spaces_and_offsets_stay() -> None:
    out = unwrap_lines(WIRE)
    assert len(out) == len(WIRE)
    assert "agreed on Monday to resume talks" in out
    assert "officials said." in out
    # only line breaks changed, each into one space
    assert [i for i, (a, b) in enumerate(zip(WIRE, out, strict=True)) if a != b] == [
        i for i, (a, b) in enumerate(zip(WIRE, out, strict=True)) if a == "\n" and b == " "
    ]


def test_paragraphs_tables_and_short_lines_keep_their_breaks() -> None:
    out = unwrap_lines(WIRE)
    assert "said.\n    The agreement" in out  # a paragraph break (indented line)
    assert "statement.\n    Exports" in out
    assert "1986\n    Grain" in out  # a table row
    assert out.endswith("13.4\n")


def test_a_headline_before_a_wrapped_body_stays_a_line_of_its_own() -> None:
    text = "Ministers agree to talks\n" + WIRE
    assert unwrap_lines(text).startswith("Ministers agree to talks\nThe foreign")


def test_texts_with_long_lines_are_left_alone() -> None:
    # one paragraph per line, as web articles come: line breaks are the writer's
    text = (
        "The two leaders spoke by phone on Sunday about the long dispute over the border between their "
        "countries and agreed to meet.\n"
        "Officials said the talks would take place next month in the capital of the neighbouring state, "
        "with both foreign ministers present.\n"
        "No date was given.\n"
    )
    assert unwrap_lines(text) == text
    assert unwrap_lines("") == ""
    assert unwrap_lines("one line\n") == "one line\n"
