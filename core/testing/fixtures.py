"""pytest fixtures for runnerup and plugin authors (loaded via ``pytest11``).

One plugin manager per test (``runnerup_pm``) is shared by the kernel
fixture and the CLI runner, so a plugin registered for the test is seen by
both. Installed entry points are never loaded: a test sees the built-ins and
exactly the plugins it asks for, whatever else is installed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from .harness import CliRunner, make_test_kernel


@pytest.fixture
def runnerup_plugins() -> Mapping[str, Any] | Iterable[Any]:
    """Plugins to register on ``runnerup_pm`` before anything is built: none.

    Override it in your ``conftest.py`` (or test module) to test your plugin
    with every fixture: return ``{"name": plugin}`` (the name your entry
    point uses) or a list of plugin objects (named after their module).
    """
    return ()


@pytest.fixture
def runnerup_pm(runnerup_plugins: Mapping[str, Any] | Iterable[Any]) -> Any:
    """A plugin manager with the built-ins and ``runnerup_plugins``; no installed entry points.

    A misspelt hook or a bad hook signature in those plugins fails the test
    with the same message a user would see at start.
    """
    from ..plugin_manager import check, make_plugin_manager, register

    pm = make_plugin_manager(load_entrypoints=False, env={})
    for name, plugin in _named(runnerup_plugins):
        register(pm, plugin, name)
    check(pm)
    return pm


@pytest.fixture
def runnerup_plugin(runnerup_pm: Any) -> Iterator[Callable[..., str]]:
    """Register a plugin for this test only: ``runnerup_plugin(obj, name=None) -> name``.

    The plugin is checked like an installed one (unknown hook names, bad
    signatures raise :class:`runnerup.RegistrationError`) and unregistered
    when the test ends. ``run_cli`` sees it from its next call; a kernel
    built before the call (``runnerup_kernel``) does not: override
    ``runnerup_plugins`` or use ``make_test_kernel([obj])`` for that.
    """
    from ..plugin_manager import check, register

    added: list[str] = []

    def add(plugin: Any, name: str | None = None) -> str:
        name = name or _module_name(plugin) or _free_name(runnerup_pm)
        if runnerup_pm.get_plugin(name) is not None:
            raise ValueError(f"a plugin named {name!r} is already registered")
        register(runnerup_pm, plugin, name)
        added.append(name)
        try:
            check(runnerup_pm)
        except Exception:
            runnerup_pm.unregister(name=name)
            added.remove(name)
            raise
        return name

    yield add
    for name in reversed(added):
        if runnerup_pm.get_plugin(name) is not None:
            runnerup_pm.unregister(name=name)


@pytest.fixture
def runnerup_kernel(runnerup_pm: Any, tmp_path: Path) -> Iterator[Any]:
    """A kernel on the in-memory store."""
    kernel = make_test_kernel(pm=runnerup_pm, home=tmp_path)
    yield kernel
    kernel.close()


@pytest.fixture
def run_cli(runnerup_pm: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Run ``runnerup`` in-process against a temporary home (``run_cli("board")``).

    Every call builds the command line from ``runnerup_pm``, so plugins
    registered through ``runnerup_plugins`` or ``runnerup_plugin`` are there.
    """
    monkeypatch.delenv("RUNNERUP_STORE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return CliRunner(tmp_path / "home", pm_factory=lambda: runnerup_pm)


@pytest.fixture
def runnerup_logs() -> Iterator[list[Any]]:
    """Every structlog event logged during the test, as dicts."""
    import structlog

    from .. import logging as rlogging

    level = rlogging._state["level"]
    with structlog.testing.capture_logs() as captured:
        rlogging._state["configured"] = True  # keep get_logger from reconfiguring
        rlogging._state["level"] = rlogging.DEBUG  # every level: none is dropped early
        yield captured
    rlogging._state["configured"] = False
    rlogging._state["level"] = level


def _named(plugins: Mapping[str, Any] | Iterable[Any]) -> list[tuple[str, Any]]:
    if isinstance(plugins, Mapping):
        return [(str(name), plugin) for name, plugin in plugins.items()]
    return [(_module_name(p) or f"test-plugin-{i}", p) for i, p in enumerate(plugins)]


def _module_name(plugin: Any) -> str | None:
    name = getattr(plugin, "__name__", None)  # a module or a class has one; an instance does not
    return name if isinstance(name, str) else None


def _free_name(pm: Any) -> str:
    n = 0
    while pm.get_plugin(f"test-plugin-{n}") is not None:
        n += 1
    return f"test-plugin-{n}"
