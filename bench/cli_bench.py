"""A 100,000-event home for whole-process timings, and the timer."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kernel_bench import _writes
from runnerup.store import Checkpoint
from runnerup.store.sqlite import SQLiteStore
from workload import generate


def build_home(n: int) -> Path:
    """A home holding ``n`` generated events, as an import leaves it.

    The history is marked as already reacted to (an import of old events
    would have run its reactions then), and one ``events replay`` writes
    every projection's checkpoint, so the timed commands see a current home.
    """
    home = Path(tempfile.mkdtemp(prefix="runnerup-bench-home-"))
    store = SQLiteStore(f"sqlite:///{home / 'events.db'}")
    store.append_many(_writes(list(generate(n))))
    head = store.head()[0]
    for name in ("kernel.reactors", "kernel.effects"):
        store.save_checkpoint(Checkpoint(name, 1, head, b""))
    store.close()
    env = {**os.environ, "RUNNERUP_HOME": str(home)}
    subprocess.run(
        [sys.executable, "-m", "runnerup", "events", "replay"],
        env=env,
        capture_output=True,
        check=True,
    )
    return home


def time_command(cmd: list[str], home: Path, runs: int) -> list[float]:
    env = {**os.environ, "RUNNERUP_HOME": str(home)}
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=False)
        values.append(time.perf_counter() - start)
    return values
