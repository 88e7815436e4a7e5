"""A build's manifest (``manifest.json``) and the check of a folder against it.

The manifest is the last file a build writes, into its staging folder before the swap: the build's
id, when and with what it was made, the inputs as given, the counts, and the size and SHA-256 of
every other file of the folder (the cache, a hidden working folder, is left out: it is not a
result). ``eventgraph verify OUT`` recomputes them: a file missing, changed, or not the build's
is reported, one line each. Under ``SOURCE_DATE_EPOCH`` the manifest is reproducible too (its id
is a digest of the files, not a random one).
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eventgraph.outputs import CACHE_DIR, MANIFEST, OXIGRAPH_DIR

__all__ = ["FORMAT", "file_digests", "file_sha256", "verify", "write_manifest"]

FORMAT = "eventgraph-manifest/1"
#: folders a folder's check leaves out: working state, not results (serve's database is made later)
_NOT_RESULTS = (CACHE_DIR, OXIGRAPH_DIR)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MB blocks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _result_files(root: Path) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(root):
        if Path(folder) == root:
            dirs[:] = [d for d in dirs if d not in _NOT_RESULTS]
        dirs.sort()
        for name in files:
            path = Path(folder) / name
            if path.relative_to(root).as_posix() != MANIFEST:
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def file_digests(root: Path) -> dict[str, dict[str, Any]]:
    """Every result file under ``root`` (relative POSIX name) -> its size and SHA-256."""
    return {
        p.relative_to(root).as_posix(): {"bytes": p.stat().st_size, "sha256": file_sha256(p)}
        for p in _result_files(root)
    }


def _shown(text: str) -> str:
    """A path as text that any output takes: bytes that are not UTF-8 shown as ``\\xNN``."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def write_manifest(
    root: Path,
    *,
    inputs: Sequence[str | Path],
    counts: dict[str, int],
    generated_at: str,
    version: str,
    reproducible: bool,
) -> Path:
    """Write ``root/manifest.json`` for the files now in ``root``; returns its path."""
    from eventgraph.export import atomic_write

    files = file_digests(root)
    if reproducible:
        digest = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()
        build_id = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    else:
        build_id = str(uuid.uuid4())
    manifest = {
        "format": FORMAT,
        "build_id": build_id,
        "generated_at": generated_at,
        "eventgraph": version,
        "inputs": [_shown(os.fspath(p)) for p in inputs],
        "counts": counts,
        "files": files,
    }
    path = root / MANIFEST
    with atomic_write(path, "w") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return path


def verify(root: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """Check the folder ``root`` against its manifest: (the manifest, problems, one line each)."""
    path = root / MANIFEST
    try:
        manifest = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None, [f"{path}: no manifest (not a build's folder, or made before builds wrote one)"]
    except (OSError, ValueError) as err:
        return None, [f"{path}: cannot be read ({type(err).__name__})"]
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or manifest.get("format") != FORMAT:
        return None, [f"{path}: not an eventgraph manifest"]
    problems = []
    present = {p.relative_to(root).as_posix(): p for p in _result_files(root)}
    for name, expected in sorted(files.items()):
        found = present.pop(name, None)
        if found is None:
            problems.append(f"{name}: missing")
            continue
        if not isinstance(expected, dict):
            problems.append(f"{name}: no digest in the manifest")
            continue
        size = found.stat().st_size
        if size != expected.get("bytes"):
            problems.append(f"{name}: {size:,} bytes, the build wrote {expected.get('bytes')}")
        elif file_sha256(found) != expected.get("sha256"):
            problems.append(f"{name}: changed since the build (SHA-256 differs)")
    problems.extend(f"{name}: not written by this build" for name in sorted(present))
    return manifest, problems
