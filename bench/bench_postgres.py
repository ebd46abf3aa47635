"""PostgreSQL beside SQLite: append and replay rates for the same generated events.

    .venv/bin/python bench/bench_postgres.py [--events 100000] [--pg-url URL]

Without --pg-url (or RUNNERUP_BENCH_PG_URL) a throwaway local server is
started with tests/pg_server.py, durable (fsync on) like the SQLite store's
synchronous=FULL. Prints one small table; a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
from runnerup.store import Pending, StreamWrite
from runnerup.store.sqlite import SQLiteStore

BATCH = 1000
SINGLES = 2000


def generate(total: int) -> list[StreamWrite]:
    encode = msgspec.json.Encoder().encode
    meta = b'{"actor":"bench"}'
    writes = []
    for start in range(0, total, BATCH):
        events = [
            Pending(
                "application.noted",
                encode({"application": f"app-{i % 500}", "n": i}),
                1_700_000_000_000_000 + i,
                meta,
            )
            for i in range(start, min(start + BATCH, total))
        ]
        writes.append(StreamWrite(f"application/app-{start // BATCH}", events))
    return writes


def rate(count: int, action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return count / (time.perf_counter() - started)


def measure(open_store: Callable[[], Any], writes: list[StreamWrite]) -> dict[str, float]:
    total = sum(len(w.events) for w in writes)
    store = open_store()
    try:
        bulk = rate(total, lambda: [store.append_many([w]) for w in writes])
        decode = msgspec.json.Decoder().decode

        def replay() -> None:
            for row in store.read():
                decode(row.data)

        # PostgreSQL's first scan after a bulk load also sets hint bits (a
        # one-off write); later scans show the steady state.
        first = rate(total, replay)
        replayed = rate(total, replay)

        def chunks() -> None:
            # the kernel's replay loop: cells without a row object each
            for cells in store.read_chunks():
                for cell in cells:
                    decode(cell[9])

        chunked = rate(total, chunks)
        verified = rate(total, lambda: store.verify())
    finally:
        store.close()
    singles = open_store()
    try:
        one = writes[0].events[:1]
        single = rate(SINGLES, lambda: [singles.append("single", one) for _ in range(SINGLES)])
    finally:
        singles.close()
    return {
        "bulk": bulk,
        "single": single,
        "first": first,
        "replay": replayed,
        "chunks": chunked,
        "verify": verified,
    }


def pg_server() -> tuple[str, Any]:
    url = os.environ.get("RUNNERUP_BENCH_PG_URL")
    if url:
        return url, None
    path = Path(__file__).resolve().parent.parent / "tests" / "pg_server.py"
    spec = importlib.util.spec_from_file_location("_bench_pg_server", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    server = module.TempPostgres(durable=True, database="runnerup_bench")
    try:
        return server.start(), server
    except module.PgUnavailable as exc:
        sys.exit(f"no PostgreSQL server: {exc}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--pg-url", default=None)
    args = parser.parse_args()
    writes = generate(args.events)
    folder = Path(tempfile.mkdtemp(prefix="runnerup-bench-"))
    url, server = (args.pg_url, None) if args.pg_url else pg_server()
    try:
        from runnerup.plugins.postgres.store import PostgresStore

        sep = "&" if "?" in url else "?"
        results = {
            "sqlite": measure(
                lambda: SQLiteStore(f"sqlite:///{folder}/{uuid.uuid4().hex}.db"), writes
            ),
            "postgresql": measure(
                lambda: PostgresStore(f"{url}{sep}seeker=bench-{uuid.uuid4().hex[:8]}"), writes
            ),
        }
    finally:
        if server is not None:
            server.stop()
    print(f"{args.events} events, {BATCH} per append; single appends: {SINGLES} one-event batches")
    columns = [("bulk", "append/s"), ("single", "1-ev appends/s"), ("first", "1st replay/s"),
               ("replay", "replay/s"), ("chunks", "chunks/s"), ("verify", "verify/s")]  # fmt: skip
    print(f"{'backend':<12}" + "".join(f"{title:>15}" for _, title in columns))
    for name, r in results.items():
        print(f"{name:<12}" + "".join(f"{r[key]:>15,.0f}" for key, _ in columns))


if __name__ == "__main__":
    main()
