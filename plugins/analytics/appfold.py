"""Folding application events into the analytics state, aggregates included.

Each event turns one packed :class:`~.model.AppRecord` into a new one; the
aggregates (funnel, outcomes, rejection stages, the day histograms,
applications per day) are kept right by taking the old record out and
putting the new one in (:func:`account`), so later events that change an
earlier fact (an offer after a rejection, a backdated response, a
re-import with the real applied day) never leave a count behind.

Rules (docs/analytics.md): ``application.responded`` → screening; an
interview → interview; ``application.rejected`` at stage S → at least S (an
unknown stage name counts as interview); ``offer.received`` → offer. The
first response is the earliest employer event; the outcome is the latest of
rejected / withdrawn / closed / offer, and progress recorded after it does
not reopen the application.
"""

from __future__ import annotations

from typing import Any

from runnerup import RecordedEvent

from .model import (
    OUTCOME_CODE,
    OUTCOMES,
    STAGE_INDEX,
    Analytics,
    AppRecord,
    Exchange,
    bump,
    day_of,
    inner,
    local_day,
    pack,
    theme_slug,
    unpack,
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
# Everything the employer does counts as a response; the user withdrawing does not.
RESPONSES = APPLICATION_TYPES - {"application.submitted", "application.withdrawn"}
_OUTCOME_OF = {
    "application.rejected": "rejected",
    "offer.received": "offer",
    "application.withdrawn": "withdrawn",
    "application.closed": "closed",
}


def account(state: Analytics, rec: AppRecord, sign: int) -> None:
    """Add (``sign`` = 1) or take out (-1) one record's share of the aggregates."""
    state.furthest[rec.furthest] += sign
    bump(state.applied_days, rec.applied_day, sign)
    if rec.response_us:
        bump(state.to_response, max(0, rec.response_day - rec.applied_day), sign)
    if rec.outcome:
        bump(state.outcomes, OUTCOMES[rec.outcome], sign)
        bump(state.to_outcome, max(0, rec.outcome_day - rec.applied_day), sign)
        if OUTCOMES[rec.outcome] == "rejected":
            bump(state.rejection_stages, inner(state).stage_names[rec.stage], sign)


def answered(exchange: Exchange) -> int:
    """Requests sent on or before the day of the latest feedback."""
    latest = max(exchange.feedback_days, default=0)
    return sum(1 for sent in exchange.sent_days if sent <= latest)


def submitted(state: Analytics, event: RecordedEvent, data: Any) -> None:
    """``application.submitted``: a new record, or a re-import with its real day."""
    key = data.application
    us = event.occurred_us
    applied_on = day_of(data.applied_on)
    apps = inner(state).apps
    raw = apps.get(key)
    if raw is None:
        rec = AppRecord(
            applied_us=us, applied_day=applied_on or local_day(us), applied_on=applied_on
        )
        state.open_quiet[key] = us
    else:  # submitted again (an import): a given applied day wins
        rec = old = unpack(raw)
        if rec.outcome == 0:
            state.open_quiet[key] = max(state.open_quiet.get(key, 0), us)
        if not applied_on or applied_on == rec.applied_on:
            return
        account(state, old, -1)
        rec = rec._replace(applied_on=applied_on, applied_day=applied_on)
    account(state, rec, 1)
    apps[key] = pack(rec)


def progressed(state: Analytics, event: RecordedEvent, data: Any) -> None:
    """Every application event but the submission."""
    key = getattr(data, "application", "") or ""
    apps = inner(state).apps
    raw = apps.get(key)
    if raw is None:
        return  # an event for an application the log never introduced
    kind = event.type
    us = event.occurred_us
    old = unpack(raw)
    # The fields of the new record, changed as the event says.
    applied_us, applied_day, applied_on, furthest, response_us, response_day = old[:6]
    outcome, outcome_us, outcome_day, stage = old[6:]
    if outcome == 0:
        open_quiet = state.open_quiet
        at = _at_us(getattr(data, "at", None)) if kind == "interview.scheduled" else 0
        open_quiet[key] = max(open_quiet.get(key, 0), us, at)
    if kind in RESPONSES and (response_us == 0 or us < response_us):
        response_us, response_day = us, local_day(us)
    if kind == "application.responded":
        furthest = max(furthest, 1)
    elif kind == "interview.scheduled" or kind == "interview.completed":
        furthest = max(furthest, 2)
    elif kind == "feedback.received":
        _feedback(state, key, data, us)
    ending = _OUTCOME_OF.get(kind)
    if ending is not None:
        stage = 0
        if ending == "rejected":
            name = str(getattr(data, "stage", "") or "interview")
            furthest = max(furthest, STAGE_INDEX.get(name, STAGE_INDEX["interview"]))
            stage = _stage_code(state, name)
        elif ending == "offer":
            furthest = STAGE_INDEX["offer"]
        outcome, outcome_us, outcome_day = OUTCOME_CODE[ending], us, local_day(us)
        state.open_quiet.pop(key, None)
    rec = AppRecord(
        applied_us,
        applied_day,
        applied_on,
        furthest,
        response_us,
        response_day,
        outcome,
        outcome_us,
        outcome_day,
        stage,
    )
    if rec != old:
        account(state, old, -1)
        account(state, rec, 1)
        apps[key] = pack(rec)


def request_sent(state: Analytics, application: str, us: int) -> None:
    """A feedback request for ``application`` went out at ``us``."""
    state.requests_sent += 1
    exchange = inner(state).exchanges.setdefault(application, Exchange())
    before = answered(exchange)
    exchange.sent_us.append(us)
    exchange.sent_days.append(local_day(us))
    state.requests_answered += answered(exchange) - before


def _feedback(state: Analytics, key: str, data: Any, us: int) -> None:
    day = local_day(us)
    internals = inner(state)
    exchange = internals.exchanges.setdefault(key, Exchange())
    before = answered(exchange)
    exchange.feedback_us.append(us)
    exchange.feedback_days.append(day)
    state.requests_answered += answered(exchange) - before
    state.feedback_received += 1
    for theme in getattr(data, "themes", ()) or ():
        slug = theme_slug(str(theme))
        if slug:
            state.theme_days.setdefault(slug, []).append(day)
            internals.theme_us.setdefault(slug, []).append(us)


def _stage_code(state: Analytics, name: str) -> int:
    names = inner(state).stage_names
    try:
        return names.index(name)
    except ValueError:
        names.append(name)
        return len(names) - 1


def _at_us(at: Any) -> int:
    # A scheduled interview time counts as activity (for ghosting), like the board.
    if at is not None and getattr(at, "tzinfo", None) is not None:
        return int(at.timestamp() * 1_000_000)
    return 0
