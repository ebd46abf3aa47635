"""Several processes write to one home at once: nothing lost, nothing doubled, no lock errors.

Four writers share the home at the same time: a loop of ``runnerup events
append`` processes, a loop of ``runnerup outreach`` processes, a process that
runs ``events append`` 150 times back to back (it keeps the write lock busy),
and a ``runnerup watch`` process importing files dropped meanwhile. Every
command must succeed, no "database is locked" (or any traceback) may reach a
user, every letter must be in the log exactly once, positions must run
1, 2, 3, … without a gap, and the hash chain must verify.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

HERE = Path(__file__).parent
LOOP = 10  # processes per CLI loop
BURST = 150  # commands in the back-to-back process
DROPS = 6  # files for the watcher, 3 events each
WAIT = 60.0


def _pump(stream: Any, into: list[str]) -> None:
    for line in stream:
        into.append(line.rstrip("\n"))


def _wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"still waiting after {WAIT:.0f} s: {what}")


def _letter(company: str) -> str:
    return json.dumps({"type": "outreach.sent", "data": {"company": company, "on": "2026-11-18"}})


def test_cli_loops_a_burst_writer_and_the_watcher_at_once(
    tmp_path: Path,
    runnerup: Any,
    child_env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert runnerup("init").returncode == 0
    drop = tmp_path / "drop"
    drop.mkdir()
    env = child_env
    watcher = subprocess.Popen(
        [sys.executable, "-m", "runnerup", "watch", str(drop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    out: list[str] = []
    err: list[str] = []
    for stream, into in ((watcher.stdout, out), (watcher.stderr, err)):
        threading.Thread(target=_pump, args=(stream, into), daemon=True).start()
    try:
        _wait_until(lambda: any(line.startswith("watching ") for line in err), f"{err}")

        def append_loop() -> list[subprocess.CompletedProcess[str]]:
            return [
                runnerup("events", "append", "outreach.sent", f"company=A{i:03d}", "on=2026-11-18")
                for i in range(LOOP)
            ]

        def outreach_loop() -> list[subprocess.CompletedProcess[str]]:
            return [runnerup("outreach", f"B{i:03d}") for i in range(LOOP)]

        def burst() -> list[subprocess.CompletedProcess[str]]:
            return [
                subprocess.run(
                    [sys.executable, str(HERE / "burst_cli.py"), "C", str(BURST)],
                    capture_output=True,
                    text=True,
                    env=env,
                    timeout=300,
                )
            ]

        def drops() -> list[subprocess.CompletedProcess[str]]:
            for i in range(DROPS):
                staged = tmp_path / f"staged-{i}"
                staged.write_text("".join(_letter(f"D{i}-{k}") + "\n" for k in range(3)))
                staged.rename(drop / f"batch-{i}.jsonl")
                time.sleep(0.5)
            return []

        with ThreadPoolExecutor(max_workers=4) as pool:
            jobs = [pool.submit(f) for f in (append_loop, outreach_loop, burst, drops)]
            results = [r for job in jobs for r in job.result()]

        for r in results:
            assert r.returncode == 0, r.stderr
            assert "locked" not in r.stderr and "Traceback" not in r.stderr, r.stderr
        exits = [line for line in results[-1].stdout.splitlines() if line.startswith("exit ")]
        assert exits == ["exit 0"] * BURST

        expected = sorted(
            [f"A{i:03d}" for i in range(LOOP)]
            + [f"B{i:03d}" for i in range(LOOP)]
            + [f"C{i:03d}" for i in range(BURST)]
            + [f"D{i}-{k}" for i in range(DROPS) for k in range(3)]
        )

        def companies() -> list[str]:
            log = runnerup("--json", "events", "log", "--type", "outreach.sent")
            assert log.returncode == 0, log.stderr
            return sorted(json.loads(line)["data"]["company"] for line in log.stdout.splitlines())

        _wait_until(lambda: companies() == expected, f"{len(companies())} of {len(expected)}")
        _wait_until(lambda: len(out) == DROPS, f"{out}")
        assert sorted(out) == [f"batch-{i}.jsonl → 3 events imported" for i in range(DROPS)]
    finally:
        watcher.send_signal(signal.SIGINT)
        try:
            code = watcher.wait(timeout=WAIT)
        finally:
            if watcher.poll() is None:
                watcher.kill()
    assert code == 0, "\n".join(err)
    assert not any("locked" in line or "Traceback" in line for line in err), err

    log = runnerup("--json", "events", "log")
    positions = [json.loads(line)["position"] for line in log.stdout.splitlines()]
    assert positions == list(range(1, len(positions) + 1))
    verify = runnerup("events", "verify")
    assert verify.returncode == 0 and verify.stdout.startswith("ok: "), verify
    with capsys.disabled():
        print(
            f"\nconcurrent writers: {2 * LOOP + 1} CLI processes, {2 * LOOP + BURST} commands, "
            f"{DROPS} watched files, {len(positions)} events, gapless"
        )
