"""``board [--as-of DATE]``: the pipeline at a glance, grouped by stage.

Order: applied, screening, interviewing, offer, then the endings rejected,
ghosted, withdrawn, closed. "Ghosted" is not recorded: an open application
with nothing for ``[applications] ghosted_after_days`` days (default 21) is
shown as ghosted as of "now" (see ``Application.is_ghosted``).

``--as-of DATE`` folds the log as it was then (a day means the end of that
day) and uses that moment as "now" for days and ghosting.

The next step of each application comes from the ``reminders`` projection
when a plugin registers one. Expected shape (read defensively; any missing
attribute means "no next step"): the state has ``items: dict[str,
Reminder]``, and a reminder has ``application: str | None``, ``due: date |
datetime`` (or ISO text), ``title: str``, ``done: bool`` and ``cancelled:
bool``. The
earliest open one is shown. A ghosted application without one gets a
suggestion to send a single follow-up.

``--json`` prints a list, one object per application, in board order, with
the keys: ``id, company, role, stage`` (as shown: may be ``ghosted``),
``recorded_stage, round, rounds_completed, days_in_stage, since,
applied_at, last_activity_at`` (ISO 8601), ``ghosted`` (bool) and ``next``
(``{"title", "due"}`` or null; ``due`` is an ISO date or date-time).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

import click
import runnerup
from runnerup import RunnerupError

from .common import as_when, ghosted_days, kernel, show_when
from .model import Application

BOARD_ORDER = (
    "applied",
    "screening",
    "interviewing",
    "offer",
    "rejected",
    "ghosted",
    "withdrawn",
    "closed",
)
FOLLOW_UP = "suggested: send one follow-up, then let it go"


@click.command("board")
@click.option("--as-of", "as_of", metavar="DATE", help="Show the board as it was then.")
@click.option("--open", "only_open", is_flag=True, help="Leave out the ended applications.")
def board_command(as_of: str | None, only_open: bool) -> None:
    """Show every application by stage, with days in stage and the next step."""
    k = kernel()
    moment = _as_of(as_of, k.now()) if as_of is not None else None
    now = moment or k.now()
    days = ghosted_days(k)
    apps = k.view("applications", as_of=moment).items.values()
    steps = next_steps(k, moment, now)
    rows = []
    for app in apps:
        shown = app.shown_stage(now, days)
        if only_open and shown not in ("applied", "screening", "interviewing", "offer"):
            continue
        rows.append(_row(app, shown, now, days, steps.get(app.id)))
    rows.sort(key=lambda r: (BOARD_ORDER.index(r["stage"]), -r["days_in_stage"], r["id"]))
    table = [
        {
            "stage": _label(r),
            "application": r["id"],
            "company": r["company"],
            "role": r["role"],
            "days": r["days_in_stage"],
            "next": _next_text(r, now),
        }
        for r in rows
    ]
    runnerup.emit_table(
        table,
        ["stage", "application", "company", "role", "days", "next"],
        empty="(no applications yet; start with 'runnerup apply COMPANY --role ROLE')",
        json_rows=[{**r, "next": _next_json(r["next"])} for r in rows],
    )


def next_steps(
    k: runnerup.Kernel, moment: datetime | None, now: datetime
) -> dict[str, tuple[str, Any]]:
    """application id -> (title, due) of its earliest open reminder, if any."""
    if k.projections.get("reminders") is None:
        return {}
    items = getattr(k.view("reminders", as_of=moment), "items", None)
    if not isinstance(items, Mapping):
        return {}
    best: dict[str, tuple[datetime, str, Any]] = {}
    for reminder in items.values():
        app_id = getattr(reminder, "application", None)
        due = getattr(reminder, "due", None)
        if (
            not app_id
            or due is None
            or getattr(reminder, "done", False)
            or getattr(reminder, "cancelled", False)
        ):
            continue
        key = _sortable(due, now)
        if key is not None and (app_id not in best or key < best[app_id][0]):
            best[app_id] = (key, str(getattr(reminder, "title", "") or "reminder"), due)
    return {app_id: (title, due) for app_id, (_, title, due) in best.items()}


def _row(
    app: Application, shown: str, now: datetime, days: int, step: tuple[str, Any] | None
) -> dict[str, Any]:
    return {
        "id": app.id,
        "company": app.company,
        "role": app.role,
        "stage": shown,
        "recorded_stage": app.stage,
        "round": app.round,
        "rounds_completed": list(app.rounds_completed),
        "days_in_stage": app.days_in_stage(now, days),
        "since": (app.quiet_since() if shown == "ghosted" else app.stage_since).isoformat(),
        "applied_at": app.applied_at.isoformat(),
        "last_activity_at": app.last_activity_at.isoformat(),
        "ghosted": shown == "ghosted",
        "next": step,
    }


def _label(row: dict[str, Any]) -> str:
    if row["stage"] == "interviewing" and row["round"]:
        return f"interviewing (round {row['round']})"
    return str(row["stage"])


def _next_text(row: dict[str, Any], now: datetime) -> str | None:
    step = row["next"]
    if step is not None:
        return f"{step[0]} ({show_when(step[1], now)})"
    return FOLLOW_UP if row["ghosted"] else None


def _next_json(step: tuple[str, Any] | None) -> dict[str, Any] | None:
    if step is None:
        return None
    title, due = step
    return {
        "title": title,
        "due": due.isoformat() if isinstance(due, date | datetime) else str(due),
    }


def _sortable(due: Any, now: datetime) -> datetime | None:
    due = as_when(due)
    if isinstance(due, datetime):
        return due if due.tzinfo else due.replace(tzinfo=now.tzinfo)
    if isinstance(due, date):
        return datetime.combine(due, time(), now.tzinfo)
    return None


def _as_of(text: str, now: datetime) -> datetime:
    """A day means its end (everything recorded that day); a time means itself."""
    try:
        day = runnerup.parse_day(text, today=now.date())
    except runnerup.DateParseError:
        day = None
    try:
        if day is not None:
            return runnerup.parse_when((day + timedelta(days=1)).isoformat(), now=now) - timedelta(
                microseconds=1
            )
        return runnerup.parse_when(text, now=now)
    except runnerup.DateParseError as exc:
        raise RunnerupError(f"--as-of: {exc}") from None
