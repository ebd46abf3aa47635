"""The watcher reads a file only once two stat() calls agree, and never beyond the folder."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from runnerup.plugins.watch.loop import Report, Watcher
from runnerup.plugins.watch.rules import collect_rules

SETTLE = 0.05
LINE = '{"type": "outreach.sent", "data": {"company": "Acme", "on": "2026-11-18"}}\n'


def _watcher(kernel: Any, folder: Path, reports: list[Report], max_bytes: int = 10_000) -> Watcher:
    return Watcher(
        kernel,
        folder,
        collect_rules(kernel),
        max_bytes=max_bytes,
        settle=SETTLE,
        report=reports.append,
    )


def test_a_growing_file_is_read_only_once_it_stops_changing(
    runnerup_kernel: Any, tmp_path: Path
) -> None:
    reports: list[Report] = []
    watcher = _watcher(runnerup_kernel, tmp_path, reports)
    path = tmp_path / "batch.jsonl"
    path.write_text(LINE[:30])  # half a line: reading it now would refuse the file
    watcher.consider(path.name)
    assert watcher.step() is not None
    assert reports == []
    time.sleep(SETTLE * 2)
    with path.open("a") as fh:
        fh.write(LINE[30:])
    assert watcher.step() is not None  # changed since the last stat: wait again
    assert reports == []
    time.sleep(SETTLE * 2)
    assert watcher.step() is None
    assert [(r.name, r.status, r.summary) for r in reports] == [
        ("batch.jsonl", "processed", "1 event imported")
    ]
    assert len(list(runnerup_kernel.read(types=["outreach.sent"]))) == 1
    watcher.consider(path.name)  # a notification for a file already handled
    assert watcher.pending == {}


def test_a_file_over_the_cap_is_never_opened(runnerup_kernel: Any, tmp_path: Path) -> None:
    reports: list[Report] = []
    watcher = _watcher(runnerup_kernel, tmp_path, reports, max_bytes=100)
    (tmp_path / "big.jsonl").write_text(LINE * 3)
    watcher.scan()
    watcher.drain()
    assert [r.summary for r in reports] == [
        f"quarantined: {len(LINE) * 3} bytes, over the 100 byte limit ([watch] max_bytes)"
    ]
    assert (tmp_path / ".runnerup-quarantine" / "big.jsonl").exists()
    (event,) = runnerup_kernel.read(types=["file.quarantined"])
    assert event.data.sha256 is None  # refused by its size, never read


def test_a_planted_quarantine_symlink_is_not_followed(runnerup_kernel: Any, tmp_path: Path) -> None:
    folder, outside = tmp_path / "drop", tmp_path / "elsewhere"
    folder.mkdir()
    outside.mkdir()
    (folder / ".runnerup-quarantine").symlink_to(outside)
    (folder / "bad.jsonl").write_text("not json\n")
    reports: list[Report] = []
    watcher = _watcher(runnerup_kernel, folder, reports)
    watcher.scan()
    watcher.drain()
    assert os.listdir(outside) == []
    assert (folder / "bad.jsonl").exists()
    assert [r.status for r in reports] == ["refused"]


def test_stop_finishes_the_file_in_hand_and_leaves_the_rest(
    runnerup_kernel: Any, tmp_path: Path
) -> None:
    reports: list[Report] = []
    watcher = _watcher(runnerup_kernel, tmp_path, reports)

    def report_and_stop(item: Report) -> None:
        reports.append(item)
        watcher.stop.set()

    watcher.report = report_and_stop
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text(LINE.replace("Acme", name))
    watcher.scan()
    watcher.drain()
    assert [r.name for r in reports] == ["a.jsonl"]
