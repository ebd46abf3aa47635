"""``postgresql://…``: the event log in a shared PostgreSQL database.

One database serves many job seekers: every row carries a ``seeker`` column
and positions, versions, the hash chain, checkpoints and keys are per seeker.
Writers of one seeker queue on a transaction-level advisory lock, so
positions are assigned and become visible in commit order and a reader
tailing by position never skips one. Reads page through the primary key
(seeker, position) instead of holding a server-side cursor: constant memory,
no transaction left open by an abandoned iterator, and the same connection
stays free for writes while a read is under way.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import errors as pgerrors
from runnerup import ConcurrencyError, StoreError
from runnerup.store import (
    GENESIS_HASH,
    BaseStore,
    ChainCheck,
    Checkpoint,
    Stored,
    StreamWrite,
    chain_rows,
    refuse_non_empty,
)

from .schema import ensure_schema
from .url import parse_url, redact, where

CHANNEL = "runnerup_events"
PAGE = 2000
_COLUMNS = "position, stream, version, type, data, occurred_us, recorded_us, meta, hash"
_COPY = f"COPY runnerup_events (seeker, {_COLUMNS}) FROM STDIN (FORMAT BINARY)"
_COPY_TYPES = ["text", "int8", "text", "int8", "text", "bytea", "int8", "int8", "bytea", "text"]
_CHUNK = (
    "SELECT position, stream, version, type, occurred_us, recorded_us, length(meta), length(data), meta, data, hash "
    "FROM runnerup_events WHERE seeker = %s AND position > %s AND position <= %s ORDER BY position"
)
_HEAD = (
    "SELECT position, hash, recorded_us FROM runnerup_events WHERE seeker = %s "
    "ORDER BY position DESC LIMIT 1"
)
_VERSIONS = (
    "SELECT s.stream, coalesce((SELECT e.version FROM runnerup_events e "
    "WHERE e.seeker = %s AND e.stream = s.stream ORDER BY e.version DESC LIMIT 1), 0) "
    "FROM unnest(%s::text[]) AS s(stream)"
)


_make_stored = functools.partial(tuple.__new__, Stored)  # Stored._make without its Python frame


def _stored_row(cursor: Any) -> Any:
    return _make_stored


def _lock_key(seeker: str) -> int:
    return int.from_bytes(
        hashlib.sha256(f"runnerup:{seeker}".encode()).digest()[:8], "big", signed=True
    )


def connect(conninfo: str) -> psycopg.Connection[Any]:
    """An autocommit connection, or a one-line :class:`StoreError`."""
    try:
        return psycopg.connect(conninfo, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise StoreError(
            f"cannot connect to PostgreSQL at {where(conninfo)}: {_first_line(exc)}"
        ) from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    for line in text.splitlines():
        if line.strip():
            return line.strip().removeprefix("connection failed: ")
    return type(exc).__name__


class PostgresStore(BaseStore):
    """The log of one seeker in a PostgreSQL database."""

    def __init__(self, url: str, *, page_size: int = PAGE) -> None:
        self.url = url
        self._conninfo, self.seeker = parse_url(url)
        self._label = redact(url)
        self._key = _lock_key(self.seeker)
        self._page = page_size
        self._conn = connect(self._conninfo)
        self._listener: psycopg.Connection[Any] | None = None
        with self._errors():
            ensure_schema(self._conn)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except pgerrors.UniqueViolation:
            raise ConcurrencyError("another writer appended at the same time; try again") from None
        except psycopg.Error as exc:
            raise StoreError(f"PostgreSQL store {self._label}: {_first_line(exc)}") from None

    # -- writing ------------------------------------------------------------

    def append_many(
        self, writes: Sequence[StreamWrite], idempotency_key: str | None = None
    ) -> list[int]:
        seeker = self.seeker
        with self._errors(), self._conn.transaction(), self._conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (self._key,))
            if idempotency_key is not None:
                hit = cur.execute(
                    "SELECT first_position, last_position FROM runnerup_idempotency "
                    "WHERE seeker = %s AND key = %s",
                    (seeker, idempotency_key),
                ).fetchone()
                if hit is not None:
                    return list(range(hit[0], hit[1] + 1))
            position, prev, last_us = self._head_row(cur)
            streams = list(dict.fromkeys(w.stream for w in writes))
            versions = dict(cur.execute(_VERSIONS, (seeker, streams)).fetchall()) if streams else {}
            rows, _ = chain_rows(
                writes, versions, position, prev, max(time.time_ns() // 1000, last_us)
            )
            if not rows:
                return []
            self._copy(cur, rows)
            if idempotency_key is not None:
                cur.execute(
                    "INSERT INTO runnerup_idempotency (seeker, key, first_position, last_position) "
                    "VALUES (%s, %s, %s, %s)",
                    (seeker, idempotency_key, rows[0].position, rows[-1].position),
                )
            cur.execute("SELECT pg_notify(%s, %s)", (CHANNEL, seeker))
        return [r.position for r in rows]

    def _copy(self, cur: psycopg.Cursor[Any], rows: Iterable[Stored]) -> None:
        seeker = self.seeker
        with cur.copy(_COPY) as copy:
            copy.set_types(_COPY_TYPES)
            for row in rows:
                copy.write_row((seeker, *row))

    def _head_row(self, cur: psycopg.Cursor[Any] | None = None) -> tuple[int, str, int]:
        row = (cur or self._conn).execute(_HEAD, (self.seeker,)).fetchone()
        return (row[0], row[1], row[2]) if row else (0, GENESIS_HASH, 0)

    # -- reading ------------------------------------------------------------

    def read(
        self,
        after: int = 0,
        until: int | None = None,
        types: Iterable[str] | None = None,
        stream: str | None = None,
    ) -> Iterator[Stored]:
        sql = [
            f"SELECT {_COLUMNS} FROM runnerup_events WHERE seeker = %s AND position > %s AND position <= %s"
        ]
        extra: list[Any] = []
        if types is not None:
            names = sorted(set(types))
            if not names:
                return
            sql.append("AND type = ANY(%s::text[])")
            extra.append(names)
        if stream is not None:
            sql.append("AND stream = %s")
            extra.append(stream)
        sql.append("ORDER BY position LIMIT %s")
        query = " ".join(sql)
        with self._errors():
            # A snapshot like SQLite's: rows appended during the read are not included.
            head = self._head_row()[0]
        end = head if until is None else min(until, head)
        last = after
        while last < end:
            with self._errors(), self._conn.cursor(binary=True, row_factory=_stored_row) as cur:
                page = cur.execute(query, (self.seeker, last, end, *extra, self._page)).fetchall()
            yield from page
            if len(page) < self._page:
                return
            last = page[-1].position

    def read_chunks(
        self, after: int = 0, until: int | None = None, types: Iterable[str] | None = None
    ) -> Iterator[Sequence[tuple[Any, ...]]]:
        """Pages of cells for the kernel's replay loop (no row object per event)."""
        with self._errors():
            head = self._head_row()[0]
        end = head if until is None else min(until, head)
        last = max(after, 0)
        while last < end:
            stop = min(last + self._page, end)
            with self._errors(), self._conn.cursor(binary=True) as cur:
                page = cur.execute(_CHUNK, (self.seeker, last, stop)).fetchall()
            if page:
                yield page
            last = stop

    def head(self) -> tuple[int, str]:
        with self._errors():
            position, digest, _ = self._head_row()
        return position, digest

    def stream_version(self, stream: str) -> int:
        with self._errors():
            row = self._conn.execute(
                "SELECT version FROM runnerup_events WHERE seeker = %s AND stream = %s "
                "ORDER BY version DESC LIMIT 1",
                (self.seeker, stream),
            ).fetchone()
        return row[0] if row else 0

    def position_at(self, recorded_us: int) -> int:
        # recorded_us never decreases with position: walk back from the head.
        with self._errors():
            row = self._conn.execute(
                "SELECT position FROM runnerup_events WHERE seeker = %s AND recorded_us <= %s "
                "ORDER BY position DESC LIMIT 1",
                (self.seeker, recorded_us),
            ).fetchone()
        return row[0] if row else 0

    def subscribe(self, after: int = 0, timeout: float = 30.0) -> Iterator[Stored]:
        """Yield every row after ``after``, then new rows as they are committed.

        Waits on LISTEN/NOTIFY (each append notifies its seeker in the same
        transaction), not by polling. Returns once ``timeout`` seconds pass
        with no new row; call it again to keep following the log.
        """
        listener = self._listen()
        last = after
        idle_until = time.monotonic() + timeout
        while True:
            for row in self.read(after=last):
                yield row
                last = row.position
                idle_until = time.monotonic() + timeout
            if not self._wait(listener, idle_until):
                return

    def _listen(self) -> psycopg.Connection[Any]:
        if self._listener is None:
            self._listener = connect(self._conninfo)
            with self._errors():
                self._listener.execute(f"LISTEN {CHANNEL}")
        return self._listener

    def _wait(self, listener: psycopg.Connection[Any], idle_until: float) -> bool:
        """Block until this seeker's log may have grown; False when the time is up."""
        while (remaining := idle_until - time.monotonic()) > 0:
            with self._errors():
                for note in listener.notifies(timeout=remaining, stop_after=1):
                    if note.payload == self.seeker:
                        return True
        return False

    # -- checkpoints and keys ------------------------------------------------

    def load_checkpoint(self, name: str) -> Checkpoint | None:
        with self._errors():
            row = self._conn.execute(
                "SELECT name, version, position, state FROM runnerup_checkpoints "
                "WHERE seeker = %s AND name = %s",
                (self.seeker, name),
            ).fetchone()
        return Checkpoint(*row) if row else None

    def save_checkpoint(self, checkpoint: Checkpoint) -> None:
        with self._errors():
            self._save_checkpoints(self._conn, [checkpoint])

    def _save_checkpoints(self, conn: Any, checkpoints: Iterable[Checkpoint]) -> None:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO runnerup_checkpoints (seeker, name, version, position, state) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (seeker, name) DO UPDATE SET "
                "version = excluded.version, position = excluded.position, state = excluded.state",
                [(self.seeker, *cp) for cp in checkpoints],
            )

    def load_key(self, subject: str) -> bytes | None:
        with self._errors():
            row = self._conn.execute(
                "SELECT key FROM runnerup_keys WHERE seeker = %s AND subject = %s",
                (self.seeker, subject),
            ).fetchone()
        return bytes(row[0]) if row else None

    def save_key(self, subject: str, key: bytes) -> None:
        with self._errors():
            self._save_keys(self._conn, [(subject, key)])

    def _save_keys(self, conn: Any, keys: Iterable[tuple[str, bytes]]) -> None:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO runnerup_keys (seeker, subject, key) VALUES (%s, %s, %s) "
                "ON CONFLICT (seeker, subject) DO NOTHING",
                [(self.seeker, subject, key) for subject, key in keys],
            )

    def delete_key(self, subject: str) -> bool:
        with self._errors():
            cur = self._conn.execute(
                "DELETE FROM runnerup_keys WHERE seeker = %s AND subject = %s",
                (self.seeker, subject),
            )
        return cur.rowcount > 0

    # -- migration (``events copy``) ---------------------------------------

    def iter_idempotency(self) -> Iterator[tuple[str, int, int]]:
        with self._errors():
            rows = self._conn.execute(
                "SELECT key, first_position, last_position FROM runnerup_idempotency "
                "WHERE seeker = %s ORDER BY first_position",
                (self.seeker,),
            ).fetchall()
        yield from rows

    def iter_checkpoints(self) -> Iterator[Checkpoint]:
        with self._errors():
            rows = self._conn.execute(
                "SELECT name, version, position, state FROM runnerup_checkpoints WHERE seeker = %s",
                (self.seeker,),
            ).fetchall()
        yield from (Checkpoint(*row) for row in rows)

    def iter_keys(self) -> Iterator[tuple[str, bytes]]:
        with self._errors():
            rows = self._conn.execute(
                "SELECT subject, key FROM runnerup_keys WHERE seeker = %s", (self.seeker,)
            ).fetchall()
        yield from ((subject, bytes(key)) for subject, key in rows)

    def import_rows(
        self,
        rows: Iterable[Stored],
        *,
        idempotency: Iterable[tuple[str, int, int]] = (),
        checkpoints: Iterable[Checkpoint] = (),
        keys: Iterable[tuple[str, bytes]] = (),
    ) -> int:
        check = ChainCheck()
        with self._errors(), self._conn.transaction(), self._conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (self._key,))
            refuse_non_empty(self._label, self._head_row(cur)[0])
            self._copy(cur, map(check, rows))
            cur.executemany(
                "INSERT INTO runnerup_idempotency (seeker, key, first_position, last_position) "
                "VALUES (%s, %s, %s, %s)",
                [(self.seeker, *item) for item in idempotency],
            )
            self._save_checkpoints(self._conn, checkpoints)
            self._save_keys(self._conn, keys)
            if check.position:
                cur.execute("SELECT pg_notify(%s, %s)", (CHANNEL, self.seeker))
        return check.position

    def close(self) -> None:
        for conn in (self._listener, self._conn):
            if conn is not None and not conn.closed:
                conn.close()
        self._listener = None
