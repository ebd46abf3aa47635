"""``.ics``: each calendar event becomes an interview suggestion.

A ``VEVENT`` proposes ``interview.scheduled`` at its start; the round is the
one the title names, else (on accept) one more than the application's
highest round. A cancelled event (``METHOD:CANCEL`` or ``STATUS:CANCELLED``)
proposes a note that the interview was cancelled: there is no "interview
cancelled" fact in the application's lifecycle, and guessing a withdrawal
from it would be wrong. The calendar UID joins the thread ids, so a later
update or cancellation of the same event matches the same application.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runnerup import NewEvent, WatchResult, WatchRule
from runnerup.events.inbox import Proposal, SuggestionMade

from .domains import registrable_domain
from .invites import Invite, parse_invite
from .suggest import auto_accept, find_application, next_number, summary, view_or_none

if TYPE_CHECKING:
    from runnerup import Kernel


def _start(invite: Invite, kernel: Kernel) -> datetime | None:
    start = invite.start
    if isinstance(start, datetime):
        # A floating time means "local time wherever you are": the user's zone.
        return start if start.tzinfo else start.replace(tzinfo=kernel.now().tzinfo)
    return None


def _proposal(invite: Invite, start: datetime | None) -> tuple[str, Proposal]:
    when = start.strftime("%Y-%m-%d %H:%M") if start else _day(invite.start)
    if invite.cancelled:
        text = f"Interview cancelled: {invite.summary or 'calendar event'}" + (
            f" ({when})" if when else ""
        )
        return "cancellation", Proposal(
            type="note.added", data={"text": text, "kind": "interview-cancelled"}
        )
    data: dict[str, Any] = {}
    if start is not None:
        data["at"] = start.isoformat()
    if invite.round is not None:
        data["round"] = invite.round
    if invite.location:
        data["location"] = invite.location[:200]
    return "interview", Proposal(type="interview.scheduled", data=data)


def _day(value: date | datetime | None) -> str | None:
    return (
        value.isoformat() if isinstance(value, date) and not isinstance(value, datetime) else None
    )


def read_invite(path: Path, data: bytes, kernel: Kernel) -> WatchResult:
    """One suggestion per calendar event; raises ValueError for a file that is no calendar."""
    invites = parse_invite(data)
    sha = hashlib.sha256(data).hexdigest()
    first = next_number(kernel)
    auto = auto_accept(kernel)
    events: list[NewEvent] = []
    lines: list[str] = []
    for offset, invite in enumerate(invites):
        number = first + offset
        domain = None
        if invite.organizer_email and "@" in invite.organizer_email:
            domain = registrable_domain(invite.organizer_email.rpartition("@")[2])
        thread = [f"ics:{invite.uid}"] if invite.uid else []
        app_id, how = find_application(
            kernel,
            thread_ids=thread,
            sender_domain=domain,
            company=invite.company,
            role=invite.role,
        )
        company, role = invite.company, invite.role
        if app_id is not None:
            app = view_or_none(kernel, "applications").items[app_id]
            company, role = company or app.company, role or app.role
        kind, proposal = _proposal(invite, _start(invite, kernel))
        event = SuggestionMade(
            suggestion=f"s{number}",
            kind=kind,
            source=path.name,
            company=company,
            role=role,
            application=app_id,
            matched_by=how,
            proposed=[proposal],
            source_sha256=sha,
            evidence=[invite.summary] if invite.summary else [],
            confidence=0.9,
            thread=thread,
            sender_domain=domain,
            auto_accept=auto,
        )
        events.append(NewEvent(data=event))
        lines.append(summary(number, company, role, kind, auto))
    return WatchResult(events=events, summary="; ".join(lines))


INVITE_RULE = WatchRule(
    name="invite",
    suffixes=(".ics",),
    handle=read_invite,
    description="a calendar invite: an interview (or its cancellation), as an inbox suggestion",
)
