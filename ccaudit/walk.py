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
    for given in map(Path, paths):
        if given.is_dir():
            files: Iterable[Path] = walk(given, wanted)
        elif given.exists():
            files = [given]
        else:
            raise ReaderError("no such file or folder", source=str(given))
        for file in files:
            found.setdefault(file.resolve(), file)
    return sorted(found.values())


__all__ = ["discover", "skipped", "walk"]
