"""What a cache entry depends on: the code an entry module imports and the data files it names.

Read from the code's own ``import`` statements (no module is run, so the answer does not depend on
what this process imported before), so a module that moves or is renamed stays in the
fingerprint, and a new one joins it, without a list to keep up to date.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import os
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


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(tree: ast.AST) -> Iterable[ast.AST]:
    """Every node of ``tree`` but those under ``if TYPE_CHECKING:`` (never imported at run time)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                stack.extend(child.orelse)
            else:
                stack.append(child)


def _imported_names(tree: ast.AST, name: str, is_package: bool) -> set[str]:
    """The module names ``tree`` imports, at its top or inside functions (a worker imports the
    extractor when it runs), relative imports made absolute; ``from m import x`` gives ``m`` and
    ``m.x`` (``m.x`` counts only if it is a module)."""
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


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
        tree = _parsed(path)
        todo.extend(_imported_names(tree, name, path.name == "__init__.py") - found.keys())
    return dict(sorted(found.items()))


def _parsed(path: Path) -> ast.Module:
    """The syntax tree of a module, parsed once per process for the same source (a build
    fingerprints its record code and its graph code, which share most modules, and reads each
    module's imports and strings)."""
    return _parse(path.read_bytes(), str(path))


@functools.lru_cache(maxsize=512)
def _parse(source: bytes, filename: str) -> ast.Module:
    return ast.parse(source, filename=filename)


@functools.lru_cache(maxsize=512)
def _code_strings(tree: ast.AST) -> frozenset[str]:
    """The string constants of ``tree`` that are not docstrings."""
    docstrings = {
        id(body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and (body := node.body)
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
    }
    return frozenset(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    )


def _candidate_data_files(root: Path) -> list[Path]:
    """The package's data files: every non-Python file under ``root`` and in the ontology folder."""
    inside = [p for p in root.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")]
    ontology = ontology_dir()
    beside = sorted(ontology.iterdir()) if ontology.is_dir() else []
    return sorted({*inside, *(p for p in beside if p.is_file())})


def data_files(modules: dict[str, Path], root: Path = PACKAGE_ROOT) -> list[Path]:
    """The data files whose name (or a path ending in it) is a string in the code of ``modules``.

    A name counts wherever it is in a module, even in a function the build never calls
    (``resources`` names every ontology file): a needless miss costs a parse, a missed file a
    stale graph.
    """
    strings: set[str] = set()
    for path in modules.values():
        strings |= _code_strings(_parsed(path))
    return [
        p
        for p in _candidate_data_files(root)
        if any(s == p.name or s.endswith("/" + p.name) for s in strings)
    ]


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
    code's imports again (about 120 files, milliseconds, where parsing them takes most of a second)."""
    h = hashlib.sha256()
    for path in sorted({*root.rglob("*.py"), *_candidate_data_files(root)}):
        h.update(os.fsencode(path) + b"\x1f" + path.read_bytes() + b"\x1e")
    return h.hexdigest()
