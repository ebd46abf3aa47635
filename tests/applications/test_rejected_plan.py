"""``rejected`` prints the plan that the follow-through plugins recorded because of it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from runnerup import Event, NewEvent, hookimpl


class StepScheduled(Event, tag="test.plan.step"):
    """A dated step (shaped like reminder.scheduled)."""

    __stream__ = "test/{step}"
    step: str
    title: str
    due: date | None = None
    at: datetime | None = None


class DraftWritten(Event, tag="test.plan.draft"):
    """A draft (shaped like the drafting plugin's events)."""

    __stream__ = "test/{draft}"
    draft: str
    subject: str


class Noted(Event, tag="test.plan.noted"):
    """Caused, but neither a step nor a draft."""

    __stream__ = "test/noted"
    what: str


class FollowThrough:
    """A tiny stand-in for the follow-up plugins: deterministic, as reactors must be."""

    @hookimpl
    def register_event_types(self, register: Any) -> None:
        for cls in (StepScheduled, DraftWritten, Noted):
            register(cls)

    @hookimpl
    def handle_event(self, event: Any, context: Any) -> list[Any] | None:
        data = event.data
        if event.type == "application.submitted":
            return [
                StepScheduled(
                    step=f"{data.application}.check", title="Unrelated", due=date(2026, 12, 1)
                )
            ]
        if event.type == "application.rejected":
            day = event.occurred_at.date()
            return [
                DraftWritten(draft=f"{data.application}.thanks", subject="Thank you for your time"),
                StepScheduled(
                    step=f"{data.application}.thanks", title="Send the thank-you note", due=day
                ),
                NewEvent(data=Noted(what="x")),
            ]
        if event.type == "test.plan.draft":
            due = datetime(2026, 11, 20, 17, 30, tzinfo=event.occurred_at.tzinfo) + timedelta(
                days=30
            )
            return [
                StepScheduled(step=f"{data.draft}.keep", title="Keep in touch", due=None, at=due)
            ]
        return None


def test_the_plan_lists_every_caused_step_in_order(make_cli: Any) -> None:
    cli = make_cli(("follow-through", FollowThrough()))
    cli.ok("apply", "Acme", "--role", "Engineer")
    out = cli.ok("rejected", "acme")
    assert out.splitlines() == [
        "acme-engineer: rejected at the applied stage on 2026-11-20",
        "Next steps:",
        "  1. draft: Thank you for your time",
        "  2. Send the thank-you note (due 2026-11-20)",
        "  3. Keep in touch",
    ]


def test_the_plan_as_json_is_the_caused_events(make_cli: Any) -> None:
    cli = make_cli(("follow-through", FollowThrough()))
    cli.ok("apply", "Acme", "--role", "Engineer")
    caused = cli.json("rejected", "acme")
    rejection = next(e for e in cli.events() if e["type"] == "application.rejected")
    assert [e["type"] for e in caused] == [
        "test.plan.draft",
        "test.plan.step",
        "test.plan.noted",
        "test.plan.step",
    ]
    assert caused[0]["meta"]["causation"] == rejection["position"]
    assert caused[3]["meta"]["causation"] == caused[0]["position"]
    assert "Unrelated" not in str(caused)
