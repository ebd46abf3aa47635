"""The inbox: what the watcher understood from a dropped email, invite or note.

Reading mail is guesswork, so an email never changes an application on its
own: it becomes a *suggestion* (``inbox.suggested``) that the job seeker
accepts or dismisses. Accepting records ``inbox.accepted`` carrying the exact
events to apply; the inbox plugin then records them, caused by the
acceptance, so ``runnerup undo`` takes the acceptance and everything it set
off (reminders, drafts) back in one step, and the suggestion is open again.

A suggestion lives in the stream ``inbox/<suggestion id>``; the id is ``s``
and a counter (``s3``), shown as ``#3``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from runnerup import Event

INBOX_STREAM = "inbox/{suggestion}"

#: What a suggestion can be about.
KINDS = ("rejection", "invitation", "offer", "interview", "cancellation", "other")


class Proposal(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One event a suggestion would record: its type, payload and date.

    In a suggestion the payload has no ``application`` yet (it is filled in on
    accept, when the match may have changed); in an acceptance it is complete.
    """

    type: str
    data: dict[str, Any] = {}
    occurred_at: datetime | None = None


class SuggestionMade(Event, tag="inbox.suggested"):
    """The watcher read a file and proposes what it means; nothing is applied yet.

    ``kind`` is ``rejection``, ``invitation``, ``offer``, ``interview`` (a
    calendar invite), ``cancellation`` (a cancelled invite) or ``other`` (an
    email with nothing to apply). ``application`` is the matched application id
    (None when no application matched; accepting then starts one), and
    ``matched_by`` says how it matched (``thread``, ``domain``, ``company``).
    ``proposed`` are the events accepting would record. ``thread`` holds the
    email's Message-ID, In-Reply-To and References so later replies match the
    same application. ``auto_accept`` is set when the watcher was told to
    apply suggestions at once.
    """

    __stream__ = INBOX_STREAM

    suggestion: str
    kind: str
    source: str
    company: str | None = None
    role: str | None = None
    application: str | None = None
    matched_by: str | None = None
    proposed: list[Proposal] = []
    source_sha256: str | None = None
    evidence: list[str] = []
    confidence: float = 0.0
    language: str | None = None
    message_id: str | None = None
    thread: list[str] = []
    sender_domain: str | None = None
    auto_accept: bool = False


class SuggestionAccepted(Event, tag="inbox.accepted"):
    """The job seeker (or the watcher, with auto-accept) accepted a suggestion.

    ``events`` are the complete events to record, ``application`` the
    application they belong to and ``created`` whether accepting starts that
    application (an email from a company not tracked yet).
    """

    __stream__ = INBOX_STREAM

    suggestion: str
    application: str
    events: list[Proposal]
    created: bool = False


class SuggestionDismissed(Event, tag="inbox.dismissed"):
    """The job seeker dismissed a suggestion: it was wrong or not worth recording."""

    __stream__ = INBOX_STREAM

    suggestion: str
    reason: str | None = None


class NoteAdded(Event, tag="note.added"):
    """A note was added from a dropped file: a journal entry, or about an application.

    Lives in ``application/<id>`` when it is about an application, else in
    ``journal``. ``source`` is the file it came from.
    """

    text: str
    application: str | None = None
    title: str | None = None
    kind: str = "journal"
    source: str | None = None

    def stream_name(self) -> str | None:
        return f"application/{self.application}" if self.application else "journal"
