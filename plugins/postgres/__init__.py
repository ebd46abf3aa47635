"""Built-in plugin: the PostgreSQL event store (``postgresql://…?seeker=NAME``).

psycopg is imported only when a PostgreSQL URL is opened, so every other
command starts without it. Also adds ``runnerup events copy --to URL``, which
moves a whole log between any two stores (SQLite to PostgreSQL and back).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from runnerup import StoreError, hookimpl

from .url import is_postgres_url

INSTALL_HINT = "PostgreSQL support needs psycopg: pip install 'runnerup[postgres]'"


@hookimpl
def resolve_store(url: str, home: Path) -> Any:
    """Open ``postgresql://`` and ``postgres://`` URLs."""
    if not is_postgres_url(url):
        return None
    try:
        from .store import PostgresStore
    except ImportError as exc:
        if (exc.name or "").split(".")[0] == "psycopg":
            raise StoreError(INSTALL_HINT) from None
        raise
    return PostgresStore(url)


@hookimpl(trylast=True)
def register_commands(cli: click.Group) -> None:
    # trylast: the kernel's ``events`` group must exist before we add to it.
    events = cli.commands.get("events")
    if isinstance(events, click.Group):
        from .commands import copy_command

        events.add_command(copy_command)
