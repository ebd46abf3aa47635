"""A real ``runnerup watch`` process: files dropped while it runs, concurrent writers, Ctrl-C.

These start the watcher as a subprocess (``python -m runnerup watch``) and
poll the log until the events appear; the 15 s limits are how long to wait
for something that should happen, not a measure of speed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

WAIT = 15.0
MODES = {
    "notify": {},
    "polling": {"WATCHFILES_FORCE_POLLING": "1"},
}


class Watcher:
    """A running ``runnerup watch`` subprocess whose output is collected as it comes."""

    def __init__(self, home: Path, folder: Path, extra_env: dict[str, str]) -> None:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("RUNNERUP_", "WATCHFILES_"))
        }
        env.update({"RUNNERUP_HOME": str(home), "XDG_CACHE_HOME": str(home.parent / "cache")})
        env.update(extra_env)
        self.env = env
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "runnerup", "watch", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        for stream, into in ((self.proc.stdout, self.stdout), (self.proc.stderr, self.stderr)):
            threading.Thread(target=_pump, args=(stream, into), daemon=True).start()
        wait_until(lambda: any(line.startswith("watching ") for line in self.stderr), self.describe)

    def describe(self) -> str:
        return f"stdout={self.stdout!r}\nstderr={''.join(self.stderr)[-3000:]}"

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=WAIT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def _pump(stream: Any, into: list[str]) -> None:
    for line in stream:
        into.append(line.rstrip("\n"))


def wait_until(condition: Callable[[], bool], describe: Callable[[], str] = str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"still waiting after {WAIT:.0f} s: {describe()}")


@pytest.fixture
def home(run_cli: Any) -> Path:
    assert run_cli("init").exit_code == 0
    return Path(run_cli.home)


def _running(home: Path, folder: Path, mode: str) -> Iterator[Watcher]:
    running = Watcher(home, folder, MODES[mode])
    yield running
    if running.proc.poll() is None:
        running.proc.kill()
        running.proc.wait()


@pytest.fixture(params=sorted(MODES))
def watcher(request: pytest.FixtureRequest, home: Path, folder: Path) -> Iterator[Watcher]:
    """A watcher with native notifications, and one with WATCHFILES_FORCE_POLLING=1."""
    yield from _running(home, folder, request.param)


@pytest.fixture
def notify_watcher(home: Path, folder: Path) -> Iterator[Watcher]:
    yield from _running(home, folder, "notify")


def log(run_cli: Any, *types: str) -> list[dict[str, Any]]:
    args = [a for t in types for a in ("--type", t)]
    result = run_cli("--json", "events", "log", *args)
    assert result.exit_code == 0, result
    return [json.loads(line) for line in result.stdout.splitlines()]


def outreach_line(company: str) -> str:
    return json.dumps({"type": "outreach.sent", "data": {"company": company, "on": "2026-11-18"}})


def test_dropped_files_become_events_and_ctrl_c_exits_cleanly(
    watcher: Watcher, folder: Path, tmp_path: Path, run_cli: Any
) -> None:
    # an atomic drop: written elsewhere, renamed in (what browsers and mail clients do)
    staged = tmp_path / "staged.tmp"
    staged.write_text(outreach_line("Renamed In") + "\n")
    os.rename(staged, folder / "renamed.jsonl")
    # a slow writer: the first chunk ends mid-line, so reading it early would fail
    text = outreach_line("Slow Writer") + "\n" + outreach_line("Slow Writer Two") + "\n"
    with open(folder / "slow.jsonl", "w") as fh:
        fh.write(text[:50])
        fh.flush()
        time.sleep(0.05)
        fh.write(text[50:])

    def companies() -> list[str]:
        return sorted(e["data"]["company"] for e in log(run_cli, "outreach.sent"))

    wait_until(
        lambda: companies() == ["Renamed In", "Slow Writer", "Slow Writer Two"], watcher.describe
    )
    wait_until(lambda: len(watcher.stdout) == 2, watcher.describe)
    assert sorted(watcher.stdout) == [
        "renamed.jsonl → 1 event imported",
        "slow.jsonl → 2 events imported",
    ]
    assert watcher.stop() == 0
    assert not (folder / ".runnerup-quarantine").exists()
    assert [e["meta"]["actor"] for e in log(run_cli, "outreach.sent")] == ["watch"] * 3


def test_an_editors_atomic_save_is_read_once_per_content(
    watcher: Watcher, folder: Path, tmp_path: Path, run_cli: Any
) -> None:
    target = folder / "journal.md"
    for n, text in enumerate(
        ["---\nkind: journal\n---\nFirst thought.\n", "---\nkind: journal\n---\nSecond thought.\n"]
    ):
        # delete + add, as editors that save through a temporary file do
        temp = folder / f".journal.md.swp{n}"
        temp.write_text(text)
        if target.exists():
            target.unlink()
        os.rename(temp, target)
        wait_until(lambda n=n: len(log(run_cli, "note.added")) == n + 1, watcher.describe)
    notes = [e["data"]["text"] for e in log(run_cli, "note.added")]
    assert notes == ["First thought.", "Second thought."]
    assert watcher.stop() == 0


def test_watcher_and_cli_writers_at_once_lose_and_duplicate_nothing(
    notify_watcher: Watcher, folder: Path, run_cli: Any
) -> None:
    watcher = notify_watcher
    env = watcher.env

    def cli(i: int) -> subprocess.CompletedProcess[str]:
        if i % 2:
            args = ["outreach", f"Company {i:02d}"]
        else:
            args = [
                "events",
                "append",
                "outreach.sent",
                f"company=Company {i:02d}",
                "on=2026-11-18",
            ]
        return subprocess.run(
            [sys.executable, "-m", "runnerup", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    def drops() -> None:
        for i in range(5):
            (folder / f"batch-{i}.jsonl").write_text(outreach_line(f"Dropped {i}") + "\n")
            time.sleep(0.2)

    dropper = threading.Thread(target=drops)
    dropper.start()
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(cli, range(30)))
    dropper.join()
    assert [r.returncode for r in results] == [0] * 30, [r.stderr for r in results if r.returncode]

    def companies() -> list[str]:
        return sorted(e["data"]["company"] for e in log(run_cli, "outreach.sent"))

    expected = sorted([f"Company {i:02d}" for i in range(30)] + [f"Dropped {i}" for i in range(5)])
    wait_until(lambda: companies() == expected, watcher.describe)
    assert watcher.stop() == 0
    positions = [e["position"] for e in log(run_cli)]
    assert positions == list(range(1, len(positions) + 1))
    verify = run_cli("events", "verify")
    assert verify.exit_code == 0, verify
    assert verify.stdout.startswith("ok: ")
