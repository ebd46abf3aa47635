"""runnerup-salary: a salary negotiation log, as a runnerup plugin.

This module is the plugin: runnerup finds it through the ``runnerup`` entry
point in pyproject.toml and registers every ``@hookimpl`` function below.
Each hook only hands over what the submodules define, and imports them
inside the hook, so loading the plugin costs almost nothing for commands
that never use it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from runnerup import LazyProjection, hookimpl

if TYPE_CHECKING:
    import click
    from runnerup import Event, ReactionContext, RecordedEvent, WatchRule

__version__ = "0.1.0"


@hookimpl
def register_event_types(register: Callable[[type[Event]], None]) -> None:
    from .events import ALL

    for cls in ALL:
        register(cls)


@hookimpl
def register_projections(register: Callable[[LazyProjection], None]) -> None:
    # Named now, imported on first read: commands that never show it skip the import.
    register(LazyProjection("salary.negotiations", f"{__name__}.projection:NegotiationsProjection"))


@hookimpl
def handle_event(event: RecordedEvent, context: ReactionContext) -> Sequence[Event] | None:
    if not event.type.startswith("salary."):
        return None  # the cheap test first: this runs for every event in the log
    from .reactor import react

    return react(event, context)


@hookimpl
def register_commands(cli: click.Group) -> None:
    from .commands import salary

    cli.add_command(salary)


@hookimpl
def register_watch_rules(register: Callable[[WatchRule], None]) -> None:
    from .watch_rule import RULE

    register(RULE)


@hookimpl
def register_templates(register: Callable[[str, str], None]) -> None:
    from .templates import TEMPLATES

    for kind, source in TEMPLATES.items():
        register(kind, source)
