"""Python API: ``tidings.open(db)`` returns the ``EventStore`` the CLI and web server use.

    >>> import tidings
    >>> store = tidings.open("tidings.duckdb")
    >>> store.events(tidings.EventFilter(country="CUB")).head()
    >>> store.dyad_series("CUB", "RUS", by="quarter")
"""

from __future__ import annotations

import os
from pathlib import Path

from tidings.errors import Errors, StoreError
from tidings.store.queries import EventFilter, EventStore

__all__ = ["EventFilter", "EventStore", "open_store"]


def open_store(db: str | os.PathLike[str], wait: float = 30.0) -> EventStore:
    """The query surface over ``db`` (which must exist); connections open per query."""
    if not Path(db).exists():
        raise StoreError(Errors.E301.format(path=db))
    store = EventStore(db, wait=wait)
    store.overview()  # fail now, with the schema explanation, rather than on first use
    return store
