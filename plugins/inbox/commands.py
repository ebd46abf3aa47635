"""``runnerup inbox``: list, accept and dismiss what the watcher suggested.

Accepting records ``inbox.accepted`` (caused by the suggestion) with the
complete events to apply; the inbox reactor records those events caused by
the acceptance, and the follow-through plan reacts to them as it does to the
matching commands. So ``runnerup undo`` right after an accept takes back the
acceptance, the applied events and the plan they set off, and the suggestion
is open again.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import click
from runnerup import RunnerupError, emit, get_app, get_kernel

if TYPE_CHECKING:
    from runnerup import Kernel

    from .state import Suggestion

LABELS = {
    "rejection": "rejected",
    "invitation": "invited to interview",
    "offer": "offer",
    "interview": "interview",
    "cancellation": "interview cancelled",
    "other": "other (nothing to apply)",
}


def describe(item: Suggestion) -> str:
    """``#3 Northwind Logistics, Senior Data Engineer: rejected (matched northwind-…)``."""
    from .suggest import describe as names

    label = LABELS.get(item.kind, item.kind)
    when = _interview_time(item)
    if when:
        label = f"{label} {when}"
    if item.status == "accepted":
        tail = f"accepted as {item.accepted_application}"
    elif item.status == "dismissed":
        tail = "dismissed"
    elif item.application:
        tail = f"matched {item.application}"
    elif item.kind == "other":
        tail = "no application"
    else:
        tail = "new application"
    return f"{item.label} {names(item.company, item.role)}: {label} ({tail})"


def _interview_time(item: Suggestion) -> str | None:
    for proposal in item.proposed:
        at = proposal.data.get("at") if proposal.type == "interview.scheduled" else None
        if isinstance(at, str):
            return at[:16].replace("T", " ")
    return None


def _row(item: Suggestion) -> dict[str, Any]:
    return {
        "id": item.id,
        "number": item.number,
        "kind": item.kind,
        "company": item.company,
        "role": item.role,
        "application": item.accepted_application or item.application,
        "matched_by": item.matched_by,
        "status": item.status,
        "confidence": item.confidence,
        "evidence": item.evidence,
        "source": item.source,
        "proposed": [p.type for p in item.proposed],
        "text": describe(item),
    }


@click.group(invoke_without_command=True)
@click.option("--all", "show_all", is_flag=True, help="Include accepted and dismissed suggestions.")
@click.pass_context
def inbox(ctx: click.Context, show_all: bool) -> None:
    """List what the watcher understood from dropped emails and invites."""
    if ctx.invoked_subcommand is not None:
        return
    state = get_kernel().view("inbox")
    items = sorted(state.items.values(), key=lambda s: s.number) if show_all else state.open()
    if get_app().json:
        emit([_row(s) for s in items])
        return
    if not items:
        click.echo("inbox is empty" if show_all else "no open suggestions")
        return
    for item in items:
        click.echo(describe(item))


def _find(kernel: Kernel, ref: str) -> Suggestion:
    item = kernel.view("inbox").find(ref)
    if item is None:
        raise RunnerupError(f"no suggestion {ref!r} (see 'runnerup inbox --all')")
    return item


@inbox.command("accept")
@click.argument("suggestion")
@click.option(
    "--app", "app_ref", metavar="APP", help="Apply it to this application instead of the match."
)
def accept(suggestion: str, app_ref: str | None) -> None:
    """Apply SUGGESTION (3, #3 or s3): record what it proposes and start the follow-through."""
    from .accept import apply_accepted, plan_acceptance
    from .suggest import find_application, view_or_none

    kernel = get_kernel()
    item = _find(kernel, suggestion)
    rematch: tuple[str | None, str | None] = (None, None)
    if item.status == "open" and not item.application and app_ref is None:
        rematch = find_application(
            kernel,
            thread_ids=item.thread,
            sender_domain=item.sender_domain,
            company=item.company,
            role=item.role,
        )
    accepted = plan_acceptance(
        item, view_or_none(kernel, "applications"), app_ref=app_ref, rematch=rematch
    )
    apply_accepted(accepted, kernel.registry)  # validates every event before anything is written
    stream = f"inbox/{item.id}"
    positions = kernel.record(
        [accepted],
        stream=stream,
        expected_version=kernel.store.stream_version(stream),
        causation=item.position,
    )
    caused = _caused(kernel, positions[0])
    applied = [e.type for e in caused if e.meta.causation == positions[0]]
    follow = Counter(e.type for e in caused if e.meta.causation != positions[0])
    recorded = ", ".join(applied) or "nothing"
    text = f"accepted {item.label}: recorded {recorded} for {accepted.application}"
    if follow:
        text += "\nthen: " + ", ".join(f"{n} {t}" for t, n in sorted(follow.items()))
    emit(
        {
            "suggestion": item.id,
            "application": accepted.application,
            "created": accepted.created,
            "position": positions[0],
            "applied": applied,
            "caused": dict(follow),
        },
        text=text,
    )


def _caused(kernel: Kernel, position: int) -> list[Any]:
    chain = {position}
    out = []
    for event in kernel.read(after=position):
        if event.meta.causation in chain:
            chain.add(event.position)
            out.append(event)
    return out


@inbox.command("dismiss")
@click.argument("suggestion")
@click.option("--reason", help="Why (kept in the log).")
def dismiss(suggestion: str, reason: str | None) -> None:
    """Dismiss SUGGESTION (3, #3 or s3): it was wrong or not worth recording."""
    from runnerup.events.inbox import SuggestionDismissed

    kernel = get_kernel()
    item = _find(kernel, suggestion)
    if item.status != "open":
        raise RunnerupError(f"suggestion {item.label} is already {item.status}")
    stream = f"inbox/{item.id}"
    kernel.record(
        [SuggestionDismissed(suggestion=item.id, reason=reason)],
        stream=stream,
        expected_version=kernel.store.stream_version(stream),
        causation=item.position,
    )
    emit({"suggestion": item.id, "dismissed": True}, text=f"dismissed {item.label}")
