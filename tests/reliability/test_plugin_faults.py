"""A reactor that raises, hangs or returns garbage: the others still run, and it is named.

Reactors run on a worker thread with a time limit (``[plugins]
reactor_timeout_seconds``, 0.5 s here). A call that overruns is abandoned:
its output for that event is never recorded, even when it returns later,
and the next reactors and events go on. Python cannot kill a thread, so the
abandoned call keeps its thread until it returns; here it is released at
the end of each test.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from runnerup import Event, NewEvent, hookimpl
from runnerup.plugin_manager import make_plugin_manager, register
from runnerup.testing import CliRunner, make_test_kernel

LIMIT = {"plugins": {"reactor_timeout_seconds": 0.5}}


class Clicked(Event, tag="fault.clicked"):
    """A click to react to."""

    __stream__ = "fault/{counter}"
    counter: str


class Thanked(Event, tag="fault.thanked"):
    """A healthy reactor's answer."""

    __stream__ = "fault-thanks/{counter}"
    counter: str
    by: str


class NeverRegistered(Event, tag="fault.unregistered"):
    """No plugin registers this type: appending it must be refused."""

    __stream__ = "fault/unregistered"


class Types:
    @hookimpl
    def register_event_types(self, register: Any) -> None:
        register(Clicked)
        register(Thanked)


class Healthy:
    def __init__(self, name: str) -> None:
        self.name = name

    @hookimpl
    def handle_event(self, event: Any) -> list[Event] | None:
        if event.type != "fault.clicked":
            return None
        return [Thanked(counter=event.data.counter, by=self.name)]


class Raises:
    @hookimpl
    def handle_event(self, event: Any) -> None:
        if event.type == "fault.clicked":
            raise RuntimeError("boom")


class Garbage:
    @hookimpl
    def handle_event(self, event: Any) -> list[Any]:
        if event.type != "fault.clicked":
            return []
        return [NewEvent(data=Thanked(counter="x", by="garbage")), "not an event"]


class Unregistered:
    @hookimpl
    def handle_event(self, event: Any) -> list[Event]:
        return [NeverRegistered()] if event.type == "fault.clicked" else []


class Hangs:
    """Hangs on its first call until released; answers like a healthy reactor when it returns."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.thread: threading.Thread | None = None

    @hookimpl
    def handle_event(self, event: Any) -> list[Event] | None:
        if event.type != "fault.clicked":
            return None
        if self.thread is None:
            self.thread = threading.current_thread()
            self.release.wait(30)
        return [Thanked(counter=event.data.counter, by="hangs")]


@pytest.fixture
def hangs() -> Iterator[Hangs]:
    plugin = Hangs()
    yield plugin
    plugin.release.set()
    if plugin.thread is not None:
        plugin.thread.join(10)


def test_raising_hanging_and_garbage_reactors_do_not_stop_the_others(
    hangs: Hangs, runnerup_logs: list[dict[str, Any]]
) -> None:
    # pluggy calls the last registered first: the hanging one goes before the others.
    plugins = {
        "types": Types(),
        "healthy": Healthy("healthy"),
        "raises": Raises(),
        "garbage": Garbage(),
        "unregistered": Unregistered(),
        "hangs": hangs,
    }
    pm = make_plugin_manager(load_entrypoints=False, env={})
    for name, plugin in plugins.items():
        register(pm, plugin, name)
    kernel = make_test_kernel(pm=pm, values=LIMIT)
    for counter in ("a", "b", "c"):
        kernel.record([Clicked(counter=counter)])

    thanks = [(e.data.counter, e.data.by) for e in kernel.read(types=["fault.thanked"])]
    assert thanks == [
        ("a", "healthy"),
        ("b", "hangs"),
        ("b", "healthy"),
        ("c", "hangs"),
        ("c", "healthy"),
    ]
    failures = [(e["event"], e["plugin"], e["position"]) for e in runnerup_logs if "plugin" in e]
    assert ("reactor timed out", "hangs", 1) in failures
    clicks = [e.position for e in kernel.read(types=["fault.clicked"])]
    for name in ("raises", "garbage", "unregistered"):
        assert [f for f in failures if f[1] == name] == [
            ("reactor failed", name, p) for p in clicks
        ]
    errors = {e["plugin"]: e.get("error", "") for e in runnerup_logs if "plugin" in e}
    assert "boom" in errors["raises"] and "not an event" in errors["garbage"]
    assert "fault.unregistered" in errors["unregistered"]

    # The abandoned call returns at last: its answer for position 1 is never recorded.
    head = kernel.store.head()[0]
    hangs.release.set()
    assert hangs.thread is not None
    hangs.thread.join(10)
    assert not hangs.thread.is_alive()
    kernel.react()
    assert kernel.store.head()[0] == head
    assert ("a", "hangs") not in [
        (e.data.counter, e.data.by) for e in kernel.read(types=["fault.thanked"])
    ]
    kernel.close()


@pytest.fixture
def cli(tmp_path: Path, hangs: Hangs) -> CliRunner:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text("[plugins]\nreactor_timeout_seconds = 0.5\n")

    def pm() -> Any:
        manager = make_plugin_manager(load_entrypoints=False, env={})
        for name, plugin in (("types", Types()), ("hangs", hangs), ("healthy", Healthy("healthy"))):
            register(manager, plugin, name)
        return manager

    return CliRunner(home, pm_factory=pm)


def test_a_hanging_reactor_is_named_and_the_command_succeeds(cli: CliRunner) -> None:
    result = cli("events", "append", "fault.clicked", "counter=a")
    assert result.exit_code == 0, result
    assert "recorded fault.clicked at position 1" in result.stdout
    assert "reactor timed out" in result.stderr and "hangs" in result.stderr
    log = cli("--json", "events", "log", "--type", "fault.thanked")
    assert '"by":"healthy"' in log.stdout and '"by":"hangs"' not in log.stdout


@pytest.mark.parametrize("value", ["-1", '"soon"', "true"])
def test_a_bad_time_limit_is_refused_in_one_line(cli: CliRunner, value: str) -> None:
    (cli.home / "config.toml").write_text(f"[plugins]\nreactor_timeout_seconds = {value}\n")
    result = cli("events", "append", "fault.clicked", "counter=a")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: [plugins] reactor_timeout_seconds must be a number of seconds >= 0, not {_py(value)}"
    ]


def _py(toml: str) -> str:
    return {"-1": "-1", '"soon"': "'soon'", "true": "True"}[toml]
