"""``outreach`` and ``activity``: 2-4 letters per work day, counted honestly.

Only work days count against the target: weekends and the plan's days off
never show as a miss, and letters written on them still count in the
totals. The window starts at the first recorded letter, so someone who
started last week does not see a month of "missed".
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import click
import runnerup
from runnerup import DateParseError, Event, RunnerupError
from runnerup.events.contact import ContactAdded
from runnerup.events.plan import OUTREACH_KINDS, OutreachSent

from . import parse
from .model import Activity, Plan

if TYPE_CHECKING:
    from runnerup import Kernel

DASH = "\u2013"


@click.command()
@click.argument("company")
@click.option("--kind", type=click.Choice(OUTREACH_KINDS), default="pain-letter", show_default=True)
@click.option("--contact", metavar='"Name <email>"', help="Who you wrote to.")
@click.option("--note", help="What it was about.")
@click.option("--on", "on", metavar="DATE", help="When you sent it (default: today).")
def outreach(
    company: str, kind: str, contact: str | None, note: str | None, on: str | None
) -> None:
    """Record an outreach letter to COMPANY (a pain letter, by default)."""
    kernel = runnerup.get_kernel()
    today = kernel.now().date()
    company = parse.item(company, "COMPANY")
    day = today
    if on is not None:
        try:
            day = runnerup.parse_day(on, today=today)
        except DateParseError as exc:
            raise RunnerupError(f"--on: {exc}") from None
        if day > today:
            raise RunnerupError(f"--on {on}: outreach is recorded once sent, not ahead ({day})")
    events: list[Event] = []
    contact_id = None
    if contact is not None:
        contact_id, added = _contact(kernel, contact, company)
        events += added
    events.append(OutreachSent(company=company, on=day, kind=kind, contact=contact_id, note=note))
    kernel.record(events)
    plan: Plan = kernel.view("plan")
    count = kernel.view("activity").count_on(day)
    target = f"{plan.target_min}{DASH}{plan.target_max}"
    status = f"{count} of {target} letters"
    if not plan.is_workday(day):
        status = f"{count} letters (a day off: it all counts as extra)"
    elif count >= plan.target_min:
        status += ": target reached"
    when = "today" if day == today else f"on {day:%a} {day:%Y-%m-%d}"
    runnerup.emit(
        {"company": company, "kind": kind, "on": day, "contact": contact_id, "count": count},
        text=f"recorded {kind} to {company}; {when}: {status}",
    )


def _contact(kernel: Kernel, text: str, company: str) -> tuple[str, list[Event]]:
    """The contact id for ``text``: a known person, or a new sealed one."""
    if "contacts" in kernel.projections:
        known = kernel.view("contacts").find(text, kernel.vault)
        if known is not None:
            return str(known.id), []
    name, email = parse.contact(text)
    if "contact.added" not in kernel.registry.types:
        raise RunnerupError("--contact needs the applications plugin, which keeps contacts")
    contact_id = f"c-{secrets.token_hex(5)}"
    vault = kernel.vault
    sealed_email = vault.seal(contact_id, email) if email else None
    added = ContactAdded(
        contact=contact_id, name=vault.seal(contact_id, name), email=sealed_email, company=company
    )
    return contact_id, [added]


def _workdays(plan: Plan, start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if plan.is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def streak(plan: Plan, activity: Activity, today: date) -> int:
    """Work days in a row at target, back from today (today only once it is met)."""
    first = activity.first_day
    if first is None:
        return 0
    count, day = 0, today
    while day >= first:
        if plan.is_workday(day):
            if activity.count_on(day) >= plan.target_min:
                count += 1
            elif day != today:
                break
        day -= timedelta(days=1)
    return count


@click.command()
@click.option("--weeks", type=click.IntRange(1, 104), default=2, show_default=True)
def activity(weeks: int) -> None:
    """Outreach letters per work day against your target, and your streak."""
    kernel = runnerup.get_kernel()
    today = kernel.now().date()
    plan: Plan = kernel.view("plan")
    state: Activity = kernel.view("activity")
    first = state.first_day
    if first is None:
        runnerup.emit(
            {"days": [], "streak": 0, "letters": 0},
            text="No outreach recorded yet. Record a letter: runnerup outreach COMPANY",
        )
        return
    start = max(first, today - timedelta(weeks=weeks) + timedelta(days=1))
    rows: list[dict[str, Any]] = []
    for day in _workdays(plan, start, today):
        n = state.count_on(day)
        met = n >= plan.target_min
        rows.append(
            {
                "day": f"{day:%a} {day:%Y-%m-%d}",
                "letters": n,
                "target": f"{plan.target_min}{DASH}{plan.target_max}",
                "status": "met" if met else ("in progress" if day == today else "below target"),
                "companies": [letter.company for letter in state.on_day(day)],
            }
        )
    total = sum(state.count_on(start + timedelta(days=i)) for i in range((today - start).days + 1))
    on_work = sum(r["letters"] for r in rows)
    days_met = sum(1 for r in rows if r["status"] == "met")
    current = streak(plan, state, today)
    data = {
        "days": rows,
        "streak": current,
        "letters": total,
        "work_days": len(rows),
        "met": days_met,
    }
    if runnerup.get_app().json:
        runnerup.emit(data)
        return
    runnerup.emit_table(rows, ["day", "letters", "target", "status", "companies"])
    extra = f", plus {total - on_work} on days off" if total > on_work else ""
    click.echo(
        f"\n{_n(on_work, 'letter')} over {_n(len(rows), 'work day')}{extra};"
        f" target met on {days_met}.\nStreak: {_n(current, 'work day')} in a row at target."
    )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
