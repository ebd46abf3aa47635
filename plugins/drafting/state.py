"""The ``drafts`` view: every draft, its text (still sealed) and what became of it.

Text stays sealed in the state (the state is checkpointed to the store);
commands open it only to display or send. A draft's ``due`` follows the
reminder that names it (``reminder.scheduled`` with ``draft=``), so snoozing
or a keep-in-touch reschedule moves the draft's due date too.

Short numbers (``#``) count drafts in the order they were requested, as
``drafts`` lists them; undoing a draft renumbers the later ones.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

import msgspec
from runnerup import Projection, RecordedEvent, RunnerupError
from runnerup.events.draft import Text, ToneFlag
from runnerup.events.reminder import parse_due

NAME = "drafts"

Status = Literal["requested", "failed", "draft", "sending", "sent", "discarded"]


class Draft(msgspec.Struct, kw_only=True):
    id: str
    number: int
    kind: str
    status: Status = "requested"
    application: str | None = None
    contact: str | None = None
    due: date | None = None
    subject: Text | None = None
    body: Text | None = None
    to: Text | None = None
    tone: list[ToneFlag] = msgspec.field(default_factory=list)
    template_source: str | None = None
    error: Text | None = None  # why rendering failed (sealed under the contact)
    last_send_error: Text | None = None
    forgotten: bool = False  # its contact was forgotten: the text is unreadable for good
    requested_at: datetime | None = None
    created_at: datetime | None = None
    edited_at: datetime | None = None
    sent_at: datetime | None = None
    sent_by: str | None = None  # "smtp" or "hand"
    server_reply: str | None = None

    @property
    def has_text(self) -> bool:
        return self.subject is not None and self.body is not None

    @property
    def written_at(self) -> datetime | None:
        return self.edited_at or self.created_at


class Drafts(msgspec.Struct, kw_only=True):
    items: dict[str, Draft] = msgspec.field(default_factory=dict)
    by_reminder: dict[str, str] = msgspec.field(default_factory=dict)
    last_number: int = 0

    def resolve(self, ref: str) -> Draft:
        """The draft ``ref`` names: its number in ``drafts``, its id, a unique id prefix,
        else a unique part of an id (``thank-you``)."""
        ref = ref.strip()
        if ref.lstrip("#").isdigit():
            number = int(ref.lstrip("#"))
            for draft in self.items.values():
                if draft.number == number:
                    return draft
            raise RunnerupError(f"no draft number {number} (see 'runnerup drafts')")
        if ref in self.items:
            return self.items[ref]
        matches = [d for key, d in self.items.items() if key.startswith(ref)] if ref else []
        if not matches and ref:  # "thank-you" for "northwind-….thank-you": ids are long
            matches = [d for key, d in self.items.items() if ref.casefold() in key.casefold()]
        if len(matches) == 1:
            return matches[0]
        if matches:
            names = ", ".join(d.id for d in matches[:6]) + (", …" if len(matches) > 6 else "")
            raise RunnerupError(f"{ref!r} matches {len(matches)} drafts: {names}")
        raise RunnerupError(f"no draft {ref!r} (see 'runnerup drafts')")


def _due(value: str | date | datetime) -> date | None:
    try:
        parsed = parse_due(value)
    except (TypeError, ValueError):
        return None
    return parsed.date() if isinstance(parsed, datetime) else parsed


class DraftsProjection(Projection[Drafts]):
    name = NAME
    version = 2  # 2: the render error is sealed
    types = frozenset(
        {
            "draft.requested",
            "draft.created",
            "draft.render_failed",
            "draft.edited",
            "draft.marked_sent",
            "draft.send_requested",
            "draft.sent",
            "draft.send_failed",
            "draft.discarded",
            "contact.forgotten",
            "reminder.scheduled",
            "reminder.rescheduled",
        }
    )
    state_type = Drafts

    def initial(self) -> Drafts:
        return Drafts()

    def apply(self, state: Drafts, event: RecordedEvent) -> Drafts:
        data: object = event.data
        kind = event.type
        if kind == "contact.forgotten":
            for draft in state.items.values():
                if draft.contact == data.contact:  # type: ignore[attr-defined]
                    draft.forgotten = True
            return state
        if kind.startswith("reminder."):
            self._reminder(state, kind, data)
            return state
        draft_id: str = data.draft  # type: ignore[attr-defined]
        if kind == "draft.requested":
            old = state.items.get(draft_id)
            if old is not None and old.status not in ("requested", "failed"):
                return state  # asking again never overwrites a written (or sent) draft
            if old is None:
                state.last_number += 1
            state.items[draft_id] = Draft(
                id=draft_id,
                number=old.number if old else state.last_number,
                kind=data.kind,  # type: ignore[attr-defined]
                application=data.application,  # type: ignore[attr-defined]
                contact=data.contact,  # type: ignore[attr-defined]
                due=data.due,  # type: ignore[attr-defined]
                requested_at=event.occurred_at,
            )
            return state
        found = state.items.get(draft_id)
        if found is not None:  # events for a draft whose request was undone are moot
            _STEPS[kind](found, data, event.occurred_at)
        return state

    @staticmethod
    def _reminder(state: Drafts, kind: str, data: object) -> None:
        if kind == "reminder.scheduled":
            draft_id = getattr(data, "draft", None)
            if draft_id:
                state.by_reminder[data.reminder] = draft_id  # type: ignore[attr-defined]
                if draft_id in state.items:
                    state.items[draft_id].due = _due(data.due) or state.items[draft_id].due  # type: ignore[attr-defined]
            return
        draft_id = state.by_reminder.get(data.reminder)  # type: ignore[attr-defined]
        if draft_id in state.items:
            state.items[draft_id].due = _due(data.due) or state.items[draft_id].due  # type: ignore[attr-defined,index]


def _created(draft: Draft, data: object, at: datetime) -> None:
    draft.subject, draft.body, draft.to = data.subject, data.body, data.to  # type: ignore[attr-defined]
    draft.tone = list(data.tone)  # type: ignore[attr-defined]
    draft.template_source = data.template_source  # type: ignore[attr-defined]
    draft.created_at, draft.error = at, None
    if draft.status in ("requested", "failed"):
        draft.status = "draft"


def _failed(draft: Draft, data: object, at: datetime) -> None:
    draft.error = data.reason  # type: ignore[attr-defined]
    if draft.status == "requested":
        draft.status = "failed"


def _edited(draft: Draft, data: object, at: datetime) -> None:
    for field in ("subject", "body", "to"):
        value = getattr(data, field)
        if value is not None:
            setattr(draft, field, value)
    draft.tone = list(data.tone)  # type: ignore[attr-defined]
    draft.edited_at = at
    if draft.status in ("requested", "failed") and draft.has_text:
        draft.status = "draft"


def _marked_sent(draft: Draft, data: object, at: datetime) -> None:
    draft.status, draft.sent_at, draft.sent_by = "sent", at, "hand"


def _send_requested(draft: Draft, data: object, at: datetime) -> None:
    draft.status = "sending"


def _sent(draft: Draft, data: object, at: datetime) -> None:
    draft.status, draft.sent_at, draft.sent_by = "sent", at, "smtp"
    draft.server_reply, draft.last_send_error = data.server_reply, None  # type: ignore[attr-defined]


def _send_failed(draft: Draft, data: object, at: datetime) -> None:
    draft.last_send_error = data.reason  # type: ignore[attr-defined]
    if draft.status == "sending":
        draft.status = "draft"


def _discarded(draft: Draft, data: object, at: datetime) -> None:
    draft.status = "discarded"


_STEPS = {
    "draft.created": _created,
    "draft.render_failed": _failed,
    "draft.edited": _edited,
    "draft.marked_sent": _marked_sent,
    "draft.send_requested": _send_requested,
    "draft.sent": _sent,
    "draft.send_failed": _send_failed,
    "draft.discarded": _discarded,
}
