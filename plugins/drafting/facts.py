"""What a draft needs to know about an application and a person.

Read from the ``applications`` and ``contacts`` views (the applications
plugin's documented contract), never by importing that plugin. Without those
views (the plugin disabled) drafts still work from what the request carries.
Names and addresses are opened from the vault only here and only to render
or display; they are never written anywhere unsealed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple, Protocol

from runnerup import RunnerupError


class Reader(Protocol):
    def view(self, name: str) -> Any: ...


class AppFacts(NamedTuple):
    id: str
    company: str
    role: str | None
    contact: str | None
    last_activity_at: datetime | None = None


class Person(NamedTuple):
    """A contact as a draft sees it; ``forgotten`` means nothing may be sealed for it."""

    id: str
    name: str | None
    email: str | None
    forgotten: bool
    known: bool


def _view(reader: Reader, name: str) -> Any:
    try:
        return reader.view(name)
    except RunnerupError:
        return None


def _facts(app: Any) -> AppFacts:
    contacts = list(getattr(app, "contacts", []) or [])
    return AppFacts(
        app.id,
        app.company,
        getattr(app, "role", None),
        contacts[0] if contacts else None,
        getattr(app, "last_activity_at", None),
    )


def application(reader: Reader, app_id: str | None) -> AppFacts | None:
    """The application ``app_id``, or None when it is unknown."""
    apps = _view(reader, "applications") if app_id else None
    app = apps.get(app_id) if apps is not None else None  # one, not the whole view
    return _facts(app) if app is not None else None


def resolve_application(reader: Reader, ref: str) -> AppFacts:
    """The application a user's reference names (id, unique prefix, company)."""
    apps = _view(reader, "applications")
    if apps is None:
        raise RunnerupError("applications are not available (is the applications plugin disabled?)")
    return _facts(apps.resolve(ref))


def person(reader: Reader, vault: Any, contact_id: str | None) -> Person | None:
    """The contact ``contact_id`` with name and address opened, or None for no contact."""
    if not contact_id:
        return None
    contacts = _view(reader, "contacts")
    contact = contacts.items.get(contact_id) if contacts is not None else None
    if contact is None:
        return Person(contact_id, None, None, forgotten=False, known=False)
    # A known contact always has a key (its name is sealed); no key means forgotten,
    # even before contact.forgotten is recorded, and sealing then would mint a new key.
    forgotten = bool(getattr(contact, "forgotten", False)) or vault.is_forgotten(contact_id)
    if forgotten:
        return Person(contact_id, None, None, forgotten=True, known=True)
    name = vault.open(contact.name, "") or None
    email = vault.open(contact.email, "") or None if contact.email is not None else None
    return Person(contact_id, name, email, forgotten=False, known=True)


def resolve_contact(reader: Reader, vault: Any, ref: str) -> str:
    """The id of the contact ``ref`` names (id, email, name)."""
    contacts = _view(reader, "contacts")
    if contacts is None:
        raise RunnerupError("contacts are not available (is the applications plugin disabled?)")
    return str(contacts.resolve(ref, vault).id)
