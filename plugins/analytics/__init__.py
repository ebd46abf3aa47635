"""Built-in plugin: analytics. ``stats``, ``report --html``, ``report --proof``.

Numbers that show progress, not only losses: the funnel, response times,
feedback and its themes, outreach against the plan's target, the streak,
follow-through. Everything is folded from events by this plugin's own
projections (``analytics``, ``analytics.activity``), so ``--as-of`` is a
replay and a proof-of-search record can be recomputed from the log by
``runnerup events verify --against FILE``.

This module is imported on every ``runnerup`` start: it registers and
nothing more. Commands, plotly and the report code load only when used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import click
from runnerup import LazyProjection, hookimpl


@hookimpl
def register_projections(register: Callable[[LazyProjection], None]) -> None:
    register(LazyProjection("analytics", f"{__name__}.projection:AnalyticsProjection"))
    register(LazyProjection("analytics.activity", f"{__name__}.activity:ActivityProjection"))


@hookimpl
def register_commands(cli: click.Group) -> None:
    lazy = getattr(cli, "add_lazy_command", None)  # imports the module only when used
    for name in ("stats", "report"):
        if lazy is not None:
            lazy(name, f"{__name__}.commands:{name}")
        else:
            from . import commands

            cli.add_command(getattr(commands, name))


@hookimpl
def resolve_report(kind: str) -> Callable[[Any, Mapping[str, Any]], str] | None:
    from .proof import KIND, rerender

    return rerender if kind == KIND else None
