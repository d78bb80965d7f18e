"""The event database: schema and migrations, writer, queries, clustering, relations, exports.

One embedded DuckDB file holds articles, sentences, events, rejects, runs and imported GDELT
rows. ``docs/store.md`` describes the schema, the export columns and the concurrency design.
"""

from __future__ import annotations

from tidings.store.queries import EventFilter, EventStore

__all__ = ["EventFilter", "EventStore"]
