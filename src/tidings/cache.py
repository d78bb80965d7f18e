"""A compiled cache for objects built from data files (the knowledge base, the lexicon).

Parsing the shipped YAML costs seconds per process (every CLI call, every worker); the built
object, pickled, loads in milliseconds. An entry is keyed by a hash of the bytes of every
file it was built from, the code that builds it and the Python and Tidings versions, so an
edited data file or a new release is a new key and nothing is ever invalidated by hand.

Where: ``$TIDINGS_CACHE_DIR``, else ``$XDG_CACHE_HOME/tidings``, else ``~/.cache/tidings``.
Writers are safe to race: each writes a private temporary file and renames it into place
(atomic on one filesystem), so a reader sees a whole entry or none. A cache that cannot be
read or written (read-only home, corrupt entry) is passed over and the object built as
before; ``TIDINGS_CACHE_DIR=off`` turns it off. Entries are pickles: the directory must be
as private as the user's home, like any tool's cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib.abc import Traversable
from pathlib import Path
from typing import TypeVar

from tidings.about import __version__

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache directory, or None when caching is off."""
    configured = os.environ.get("TIDINGS_CACHE_DIR")
    if configured:
        return None if configured.lower() == "off" else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tidings"


def cache_key(kind: str, sources: Iterable[Path | Traversable]) -> str:
    """A hash of ``kind``, the versions, and each source's name and bytes, in order."""
    digest = hashlib.sha256(f"{kind}\0{__version__}\0{sys.version}".encode())
    for source in sources:
        digest.update(b"\0" + source.name.encode("utf-8") + b"\0")
        digest.update(source.read_bytes())
    return digest.hexdigest()[:32]


def cached(kind: str, sources: Iterable[Path | Traversable], build: Callable[[], T]) -> T:
    """The object ``build()`` makes from ``sources``: from the cache when an entry for these
    exact bytes exists, else built and stored. Each call returns a fresh object (unpickled),
    so no caller can change what another one gets."""
    directory = cache_dir()
    if directory is None:
        return build()
    try:
        path = directory / f"{kind}-{cache_key(kind, sources)}.pickle"
    except OSError:
        return build()  # a source that cannot be read: let build() report it
    try:
        with path.open("rb") as handle:
            value: T = pickle.load(handle)  # noqa: S301 - the user's own cache
            return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            IndexError, TypeError, ValueError):
        pass
    built = build()
    _write(path, pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    return built


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return  # no cache this time; the object is built on every load instead
