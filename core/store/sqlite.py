"""``sqlite:///path/events.db``: the embedded default store.

Events are stored in **commits** (see :mod:`runnerup.store.commits`): one
row holds up to a thousand events of one append, each as its canonical bytes
plus hash. A bulk import of a million events costs a thousand commit rows
(and one ``streams`` row per stream) instead of a million event rows, and a
full replay reads a thousand rows; a one-event command append is one small
row either way. The view ``events`` unpacks the commits with ``json_each``
so ``sqlite3 events.db 'select * from events'`` still shows one row per
event.

WAL mode so readers never block the writer; every write transaction starts
with ``BEGIN IMMEDIATE`` so two processes appending at once queue on the lock
(bounded by a busy timeout) instead of failing half-way with "database is
locked"; ``synchronous=FULL`` so a committed append survives a power cut.
Commits are never updated or deleted: triggers refuse it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..codec import GENESIS_HASH
from ..envelope import ANY, Stored, StreamWrite, now_us
from ..errors import ConcurrencyError, StoreError
from .base import (
    BaseStore,
    ChainCheck,
    Checkpoint,
    chain_rows,
    check_expected,
    paused_gc,
    refuse_non_empty,
)
from .commits import COMMIT_ROWS, Commit, StreamIndex, pack, pack_rows, plan, types_filter, unpack

#: Bytes per page of a new file (an existing file keeps its own). A commit
#: row is hundreds of KiB: 16 KiB pages made bulk appends ~10 % faster than
#: 4 KiB; 32 and 64 KiB measured no faster (200k events, 4 rounds each).
PAGE_SIZE = 16384

#: Bumped whenever the layout of the tables changes; checked on open. An
#: older format with a step in :data:`MIGRATIONS` is upgraded in place.
SCHEMA_VERSION = 2

STREAMS = """CREATE TABLE IF NOT EXISTS streams (
    name    TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    first   INTEGER NOT NULL      -- position of the first commit holding its events
) WITHOUT ROWID"""
# One row per further commit holding a stream: a bulk import writes one
# streams row per stream and almost nothing here; a long-lived stream that
# gets one event per command adds one small row per append.
STREAM_COMMITS = """CREATE TABLE IF NOT EXISTS stream_commits (
    name     TEXT    NOT NULL,
    position INTEGER NOT NULL,    -- of a commit holding its events, after the first
    PRIMARY KEY (name, position)
) WITHOUT ROWID"""

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS commits (
    position    INTEGER PRIMARY KEY,  -- of the first event in the commit
    last        INTEGER NOT NULL,     -- of the last event
    recorded_us INTEGER NOT NULL,     -- of the last event
    hash        TEXT    NOT NULL,     -- of the last event: the chain head after this commit
    encoding    INTEGER NOT NULL,     -- 0: payloads embedded as JSON, 1: as base64
    types       TEXT    NOT NULL,     -- ' type1 type2 ': lets a read skip commits without its types
    events      BLOB    NOT NULL      -- the cells, see runnerup.store.commits
);
{STREAMS};
{STREAM_COMMITS};
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
CREATE VIEW IF NOT EXISTS events AS
    SELECT e.value ->> 0 AS position, e.value ->> 1 AS stream, e.value ->> 2 AS version,
           e.value ->> 3 AS type, e.value ->> 4 AS occurred_us, e.value ->> 5 AS recorded_us,
           e.value -> 8 AS meta, e.value -> 9 AS data, e.value ->> 10 AS hash, c.encoding
    FROM commits AS c, json_each(c.events) AS e;
CREATE TRIGGER IF NOT EXISTS commits_no_update BEFORE UPDATE ON commits
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS commits_no_delete BEFORE DELETE ON commits
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
"""

#: How a file of format N (the key) becomes format N + 1: statements run in
#: order, in the one transaction that upgrades the file when it is opened.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    # A stream's commits were a comma-separated text, rewritten whole on
    # every append to the stream; the commits table is unchanged.
    1: (
        "ALTER TABLE streams RENAME TO streams_v1",
        STREAMS,
        STREAM_COMMITS,
        "INSERT INTO streams (name, version, first) SELECT name, version, "
        "(SELECT min(value) FROM json_each('[' || commits || ']')) FROM streams_v1",
        "INSERT OR IGNORE INTO stream_commits (name, position) SELECT s.name, c.value "
        "FROM streams_v1 AS s, json_each('[' || s.commits || ']') AS c "
        "WHERE c.value > (SELECT first FROM streams WHERE name = s.name)",
        "DROP TABLE streams_v1",
    ),
}


_INSERT_COMMIT = (
    "INSERT INTO commits (position, last, recorded_us, hash, encoding, types, events) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
#: One SQL statement and its arguments.
Statement = tuple[str, list[Any]]
_name = itemgetter(0)


def _stream_rows(index: StreamIndex, known: Collection[str], per: int) -> list[Statement]:
    """The stream rows of a batch: one per stream touched, one per further commit holding it.

    ``known``: the streams that had rows before the batch; their ``first``
    stays, and the batch's first commit holding them becomes a further one.
    Rows go in key order, ``per`` to a statement: SQLite adds keys in order
    at about twice the speed of keys at random, and for rows this small the
    per-statement overhead would otherwise be most of the cost.
    """
    rows = sorted(index.streams, key=_name)
    more = index.more
    moved: list[list[Any]] = []
    if known:
        moved = [row for row in rows if row[0] in known]
        rows = [row for row in rows if row[0] not in known]
        more = sorted(more + [(name, at) for name, _, at in moved])
    upsert = " ON CONFLICT (name) DO UPDATE SET version = excluded.version"
    return (
        _insert_rows("streams (name, version, first)", rows, "", per)
        + _insert_rows("streams (name, version, first)", moved, upsert, per)
        + _insert_rows("stream_commits (name, position)", more, "", per)
    )


def _insert_rows(into: str, rows: Sequence[Sequence[Any]], tail: str, per: int) -> list[Statement]:
    """``INSERT INTO {into} VALUES`` ``rows``, ``per`` rows a statement."""
    if not rows:
        return []
    width = len(rows[0])
    values = list(chain.from_iterable(rows))
    one = "(" + ",".join("?" * width) + ")"
    step = per * width
    full = f"INSERT INTO {into} VALUES " + ",".join([one] * per) + tail
    statements = [(full, values[i : i + step]) for i in range(0, len(values) - step + 1, step)]
    rest = len(rows) % per * width
    if rest:
        statements.append(
            (
                f"INSERT INTO {into} VALUES " + ",".join([one] * (rest // width)) + tail,
                values[-rest:],
            )
        )
    return statements


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
                self.path,
                isolation_level=None,
                check_same_thread=False,
                timeout=busy_timeout_ms / 1000,
            )
            self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            # Before anything is written, so only a new file takes it.
            self._db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA secure_delete = ON")
            # Rows per multi-row INSERT: as many as this SQLite takes, up to 1000.
            self._per = min(1000, self._db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // 3)
            fresh = (
                self._db.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'commits'"
                ).fetchone()[0]
                == 0
            )
            if fresh:
                self._write_script(SCHEMA + f"PRAGMA user_version = {SCHEMA_VERSION};")
            else:
                found = self._db.execute("PRAGMA user_version").fetchone()[0]
                if found in MIGRATIONS:
                    self._upgrade()
                elif found != SCHEMA_VERSION:
                    self._refuse(found)
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(AttributeError):
                self._db.close()
            raise StoreError(f"cannot open the SQLite store {str(self.path)!r}: {exc}") from None

    def _refuse(self, found: int) -> None:
        """A format this runnerup cannot read (nor upgrade) is left exactly as it is."""
        self._db.close()
        raise StoreError(
            f"{self.path} holds store format {found}; this runnerup reads format "
            f"{SCHEMA_VERSION} (export it with the runnerup that wrote it, then import)"
        )

    def _upgrade(self) -> None:
        """Bring an older format up to :data:`SCHEMA_VERSION`, all or nothing.

        The format is read again under the write lock: another process may
        have upgraded the file meanwhile.
        """
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            found = db.execute("PRAGMA user_version").fetchone()[0]
            while found in MIGRATIONS:
                for statement in MIGRATIONS[found]:
                    db.execute(statement)
                found += 1
                db.execute(f"PRAGMA user_version = {found}")
            if found == SCHEMA_VERSION:
                db.execute("COMMIT")
                return
            db.execute("ROLLBACK")
        except BaseException:
            self._rollback()
            raise
        self._refuse(found)  # a newer runnerup upgraded it meanwhile

    def _write_script(self, script: str) -> None:
        try:
            self._db.executescript(f"BEGIN IMMEDIATE;{script}COMMIT;")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def _begin(self) -> None:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise ConcurrencyError(f"the log stayed busy: {exc}; try again") from None

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    # -- writing ------------------------------------------------------------

    def append_many(
        self, writes: Sequence[StreamWrite], idempotency_key: str | None = None
    ) -> list[int]:
        # A bulk append makes many short-lived objects and no cycles; the
        # cyclic collector would only rescan them generation after generation.
        with paused_gc():
            try:
                return self._append_many(writes, idempotency_key)
            except sqlite3.DatabaseError as exc:  # rolled back: nothing of the batch is kept
                raise self._failed(exc) from None

    def _append_many(self, writes: Sequence[StreamWrite], idempotency_key: str | None) -> list[int]:
        db = self._db
        self._begin()
        try:
            if idempotency_key is not None:
                hit = db.execute(
                    "SELECT first, last FROM idempotency WHERE key = ?", (idempotency_key,)
                ).fetchone()
                if hit is not None:
                    db.execute("ROLLBACK")
                    return list(range(hit[0], hit[1] + 1))
            position, prev, last_us = self._head_row()
            known = self._versions([w.stream for w in writes]) if position else {}
            for stream, _, expected, _ in writes:
                if expected != ANY:
                    check_expected(stream, known.get(stream, 0), expected)
            recorded_us = max(now_us(), last_us)
            commits: Iterable[Commit]
            if all([w.json for w in writes]):
                runs, index = plan(writes, known, position)
                commits = pack(runs, prev, recorded_us)
            else:
                # Payloads of unknown shape: row by row, each commit checked
                # and written as base64 where one is not bare JSON.
                versions = {w.stream: known.get(w.stream, 0) for w in writes}
                rows, _ = chain_rows(writes, versions, position, prev, recorded_us)
                commits, index = pack_rows(rows, versions)
            self._write_batch(commits, _stream_rows(index, known, self._per))
            last = position + sum([len(w.events) for w in writes])
            if last > position and idempotency_key is not None:
                db.execute(
                    "INSERT INTO idempotency (key, first, last) VALUES (?, ?, ?)",
                    (idempotency_key, position + 1, last),
                )
            db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return list(range(position + 1, last + 1))

    def _write_batch(self, commits: Iterable[Commit], statements: list[Statement]) -> None:
        """Insert ``commits`` and run ``statements`` (the stream rows).

        ``commits`` may be a generator: each commit is inserted as soon as
        it is packed, so a bulk append holds one commit in memory, not all.
        """
        db = self._db
        db.executemany(_INSERT_COMMIT, commits)
        for sql, values in statements:
            db.execute(sql, values)

    # -- migration (``events copy``) ---------------------------------------

    def iter_idempotency(self) -> Iterator[tuple[str, int, int]]:
        yield from self._db.execute("SELECT key, first, last FROM idempotency").fetchall()

    def iter_checkpoints(self) -> Iterator[Checkpoint]:
        for row in self._db.execute(
            "SELECT name, version, position, state FROM checkpoints"
        ).fetchall():
            yield Checkpoint(*row)

    def iter_keys(self) -> Iterator[tuple[str, bytes]]:
        for subject, key in self._db.execute("SELECT subject, key FROM vault_keys").fetchall():
            yield subject, bytes(key)

    def import_rows(
        self,
        rows: Iterable[Stored],
        *,
        idempotency: Iterable[tuple[str, int, int]] = (),
        checkpoints: Iterable[Checkpoint] = (),
        keys: Iterable[tuple[str, bytes]] = (),
    ) -> int:
        """Fill an empty store with rows exactly as given, in one transaction."""
        self._begin()
        db = self._db
        try:
            refuse_non_empty(self.url, self._head_row()[0])
            check = ChainCheck()
            known: set[str] = set()
            count = 0
            batch: list[Stored] = []
            for row in rows:
                batch.append(check(row))
                if len(batch) >= 50 * COMMIT_ROWS:
                    self._import_batch(batch, check.versions, known)
                    count, batch = count + len(batch), []
            if batch:
                self._import_batch(batch, check.versions, known)
                count += len(batch)
            db.executemany(
                "INSERT INTO idempotency (key, first, last) VALUES (?, ?, ?)", list(idempotency)
            )
            db.executemany(
                "INSERT OR REPLACE INTO checkpoints (name, version, position, state) VALUES (?, ?, ?, ?)",
                [tuple(cp) for cp in checkpoints],
            )
            db.executemany(
                "INSERT OR IGNORE INTO vault_keys (subject, key) VALUES (?, ?)", list(keys)
            )
            db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return count

    def _import_batch(self, batch: list[Stored], versions: dict[str, int], known: set[str]) -> None:
        commits, index = pack_rows(batch, versions)
        self._write_batch(commits, _stream_rows(index, known, self._per))
        known.update([name for name, _, _ in index.streams])

    def _versions(self, streams: list[str]) -> dict[str, int]:
        """The current version of each of ``streams`` that exists."""
        unique = list(dict.fromkeys(streams))
        found: dict[str, int] = {}
        for i in range(0, len(unique), 500):
            chunk = unique[i : i + 500]
            found.update(
                self._db.execute(
                    f"SELECT name, version FROM streams WHERE name IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            )
        return found

    def _head_row(self) -> tuple[int, str, int]:
        row = self._db.execute(
            "SELECT last, hash, recorded_us FROM commits ORDER BY position DESC LIMIT 1"
        ).fetchone()
        return (row[0], row[1], row[2]) if row else (0, GENESIS_HASH, 0)

    # -- reading ------------------------------------------------------------

    def read_chunks(
        self,
        after: int = 0,
        until: int | None = None,
        types: Iterable[str] | None = None,
        *,
        stream: str | None = None,
    ) -> Iterator[Sequence[Any]]:
        """Whole commits as decoded cells: the replay loop's fast path."""
        for first, encoding, body in self.read_bodies(after, until, types, stream=stream):
            yield unpack(first, encoding, body)

    def read_bodies(
        self,
        after: int = 0,
        until: int | None = None,
        types: Iterable[str] | None = None,
        *,
        stream: str | None = None,
    ) -> Iterator[tuple[int, int, bytes]]:
        """Whole commits as stored: ``(first position, encoding, body)``.

        Not part of the store protocol: the kernel's C replay loop parses
        bodies itself when a store offers them (see ``core/_replay.c``).
        """
        sql = "SELECT position, encoding, events FROM commits WHERE last > ?"
        args: list[Any] = [after]
        if types is not None:
            clause, values = types_filter(sorted(set(types)) or [""])
            sql += f" AND {clause}"
            args.extend(values)
        if stream is not None:
            sql += (
                " AND position IN (SELECT first FROM streams WHERE name = ?"
                " UNION ALL SELECT position FROM stream_commits WHERE name = ?)"
            )
            args += [stream, stream]
        if until is not None:
            sql += " AND position <= ?"
            args.append(until)
        cursor = self._db.cursor()
        cursor.arraysize = 2  # commits are up to COMMIT_ROWS events each: keep memory flat
        cursor.execute(sql + " ORDER BY position", args)
        try:
            while batch := cursor.fetchmany():
                yield from batch
        finally:
            cursor.close()

    def read(
        self,
        after: int = 0,
        until: int | None = None,
        types: Iterable[str] | None = None,
        stream: str | None = None,
    ) -> Iterator[Stored]:
        wanted = frozenset(types) if types is not None else None
        if wanted is not None and not wanted:
            return
        stop = until if until is not None else 1 << 62
        for cells in self.read_chunks(after, until, wanted, stream=stream):
            for position, s, v, t, occurred, recorded, _, _, meta, data, digest in cells:
                if (
                    after < position <= stop
                    and (wanted is None or t in wanted)
                    and (stream is None or s == stream)
                ):
                    yield Stored(
                        position, s, v, t, bytes(data), occurred, recorded, bytes(meta), digest
                    )

    def head(self) -> tuple[int, str]:
        position, digest, _ = self._head_row()
        return position, digest

    def stream_version(self, stream: str) -> int:
        row = self._db.execute("SELECT version FROM streams WHERE name = ?", (stream,)).fetchone()
        return row[0] if row else 0

    def position_at(self, recorded_us: int) -> int:
        # recorded_us never decreases with position, and a commit never
        # mixes recorded times.
        row = self._db.execute(
            "SELECT max(last) FROM commits WHERE recorded_us <= ?", (recorded_us,)
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
        row = self._db.execute(
            "SELECT key FROM vault_keys WHERE subject = ?", (subject,)
        ).fetchone()
        return bytes(row[0]) if row else None

    def save_key(self, subject: str, key: bytes) -> None:
        self._write("INSERT OR IGNORE INTO vault_keys (subject, key) VALUES (?, ?)", (subject, key))

    def delete_key(self, subject: str) -> bool:
        deleted = self._write("DELETE FROM vault_keys WHERE subject = ?", (subject,))
        # secure_delete zeroes the freed page; the checkpoint moves it out of the WAL.
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted > 0

    def _failed(self, exc: sqlite3.DatabaseError) -> StoreError:
        """A write the disk refused (full, I/O error) as one line for the user."""
        return StoreError(
            f"cannot write to {self.path}: {exc} (is the disk full?); nothing was written"
        )

    def _write(self, sql: str, args: tuple[object, ...]) -> int:
        db = self._db
        self._begin()
        try:
            count = db.execute(sql, args).rowcount
            db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(sqlite3.DatabaseError):
                self._rollback()
            raise self._failed(exc) from None
        except BaseException:
            self._rollback()
            raise
        return count

    def close(self) -> None:
        self._db.close()
