"""``sqlite:///path/events.db``: the embedded default store.

WAL mode so readers never block the writer; every write transaction starts
with ``BEGIN IMMEDIATE`` so two processes appending at once queue on the
lock (bounded by a busy timeout) instead of failing half-way with "database is
locked"; ``synchronous=FULL`` so a committed append survives a power cut. Rows
are never updated or deleted: triggers refuse it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..codec import GENESIS_HASH
from ..envelope import Stored, StreamWrite, now_us
from ..errors import ConcurrencyError, StoreError
from .base import BaseStore, ChainCheck, Checkpoint, chain_rows, refuse_non_empty

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY,
    stream      TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        BLOB    NOT NULL,
    occurred_us INTEGER NOT NULL,
    recorded_us INTEGER NOT NULL,
    meta        BLOB    NOT NULL,
    hash        TEXT    NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_version ON events (stream, version);
CREATE TABLE IF NOT EXISTS idempotency (
    key   TEXT PRIMARY KEY,
    first INTEGER NOT NULL,
    last  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (
    name     TEXT PRIMARY KEY,
    version  INTEGER NOT NULL,
    position INTEGER NOT NULL,
    state    BLOB    NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS vault_keys (
    subject TEXT PRIMARY KEY,
    key     BLOB NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
"""

_COLUMNS = "position, stream, version, type, data, occurred_us, recorded_us, meta, hash"
_INSERT = f"INSERT INTO events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"


def path_from_url(url: str) -> Path:
    """``sqlite:///abs/path.db`` or ``sqlite:relative.db`` to a path."""
    rest = url.removeprefix("sqlite:")
    if rest.startswith("///"):
        rest = "/" + rest[3:].lstrip("/")
    elif rest.startswith("//"):
        raise StoreError(f"cannot open {url!r}: use sqlite:///absolute/path.db")
    if not rest:
        raise StoreError(f"cannot open {url!r}: no file path")
    return Path(rest)


class SQLiteStore(BaseStore):
    """The event log in one SQLite file."""

    def __init__(self, url: str, *, busy_timeout_ms: int = 30_000) -> None:
        self.url = url
        self.path = path_from_url(url)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not self.path.exists():
                # Created owner-only before SQLite opens it; the WAL and shm
                # files inherit these permissions.
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            self._db = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=busy_timeout_ms / 1000
            )
            self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA secure_delete = ON")
            if self._db.execute("SELECT count(*) FROM sqlite_master WHERE name='events'").fetchone()[0] == 0:
                self._write_script(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the SQLite store {str(self.path)!r}: {exc}") from None

    def _write_script(self, script: str) -> None:
        try:
            self._db.executescript(f"BEGIN IMMEDIATE;{script}COMMIT;")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    # -- writing ------------------------------------------------------------

    def append_many(
        self, writes: Sequence[StreamWrite], idempotency_key: str | None = None
    ) -> list[int]:
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise ConcurrencyError(f"the log stayed busy: {exc}; try again") from None
        try:
            if idempotency_key is not None:
                hit = db.execute(
                    "SELECT first, last FROM idempotency WHERE key = ?", (idempotency_key,)
                ).fetchone()
                if hit is not None:
                    db.execute("ROLLBACK")
                    return list(range(hit[0], hit[1] + 1))
            versions = {w.stream: self._version(w.stream) for w in writes}
            position, prev, last_us = self._head_row()
            rows, _ = chain_rows(writes, versions, position, prev, max(now_us(), last_us))
            if rows:
                db.executemany(_INSERT, rows)
                if idempotency_key is not None:
                    db.execute(
                        "INSERT INTO idempotency (key, first, last) VALUES (?, ?, ?)",
                        (idempotency_key, rows[0].position, rows[-1].position),
                    )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return [r.position for r in rows]

    def _version(self, stream: str) -> int:
        row = self._db.execute("SELECT max(version) FROM events WHERE stream = ?", (stream,)).fetchone()
        return row[0] or 0

    def _head_row(self) -> tuple[int, str, int]:
        row = self._db.execute(
            "SELECT position, hash, recorded_us FROM events ORDER BY position DESC LIMIT 1"
        ).fetchone()
        return (row[0], row[1], row[2]) if row else (0, GENESIS_HASH, 0)

    # -- reading ------------------------------------------------------------

    def read(
        self,
        after: int = 0,
        until: int | None = None,
        types: Iterable[str] | None = None,
        stream: str | None = None,
    ) -> Iterator[Stored]:
        sql = [f"SELECT {_COLUMNS} FROM events WHERE position > ?"]
        args: list[object] = [after]
        if until is not None:
            sql.append("AND position <= ?")
            args.append(until)
        if stream is not None:
            sql.append("AND stream = ?")
            args.append(stream)
        if types is not None:
            names = sorted(set(types))
            if not names:
                return
            sql.append(f"AND type IN ({','.join('?' * len(names))})")
            args.extend(names)
        sql.append("ORDER BY position")
        cursor = self._db.cursor()
        cursor.arraysize = 2048
        cursor.execute(" ".join(sql), args)
        make = Stored._make
        try:
            while batch := cursor.fetchmany():
                for row in batch:
                    yield make(row)
        finally:
            cursor.close()

    def head(self) -> tuple[int, str]:
        position, digest, _ = self._head_row()
        return position, digest

    def stream_version(self, stream: str) -> int:
        return self._version(stream)

    def position_at(self, recorded_us: int) -> int:
        # recorded_us never decreases with position, so the answer is a max.
        row = self._db.execute(
            "SELECT max(position) FROM events WHERE recorded_us <= ?", (recorded_us,)
        ).fetchone()
        return row[0] or 0

    # -- checkpoints and keys ------------------------------------------------

    def load_checkpoint(self, name: str) -> Checkpoint | None:
        row = self._db.execute(
            "SELECT name, version, position, state FROM checkpoints WHERE name = ?", (name,)
        ).fetchone()
        return Checkpoint(*row) if row else None

    def save_checkpoint(self, checkpoint: Checkpoint) -> None:
        self._write(
            "INSERT INTO checkpoints (name, version, position, state) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET version = excluded.version, "
            "position = excluded.position, state = excluded.state",
            tuple(checkpoint),
        )

    def load_key(self, subject: str) -> bytes | None:
        row = self._db.execute("SELECT key FROM vault_keys WHERE subject = ?", (subject,)).fetchone()
        return bytes(row[0]) if row else None

    def save_key(self, subject: str, key: bytes) -> None:
        self._write("INSERT OR IGNORE INTO vault_keys (subject, key) VALUES (?, ?)", (subject, key))

    def delete_key(self, subject: str) -> bool:
        deleted = self._write("DELETE FROM vault_keys WHERE subject = ?", (subject,))
        # secure_delete zeroes the freed page; the checkpoint moves it out of the WAL.
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted > 0

    def _write(self, sql: str, args: tuple[object, ...]) -> int:
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise ConcurrencyError(f"the log stayed busy: {exc}; try again") from None
        try:
            count = db.execute(sql, args).rowcount
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return count

    # -- migration (``events copy``) ---------------------------------------

    def iter_idempotency(self) -> Iterator[tuple[str, int, int]]:
        yield from self._db.execute("SELECT key, first, last FROM idempotency ORDER BY first")

    def iter_checkpoints(self) -> Iterator[Checkpoint]:
        for row in self._db.execute("SELECT name, version, position, state FROM checkpoints"):
            yield Checkpoint(*row)

    def iter_keys(self) -> Iterator[tuple[str, bytes]]:
        for subject, key in self._db.execute("SELECT subject, key FROM vault_keys"):
            yield subject, bytes(key)

    def import_rows(
        self,
        rows: Iterable[Stored],
        *,
        idempotency: Iterable[tuple[str, int, int]] = (),
        checkpoints: Iterable[Checkpoint] = (),
        keys: Iterable[tuple[str, bytes]] = (),
    ) -> int:
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise ConcurrencyError(f"the log stayed busy: {exc}; try again") from None
        try:
            refuse_non_empty(self.url, self._head_row()[0])
            check = ChainCheck()
            db.executemany(_INSERT, map(check, rows))
            db.executemany("INSERT INTO idempotency (key, first, last) VALUES (?, ?, ?)", idempotency)
            db.executemany(
                "INSERT OR REPLACE INTO checkpoints (name, version, position, state) VALUES (?, ?, ?, ?)",
                checkpoints,
            )
            db.executemany("INSERT OR IGNORE INTO vault_keys (subject, key) VALUES (?, ?)", keys)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return check.position

    def close(self) -> None:
        self._db.close()
