"""The disk fills up in the middle of a big append: a clean error, and the log as it was.

A real write failure, injected without root: the child's file-size limit
(``RLIMIT_FSIZE``, with ``SIGXFSZ`` ignored) makes every write past a few
kilobytes more than the database already holds fail with ``EFBIG``, as
writes on a full disk fail with ``ENOSPC``. A 5,000-event import then fails
half-way through its transaction. The user gets one line of error, no
traceback; the log verifies at its old head with none of the batch in it;
once there is room again the same import succeeds.
"""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

BATCH = 5000


def test_a_full_disk_mid_import_is_one_line_and_writes_nothing(
    home: Path, tmp_path: Path, runnerup: Any, child_env: dict[str, str]
) -> None:
    for i in range(3):
        done = runnerup("events", "append", "outreach.sent", f"company=Before{i}", "on=2026-11-18")
        assert done.returncode == 0, done.stderr
    batch = tmp_path / "big.jsonl"
    batch.write_text(
        "".join(
            json.dumps(
                {"type": "outreach.sent", "data": {"company": f"Big {i} " * 8, "on": "2026-11-18"}}
            )
            + "\n"
            for i in range(BATCH)
        )
    )
    room = max(p.stat().st_size for p in home.iterdir() if p.is_file()) + 64 * 1024

    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))

    failed = subprocess.run(
        [sys.executable, "-m", "runnerup", "events", "import", str(batch)],
        capture_output=True,
        text=True,
        env=child_env,
        preexec_fn=full_disk,
        timeout=120,
    )
    assert failed.returncode == 1, failed.stderr
    lines = failed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot write to "), failed.stderr
    assert "is the disk full?" in lines[0] and "nothing was written" in lines[0]

    verify = runnerup("events", "verify")
    assert verify.returncode == 0 and verify.stdout.startswith("ok: 3 events"), verify

    again = runnerup("events", "import", str(batch))
    assert again.returncode == 0, again.stderr
    assert runnerup("events", "verify").stdout.startswith(f"ok: {3 + BATCH} events")
