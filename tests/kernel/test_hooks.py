"""One test per kernel hook, each through a small plugin registered for the test."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import click
import pytest
from runnerup import Event, NewEvent, Projection, RegistrationError, Upcaster, hookimpl
from runnerup.plugin_manager import make_plugin_manager
from runnerup.store.memory import MemoryStore
from runnerup.testing import CliRunner, make_test_kernel

_spec = importlib.util.spec_from_file_location(
    "sample_plugin", Path(__file__).with_name("sample_plugin.py")
)
sample = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules.setdefault("sample_plugin", sample)
_spec.loader.exec_module(sample)  # type: ignore[union-attr]


class Noted(Event, tag="hooktest.noted"):
    """A note was taken."""

    __stream__ = "notes/{topic}"

    topic: str
    text: str = ""


def test_hook_register_event_types() -> None:
    class Plugin:
        @hookimpl
        def register_event_types(self, register):  # type: ignore[no-untyped-def]
            register(Noted)

    kernel = make_test_kernel([Plugin()])
    assert kernel.registry.types["hooktest.noted"] is Noted
    assert kernel.registry.owners["hooktest.noted"] == "test-plugin-0"
    kernel.record([Noted(topic="t", text="hi")])
    assert next(kernel.read()).data == Noted(topic="t", text="hi")


def test_hook_register_event_types_duplicate_is_refused_naming_both() -> None:
    class Clash(Event, tag="hooktest.noted"):
        """Same tag, other class."""

    class A:
        @hookimpl
        def register_event_types(self, register):  # type: ignore[no-untyped-def]
            register(Noted)

    class B:
        @hookimpl
        def register_event_types(self, register):  # type: ignore[no-untyped-def]
            register(Clash)

    with pytest.raises(
        RegistrationError, match="test-plugin-0.*test-plugin-1|test-plugin-1.*test-plugin-0"
    ):
        make_test_kernel([A(), B()])


def test_hook_register_upcasters() -> None:
    class Plugin:
        @hookimpl
        def register_event_types(self, register):  # type: ignore[no-untyped-def]
            register(Noted)

        @hookimpl
        def register_upcasters(self, register):  # type: ignore[no-untyped-def]
            register(
                Upcaster(
                    "hooktest.jotted",
                    lambda d: {"topic": d["subject"], "text": d["body"]},
                    "hooktest.noted",
                )
            )

    kernel = make_test_kernel([Plugin()])
    from runnerup.envelope import Pending

    kernel.store.append(
        "notes/old", [Pending("hooktest.jotted", b'{"subject":"s","body":"b"}', 0, b"{}")]
    )
    (event,) = kernel.read(types=["hooktest.noted"])
    assert event.type == "hooktest.noted"
    assert event.data == Noted(topic="s", text="b")


def test_hook_register_projections() -> None:
    kernel = make_test_kernel([sample.CounterPlugin(react=False)])
    assert kernel.projection_owners["test.totals"] == "test-plugin-0"
    kernel.record([sample.Clicked(counter="a", amount=2)])
    assert kernel.view("test.totals").counts == {"a": 2}

    class Twice:
        @hookimpl
        def register_projections(self, register):  # type: ignore[no-untyped-def]
            register(sample.TotalsProjection())

    with pytest.raises(RegistrationError, match="projection 'test.totals' registered twice"):
        make_test_kernel([sample.CounterPlugin(), Twice()])

    class NotAProjection:
        @hookimpl
        def register_projections(self, register):  # type: ignore[no-untyped-def]
            register(object())

    with pytest.raises(RegistrationError, match="not a Projection"):
        make_test_kernel([NotAProjection()])
    assert issubclass(sample.TotalsProjection, Projection)


def test_hook_register_commands(tmp_path: Path) -> None:
    class Plugin:
        @hookimpl
        def register_commands(self, cli):  # type: ignore[no-untyped-def]
            @cli.command()
            @click.argument("name")
            def hello(name):  # type: ignore[no-untyped-def]
                """Say hello."""
                import runnerup

                runnerup.emit({"hello": name}, text=f"hello {name}")

    class Broken:
        @hookimpl
        def register_commands(self, cli):  # type: ignore[no-untyped-def]
            raise RuntimeError("cannot build my commands")

    def pm():  # type: ignore[no-untyped-def]
        manager = make_plugin_manager(load_entrypoints=False, env={})
        manager.register(Plugin(), name="hello")
        manager.register(Broken(), name="broken")
        return manager

    cli = CliRunner(tmp_path / "home", pm_factory=pm)
    assert cli("hello", "dana").stdout == "hello dana\n"
    assert cli("--json", "hello", "dana").stdout == '{"hello":"dana"}\n'
    # the broken plugin is logged and the rest of the CLI still works
    result = cli("hello", "sam")
    assert result.exit_code == 0


def test_hook_handle_event() -> None:
    plugin = sample.CounterPlugin()
    kernel = make_test_kernel([plugin])
    position = kernel.record([sample.Clicked(counter="a")])[0]
    assert plugin.calls == [position]
    (thanked,) = kernel.read(types=["test.thanked"])
    assert thanked.data.for_position == position
    assert thanked.meta.causation == position


def test_hook_apply_effects(tmp_path: Path) -> None:
    written: list[int] = []

    class Effects:
        @hookimpl
        def apply_effects(self, event, context):  # type: ignore[no-untyped-def]
            if event.type == "test.thanked":
                path = context.kernel.home / f"thanks-{event.data.for_position}.txt"
                path.write_text("thank you")
                written.append(event.position)

    kernel = make_test_kernel([sample.CounterPlugin(), Effects()], home=tmp_path)
    kernel.record([sample.Clicked(counter="a")])
    assert (tmp_path / "thanks-1.txt").read_text() == "thank you"
    kernel.react()  # nothing new: effects are not applied again
    assert written == [2]


def test_hook_resolve_store(tmp_path: Path) -> None:
    opened: list[str] = []

    class Backend:
        @hookimpl
        def resolve_store(self, url, home):  # type: ignore[no-untyped-def]
            if url.startswith("fancy:"):
                opened.append(url)
                return MemoryStore(url)
            return None

    def pm():  # type: ignore[no-untyped-def]
        manager = make_plugin_manager(load_entrypoints=False, env={})
        manager.register(Backend(), name="fancy")
        manager.register(sample.CounterPlugin(react=False), name="counter")
        return manager

    cli = CliRunner(tmp_path / "home", pm_factory=pm)
    result = cli("--store", "fancy:one", "events", "append", "test.clicked", "counter=a")
    assert result.exit_code == 0, result
    assert opened == ["fancy:one"]
    # the built-in SQLite backend still answers its own scheme
    assert cli("events", "append", "test.clicked", "counter=a").exit_code == 0
    assert (tmp_path / "home" / "events.db").exists()


def test_new_event_without_stream_rule_needs_a_stream() -> None:
    from runnerup import RunnerupError

    class Loose(Event, tag="hooktest.loose"):
        """No stream rule."""

    class Plugin:
        @hookimpl
        def register_event_types(self, register):  # type: ignore[no-untyped-def]
            register(Loose)

    kernel = make_test_kernel([Plugin()])
    with pytest.raises(RunnerupError, match="no stream"):
        kernel.record([Loose()])
    assert kernel.record([NewEvent(data=Loose(), stream="loose/1")]) == [1]
