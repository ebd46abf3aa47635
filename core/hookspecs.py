"""Every hook a runnerup plugin can implement: the one contract file.

A plugin is any object or module with functions decorated by
``runnerup.hookimpl`` whose names match the specs below. An implementation
may accept fewer arguments than its spec, so adding a parameter to a hook
never breaks an existing plugin. The docstrings here are the hook reference;
``docs/hooks.md`` is checked against them by the test suite.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from pathlib import Path

    import click

    from .codec import Upcaster
    from .envelope import NewEvent, RecordedEvent
    from .event import Event
    from .kernel import Kernel
    from .projection import Projection
    from .reaction import ReactionContext
    from .store import Store
    from .watch import WatchRule

hookspec = pluggy.HookspecMarker("runnerup")

# ---------------------------------------------------------------------------
# Registration: contributions collected once, when the kernel boots.
# ---------------------------------------------------------------------------


@hookspec
def register_event_types(register: Callable[[type[Event]], None]) -> None:
    """Register the event classes this plugin defines.

    Call ``register(cls)`` once per :class:`runnerup.Event` subclass. A type
    name (the class's ``tag``) registered by two plugins is refused at boot
    with both plugins named.

    :param register: records one event class, owned by the calling plugin.
    """


@hookspec
def register_upcasters(register: Callable[[Upcaster], None]) -> None:
    """Register rewrites of old stored payloads into their current shape.

    Call ``register(Upcaster(type=..., upcast=..., to_type=...))``. Upcasters
    run on read only; the stored bytes and the hash chain never change.

    :param register: records one :class:`runnerup.Upcaster`.
    """


@hookspec
def register_projections(register: Callable[[Projection[Any]], None]) -> None:
    """Register read models folded from the log.

    Call ``register(projection)`` with a :class:`runnerup.Projection`
    instance, or with ``runnerup.LazyProjection(name, "module:Class")`` to
    import the module holding the fold only when the view is first read
    (this hook runs on every start). Its ``name`` must be unique; bump its
    ``version`` when its fold changes and the kernel rebuilds it from
    position 0.

    :param register: records one projection, owned by the calling plugin.
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add commands to the ``runnerup`` command line.

    Decorate functions with ``@cli.command()`` or ``cli.add_command(...)``;
    ``cli.add_lazy_command(name, "package.module:attr")`` imports the command's
    module only when it runs, which keeps every other command fast. Commands
    reach the kernel with ``runnerup.get_kernel()``.

    :param cli: the top-level click group.
    """


@hookspec
def register_watch_rules(register: Callable[[WatchRule], None]) -> None:
    """Teach ``runnerup watch`` to turn dropped files into events.

    Call ``register(WatchRule(...))``; a rule matches files by suffix and
    returns events (or inbox suggestions) for one file.

    :param register: records one :class:`runnerup.WatchRule`.
    """


@hookspec
def register_templates(register: Callable[[str, str], None]) -> None:
    """Contribute draft templates (Jinja2 source, first line ``Subject: ...``).

    Call ``register(kind, source)``. A user's template file of the same kind
    in the home's ``templates/`` folder wins over a plugin's, which wins over
    the built-in one.

    :param register: records one template for the kind ``kind``.
    """


# ---------------------------------------------------------------------------
# Reaction: called for recorded events, each implementation in isolation.
# ---------------------------------------------------------------------------


@hookspec
def handle_event(event: RecordedEvent, context: ReactionContext) -> Sequence[NewEvent] | None:
    """React to a recorded event by returning new events to append.

    Called once per recorded event from a checkpointed subscription, at least
    once: a crash may deliver an event again, and the kernel deduplicates the
    output by a deterministic idempotency key (causing position + plugin), so
    returning the same events for the same input is all a plugin must do.
    Each plugin's implementation is called on its own, with a time limit
    (``[plugins] reactor_timeout_seconds``, default 10); one that raises,
    overruns or returns something that is not an event is logged with its
    name and the others still run. Never act on the outside
    world here: record an intent and act on the recorded event instead.

    :param event: the recorded event, with its envelope.
    :param context: read access to projections, the clock and configuration.
    :returns: events to append (caused by ``event``), or None.
    """


@hookspec
def apply_effects(event: RecordedEvent, context: ReactionContext) -> None:
    """Act on the outside world for a recorded event (write a file, ...).

    Called after the reactors, from its own checkpointed subscription, at
    least once per event: an effect must be idempotent (writing the same file
    again is fine; sending mail is not an effect, it is a command that records
    what the server said). One plugin's failure is logged and isolated.
    Retracted events are not delivered, but ``event.retracted`` itself is, so
    an effect can take back what an undone event put into the world.

    :param event: the recorded event.
    :param context: read access to projections, the clock, configuration and
        the home folder (``context.kernel.home``).
    """


# ---------------------------------------------------------------------------
# Resolution: exactly one plugin answers (``firstresult``).
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def resolve_store(url: str, home: Path) -> Store | None:
    """Open the event store for ``url``.

    Return a :class:`runnerup.store.Store` when the URL's scheme is yours,
    else None. The first non-None result is used; the built-in ``memory:``
    and ``sqlite:`` backends answer last.

    :param url: the store URL from ``--store``, ``RUNNERUP_STORE`` or config.
    :param home: the runnerup home directory.
    :returns: an open store, or None.
    """


@hookspec(firstresult=True)
def resolve_report(kind: str) -> Callable[[Kernel, Mapping[str, Any]], str] | None:
    """Return the function that re-renders a log-anchored report of ``kind``.

    ``runnerup events verify --against FILE`` reads the report's header (a
    JSON report is the header; another text carries it on a line
    ``<!-- runnerup-report {json} -->``): its ``kind`` and ``log`` (the
    ``position`` and ``hash`` it was computed from). The kernel checks the
    hash chain and that hash, then calls the returned function with the
    kernel and the header; it must rebuild the report's exact text from the
    log up to ``log.position`` (``kernel.view(name, until=position)``), never
    from the clock. The file verifies when the two texts are equal.

    :param kind: the report's ``kind``, e.g. ``"runnerup.proof-of-search"``.
    :returns: ``render(kernel, header) -> str`` when the kind is yours, else None.
    """
