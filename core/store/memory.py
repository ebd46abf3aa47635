"""``memory:``: the in-process store, for tests and throwaway tours."""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable, Iterator, Sequence

from ..codec import GENESIS_HASH
from ..envelope import Stored, StreamWrite, now_us
from .base import BaseStore, ChainCheck, Checkpoint, chain_rows, refuse_non_empty


class MemoryStore(BaseStore):
    """Everything in lists and dicts; same contract as the durable stores."""

    def __init__(self, url: str = "memory:") -> None:
        self.url = url
        self._rows: list[Stored] = []
        self._recorded: list[int] = []
        self._versions: dict[str, int] = {}
        self._by_stream: dict[str, list[int]] = {}
        self._keys: dict[str, tuple[int, int]] = {}
        self._checkpoints: dict[str, Checkpoint] = {}
        self._vault: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def append_many(
        self, writes: Sequence[StreamWrite], idempotency_key: str | None = None
    ) -> list[int]:
        with self._lock:
            if idempotency_key is not None and idempotency_key in self._keys:
                first, last = self._keys[idempotency_key]
                return list(range(first, last + 1))
            versions = {w.stream: self._versions.get(w.stream, 0) for w in writes}
            position, prev = self.head()
            rows, _ = chain_rows(
                writes, versions, position, prev, max(now_us(), self._last_recorded())
            )
            if not rows:
                return []
            for row in rows:
                self._rows.append(row)
                self._recorded.append(row.recorded_us)
                self._by_stream.setdefault(row.stream, []).append(row.position)
            self._versions.update(versions)
            if idempotency_key is not None:
                self._keys[idempotency_key] = (rows[0].position, rows[-1].position)
            return [r.position for r in rows]

    def _last_recorded(self) -> int:
        # recorded_at never goes backwards, so --as-of can bisect by time.
        return self._recorded[-1] if self._recorded else 0

    def read(
        self,
        after: int = 0,
        until: int | None = None,
        types: Iterable[str] | None = None,
        stream: str | None = None,
    ) -> Iterator[Stored]:
        wanted = frozenset(types) if types is not None else None
        end = len(self._rows) if until is None else min(until, len(self._rows))
        if stream is not None:
            indexes: Iterable[int] = (
                p - 1 for p in self._by_stream.get(stream, ()) if after < p <= end
            )
        else:
            indexes = range(max(after, 0), end)
        for i in indexes:
            row = self._rows[i]
            if wanted is None or row.type in wanted:
                yield row

    def head(self) -> tuple[int, str]:
        if not self._rows:
            return 0, GENESIS_HASH
        last = self._rows[-1]
        return last.position, last.hash

    def stream_version(self, stream: str) -> int:
        return self._versions.get(stream, 0)

    def position_at(self, recorded_us: int) -> int:
        return bisect.bisect_right(self._recorded, recorded_us)

    def load_checkpoint(self, name: str) -> Checkpoint | None:
        return self._checkpoints.get(name)

    def save_checkpoint(self, checkpoint: Checkpoint) -> None:
        self._checkpoints[checkpoint.name] = checkpoint

    def load_key(self, subject: str) -> bytes | None:
        return self._vault.get(subject)

    def save_key(self, subject: str, key: bytes) -> None:
        self._vault.setdefault(subject, key)

    def delete_key(self, subject: str) -> bool:
        return self._vault.pop(subject, None) is not None

    # -- migration (``events copy``) ---------------------------------------

    def iter_idempotency(self) -> Iterator[tuple[str, int, int]]:
        for key, (first, last) in list(self._keys.items()):
            yield key, first, last

    def iter_checkpoints(self) -> Iterator[Checkpoint]:
        yield from list(self._checkpoints.values())

    def iter_keys(self) -> Iterator[tuple[str, bytes]]:
        yield from list(self._vault.items())

    def import_rows(
        self,
        rows: Iterable[Stored],
        *,
        idempotency: Iterable[tuple[str, int, int]] = (),
        checkpoints: Iterable[Checkpoint] = (),
        keys: Iterable[tuple[str, bytes]] = (),
    ) -> int:
        with self._lock:
            refuse_non_empty(self.url, self.head()[0])
            check = ChainCheck()
            taken = [check(row) for row in rows]
            extra_keys = {k: (first, last) for k, first, last in idempotency}
            extra_checkpoints = list(checkpoints)
            vault = list(keys)
            for row in taken:
                self._rows.append(row)
                self._recorded.append(row.recorded_us)
                self._by_stream.setdefault(row.stream, []).append(row.position)
            self._versions.update(check.versions)
            self._keys.update(extra_keys)
            self._checkpoints.update((cp.name, cp) for cp in extra_checkpoints)
            for subject, key in vault:
                self._vault.setdefault(subject, key)
            return len(taken)

    def close(self) -> None:
        pass
