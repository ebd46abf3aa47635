"""Helpers behind the fixtures: an isolated kernel and an in-process CLI runner."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pluggy

from ..config import Settings
from ..kernel import Kernel
from ..plugin_manager import make_plugin_manager, register
from ..store.memory import MemoryStore


def fold(projection: Any, events: Iterable[Any], state: Any = None) -> Any:
    """Recorded ``events`` folded by ``projection`` into ``state`` (default: its initial state)."""
    state = projection.initial() if state is None else state
    for event in events:
        state = projection.apply(state, event)
    return state


def fold_from_checkpoint(projection: Any, events: Sequence[Any], split: int) -> tuple[bytes, bytes]:
    """A view's checkpoint two ways: ``events`` folded from scratch, and ``events[split:]``
    folded into the loaded checkpoint of ``events[:split]``.

    The two must be equal; for a projection whose ``dump``/``load`` pack
    incrementally (see ``runnerup.packed.KeyedRecords``), byte for byte.
    """
    whole = projection.dump(fold(projection, events))
    checkpoint = projection.dump(fold(projection, events[:split]))
    return whole, projection.dump(fold(projection, events[split:], projection.load(checkpoint)))


def make_test_kernel(
    plugins: Iterable[Any] = (),
    *,
    pm: pluggy.PluginManager | None = None,
    home: Path | None = None,
    now: datetime | None = None,
    values: Mapping[str, Any] | None = None,
) -> Kernel:
    """A kernel on a fresh in-memory store, with extra plugin objects registered."""
    pm = pm or make_plugin_manager(load_entrypoints=False, env={})
    for i, plugin in enumerate(plugins):
        register(pm, plugin, getattr(plugin, "__name__", None) or f"test-plugin-{i}")
    settings = Settings(
        home=home or Path(os.devnull), store_url="memory:", values=dict(values or {})
    )
    return Kernel(pm, MemoryStore(), settings, clock=now)


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None = None

    def __repr__(self) -> str:
        return f"<CliResult exit={self.exit_code} stdout={self.stdout[:200]!r} stderr={self.stderr[:200]!r}>"


class CliRunner:
    """Runs ``runnerup`` in-process with a fixed home, env and plugin manager."""

    def __init__(
        self,
        home: Path,
        *,
        pm_factory: Any = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.home = home
        self.pm_factory = pm_factory or (
            lambda: make_plugin_manager(load_entrypoints=False, env={})
        )
        self.env = {"RUNNERUP_HOME": str(home), **(env or {})}

    def __call__(
        self, *args: str, input: str | None = None, env: Mapping[str, str] | None = None
    ) -> CliResult:
        from click.testing import CliRunner as ClickRunner

        from ..cli import build_cli

        cli = build_cli(self.pm_factory())
        runner = ClickRunner()
        result = runner.invoke(
            cli,
            list(_flatten(args)),
            input=input,
            env={**self.env, **(env or {})},
            catch_exceptions=True,
        )
        exc = result.exception if not isinstance(result.exception, SystemExit) else None
        if exc is not None:
            import traceback

            stderr = result.stderr + "".join(traceback.format_exception(exc))
        else:
            stderr = result.stderr
        return CliResult(result.exit_code, result.stdout, stderr, exc)


def _flatten(args: Sequence[Any]) -> Iterable[str]:
    for a in args:
        if isinstance(a, list | tuple):
            yield from (str(x) for x in a)
        else:
            yield str(a)
