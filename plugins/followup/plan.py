"""The follow-through steps, as pure functions of what is known and the config.

Each function returns the events to record; ids are derived from the
application and the step (``<application>.<step>``), never from the clock, so
the same input always gives the same output and the kernel's idempotency key
makes a re-run a no-op. A step whose reminder or draft exists already is left
out, so a second "no" for the same application does not schedule it twice.
"""

from __future__ import annotations

from datetime import date, timedelta

from runnerup import Event
from runnerup.events.application import ApplicationRejected, FeedbackReceived, InterviewCompleted
from runnerup.events.draft import DraftRequested
from runnerup.events.reminder import ReminderRescheduled, ReminderScheduled

from .config import PlanConfig
from .state import App

INTERVIEW_STAGES = frozenset({"interview", "interviewing", "final", "onsite", "offer"})
KEEP_IN_TOUCH = "keep-in-touch"


def _step(
    app_id: str,
    app: App,
    step: str,
    *,
    kind: str,
    title: str,
    due: date,
    contact: str | None = None,
    notes: str | None = None,
    draft: DraftRequested | None = None,
) -> list[Event]:
    reminder = f"{app_id}.{step}"
    if reminder in app.reminders:
        return []
    out: list[Event] = [
        ReminderScheduled(
            reminder=reminder,
            title=title,
            due=due,
            kind=kind,
            application=app_id,
            contact=contact,
            draft=draft.draft if draft is not None else None,
            notes=notes,
        )
    ]
    if draft is not None and draft.draft not in app.drafts:
        out.append(draft)
    return out


def interviewed(app: App, stage: str) -> bool:
    """True once the candidate went through at least one real interview round."""
    return stage in INTERVIEW_STAGES or bool(app.rounds)


def rejection(
    app_id: str,
    app: App,
    event: ApplicationRejected,
    day: date,
    last_contact: date,
    cfg: PlanConfig,
) -> list[Event]:
    """The plan after a "no": thank, ask for feedback, reflect, keep in touch, review.

    :param day: the day of the rejection, in the user's zone.
    :param last_contact: the day of the last real contact (the rejection, or a
        later ``contact.reached``), from which keep-in-touch check-ins count.
    """
    company = app.company or app_id
    contact = app.contacts[0] if app.contacts else None
    rounds = max(app.rounds) if app.rounds else None

    def draft(step: str, kind: str, due: date) -> DraftRequested:
        return DraftRequested(
            draft=f"{app_id}.{step}",
            kind=kind,
            application=app_id,
            contact=contact,
            due=due,
            stage=event.stage,
            round=rounds,
            rejected_on=day,
        )

    out: list[Event] = []
    if cfg.thank_you:
        due = day + timedelta(days=cfg.thank_you_days)
        out += _step(
            app_id,
            app,
            "thank-you",
            kind="thank-you",
            due=due,
            contact=contact,
            title=f"Send a thank-you note to {company}: keep the door open",
            draft=draft("thank-you", "thank_you", due),
        )
    if cfg.feedback_request and event.final and interviewed(app, event.stage):
        due = day + timedelta(days=cfg.feedback_request_days)
        out += _step(
            app_id,
            app,
            "feedback-request",
            kind="feedback-request",
            due=due,
            contact=contact,
            title=f"Ask {company} for feedback on your interviews",
            draft=draft("feedback-request", "feedback_request", due),
        )
    if cfg.reflect:
        out += _step(
            app_id,
            app,
            "reflect",
            kind="reflect",
            due=day + timedelta(days=cfg.reflect_days),
            title=f"Reflect on {company}: what went well, what caught you out",
            notes=f"Run `runnerup reflect {app_id}`: what went well, which questions caught you"
            " unprepared, what you learned, what you will do differently.",
        )
    if cfg.keep_in_touch:
        base = max(day, last_contact)
        for n in cfg.keep_in_touch_days:
            step = f"{KEEP_IN_TOUCH}-{n}"
            due = base + timedelta(days=n)
            out += _step(
                app_id,
                app,
                step,
                kind=KEEP_IN_TOUCH,
                due=due,
                contact=contact,
                title=f"Keep in touch with {company} ({n} days after your last contact)",
                notes="The person hired may not work out, or another opening may come up:"
                " a short friendly note keeps you in mind. Invite them to connect, too.",
                draft=draft(step, "keep_in_touch", due),
            )
    if cfg.review_plan:
        out += _step(
            app_id,
            app,
            "review-plan",
            kind="review-plan",
            due=day + timedelta(days=cfg.review_plan_days),
            title=f"Review your search plan after {company}",
            notes="Run `runnerup plan`: are the target roles and must-haves still right?"
            " Adjust them, then keep going.",
        )
    return out


def feedback(
    app_id: str, app: App, event: FeedbackReceived, position: int, day: date, cfg: PlanConfig
) -> list[Event]:
    """Give yourself space, then re-read the feedback with fresh eyes."""
    if not cfg.revisit_feedback:
        return []
    company = app.company or app_id
    return _step(
        app_id,
        app,
        f"revisit-feedback-{position}",
        kind="revisit-feedback",
        due=day + timedelta(days=cfg.revisit_feedback_days),
        contact=event.contact,
        title=f"Revisit the feedback from {company} with fresh eyes",
        notes="Read it again calmly: which points recur, and what one thing"
        " will you practise next?",
    )


def interview_done(
    app_id: str, app: App, event: InterviewCompleted, day: date, cfg: PlanConfig
) -> list[Event]:
    """A thank-you note the same day as an interview round."""
    if not cfg.interview_thanks:
        return []
    company = app.company or app_id
    contact = event.contact or (app.contacts[0] if app.contacts else None)
    step = f"interview-thanks-{event.round}"
    request = DraftRequested(
        draft=f"{app_id}.{step}",
        kind="interview_thanks",
        application=app_id,
        contact=contact,
        due=day,
        round=event.round,
        interviewed_on=day,
    )
    return _step(
        app_id,
        app,
        step,
        kind="thank-you",
        due=day,
        contact=contact,
        title=f"Thank {company} for interview round {event.round}",
        draft=request,
    )


def keep_in_touch_moves(app_id: str, app: App, last_contact: date) -> list[Event]:
    """Count the open keep-in-touch check-ins from the last real contact again."""
    out: list[Event] = []
    for reminder, step in app.reminders.items():
        if step.kind != KEEP_IN_TOUCH or not step.open:
            continue
        days = _days(reminder)
        if days is None:
            continue
        due = last_contact + timedelta(days=days)
        if step.due != due.isoformat():
            out.append(
                ReminderRescheduled(
                    reminder=reminder,
                    due=due,
                    reason=f"{days} days after your last contact on {last_contact}",
                )
            )
    return out


def _days(reminder: str) -> int | None:
    _, _, tail = reminder.rpartition(f".{KEEP_IN_TOUCH}-")
    return int(tail) if tail.isdigit() else None
