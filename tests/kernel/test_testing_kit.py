"""The fixtures plugin authors get from runnerup.testing: one plugin manager for everything."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import click
import pytest
from runnerup import Event, RegistrationError, hookimpl


class Waved(Event, tag="kit.waved"):
    """Someone waved."""

    __stream__ = "kit/{who}"

    who: str


class Wave:
    """A tiny plugin: an event type and a command that records it."""

    @hookimpl
    def register_event_types(self, register: Any) -> None:
        register(Waved)

    @hookimpl
    def register_commands(self, cli: click.Group) -> None:
        @cli.command()
        @click.argument("who")
        def wave(who: str) -> None:
            import runnerup

            runnerup.get_kernel().record([Waved(who=who)])
            runnerup.emit({"waved": who}, text=f"waved at {who}")


class Misspelt:
    @hookimpl
    def register_event_typez(self, register: Any) -> None:
        pass


@pytest.fixture
def wave_gone_afterwards(runnerup_pm: Any) -> Iterator[None]:
    """Set up before ``runnerup_plugin``, so torn down after it: sees what it left behind."""
    yield
    assert runnerup_pm.get_plugin("wave") is None


def test_a_plugin_registered_in_a_test_reaches_run_cli_and_is_removed_after(
    wave_gone_afterwards: None, runnerup_plugin: Any, run_cli: Any, runnerup_pm: Any
) -> None:
    assert run_cli("wave", "dana").exit_code == 2  # not there yet: "No such command"
    assert runnerup_plugin(Wave(), "wave") == "wave"
    assert run_cli("wave", "dana").stdout == "waved at dana\n"
    assert run_cli("--json", "events", "log").stdout.count('"kit.waved"') == 1
    assert runnerup_pm.get_plugin("wave") is not None


def test_an_unnamed_plugin_gets_a_free_test_name(runnerup_plugin: Any) -> None:
    assert runnerup_plugin(Wave()) == "test-plugin-0"
    assert runnerup_plugin(Wave()) == "test-plugin-1"
    with pytest.raises(ValueError, match="'test-plugin-0' is already registered"):
        runnerup_plugin(Wave(), "test-plugin-0")


def test_a_misspelt_hook_is_refused_as_at_start(runnerup_plugin: Any, runnerup_pm: Any) -> None:
    with pytest.raises(
        RegistrationError,
        match=r"plugin 'misspelt': unknown hook 'register_event_typez'.*"
        r"did you mean 'register_event_types'",
    ):
        runnerup_plugin(Misspelt(), "misspelt")
    assert runnerup_pm.get_plugin("misspelt") is None
    assert runnerup_plugin(Wave(), "wave") == "wave"  # the manager is still usable


class TestRunnerupPluginsOverride:
    """Overriding ``runnerup_plugins`` hands a plugin to every fixture at once."""

    @pytest.fixture
    def runnerup_plugins(self) -> dict[str, Any]:
        return {"wave": Wave()}

    def test_kernel_and_cli_see_it(self, runnerup_kernel: Any, run_cli: Any) -> None:
        assert runnerup_kernel.registry.owners["kit.waved"] == "wave"
        runnerup_kernel.record([Waved(who="sam")])
        assert next(runnerup_kernel.read()).data == Waved(who="sam")
        assert run_cli("wave", "sam").exit_code == 0

    def test_run_cli_builds_from_runnerup_pm(self, run_cli: Any, runnerup_pm: Any) -> None:
        assert run_cli.pm_factory() is runnerup_pm


class TestAListOfPlugins:
    @pytest.fixture
    def runnerup_plugins(self) -> list[Any]:
        return [Wave()]

    def test_instances_are_named_in_order(self, runnerup_kernel: Any) -> None:
        assert runnerup_kernel.registry.owners["kit.waved"] == "test-plugin-0"
