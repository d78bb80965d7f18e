"""Expand user-given paths (file, directory recursively, glob, ``-``) into sources in a stable order.

Listing never raises: a directory that cannot be listed, a dangling or looping link, a FIFO or
a device becomes a ``Source`` with a ``problem`` (reason, detail), which the reader turns into a
``Reject``. Nothing but regular files is ever opened (a FIFO would block, ``/dev/zero`` never
ends).
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a file path, ``-`` for stdin, or a path that cannot be read, with
    ``problem`` = (reject reason, detail) saying why."""

    name: str
    path: Path | None  # None for stdin
    problem: tuple[str, str] | None = None

    @property
    def exists(self) -> bool:
        return self.problem is None


def printable_path(name: str) -> str:
    """``name`` as valid UTF-8 text. A file name whose bytes are not UTF-8 (Python holds them
    as lone surrogates, which no database or terminal accepts) gets ``\\xNN`` escapes for
    those bytes and ``\\\\`` for its backslashes, so it stays unambiguous; valid names are
    returned unchanged."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name).replace(b"\\", b"\\\\")
        return raw.decode("utf-8", "backslashreplace")


def _kind_problem(path: Path) -> tuple[str, str] | None:
    """Why ``path`` is not a regular file we can open, or None when it is one."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return "not-a-file", "dangling symbolic link"
        return "unreadable", "no such file"
    except PermissionError as exc:
        return "unreadable", f"permission denied: {exc.strerror}"
    except OSError as exc:  # ELOOP (a link loop), ENAMETOOLONG, EIO...
        return "not-a-file", f"cannot follow the path: {exc.strerror or exc}"
    if stat.S_ISREG(info.st_mode):
        return None
    kinds = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    kind = next((name for test, name in kinds if test(info.st_mode)), "not a regular file")
    return "not-a-file", kind


def _source(path: Path) -> Source:
    return Source(printable_path(str(path)), path, _kind_problem(path))


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # no permission to look: reading it will say so
        return False


def _is_link(path: Path) -> bool:
    try:
        return path.is_symlink()
    except OSError:
        return True  # cannot tell: read it as a path, which reports why


def _walk(root: Path) -> Iterator[Source]:
    """Every entry under ``root`` except hidden ones, sorted, with listing errors as sources."""
    errors: list[OSError] = []
    entries: list[Path] = []
    for folder, dirs, names in os.walk(root, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        # os.walk lists links to directories as dirs but does not follow them: read them as
        # paths so a link loop or a dangling link is reported.
        entries.extend(Path(folder, d) for d in dirs if _is_link(Path(folder, d)))
        entries.extend(Path(folder, n) for n in names if not n.startswith("."))
    unlisted = {Path(e.filename) if isinstance(e.filename, str) else root: e for e in errors}
    # Sorted so that re-reading yields the same order (and doc ids) every time.
    for path in sorted(set(entries) | set(unlisted)):
        if path in unlisted:
            why = unlisted[path].strerror or str(unlisted[path])
            yield Source(printable_path(str(path)), path,
                         ("unreadable", f"cannot list this directory: {why}"))
        else:
            yield _source(path)


def _expand_one(arg: str) -> Iterator[Source]:
    if arg == "-":
        yield Source("-", None)
        return
    path = Path(arg)
    if _is_dir(path):
        yield from _walk(path)
    elif os.path.lexists(path):
        yield _source(path)
    elif glob.has_magic(arg):
        for match in sorted(glob.glob(arg, recursive=True)):
            yield from _expand_one(match)
    else:
        yield Source(printable_path(arg), path, ("unreadable", "no such file"))


def expand_paths(args: Iterable[str | Path]) -> Iterator[Source]:
    """All sources named by ``args``, each file once, in argument then sorted-path order."""
    seen: set[str] = set()
    for arg in args:
        for source in _expand_one(str(arg)):
            if source.name not in seen:
                seen.add(source.name)
                yield source
