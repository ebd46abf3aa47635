"""A writer to be killed: appends batches to a SQLite store until SIGKILL arrives.

Usage: ``python crash_writer.py DB_PATH FIRST_BATCH SEED``. Prints ``ready``
once the store is open, ``begin <batch> <size>`` before each append and
``committed <batch> <first>-<last>`` after it returns, flushing each line,
so the parent knows exactly which batches the writer saw committed. Batch
sizes are drawn to straddle ``COMMIT_ROWS``, so many batches span several
commit rows inside one transaction: a kill there must leave none of them.
"""

from __future__ import annotations

import json
import random
import sys

from runnerup.envelope import Pending, StreamWrite
from runnerup.store.sqlite import COMMIT_ROWS, SQLiteStore

SIZES = (1, 2, 7, 50, COMMIT_ROWS, COMMIT_ROWS + 1, 2 * COMMIT_ROWS + 1)


def batch(number: int, size: int, rng: random.Random) -> list[StreamWrite]:
    """``size`` events over one or two streams, each saying which batch it belongs to."""
    pad = "x" * rng.randrange(0, 100)
    events = [
        Pending(
            "crash.appended",
            json.dumps({"batch": number, "index": i, "size": size, "pad": pad}).encode(),
            number,
            b"{}",
        )
        for i in range(size)
    ]
    half = size // 2
    if half == 0:
        return [StreamWrite(f"crash/{number % 5}", events)]
    return [
        StreamWrite(f"crash/{number % 5}", events[:half]),
        StreamWrite("crash/shared", events[half:]),
    ]


def main() -> None:
    path, first, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    store = SQLiteStore(f"sqlite:///{path}")
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    number = first
    while True:
        size = rng.choice(SIZES)
        out.write(f"begin {number} {size}\n")
        out.flush()
        positions = store.append_many(batch(number, size, rng))
        out.write(f"committed {number} {positions[0]}-{positions[-1]}\n")
        out.flush()
        number += 1


if __name__ == "__main__":
    main()
