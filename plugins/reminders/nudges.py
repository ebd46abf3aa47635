"""The lines under the agenda that keep the whole search moving.

They read other plugins' views (``plan``, ``activity``, ``applications``)
by duck typing, because plugins never import each other: a view that is not
registered, or does not have the expected shape, simply gives no nudge. The
shapes used are the ones those plugins document on their state objects.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from runnerup import RunnerupError

from .model import Reminders

if TYPE_CHECKING:
    from runnerup import Kernel

REVIEW_AFTER_DAYS = 7
DEFAULT_GHOSTED_DAYS = 21
_SHAPE_ERRORS = (AttributeError, TypeError, ValueError, KeyError)


def _view(kernel: Kernel, name: str) -> Any:
    if name not in kernel.projections:
        return None
    try:
        return kernel.view(name)
    except RunnerupError:
        return None


def outreach(kernel: Kernel, today: date) -> dict[str, Any] | None:
    """``{"sent", "min", "max"}`` when today is a work day and outreach is behind target."""
    plan, activity = _view(kernel, "plan"), _view(kernel, "activity")
    if plan is None or activity is None:
        return None
    try:
        if today.weekday() in set(plan.days_off):
            return None
        sent, low, high = int(activity.count_on(today)), int(plan.target_min), int(plan.target_max)
    except _SHAPE_ERRORS:
        return None
    if sent >= low:
        return None
    return {"sent": sent, "min": low, "max": high}


def plan_review(kernel: Kernel, now: datetime, reminders: Reminders) -> dict[str, Any] | None:
    """``{"days"}`` when a plan exists and was not reviewed for a week.

    Left out while a ``review-plan`` reminder is open: the agenda shows it already.
    """
    if reminders.has_open("review-plan"):
        return None
    plan = _view(kernel, "plan")
    if plan is None:
        return None
    try:
        last = plan.updated_at
        if last is None:
            return None
        days = (now - last).days
    except _SHAPE_ERRORS:
        return None
    return {"days": days} if days >= REVIEW_AFTER_DAYS else None


def ghosted(kernel: Kernel, now: datetime, reminders: Reminders) -> list[dict[str, Any]]:
    """Applications gone quiet, each with one follow-up suggestion.

    An application that already has a ``follow-up`` reminder (open or done)
    gets no suggestion: one follow-up, then let it go.
    """
    apps = _view(kernel, "applications")
    if apps is None:
        return []
    try:
        days = _ghosted_days(kernel, apps)
        quiet = apps.ghosted(now, days)
    except _SHAPE_ERRORS:
        return []
    if not quiet:
        return []
    followed = reminders.applications_with("follow-up")
    out = []
    for app in sorted(quiet, key=lambda a: getattr(a, "id", "")):
        app_id = getattr(app, "id", None)
        if app_id is None or app_id in followed:
            continue
        try:
            silent = (now - app.quiet_since()).days
        except _SHAPE_ERRORS:
            silent = days
        company, role = getattr(app, "company", app_id), getattr(app, "role", "")
        what = f"{company} ({role})" if role else str(company)
        out.append(
            {
                "application": app_id,
                "company": company,
                "role": role,
                "days": silent,
                "suggestion": f"{what}: no reply for {silent} days;"
                " send one short follow-up, then let it go",
            }
        )
    return out


def _ghosted_days(kernel: Kernel, apps: Any) -> int:
    reader = getattr(apps, "ghosted_after_days", None)
    if reader is None:
        return DEFAULT_GHOSTED_DAYS
    try:
        return int(reader(kernel.settings.section("applications")))
    except RunnerupError:
        return DEFAULT_GHOSTED_DAYS
