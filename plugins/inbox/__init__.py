"""Built-in plugin: the inbox, suggestions from dropped emails, invites and notes.

The pure parsers (:mod:`.email_parse`, :mod:`.classify`, :mod:`.invites`,
:mod:`.notes` and their helpers) turn bytes into typed values; the watch
rules (:mod:`.mail_rule`, :mod:`.invite_rule`, :mod:`.note_rule`) turn those
into events, and ``runnerup inbox`` lets the job seeker accept or dismiss
what an email seemed to say. The reactor here is the only place a suggestion
turns into application events: on ``inbox.accepted`` (and, with auto-accept,
on ``inbox.suggested``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import click
from runnerup import LazyProjection, NewEvent, add_lazy_commands, hookimpl
from runnerup.events.inbox import NoteAdded, SuggestionAccepted, SuggestionDismissed, SuggestionMade

if TYPE_CHECKING:
    from runnerup import Event, ReactionContext, RecordedEvent, WatchRule


@hookimpl
def register_event_types(register: Callable[[type[Event]], None]) -> None:
    for cls in (SuggestionMade, SuggestionAccepted, SuggestionDismissed, NoteAdded):
        register(cls)


@hookimpl
def register_projections(register: Callable[[LazyProjection], None]) -> None:
    register(LazyProjection("inbox", f"{__name__}.state:InboxProjection"))


@hookimpl
def register_commands(cli: click.Group) -> None:
    add_lazy_commands(cli, {"inbox": "runnerup.plugins.inbox.commands:inbox"})


@hookimpl(trylast=True)
def register_watch_rules(register: Callable[[WatchRule], None]) -> None:
    from .invite_rule import INVITE_RULE
    from .mail_rule import EMAIL_RULE
    from .note_rule import NOTE_RULE

    for rule in (EMAIL_RULE, INVITE_RULE, NOTE_RULE):
        register(rule)


@hookimpl
def handle_event(event: RecordedEvent, context: ReactionContext) -> Sequence[NewEvent] | None:
    data = event.data
    if isinstance(data, SuggestionAccepted):
        from .accept import apply_accepted

        return apply_accepted(data, context.kernel.registry)
    if isinstance(data, SuggestionMade) and data.auto_accept and data.proposed:
        return _auto_accept(data, context)
    return None


def _auto_accept(data: SuggestionMade, context: ReactionContext) -> list[NewEvent] | None:
    """Accept at once what the watcher was told to apply; an open question stays open."""
    from runnerup import RunnerupError, get_logger

    from .accept import plan_acceptance

    item = context.view("inbox").items.get(data.suggestion)
    if item is None or item.status != "open":
        return None
    apps = context.view("applications") if "applications" in context.kernel.projections else None
    try:
        accepted = plan_acceptance(item, apps)
    except RunnerupError as exc:
        get_logger("runnerup.inbox").warning(
            "suggestion left open", suggestion=data.suggestion, reason=str(exc)
        )
        return None
    return [NewEvent(data=accepted)]
