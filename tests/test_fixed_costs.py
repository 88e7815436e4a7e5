"""What a rebuild pays whatever the number of new articles: the cache's fingerprints are read back
from the cache folder (not worked out again from the code's imports) while the package's files and
the arguments are the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventgraph import cache
from eventgraph.pipeline.orchestrate import GRAPH_CODE, RECORD_CODE


def _open(root: Path, model: str = "no-such-model") -> cache.RecordCache:
    return cache.RecordCache(
        root, model, "https://example.org/", record_code=RECORD_CODE, graph_code=GRAPH_CODE
    )


def test_fingerprints_are_remembered_in_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _open(tmp_path)
    assert first.fingerprint == cache.pipeline_fingerprint("no-such-model", RECORD_CODE)
    assert first.graph_fingerprint == cache.graph_fingerprint("https://example.org/", GRAPH_CODE)
    assert (tmp_path / cache.FINGERPRINTS).is_file()

    def never(*args: object) -> str:
        raise AssertionError("computed again")

    monkeypatch.setattr(cache, "pipeline_fingerprint", never)
    monkeypatch.setattr(cache, "graph_fingerprint", never)
    again = _open(tmp_path)
    assert (again.fingerprint, again.graph_fingerprint) == (first.fingerprint, first.graph_fingerprint)
    with pytest.raises(AssertionError, match="computed again"):
        _open(tmp_path, model="another-model")  # other arguments: worked out again


def test_a_changed_package_file_or_model_version_is_not_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _open(tmp_path)
    monkeypatch.setattr(cache, "package_digest", lambda: "a file of the package changed")
    monkeypatch.setattr(cache, "pipeline_fingerprint", lambda *a: "new-records")
    monkeypatch.setattr(cache, "graph_fingerprint", lambda *a: "new-graphs")
    changed = _open(tmp_path)
    assert (
        (changed.fingerprint, changed.graph_fingerprint)
        == ("new-records", "new-graphs")
        != (
            first.fingerprint,
            first.graph_fingerprint,
        )
    )
    monkeypatch.setattr(cache, "_model_version", lambda model: "9.9.9")
    monkeypatch.setattr(cache, "pipeline_fingerprint", lambda *a: "records of the upgraded model")
    assert _open(tmp_path).fingerprint == "records of the upgraded model"


def test_an_unreadable_memo_is_a_miss(tmp_path: Path) -> None:
    (tmp_path / cache.FINGERPRINTS).write_text("[not a memo", encoding="utf-8")
    assert _open(tmp_path).fingerprint == cache.pipeline_fingerprint("no-such-model", RECORD_CODE)


def test_the_swap_syncs_the_result_folders_not_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventgraph import staging
    from eventgraph.outputs import OutputLayout

    root = tmp_path / "staging"
    cache_dir = OutputLayout(root).cache_dir
    for bucket in ("00", "01", "ff"):
        (cache_dir / bucket).mkdir(parents=True)
    (root / "sub").mkdir()
    synced: list[Path] = []
    monkeypatch.setattr(staging, "_fsync_dir", synced.append)
    staging._fsync_tree(root)
    assert synced == [root, root / "sub"]
