"""Fixtures for the analytics tests: an isolated kernel and CLI.

The other built-in plugins react to events (a rejection drafts notes and
schedules reminders); the rule tests here want exactly the events they
record, so they run with the analytics plugin alone and register the event
schemas themselves. Tests that want the whole product use ``run_cli``.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from runnerup import Event, NewEvent, hookimpl
from runnerup.plugin_manager import DEFAULT_PLUGINS, make_plugin_manager
from runnerup.testing import CliRunner
from runnerup.testing.harness import make_test_kernel

KEEP = {"store", "events_commands", "admin_commands", "analytics"}
SCHEMAS = ("application", "reminder", "draft", "plan", "reflection")
CET = timezone(timedelta(hours=1))


class EventTypes:
    """Registers every event class of the job-search schema modules."""

    @hookimpl
    def register_event_types(self, register: Callable[[type[Event]], None]) -> None:
        for name in SCHEMAS:
            module = importlib.import_module(f"runnerup.events.{name}")
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if (
                    issubclass(cls, Event)
                    and cls is not Event
                    and cls.__module__ == module.__name__
                ):
                    register(cls)


def analytics_only_pm() -> Any:
    blocked = [m.rsplit(".", 1)[-1] for m in DEFAULT_PLUGINS]
    pm = make_plugin_manager(
        load_entrypoints=False, env={}, block=[b for b in blocked if b not in KEEP]
    )
    pm.register(EventTypes(), name="test-event-types")
    return pm


def at(day: str, hour: int = 10) -> datetime:
    """A moment on ``day`` (YYYY-MM-DD) in UTC+1."""
    d = date.fromisoformat(day)
    return datetime(d.year, d.month, d.day, hour, tzinfo=CET)


class Recorder:
    """Records events at given days on an isolated in-memory kernel."""

    def __init__(self, kernel: Any) -> None:
        self.kernel = kernel

    def __call__(self, day: str, *events: Event, hour: int = 10) -> list[int]:
        when = at(day, hour)
        return self.kernel.record([NewEvent(data=e, occurred_at=when) for e in events])

    def stats(self, day: str, hour: int = 18, **kwargs: Any) -> dict[str, Any]:
        from runnerup.plugins.analytics.stats import compute

        state = self.kernel.view("analytics")
        return compute(state, at(day, hour), self.kernel.store.head(), **kwargs)


@pytest.fixture
def rec(tmp_path: Path) -> Iterator[Recorder]:
    kernel = make_test_kernel(pm=analytics_only_pm(), home=tmp_path)
    yield Recorder(kernel)
    kernel.close()


@pytest.fixture
def new_rec(tmp_path: Path) -> Iterator[Callable[[], Recorder]]:
    """Make a recorder on a fresh kernel later (after the test changed TZ, say)."""
    made: list[Recorder] = []

    def make() -> Recorder:
        made.append(Recorder(make_test_kernel(pm=analytics_only_pm(), home=tmp_path)))
        return made[-1]

    yield make
    for recorder in made:
        recorder.kernel.close()


@pytest.fixture
def analytics_pm() -> Callable[[], Any]:
    """A factory of plugin managers with the analytics plugin alone."""
    return analytics_only_pm


@pytest.fixture
def iso_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """``runnerup`` with the analytics plugin alone, on a SQLite home."""
    monkeypatch.delenv("RUNNERUP_STORE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return CliRunner(tmp_path / "home", pm_factory=analytics_only_pm)
