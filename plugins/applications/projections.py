"""The folds behind ``kernel.view("applications")`` and ``kernel.view("contacts")``.

The state shapes are documented in :mod:`.model`. The folds are total: any
sequence of recorded events gives a state (an event for an application or a
contact the log never introduced is skipped, not an error), because the log
may come from an import, ``events append`` or a newer version of runnerup.

Stage rules (commands refuse the impossible ones; the fold only follows):

- ``application.submitted`` → applied; ``application.responded`` moves
  applied → screening; an interview (scheduled or completed) moves applied
  or screening → interviewing;
- ``application.rejected`` / ``offer.received`` / ``application.withdrawn``
  / ``application.closed`` set their stage whatever came before;
- progress recorded after an ending (an interview entered after the fact)
  is kept in the record but does not reopen the application.

Times are the events' ``occurred_at``; ``last_activity_at`` never moves
back when an older event is entered late.
"""

from __future__ import annotations

from datetime import datetime

from runnerup import Projection, RecordedEvent

from .model import (
    ENDED_STAGES,
    Application,
    Applications,
    Contact,
    Contacts,
    Feedback,
    Interview,
    Rejection,
)

APPLICATION_TYPES = frozenset(
    {
        "application.submitted",
        "application.responded",
        "interview.scheduled",
        "interview.completed",
        "application.rejected",
        "offer.received",
        "application.withdrawn",
        "application.closed",
        "feedback.received",
    }
)
_OUTCOMES = {
    "application.rejected": "rejected",
    "offer.received": "offer",
    "application.withdrawn": "withdrawn",
    "application.closed": "closed",
}
# Everything the employer does counts as a response; the user withdrawing does not.
_RESPONSES = APPLICATION_TYPES - {"application.submitted", "application.withdrawn"}


class ApplicationsProjection(Projection[Applications]):
    """Applications by id, with stage, interviews, outcome and feedback."""

    name = "applications"
    version = 1
    types = APPLICATION_TYPES | {"contact.added"}
    state_type = Applications

    def initial(self) -> Applications:
        return Applications()

    def apply(self, state: Applications, event: RecordedEvent) -> Applications:
        data = event.data
        at = event.occurred_at
        if event.type == "application.submitted":
            _submitted(state, event)
            return state
        app = state.items.get(getattr(data, "application", None) or "")
        if app is None:
            return state
        if event.type == "contact.added":
            _link(app.contacts, data.contact)  # type: ignore[attr-defined]
            return state
        app.position = event.position
        app.last_activity_at = max(app.last_activity_at, at)
        if event.type in _RESPONSES and (app.first_response_at is None or at < app.first_response_at):
            app.first_response_at = at
        contact = getattr(data, "contact", None)
        if contact:
            _link(app.contacts, contact)
        if event.type in _OUTCOMES:
            _outcome(app, event)
        elif event.type == "application.responded":
            if app.stage == "applied":
                _move(app, "screening", at)
        elif event.type in ("interview.scheduled", "interview.completed"):
            _interview(app, event)
        elif event.type == "feedback.received":
            app.feedback.append(
                Feedback(text=data.text, at=at, themes=list(data.themes), contact=contact)  # type: ignore[attr-defined]
            )
        return state


def _submitted(state: Applications, event: RecordedEvent) -> None:
    data = event.data
    at = event.occurred_at
    app = state.items.get(data.application)  # type: ignore[attr-defined]
    if app is None:
        app = state.items[data.application] = Application(  # type: ignore[attr-defined]
            id=data.application,  # type: ignore[attr-defined]
            company=data.company,  # type: ignore[attr-defined]
            role=data.role,  # type: ignore[attr-defined]
            applied_at=at,
            last_activity_at=at,
            history=[("applied", at)],
        )
    else:  # submitted again (an import of the same application): newer details win
        app.company, app.role = data.company, data.role  # type: ignore[attr-defined]
        app.last_activity_at = max(app.last_activity_at, at)
    for field in ("source", "url", "location", "external_id", "applied_on"):
        value = getattr(data, field)
        if value is not None:
            setattr(app, field, value)
    if data.contact:  # type: ignore[attr-defined]
        _link(app.contacts, data.contact)  # type: ignore[attr-defined]
    app.position = event.position


def _outcome(app: Application, event: RecordedEvent) -> None:
    data = event.data
    at = event.occurred_at
    app.outcome_at = at
    if event.type == "application.rejected":
        app.rejection = Rejection(
            stage=data.stage,  # type: ignore[attr-defined]
            at=at,
            via=data.via,  # type: ignore[attr-defined]
            note=data.note,  # type: ignore[attr-defined]
            final=data.final,  # type: ignore[attr-defined]
        )
    elif event.type == "offer.received":
        app.offer_note = data.note  # type: ignore[attr-defined]
    elif event.type == "application.withdrawn":
        app.withdrawn_reason = data.reason  # type: ignore[attr-defined]
        app.poor_fit = data.poor_fit  # type: ignore[attr-defined]
    else:
        app.closed_note = data.note  # type: ignore[attr-defined]
    _move(app, _OUTCOMES[event.type], at)


def _interview(app: Application, event: RecordedEvent) -> None:
    data = event.data
    number: int = data.round  # type: ignore[attr-defined]
    interview = app.interview(number)
    if interview is None:
        interview = Interview(round=number)
        app.interviews.append(interview)
        app.interviews.sort(key=lambda i: i.round)
    if data.contact:  # type: ignore[attr-defined]
        interview.contact = data.contact  # type: ignore[attr-defined]
    if event.type == "interview.scheduled":
        interview.at = data.at  # type: ignore[attr-defined]
    else:
        interview.completed = True
        interview.completed_at = event.occurred_at
        interview.note = data.note or interview.note  # type: ignore[attr-defined]
        if number not in app.rounds_completed:
            app.rounds_completed = sorted([*app.rounds_completed, number])
    app.round = max(app.round, number)
    if app.stage in ("applied", "screening"):
        _move(app, "interviewing", event.occurred_at)


def _move(app: Application, stage: str, at: datetime) -> None:
    if stage != app.stage:
        app.stage = stage
        app.history.append((stage, at))


def _link(ids: list[str], contact_id: str) -> None:
    if contact_id not in ids:
        ids.append(contact_id)


# -- contacts -------------------------------------------------------------------


class ContactsProjection(Projection[Contacts]):
    """People by contact id; names and emails stay sealed in the state."""

    name = "contacts"
    version = 1
    types = frozenset(
        {
            "contact.added",
            "contact.reached",
            "contact.forgotten",
            "application.submitted",
            "interview.scheduled",
            "interview.completed",
            "feedback.received",
        }
    )
    state_type = Contacts

    def initial(self) -> Contacts:
        return Contacts()

    def apply(self, state: Contacts, event: RecordedEvent) -> Contacts:
        data = event.data
        at = event.occurred_at
        contact_id = getattr(data, "contact", None)
        if not contact_id:
            return state
        if event.type == "contact.added":
            _contact_added(state, event)
            return state
        contact = state.items.get(contact_id)
        if contact is None:
            return state
        contact.position = event.position
        if event.type == "contact.forgotten":
            contact.forgotten, contact.forgotten_at = True, at
            return state
        application = getattr(data, "application", None)
        if application:
            _link(contact.applications, application)
            if event.type == "application.submitted" and contact.company is None:
                contact.company = data.company  # type: ignore[attr-defined]
        if event.type in ("contact.reached", "interview.completed", "feedback.received"):
            if contact.last_reached_at is None or at > contact.last_reached_at:
                contact.last_reached_at = at
                contact.reached_how = getattr(data, "how", None) or event.type.split(".")[0]
        return state


def _contact_added(state: Contacts, event: RecordedEvent) -> None:
    data = event.data
    contact = state.items.get(data.contact)  # type: ignore[attr-defined]
    if contact is None:
        contact = state.items[data.contact] = Contact(  # type: ignore[attr-defined]
            id=data.contact,  # type: ignore[attr-defined]
            name=data.name,  # type: ignore[attr-defined]
            email=data.email,  # type: ignore[attr-defined]
            added_at=event.occurred_at,
        )
    else:  # added again: linked to one more application, maybe with newer details
        contact.name = data.name  # type: ignore[attr-defined]
        contact.email = data.email or contact.email  # type: ignore[attr-defined]
    for field in ("company", "role"):
        value = getattr(data, field)
        if value:
            setattr(contact, field, value)
    if data.application:  # type: ignore[attr-defined]
        _link(contact.applications, data.application)  # type: ignore[attr-defined]
    contact.position = event.position
