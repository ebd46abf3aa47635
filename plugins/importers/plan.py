"""From tracker rows to events: what an import records, decided before anything is written.

Per row: ``application.submitted`` (dated the row's application date, with
``external_id`` = ``<source>:<tracker id>``), then the event of the row's
stage: ``application.responded`` (screening), ``interview.scheduled``
(interviewing, round 1), ``offer.received``, ``application.rejected``,
``application.withdrawn`` or ``application.closed``. Nothing more is
inferred: a rejected row is recorded at stage ``applied`` (an export holds
the last list, not the history), a withdrawal is not called a poor fit, a
status the importer does not know records the application only and is
reported. A wishlist row is no application yet and is skipped (reported).

Outcome events are dated with the best date the row has (Huntr's
``lastMovedAt``, else the application date), so the follow-through plan the
applications plugins set off (thank-you note, keep-in-touch check-ins) is
dated from then: importing an old rejection puts its steps on the agenda as
already overdue, where ``done`` or ``undo`` clears them.

Idempotent twice over: a row whose ``external_id`` an application already
has is skipped, and the whole batch carries the idempotency key
``import:<source>:<sha256 of the file>``.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from runnerup import NewEvent
from runnerup.events.application import (
    ApplicationClosed,
    ApplicationRejected,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    InterviewScheduled,
    OfferReceived,
    ResponseReceived,
)
from runnerup.events.contact import ContactAdded

from .cells import parse_date
from .tracker_csv import ImportResult, TrackerRow

MAX_SLUG = 60
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPELLED = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l"})


@dataclass
class PlannedRow:
    """One row and the events it becomes (or why it is skipped)."""

    row: TrackerRow
    application: str | None = None
    events: list[NewEvent] = field(default_factory=list)
    skipped: str | None = None


@dataclass
class ImportPlan:
    source: str
    rows: list[PlannedRow]
    result: ImportResult

    @property
    def events(self) -> list[NewEvent]:
        return [e for r in self.rows for e in r.events]

    @property
    def new(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.events]


def detect_source(data: bytes) -> str:
    """``huntr`` for listName + companyName, ``teal`` for Job Title + Status, else ``generic``."""
    head = data[:4096].decode("utf-8", "replace").lstrip("\ufeff").splitlines()
    first = next((line for line in head if line.strip()), "")
    keys = {re.sub(r"[\W_]+", "", cell.casefold()) for cell in re.split(r"[,;\t]", first)}
    if {"listname", "companyname"} <= keys:
        return "huntr"
    if {"jobtitle", "status"} <= keys:
        return "teal"
    return "generic"


def slugify(text: str) -> str:
    """The applications plugin's id rule: lowercase ASCII words joined by ``-``."""
    folded = unicodedata.normalize("NFKD", text.translate(_SPELLED))
    slug = _NON_ALNUM.sub("-", folded.encode("ascii", "ignore").decode().lower()).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut and slug[MAX_SLUG] != "-" else cut).strip("-")
    return slug or "application"


def _new_id(company: str, role: str, taken: set[str]) -> str:
    base = slugify(f"{company} {role}")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _at(day: date | None, tz: Any) -> datetime | None:
    # Noon, so the day stays the same in any time zone the user moves to.
    return datetime.combine(day, time(12), tzinfo=tz) if day else None


def plan_import(
    result: ImportResult,
    source: str,
    apps: Any,
    *,
    now: datetime,
    seal: Any = None,
    known_contact: Any = None,
) -> ImportPlan:
    """The events for every new row.

    ``seal(contact_id, text)`` seals a new contact's name and address;
    ``known_contact(email)`` is the id of a contact who already has that
    address (reused, never twinned). Without ``seal`` (a dry run) no contact
    is sealed or recorded.
    """
    items: dict[str, Any] = dict(getattr(apps, "items", {}) or {})
    known = {a.external_id: a.id for a in items.values() if getattr(a, "external_id", None)}
    taken = set(items)
    planned: list[PlannedRow] = []
    for row in result.rows:
        external = f"{source}:{row.external_id}"
        if external in known:
            planned.append(PlannedRow(row, known[external], skipped="already imported"))
            continue
        if row.stage == "wishlist":
            planned.append(PlannedRow(row, skipped="wishlist: not applied yet"))
            continue
        app_id = _new_id(row.company, row.role, taken)
        known[external] = app_id
        events = _row_events(row, app_id, source, now, seal, known_contact)
        planned.append(PlannedRow(row, app_id, events))
    return ImportPlan(source, planned, result)


def _row_events(
    row: TrackerRow, app_id: str, source: str, now: datetime, seal: Any, known_contact: Any
) -> list[NewEvent]:
    tz = now.tzinfo
    applied_at = _at(row.applied_on, tz)
    contact_id, contact_events = _contact(row, app_id, seal, known_contact)
    submitted = ApplicationSubmitted(
        application=app_id,
        company=row.company,
        role=row.role,
        source=row.source or source,
        contact=contact_id,
        url=row.url,
        location=row.location,
        applied_on=row.applied_on,
        external_id=f"{source}:{row.external_id}",
    )
    events = [NewEvent(data=e, occurred_at=applied_at) for e in contact_events]
    events.append(NewEvent(data=submitted, occurred_at=applied_at))
    outcome = _outcome(row, app_id, source)
    if outcome is not None:
        moved = parse_date(row.raw.get("lastMovedAt", "") or "") if row.raw else None
        events.append(NewEvent(data=outcome, occurred_at=_at(moved, tz) or applied_at))
    return events


def _outcome(row: TrackerRow, app_id: str, source: str) -> Any:
    note = f"imported from {source}"
    if row.stage == "screening":
        return ResponseReceived(application=app_id, note=f"screening ({note})")
    if row.stage == "interviewing":
        return InterviewScheduled(application=app_id, round=1)
    if row.stage == "offer":
        return OfferReceived(application=app_id, note=note)
    if row.stage == "rejected":
        return ApplicationRejected(application=app_id, stage="applied", note=note)
    if row.stage == "withdrawn":
        return ApplicationWithdrawn(application=app_id, reason=note, poor_fit=False)
    if row.stage == "closed":
        return ApplicationClosed(application=app_id, note=note)
    return None


def _contact(
    row: TrackerRow, app_id: str, seal: Any, known_contact: Any
) -> tuple[str | None, list[Any]]:
    if not (row.contact_name or row.contact_email) or seal is None:
        return None, []
    if row.contact_email and known_contact is not None:
        existing = known_contact(row.contact_email)
        if existing:
            return existing, []
    contact_id = f"c-{secrets.token_hex(5)}"
    name = row.contact_name or row.contact_email or ""
    event = ContactAdded(
        contact=contact_id,
        name=seal(contact_id, name),
        email=seal(contact_id, row.contact_email) if row.contact_email else None,
        company=row.company,
        application=app_id,
    )
    return contact_id, [event]
