"""What every command of this plugin does the same way: read input, record.

Each command validates everything first (through these helpers, which raise
:class:`RunnerupError` with a one-line message) and records once, so a bad
input never leaves half an action in the log.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

import runnerup
from runnerup import Event, NewEvent, RunnerupError

from .contacts import CONTACT_ID, ParsedContact, new_contact_id, parse_contact

if TYPE_CHECKING:
    from runnerup import Kernel

    from .model import Application, Applications, Contact, Contacts

MAX_TEXT = 5000
MAX_FIELD = 200


def kernel() -> Kernel:
    return runnerup.get_kernel()


def applications(k: Kernel) -> Applications:
    return k.view("applications")


def contacts(k: Kernel) -> Contacts:
    return k.view("contacts")


def ghosted_days(k: Kernel) -> int:
    from .model import Applications

    return Applications.ghosted_after_days(k.settings.section("applications"))


def clean(
    value: str | None, what: str, *, limit: int = MAX_FIELD, multiline: bool = False
) -> str | None:
    """Strip ``value``; refuse empty, overlong or control-character text."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        raise RunnerupError(f"{what} cannot be empty")
    if len(text) > limit:
        raise RunnerupError(f"{what} is too long ({len(text)} characters, at most {limit})")
    allowed = "\n\t" if multiline else ""
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
        raise RunnerupError(f"{what} cannot contain control characters")
    return text


def required(value: str, what: str, *, limit: int = MAX_FIELD) -> str:
    text = clean(value, what, limit=limit)
    assert text is not None
    return text


def parse_on(text: str | None, k: Kernel, *, not_before: datetime | None = None) -> datetime | None:
    """``--on DATE`` as the moment to record: now for today, else that day's start.

    A day in the future is refused: these commands record what happened.
    """
    if text is None:
        return None
    now = k.now()
    try:
        day = runnerup.parse_day(text, today=now.date())
    except runnerup.DateParseError as exc:
        raise RunnerupError(str(exc)) from None
    if day > now.date():
        raise RunnerupError(f"--on {text}: {day.isoformat()} is in the future")
    when = now if day == now.date() else runnerup.parse_when(day.isoformat(), now=now)
    if not_before is not None and when < not_before and day < local_day(not_before, now):
        raise RunnerupError(
            f"--on {text}: that is before the application ({local_day(not_before, now)})"
        )
    return when


def parse_at(text: str | None, k: Kernel) -> datetime | None:
    if text is None:
        return None
    try:
        return runnerup.parse_when(text, now=k.now())
    except runnerup.DateParseError as exc:
        raise RunnerupError(str(exc)) from None


def local_day(when: datetime, now: datetime) -> date:
    """The calendar day of ``when`` in the user's zone (that of ``now``)."""
    return when.astimezone(now.tzinfo).date()


def show_when(value: date | datetime | str | None, now: datetime) -> str:
    """A due date or time as people read it, in the user's zone.

    ISO text is read first: other plugins may store a due as text (the
    ``reminder.scheduled`` event does, since a JSON ``date | datetime`` union
    cannot be decoded).
    """
    value = as_when(value)
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        local = value.astimezone(now.tzinfo) if value.tzinfo else value
        if (local.hour, local.minute, local.second) == (0, 0, 0):
            return local.date().isoformat()
        return local.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def as_when(value: object) -> date | datetime | str | None:
    """``value`` as a date or datetime when it is one or ISO text for one."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    return text


class Target(NamedTuple):
    """An application a command acts on, and its stream version when it was read."""

    app: Application
    version: int

    @property
    def stream(self) -> str:
        return f"application/{self.app.id}"


def resolve_app(k: Kernel, ref: str) -> Target:
    """The application ``ref`` names (see ``refs``), with its stream version.

    The version is read right after the fold and checked by the store on
    append, so a second writer changing the application in between makes
    the command fail cleanly instead of recording against stale state.
    """
    app = applications(k).resolve(ref)
    return Target(app, k.store.stream_version(f"application/{app.id}"))


def record_for(
    k: Kernel, target: Target, events: Sequence[Event | NewEvent], *, occurred_at: datetime | None
) -> list[int]:
    return k.record(
        events, stream=target.stream, expected_version=target.version, occurred_at=occurred_at
    )


def contact_events(
    k: Kernel, ref: str, *, company: str | None, application: str | None, match_names: bool
) -> tuple[str, list[Event]]:
    """A contact id for ``ref``: a known contact, else a new one (and its event).

    A known email always reuses its contact instead of creating a twin. With
    ``match_names`` (``--with``, ``--from``: references to people met before)
    a known id or name matches too; without it (``apply --contact``: the
    description of a person) a bare name always makes a new contact, so two
    recruiters called Alex never merge by accident.
    """
    from runnerup.events.contact import ContactAdded

    book = contacts(k)
    vault = k.vault
    person: ParsedContact | None = None
    if match_names:
        known = book.find(ref, vault)
        if known is None and CONTACT_ID.fullmatch(ref.strip().lower()):
            raise RunnerupError(f"no contact has the id {ref.strip()!r} (see 'runnerup contacts')")
    else:
        person = parse_contact(ref)
        known = book.find_email(person.email, vault) if person.email else None
    if known is not None:
        if known.forgotten:
            raise RunnerupError(f"contact {known.id} was forgotten; add the person again")
        return known.id, []
    person = person or parse_contact(ref)
    contact_id = new_contact_id()
    while contact_id in book.items:
        contact_id = new_contact_id()
    event = ContactAdded(
        contact=contact_id,
        name=vault.seal(contact_id, person.name),
        email=vault.seal(contact_id, person.email) if person.email else None,
        company=company,
        application=application,
    )
    return contact_id, [event]


def known_contact(k: Kernel, ref: str) -> Contact:
    """A contact that must exist already (``contact reached``, ``forget``)."""
    return contacts(k).resolve(ref, k.vault)
