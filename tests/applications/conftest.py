"""Fixtures for the applications plugin: an isolated CLI with a pinned clock.

The other job-search plugins are blocked here, so these tests see exactly
what this plugin records (a follow-up plugin would add drafts and reminders
after ``rejected``); tests that need a neighbour register a small fake one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from runnerup.testing import CliResult, CliRunner

NOW = "2026-11-20T10:00:00+01:00"
OTHERS = (
    "followup",
    "drafting",
    "reminders",
    "reflection",
    "plan",
    "analytics",
    "inbox",
    "importers",
    "watch",
    "postgres",
    "tour",
)


class AppCli:
    """``cli("apply", ...)`` plus the helpers every test here wants."""

    def __init__(self, home: Path, plugins: Iterable[tuple[str, Any]], now: str) -> None:
        from runnerup.plugin_manager import make_plugin_manager, register

        extra = list(plugins)

        def pm_factory() -> Any:
            pm = make_plugin_manager(load_entrypoints=False, block=OTHERS, env={})
            for name, plugin in extra:
                register(pm, plugin, name)
            return pm

        self.home = home
        self.now = now
        self._runner = CliRunner(home, pm_factory=pm_factory)

    def __call__(self, *args: str, now: str | None = None) -> CliResult:
        return self._runner(*args, env={"RUNNERUP_NOW": now or self.now})

    def ok(self, *args: str, now: str | None = None) -> str:
        result = self(*args, now=now)
        assert result.exit_code == 0, result
        return result.stdout

    def json(self, *args: str, now: str | None = None) -> Any:
        return json.loads(self.ok("--json", *args, now=now))

    def events(self) -> list[dict[str, Any]]:
        out = self.ok("--json", "events", "log")
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def fails(self, *args: str, now: str | None = None) -> str:
        """Run a command that must be refused: exit 1, one line, log unchanged."""
        before = len(self.events())
        result = self(*args, now=now)
        assert result.exit_code == 1, result
        assert result.stdout == "", result
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), result
        assert len(self.events()) == before
        return lines[0].removeprefix("Error: ")


@pytest.fixture
def make_cli(run_cli: CliRunner) -> Callable[..., AppCli]:
    """An :class:`AppCli` on ``run_cli``'s temporary home, with extra plugins."""

    def make(*plugins: tuple[str, Any], now: str = NOW) -> AppCli:
        return AppCli(run_cli.home, plugins, now)

    return make


@pytest.fixture
def cli(make_cli: Callable[..., AppCli]) -> AppCli:
    return make_cli()
