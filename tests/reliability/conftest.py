"""Fixtures for the reliability tests: real ``runnerup`` processes on a throwaway home.

The helper scripts next to this file (``crash_writer.py``, ``burst_cli.py``,
``killswitch.py``) are run as child processes; they are not test modules.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The home of the child processes (created by the first of them)."""
    return tmp_path / "home"


@pytest.fixture
def child_env(home: Path) -> dict[str, str]:
    """The environment of a child ``runnerup``: this home, no stray RUNNERUP_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RUNNERUP_", "WATCHFILES_"))}
    env.update({"RUNNERUP_HOME": str(home), "XDG_CACHE_HOME": str(home.parent / "cache")})
    return env


@pytest.fixture
def runnerup(child_env: dict[str, str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``runnerup("events", "verify")``: the installed command line in a child process."""

    def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "runnerup", *args],
            capture_output=True,
            text=True,
            env=child_env,
            timeout=timeout,
        )

    return run
