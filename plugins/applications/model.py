"""The read models of this plugin: what ``kernel.view("applications")`` returns.

Other plugins (follow-up, drafting, reminders, reflection, plan, analytics)
read these through the view and must not import this module, so everything
they need is a field, a property or a method of the state objects. The shapes
below are a contract: fields are only ever added (with defaults).

``kernel.view("applications")`` → :class:`Applications`

- ``items: dict[str, Application]`` keyed by application id;
- ``resolve(ref) -> Application``: the ``APP`` reference rules of ``refs``
  (exact id, unique id prefix, unique company) with the same error messages;
- ``new_id(company, role) -> str``: the id a new application would get;
- ``ghosted(now, days) -> list[Application]``;
- ``ghosted_after_days(config) -> int``: reads ``[applications]
  ghosted_after_days`` from a config section (default 21).

:class:`Application` fields: ``id, company, role, source, url, location,
external_id, contacts: list[str]`` (contact ids, first = main contact),
``stage`` (one of :data:`STAGES`), ``round`` (highest interview round
scheduled or completed, 0 = none), ``rounds_completed: list[int]``,
``interviews: list[Interview]``, ``applied_on: date | None``, ``applied_at,
last_activity_at: datetime``, ``first_response_at, outcome_at: datetime |
None``, ``rejection: Rejection | None``, ``offer_note, withdrawn_reason,
closed_note: str | None``, ``poor_fit: bool``, ``feedback: list[Feedback]``,
``history: list[tuple[str, datetime]]`` (stage, since), ``position: int``
(of the last event that changed it). Every datetime is aware (UTC) and is
the event's ``occurred_at``. Ghosting is not a stage: it depends on "now",
so it is computed on display by :meth:`Application.is_ghosted` (open, and
nothing for ``days`` days since ``quiet_since()``: the last event or a later
scheduled interview). Also: ``contact`` (main contact id), ``is_open``,
``stage_since``, ``next_round``, ``interview(round)``, ``shown_stage(now,
days)``, ``days_in_stage(now, days)``.

:class:`Interview`: ``round, at, completed, completed_at, contact, note``.
:class:`Rejection`: ``stage`` (applied | screening | interview | final |
offer), ``at, via, note, final``. :class:`Feedback`: ``text, at, themes,
contact``.

``kernel.view("contacts")`` → :class:`Contacts`

- ``items: dict[str, Contact]`` keyed by the opaque contact id (``c-…``);
- ``find(ref, vault) -> Contact | None`` (id, id prefix, email, ``Name
  <email>``, name, name prefix; ambiguous raises), ``resolve(ref, vault)``
  (unknown raises too), ``find_email(email, vault)``,
  ``for_application(app_id)``.

:class:`Contact` fields: ``id, name: Sealed, email: Sealed | None,
added_at, company, role, applications: list[str], last_reached_at``
(``contact.reached``, a completed interview or feedback with them),
``reached_how, forgotten: bool, forgotten_at, position``; open the sealed
values only to display, with ``display_name(vault)`` / ``display_email(vault)``
(which say "forgotten contact" / None once forgotten).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any, Protocol

import msgspec
from runnerup import RunnerupError, Sealed

from .contacts import FORGOTTEN, find_contact
from .refs import new_application_id, resolve_application

#: Every stage an application can be in, in pipeline order.
STAGES = ("applied", "screening", "interviewing", "offer", "rejected", "withdrawn", "closed")
#: Stages where the user is waiting on the employer (the ones that can go quiet).
OPEN_STAGES = ("applied", "screening", "interviewing")
#: Stages that end the process for good.
ENDED_STAGES = ("rejected", "withdrawn", "closed")
DEFAULT_GHOSTED_AFTER_DAYS = 21


class Interview(msgspec.Struct, kw_only=True):
    """One interview round: scheduled (``at``) and/or ``completed``."""

    round: int
    at: datetime | None = None
    completed: bool = False
    completed_at: datetime | None = None
    contact: str | None = None
    note: str | None = None


class Rejection(msgspec.Struct, kw_only=True):
    """The "no": ``stage`` is how far the process got (``application.rejected``)."""

    stage: str
    at: datetime
    via: str | None = None
    note: str | None = None
    final: bool = True


class Feedback(msgspec.Struct, kw_only=True):
    """What the employer said about the decision, with its tagged themes."""

    text: str
    at: datetime
    themes: list[str] = []
    contact: str | None = None


class Application(msgspec.Struct, kw_only=True):
    """One application as the log tells it; see the module docstring."""

    id: str
    company: str
    role: str
    applied_at: datetime
    last_activity_at: datetime
    source: str | None = None
    url: str | None = None
    location: str | None = None
    external_id: str | None = None
    contacts: list[str] = []
    stage: str = "applied"
    round: int = 0
    rounds_completed: list[int] = []
    interviews: list[Interview] = []
    applied_on: date | None = None
    first_response_at: datetime | None = None
    outcome_at: datetime | None = None
    rejection: Rejection | None = None
    offer_note: str | None = None
    withdrawn_reason: str | None = None
    poor_fit: bool = False
    closed_note: str | None = None
    feedback: list[Feedback] = []
    history: list[tuple[str, datetime]] = []
    position: int = 0

    @property
    def contact(self) -> str | None:
        """The main contact's id (the first one linked), if any."""
        return self.contacts[0] if self.contacts else None

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def stage_since(self) -> datetime:
        return self.history[-1][1] if self.history else self.applied_at

    @property
    def next_round(self) -> int:
        return self.round + 1

    def interview(self, round: int) -> Interview | None:
        return next((i for i in self.interviews if i.round == round), None)

    def quiet_since(self) -> datetime:
        """Since when the user has been waiting: the last event, or a later interview."""
        times = [self.last_activity_at] + [i.at for i in self.interviews if i.at is not None]
        return max(times)

    def is_ghosted(self, now: datetime, days: int = DEFAULT_GHOSTED_AFTER_DAYS) -> bool:
        """Open, and nothing happened for ``days`` days (a scheduled interview counts).

        This covers both "never heard back" and "silence after the
        interview": either way the user should follow up once, then let go.
        """
        return self.is_open and now - self.quiet_since() >= timedelta(days=days)

    def shown_stage(self, now: datetime, days: int = DEFAULT_GHOSTED_AFTER_DAYS) -> str:
        """``ghosted`` for a ghosted application, else its stage."""
        return "ghosted" if self.is_ghosted(now, days) else self.stage

    def days_in_stage(self, now: datetime, days: int = DEFAULT_GHOSTED_AFTER_DAYS) -> int:
        """Whole days in the shown stage (for a ghosted one: since it went quiet)."""
        since = self.quiet_since() if self.is_ghosted(now, days) else self.stage_since
        return max(0, (now - since).days)


class Applications(msgspec.Struct):
    """State of the ``applications`` projection: applications by id."""

    items: dict[str, Application] = {}

    def get(self, app_id: str) -> Application | None:
        return self.items.get(app_id)

    def resolve(self, ref: str) -> Application:
        """The application ``ref`` names (raises :class:`runnerup.RunnerupError`)."""
        return resolve_application(ref, self.items)

    def new_id(self, company: str, role: str) -> str:
        return new_application_id(company, role, self.items)

    def ghosted(self, now: datetime, days: int = DEFAULT_GHOSTED_AFTER_DAYS) -> list[Application]:
        return [a for a in self.items.values() if a.is_ghosted(now, days)]

    @staticmethod
    def ghosted_after_days(config: Mapping[str, Any]) -> int:
        """``ghosted_after_days`` from an ``[applications]`` section, else 21."""
        value = config.get("ghosted_after_days", DEFAULT_GHOSTED_AFTER_DAYS)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise RunnerupError(
                "[applications] ghosted_after_days must be a whole number of days >= 1, "
                f"not {value!r}"
            )
        return value


# -- contacts -------------------------------------------------------------------


class _Opener(Protocol):
    def open(self, sealed: Sealed | None, default: str = ...) -> str: ...


class Contact(msgspec.Struct, kw_only=True):
    """One person. ``name``/``email`` stay sealed: open them only to display.

    ``last_reached_at`` is the latest real contact: ``contact.reached``, a
    completed interview with them, or feedback from them (keep-in-touch
    reminders count from it).
    """

    id: str
    name: Sealed
    added_at: datetime
    email: Sealed | None = None
    company: str | None = None
    role: str | None = None
    applications: list[str] = []
    last_reached_at: datetime | None = None
    reached_how: str | None = None
    forgotten: bool = False
    forgotten_at: datetime | None = None
    position: int = 0

    def display_name(self, vault: _Opener) -> str:
        return FORGOTTEN if self.forgotten else vault.open(self.name, FORGOTTEN)

    def display_email(self, vault: _Opener) -> str | None:
        if self.forgotten or self.email is None:
            return None
        value = vault.open(self.email, "")
        return value or None


class Contacts(msgspec.Struct):
    """State of the ``contacts`` projection: people by contact id."""

    items: dict[str, Contact] = {}

    def get(self, contact_id: str) -> Contact | None:
        return self.items.get(contact_id)

    def for_application(self, app_id: str) -> list[Contact]:
        return [c for c in self.items.values() if app_id in c.applications and not c.forgotten]

    def find_email(self, email: str, vault: _Opener) -> Contact | None:
        """The known, not forgotten contact with this address (case-insensitive)."""
        wanted = email.casefold()
        for contact in self.items.values():
            if contact.forgotten or contact.email is None:
                continue
            if vault.open(contact.email, "").casefold() == wanted:
                return contact
        return None

    def find(self, ref: str, vault: _Opener) -> Contact | None:
        """The contact ``ref`` names, None if nobody; ambiguous raises.

        ``ref`` is a contact id (or a unique id prefix), an email or ``Name
        <email>`` (matched by address), or a name (case-insensitive, exact
        before prefix). Forgotten contacts match by id only.
        """
        return find_contact(ref, self.items, vault)

    def resolve(self, ref: str, vault: _Opener) -> Contact:
        """Like :meth:`find`, but an unknown reference raises too."""
        found = find_contact(ref, self.items, vault)
        if found is None:
            raise RunnerupError(f"no contact matches {ref.strip()!r} (see 'runnerup contacts')")
        return found
