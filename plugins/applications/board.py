"""``board [--as-of DATE] [--open] [--all]``: the pipeline at a glance, grouped by stage.

Order: applied, screening, interviewing, offer, then the endings rejected,
ghosted, withdrawn, closed. "Ghosted" is not recorded: an open application
with nothing for ``[applications] ghosted_after_days`` days (default 21) is
shown as ghosted as of "now" (see ``Application.is_ghosted``).

The table shows every application still going, and of the ended ones
(rejected, ghosted, withdrawn, closed) the 25 most recent, with one line
counting the rest: ``(10,265 older ended applications not shown: runnerup
board --all)``. ``--all`` shows them all, ``--open`` none; ``--json`` always
lists every application.

``--as-of DATE`` folds the log as it was then (a day means the end of that
day) and uses that moment as "now" for days and ghosting.

The next step of each application shown comes from the ``reminders``
projection when a plugin registers one. Expected shape (read defensively;
any missing attribute means "no next step"): the state has ``items:
dict[str, Reminder]``, and a reminder has ``application: str | None``,
``due: date | datetime`` (or ISO text), ``title: str``, ``done: bool`` and
``cancelled: bool``; a state with ``next_steps(app_ids, tz) -> dict[str,
Reminder]`` answers without the board looking through every reminder. The
earliest open one is shown. A ghosted application without one gets a
suggestion to send a single follow-up.

``--json`` prints a list, one object per application, in board order, with
the keys: ``id, company, role, stage`` (as shown: may be ``ghosted``),
``recorded_stage, round, rounds_completed, days_in_stage, since,
applied_at, last_activity_at`` (ISO 8601), ``ghosted`` (bool) and ``next``
(``{"title", "due"}`` or null; ``due`` is an ISO date or date-time).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
#: Ended applications the table shows unless --all (the most recent ones).
ENDED_SHOWN = 25


@click.command("board")
@click.option("--as-of", "as_of", metavar="DATE", help="Show the board as it was then.")
@click.option("--open", "only_open", is_flag=True, help="Leave out the ended applications.")
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help=f"Show every ended application, not only the {ENDED_SHOWN} most recent.",
)
def board_command(as_of: str | None, only_open: bool, show_all: bool) -> None:
    """Show the applications by stage, with days in stage and the next step.

    Every application still going is shown; of the ended ones (rejected,
    ghosted, withdrawn, closed) the most recent, with a count of the rest.
    """
    k = kernel()
    moment = _as_of(as_of, k.now()) if as_of is not None else None
    now = moment or k.now()
    days = ghosted_days(k)
    as_json = runnerup.get_app().json
    # A long search ends with thousands of closed doors: the table keeps the
    # recent ones (and stays quick); --json and --all keep every one.
    limit = 0 if only_open else None if show_all or as_json else ENDED_SHOWN
    apps, hidden = k.view("applications", as_of=moment).pick(now, days, limit)
    steps = next_steps(k, moment, now, [app.id for app in apps])
    rows = [_row(app, app.shown_stage(now, days), now, days, steps.get(app.id)) for app in apps]
    rows.sort(key=lambda r: (BOARD_ORDER.index(r["stage"]), -r["days_in_stage"], r["id"]))
    if as_json:
        runnerup.emit([_json_row(r) for r in rows])
        return
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
    )
    if hidden and not only_open:
        click.echo(f"({hidden:,} older ended applications not shown: runnerup board --all)")


def next_steps(
    k: runnerup.Kernel, moment: datetime | None, now: datetime, app_ids: Sequence[str]
) -> dict[str, tuple[str, Any]]:
    """application id -> (title, due) of its earliest open reminder, for ``app_ids``."""
    if "reminders" not in k.projections or not app_ids:
        return {}
    state = k.view("reminders", as_of=moment)
    finder = getattr(state, "next_steps", None)
    if callable(finder):
        try:
            found = finder(app_ids, now.tzinfo)
            return {
                app_id: (str(getattr(r, "title", "") or "reminder"), r.due)
                for app_id, r in found.items()
            }
        except (AttributeError, TypeError, ValueError):
            pass  # another shape: look through the items as below
    return _scan_steps(getattr(state, "items", None), set(app_ids), now)


def _scan_steps(items: Any, wanted: set[str], now: datetime) -> dict[str, tuple[str, Any]]:
    if not isinstance(items, Mapping):
        return {}
    best: dict[str, tuple[datetime, str, Any]] = {}
    for reminder in items.values():
        app_id = getattr(reminder, "application", None)
        due = getattr(reminder, "due", None)
        if (
            app_id not in wanted
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
        "round": app.round,
        "days_in_stage": app.days_in_stage(now, days),
        "ghosted": shown == "ghosted",
        "next": step,
        "app": app,
    }


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row as ``--json`` documents it (the module docstring); only JSON needs the dates."""
    app: Application = row["app"]
    return {
        "id": row["id"],
        "company": row["company"],
        "role": row["role"],
        "stage": row["stage"],
        "recorded_stage": app.stage,
        "round": row["round"],
        "rounds_completed": list(app.rounds_completed),
        "days_in_stage": row["days_in_stage"],
        "since": (app.quiet_since() if row["ghosted"] else app.stage_since).isoformat(),
        "applied_at": app.applied_at.isoformat(),
        "last_activity_at": app.last_activity_at.isoformat(),
        "ghosted": row["ghosted"],
        "next": _next_json(row["next"]),
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
