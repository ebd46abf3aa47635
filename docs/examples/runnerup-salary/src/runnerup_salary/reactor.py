"""What each step of a negotiation asks of you next, as events to record.

- ``salary.offered``: a reminder to reply within two work days.
- ``salary.countered``: a follow-up draft (the drafting plugin renders it from
  the ``salary_follow_up`` template) and a reminder to send it if the
  employer has not answered within three work days.
- every step: the reminders of the earlier steps that are still open are
  cancelled, because this step answered them.

A reactor only returns events. It never writes a file or sends mail (the
drafting plugin writes the ``.eml`` from the recorded draft), and it derives
every id from the event (negotiation + stream version), never from the clock,
so the same input always gives the same output: the kernel keeps the first
output of a reaction and a replay adds nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from runnerup import Event, ReactionContext, RecordedEvent, RunnerupError
from runnerup.events.draft import DraftRequested
from runnerup.events.reminder import ReminderCancelled, ReminderScheduled

from .events import SalaryCountered, SalaryEvent, SalaryOffered
from .projection import NAME, Negotiation
from .steps import money

REPLY_WORKDAYS = 2
FOLLOW_UP_WORKDAYS = 3
TEMPLATE = "salary_follow_up"


def add_workdays(day: date, n: int) -> date:
    """``n`` working days (Monday to Friday) after ``day``."""
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def reminder_id(negotiation: str, kind: str, version: int) -> str:
    """The reminder (and draft) a step schedules: ``acme.salary-reply-1``, ``….salary-follow-up-2``."""
    step = "reply" if kind == "offered" else "follow-up"
    return f"{negotiation}.salary-{step}-{version}"


def react(event: RecordedEvent, context: ReactionContext) -> list[Event]:
    data = event.data
    if not isinstance(data, SalaryEvent):
        return []
    item = context.view(NAME).items.get(data.negotiation)
    if item is None:
        return []
    day = event.occurred_at.astimezone(context.now.tzinfo).date()
    out = _close_earlier(item, event, context)
    if isinstance(data, SalaryOffered):
        out.append(
            ReminderScheduled(
                reminder=reminder_id(item.id, "offered", event.version),
                title=f"Reply to {item.company}'s offer of {money(data.amount, item.currency)}",
                due=add_workdays(day, REPLY_WORKDAYS),
                kind="salary-reply",
                notes="Thank them, ask for the offer in writing, and say when you will answer."
                " Then accept (`runnerup salary agree`) or counter (`runnerup salary counter`).",
            )
        )
    elif isinstance(data, SalaryCountered):
        out += _follow_up(item, data, event, day)
    return out


def _follow_up(
    item: Negotiation, data: SalaryCountered, event: RecordedEvent, day: date
) -> list[Event]:
    draft = reminder_id(item.id, "countered", event.version)
    due = add_workdays(day, FOLLOW_UP_WORKDAYS)
    offer = item.latest("offered")
    return [
        DraftRequested(
            draft=draft,
            kind=TEMPLATE,
            company=item.company,
            role=item.role,
            due=due,
            extra={
                "counter": money(data.amount, item.currency),
                "offer": money(offer.amount, item.currency) if offer else "",
            },
        ),
        ReminderScheduled(
            reminder=draft,
            title=f"No answer from {item.company} on your counter-offer? Send the follow-up",
            due=due,
            kind="salary-follow-up",
            draft=draft,
        ),
    ]


def _close_earlier(
    item: Negotiation, event: RecordedEvent, context: ReactionContext
) -> list[Event]:
    """Cancel the open reminders of the steps before ``event``: it answered them."""
    try:
        reminders = context.view("reminders").items  # the reminders plugin's documented view
    except RunnerupError:  # that plugin is disabled: there is nothing to cancel
        return []
    reason = f"answered by {event.type}"
    out: list[Event] = []
    for step in item.steps:
        if step.kind == "agreed" or step.version >= event.version:
            continue
        rid = reminder_id(item.id, step.kind, step.version)
        found = reminders.get(rid)
        if found is not None and found.is_open:
            out.append(ReminderCancelled(reminder=rid, reason=reason))
    return out
