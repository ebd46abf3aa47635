"""Drafting: thank-you notes, feedback requests and outreach letters, tone-checked.

Templates are Jinja2 files named ``<kind>.txt.j2``: the first line is
``Subject: …``, then a blank line, then the body. The built-in kinds are
``thank_you``, ``feedback_request``, ``keep_in_touch``, ``interview_thanks``,
``ghosted_follow_up``, ``pain_letter``, ``informational`` and
``mentor_update``. A user's own ``<kind>.txt.j2`` in the override folder
beats a plugin's template, which beats the built-in one
(:class:`~runnerup.plugins.drafting.render.TemplateSet`).

Every template is rendered in a sandbox with strict undefined names, and
sees these context variables:

``company``
    The employer's name (str). Required.
``role``
    The role applied for (str, or None for outreach without a role). Required.
``me``
    The user: ``me.name``, ``me.email``. Required.
``contact``
    The hiring contact: ``contact.name``, ``contact.first_name``,
    ``contact.email``; or None when unknown. Templates greet with
    ``Hi {first_name},`` when known, else ``Hello,``.
``stage``
    Where the process ended, e.g. ``"onsite"`` (str or None).
``round``
    The interview round reached (int or None).
``interviewed_on``, ``rejected_on``
    Dates (:class:`datetime.date`) or None.
``feedback``
    Feedback text received from the employer, or None.
``days_since``
    Days since the last contact (int or None), for follow-ups.
``extra``
    A dict of anything else a plugin or the user supplies (``extra.get("pain")``).

Only ``company``, ``role`` and ``me`` must be given; the others default to
None (``extra`` to ``{}``). Templates can also use the ``human_date`` filter
(``{{ interviewed_on | human_date }}`` gives "21 November 2026").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import click
import runnerup
from runnerup import Event, LazyProjection, hookimpl
from runnerup.events import draft as draft_events

if TYPE_CHECKING:
    from runnerup import ReactionContext, RecordedEvent


@hookimpl
def register_event_types(register: Callable[[type[Event]], None]) -> None:
    for cls in draft_events.ALL:
        register(cls)


@hookimpl
def register_projections(register: Callable[[LazyProjection], None]) -> None:
    register(LazyProjection("drafts", f"{__name__}.state:DraftsProjection"))


@hookimpl
def register_commands(cli: click.Group) -> None:
    runnerup.add_lazy_commands(
        cli,
        {
            "drafts": "runnerup.plugins.drafting.commands:drafts_command",
            "draft": "runnerup.plugins.drafting.group:draft_group",
            "templates": "runnerup.plugins.drafting.commands:templates_command",
        },
    )


@hookimpl
def handle_event(event: RecordedEvent, context: ReactionContext) -> Sequence[Event] | None:
    if event.type != "draft.requested":
        return None
    from .compose import compose

    return compose(event.data, context) or None  # type: ignore[arg-type]


# Effects import the mail and template code lazily: most events never need it.
_EFFECT_TYPES = frozenset(
    {
        "draft.created",
        "draft.edited",
        "draft.discarded",
        "draft.sent",
        "draft.marked_sent",
        "draft.render_failed",
        "contact.forgotten",
        "event.retracted",
    }
)


@hookimpl
def apply_effects(event: RecordedEvent, context: ReactionContext) -> None:
    if event.type in _EFFECT_TYPES:
        from . import files

        files.apply(event, context)
