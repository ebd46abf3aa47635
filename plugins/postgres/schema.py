"""The PostgreSQL schema: four tables, every row tagged with its seeker.

docs/postgres.md shows the same DDL for a DBA who creates it by hand.
"""

from __future__ import annotations

from typing import Any

SCHEMA_LOCK = 0x72756E6E65727570  # pg_advisory_xact_lock key for schema creation ("runnerup")

DDL = """
CREATE TABLE IF NOT EXISTS runnerup_events (
    seeker      text   NOT NULL,
    position    bigint NOT NULL,
    stream      text   NOT NULL,
    version     bigint NOT NULL,
    type        text   NOT NULL,
    data        bytea  NOT NULL,
    occurred_us bigint NOT NULL,
    recorded_us bigint NOT NULL,
    meta        bytea  NOT NULL,
    hash        text   NOT NULL,
    PRIMARY KEY (seeker, position),
    UNIQUE (seeker, stream, version)
);
CREATE TABLE IF NOT EXISTS runnerup_idempotency (
    seeker         text   NOT NULL,
    key            text   NOT NULL,
    first_position bigint NOT NULL,
    last_position  bigint NOT NULL,
    PRIMARY KEY (seeker, key)
);
CREATE TABLE IF NOT EXISTS runnerup_checkpoints (
    seeker   text   NOT NULL,
    name     text   NOT NULL,
    version  bigint NOT NULL,
    position bigint NOT NULL,
    state    bytea  NOT NULL,
    PRIMARY KEY (seeker, name)
);
CREATE TABLE IF NOT EXISTS runnerup_keys (
    seeker  text  NOT NULL,
    subject text  NOT NULL,
    key     bytea NOT NULL,
    PRIMARY KEY (seeker, subject)
);
CREATE OR REPLACE FUNCTION runnerup_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only';
END $$;
DROP TRIGGER IF EXISTS runnerup_events_append_only ON runnerup_events;
CREATE TRIGGER runnerup_events_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON runnerup_events
    FOR EACH STATEMENT EXECUTE FUNCTION runnerup_append_only();
"""


def ensure_schema(conn: Any) -> None:
    """Create the tables once; concurrent first opens queue on an advisory lock."""
    if conn.execute("SELECT to_regclass('runnerup_keys')").fetchone()[0] is not None:
        return
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        if conn.execute("SELECT to_regclass('runnerup_keys')").fetchone()[0] is None:
            conn.execute(DDL)
