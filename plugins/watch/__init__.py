"""Built-in plugin: ``runnerup watch DIR`` turns dropped files into events.

The loop knows nothing about emails or trackers: every file type is a
:class:`runnerup.WatchRule` contributed through ``register_watch_rules`` (the
inbox plugin reads ``.eml``/``.ics``/``.md``, the importers plugin ``.csv``).
This plugin adds only the rule for ``.jsonl`` event batches, as a default a
third-party rule may replace (``trylast``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click
from runnerup import LazyProjection, add_lazy_commands, hookimpl
from runnerup.events.watch import FileProcessed, FileQuarantined

if TYPE_CHECKING:
    from runnerup import Event, WatchRule


@hookimpl
def register_event_types(register: Callable[[type[Event]], None]) -> None:
    register(FileProcessed)
    register(FileQuarantined)


@hookimpl
def register_projections(register: Callable[[LazyProjection], None]) -> None:
    register(LazyProjection("watch.files", f"{__name__}.seen:SeenProjection"))


@hookimpl
def register_commands(cli: click.Group) -> None:
    add_lazy_commands(cli, {"watch": "runnerup.plugins.watch.command:watch"})


@hookimpl(trylast=True)
def register_watch_rules(register: Callable[[WatchRule], None]) -> None:
    from .rules import JSONL_RULE

    register(JSONL_RULE)
