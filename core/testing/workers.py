"""Process bodies for the conformance suite's multi-process tests.

They live in an importable module (not in a test file) so that
``multiprocessing``'s ``spawn`` start method can find them in the child.
Each opens its own store from a URL through ``opener`` (``"module:function"``
taking the URL), appends or tails, and reports through a queue.
"""

from __future__ import annotations

import importlib
import tempfile
import time
from pathlib import Path
from typing import Any

from ..envelope import Pending, StreamWrite
from ..errors import ConcurrencyError
from ..store import Store


def open_store(url: str) -> Store:
    """Open ``url`` the way the CLI does: the first plugin that answers ``resolve_store``."""
    from ..errors import StoreError
    from ..plugin_manager import make_plugin_manager

    pm = make_plugin_manager(load_entrypoints=False, env={})
    store = pm.hook.resolve_store(url=url, home=Path(tempfile.gettempdir()))
    if store is None:
        raise StoreError(f"no plugin opens {url!r}")
    return store


def _open(opener: str, url: str) -> Store:
    module, _, name = opener.partition(":")
    opened: Store = getattr(importlib.import_module(module), name)(url)
    return opened


def batch_sizes(batches: int) -> list[int]:
    """Events per batch for a writer: its own stream gets 1 or 2, the shared stream 1."""
    return [1 + (i % 2) for i in range(batches)]


def writer(opener: str, url: str, worker: int, batches: int, delay: float, queue: Any) -> None:
    """Append ``batches`` small two-stream batches; report every position returned."""
    store = _open(opener, url)
    try:
        time.sleep(delay)
        positions: list[int] = []
        for i, size in enumerate(batch_sizes(batches)):
            own = [
                Pending("test.written", f"{worker}:{i}:{k}".encode(), i, b"{}") for k in range(size)
            ]
            shared = [Pending("test.shared", f"{worker}:{i}".encode(), i, b"{}")]
            writes = [StreamWrite(f"writer/{worker}", own), StreamWrite("shared", shared)]
            positions.extend(_append_retrying(store, writes))
        queue.put(("writer", worker, positions))
    finally:
        store.close()


def _append_retrying(store: Store, writes: list[StreamWrite]) -> list[int]:
    # A clean ConcurrencyError is within the contract; the caller retries.
    for _ in range(100):
        try:
            return store.append_many(writes)
        except ConcurrencyError:
            time.sleep(0.001)
    return store.append_many(writes)


def collect(procs: list[Any], queue: Any, timeout: float) -> list[tuple[str, int, list[int]]]:
    """One report per process; raise as soon as one dies without reporting."""
    import queue as queues

    reports: list[tuple[str, int, list[int]]] = []
    deadline = time.monotonic() + timeout
    while len(reports) < len(procs):
        try:
            reports.append(queue.get(timeout=0.5))
        except queues.Empty:
            dead = [p for p in procs if p.exitcode not in (None, 0)]
            if dead:
                raise AssertionError(
                    f"{len(dead)} worker process(es) failed, exit {dead[0].exitcode}"
                ) from None
            if time.monotonic() > deadline:
                raise AssertionError(f"workers did not finish within {timeout:.0f} s") from None
    return reports


def tail_reader(opener: str, url: str, total: int, patience: float, queue: Any) -> None:
    """Tail the log by position until ``total`` events were seen; report what was seen."""
    store = _open(opener, url)
    try:
        seen: list[int] = []
        last = 0
        deadline = time.monotonic() + patience
        while last < total and time.monotonic() < deadline:
            before = last
            for row in store.read(after=last):
                seen.append(row.position)
                last = row.position
            if last == before:
                time.sleep(0.002)
        queue.put(("reader", 0, seen))
    finally:
        store.close()
