"""``calendar export``: the open reminders as an ``.ics`` feed.

The rendering itself is :mod:`.ics` (pure); this module picks the reminders
and the time zone. The zone must be an IANA name for the VTIMEZONE, and the
clock only knows an offset, so it comes from ``--tz``, then ``[calendar]
timezone`` in config.toml, then ``TZ``, then ``/etc/localtime``, else UTC.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click
import runnerup
from runnerup import RunnerupError

from .ics import ReminderItem, export_calendar
from .model import Reminder, Reminders

if TYPE_CHECKING:
    from runnerup import Kernel


@click.group()
def calendar() -> None:
    """Reminders as a calendar any calendar app can import or subscribe to."""


@calendar.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--tz", "tz", metavar="ZONE", help="IANA time zone, e.g. Europe/Berlin.")
@click.option("--include-done", is_flag=True, help="Also export reminders already done.")
def export_command(file: Path | None, tz: str | None, include_done: bool) -> None:
    """Write the reminders as iCalendar to FILE (or stdout).

    Every export gives a reminder the same UID, and a snoozed reminder a
    higher SEQUENCE, so importing again updates events instead of adding copies.
    """
    kernel = runnerup.get_kernel()
    zone = tz or _zone_name(kernel)
    state: Reminders = kernel.view("reminders")
    chosen = [r for r in state.items.values() if not r.cancelled and (include_done or not r.done)]
    try:
        data = export_calendar(
            [_item(r) for r in chosen], tz=zone, now=kernel.now(), include_done=include_done
        )
    except ValueError as exc:
        raise RunnerupError(f"cannot export the calendar: {exc}") from None
    if file is None:
        click.echo(data, nl=False)  # bytes go to the binary stream: CRLF kept as RFC 5545 wants
        return
    _write(file, data)
    runnerup.emit(
        {"file": str(file), "reminders": len(chosen), "tz": zone},
        text=f"exported {len(chosen)} reminders to {file} ({zone})",
    )


def _item(reminder: Reminder) -> ReminderItem:
    notes = [reminder.notes or ""]
    if reminder.application:
        notes.append(f"Application: {reminder.application}")
    if reminder.draft:
        notes.append(f"Draft: runnerup draft show {reminder.draft}")
    return ReminderItem(
        id=reminder.id,
        title=reminder.title,
        due=reminder.due,
        notes="\n".join(n for n in notes if n),
        category=reminder.kind,
        revision=reminder.revision,
        done=reminder.done,
    )


def _zone_name(kernel: Kernel) -> str:
    configured = kernel.settings.section("calendar").get("timezone")
    if isinstance(configured, str) and configured:
        return configured
    env = os.environ.get("TZ", "").lstrip(":")
    if env and "/" in env:
        return env
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        return "UTC"
    _, found, name = target.partition("zoneinfo/")
    return name if found and name else "UTC"


def _write(file: Path, data: bytes) -> None:
    # Written whole then renamed, owner-only: a calendar app polling the file
    # never reads half of it, and titles name employers.
    tmp = file.with_name(f".{file.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, file)
    except OSError as exc:
        raise RunnerupError(f"cannot write {file}: {exc.strerror}") from None
