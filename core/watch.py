"""Watch rules: how a dropped file becomes events.

The rules are contributed through ``register_watch_rules``; the loop that
applies them lives in the built-in ``watch`` plugin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .envelope import NewEvent
    from .kernel import Kernel


@dataclass
class WatchResult:
    """What a rule made of one file: events to append, or a reason to refuse it."""

    events: list[NewEvent] = field(default_factory=list)
    summary: str = ""


@dataclass(frozen=True)
class WatchRule:
    """Files whose name ends with one of ``suffixes`` go to ``handle``.

    ``handle(path, data, kernel)`` gets the file's bytes (already size-checked
    and read once the size was stable) and returns a :class:`WatchResult`. It
    raises ``ValueError`` (or a subclass) for a file it cannot understand:
    the watcher then quarantines the file with that message as the reason.
    """

    name: str
    suffixes: tuple[str, ...]
    handle: Callable[[Path, bytes, Kernel], WatchResult]
    description: str = ""
    options: dict[str, Any] = field(default_factory=dict)
