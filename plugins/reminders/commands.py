"""``agenda``, ``done``, ``snooze`` and ``remind``: the reminders a user acts on."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

import click
import runnerup
from runnerup import RunnerupError
from runnerup.events.reminder import ReminderDone, ReminderRescheduled, ReminderScheduled

from . import nudges
from .dates import read_due, relative, show_due
from .model import Reminder, Reminders

if TYPE_CHECKING:
    from runnerup import Kernel

COLUMNS = ["number", "due", "when", "title", "application"]
HEADERS = ["#", "DUE", "WHEN", "WHAT", "APPLICATION"]


def _row(item: Reminder, now: datetime) -> dict[str, Any]:
    tz = _zone(now)
    return {
        "number": item.number,
        "id": item.id,
        "due": show_due(item.due, now),
        "due_iso": item.due_iso,
        "when": relative(item.due_day(tz), now.date()),
        "title": item.title,
        "kind": item.kind,
        "application": item.application,
        "draft": item.draft,
        "revision": item.revision,
    }


OVERDUE_SHOWN = 25


def _zone(now: datetime) -> tzinfo:
    assert now.tzinfo is not None  # kernel.now() is always aware
    return now.tzinfo


@click.command()
@click.option(
    "--days",
    type=click.IntRange(0, 3650),
    default=14,
    show_default=True,
    help="How far ahead to look.",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help=f"Show every overdue step, not only the {OVERDUE_SHOWN} most recent.",
)
def agenda(days: int, show_all: bool) -> None:
    """What is due: overdue first, then today, then the next DAYS days.

    Refer to a reminder by the number shown here, its id, or a unique id
    prefix ('runnerup done 3').
    """
    kernel = runnerup.get_kernel()
    now = kernel.now()
    tz, today = _zone(now), now.date()
    state: Reminders = kernel.view("reminders")
    end = today + timedelta(days=days)
    # Only the rows shown are fetched: a long-neglected agenda (tens of
    # thousands of overdue steps) stays readable and quick, with the most
    # recent overdue steps and a count of the rest.
    due_days, numbers = state.open_due_days(tz)
    start = bisect.bisect_left(due_days, today.toordinal())
    stop = bisect.bisect_right(due_days, end.toordinal())
    hidden = 0 if show_all else max(0, start - OVERDUE_SHOWN)
    keep = start - hidden
    # All of the first day kept are fetched: sorted by moment (a timed step
    # may come before an all-day one of its day) they still end with the
    # true last ``keep``; nothing due on an earlier day comes later.
    first = bisect.bisect_left(due_days, due_days[start - keep]) if keep else start
    candidates = _by_due(state, numbers[first:start], tz)
    current, later = numbers[start:stop], len(due_days) - stop
    shown = _by_due(state, current, tz)
    sections = {
        "overdue": candidates[len(candidates) - keep :],
        "today": [r for r in shown if r.due_day(tz) == today],
        "upcoming": [r for r in shown if r.due_day(tz) > today],
    }
    data: dict[str, Any] = {name: [_row(r, now) for r in rs] for name, rs in sections.items()}
    data.update(
        later=later,
        overdue_hidden=hidden,
        outreach=nudges.outreach(kernel, today),
        ghosted=nudges.ghosted(kernel, now, state),
        plan_review=nudges.plan_review(kernel, now, state),
    )
    if runnerup.get_app().json:
        runnerup.emit(data)
        return
    _print_agenda(data, today, days)


def _by_due(state: Reminders, numbers: Iterable[int], tz: tzinfo) -> list[Reminder]:
    """The reminders with these numbers, soonest first (then by number)."""
    return sorted(state.by_numbers(numbers), key=lambda r: (r.due_moment(tz), r.number))


def _print_agenda(data: dict[str, Any], today: date, days: int) -> None:
    titles = {
        "overdue": "Overdue",
        "today": f"Today, {today:%a} {today.day} {today:%b}",
        "upcoming": f"Next {days} days",
    }
    shown = False
    for name, title in titles.items():
        if data[name]:
            if shown:
                click.echo("")
            click.echo(title)
            if name == "overdue" and data["overdue_hidden"]:
                click.echo(
                    f"({data['overdue_hidden']} older overdue steps not shown: runnerup agenda --all)"
                )
            runnerup.emit_table(data[name], COLUMNS, headers=HEADERS)
            shown = True
    if not shown:
        click.echo(f"Nothing due in the next {days} days.")
    if data["later"]:
        click.echo(f"\n{data['later']} more later (runnerup agenda --days N).")
    extra = []
    if data["outreach"]:
        o = data["outreach"]
        extra.append(
            f"Outreach today: {o['sent']} of {o['min']}\u2013{o['max']} letters"
            " (record one: runnerup outreach COMPANY)"
        )
    for ghost in data["ghosted"]:
        extra.append(f"Ghosted: {ghost['suggestion']}")
    if data["plan_review"]:
        extra.append(
            f"Review your plan: last updated {data['plan_review']['days']} days ago (runnerup plan)"
        )
    if extra:
        click.echo("")
        for line in extra:
            click.echo(line)


@click.command()
@click.argument("refs", nargs=-1, required=True, metavar="REMINDER...")
@click.option("--note", help="What you did (kept with the reminder).")
def done(refs: tuple[str, ...], note: str | None) -> None:
    """Mark reminders done, by agenda number, id or unique id prefix."""
    kernel = runnerup.get_kernel()
    state: Reminders = kernel.view("reminders")
    items: list[Reminder] = []
    for ref in refs:
        item = state.resolve(ref)
        if item.done:
            when = f" on {item.done_at:%Y-%m-%d}" if item.done_at else ""
            raise RunnerupError(f"reminder #{item.number} ({item.id}) is already done{when}")
        if item.cancelled:
            raise RunnerupError(f"reminder #{item.number} ({item.id}) was cancelled; nothing to do")
        if item not in items:
            items.append(item)
    kernel.record([ReminderDone(reminder=i.id, note=note) for i in items])
    runnerup.emit(
        {"done": [i.id for i in items]},
        text="\n".join(f"done: #{i.number} {i.title}" for i in items),
    )


@click.command()
@click.argument("ref", metavar="REMINDER")
@click.option("--until", "until", required=True, metavar="DATE", help="The new due day or time.")
@click.option("--reason", help="Why (kept in the log).")
def snooze(ref: str, until: str, reason: str | None) -> None:
    """Move a reminder to a later day (a time of day is kept unless you give one)."""
    kernel = runnerup.get_kernel()
    now = kernel.now()
    state: Reminders = kernel.view("reminders")
    item = state.resolve(ref)
    if item.done:
        raise RunnerupError(
            f"reminder #{item.number} ({item.id}) is already done; cannot snooze it"
        )
    if item.cancelled:
        raise RunnerupError(f"reminder #{item.number} ({item.id}) was cancelled; cannot snooze it")
    new = _snoozed_due(item, read_due(until, now), now)
    if new.isoformat() == item.due_iso:
        raise RunnerupError(f"reminder #{item.number} is already due {show_due(new, now)}")
    kernel.record(
        [ReminderRescheduled(reminder=item.id, due=new.isoformat(), reason=reason or "snoozed")]
    )
    runnerup.emit(
        {"reminder": item.id, "due": new.isoformat(), "revision": item.revision + 1},
        text=f"snoozed: #{item.number} {item.title} until {show_due(new, now)}",
    )


def _snoozed_due(item: Reminder, wanted: date | datetime, now: datetime) -> date | datetime:
    tz = _zone(now)
    old = item.due
    if isinstance(old, datetime) and not isinstance(wanted, datetime):
        wanted = datetime.combine(wanted, old.astimezone(tz).time(), tz)
    if isinstance(wanted, datetime):
        if wanted < now:
            raise RunnerupError(f"{show_due(wanted, now)} is in the past; snooze to a later time")
    elif wanted < now.date():
        raise RunnerupError(f"{show_due(wanted, now)} is in the past; snooze to today or later")
    return wanted


@click.command()
@click.argument("app")
@click.argument("title")
@click.option("--on", "on", required=True, metavar="DATE", help="Due day (or day and time).")
@click.option("--note", help="Details shown in the calendar.")
@click.option(
    "--kind", default="custom", show_default=True, help="What it is for (follow-up, ...)."
)
def remind(app: str, title: str, on: str, note: str | None, kind: str) -> None:
    """Put an ad-hoc step for application APP on the agenda."""
    kernel = runnerup.get_kernel()
    now = kernel.now()
    title = " ".join(title.split())
    if not title:
        raise RunnerupError("a reminder needs a title")
    app_id = resolve_application(kernel, app)
    due = read_due(on, now)
    state: Reminders = kernel.view("reminders")
    reminder_id = _new_id(f"{app_id}.{_slug(title)}", state)
    event = ReminderScheduled(
        reminder=reminder_id,
        title=title,
        due=due.isoformat(),
        kind=kind,
        application=app_id,
        notes=note,
    )
    kernel.record([event])
    number = state.next_number
    runnerup.emit(
        {"reminder": reminder_id, "number": number, "due": due.isoformat()},
        text=f"scheduled #{number} {title} for {show_due(due, now)} ({reminder_id})",
    )


def resolve_application(kernel: Kernel, ref: str) -> str:
    """The application id ``ref`` names, through the applications plugin's view."""
    if "applications" in kernel.projections:
        return str(kernel.view("applications").resolve(ref).id)
    # Without that plugin only an exact id of an existing stream is trusted.
    if kernel.store.stream_version(f"application/{ref.strip()}") > 0:
        return ref.strip()
    raise RunnerupError(f"no application {ref!r} (the applications plugin is not installed)")


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")
    return slug or "reminder"


def _new_id(base: str, state: Reminders) -> str:
    if base not in state.items:
        return base
    n = 2
    while f"{base}-{n}" in state.items:
        n += 1
    return f"{base}-{n}"
