"""The command line as a newcomer meets it: help written for users, a hint for near-miss options."""

from __future__ import annotations

import pytest

from eventgraph import cli


def test_help_is_for_users(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "event knowledge graph" in out and "examples:" in out and "--out output" in out
    assert "dispatcher" not in out and "``" not in out


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["build", "examples/seeds", "--output", "x"], "did you mean --out?"),
        (["query", "output", "actors", "--formt", "csv"], "did you mean --format?"),
        (["biuld", "examples/seeds"], "did you mean build?"),
    ],
)
def test_near_miss_options_get_a_hint(capsys, argv: list[str], hint: str) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert hint in err
    if argv[0] == "build":  # the command's own usage, which names --out
        assert err.startswith("usage: eventgraph build") and "--out OUT" in err


def test_no_hint_for_a_word_far_from_any_option(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["build", "examples/seeds", "--zzzzzz"])
    assert "did you mean" not in capsys.readouterr().err
