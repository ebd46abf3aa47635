"""Per-invocation state shared by commands: settings and a lazily opened kernel."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from ..config import Settings, load_settings

if TYPE_CHECKING:
    import pluggy

    from ..kernel import Kernel


class AppContext:
    """Settings are read at once; the store is opened only by commands that need it."""

    def __init__(self, pm: pluggy.PluginManager, **options: Any) -> None:
        self.pm = pm
        self.settings: Settings = load_settings(**options)
        self._kernel: Kernel | None = None

    @property
    def json(self) -> bool:
        return self.settings.json

    def kernel(self) -> Kernel:
        if self._kernel is None:
            from ..kernel import open_kernel

            self._kernel = open_kernel(self.pm, self.settings, clock=_env_clock())
        return self._kernel

    def close(self) -> None:
        if self._kernel is not None:
            self._kernel.close()
            self._kernel = None


def _env_clock() -> datetime | None:
    # RUNNERUP_NOW pins "now" (ISO 8601) for reproducible tours, tests and demos.
    import os

    value = os.environ.get("RUNNERUP_NOW")
    if not value:
        return None
    from ..errors import RunnerupError

    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise RunnerupError(f"RUNNERUP_NOW={value!r} is not an ISO 8601 date-time") from None
    return when if when.tzinfo else when.astimezone()


def get_app() -> AppContext:
    """The invocation's :class:`AppContext` (inside a runnerup command)."""
    app = click.get_current_context().find_object(AppContext)
    if app is None:  # pragma: no cover - only outside a runnerup command
        raise RuntimeError("not inside a runnerup command")
    return app


def get_kernel() -> Kernel:
    """The invocation's kernel, opening the store on first use."""
    return get_app().kernel()
