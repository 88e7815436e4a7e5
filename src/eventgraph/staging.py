"""One whole build in the output folder, always: a lock, a staging folder, a swap.

A build takes the lock file beside its output folder (``.OUT.lock``: a second build into the
same folder is refused at once, with the holder's process id), writes everything into a staging
folder beside it (``.OUT.staging-PID``, same file system), and only when the build succeeded and
built something swaps the staging folder in: with ``renameat2(RENAME_EXCHANGE)`` where the
kernel has it (one atomic step), else by two renames (a build killed between them leaves the
previous folder as ``.OUT.previous-PID``, which the next build puts back first). A reader, a
killed build or a full disk therefore sees either the previous build or the new one, never a mix.

The cache is carried over by hard links (its entries are replaced by rename, never written in
place, so the previous build's copy is never touched); where hard links fail it is copied.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from eventgraph.outputs import OutputLayout

__all__ = ["BuildLocked", "OutputFolderError", "discard", "locked_output", "prepare_staging", "swap_in"]

#: files that only hold a folder in version control (``output/.gitkeep``): they make no folder the
#: user's, and each build carries them over
PLACEHOLDERS = frozenset({".gitkeep", ".gitignore", ".keep"})

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputFolderError(OSError):
    """The output folder cannot be used; ``str()`` is one line for a user."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "output folder error"


class BuildLocked(OutputFolderError):
    """Another build holds the output folder's lock."""


def _one_line_os_error(err: OSError, what: Path) -> str:
    reason = err.strerror or str(err)
    if err.errno == errno.EROFS:
        reason = "read-only file system"
    return f"{what}: {reason}"


def _check_target(root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise OutputFolderError(f"--out {root} is a file, not a folder")
    layout = OutputLayout(root)
    if root.is_dir() and any(p.name not in PLACEHOLDERS for p in root.iterdir()):
        # only a folder a build made is replaced: never a folder of the user's other files
        made_by_a_build = any(
            p.exists() for p in (layout.manifest, layout.report_json, layout.trig, layout.cache_dir)
        )
        if not made_by_a_build:
            raise OutputFolderError(
                f"--out {root} is a folder that no eventgraph build made (no {layout.manifest.name}); "
                "a build replaces its output folder as a whole: choose a new or empty folder"
            )


@contextlib.contextmanager
def locked_output(root: Path) -> Iterator[OutputLayout]:
    """Hold the lock of the output folder ``root`` (raises :class:`BuildLocked` when another build
    has it); leftovers of killed builds are cleared first, the previous build put back if a swap
    was cut short."""
    import fcntl

    if root.is_symlink():  # the folder it names is replaced, beside itself (the link stays)
        root = root.resolve()
    layout = OutputLayout(root)
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(layout.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise OutputFolderError(_one_line_os_error(err, root.parent)) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise BuildLocked(
                f"another build (process {holder}) is writing {root}; wait for it to finish or "
                "choose another --out"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        _recover(layout)
        _check_target(root)
        yield layout
    finally:
        os.close(fd)  # releases the lock; the file stays (removing it would race a waiting build)


def _recover(layout: OutputLayout) -> None:
    leftovers = layout.leftover_dirs()
    if not layout.root.exists():
        previous = [p for p in leftovers if ".previous-" in p.name]
        if previous:  # a swap was cut between its two renames: the previous build comes back
            os.rename(previous[-1], layout.root)
            leftovers.remove(previous[-1])
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


def prepare_staging(layout: OutputLayout, keep_cache: bool) -> Path:
    """A new, empty staging folder, holding the previous build's cache when ``keep_cache``."""
    staging = layout.staging_dir(os.getpid())
    try:
        staging.mkdir()
    except OSError as err:
        raise OutputFolderError(_one_line_os_error(err, layout.root.parent)) from None
    for name in PLACEHOLDERS:
        kept = layout.root / name
        if kept.is_file() and not kept.is_symlink():
            shutil.copy2(kept, staging / name)
    cache = layout.cache_dir
    if keep_cache and cache.is_dir():
        target = OutputLayout(staging).cache_dir
        try:
            shutil.copytree(cache, target, copy_function=os.link, symlinks=True)
        except OSError:
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(cache, target, symlinks=True)  # a file system without hard links
    return staging


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names ``a`` and ``b`` in one step; False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_tree(root: Path) -> None:
    """Folders' entries to disk before the swap (files are synced as they are written). The cache
    is left out: its entries are never synced (a lost entry is a miss), and its 256 folders cost
    most of a second to sync, whatever the number of new articles."""
    cache = OutputLayout(root).cache_dir.name
    for folder, dirs, _files in os.walk(root):
        if Path(folder) == root:
            dirs[:] = [d for d in dirs if d != cache]
        _fsync_dir(Path(folder))


def swap_in(layout: OutputLayout, staging: Path) -> None:
    """Make ``staging`` the output folder; the previous one is removed afterwards."""
    root = layout.root
    _fsync_tree(staging)
    if not root.exists():
        os.rename(staging, root)
    elif _exchange(staging, root):
        shutil.rmtree(staging, ignore_errors=True)  # now the previous build
    else:
        retired = layout.retired_dir(os.getpid())
        os.rename(root, retired)
        os.rename(staging, root)
        shutil.rmtree(retired, ignore_errors=True)
    _fsync_dir(root.parent)


def discard(staging: Path) -> None:
    """Remove a staging folder whose build failed or built nothing."""
    shutil.rmtree(staging, ignore_errors=True)
