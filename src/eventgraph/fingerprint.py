"""What a cache entry depends on: the code an entry module imports and the data files it names.

Read from the code's own ``import`` statements (no module is run, so the answer does not depend on
what this process imported before), so a module that moves or is renamed stays in the
fingerprint, and a new one joins it, without a list to keep up to date.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from eventgraph.resources import ontology_dir

__all__ = ["data_files", "fingerprint_of", "imported_modules", "package_digest", "source_files"]

PACKAGE_ROOT = Path(__file__).resolve().parent


def _module_file(name: str, root: Path) -> Path | None:
    """The source of the module ``name`` under the package folder ``root``; None for a name
    outside the package or an attribute (``from eventgraph.x import some_function``)."""
    parts = name.split(".")
    if parts[0] != root.name:
        return None
    base = root.parent.joinpath(*parts)
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


#: an import statement at a line's start (at any indent, so inside functions too): ``import a.b as
#: c, d`` or ``from ..m import (x, y)``; a parenthesised list may span lines (with comments, even
#: with a parenthesis in them), a backslash continues one
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<dots>\.*)[ \t]*(?P<base>[\w.]*)[ \t]+import[ \t]*"
    r"(?P<names>\((?:[^)#]|#[^\n]*\n)*\)|(?:[^\n#;\\]|\\\n)*)|import[ \t]+(?P<modules>(?:[^\n#;\\]|\\\n)*))",
    re.M,
)
_TYPE_CHECKING = re.compile(r"^([ \t]*)if[ \t]+(?:[\w.]+\.)?TYPE_CHECKING[ \t]*:[^\n]*\n?", re.M)
#: a line's indent, and its first character (none on a blank line)
_LINE = re.compile(r"^([ \t]*)([^\s]?)", re.M)


def _type_checking_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` has the body of an ``if TYPE_CHECKING:`` (imports there never run): from the
    ``if`` to the next line, not blank nor a comment, indented no deeper (an ``else:`` ends it)."""
    spans = []
    for m in _TYPE_CHECKING.finditer(text):
        indent, end = len(m.group(1).expandtabs()), len(text)
        for line in _LINE.finditer(text, m.end()):
            if line.group(2) not in ("", "#") and len(line.group(1).expandtabs()) <= indent:
                end = line.start()
                break
        spans.append((m.start(), end))
    return spans


def _imported_names(text: str, name: str, is_package: bool) -> set[str]:
    """The module names the source ``text`` imports, at its top or inside functions (a worker
    imports the extractor when it runs), relative imports made absolute; ``from m import x`` gives
    ``m`` and ``m.x`` (``m.x`` counts only if it is a module).

    Read from the text, not a syntax tree (parsing the modules and walking their trees cost a
    fresh build about half a second): a line in a string that reads like an import counts too,
    which can only add a module to a fingerprint.
    """
    package = name if is_package else name.rpartition(".")[0]
    skip = _type_checking_spans(text) if "TYPE_CHECKING" in text else []
    found: set[str] = set()
    for m in _IMPORT.finditer(text):
        if any(a <= m.start() < b for a, b in skip):
            continue
        if m.group("modules") is not None:
            for alias in _aliases(m.group("modules")):
                found.add(alias)
            continue
        base, level = m.group("base"), len(m.group("dots"))
        if level:
            up = package.split(".")[: len(package.split(".")) - level + 1]
            base = ".".join([*up, base] if base else up)
        found.add(base)
        found.update(f"{base}.{alias}" for alias in _aliases(m.group("names")))
    return found


def _aliases(names: str) -> list[str]:
    """The names of an import's list: ``(a as b,  # why\n c)`` -> ``["a", "c"]``."""
    names = _COMMENT.sub("", names.replace("\\\n", " ")).strip().strip("()")
    return [part.split()[0] for part in names.split(",") if part.split()]


_COMMENT = re.compile(r"#[^\n]*")


def imported_modules(entries: Iterable[str], root: Path = PACKAGE_ROOT) -> dict[str, Path]:
    """The modules of the package at ``root`` that the modules ``entries`` import, directly or
    through each other (the entries included): module name -> source file, by name.

    The packages above a module count only when imported by name: their ``__init__`` runs, but
    what it re-exports does not feed the module (``eventgraph.pipeline`` re-exports the whole
    build, which parsing does not use). An entry that is not there raises ``LookupError``: a
    renamed entry must not shrink the fingerprint silently.
    """
    found: dict[str, Path] = {}
    todo = list(entries)
    for entry in todo:
        if _module_file(entry, root) is None:
            raise LookupError(f"no module {entry} under {root}")
    while todo:
        name = todo.pop()
        if name in found:
            continue
        path = _module_file(name, root)
        if path is None:
            continue
        found[name] = path
        text = _source(path)
        todo.extend(_imported_names(text, name, path.name == "__init__.py") - found.keys())
    return dict(sorted(found.items()))


def _source(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "surrogateescape")


def _candidate_data_files(root: Path) -> list[Path]:
    """The package's data files: every non-Python file under ``root`` and in the ontology folder."""
    inside = [p for p in root.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")]
    ontology = ontology_dir()
    beside = sorted(ontology.iterdir()) if ontology.is_dir() else []
    return sorted({*inside, *(p for p in beside if p.is_file())})


def data_files(modules: dict[str, Path], root: Path = PACKAGE_ROOT) -> list[Path]:
    """The data files whose name (or a path ending in it) is a string in the code of ``modules``:
    the name between quotes, or after a ``/`` and before a quote (``f"{folder}/{name}"`` ends in the name).

    A name counts wherever it is in a module, even in a function the build never calls
    (``resources`` names every ontology file) or in a docstring: a needless miss costs a parse, a
    missed file a stale graph.
    """
    sources = [_source(path) for path in modules.values()]
    found = []
    for p in _candidate_data_files(root):
        named = re.compile(r"[\"'/]" + re.escape(p.name) + r"[\"']")
        if any(named.search(s) for s in sources):
            found.append(p)
    return found


def source_files(entries: Iterable[str], root: Path = PACKAGE_ROOT) -> list[tuple[str, Path]]:
    """What a fingerprint of ``entries`` hashes: (name, file) of each imported module, by module
    name, then of each data file they name, by path relative to its folder's parent."""
    modules = imported_modules(entries, root)
    code = [(name, path) for name, path in modules.items()]
    data = [(f"{p.parent.name}/{p.name}", p) for p in data_files(modules, root)]
    return [*code, *sorted(data)]


def fingerprint_of(prefix: str, files: Iterable[tuple[str, Path]]) -> str:
    """A short hash of ``prefix`` and of the names and contents of ``files``."""
    h = hashlib.sha256(prefix.encode("utf-8", "surrogatepass"))
    for name, path in files:
        h.update(b"\x1f" + name.encode() + b"\x1e" + path.read_bytes())
    return h.hexdigest()[:16]


def package_digest(root: Path = PACKAGE_ROOT) -> str:
    """A digest of the names and contents of every file a fingerprint can read: each module of the
    package and each of its data files. Equal digests mean equal fingerprints (for the same
    entries and prefix), so a rebuild can reuse the fingerprints it stored without reading the
    code's imports again (about 120 files: milliseconds; finding the imports and the data files
    named takes a tenth of a second)."""
    h = hashlib.sha256()
    for path in sorted({*root.rglob("*.py"), *_candidate_data_files(root)}):
        h.update(os.fsencode(path) + b"\x1f" + path.read_bytes() + b"\x1e")
    return h.hexdigest()
