"""Built-in plugin: applications and the people behind them.

Records the job search itself (``apply``, ``interview``, ``interviewed``,
``responded``, ``feedback``, ``rejected``, ``offer``, ``withdraw``,
``closed``, ``contact add|reached``, ``contacts``, ``forget``, ``board``)
and folds it into the two read models every other job-search plugin reads:

- ``kernel.view("applications")`` → ``Applications`` (``items: dict[str,
  Application]``, plus ``get(app_id)`` (reads one without decoding them
  all), ``resolve(ref)``, ``new_id(company, role)``,
  ``ghosted(now, days)``, ``ghosted_after_days(config)``);
- ``kernel.view("contacts")`` → ``Contacts`` (``items: dict[str, Contact]``,
  plus ``find(ref, vault)``, ``resolve(ref, vault)``, ``find_email(email,
  vault)``, ``for_application(app_id)``).

The exact fields are documented in :mod:`.model`; they only ever grow.
Other plugins use them through the view and never import this package.

Modules: ``model`` (state), ``projections`` (folds), ``refs`` (ids and APP
references), ``contacts`` (parsing people), ``themes`` (feedback tags),
``common`` (shared command plumbing), ``commands``, ``outcomes``,
``contact_commands``, ``board``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
import runnerup
from runnerup import Event, LazyProjection, hookimpl
from runnerup.events import application, contact

EVENT_TYPES: tuple[type[Event], ...] = (
    application.ApplicationSubmitted,
    application.InterviewScheduled,
    application.InterviewCompleted,
    application.ApplicationRejected,
    application.OfferReceived,
    application.ApplicationWithdrawn,
    application.ApplicationClosed,
    application.ResponseReceived,
    application.FeedbackReceived,
    contact.ContactAdded,
    contact.ContactReached,
    contact.ContactForgotten,
)


@hookimpl
def register_event_types(register: Callable[[type[Event]], None]) -> None:
    for cls in EVENT_TYPES:
        register(cls)


@hookimpl
def register_projections(register: Callable[[Any], None]) -> None:
    # Imported on first use: a command that reads neither view never loads the folds.
    register(LazyProjection("applications", f"{__name__}.projections:ApplicationsProjection"))
    register(LazyProjection("contacts", f"{__name__}.projections:ContactsProjection"))


@hookimpl
def register_commands(cli: click.Group) -> None:
    runnerup.add_lazy_commands(
        cli,
        {
            "apply": "runnerup.plugins.applications.commands:apply_command",
            "interview": "runnerup.plugins.applications.commands:interview_command",
            "interviewed": "runnerup.plugins.applications.commands:interviewed_command",
            "responded": "runnerup.plugins.applications.commands:responded_command",
            "feedback": "runnerup.plugins.applications.commands:feedback_command",
            "rejected": "runnerup.plugins.applications.outcomes:rejected_command",
            "offer": "runnerup.plugins.applications.outcomes:offer_command",
            "withdraw": "runnerup.plugins.applications.outcomes:withdraw_command",
            "closed": "runnerup.plugins.applications.outcomes:closed_command",
            "board": "runnerup.plugins.applications.board:board_command",
            "contact": "runnerup.plugins.applications.contact_commands:contact_group",
            "contacts": "runnerup.plugins.applications.contact_commands:contacts_command",
            "forget": "runnerup.plugins.applications.contact_commands:forget_command",
        },
    )
