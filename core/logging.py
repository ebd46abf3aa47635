"""structlog to stderr: readable on a terminal, JSON lines with ``--log-json``.

Imported and configured lazily: a call at a level the user did not ask for
(``info`` without ``-v``) is dropped before structlog is imported, so a
command that logs nothing never imports it (~50 ms with the asyncio it
pulls in).
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


#: Level of each logger method; the others (``bind``, ...) always reach structlog.
_LEVELS = {
    "debug": DEBUG,
    "info": INFO,
    "msg": INFO,
    "warning": WARNING,
    "warn": WARNING,
    "error": 40,
    "exception": 40,
    "critical": 50,
    "fatal": 50,
}


def get_logger(name: str = "runnerup") -> Any:
    """A structlog logger writing to stderr; never to stdout."""
    return _Logger(name)


class _Logger:
    """Stands in for structlog's logger until a call would actually be written."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        level = _LEVELS.get(attr)
        if level is not None and level < _state["level"]:
            return _drop
        return getattr(_structlog_logger(self._name), attr)


def _drop(*_args: Any, **_kwargs: Any) -> None:
    return None


def _structlog_logger(name: str) -> Any:
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
