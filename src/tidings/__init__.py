"""Tidings: open political event data from news text, with the evidence behind every event."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tidings.store.queries import EventStore

from tidings.about import __version__


def open(db: str | os.PathLike[str], wait: float = 30.0) -> EventStore:  # noqa: A001
    """``tidings.open(db)``: the EventStore over a database file (see ``tidings.api``)."""
    from tidings.api import open_store

    return open_store(db, wait=wait)


__all__ = ["__version__", "open"]
