"""Built-in plugin: importers, applications from job-tracker exports.

``runnerup import FILE.csv`` and the watcher's ``.csv`` rule share one path:
:mod:`.tracker_csv` reads the rows (header-driven, nothing guessed),
:mod:`.plan` turns them into events, :mod:`.run` records them. Existing
applications are read through the applications plugin's ``applications``
view, never by importing it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click
from runnerup import add_lazy_commands, hookimpl

if TYPE_CHECKING:
    from runnerup import WatchRule


@hookimpl
def register_commands(cli: click.Group) -> None:
    add_lazy_commands(cli, {"import": "runnerup.plugins.importers.command:import_command"})


@hookimpl(trylast=True)
def register_watch_rules(register: Callable[[WatchRule], None]) -> None:
    from .run import CSV_RULE

    register(CSV_RULE)
