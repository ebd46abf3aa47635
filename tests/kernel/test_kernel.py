"""Projections, checkpoints, retractions, reactors and plugin isolation on a real store."""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from runnerup import NewEvent, hookimpl
from runnerup.config import Settings
from runnerup.kernel import Kernel
from runnerup.plugin_manager import make_plugin_manager
from runnerup.store.sqlite import SQLiteStore
from runnerup.testing import make_test_kernel

_spec = importlib.util.spec_from_file_location(
    "sample_plugin", Path(__file__).with_name("sample_plugin.py")
)
sample = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules["sample_plugin"] = sample
_spec.loader.exec_module(sample)  # type: ignore[union-attr]


def sqlite_kernel(tmp_path: Path, *plugins: object, clock: object = None) -> Kernel:
    pm = make_plugin_manager(load_entrypoints=False, env={})
    for i, p in enumerate(plugins):
        pm.register(p, name=f"p{i}")
    settings = Settings(home=tmp_path, store_url=f"sqlite:///{tmp_path}/events.db")
    return Kernel(pm, SQLiteStore(settings.store_url), settings, clock=clock)


def click(kernel: Kernel, counter: str = "a", amount: int = 1) -> int:
    return kernel.record([sample.Clicked(counter=counter, amount=amount)])[0]


def test_projection_folds_and_checkpoints_only_the_tail(tmp_path: Path) -> None:
    kernel = sqlite_kernel(tmp_path, sample.CounterPlugin(react=False))
    for _ in range(3):
        click(kernel)
    assert kernel.view("test.totals").counts == {"a": 3}
    assert kernel.store.load_checkpoint("test.totals") is None  # written once, at close
    kernel.close()
    cp = SQLiteStore(f"sqlite:///{tmp_path}/events.db").load_checkpoint("test.totals")
    assert cp is not None and cp.position == 3
    again = sqlite_kernel(tmp_path, sample.CounterPlugin(react=False))
    click(again, "b", 5)
    state = again.view("test.totals")
    assert state.counts == {"a": 3, "b": 5}
    assert state.applied == [1, 2, 3, 4]  # each event applied exactly once across two commands
    assert again.view("test.totals") is state  # within a command, a second view costs nothing


def test_version_bump_rebuilds_from_zero(tmp_path: Path) -> None:
    kernel = sqlite_kernel(tmp_path, sample.CounterPlugin(react=False))
    click(kernel)
    kernel.view("test.totals")
    # A checkpoint written by an older version of the projection is ignored.
    from runnerup.store import Checkpoint

    kernel.close()
    again = sqlite_kernel(tmp_path, sample.CounterPlugin(react=False))
    again.store.save_checkpoint(Checkpoint("test.totals", 0, 1, b"\x80"))
    assert again.view("test.totals").counts == {"a": 1}


def test_corrupt_checkpoint_is_rebuilt_not_fatal(tmp_path: Path) -> None:
    kernel = sqlite_kernel(tmp_path, sample.CounterPlugin(react=False))
    click(kernel)
    from runnerup.store import Checkpoint

    kernel.close()
    again = sqlite_kernel(tmp_path, sample.CounterPlugin(react=False))
    again.store.save_checkpoint(Checkpoint("test.totals", 1, 1, b"garbage"))
    assert again.view("test.totals").counts == {"a": 1}


def test_as_of_replays_to_a_point_in_time() -> None:
    now = [datetime(2026, 11, 1, 9, tzinfo=UTC)]
    kernel = make_test_kernel([sample.CounterPlugin(react=False)], now=lambda: now[0])
    click(kernel)
    kernel.view("test.totals")
    import time

    time.sleep(0.002)
    middle = datetime.now(UTC)
    time.sleep(0.002)
    click(kernel, amount=10)
    assert kernel.view("test.totals").counts == {"a": 11}
    assert kernel.view("test.totals", as_of=middle).counts == {"a": 1}
    assert kernel.view("test.totals", as_of=middle - timedelta(days=1)).counts == {}


def test_retraction_is_honoured_even_after_checkpoint_and_undo_of_undo_restores() -> None:
    kernel = make_test_kernel([sample.CounterPlugin(react=False)])
    first = click(kernel, amount=1)
    click(kernel, amount=2)
    assert kernel.view("test.totals").counts == {"a": 3}  # checkpoint at 2
    retraction = kernel.retract([first])[0]
    assert kernel.view("test.totals").counts == {"a": 2}
    kernel.retract([retraction])
    assert kernel.view("test.totals").counts == {"a": 3}
    assert kernel.view("test.totals").applied == [1, 2]


def test_reactor_output_carries_causation_and_is_not_duplicated_by_rerun() -> None:
    plugin = sample.CounterPlugin()
    kernel = make_test_kernel([plugin])
    pos = click(kernel)
    thanks = list(kernel.read(types=["test.thanked"]))
    assert len(thanks) == 1
    assert thanks[0].meta.causation == pos
    assert thanks[0].meta.actor.startswith("plugin:")
    assert thanks[0].meta.idempotency_key == f"react:{pos}:{thanks[0].meta.actor[7:]}"
    # A crash before the checkpoint was saved: the subscription starts over.
    from runnerup.store import Checkpoint

    kernel.store.save_checkpoint(Checkpoint("kernel.reactors", 1, 0, b""))
    kernel.react()
    assert len(plugin.calls) == 2  # delivered again (at least once) ...
    assert len(list(kernel.read(types=["test.thanked"]))) == 1  # ... but not appended twice


def test_crash_between_append_and_reaction_runs_reactors_next_time(tmp_path: Path) -> None:
    plugin = sample.CounterPlugin()
    kernel = sqlite_kernel(tmp_path, plugin)
    kernel.record([sample.Clicked(counter="a")], react=False)  # the process "died" here
    kernel.close()
    again = sqlite_kernel(tmp_path, sample.CounterPlugin())
    again.react()
    again.react()
    assert len(list(again.read(types=["test.thanked"]))) == 1


def test_undo_retracts_what_an_event_caused() -> None:
    kernel = make_test_kernel([sample.CounterPlugin()])
    pos = click(kernel)
    caused = kernel.consequences(pos)
    assert len(caused) == 2
    kernel.retract(caused)
    retracted = kernel.retractions().retracted
    assert set(caused) <= retracted


class Exploding:
    @hookimpl
    def handle_event(self, event):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")


def test_a_raising_plugin_is_isolated_and_named(runnerup_logs: list[dict]) -> None:
    kernel = make_test_kernel([Exploding(), sample.CounterPlugin()])
    click(kernel)
    assert len(list(kernel.read(types=["test.clicked"]))) == 1  # the trigger stays recorded
    assert len(list(kernel.read(types=["test.thanked"]))) == 1  # the other plugin still ran
    failures = [e for e in runnerup_logs if e["event"] == "reactor failed"]
    assert failures and failures[0]["plugin"] == "test-plugin-0" and "boom" in failures[0]["error"]


class ReturnsGarbage:
    @hookimpl
    def handle_event(self, event):  # type: ignore[no-untyped-def]
        return [NewEvent(data=sample.Clicked(counter="x")), "not an event"]


def test_a_plugin_returning_invalid_events_writes_nothing_and_is_named(
    runnerup_logs: list[dict],
) -> None:
    kernel = make_test_kernel([ReturnsGarbage(), sample.CounterPlugin(react=False)])
    click(kernel)
    assert kernel.store.head()[0] == 1
    assert any(e.get("plugin") == "test-plugin-0" for e in runnerup_logs)


def test_unknown_events_are_skipped_by_projections_but_kept(tmp_path: Path) -> None:
    kernel = sqlite_kernel(tmp_path, sample.CounterPlugin(react=False))
    click(kernel)
    kernel.close()
    # Read the same log without the plugin that knows test.clicked.
    bare = sqlite_kernel(tmp_path)
    events = list(bare.read())
    assert type(events[0].data).__name__ == "UnknownEvent"
    assert bare.verify().ok


def test_expected_version_conflict_writes_nothing() -> None:
    from runnerup import ConcurrencyError

    kernel = make_test_kernel([sample.CounterPlugin(react=False)])
    click(kernel)
    with pytest.raises(ConcurrencyError):
        kernel.record([sample.Clicked(counter="a")], stream="counter/a", expected_version=0)
    assert kernel.store.head()[0] == 1
