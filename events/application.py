"""Applications and their lifecycle: submitted, interviews, outcomes, feedback.

Every event here lives in the stream ``application/<application id>``; the
id is a readable slug such as ``northwind-senior-data-engineer``.
"""

from __future__ import annotations

from datetime import date, datetime

from runnerup import Event

APPLICATION_STREAM = "application/{application}"

#: Stages an application can be turned down at, earliest first.
STAGES = ("applied", "screening", "interview", "final", "offer")


class ApplicationSubmitted(Event, tag="application.submitted"):
    """The job seeker applied (or started tracking an application) for a role."""

    __stream__ = APPLICATION_STREAM

    application: str
    company: str
    role: str
    source: str | None = None
    contact: str | None = None
    url: str | None = None
    location: str | None = None
    applied_on: date | None = None
    external_id: str | None = None


class InterviewScheduled(Event, tag="interview.scheduled"):
    """An interview round was arranged."""

    __stream__ = APPLICATION_STREAM

    application: str
    round: int = 1
    at: datetime | None = None
    contact: str | None = None
    location: str | None = None


class InterviewCompleted(Event, tag="interview.completed"):
    """The job seeker went through an interview round."""

    __stream__ = APPLICATION_STREAM

    application: str
    round: int = 1
    note: str | None = None
    contact: str | None = None


class ApplicationRejected(Event, tag="application.rejected"):
    """The employer said no.

    ``stage`` is how far the process got (``applied`` for a CV-stage
    rejection, ``screening``, ``interview``, ``final``); ``final`` is false when
    the process is not really over yet (a "not this round" that may come back).
    """

    __stream__ = APPLICATION_STREAM

    application: str
    stage: str = "interview"
    via: str | None = None
    note: str | None = None
    final: bool = True


class OfferReceived(Event, tag="offer.received"):
    """The employer made an offer."""

    __stream__ = APPLICATION_STREAM

    application: str
    note: str | None = None


class ApplicationWithdrawn(Event, tag="application.withdrawn"):
    """The job seeker withdrew, usually because the role was a poor fit."""

    __stream__ = APPLICATION_STREAM

    application: str
    reason: str | None = None
    poor_fit: bool = True


class ApplicationClosed(Event, tag="application.closed"):
    """The employer closed or cancelled the role without a decision."""

    __stream__ = APPLICATION_STREAM

    application: str
    note: str | None = None


class ResponseReceived(Event, tag="application.responded"):
    """The employer replied in some way (a screening call, a request for more)."""

    __stream__ = APPLICATION_STREAM

    application: str
    note: str | None = None


class FeedbackReceived(Event, tag="feedback.received"):
    """The employer explained their decision.

    ``themes`` are the topics the feedback touches (``experience``,
    ``technical-depth``, ``communication``, ``culture-fit``, ...), tagged when
    it is recorded so analytics can track whether they recur.
    """

    __stream__ = APPLICATION_STREAM

    application: str
    text: str
    contact: str | None = None
    themes: list[str] = []
