"""``.md``: a note with front matter becomes reflection, feedback or a journal entry.

Unlike an email, a note is written by the job seeker, so it is recorded at
once (no suggestion). ``kind: reflection`` answers become
``reflection.answered`` (one per question) and ``liked``/``concerns``
``job.assessed``, ``must_haves`` a ``plan.updated``; ``kind: feedback`` the
note's text as ``feedback.received``; anything else, and any text beside the
answers, a ``note.added``. A type whose plugin is not loaded falls back to
``note.added`` so nothing written is lost. The ``application:`` reference
resolves like the CLI's ``APP`` argument (id, id prefix, company); a note
naming an application that cannot be resolved is refused (quarantined).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runnerup import (
    DateParseError,
    Event,
    NewEvent,
    RunnerupError,
    WatchResult,
    WatchRule,
    parse_when,
)
from runnerup.events.inbox import NoteAdded
from runnerup.events.plan import PlanUpdated
from runnerup.events.reflection import JobAssessed, ReflectionAnswered

from .errors import InboxParseError
from .notes import TEXT_KEYS, Note, parse_note
from .suggest import view_or_none

if TYPE_CHECKING:
    from runnerup import Kernel


def _application(note: Note, kernel: Kernel) -> str | None:
    if note.application is None:
        if note.kind in ("reflection", "feedback"):
            raise InboxParseError(f"a {note.kind} note needs 'application:' in its front matter")
        return None
    apps = view_or_none(kernel, "applications")
    if apps is None:
        raise InboxParseError(
            "cannot resolve 'application:': the applications plugin is not loaded"
        )
    try:
        return str(apps.resolve(note.application).id)
    except RunnerupError as exc:
        raise InboxParseError(f"application: {exc}") from None


def _when(note: Note, kernel: Kernel) -> datetime | None:
    if not note.date:
        return None
    try:
        return parse_when(note.date, now=kernel.now())
    except DateParseError as exc:
        raise InboxParseError(f"date: {exc}") from None


def _known(kernel: Kernel, *types: str) -> bool:
    return all(t in kernel.registry.types for t in types)


def _reflection(note: Note, app: str, kernel: Kernel) -> tuple[list[Event], list[str]]:
    """Events for the answers, and the text of whatever no loaded type can hold."""
    events: list[Event] = []
    leftover: list[str] = []
    for key in sorted(TEXT_KEYS):
        answer = note.meta.get(key)
        if isinstance(answer, str) and answer.strip():
            if _known(kernel, "reflection.answered"):
                events.append(ReflectionAnswered(application=app, question=key, answer=answer))
            else:
                leftover.append(f"{key}: {answer}")
    liked, concerns = _list(note, "liked"), _list(note, "concerns")
    if liked or concerns:
        if _known(kernel, "job.assessed"):
            events.append(JobAssessed(application=app, liked=liked, concerns=concerns))
        else:
            leftover += [f"liked: {x}" for x in liked] + [f"concern: {x}" for x in concerns]
    must_haves = _list(note, "must_haves")
    if must_haves:
        if _known(kernel, "plan.updated"):
            events.append(PlanUpdated(must_haves_added=must_haves))
        else:
            leftover += [f"must-have: {x}" for x in must_haves]
    return events, leftover


def _list(note: Note, key: str) -> list[str]:
    value = note.meta.get(key)
    return [v for v in value if v.strip()] if isinstance(value, list) else []


def read_note(path: Path, data: bytes, kernel: Kernel) -> WatchResult:
    """Record a note's content; raises ValueError for bad front matter or an unknown application."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InboxParseError(f"not UTF-8 text (byte {exc.start})") from None
    note = parse_note(text)
    app = _application(note, kernel)
    when = _when(note, kernel)
    title = note.meta.get("title")
    events: list[Any] = []
    body = note.body
    if note.kind == "reflection" and app is not None:
        events, leftover = _reflection(note, app, kernel)
        body = "\n".join([*leftover, body]).strip()
    elif note.kind == "feedback" and app is not None:
        if not body:
            raise InboxParseError("a feedback note needs the feedback as its text")
        events.append(
            kernel.registry.validate("feedback.received", {"application": app, "text": body})
        )
        body = ""
    if body:
        events.append(
            NoteAdded(
                text=body,
                application=app,
                title=title if isinstance(title, str) else None,
                kind=note.kind,
                source=path.name,
            )
        )
    if not events:
        raise InboxParseError("the note is empty: no answers and no text")
    target = f"on {app}" if app else "in the journal"
    return WatchResult(
        events=[NewEvent(data=e, occurred_at=when) for e in events],
        summary=f"{note.kind} {target}: {len(events)} event{'s' if len(events) != 1 else ''}",
    )


NOTE_RULE = WatchRule(
    name="note",
    suffixes=(".md", ".markdown"),
    handle=read_note,
    description="a Markdown note: reflection answers, feedback or a journal entry",
)
