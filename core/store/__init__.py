"""Event store backends behind one protocol, chosen by URL.

``memory:`` and ``sqlite:///path`` are built in; other schemes (PostgreSQL,
a third party's) come from plugins through the ``resolve_store`` hook.
"""

from __future__ import annotations

from ..codec import GENESIS_HASH
from ..envelope import Pending, Stored, StreamWrite
from .base import (
    BaseStore,
    ChainCheck,
    Checkpoint,
    Migratable,
    Store,
    VerifyReport,
    chain_rows,
    refuse_non_empty,
)

__all__ = [
    "GENESIS_HASH",
    "BaseStore",
    "ChainCheck",
    "Checkpoint",
    "Migratable",
    "Pending",
    "Store",
    "Stored",
    "StreamWrite",
    "VerifyReport",
    "builtin_store",
    "chain_rows",
    "refuse_non_empty",
]


def builtin_store(url: str) -> Store | None:
    """The built-in backend for ``url``, or None when the scheme is not ours."""
    if url == "memory:" or url.startswith("memory:"):
        from .memory import MemoryStore

        return MemoryStore(url)
    if url.startswith("sqlite:"):
        from .sqlite import SQLiteStore

        return SQLiteStore(url)
    return None


# The built-in backends answer ``resolve_store`` last, so a plugin may replace them.
from runnerup import hookimpl  # noqa: E402


@hookimpl(trylast=True)
def resolve_store(url: str) -> Store | None:
    """Open ``memory:`` and ``sqlite:`` URLs."""
    return builtin_store(url)
