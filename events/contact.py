"""People: hiring managers, recruiters, interviewers, mentors.

Names, email addresses and notes are personal data: they are stored sealed
(encrypted under a key per contact, see ``runnerup.vault``), so ``runnerup
forget`` can make them unreadable without rewriting the log. The contact id
is opaque (never derived from the name).
"""

from __future__ import annotations

from runnerup import Event, Sealed

CONTACT_STREAM = "contact/{contact}"


class ContactAdded(Event, tag="contact.added"):
    """A person was added, optionally linked to a company or an application."""

    __stream__ = CONTACT_STREAM

    contact: str
    name: Sealed
    email: Sealed | None = None
    company: str | None = None
    application: str | None = None
    role: str | None = None


class ContactReached(Event, tag="contact.reached"):
    """The job seeker was in real contact with the person (a call, a reply, a coffee).

    Keep-in-touch reminders count from the last such contact.
    """

    __stream__ = CONTACT_STREAM

    contact: str
    how: str | None = None
    note: Sealed | None = None


class ContactForgotten(Event, tag="contact.forgotten"):
    """The person's key was destroyed; their sealed data is unreadable for good."""

    __stream__ = CONTACT_STREAM

    contact: str
