"""The one file walker: every command, the index build and the audit's inventory find the
files under a folder the same way.

Hidden files and folders (``.name``) and Office lock files (``~$name.xlsx``) are never data;
``wanted`` says which other names a caller reads. A folder that cannot be listed raises
:class:`~ccaudit.errors.ReaderError` naming it, unless the caller lists what it can.

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> for name in ("a/x.csv", "a/.hidden.csv", ".git/y.csv", "a/~$lock.xlsx", "b.txt"):
...     (root / name).parent.mkdir(parents=True, exist_ok=True)
...     _ = (root / name).write_text("")
>>> [p.relative_to(root).as_posix() for p in sorted(walk(root))]
['a/x.csv', 'b.txt']
>>> [p.relative_to(root).as_posix() for p in discover([root], lambda n: n.endswith(".csv"))]
['a/x.csv']
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ccaudit.errors import ReaderError


def skipped(name: str) -> bool:
    """A hidden file or folder, or an Office lock file: never data."""
    return name.startswith((".", "~$"))


def walk(folder: str | os.PathLike, wanted: Callable[[str], bool] | None = None,
         strict: bool = True) -> Iterator[Path]:
    """Every file under ``folder`` (recursively, in no set order) whose name ``wanted``
    accepts, hidden folders and files and lock files left out. ``strict``: a folder that
    cannot be listed raises ReaderError; otherwise it is passed over."""
    folder = Path(folder)

    def fail(exc: OSError) -> None:
        if strict:
            raise ReaderError(f"cannot list folder: {exc.strerror}",
                              source=str(exc.filename or folder)) from exc

    for root, dirs, files in os.walk(folder, onerror=fail):
        dirs[:] = [name for name in dirs if not skipped(name)]
        for name in files:
            if not skipped(name) and (wanted is None or wanted(name)):
                yield Path(root, name)


def discover(paths: Iterable[str | os.PathLike], wanted: Callable[[str], bool] | None = None
             ) -> list[Path]:
    """Files to read, sorted and de-duplicated (first spelling of a path wins).

    A path naming a file is taken as is, whatever its name, so that the caller reports it;
    a folder is walked (:func:`walk`). A missing path raises ReaderError.
    """
    found: dict[Path, Path] = {}
    folders: dict[Path, str] = {}  # a walked folder → its real path, resolved once
    for given in map(Path, paths):
        if given.is_dir():
            for file in walk(given, wanted):
                found.setdefault(_real_path(file, folders), file)
        elif given.exists():
            found.setdefault(given.resolve(), given)
        else:
            raise ReaderError("no such file or folder", source=str(given))
    return sorted(found.values())


def _real_path(file: Path, folders: dict[Path, str]) -> Path:
    """``file.resolve()`` for a file :func:`walk` found: its folder's real path (resolved
    once per folder: each component costs a system call) and its name, unless the file is
    itself a link."""
    if os.path.islink(file):
        return file.resolve()
    folder = folders.get(file.parent)
    if folder is None:
        folder = folders[file.parent] = os.path.realpath(file.parent)
    return Path(folder, file.name)


# Folders that say what kind of file lies below them, not whose: ``data/exports/<client>/…``.
KIND_FOLDERS = ("exports", "transcripts")


def client_of(file: Path, root: Path) -> str:
    """The client a file belongs to: the first folder under the scanned root, or under a kind
    folder there (``exports/<client>/…``, ``transcripts/<client>/…``: a root holding both).
    A file given directly, or lying at the root, belongs to its own folder's name.

    >>> client_of(Path("/d/brightbank/crm.csv"), Path("/d"))
    'brightbank'
    >>> client_of(Path("/d/exports/brightbank/crm.csv"), Path("/d"))
    'brightbank'
    """
    try:
        parts = file.relative_to(root).parts
    except ValueError:
        parts = ()
    if parts and parts[0] in KIND_FOLDERS and len(parts) > 2:
        parts = parts[1:]
    if len(parts) > 1:
        return parts[0]
    return (root if root.is_dir() else file.parent).resolve().name


__all__ = ["KIND_FOLDERS", "client_of", "discover", "skipped", "walk"]


def content_hash(path: Path) -> str:
    """The sha256 of a file's bytes, read in 1 MiB blocks (the index and the saved scan
    results key files by it)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
