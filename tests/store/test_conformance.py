"""The store conformance suite against every backend: memory, SQLite, PostgreSQL."""

from __future__ import annotations

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
    """Edit one event inside its commit, as a forger with the file would.

    ``change`` gets the event's cell as a list ``[position, stream, version,
    type, occurred_us, recorded_us, len(meta), len(data), meta, data, hash]``
    and returns the forged one; the other cells keep their exact bytes.
    """
    import json

    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("DROP TRIGGER IF EXISTS commits_no_update")
        first, body = db.execute(
            "SELECT position, events FROM commits WHERE position <= ? AND last >= ?",
            (position, position),
        ).fetchone()
        cells = [e[0] for e in db.execute("SELECT value FROM json_each(?)", (body,))]
        cell = json.loads(cells[position - first])
        cells[position - first] = json.dumps(
            change(cell), separators=(",", ":"), ensure_ascii=False
        )
        db.execute(
            "UPDATE commits SET events = ? WHERE position = ?",
            (("[" + ",".join(cells) + "]").encode(), first),
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
        tamper_sqlite(store.path, position, lambda cell: [*cell[:4], cell[4] + 1, *cell[5:]])


def test_sqlite_verify_names_a_cell_forged_as_text(tmp_path: Path) -> None:
    store = SQLiteStore(f"sqlite:///{tmp_path}/events.db")
    store.append("s", [Pending("t", b"one", 1, b"{}"), Pending("t", b"two", 2, b"{}")])
    tamper_sqlite(store.path, 2, lambda cell: [*cell[:9], 12345, *cell[10:]])
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
