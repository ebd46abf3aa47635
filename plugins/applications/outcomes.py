"""``rejected``, ``offer``, ``withdraw``, ``closed``: how an application ends.

Rules, kept simple on purpose:

- an application ends once: ``rejected``, ``withdraw`` and ``closed`` are
  refused on an application that already ended ("already rejected on
  DATE"); the exception is a rejection recorded ``--not-final`` ("not this
  round"), which a later final ``rejected`` may follow;
- ``rejected`` after an offer is accepted (an offer can be taken back);
  ``withdraw`` after an offer is accepted (declining it);
- ``offer`` after an ending needs ``--force`` (they came back later);
- dates (``--on``) are days, not in the future, not before the application.

``rejected`` then prints the next-steps plan: everything the follow-through
plugins recorded *because of* this rejection (events whose causation chain
leads to it), read back from the log, so the plan shown is exactly what
was recorded.
"""

from __future__ import annotations

from typing import Any

import click
import runnerup
from runnerup import RecordedEvent, RunnerupError
from runnerup.events.application import (
    STAGES,
    ApplicationClosed,
    ApplicationRejected,
    ApplicationWithdrawn,
    OfferReceived,
)

from .common import (
    MAX_TEXT,
    Target,
    clean,
    kernel,
    local_day,
    parse_on,
    record_for,
    resolve_app,
    show_when,
)
from .model import ENDED_STAGES

VIA = ("email", "phone", "portal")
#: --stage spellings people use, mapped to the recorded stage names.
STAGE_ALIASES = {
    "interviewing": "interview",
    "cv": "applied",
    "resume": "applied",
    "onsite": "final",
}
#: The rejection stage implied by how far the application got.
DEFAULT_STAGE = {
    "applied": "applied",
    "screening": "screening",
    "interviewing": "interview",
    "offer": "offer",
}
NOTHING_CAUSED = "recorded; no follow-up plugins are installed"


@click.command("rejected")
@click.argument("app")
@click.option("--stage", help=f"How far it got: {', '.join(STAGES)} (default: from the record).")
@click.option("--on", "on", metavar="DATE", help="When they said no (default: today).")
@click.option("--via", help=f"How the news came: {', '.join(VIA)}.")
@click.option("--note", help="What they said.")
@click.option("--not-final", is_flag=True, help='"Not this round": the process may come back.')
def rejected_command(
    app: str, stage: str | None, on: str | None, via: str | None, note: str | None, not_final: bool
) -> None:
    """Record a rejection, then print the next-steps plan it set off."""
    k = kernel()
    target = resolve_app(k, app)
    a = target.app
    if a.stage == "rejected" and (a.rejection is None or a.rejection.final):
        raise RunnerupError(f"{a.id} was already rejected on {_ended_on(a, k)}")
    if a.stage in ("withdrawn", "closed"):
        raise RunnerupError(f"{a.id} was already {a.stage} on {_ended_on(a, k)}; nothing to reject")
    if stage is not None:
        chosen = _stage(stage)
    elif a.rejection is not None:  # the final word after a "not this round"
        chosen = a.rejection.stage
    else:
        chosen = DEFAULT_STAGE.get(a.stage, "interview")
    channel = _via(via)
    note = clean(note, "--note", limit=MAX_TEXT, multiline=True)
    when = parse_on(on, k, not_before=a.applied_at)
    event = ApplicationRejected(
        application=a.id, stage=chosen, via=channel, note=note, final=not not_final
    )
    position = record_for(k, target, [event], occurred_at=when)[-1]
    caused = caused_by(k, position)
    if runnerup.get_app().json:
        runnerup.emit([e.to_dict() for e in caused])
        return
    day = local_day(when or k.now(), k.now())
    lines = [
        f"{a.id}: rejected at the {chosen} stage on {day}" + ("" if event.final else " (not final)")
    ]
    steps = plan_lines(caused, k.now())
    if steps:
        lines.append("Next steps:")
        lines += [f"  {n}. {step}" for n, step in enumerate(steps, 1)]
    elif caused:
        lines.append(f"recorded; {len(caused)} follow-up events (see 'runnerup events log')")
    else:
        lines.append(NOTHING_CAUSED)
    click.echo("\n".join(lines))


@click.command("offer")
@click.argument("app")
@click.option("--note", help="Terms, deadline, people.")
@click.option("--on", "on", metavar="DATE", help="When it came (default: today).")
@click.option("--force", is_flag=True, help="Record it even though the application had ended.")
def offer_command(app: str, note: str | None, on: str | None, force: bool) -> None:
    """Record an offer."""
    k = kernel()
    target = resolve_app(k, app)
    a = target.app
    if a.stage == "offer":
        raise RunnerupError(f"{a.id} already has an offer (since {_ended_on(a, k)})")
    if a.stage in ENDED_STAGES and not force:
        raise RunnerupError(
            f"{a.id} was {a.stage} on {_ended_on(a, k)}; "
            "use --force if they came back with an offer"
        )
    note = clean(note, "--note", limit=MAX_TEXT, multiline=True)
    _end(k, target, OfferReceived(application=a.id, note=note), on, "offer recorded")


@click.command("withdraw")
@click.argument("app")
@click.option("--reason", help="Why (a poor fit: pay, scope, people, values).")
@click.option("--on", "on", metavar="DATE", help="When (default: today).")
@click.option("--not-poor-fit", is_flag=True, help="Withdrawn for another reason than fit.")
def withdraw_command(app: str, reason: str | None, on: str | None, not_poor_fit: bool) -> None:
    """Withdraw from an application, usually because it is a poor fit."""
    k = kernel()
    target = resolve_app(k, app)
    _refuse_ended(target, k)
    reason = clean(reason, "--reason", limit=MAX_TEXT, multiline=True)
    event = ApplicationWithdrawn(
        application=target.app.id, reason=reason, poor_fit=not not_poor_fit
    )
    _end(k, target, event, on, "withdrawn")


@click.command("closed")
@click.argument("app")
@click.option("--note", help="What happened to the role.")
@click.option("--on", "on", metavar="DATE", help="When (default: today).")
def closed_command(app: str, note: str | None, on: str | None) -> None:
    """Record that the employer closed the role without a decision."""
    k = kernel()
    target = resolve_app(k, app)
    _refuse_ended(target, k)
    note = clean(note, "--note", limit=MAX_TEXT, multiline=True)
    _end(k, target, ApplicationClosed(application=target.app.id, note=note), on, "closed")


def caused_by(k: runnerup.Kernel, position: int) -> list[RecordedEvent]:
    """Every event recorded because of ``position``, directly or through others."""
    chain = {position}
    caused = []
    for event in k.read(after=position):
        if event.meta.causation in chain:
            chain.add(event.position)
            caused.append(event)
    return caused


def plan_lines(events: list[RecordedEvent], now: Any) -> list[str]:
    """One line per step: anything with a ``title`` (and ``due``) or a ``subject``.

    Generic on purpose: the follow-through plugins own their event types
    (reminders, drafts); any event that has a title or a subject is a step.
    """
    lines = []
    for event in events:
        data = event.data
        title = getattr(data, "title", None)
        due = getattr(data, "due", None)
        subject = getattr(data, "subject", None)
        if isinstance(title, str) and title:
            lines.append(f"{title} (due {show_when(due, now)})" if due is not None else title)
        elif isinstance(subject, str) and subject:
            lines.append(f"draft: {subject}")
    return lines


def _end(
    k: runnerup.Kernel, target: Target, event: runnerup.Event, on: str | None, what: str
) -> None:
    when = parse_on(on, k, not_before=target.app.applied_at)
    position = record_for(k, target, [event], occurred_at=when)[-1]
    day = local_day(when or k.now(), k.now())
    data = {"application": target.app.id, "type": type(event).event_type(), "position": position}
    runnerup.emit(data, text=f"{target.app.id}: {what} on {day}")


def _refuse_ended(target: Target, k: runnerup.Kernel) -> None:
    a = target.app
    if a.stage in ENDED_STAGES:
        raise RunnerupError(f"{a.id} was already {a.stage} on {_ended_on(a, k)}")


def _ended_on(a: Any, k: runnerup.Kernel) -> str:
    when = a.outcome_at or a.stage_since
    return local_day(when, k.now()).isoformat()


def _stage(value: str) -> str:
    key = value.strip().lower()
    key = STAGE_ALIASES.get(key, key)
    if key not in STAGES:
        raise RunnerupError(f"--stage {value!r}: use one of {', '.join(STAGES)}")
    return key


def _via(value: str | None) -> str | None:
    if value is None:
        return None
    key = value.strip().lower()
    if key not in VIA:
        raise RunnerupError(f"--via {value!r}: use one of {', '.join(VIA)}")
    return key
