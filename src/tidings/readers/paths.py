"""Expand user-given paths (file, directory recursively, glob, ``-``) into sources in a stable order."""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a file path, ``-`` for stdin, or a missing path (reported as a reject)."""

    name: str
    path: Path | None  # None for stdin
    exists: bool = True


def _expand_one(arg: str) -> Iterator[Source]:
    if arg == "-":
        yield Source("-", None)
        return
    path = Path(arg)
    if path.is_dir():
        # Sorted so that re-reading yields the same order (and doc ids) every time.
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if not any(part.startswith(".") for part in child.relative_to(path).parts):
                yield Source(str(child), child)
    elif path.is_file():
        yield Source(str(path), path)
    elif glob.has_magic(arg):
        for match in sorted(glob.glob(arg, recursive=True)):
            yield from _expand_one(match)
    else:
        yield Source(arg, path, exists=False)


def expand_paths(args: Iterable[str | Path]) -> Iterator[Source]:
    """All sources named by ``args``, each file once, in argument then sorted-path order."""
    seen: set[str] = set()
    for arg in args:
        for source in _expand_one(str(arg)):
            if source.name not in seen:
                seen.add(source.name)
                yield source
