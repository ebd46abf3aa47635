"""SIGKILL a writer at random moments: the log stays whole at the last committed batch.

A child process appends batches to the SQLite store in a loop and reports
each batch once ``append_many`` returned. It is killed with SIGKILL (no
handler, no cleanup) at a random moment, 30 times over, each run appending
to the log the previous runs left. After every kill the file must open and
pass SQLite's own integrity check, ``runnerup events verify`` must pass,
every batch the writer reported must be there at the positions it was told,
and every batch that is there must be whole.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from runnerup.store.sqlite import COMMIT_ROWS

pytestmark = pytest.mark.slow

HERE = Path(__file__).parent
KILLS = 30
SEED = 20261120
MAX_DELAY = 0.3  # seconds after the writer is ready; most kills land inside an append


def run_writer(db: Path, first: int, seed: int, delay: float) -> list[str]:
    """Start a writer, SIGKILL it ``delay`` seconds after it is ready; its output lines."""
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "crash_writer.py"), str(db), str(first), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    ready = proc.stdout.readline()
    if ready != "ready\n":
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"the writer did not start: {ready!r} {err}")
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    # Not communicate(): it reads the raw pipes and would drop whatever the
    # readline() above already buffered (a "begin"/"committed" line).
    assert proc.stderr is not None
    out, err = proc.stdout.read(), proc.stderr.read()  # EOF: the writer is dead
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err
    assert err == "", err
    return out.splitlines()


def check_log(db: Path, after: int) -> tuple[int, dict[int, tuple[int, int]]]:
    """The new head, and ``batch -> (first, last)`` of every batch after ``after``; asserts each is whole."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        cells = conn.execute(
            "SELECT position, data ->> 'batch', data ->> 'index', data ->> 'size' "
            "FROM events WHERE position > ? ORDER BY position",
            (after,),
        ).fetchall()
    conn.close()
    found: dict[int, tuple[int, int]] = {}
    expected_position = after + 1
    i = 0
    while i < len(cells):
        position, number, index, size = cells[i]
        assert position == expected_position, f"gap before position {position}"
        assert index == 0, f"batch {number} starts in the middle (index {index}) at {position}"
        whole = cells[i : i + size]
        assert [c[1:3] for c in whole] == [(number, k) for k in range(size)], (
            f"batch {number} of {size} events is not whole from position {position}"
        )
        found[number] = (position, position + size - 1)
        expected_position += size
        i += size
    return expected_position - 1, found


def test_sigkill_at_random_moments_never_loses_or_half_writes_a_batch(
    run_cli: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    db = run_cli.home / "events.db"
    rng = random.Random(SEED)
    head = 0
    stats: Counter[str] = Counter()
    for run in range(KILLS):
        first = run * 1_000_000
        lines = run_writer(db, first, SEED + run, rng.uniform(0.0, MAX_DELAY))
        reported: dict[int, tuple[int, int]] = {}
        in_flight: tuple[int, int] | None = None
        for line in lines:
            word, label, rest = line.split(" ", 2)
            if word == "begin":
                in_flight = (int(label), int(rest))
            else:
                low, high = rest.split("-")
                reported[int(label)] = (int(low), int(high))
                in_flight = None

        verify = run_cli("events", "verify")
        assert verify.exit_code == 0, verify
        assert verify.stdout.startswith("ok: ")
        head, found = check_log(db, head)

        for number, span in reported.items():
            assert found.get(number) == span, (
                f"run {run}: reported batch {number} {span} is missing"
            )
        unreported = set(found) - set(reported)
        assert unreported <= ({in_flight[0]} if in_flight else set()), unreported
        stats["kills"] += 1
        stats["batches reported committed"] += len(reported)
        if in_flight is not None:
            stats["kills during an append"] += 1
            number, size = in_flight
            if number in found:
                stats["  committed, not yet reported"] += 1
            else:
                stats["  rolled back"] += 1
                if size > COMMIT_ROWS:
                    stats["  rolled back, batch spanning several commit rows"] += 1
    stats["events in the log at the end"] = head
    with capsys.disabled():
        print("\ncrash mid-append:", dict(stats))
    assert stats["kills"] == KILLS
