"""Fixtures for the reliability tests: real ``runnerup`` processes on a throwaway home.

The helper scripts next to this file (``crash_writer.py``, ``killswitch.py``)
are run as child processes; they are not test modules.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
NOW = "2026-11-20T10:00:00+01:00"


def child_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a child ``runnerup``: this home, no stray RUNNERUP_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RUNNERUP_", "WATCHFILES_"))}
    env.update({"RUNNERUP_HOME": str(home), "XDG_CACHE_HOME": str(home.parent / "cache")})
    env.update(extra)
    return env


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The home of the child processes (created by the first of them)."""
    return tmp_path / "home"


@pytest.fixture
def runnerup(home: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``runnerup("events", "verify")``: the installed CLI in a child process."""

    def run(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "runnerup", *args],
            capture_output=True,
            text=True,
            env=child_env(home, **env),
            timeout=timeout,
        )

    return run


def read_rows(db: Path) -> list[dict[str, Any]]:
    """Every event in the file, through the store's own ``events`` view."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT position, stream, type, data, meta FROM events ORDER BY position"
        ).fetchall()
    conn.close()
    return [
        {"position": p, "stream": s, "type": t, "data": json.loads(d), "meta": json.loads(m)}
        for p, s, t, d, m in rows
    ]


@pytest.fixture
def rows() -> Callable[[Path], list[dict[str, Any]]]:
    return read_rows
