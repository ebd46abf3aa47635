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

from runnerup import Event, Projection, RecordedEvent
from runnerup.events.application import (
    ApplicationClosed,
    ApplicationRejected,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    FeedbackReceived,
    InterviewCompleted,
    InterviewScheduled,
    OfferReceived,
)
from runnerup.events.contact import ContactAdded, ContactForgotten, ContactReached

from .model import (
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
    # 2: a packed checkpoint (see model.Applications.pack).
    # 3: the checkpoint holds an id index, so a fold packs in only what it changed.
    version = 3
    types = APPLICATION_TYPES | {"contact.added"}
    state_type = Applications

    def initial(self) -> Applications:
        return Applications()

    def dump(self, state: Applications) -> bytes:
        return state.pack()

    def load(self, data: bytes) -> Applications:
        return Applications.unpack(data)

    def apply(self, state: Applications, event: RecordedEvent) -> Applications:
        data = event.data
        at = event.occurred_at
        if isinstance(data, ApplicationSubmitted):
            _submitted(state, data, event)
            return state
        app = state.find(getattr(data, "application", None) or "")
        if app is None:
            return state
        if isinstance(data, ContactAdded):
            _link(app.contacts, data.contact)
            return state
        app.position = event.position
        app.last_activity_at = max(app.last_activity_at, at)
        if event.type in _RESPONSES and (
            app.first_response_at is None or at < app.first_response_at
        ):
            app.first_response_at = at
        contact = getattr(data, "contact", None)
        if contact:
            _link(app.contacts, contact)
        if event.type in _OUTCOMES:
            _outcome(app, data, at)
            _move(app, _OUTCOMES[event.type], at)
        elif event.type == "application.responded":
            if app.stage == "applied":
                _move(app, "screening", at)
        elif isinstance(data, InterviewScheduled | InterviewCompleted):
            _interview(app, data, at)
        elif isinstance(data, FeedbackReceived):
            app.feedback.append(
                Feedback(text=data.text, at=at, themes=list(data.themes), contact=contact)
            )
        return state


def _submitted(state: Applications, data: ApplicationSubmitted, event: RecordedEvent) -> None:
    at = event.occurred_at
    app = state.find(data.application)
    if app is None:
        app = Application(
            id=data.application,
            company=data.company,
            role=data.role,
            applied_at=at,
            last_activity_at=at,
            history=[("applied", at)],
        )
        state.add(app)
    else:  # submitted again (an import of the same application): newer details win
        app.company, app.role = data.company, data.role
        app.last_activity_at = max(app.last_activity_at, at)
    for field in ("source", "url", "location", "external_id", "applied_on"):
        value = getattr(data, field)
        if value is not None:
            setattr(app, field, value)
    if data.contact:
        _link(app.contacts, data.contact)
    app.position = event.position


def _outcome(app: Application, data: Event, at: datetime) -> None:
    app.outcome_at = at
    if isinstance(data, ApplicationRejected):
        app.rejection = Rejection(
            stage=data.stage, at=at, via=data.via, note=data.note, final=data.final
        )
    elif isinstance(data, OfferReceived):
        app.offer_note = data.note
    elif isinstance(data, ApplicationWithdrawn):
        app.withdrawn_reason, app.poor_fit = data.reason, data.poor_fit
    elif isinstance(data, ApplicationClosed):
        app.closed_note = data.note


def _interview(
    app: Application, data: InterviewScheduled | InterviewCompleted, at: datetime
) -> None:
    interview = app.interview(data.round)
    if interview is None:
        interview = Interview(round=data.round)
        app.interviews.append(interview)
        app.interviews.sort(key=lambda i: i.round)
    if data.contact:
        interview.contact = data.contact
    if isinstance(data, InterviewScheduled):
        interview.at = data.at
    else:
        interview.completed, interview.completed_at = True, at
        interview.note = data.note or interview.note
        if data.round not in app.rounds_completed:
            app.rounds_completed = sorted([*app.rounds_completed, data.round])
    app.round = max(app.round, data.round)
    if app.stage in ("applied", "screening"):
        _move(app, "interviewing", at)


def _move(app: Application, stage: str, at: datetime) -> None:
    if stage != app.stage:
        app.stage = stage
        app.history.append((stage, at))


def _link(ids: list[str], contact_id: str) -> None:
    if contact_id not in ids:
        ids.append(contact_id)


# -- contacts -------------------------------------------------------------------

#: Events that mean the user was really in touch with the person.
_REACHED = (ContactReached, InterviewCompleted, FeedbackReceived)


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
        if isinstance(data, ContactAdded):
            _contact_added(state, data, event)
            return state
        contact = state.items.get(getattr(data, "contact", None) or "")
        if contact is None:
            return state
        contact.position = event.position
        if isinstance(data, ContactForgotten):
            contact.forgotten, contact.forgotten_at = True, at
            return state
        application = getattr(data, "application", None)
        if application:
            _link(contact.applications, application)
        if isinstance(data, ApplicationSubmitted) and contact.company is None:
            contact.company = data.company
        later = contact.last_reached_at is None or at > contact.last_reached_at
        if isinstance(data, _REACHED) and later:
            contact.last_reached_at = at
            contact.reached_how = getattr(data, "how", None) or event.type
        return state


def _contact_added(state: Contacts, data: ContactAdded, event: RecordedEvent) -> None:
    contact = state.items.get(data.contact)
    if contact is None:
        contact = state.items[data.contact] = Contact(
            id=data.contact, name=data.name, email=data.email, added_at=event.occurred_at
        )
    else:  # added again: linked to one more application, maybe with newer details
        contact.name = data.name
        contact.email = data.email or contact.email
    contact.company = data.company or contact.company
    contact.role = data.role or contact.role
    if data.application:
        _link(contact.applications, data.application)
    contact.position = event.position
