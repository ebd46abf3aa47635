"""A 100,000-event home for whole-process timings, and the timer."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

from kernel_bench import _writes
from runnerup.store.sqlite import SQLiteStore
from workload import generate


def build_home(n: int) -> Path:
    home = Path(tempfile.mkdtemp(prefix="runnerup-bench-home-"))
    store = SQLiteStore(f"sqlite:///{home / 'events.db'}")
    store.append_many(_writes(list(generate(n))))
    store.close()
    env = {**os.environ, "RUNNERUP_HOME": str(home)}
    # Mark the history as already reacted to, as an import would leave it.
    subprocess.run(["python", "-m", "runnerup", "events", "replay"], env=env, capture_output=True)
    return home


def time_command(cmd: list[str], home: Path, runs: int) -> list[float]:
    env = {**os.environ, "RUNNERUP_HOME": str(home)}
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=False)
        values.append(time.perf_counter() - start)
    return values
