"""A seeded generator of a busy job search, as encoded events.

Used by every benchmark so the baselines and runnerup process the same
bytes: many applications, interview rounds, rejections, feedback, reminders,
drafts and outreach, in the proportions a very active search produces.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import msgspec
from runnerup.envelope import Meta, Pending, to_us
from runnerup.events.application import (
    ApplicationRejected,
    ApplicationSubmitted,
    FeedbackReceived,
    InterviewCompleted,
    InterviewScheduled,
)
from runnerup.events.reminder import ReminderDone, ReminderScheduled

COMPANIES = [
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Litware",
    "Adatum",
    "Proseware",
    "Woodgrove",
]
ROLES = [
    "Data Engineer",
    "Senior Data Engineer",
    "Analytics Engineer",
    "Platform Engineer",
    "ML Engineer",
]
THEMES = ["experience", "technical-depth", "communication", "culture-fit", "domain-knowledge"]


def generate(n: int, seed: int = 7) -> Iterator[tuple[str, Pending]]:
    """``n`` (stream, Pending) pairs, deterministic for a seed."""
    rng = random.Random(seed)
    encode = msgspec.json.Encoder().encode
    meta = encode(Meta(actor="cli"))
    start = datetime(2024, 1, 1, tzinfo=UTC)
    produced = 0
    app_no = 0
    while produced < n:
        app_no += 1
        company = rng.choice(COMPANIES)
        role = rng.choice(ROLES)
        app = f"{company.lower()}-{role.lower().replace(' ', '-')}-{app_no}"
        stream = f"application/{app}"
        when = start + timedelta(minutes=app_no * 7)
        batch: list[tuple[str, object]] = [
            (
                stream,
                ApplicationSubmitted(
                    application=app,
                    company=company,
                    role=role,
                    source="linkedin",
                    applied_on=date(2024, 1, 1) + timedelta(days=app_no % 300),
                ),
            ),
        ]
        rounds = rng.choice([0, 0, 1, 1, 2, 3])
        for r in range(1, rounds + 1):
            batch.append(
                (
                    stream,
                    InterviewScheduled(application=app, round=r, at=when + timedelta(days=r * 3)),
                )
            )
            batch.append((stream, InterviewCompleted(application=app, round=r, note="went fine")))
        batch.append(
            (
                stream,
                ApplicationRejected(
                    application=app,
                    stage="interview" if rounds else "applied",
                    via="email",
                    note="not this time",
                ),
            )
        )
        if rounds and rng.random() < 0.5:
            batch.append(
                (
                    stream,
                    FeedbackReceived(
                        application=app,
                        text="more depth on streaming",
                        themes=rng.sample(THEMES, 2),
                    ),
                )
            )
        for kind in ("thank-you", "reflect", "keep-in-touch-30", "keep-in-touch-90"):
            rid = f"{app}.{kind}"
            batch.append(
                (
                    f"reminder/{rid}",
                    ReminderScheduled(
                        reminder=rid,
                        title=f"{kind} {company}",
                        due=(when + timedelta(days=30)).date(),
                        kind=kind,
                        application=app,
                    ),
                )
            )
        batch.append((f"reminder/{app}.thank-you", ReminderDone(reminder=f"{app}.thank-you")))
        for stream_name, event in batch:
            if produced >= n:
                return
            name = type(event).event_type()  # type: ignore[attr-defined]
            yield stream_name, Pending(name, encode(event), to_us(when), meta)
            produced += 1
