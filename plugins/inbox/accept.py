"""What accepting a suggestion records, decided once and written into ``inbox.accepted``.

The match is taken again at accept time (the user may have added the
application since the email arrived), ``--app`` overrides it, and a
suggestion about a company nobody tracks starts an application first
(``application.submitted``, then the outcome). The acceptance carries the
complete events, so the reactor that records them (:func:`apply_accepted`)
needs no view and gives the same output on every replay.
"""

from __future__ import annotations

from typing import Any

from runnerup import NewEvent, RunnerupError
from runnerup.events.inbox import Proposal, SuggestionAccepted

from .state import Suggestion

#: Role recorded for an application started from an email that names none.
UNKNOWN_ROLE = "unknown role"
#: application.rejected ``stage`` by the stage the applications view shows.
_REJECTED_AT = {"applied": "applied", "screening": "screening", "interviewing": "interview"}


def plan_acceptance(
    item: Suggestion,
    apps: Any,
    *,
    app_ref: str | None = None,
    rematch: tuple[str | None, str | None] = (None, None),
) -> SuggestionAccepted:
    """The acceptance of ``item``, or a :class:`RunnerupError` saying why not."""
    if item.status != "open":
        raise RunnerupError(f"suggestion {item.label} is already {item.status}")
    if not item.proposed:
        raise RunnerupError(
            f"suggestion {item.label} ({item.kind}) has nothing to apply; dismiss it instead"
        )
    if apps is None:
        raise RunnerupError("the applications plugin is not loaded: nothing to apply to")
    items: dict[str, Any] = getattr(apps, "items", {})
    events: list[Proposal] = []
    created = False
    app: Any = None
    if app_ref is not None:
        app = apps.resolve(app_ref)
    else:
        for candidate in (item.application, rematch[0]):
            if candidate and candidate in items:
                app = items[candidate]
                break
    if app is not None:
        app_id = app.id
    else:
        if all(p.type == "note.added" for p in item.proposed):
            # A note (a cancelled invite) is no reason to start tracking an application.
            raise RunnerupError(
                f"suggestion {item.label} matches no application to note it on: give --app APP"
            )
        if not item.company:
            raise RunnerupError(
                f"suggestion {item.label} names no company and matches no application: "
                "give --app APP"
            )
        role = item.role or UNKNOWN_ROLE
        app_id = apps.new_id(item.company, role)
        created = True
        first = item.proposed[0].occurred_at
        events.append(
            Proposal(
                type="application.submitted",
                data={
                    "application": app_id,
                    "company": item.company,
                    "role": role,
                    "source": f"inbox:{item.source}",
                },
                occurred_at=first,
            )
        )
    for proposal in item.proposed:
        data = {**proposal.data, "application": app_id}
        if proposal.type == "application.rejected" and "stage" not in data:
            data["stage"] = _rejected_at(app)
        if proposal.type == "interview.scheduled" and "round" not in data:
            data["round"] = int(getattr(app, "round", 0) or 0) + 1 if app is not None else 1
        events.append(Proposal(type=proposal.type, data=data, occurred_at=proposal.occurred_at))
    return SuggestionAccepted(
        suggestion=item.id, application=app_id, events=events, created=created
    )


def _rejected_at(app: Any) -> str:
    if app is None:
        return "applied"
    stage = getattr(app, "stage", "applied")
    return _REJECTED_AT.get(stage, "interview" if getattr(app, "round", 0) else "applied")


def apply_accepted(accepted: SuggestionAccepted, registry: Any) -> list[NewEvent]:
    """The events an acceptance records, validated against their schemas."""
    out = []
    for proposal in accepted.events:
        event = registry.validate(proposal.type, proposal.data)
        out.append(NewEvent(data=event, occurred_at=proposal.occurred_at))
    return out
