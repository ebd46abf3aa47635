"""The story the tour tells: one application, from "applied" to "no" to next steps.

Each step is a real command line with the moment it happens, so the clock
can be pinned per step (the tour spans three weeks in a few seconds) and
the output is the same on every machine. ``needs`` names the commands a
step depends on: when a plugin is missing, its steps and those that build on
them are skipped with a note instead of failing one after another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

APP = "northwind"
CONTACT = "Dana Whitfield <dana@northwind.example>"

#: Written into the throwaway home: who "you" are in the drafts, and the zone of the calendar.
CONFIG = """\
[me]
name = "Alex Morgan"
email = "alex.morgan@example.org"

[calendar]
timezone = "Europe/Berlin"
"""


@dataclass(frozen=True)
class Step:
    """One command of the story.

    ``args`` may hold a callable that receives the runner and returns the
    argument (e.g. the id of the thank-you draft, read from ``drafts``), or
    None when it cannot be found, which skips the step.
    """

    say: str
    now: str
    args: tuple[str | Callable[[Any], str | None], ...]
    needs: tuple[str, ...] = field(default=())


def _ics(runner: Any) -> str:
    return str(Path(runner.home) / "runnerup.ics")


def _thank_you_draft(runner: Any) -> str | None:
    drafts = runner.capture_json(["drafts"])
    if not isinstance(drafts, list):
        return None
    for item in drafts:
        if isinstance(item, dict) and item.get("kind") == "thank_you" and item.get("id"):
            return str(item["id"])
    return None


APPLIED = ("apply",)

STORY: tuple[Step, ...] = (
    Step(
        "Mon 2 Nov 2026. You apply for a role you want; Dana is the hiring manager.",
        "2026-11-02T09:30:00+01:00",
        ("apply", "Northwind Logistics", "--role", "Senior Data Engineer", "--contact", CONTACT),
        APPLIED,
    ),
    Step(
        "Thu 5 Nov. They invite you to an interview.",
        "2026-11-05T11:00:00+01:00",
        ("interview", APP, "--at", "2026-11-12 14:00"),
        (*APPLIED, "interview"),
    ),
    Step(
        "Thu 12 Nov. The interview went well, you think.",
        "2026-11-12T16:30:00+01:00",
        ("interviewed", APP, "--note", "Went deep on streaming design"),
        (*APPLIED, "interviewed"),
    ),
    Step(
        'Fri 20 Nov. The email: "we decided to move forward with another candidate".'
        " One command turns the no into next steps.",
        "2026-11-20T10:00:00+01:00",
        ("rejected", APP, "--via", "email"),
        (*APPLIED, "rejected"),
    ),
    Step(
        "The drafts it wrote for you, tone-checked:",
        "2026-11-20T10:05:00+01:00",
        ("drafts",),
        (*APPLIED, "rejected", "drafts"),
    ),
    Step(
        "The thank-you note, due today: keep the door open.",
        "2026-11-20T10:06:00+01:00",
        ("draft", "show", _thank_you_draft),
        (*APPLIED, "rejected", "drafts", "draft show"),
    ),
    Step(
        "Your agenda: what to do, and when.",
        "2026-11-20T10:07:00+01:00",
        ("agenda",),
        ("agenda",),
    ),
    Step(
        "The same reminders for your calendar app (stable UIDs: re-import updates them).",
        "2026-11-20T10:08:00+01:00",
        ("calendar", "export", _ics),
        ("calendar export",),
    ),
    Step(
        "Mon 23 Nov. Dana answers your feedback request.",
        "2026-11-23T09:15:00+01:00",
        ("feedback", APP, "Strong SQL and modelling; go deeper on streaming system design."),
        (*APPLIED, "feedback"),
    ),
    Step(
        "With some distance, you reflect.",
        "2026-11-23T09:30:00+01:00",
        (
            "reflect",
            APP,
            "--answer",
            "went_well=Explained the batch-to-streaming migration clearly",
            "--answer",
            "unprepared_for=Exactly-once delivery trade-offs",
            "--answer",
            "do_differently=Practise a streaming system-design question out loud",
        ),
        (*APPLIED, "reflect"),
    ),
    Step(
        "What you learned about what you want goes into your plan.",
        "2026-11-23T09:45:00+01:00",
        ("plan", "--must-have", "A team that invests in learning"),
        ("plan",),
    ),
    Step(
        "And you keep the search moving: two outreach letters today.",
        "2026-11-23T10:30:00+01:00",
        (
            "outreach",
            "Contoso",
            "--kind",
            "pain-letter",
            "--note",
            "Their reporting is moving to streaming; offered my migration story",
        ),
        ("outreach",),
    ),
    Step(
        "",
        "2026-11-23T11:00:00+01:00",
        ("outreach", "Fabrikam", "--kind", "informational"),
        ("outreach",),
    ),
    Step(
        "Where everything stands:",
        "2026-11-23T11:05:00+01:00",
        ("board",),
        (*APPLIED, "board"),
    ),
    Step(
        "Oops, the Fabrikam letter is still in your outbox. Undo takes it back"
        " (nothing is deleted: an event.retracted is appended).",
        "2026-11-23T11:10:00+01:00",
        ("undo",),
        ("undo",),
    ),
    Step(
        "Every step is an event in a hash-chained log; verify it:",
        "2026-11-23T11:11:00+01:00",
        ("events", "verify"),
        ("events verify",),
    ),
)
