"""runnerup's optional C extensions, and the one loader every caller uses.

``runnerup.store._cells`` (built from ``core/store/_cells.c``) seals appends;
``runnerup._replay`` (``core/_replay.c``) folds replays and checks reminders'
due dates as they decode. ``pip install .`` builds both where a compiler and
the OpenSSL headers exist; elsewhere the same loops run in Python, and the
tests hold each C loop to its Python twin.
"""

from __future__ import annotations

import importlib
import os
from typing import Any


def c_extension(name: str) -> Any:
    """One of runnerup's optional C extensions, or None to run the Python loops.

    None where it was not built, or with ``RUNNERUP_PURE_PYTHON=1``.
    """
    if os.environ.get("RUNNERUP_PURE_PYTHON"):
        return None
    try:
        return importlib.import_module(name)
    except ImportError:
        return None
