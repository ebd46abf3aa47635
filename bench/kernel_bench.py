"""Append and replay: runnerup's SQLite store against the raw baselines and eventsourcing.

Every workload is the same bytes (``workload.generate``), and each figure is
a ratio against a baseline measured in the same run on the same machine:

- append: ``sqlite3.executemany`` of the encoded payloads into a two-column
  table (raw) vs ``SQLiteStore.append_many`` (hash chain, versions,
  streams) vs eventsourcing's ``SQLiteApplicationRecorder.insert_events``;
- replay: ``SELECT type, data`` + msgspec decode + dict fold (raw) vs a
  kernel fold of a trivial projection from position 0 vs eventsourcing's
  ``select_notifications`` + the same decode and fold.
"""

from __future__ import annotations

import gc
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
from runnerup import Projection
from runnerup.config import Settings
from runnerup.envelope import Pending, StreamWrite
from runnerup.kernel import Kernel
from runnerup.plugin_manager import make_plugin_manager
from runnerup.store.sqlite import SQLiteStore
from workload import generate


def timed(fn: Callable[[], Any]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _writes(pairs: list[tuple[str, Pending]]) -> list[StreamWrite]:
    writes: list[StreamWrite] = []
    current: StreamWrite | None = None
    for stream, pending in pairs:
        if current is None or current.stream != stream:
            current = StreamWrite(
                stream, [], json=True
            )  # msgspec-encoded, as the kernel marks its writes
            writes.append(current)
        current.events.append(pending)
    return writes


class Counts(msgspec.Struct):
    by_type: dict[str, int] = {}


class TrivialProjection(Projection[Counts]):
    """Counts events by type: the decode+fold cost with nothing else in the way."""

    name = "bench.trivial"
    version = 1
    types = None
    state_type = Counts

    def initial(self) -> Counts:
        return Counts()

    def apply(self, state: Counts, event: Any) -> Counts:
        by_type = state.by_type
        by_type[event.type] = by_type.get(event.type, 0) + 1
        return state


def _decoders(kernel: Kernel) -> dict[str, Any]:
    return {name: msgspec.json.Decoder(cls) for name, cls in kernel.registry.types.items()}


class Workbench:
    """Fresh files per measurement in one temp folder."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.pairs = list(generate(n))
        self.folder = Path(tempfile.mkdtemp(prefix="runnerup-bench-"))
        pm = make_plugin_manager(load_entrypoints=False, env={})

        class Plugin:
            from runnerup import hookimpl

            @hookimpl
            def register_projections(self, register: Any) -> None:
                register(TrivialProjection())

        pm.register(Plugin(), name="bench")
        self.pm = pm

    def path(self, name: str) -> Path:
        return self.folder / f"{name}-{uuid.uuid4().hex[:8]}.db"

    # -- append ---------------------------------------------------------------

    def raw_append(self) -> tuple[float, Path]:
        path = self.path("raw")
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, type TEXT, data BLOB)")
        rows = [(p.type, p.data) for _, p in self.pairs]

        def run() -> None:
            db.execute("BEGIN")
            db.executemany("INSERT INTO events (type, data) VALUES (?, ?)", rows)
            db.execute("COMMIT")

        seconds = timed(run)
        db.close()
        return seconds, path

    def runnerup_append(self) -> tuple[float, Path]:
        path = self.path("runnerup")
        store = SQLiteStore(f"sqlite:///{path}")
        writes = _writes(self.pairs)
        seconds = timed(lambda: store.append_many(writes))
        store.close()
        return seconds, path

    def eventsourcing_append(self) -> tuple[float, Any]:
        from eventsourcing.persistence import StoredEvent
        from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

        path = self.path("eventsourcing")
        datastore = SQLiteDatastore(str(path), originator_id_type="text")
        recorder = SQLiteApplicationRecorder(datastore)
        recorder.create_table()
        versions: dict[str, int] = {}
        stored = []
        for stream, p in self.pairs:
            versions[stream] = versions.get(stream, 0) + 1
            stored.append(StoredEvent(stream, versions[stream], p.type, p.data))

        def run() -> None:
            # its documented unit of atomicity is one insert_events call; big
            # batches are its fastest sane use
            for i in range(0, len(stored), 10_000):
                recorder.insert_events(stored[i : i + 10_000])

        return timed(run), recorder

    # -- replay ---------------------------------------------------------------

    def raw_replay(self, path: Path, decoders: dict[str, Any]) -> float:
        db = sqlite3.connect(path)

        def run() -> None:
            counts: dict[str, int] = {}
            gc.disable()
            try:
                for type_, data in db.execute("SELECT type, data FROM events"):
                    decoders[type_].decode(data)
                    counts[type_] = counts.get(type_, 0) + 1
            finally:
                gc.enable()
            assert sum(counts.values()) == self.n

        seconds = timed(run)
        db.close()
        return seconds

    def runnerup_replay(self, path: Path, projection: str = "bench.trivial") -> float:
        kernel = self.kernel(path)

        def run() -> None:
            state = kernel._fold(kernel.projections[projection], until=kernel.store.head()[0])
            if projection == "bench.trivial":
                assert sum(state.by_type.values()) == self.n

        seconds = timed(run)
        kernel.close()
        return seconds

    def eventsourcing_replay(self, recorder: Any, decoders: dict[str, Any]) -> float:
        def run() -> None:
            counts: dict[str, int] = {}
            start = 1
            while True:
                batch = recorder.select_notifications(start, 10_000)
                if not batch:
                    break
                for n in batch:
                    decoders[n.topic].decode(n.state)
                    counts[n.topic] = counts.get(n.topic, 0) + 1
                start = batch[-1].id + 1
            assert sum(counts.values()) == self.n

        return timed(run)

    def kernel(self, path: Path) -> Kernel:
        url = f"sqlite:///{path}"
        return Kernel(self.pm, SQLiteStore(url), Settings(home=self.folder, store_url=url))
