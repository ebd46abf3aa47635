"""The follow-through plan: what a "no", an interview and feedback set off, and when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from runnerup.events.application import FeedbackReceived

APP = "northwind-senior-data-engineer"


def test_rejection_after_an_interview_sets_off_the_whole_plan(search: Any) -> None:
    search.apply()
    search.interviewed()
    position = search.rejected()
    reminders = search.reminders(position)
    assert {r: (s.kind, s.due, s.draft) for r, s in reminders.items()} == {
        f"{APP}.thank-you": ("thank-you", "2026-11-20", f"{APP}.thank-you"),
        f"{APP}.feedback-request": ("feedback-request", "2026-11-21", f"{APP}.feedback-request"),
        f"{APP}.reflect": ("reflect", "2026-11-21", None),
        f"{APP}.keep-in-touch-30": ("keep-in-touch", "2026-12-20", f"{APP}.keep-in-touch-30"),
        f"{APP}.keep-in-touch-90": ("keep-in-touch", "2027-02-18", f"{APP}.keep-in-touch-90"),
        f"{APP}.review-plan": ("review-plan", "2026-11-22", None),
    }
    reflect = reminders[f"{APP}.reflect"]
    assert reflect.title == "Reflect on Northwind Logistics: what went well, what caught you out"
    assert f"runnerup reflect {APP}" in (reflect.notes or "")
    assert all(r.application == APP for r in reminders.values())
    assert reminders[f"{APP}.thank-you"].contact == "c-dana"

    requests = search.requests(position)
    assert {d: (r.kind, r.due, r.contact) for d, r in requests.items()} == {
        f"{APP}.thank-you": ("thank_you", date(2026, 11, 20), "c-dana"),
        f"{APP}.feedback-request": ("feedback_request", date(2026, 11, 21), "c-dana"),
        f"{APP}.keep-in-touch-30": ("keep_in_touch", date(2026, 12, 20), "c-dana"),
        f"{APP}.keep-in-touch-90": ("keep_in_touch", date(2027, 2, 18), "c-dana"),
    }
    assert requests[f"{APP}.feedback-request"].rejected_on == date(2026, 11, 20)
    assert requests[f"{APP}.feedback-request"].round == 1


def test_a_cv_stage_rejection_gets_no_feedback_request(search: Any) -> None:
    search.apply()
    position = search.rejected(stage="applied")
    assert f"{APP}.feedback-request" not in search.reminders(position)
    assert f"{APP}.feedback-request" not in search.requests(position)
    assert f"{APP}.thank-you" in search.reminders(position)


def test_a_completed_interview_counts_even_when_the_stage_says_screening(search: Any) -> None:
    search.apply()
    search.interviewed()
    position = search.rejected(stage="screening")
    assert f"{APP}.feedback-request" in search.requests(position)


def test_no_feedback_request_before_the_outcome_is_final(search: Any) -> None:
    search.apply()
    search.interviewed()
    first = search.rejected(final=False)
    assert f"{APP}.feedback-request" not in search.reminders(first)
    # The final word later adds the request, and nothing already planned twice.
    second = search.rejected(final=True)
    assert set(search.reminders(second)) == {f"{APP}.feedback-request"}
    assert set(search.requests(second)) == {f"{APP}.feedback-request"}


def test_dates_count_from_the_day_of_a_backdated_rejection(search: Any) -> None:
    search.apply()
    position = search.rejected(on=datetime.fromisoformat("2026-11-17T23:30:00+01:00"))
    reminders = search.reminders(position)
    assert reminders[f"{APP}.thank-you"].due == "2026-11-17"
    assert reminders[f"{APP}.keep-in-touch-30"].due == "2026-12-17"


def test_config_switches_steps_off_and_moves_them(make_search: Callable[..., Any]) -> None:
    search = make_search(
        {
            "rejection_plan": {
                "thank_you": False,
                "review_plan": False,
                "reflect_days": 3,
                "keep_in_touch_days": [14],
            }
        }
    )
    search.apply()
    search.interviewed()
    position = search.rejected()
    reminders = search.reminders(position)
    assert set(reminders) == {
        f"{APP}.feedback-request",
        f"{APP}.reflect",
        f"{APP}.keep-in-touch-14",
    }
    assert reminders[f"{APP}.reflect"].due == "2026-11-23"
    assert reminders[f"{APP}.keep-in-touch-14"].due == "2026-12-04"


def test_a_wrong_config_value_keeps_the_default_and_says_so(
    make_search: Callable[..., Any], runnerup_logs: list[dict[str, Any]]
) -> None:
    search = make_search({"rejection_plan": {"reflect_days": "tomorrow", "keep_in_touch": False}})
    search.apply()
    position = search.rejected()
    reminders = search.reminders(position)
    assert reminders[f"{APP}.reflect"].due == "2026-11-21"
    assert not any(r.startswith(f"{APP}.keep-in-touch") for r in reminders)
    assert any(
        log.get("key") == "reflect_days" and log["log_level"] == "warning" for log in runnerup_logs
    )


def test_feedback_gets_a_fresh_eyes_reminder_three_days_later(search: Any) -> None:
    search.apply()
    position = search.record(
        FeedbackReceived(application=APP, text="Go deeper on streaming design.")
    )
    reminders = search.reminders(position)
    assert list(reminders) == [f"{APP}.revisit-feedback-{position}"]
    step = reminders[f"{APP}.revisit-feedback-{position}"]
    assert (step.kind, step.due) == ("revisit-feedback", "2026-11-23")
    assert step.title == "Revisit the feedback from Northwind Logistics with fresh eyes"


def test_an_interview_gets_a_thank_you_draft_the_same_day(search: Any) -> None:
    search.apply()
    position = search.interviewed(round=2)
    requests = search.requests(position)
    request = requests[f"{APP}.interview-thanks-2"]
    assert (request.kind, request.due, request.round, request.contact) == (
        "interview_thanks",
        date(2026, 11, 20),
        2,
        "c-dana",
    )
    assert search.reminders(position)[f"{APP}.interview-thanks-2"].due == "2026-11-20"


def test_reacting_again_after_a_crash_duplicates_nothing(search: Any) -> None:
    from runnerup.store import Checkpoint

    search.apply()
    search.interviewed()
    search.rejected()
    before = [(e.type, e.stream) for e in search.kernel.read()]
    # As if the process died before the reactors' checkpoint was saved.
    search.kernel.store.save_checkpoint(Checkpoint("kernel.reactors", 1, 0, b""))
    search.kernel.react()
    assert [(e.type, e.stream) for e in search.kernel.read()] == before


def test_undoing_the_rejection_takes_the_whole_plan_back(search: Any) -> None:
    search.apply()
    search.interviewed()
    position = search.rejected()
    assert f"{APP}.thank-you" in search.kernel.view("drafts").items
    search.kernel.retract(search.kernel.consequences(position))
    drafts = search.kernel.view("drafts").items
    assert set(drafts) == {f"{APP}.interview-thanks-1"}
    reminders = search.kernel.view("reminders").items
    assert {r for r in reminders if r.startswith(APP)} == {f"{APP}.interview-thanks-1"}
