"""The store conformance suite against every backend: memory, SQLite, PostgreSQL."""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from runnerup.store import Pending, Store
from runnerup.store.memory import MemoryStore
from runnerup.store.sqlite import SQLiteStore
from runnerup.testing.conformance import StoreConformance


def tamper_sqlite(path: Path, position: int, change) -> None:  # type: ignore[no-untyped-def]
    """Edit one event inside its commit, as a forger with the file would."""
    import json

    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("DROP TRIGGER IF EXISTS commits_no_update")
        first, body = db.execute(
            "SELECT position, events FROM commits WHERE position <= ? AND last >= ?",
            (position, position),
        ).fetchone()
        cells = json.loads(body)
        # payloads are embedded JSON: work on their text so the edit is byte-level
        raw = [list(c) for c in cells]
        for c in raw:
            c[6] = json.dumps(c[6], separators=(",", ":")) if not isinstance(c[6], str) else c[6]
        raw[position - first] = change(raw[position - first])
        for c in raw:
            with contextlib.suppress(ValueError):
                c[6] = json.loads(c[6]) if isinstance(c[6], str) else c[6]
        db.execute(
            "UPDATE commits SET events = ? WHERE position = ?", (json.dumps(raw).encode(), first)
        )
    finally:
        db.close()


class TestMemoryStore(StoreConformance):
    def make_store(self) -> Store:
        return MemoryStore()

    def tamper(self, store: Store, position: int) -> None:
        assert isinstance(store, MemoryStore)
        row = store._rows[position - 1]
        store._rows[position - 1] = row._replace(data=row.data + b" ")


class TestSQLiteStore(StoreConformance):
    @pytest.fixture(autouse=True)
    def _folder(self, tmp_path: Path) -> None:
        self.folder = tmp_path

    def make_store(self) -> Store:
        return SQLiteStore(f"sqlite:///{self.folder}/{uuid.uuid4().hex}.db")

    def store_url(self, store: Store) -> str | None:
        return store.url

    def tamper(self, store: Store, position: int) -> None:
        assert isinstance(store, SQLiteStore)
        # The store's triggers refuse updates; a forger edits the file directly.
        tamper_sqlite(store.path, position, lambda cell: [*cell[:6], cell[6] + " ", *cell[7:]])


def test_sqlite_verify_names_a_cell_forged_as_text(tmp_path: Path) -> None:
    store = SQLiteStore(f"sqlite:///{tmp_path}/events.db")
    store.append("s", [Pending("t", b"one", 1, b"{}"), Pending("t", b"two", 2, b"{}")])
    tamper_sqlite(store.path, 2, lambda cell: [*cell[:6], 12345, *cell[7:]])
    report = store.verify()
    store.close()
    assert (report.ok, report.first_bad) == (False, 2)
    assert report.reason in ("hash mismatch", "malformed row")


@pytest.mark.postgres
class TestPostgresStore(StoreConformance):
    """A fresh seeker per store: one database, no DDL between tests."""

    @pytest.fixture(autouse=True)
    def _server(self, pg_url: str) -> Iterator[None]:
        self.pg_url = pg_url
        yield

    def make_store(self) -> Store:
        from runnerup.plugins.postgres.store import PostgresStore

        sep = "&" if "?" in self.pg_url else "?"
        return PostgresStore(f"{self.pg_url}{sep}seeker=t-{uuid.uuid4().hex[:12]}")

    def store_url(self, store: Store) -> str | None:
        return store.url

    def tamper(self, store: Store, position: int) -> None:
        import psycopg
        from runnerup.plugins.postgres.store import PostgresStore

        assert isinstance(store, PostgresStore)
        # The append-only trigger refuses updates; a forger with DDL rights
        # switches it off inside one transaction, so no one else sees it off.
        with psycopg.connect(self.pg_url, autocommit=True) as conn, conn.transaction():
            conn.execute("ALTER TABLE runnerup_events DISABLE TRIGGER runnerup_events_append_only")
            conn.execute(
                "UPDATE runnerup_events SET data = data || '\\x20'::bytea WHERE seeker = %s AND position = %s",
                (store.seeker, position),
            )
            conn.execute("ALTER TABLE runnerup_events ENABLE TRIGGER runnerup_events_append_only")
