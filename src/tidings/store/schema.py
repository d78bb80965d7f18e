"""Versioned schema migrations.

Each migration is a list of DDL statements applied in one transaction; ``schema_version`` keeps
the highest applied number, so opening an old database upgrades it in order and a database newer
than this code is refused with an explanation instead of being half-understood.
"""

from __future__ import annotations

import duckdb

from tidings.errors import Errors, StoreError
from tidings.store import monthly
from tidings.store.columns import events_ddl

MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "articles, sentences, events, rejects, runs, stored files", (
        """CREATE TABLE runs (
            run_id VARCHAR PRIMARY KEY, started VARCHAR NOT NULL, finished VARCHAR,
            status VARCHAR NOT NULL, config JSON, tidings_version VARCHAR, model VARCHAR,
            model_version VARCHAR, kb_version VARCHAR, coder VARCHAR,
            articles INTEGER DEFAULT 0, events INTEGER DEFAULT 0, rejects INTEGER DEFAULT 0)""",
        """CREATE TABLE files (
            path VARCHAR PRIMARY KEY, size BIGINT, mtime DOUBLE, run_id VARCHAR,
            stored VARCHAR)""",
        """CREATE TABLE articles (
            doc_id VARCHAR PRIMARY KEY, title VARCHAR, text VARCHAR, published VARCHAR,
            pub_date DATE, author VARCHAR, section VARCHAR, source_path VARCHAR,
            origin VARCHAR, url VARCHAR, source_name VARCHAR, language VARCHAR,
            format VARCHAR, captions JSON, dropped JSON, duplicate_of VARCHAR,
            duplicate_kind VARCHAR, run_id VARCHAR)""",
        """CREATE TABLE sentences (
            doc_id VARCHAR, idx INTEGER, start_char INTEGER, end_char INTEGER,
            text VARCHAR, kind VARCHAR, PRIMARY KEY (doc_id, idx))""",
        events_ddl(),
        """CREATE TABLE rejects (
            origin VARCHAR, stage VARCHAR, reason VARCHAR, detail VARCHAR, doc_id VARCHAR,
            run_id VARCHAR, PRIMARY KEY (origin, stage, reason))""",
        "CREATE INDEX events_doc ON events (doc_id)",
    )),
    (2, "imported GDELT events, side by side with ours", (
        """CREATE TABLE gdelt_events (
            globaleventid BIGINT PRIMARY KEY, date DATE, actor1_code VARCHAR,
            actor1_name VARCHAR, actor1_country VARCHAR, actor2_code VARCHAR,
            actor2_name VARCHAR, actor2_country VARCHAR, is_root_event INTEGER,
            event_code VARCHAR, event_base_code VARCHAR, event_root_code VARCHAR,
            quad_class INTEGER, goldstein DOUBLE, num_mentions INTEGER,
            num_sources INTEGER, num_articles INTEGER, avg_tone DOUBLE,
            action_geo_name VARCHAR, action_geo_country VARCHAR, date_added VARCHAR,
            source_url VARCHAR, layout VARCHAR, import_file VARCHAR)""",
    )),
    (3, "monthly counts per dyad for the dashboard's dyad pages (kept by the writer)", (
        monthly.DDL, monthly.FILL,
    )),
)

LATEST = MIGRATIONS[-1][0]


def current_version(conn: duckdb.DuckDBPyConnection) -> int:
    """Schema version of an open database (0 when it is empty)."""
    exists = conn.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
        ["schema_version"]).fetchall()[0]
    if not exists or not exists[0]:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchall()[0]
    return int(row[0]) if row and row[0] is not None else 0


def migrate(conn: duckdb.DuckDBPyConnection) -> int:
    """Bring the database to ``LATEST``; refuse databases written by a newer Tidings."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, note VARCHAR)")
    version = current_version(conn)
    if version > LATEST:
        raise StoreError(Errors.E307.format(version=version, expected=LATEST))
    for number, note, statements in MIGRATIONS:
        if number <= version:
            continue
        conn.execute("BEGIN TRANSACTION")
        try:
            for statement in statements:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version VALUES (?, ?)", [number, note])
            conn.execute("COMMIT")
        except duckdb.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(Errors.E308.format(number=number, note=note, error=exc)) from exc
    return LATEST
