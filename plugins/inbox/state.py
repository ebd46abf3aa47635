"""The ``inbox`` view: every suggestion and what became of it.

An accepted suggestion whose acceptance is undone is open again (the
projection never sees retracted events, so it simply never saw the
acceptance). ``threads`` maps every Message-ID a suggestion carried to the
application it ended up with, so a reply in the same thread matches the same
application.
"""

from __future__ import annotations

import msgspec
from runnerup import Projection, RecordedEvent
from runnerup.events.inbox import (
    Proposal,
    SuggestionAccepted,
    SuggestionDismissed,
    SuggestionMade,
)


class Suggestion(msgspec.Struct, kw_only=True, gc=False):
    """One suggestion as the log tells it; ``status`` is open, accepted or dismissed."""

    id: str
    kind: str
    source: str
    position: int
    occurred_us: int
    company: str | None = None
    role: str | None = None
    application: str | None = None
    matched_by: str | None = None
    proposed: list[Proposal] = []
    evidence: list[str] = []
    confidence: float = 0.0
    thread: list[str] = []
    sender_domain: str | None = None
    status: str = "open"
    accepted_application: str | None = None
    accepted_position: int | None = None
    reason: str | None = None

    @property
    def number(self) -> int:
        return int(self.id[1:]) if self.id[1:].isdigit() else 0

    @property
    def label(self) -> str:
        return f"#{self.number}" if self.number else self.id


class Inbox(msgspec.Struct, gc=False):
    items: dict[str, Suggestion] = {}
    threads: dict[str, str] = {}

    def open(self) -> list[Suggestion]:
        return sorted(
            (s for s in self.items.values() if s.status == "open"), key=lambda s: s.number
        )

    def find(self, ref: str) -> Suggestion | None:
        """``3``, ``#3`` or ``s3``."""
        text = ref.strip().lstrip("#").lower()
        key = text if text.startswith("s") else f"s{text}"
        return self.items.get(key)


class InboxProjection(Projection[Inbox]):
    name = "inbox"
    version = 1
    types = frozenset({"inbox.suggested", "inbox.accepted", "inbox.dismissed"})
    state_type = Inbox

    def initial(self) -> Inbox:
        return Inbox()

    def apply(self, state: Inbox, event: RecordedEvent) -> Inbox:
        data = event.data
        if isinstance(data, SuggestionMade):
            state.items[data.suggestion] = Suggestion(
                id=data.suggestion,
                kind=data.kind,
                source=data.source,
                position=event.position,
                occurred_us=event.occurred_us,
                company=data.company,
                role=data.role,
                application=data.application,
                matched_by=data.matched_by,
                proposed=list(data.proposed),
                evidence=list(data.evidence),
                confidence=data.confidence,
                thread=list(data.thread),
                sender_domain=data.sender_domain,
            )
            if data.application:
                for message_id in data.thread:
                    state.threads.setdefault(message_id, data.application)
        elif isinstance(data, SuggestionAccepted):
            item = state.items.get(data.suggestion)
            if item is not None:
                item.status = "accepted"
                item.accepted_application = data.application
                item.accepted_position = event.position
                for message_id in item.thread:
                    state.threads[message_id] = data.application
        elif isinstance(data, SuggestionDismissed):
            item = state.items.get(data.suggestion)
            if item is not None:
                item.status = "dismissed"
                item.reason = data.reason
        return state
