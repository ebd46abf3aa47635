"""``plan``: show the search plan, or adjust it with options.

Only real changes are recorded: adding a must-have that is already there,
or setting the target it already has, records nothing. ``--reviewed``
records a review without a change, which resets the agenda's weekly "review
your plan" nudge.
"""

from __future__ import annotations

from typing import Any

import click
import msgspec
import runnerup
from runnerup import RunnerupError
from runnerup.events.plan import PlanUpdated

from . import parse
from .model import Plan

DASH = "\u2013"


def _adds(values: tuple[str, ...], option: str, current: list[str]) -> list[str]:
    have = {c.casefold() for c in current}
    out: list[str] = []
    for value in values:
        text = parse.item(value, option)
        if text.casefold() not in have:
            out.append(text)
            have.add(text.casefold())
    return out


def _drops(values: tuple[str, ...], option: str, current: list[str], what: str) -> list[str]:
    out: list[str] = []
    for value in values:
        text = parse.item(value, option)
        match = next((c for c in current if c.casefold() == text.casefold()), None)
        if match is None:
            listed = "; ".join(current) or "none yet"
            raise RunnerupError(f"{option}: {text!r} is not in the plan ({what}: {listed})")
        if match not in out:
            out.append(match)
    return out


@click.command("plan")
@click.option("--role", "roles", multiple=True, metavar="ROLE", help="Add a target role.")
@click.option("--drop-role", multiple=True, metavar="ROLE", help="Remove a target role.")
@click.option("--sector", "sectors", multiple=True, metavar="S", help="Add a target sector.")
@click.option("--drop-sector", multiple=True, metavar="S", help="Remove a sector.")
@click.option("--must-have", multiple=True, metavar="TEXT", help="Add a must-have.")
@click.option("--drop-must-have", multiple=True, metavar="TEXT", help="Remove a must-have.")
@click.option("--goal", "goals", multiple=True, metavar="TEXT", help="Add a weekly goal.")
@click.option("--drop-goal", multiple=True, metavar="TEXT", help="Remove a weekly goal.")
@click.option("--target-per-workday", metavar="MIN-MAX", help="Outreach letters per work day.")
@click.option("--days-off", metavar="DAYS", help="Days that are not work days: sat,sun.")
@click.option("--reviewed", is_flag=True, help="Record that you reviewed the plan.")
@click.option("--note", help="Why you changed it (kept in the log).")
def plan_command(**options: Any) -> None:
    """Show your search plan, or adjust it.

    The plan keeps the search moving: target roles and sectors, the
    must-haves a job has to meet, weekly goals, and an outreach target of
    letters per work day (default 2-4) that 'agenda' nudges you about.
    """
    kernel = runnerup.get_kernel()
    current: Plan = kernel.view("plan")
    event = _changes(current, options)
    changed = event is not None and any(
        getattr(event, f) not in (None, []) for f in event.__struct_fields__ if f != "note"
    )
    if event is None or (not changed and not options["reviewed"]):
        if event is not None:
            click.echo("plan unchanged", err=True)
        _show(current)
        return
    kernel.record([event])
    _show(kernel.view("plan"), header="plan updated" if changed else "plan reviewed")


def _changes(plan: Plan, o: dict[str, Any]) -> PlanUpdated | None:
    given = any(v not in (None, (), False) for k, v in o.items() if k != "note")
    if not given:
        return None
    low = high = None
    if o["target_per_workday"] is not None:
        low, high = parse.target(o["target_per_workday"])
        if (low, high) == (plan.target_min, plan.target_max):
            low = high = None
    off = parse.days_off(o["days_off"]) if o["days_off"] is not None else None
    if off is not None and off == sorted(plan.days_off):
        off = None
    return PlanUpdated(
        roles_added=_adds(o["roles"], "--role", plan.roles),
        roles_removed=_drops(o["drop_role"], "--drop-role", plan.roles, "roles"),
        sectors_added=_adds(o["sectors"], "--sector", plan.sectors),
        sectors_removed=_drops(o["drop_sector"], "--drop-sector", plan.sectors, "sectors"),
        must_haves_added=_adds(o["must_have"], "--must-have", plan.must_haves),
        must_haves_removed=_drops(
            o["drop_must_have"], "--drop-must-have", plan.must_haves, "must-haves"
        ),
        weekly_goals_added=_adds(o["goals"], "--goal", plan.weekly_goals),
        weekly_goals_removed=_drops(o["drop_goal"], "--drop-goal", plan.weekly_goals, "goals"),
        target_min=low,
        target_max=high,
        days_off=off,
        note=o["note"],
    )


def _show(plan: Plan, header: str | None = None) -> None:
    data = msgspec.to_builtins(plan)
    days_off = ", ".join(parse.DAY_NAMES[d] for d in plan.days_off) or "none"
    when = f"{plan.updated_at:%Y-%m-%d}" if plan.updated_at else "never; set it up with the options"
    lines = [header] if header else []
    lines.append(f"Search plan (last updated {when})")
    for label, values, hint in (
        ("Target roles", plan.roles, "--role ROLE"),
        ("Sectors", plan.sectors, "--sector S"),
        ("Must-haves", plan.must_haves, "--must-have TEXT"),
        ("Weekly goals", plan.weekly_goals, "--goal TEXT"),
    ):
        lines.append(f"  {label + ':':<14}{'; '.join(values) if values else f'(none: {hint})'}")
    lines.append(
        f"  {'Outreach:':<14}{plan.target_min}{DASH}{plan.target_max} letters per work day"
        f" (days off: {days_off})"
    )
    runnerup.emit(data, text="\n".join(lines))
