"""Tidings: open political event data from news text, with the evidence behind every event.

The Python API (``docs/store.md``, "Python API")::

    import tidings
    store = tidings.open("tidings.duckdb")
    store.events(tidings.EventFilter(country="Cuba", type="aid"))

``EventFilter`` and ``EventStore`` are imported on first use, so ``import tidings`` stays light.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from tidings.about import __version__

if TYPE_CHECKING:
    from tidings.store.queries import EventFilter, EventStore


def open(db: str | os.PathLike[str], wait: float = 30.0) -> EventStore:  # noqa: A001
    """``tidings.open(db)``: the EventStore over a database file (see ``tidings.api``)."""
    from tidings.api import open_store

    return open_store(db, wait=wait)


def __getattr__(name: str) -> Any:
    if name in ("EventFilter", "EventStore"):
        from tidings.store import queries

        return getattr(queries, name)
    raise AttributeError(name)


__all__ = ["EventFilter", "EventStore", "__version__", "open"]
