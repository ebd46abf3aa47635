"""structlog to stderr: readable on a terminal, JSON lines with ``--log-json``.

Configured lazily on first use so commands that log nothing never import
structlog's renderers.
"""

from __future__ import annotations

import sys
from typing import Any

# The stdlib ``logging`` levels, as numbers: importing ``logging`` costs a few
# milliseconds on every start and structlog's filtering logger takes ints.
DEBUG, INFO, WARNING = 10, 20, 30

_state: dict[str, Any] = {"json": False, "level": WARNING, "configured": False}


def setup(*, json: bool = False, verbose: int = 0) -> None:
    _state["json"] = json
    _state["level"] = {0: WARNING, 1: INFO}.get(verbose, DEBUG)
    _state["configured"] = False


def enabled(level: int) -> bool:
    """Would a message at ``level`` be written? Lets a hot path skip importing structlog."""
    return bool(level >= _state["level"])


def get_logger(name: str = "runnerup") -> Any:
    """A structlog logger writing to stderr; never to stdout."""
    import structlog

    if not _state["configured"]:
        if _state["json"]:
            renderer: Any = structlog.processors.JSONRenderer()
        else:
            renderer = structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
        structlog.configure(
            processors=[
                structlog.processors.add_log_level,
                structlog.processors.TimeStamper(fmt="iso", utc=True),
                structlog.processors.format_exc_info,
                renderer,
            ],
            wrapper_class=structlog.make_filtering_bound_logger(_state["level"]),
            # Looked up per logger, so a test's captured stderr is honoured.
            logger_factory=lambda *_: structlog.PrintLogger(file=sys.stderr),
            cache_logger_on_first_use=False,
        )
        _state["configured"] = True
    return structlog.get_logger(name)
