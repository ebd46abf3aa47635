"""runnerup: turn a job-interview "no" into next steps.

The public API for plugins. Built-in plugins import only from here and from
``runnerup.events.*``; a third-party plugin needs nothing more. Heavier parts
(the kernel, dates, the vault) load on first use so ``import runnerup`` stays
cheap for every command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

from .envelope import ANY, NO_STREAM, Meta, NewEvent, RecordedEvent
from .errors import (
    ConcurrencyError,
    EventValidationError,
    RegistrationError,
    RunnerupError,
    StoreError,
    UnknownEventType,
)
from .event import Event, UnknownEvent
from .projection import LazyProjection, Projection

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("runnerup")

if TYPE_CHECKING:
    from .batch import parse_jsonl
    from .cli import add_lazy_commands, build_cli, emit, emit_table, get_app, get_kernel
    from .codec import Upcaster
    from .dates import DateParseError, parse_day, parse_when
    from .kernel import Kernel
    from .logging import get_logger
    from .reaction import ReactionContext
    from .vault import Sealed
    from .watch import WatchResult, WatchRule

_LAZY = {
    "Upcaster": "codec",
    "Kernel": "kernel",
    "ReactionContext": "reaction",
    "Sealed": "vault",
    "WatchRule": "watch",
    "WatchResult": "watch",
    "parse_when": "dates",
    "parse_day": "dates",
    "parse_jsonl": "batch",
    "DateParseError": "dates",
    "get_kernel": "cli",
    "add_lazy_commands": "cli",
    "build_cli": "cli",
    "get_app": "cli",
    "get_logger": "logging",
    "emit": "cli",
    "emit_table": "cli",
}

__all__ = [
    "ANY",
    "NO_STREAM",
    "ConcurrencyError",
    "DateParseError",
    "Event",
    "EventValidationError",
    "Kernel",
    "LazyProjection",
    "Meta",
    "NewEvent",
    "Projection",
    "ReactionContext",
    "RecordedEvent",
    "RegistrationError",
    "RunnerupError",
    "Sealed",
    "StoreError",
    "UnknownEvent",
    "UnknownEventType",
    "Upcaster",
    "WatchResult",
    "WatchRule",
    "add_lazy_commands",
    "build_cli",
    "emit",
    "emit_table",
    "get_app",
    "get_kernel",
    "get_logger",
    "hookimpl",
    "parse_day",
    "parse_jsonl",
    "parse_when",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'runnerup' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
