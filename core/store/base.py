"""The store contract every backend meets, and what backends share.

A store is bytes in, bytes out: it assigns positions, versions, recorded
times and the hash chain, and never decodes a payload. The conformance suite
in :mod:`runnerup.testing.conformance` holds every backend to this contract.
"""

from __future__ import annotations

import gc
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple, Protocol, runtime_checkable

from ..codec import GENESIS_HASH, canonical, chain_hash
from ..envelope import ANY, NO_STREAM, Pending, Stored, StreamWrite
from ..errors import ConcurrencyError, StoreError


class Checkpoint(NamedTuple):
    """A projection's (or subscription's) saved state at a log position."""

    name: str
    version: int
    position: int
    state: bytes


class VerifyReport(NamedTuple):
    """What ``verify()`` found: ``first_bad`` is None when the chain is whole."""

    checked: int
    head_position: int
    head_hash: str
    first_bad: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_bad is None


@runtime_checkable
class Store(Protocol):
    """The event log. See docs/reference/store.md for the full contract."""

    url: str

    def append(
        self,
        stream: str,
        events: Sequence[Pending],
        expected_version: int = ANY,
        idempotency_key: str | None = None,
    ) -> list[int]:
        """Append to one stream atomically; return the new global positions."""
        ...

    def append_many(
        self, writes: Sequence[StreamWrite], idempotency_key: str | None = None
    ) -> list[int]:
        """Append to several streams in one atomic batch."""
        ...

    def read(
        self,
        after: int = 0,
        until: int | None = None,
        types: Iterable[str] | None = None,
        stream: str | None = None,
    ) -> Iterator[Stored]:
        """Stream rows in position order, in constant memory."""
        ...

    def read_chunks(
        self, after: int = 0, until: int | None = None, types: Iterable[str] | None = None
    ) -> Iterator[Sequence[Any]]:
        """The log as chunks of cells (see :meth:`BaseStore.read_chunks`)."""
        ...

    def head(self) -> tuple[int, str]:
        """The last position and its hash (``(0, GENESIS_HASH)`` when empty)."""
        ...

    def stream_version(self, stream: str) -> int:
        """The stream's current version, 0 when it does not exist."""
        ...

    def position_at(self, recorded_us: int) -> int:
        """The last position recorded at or before ``recorded_us``."""
        ...

    def verify(self) -> VerifyReport:
        """Re-walk the hash chain; name the first position that does not match."""
        ...

    def load_checkpoint(self, name: str) -> Checkpoint | None: ...

    def save_checkpoint(self, checkpoint: Checkpoint) -> None: ...

    def load_key(self, subject: str) -> bytes | None: ...

    def save_key(self, subject: str, key: bytes) -> None: ...

    def delete_key(self, subject: str) -> bool: ...

    def close(self) -> None: ...


@runtime_checkable
class Migratable(Protocol):
    """A store that can hand over and take in a whole log (``events copy``).

    The source lists what lives beside the events; the target takes it all in
    one transaction through :meth:`import_rows`, which refuses a non-empty
    target and checks the hash chain of every row it receives.
    """

    def iter_idempotency(self) -> Iterator[tuple[str, int, int]]:
        """Every idempotency key with the first and last position it wrote."""
        ...

    def iter_checkpoints(self) -> Iterator[Checkpoint]: ...

    def iter_keys(self) -> Iterator[tuple[str, bytes]]:
        """Every vault key as ``(subject, key)``."""
        ...

    def import_rows(
        self,
        rows: Iterable[Stored],
        *,
        idempotency: Iterable[tuple[str, int, int]] = (),
        checkpoints: Iterable[Checkpoint] = (),
        keys: Iterable[tuple[str, bytes]] = (),
    ) -> int:
        """Fill an empty store with rows exactly as given; return how many."""
        ...


class ChainCheck:
    """Checks rows arriving in position order, as :meth:`Migratable.import_rows` must.

    Call it on each row; it returns the row or raises :class:`StoreError`
    naming the first position that breaks the chain.
    """

    def __init__(self) -> None:
        self.position = 0
        self.hash = GENESIS_HASH
        self.recorded_us = 0
        self.versions: dict[str, int] = {}

    def __call__(self, row: Stored) -> Stored:
        reason = self.check(row)
        if reason is not None:
            self._fail(row.position, reason)
        return row

    def check(self, row: Stored) -> str | None:
        """Take ``row`` into the chain, or say why it does not belong there."""
        if not row.hash:
            return "malformed row"  # a store could not read this event back at all
        if row.position != self.position + 1:
            return f"expected position {self.position + 1}"
        if row.version != self.versions.get(row.stream, 0) + 1:
            return "stream version gap"
        if row.recorded_us < self.recorded_us:
            return "recorded time goes backwards"
        try:
            digest = chain_hash(
                self.hash,
                row.position,
                row.stream,
                row.version,
                row.type,
                row.data,
                row.occurred_us,
                row.recorded_us,
                row.meta,
            )
        except (TypeError, ValueError):
            return "malformed row"  # a forged cell of the wrong type (text where bytes belong)
        if digest != row.hash:
            return "hash mismatch"
        self.position, self.hash, self.recorded_us = row.position, digest, row.recorded_us
        self.versions[row.stream] = row.version
        return None

    def _fail(self, position: int, reason: str) -> None:
        raise StoreError(
            f"the log to import is broken at position {position}: {reason}; nothing imported"
        )


def refuse_non_empty(url: str, head: int) -> None:
    """The error every ``import_rows`` raises when the target already has events."""
    if head:
        raise StoreError(
            f"the target store {url} already holds {head} event{'' if head == 1 else 's'}; "
            "copy only into an empty store"
        )


class BaseStore(ABC):
    """Shared behaviour: the single-stream ``append`` and chain verification."""

    url: str = ""

    def append(
        self,
        stream: str,
        events: Sequence[Pending],
        expected_version: int = ANY,
        idempotency_key: str | None = None,
    ) -> list[int]:
        return self.append_many(
            [StreamWrite(stream, list(events), expected_version)], idempotency_key
        )

    @abstractmethod
    def append_many(
        self, writes: Sequence[StreamWrite], idempotency_key: str | None = None
    ) -> list[int]:
        """Append to several streams in one atomic batch; see :class:`Store`."""

    @abstractmethod
    def read(
        self,
        after: int = 0,
        until: int | None = None,
        types: Iterable[str] | None = None,
        stream: str | None = None,
    ) -> Iterator[Stored]:
        """Stream rows in position order, in constant memory; see :class:`Store`."""

    def read_chunks(
        self, after: int = 0, until: int | None = None, types: Iterable[str] | None = None
    ) -> Iterator[Sequence[Any]]:
        """The log in chunks of cells, for the replay loop.

        A cell is ``(position, stream, version, type, occurred_us,
        recorded_us, len(meta), len(data), meta, data, hash)``, the layout the
        SQLite store keeps on disk; ``meta`` and ``data`` are bytes-like.
        Cells before ``after`` or past ``until``, or of other ``types``, may
        be included; the caller skips them. A backend that stores events in batches hands over a whole
        batch without building an object per event.
        """
        chunk: list[Any] = []
        for row in self.read(after=after, until=until, types=types):
            chunk.append(
                (
                    row.position,
                    row.stream,
                    row.version,
                    row.type,
                    row.occurred_us,
                    row.recorded_us,
                    len(row.meta),
                    len(row.data),
                    row.meta,
                    row.data,
                    row.hash,
                )
            )
            if len(chunk) >= 1000:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def verify(self) -> VerifyReport:
        chain = ChainCheck()
        rows = self.read()
        while True:
            try:
                row = next(rows)
            except StopIteration:
                break
            except StoreError as exc:
                return VerifyReport(
                    chain.position,
                    chain.position,
                    chain.hash,
                    chain.position + 1,
                    f"unreadable: {exc}",
                )
            reason = chain.check(row)
            if reason is not None:
                bad = chain.position + 1 if reason.startswith("expected position") else row.position
                if reason.startswith("expected position"):
                    reason = "position missing"
                return VerifyReport(chain.position, chain.position, chain.hash, bad, reason)
        return VerifyReport(chain.position, chain.position, chain.hash)


def check_expected(stream: str, current: int, expected: int) -> None:
    """Raise :class:`ConcurrencyError` when ``expected`` does not hold."""
    if expected == ANY:
        return
    if expected == NO_STREAM and current != 0:
        raise ConcurrencyError(f"stream {stream!r} already exists (version {current})")
    if expected != current:
        raise ConcurrencyError(
            f"stream {stream!r} is at version {current}, the writer expected {expected}"
        )


def chain_rows(
    writes: Sequence[StreamWrite],
    versions: dict[str, int],
    position: int,
    prev_hash: str,
    recorded_us: int,
) -> tuple[list[Stored], str]:
    """Assign positions, versions and hashes to a batch. Checks versions first.

    The row-per-event backends' bulk loop (memory, PostgreSQL); the hashes
    are :func:`runnerup.codec.chain_hash`'s, over :func:`runnerup.codec.canonical`.
    """
    for w in writes:
        check_expected(w.stream, versions[w.stream], w.expected_version)
    rows: list[Stored] = []
    append = rows.append
    new = tuple.__new__
    import hashlib

    sha256 = hashlib.sha256
    prev = bytes.fromhex(prev_hash)
    for w in writes:
        stream = w.stream
        version = versions[stream]
        for p in w.events:
            position += 1
            version += 1
            prev = sha256(
                prev
                + canonical(
                    position, stream, version, p.type, p.data, p.occurred_us, recorded_us, p.meta
                )
            ).digest()
            append(
                new(
                    Stored,
                    (
                        position,
                        stream,
                        version,
                        p.type,
                        p.data,
                        p.occurred_us,
                        recorded_us,
                        p.meta,
                        prev.hex(),
                    ),
                )
            )
        versions[stream] = version
    return rows, prev.hex()


@contextmanager
def paused_gc() -> Iterator[None]:
    """Keep the cyclic garbage collector out of a bulk loop that makes no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
