"""``.eml``: an email becomes an inbox suggestion, never a change on its own.

Parsing and classification are the pure functions of :mod:`.email_parse` and
:mod:`.classify`; this rule adds what needs the log: the matching
application, the next suggestion number, and the events accepting would
record. Only the sender's domain is kept, never the address or the name.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runnerup import NewEvent, WatchResult, WatchRule
from runnerup.events.inbox import Proposal, SuggestionMade

from .classify import classify
from .email_parse import parse_email
from .suggest import auto_accept, find_application, next_number, summary, view_or_none

if TYPE_CHECKING:
    from datetime import datetime

    from runnerup import Kernel

#: The event each kind of email proposes (the application id is filled in on accept).
_PROPOSALS: dict[str, tuple[str, dict[str, Any]]] = {
    "rejection": ("application.rejected", {"via": "email"}),
    "invitation": ("interview.scheduled", {}),
    "offer": ("offer.received", {}),
}


def proposals_for(kind: str, when: datetime | None) -> list[Proposal]:
    found = _PROPOSALS.get(kind)
    if found is None:
        return []
    return [Proposal(type=found[0], data=dict(found[1]), occurred_at=when)]


def _unique(values: list[str | None]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return out


def read_email(path: Path, data: bytes, kernel: Kernel) -> WatchResult:
    """Parse, classify and match one email; raises ValueError for a file that is no email."""
    mail = parse_email(data)
    result = classify(mail)
    thread = _unique([mail.message_id, mail.in_reply_to, *mail.references])
    app_id, how = find_application(
        kernel,
        thread_ids=_unique([mail.in_reply_to, *mail.references, mail.message_id]),
        sender_domain=mail.sender_domain,
        company=result.company,
        role=result.role,
    )
    company, role = result.company, result.role
    if app_id is not None:
        app = view_or_none(kernel, "applications").items[app_id]
        company, role = company or app.company, role or app.role
    proposed = proposals_for(result.kind, mail.date)
    auto = bool(proposed) and auto_accept(kernel)
    number = next_number(kernel)
    event = SuggestionMade(
        suggestion=f"s{number}",
        kind=result.kind,
        source=path.name,
        company=company,
        role=role,
        application=app_id,
        matched_by=how,
        proposed=proposed,
        source_sha256=hashlib.sha256(data).hexdigest(),
        evidence=list(result.evidence),
        confidence=result.confidence,
        language=result.language,
        message_id=mail.message_id,
        thread=thread,
        sender_domain=mail.sender_domain,
        auto_accept=auto,
    )
    return WatchResult(
        events=[NewEvent(data=event, occurred_at=mail.date)],
        summary=summary(number, company, role, result.kind, auto),
    )


EMAIL_RULE = WatchRule(
    name="email",
    suffixes=(".eml",),
    handle=read_email,
    description="an email: rejection, interview invitation or offer, as an inbox suggestion",
)
