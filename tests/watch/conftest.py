"""Fixtures for the watcher's tests: sample files, reading the log, a watched folder."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

SAMPLES = Path(__file__).parent / "samples"
NOW = {"RUNNERUP_NOW": "2026-11-20T10:00:00+01:00"}


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def read_log(run_cli: Any) -> Callable[..., list[dict[str, Any]]]:
    """``read_log()`` or ``read_log("inbox.suggested")``: the log as ``events log --json``."""

    def read(*types: str) -> list[dict[str, Any]]:
        args = [a for t in types for a in ("--type", t)]
        result = run_cli("--json", "events", "log", *args)
        assert result.exit_code == 0, result
        return [json.loads(line) for line in result.stdout.splitlines()]

    return read


@pytest.fixture
def tracked(run_cli: Any) -> Any:
    """A home with the two applications the sample files are about."""
    for company, role in (
        ("Northwind Logistics", "Senior Data Engineer"),
        ("Harbourlight", "Staff Engineer"),
    ):
        result = run_cli("apply", company, "--role", role, env=NOW)
        assert result.exit_code == 0, result
    return run_cli


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "drop"
    path.mkdir()
    return path


@pytest.fixture
def drop(folder: Path) -> Callable[..., None]:
    """``drop("a.eml", "b.ics")``: copy sample files into the watched folder."""

    def copy(*names: str) -> None:
        for name in names:
            shutil.copy(SAMPLES / name, folder / name)

    return copy
