"""pytest fixtures for runnerup and plugin authors (loaded via ``pytest11``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .harness import CliRunner, make_test_kernel


@pytest.fixture
def runnerup_pm() -> Any:
    """A plugin manager with the built-ins only: no installed entry points."""
    from ..plugin_manager import make_plugin_manager

    return make_plugin_manager(load_entrypoints=False, env={})


@pytest.fixture
def runnerup_kernel(runnerup_pm: Any, tmp_path: Path) -> Iterator[Any]:
    """A kernel on the in-memory store."""
    kernel = make_test_kernel(pm=runnerup_pm, home=tmp_path)
    yield kernel
    kernel.close()


@pytest.fixture
def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Run ``runnerup`` in-process against a temporary home (``run_cli("board")``)."""
    monkeypatch.delenv("RUNNERUP_STORE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return CliRunner(tmp_path / "home")


@pytest.fixture
def runnerup_logs() -> Iterator[list[Any]]:
    """Every structlog event logged during the test, as dicts."""
    import structlog

    from .. import logging as rlogging

    with structlog.testing.capture_logs() as captured:
        rlogging._state["configured"] = True  # keep get_logger from reconfiguring
        yield captured
    rlogging._state["configured"] = False
