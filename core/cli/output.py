"""Printing results: stdout only, a table for people, JSON with ``--json``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import click
import msgspec


def emit(data: Any, text: str | None = None) -> None:
    """Print ``data`` as JSON with ``--json``, else ``text`` (or ``data`` as is)."""
    from .context import get_app

    if get_app().json:
        click.echo(msgspec.json.encode(data, enc_hook=_enc_hook).decode())
    else:
        click.echo(text if text is not None else str(data))


def emit_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    headers: Sequence[str] | None = None,
    empty: str = "(nothing)",
    json_rows: Any = None,
) -> None:
    """A table on a terminal, a JSON array with ``--json``."""
    from .context import get_app

    if get_app().json:
        click.echo(
            msgspec.json.encode(
                json_rows if json_rows is not None else list(rows), enc_hook=_enc_hook
            ).decode()
        )
        return
    if not rows:
        click.echo(empty)
        return
    click.echo(format_table(rows, columns, headers))


def format_table(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str], headers: Sequence[str] | None = None
) -> str:
    heads = list(headers or [c.replace("_", " ").upper() for c in columns])
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(heads)]
    # Pad with one format per table rather than a ljust per cell: a board of
    # ten thousand rows is sixty thousand cells.
    line = "  ".join(f"{{:<{w}}}" for w in widths).format
    out = [line(*heads).rstrip()]
    out += [line(*r).rstrip() for r in cells]
    return "\n".join(out)


def _cell(value: Any) -> str:
    kind = type(value)
    if kind is str:  # most cells: no isinstance chain
        text = value.replace("\n", " ") if "\n" in value else value
    elif value is None:
        return "-"
    elif kind is int:
        return str(value)
    elif isinstance(value, float):
        return f"{value:.2f}"
    elif isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value)
    else:
        text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "…"


def _enc_hook(obj: Any) -> Any:
    if isinstance(obj, set | frozenset):
        return sorted(obj)
    return str(obj)
