"""A structlog logger that always writes to stderr.

Reactors may run before the kernel configured logging; structlog's default
would print to stdout and mix log lines into a command's result.
"""

from __future__ import annotations

import sys
from typing import Any

import structlog


def log() -> Any:
    return structlog.wrap_logger(structlog.PrintLogger(file=sys.stderr))
