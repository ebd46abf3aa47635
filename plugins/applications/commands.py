"""``apply``, ``interview``, ``interviewed``, ``responded``, ``feedback``.

The commands that move an application forward. Each one validates all of
its input, then records once; see :mod:`.outcomes` for the endings and
:mod:`.contact_commands` for people.

Transition rules (the fold in :mod:`.projections` follows whatever is
recorded; these are what the commands allow):

- ``interview`` schedules round ``--round`` (default: the round after the
  highest known one); scheduling a round again reschedules it; a round that
  already took place cannot be scheduled. After an ending (rejected,
  withdrawn, closed, offer) only an interview dated before it (``--at``) is
  accepted: that is history entered late.
- ``interviewed`` marks a round as done (default: the earliest scheduled
  round not done yet, else the next one); a round is done only once. It is
  accepted after an ending too: people record the interview after the "no".
- ``responded`` is refused once the application has ended; ``feedback`` is
  accepted at any stage.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import click
import runnerup
from runnerup import NO_STREAM, RunnerupError
from runnerup.events.application import (
    ApplicationSubmitted,
    FeedbackReceived,
    InterviewCompleted,
    InterviewScheduled,
    ResponseReceived,
)

from .common import (
    MAX_TEXT,
    applications,
    clean,
    contact_events,
    kernel,
    local_day,
    parse_at,
    parse_on,
    record_for,
    required,
    resolve_app,
    show_when,
)
from .model import ENDED_STAGES
from .themes import normalise_theme, tag_themes

MAX_ROUND = 20


@click.command("apply")
@click.argument("company")
@click.option("--role", required=True, help="The role applied for.")
@click.option("--contact", "contact_ref", metavar='"NAME <EMAIL>"', help="The hiring contact.")
@click.option("--source", help="Where the role was found (referral, LinkedIn, …).")
@click.option("--on", "on", metavar="DATE", help="When you applied (default: today).")
@click.option("--url", help="The job posting.")
@click.option("--location", help="Where the job is.")
def apply_command(
    company: str,
    role: str,
    contact_ref: str | None,
    source: str | None,
    on: str | None,
    url: str | None,
    location: str | None,
) -> None:
    """Track a new application; prints its id (e.g. acme-data-engineer)."""
    k = kernel()
    company = required(company, "the company name")
    role = required(role, "--role")
    source = clean(source, "--source")
    location = clean(location, "--location")
    url = _url(url)
    when = parse_on(on, k)
    app_id = applications(k).new_id(company, role)
    contact_id: str | None = None
    events: list[runnerup.Event] = []
    if contact_ref is not None:
        contact_id, events = contact_events(
            k, contact_ref, company=company, application=app_id, match_names=False
        )
    applied_on = local_day(when or k.now(), k.now())
    submitted = ApplicationSubmitted(
        application=app_id,
        company=company,
        role=role,
        source=source,
        contact=contact_id,
        url=url,
        location=location,
        applied_on=applied_on,
    )
    stream = f"application/{app_id}"
    positions = k.record(
        [*events, submitted], stream=stream, expected_version=NO_STREAM, occurred_at=when
    )
    data = {
        "application": app_id,
        "company": company,
        "role": role,
        "contact": contact_id,
        "applied_on": applied_on.isoformat(),
        "position": positions[-1],
    }
    runnerup.emit(data, text=app_id)


@click.command("interview")
@click.argument("app")
@click.option("--round", "round_", type=int, help="Interview round (default: the next one).")
@click.option("--at", "at", metavar="DATETIME", help="When it takes place (e.g. 'tue 14:00').")
@click.option(
    "--with", "with_", metavar="CONTACT", help='Interviewer: a known contact or "Name <email>".'
)
def interview_command(app: str, round_: int | None, at: str | None, with_: str | None) -> None:
    """Record that an interview round was arranged."""
    k = kernel()
    target = resolve_app(k, app)
    a = target.app
    when = parse_at(at, k)
    number = a.next_round if round_ is None else _round(round_)
    existing = a.interview(number)
    if existing is not None and existing.completed:
        raise RunnerupError(
            f"round {number} of {a.id} already took place; the next is round {a.next_round}"
        )
    ended = a.stage in (*ENDED_STAGES, "offer")
    if ended and a.outcome_at is not None and (when is None or when > a.outcome_at):
        raise RunnerupError(
            f"{a.id} is {a.stage} since {local_day(a.outcome_at, k.now())}; "
            "only an earlier interview can be recorded (give --at)"
        )
    contact_id, events = _interviewer(k, with_, a.company, a.id)
    events.append(InterviewScheduled(application=a.id, round=number, at=when, contact=contact_id))
    positions = record_for(k, target, events, occurred_at=None)
    text = f"{a.id}: interview round {number} scheduled" + (
        f" for {show_when(when, k.now())}" if when else " (no time yet)"
    )
    data = {
        "application": a.id,
        "round": number,
        "at": when,
        "contact": contact_id,
        "position": positions[-1],
    }
    runnerup.emit(data, text=text)


@click.command("interviewed")
@click.argument("app")
@click.option(
    "--round", "round_", type=int, help="Round done (default: the earliest one scheduled)."
)
@click.option("--note", help="How it went, what they asked.")
@click.option("--on", "on", metavar="DATE", help="When it took place (default: today).")
@click.option(
    "--with", "with_", metavar="CONTACT", help="Interviewer, if not given when scheduled."
)
def interviewed_command(
    app: str, round_: int | None, note: str | None, on: str | None, with_: str | None
) -> None:
    """Record that an interview round took place."""
    k = kernel()
    target = resolve_app(k, app)
    a = target.app
    note = clean(note, "--note", limit=MAX_TEXT, multiline=True)
    when = parse_on(on, k, not_before=a.applied_at)
    pending = [i.round for i in a.interviews if not i.completed]
    number = _round(round_) if round_ is not None else (min(pending) if pending else a.next_round)
    existing = a.interview(number)
    if existing is not None and existing.completed:
        raise RunnerupError(f"round {number} of {a.id} is already recorded as done")
    contact_id, events = _interviewer(k, with_, a.company, a.id)
    contact_id = contact_id or (existing.contact if existing else None)
    events.append(InterviewCompleted(application=a.id, round=number, note=note, contact=contact_id))
    positions = record_for(k, target, events, occurred_at=when)
    data = {"application": a.id, "round": number, "contact": contact_id, "position": positions[-1]}
    runnerup.emit(data, text=f"{a.id}: interview round {number} done")


@click.command("responded")
@click.argument("app")
@click.option("--note", help="What they said.")
@click.option("--on", "on", metavar="DATE", help="When they replied (default: today).")
def responded_command(app: str, note: str | None, on: str | None) -> None:
    """Record that the employer replied (a screening call, a request for more)."""
    k = kernel()
    target = resolve_app(k, app)
    a = target.app
    if a.stage in ENDED_STAGES and a.outcome_at is not None:
        raise RunnerupError(
            f"{a.id} is {a.stage} since {local_day(a.outcome_at, k.now())}; "
            "record what they said with 'runnerup feedback'"
        )
    note = clean(note, "--note", limit=MAX_TEXT, multiline=True)
    when = parse_on(on, k, not_before=a.applied_at)
    positions = record_for(
        k, target, [ResponseReceived(application=a.id, note=note)], occurred_at=when
    )
    runnerup.emit(
        {"application": a.id, "position": positions[-1]}, text=f"{a.id}: response recorded"
    )


@click.command("feedback")
@click.argument("app")
@click.argument("text")
@click.option(
    "--from", "from_", metavar="CONTACT", help='Who gave it: a known contact or "Name <email>".'
)
@click.option("--theme", "themes", multiple=True, help="Add a theme by hand (repeatable).")
@click.option("--on", "on", metavar="DATE", help="When it came (default: today).")
def feedback_command(
    app: str, text: str, from_: str | None, themes: tuple[str, ...], on: str | None
) -> None:
    """Record the employer's feedback; themes are tagged from its words."""
    k = kernel()
    target = resolve_app(k, app)
    a = target.app
    body = required(text, "the feedback text", limit=MAX_TEXT)
    tagged = tag_themes(body)
    for value in themes:
        theme = normalise_theme(value)
        if theme is None:
            raise RunnerupError(
                f"--theme {value!r}: use a short lowercase word like 'technical-depth'"
            )
        if theme not in tagged:
            tagged.append(theme)
    when = parse_on(on, k, not_before=a.applied_at)
    contact_id, events = _interviewer(k, from_, a.company, a.id)
    events.append(FeedbackReceived(application=a.id, text=body, contact=contact_id, themes=tagged))
    positions = record_for(k, target, events, occurred_at=when)
    shown = ", ".join(tagged) if tagged else "none found; add --theme"
    data = {"application": a.id, "themes": tagged, "contact": contact_id, "position": positions[-1]}
    runnerup.emit(data, text=f"{a.id}: feedback recorded (themes: {shown})")


def _interviewer(
    k: runnerup.Kernel, ref: str | None, company: str, app_id: str
) -> tuple[str | None, list[runnerup.Event]]:
    if ref is None:
        return None, []
    contact_id, events = contact_events(
        k, ref, company=company, application=app_id, match_names=True
    )
    return contact_id, list(events)


def _round(value: int) -> int:
    if not 1 <= value <= MAX_ROUND:
        raise RunnerupError(f"--round must be between 1 and {MAX_ROUND}, not {value}")
    return value


def _url(value: str | None) -> str | None:
    text = clean(value, "--url", limit=2000)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        raise RunnerupError(f"--url {text!r} is not an http(s) address")
    return text
