"""Drafts: the notes runnerup writes for the user, and what became of them.

A draft lives in the stream ``draft/<draft id>``. Its id is readable and
stable (``northwind-senior-data-engineer.thank-you``), derived by whoever
requests it, so requesting the same step twice is the same draft.

Text that names a person (the subject, the body, the ``To`` address, a
server's refusal naming the address) is stored as :class:`runnerup.Sealed`
under the contact's id whenever the draft has a contact, so ``runnerup
forget`` makes it unreadable; a draft without a contact stores plain text.
Tone warnings are stored as spans (field, category, offsets) without the
flagged words, for the same reason; the words are read from the opened text.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, TypeAlias

import msgspec
from runnerup import Event, Sealed

DRAFT_STREAM = "draft/{draft}"

#: Sealed under the draft's contact, or plain when the draft has no contact.
Text: TypeAlias = Sealed | str


class ToneFlag(msgspec.Struct, frozen=True, kw_only=True):
    """One tone warning: ``text[start:end]`` of the draft's subject or body."""

    field: Literal["subject", "body"]
    category: str
    start: int
    end: int


class DraftRequested(Event, tag="draft.requested"):
    """A plugin or the user asked for a draft of template ``kind``.

    ``application`` supplies the company and role (``company`` / ``role``
    override them, e.g. for outreach without an application); ``contact`` is
    who it is for. The other fields are template context (see the drafting
    plugin's docstring); ``due`` is when it should go out.
    """

    __stream__ = DRAFT_STREAM

    draft: str
    kind: str
    application: str | None = None
    contact: str | None = None
    due: date | None = None
    company: str | None = None
    role: str | None = None
    stage: str | None = None
    round: int | None = None
    interviewed_on: date | None = None
    rejected_on: date | None = None
    feedback: str | None = None
    days_since: int | None = None
    extra: dict[str, str] = {}


class DraftCreated(Event, tag="draft.created"):
    """A requested draft was rendered from its template and tone-checked.

    ``template_source`` is the layer that won (``user``, ``plugin``,
    ``builtin``); ``tone`` lists the warnings of the tone check.
    """

    __stream__ = DRAFT_STREAM

    draft: str
    kind: str
    subject: Text
    body: Text
    application: str | None = None
    contact: str | None = None
    to: Text | None = None
    tone: list[ToneFlag] = []
    template_source: str | None = None


class DraftRenderFailed(Event, tag="draft.render_failed"):
    """A requested draft could not be rendered (a broken or missing template).

    ``reason`` is sealed under the draft's contact: a template error can
    quote a context value such as the person's name.
    """

    __stream__ = DRAFT_STREAM

    draft: str
    reason: Text


class DraftEdited(Event, tag="draft.edited"):
    """The user rewrote a draft; fields left None are unchanged.

    ``tone`` is the tone check of the draft as it is after the edit.
    """

    __stream__ = DRAFT_STREAM

    draft: str
    subject: Text | None = None
    body: Text | None = None
    to: Text | None = None
    tone: list[ToneFlag] = []


class DraftMarkedSent(Event, tag="draft.marked_sent"):
    """The user sent the draft themselves (from their own mail client)."""

    __stream__ = DRAFT_STREAM

    draft: str
    note: str | None = None


class DraftSendRequested(Event, tag="draft.send_requested"):
    """The user asked runnerup to send the draft by SMTP.

    ``forced`` is true when it was sent despite tone warnings.
    """

    __stream__ = DRAFT_STREAM

    draft: str
    forced: bool = False


class DraftSent(Event, tag="draft.sent"):
    """The SMTP server accepted the draft for every recipient."""

    __stream__ = DRAFT_STREAM

    draft: str
    accepted: list[Text] = []
    server_reply: str | None = None


class DraftSendFailed(Event, tag="draft.send_failed"):
    """Sending was attempted and the message was not (certainly) accepted."""

    __stream__ = DRAFT_STREAM

    draft: str
    reason: Text


class DraftDiscarded(Event, tag="draft.discarded"):
    """The user threw the draft away; it will not be sent."""

    __stream__ = DRAFT_STREAM

    draft: str
    reason: str | None = None


ALL = (
    DraftRequested,
    DraftCreated,
    DraftRenderFailed,
    DraftEdited,
    DraftMarkedSent,
    DraftSendRequested,
    DraftSent,
    DraftSendFailed,
    DraftDiscarded,
)
