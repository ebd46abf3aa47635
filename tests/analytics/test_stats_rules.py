"""The numbers ``stats`` computes, rule by rule, from recorded events."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone

from runnerup import NewEvent
from runnerup.events.application import (
    ApplicationClosed,
    ApplicationRejected,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    FeedbackReceived,
    InterviewCompleted,
    InterviewScheduled,
    OfferReceived,
    ResponseReceived,
)
from runnerup.events.draft import DraftCreated, DraftMarkedSent, DraftSent
from runnerup.events.plan import OutreachSent, PlanUpdated
from runnerup.events.reflection import ReflectionAnswered
from runnerup.events.reminder import ReminderCancelled, ReminderDone, ReminderScheduled


def submit(app: str, company: str = "Acme", **kw: object) -> ApplicationSubmitted:
    return ApplicationSubmitted(application=app, company=company, role="Data Engineer", **kw)


def funnel(stats: dict) -> dict[str, int]:
    return {row["stage"]: row["reached"] for row in stats["funnel"]}


def test_funnel_counts_the_furthest_stage_each_application_reached(rec) -> None:
    rec("2026-11-02", submit("a"), submit("b"), submit("c"), submit("d"), submit("e"))
    rec("2026-11-04", ResponseReceived(application="b"))
    rec("2026-11-05", InterviewScheduled(application="c", round=1))
    rec("2026-11-06", ApplicationRejected(application="d", stage="final"))
    rec("2026-11-07", InterviewCompleted(application="e", round=2), OfferReceived(application="e"))
    stats = rec.stats("2026-11-09")
    assert funnel(stats) == {"applied": 5, "screening": 4, "interview": 3, "final": 2, "offer": 1}
    rows = {row["stage"]: row for row in stats["funnel"]}
    assert rows["screening"]["conversion_from_previous"] == 0.8
    assert rows["offer"]["conversion_from_previous"] == 0.5
    assert rows["offer"]["conversion_from_applied"] == 0.2


def test_median_days_to_first_response_and_to_outcome(rec) -> None:
    rec("2026-11-02", submit("a"), submit("b"), submit("c"))
    rec("2026-11-04", ResponseReceived(application="a"))  # 2 days
    rec("2026-11-07", InterviewScheduled(application="b"))  # 5 days
    rec("2026-11-12", ApplicationRejected(application="a", stage="screening"))  # outcome 10
    rec("2026-11-16", ApplicationWithdrawn(application="b"))  # outcome 14
    stats = rec.stats("2026-11-20")
    assert stats["days_to_first_response"] == {"median": 3.5, "count": 2}
    assert stats["days_to_outcome"] == {"median": 12.0, "count": 2}


def test_applied_on_backdates_the_application(rec) -> None:
    rec("2026-11-10", submit("a", applied_on=date(2026, 11, 1)))
    rec("2026-11-11", ResponseReceived(application="a"))
    stats = rec.stats("2026-11-12")
    assert stats["days_to_first_response"]["median"] == 10.0
    assert stats["applications"]["last_applied"] == "2026-11-01"
    assert stats["applications"]["days_since_last"] == 11


def test_outcomes_and_ghosting_at_display_time(rec) -> None:
    rec("2026-10-01", submit("quiet"), submit("busy"), submit("w"), submit("c"), submit("o"))
    rec("2026-10-02", ApplicationWithdrawn(application="w"), ApplicationClosed(application="c"))
    rec("2026-10-03", OfferReceived(application="o"))
    rec("2026-10-20", InterviewScheduled(application="busy"))
    early = rec.stats("2026-10-21")["applications"]["outcomes"]
    assert early == {
        "open": 2,
        "ghosted": 0,
        "rejected": 0,
        "withdrawn": 1,
        "closed": 1,
        "offer": 1,
    }
    late = rec.stats("2026-10-23")["applications"]["outcomes"]
    assert late["ghosted"] == 1 and late["open"] == 1  # 21 days of silence for "quiet"
    assert (
        rec.stats("2026-10-23", ghosted_after_days=30)["applications"]["outcomes"]["ghosted"] == 0
    )


def test_rejection_stage_distribution(rec) -> None:
    rec("2026-11-02", submit("a"), submit("b"), submit("c"), submit("d"))
    rec(
        "2026-11-09",
        ApplicationRejected(application="a", stage="applied"),
        ApplicationRejected(application="b", stage="interview"),
        ApplicationRejected(application="c", stage="interview"),
        ApplicationRejected(application="d", stage="onsite"),
    )
    stats = rec.stats("2026-11-10")
    assert stats["rejection_stages"] == {
        "applied": 1,
        "screening": 0,
        "interview": 2,
        "final": 0,
        "onsite": 1,
    }
    assert funnel(stats)["interview"] == 3  # an unknown stage name counts as an interview


def feedback_request(draft: str, app: str) -> DraftCreated:
    return DraftCreated(
        draft=draft, kind="feedback_request", subject="s", body="b", application=app
    )


def test_feedback_requests_sent_and_answered(rec) -> None:
    rec("2026-11-02", submit("a"), submit("b"), submit("c"))
    rec("2026-11-10", *(ApplicationRejected(application=x) for x in "abc"))
    rec("2026-11-10", feedback_request("a.fr", "a"), feedback_request("b.fr", "b"))
    rec("2026-11-10", feedback_request("c.fr", "c"))
    rec("2026-11-10", DraftCreated(draft="a.ty", kind="thank_you", subject="s", body="b"))
    rec(
        "2026-11-11",
        DraftMarkedSent(draft="a.fr"),
        DraftSent(draft="b.fr"),
        DraftSent(draft="a.ty"),
    )
    rec(
        "2026-11-15",
        FeedbackReceived(application="a", text="more depth", themes=["technical-depth"]),
    )
    rec("2026-11-15", FeedbackReceived(application="c", text="said at the call"))
    fb = rec.stats("2026-11-16")["feedback"]
    assert fb == {
        "requests_drafted": 3,
        "requests_sent": 2,
        "requests_answered": 1,
        "answer_rate": 0.5,
        "received": 2,
    }


def test_a_theme_recurs_after_an_improvement_action(rec) -> None:
    rec("2026-11-02", submit("a"), submit("b"), submit("c"))
    rec("2026-11-05", FeedbackReceived(application="a", text="t", themes=["technical-depth"]))
    rec(
        "2026-11-06",
        ReminderScheduled(
            reminder="imp-1",
            title="Practise system design (Technical depth)",
            due="2026-11-20",
            kind="improvement",
        ),
    )
    rec("2026-11-12", FeedbackReceived(application="b", text="t", themes=["technical-depth"]))
    rec("2026-11-12", FeedbackReceived(application="b", text="t", themes=["Communication"]))
    rec(
        "2026-11-13",
        ReflectionAnswered(
            application="b", question="do_differently", answer="Slow down: communication first"
        ),
    )
    rec("2026-11-14", FeedbackReceived(application="c", text="t", themes=["salary"]))
    rec(
        "2026-11-14",
        ReflectionAnswered(application="c", question="went_well", answer="salary talk went fine"),
    )
    themes = {t["theme"]: t for t in rec.stats("2026-11-16")["themes"]}
    depth = themes["technical-depth"]
    assert depth["count"] == 2
    assert depth["dates"] == ["2026-11-05", "2026-11-12"]
    assert depth["first_improvement"] == "2026-11-06"
    assert depth["after_improvement"] == 1 and depth["recurs_after_improvement"] is True
    assert themes["communication"]["first_improvement"] == "2026-11-13"
    assert themes["communication"]["recurs_after_improvement"] is False
    # only the do_differently answer counts as an improvement action
    assert themes["salary"]["improvement_actions"] == 0
    assert themes["salary"]["recurs_after_improvement"] is None
    assert rec.stats("2026-11-16")["themes"][0]["theme"] == "technical-depth"


def test_outreach_per_work_day_streak_and_plan_target(rec) -> None:
    # Mon 2026-11-09 .. Fri 11-13: 2, 3, 1, 2, 2; Sat 11-14: 5; Mon 11-16: 1 (so far)
    for day, count in {"09": 2, "10": 3, "11": 1, "12": 2, "13": 2, "14": 5, "16": 1}.items():
        on = date(2026, 11, int(day))
        rec(f"2026-11-{day}", *(OutreachSent(company=f"C{i}", on=on) for i in range(count)))
    o = rec.stats("2026-11-16")["outreach"]
    assert (o["target_min"], o["target_max"]) == (2, 4)  # the default
    assert o["today"] == 1 and o["today_is_work_day"] is True
    assert o["streak"] == 2  # Thu, Fri; today is still in progress; the weekend does not count
    assert o["total"] == 16 and o["work_days"] == 20 and o["days_met_min"] == 4
    assert o["per_work_day"] == 0.8
    assert o["last_outreach"] == "2026-11-16"
    # A plan with Wednesdays off: Wednesday's 1 no longer breaks the streak.
    rec("2026-11-16", PlanUpdated(target_min=1, target_max=3, days_off=[2]))
    o = rec.stats("2026-11-16")["outreach"]
    assert (o["target_min"], o["target_max"]) == (1, 3)
    assert o["streak"] == 5  # today (1 >= 1), Fri, Thu, Tue, Mon
    assert o["work_days"] == 16


def test_a_plan_update_without_a_target_keeps_it(rec) -> None:
    rec("2026-11-02", PlanUpdated(target_min=3, target_max=5))
    rec("2026-11-03", PlanUpdated(must_haves_added=["remote"]))
    o = rec.stats("2026-11-03")["outreach"]
    assert (o["target_min"], o["target_max"]) == (3, 5)


def test_weekly_series_counts_work_days_up_to_today(rec) -> None:
    rec("2026-11-17", submit("a"), OutreachSent(company="X", on=date(2026, 11, 17)))
    weeks = rec.stats("2026-11-18")["weekly"]
    assert len(weeks) == 8
    assert weeks[-1] == {
        "week": "2026-11-16",
        "outreach": 1,
        "applications": 1,
        "work_days": 3,
        "target_min": 6,
        "target_max": 12,
    }
    assert weeks[0]["week"] == "2026-09-28" and weeks[0]["work_days"] == 5


def test_thank_you_and_follow_up_completion(rec) -> None:
    def remind(rid: str, kind: str) -> ReminderScheduled:
        return ReminderScheduled(reminder=rid, title=rid, due="2026-11-03", kind=kind)

    rec(
        "2026-11-02",
        remind("a.thank-you", "thank-you"),
        remind("b.thank-you", "thank-you"),
        remind("c.thank-you", "thank-you"),
        remind("a.follow-up", "follow-up"),
        remind("a.keep", "keep-in-touch"),
    )
    rec(
        "2026-11-03",
        ReminderDone(reminder="a.thank-you"),
        ReminderCancelled(reminder="c.thank-you"),
    )
    rec("2026-11-03", ReminderDone(reminder="a.keep"))
    ft = rec.stats("2026-11-04")["follow_through"]
    assert ft["thank_you"] == {"scheduled": 3, "done": 1, "cancelled": 1, "open": 1, "rate": 0.5}
    assert ft["follow_up"] == {"scheduled": 1, "done": 0, "cancelled": 0, "open": 1, "rate": 0.0}


def test_undone_events_do_not_count(rec) -> None:
    rec("2026-11-02", submit("a"))
    (position,) = rec("2026-11-03", ApplicationRejected(application="a", stage="final"))
    assert funnel(rec.stats("2026-11-04"))["final"] == 1
    rec.kernel.retract([position])
    stats = rec.stats("2026-11-04")
    assert funnel(stats)["final"] == 0
    assert stats["applications"]["outcomes"]["open"] == 1


def test_every_number_names_the_log_head_it_came_from(rec) -> None:
    rec("2026-11-02", submit("a"))
    stats = rec.stats("2026-11-02")
    assert stats["schema_version"] == 1
    assert stats["log"] == {"position": 1, "hash": rec.kernel.store.head()[1]}
    assert stats["as_of"] == "2026-11-02T18:00:00+01:00" and stats["today"] == "2026-11-02"


def test_days_folded_ahead_equal_days_recounted_from_instants(monkeypatch, new_rec) -> None:
    from runnerup.plugins.analytics.recount import recount_days
    from runnerup.plugins.analytics.stats import compute

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        rec = new_rec()
        rec(
            "2026-11-02",
            submit("a"),
            submit("b"),
            submit("c", applied_on=date(2026, 10, 30)),
            hour=0,
        )
        rec("2026-11-03", ResponseReceived(application="a"), hour=23)
        rec("2026-11-04", ApplicationRejected(application="a"), feedback_request("a.fr", "a"))
        rec("2026-11-05", DraftSent(draft="a.fr"), OfferReceived(application="b"), hour=0)
        rec(
            "2026-11-06", FeedbackReceived(application="a", text="t", themes=["experience"]), hour=0
        )
        rec("2026-11-06", OutreachSent(company="X", on=date(2026, 11, 6)), hour=0)
        now = datetime(2026, 11, 9, 12, tzinfo=UTC)
        head = rec.kernel.store.head()
        rec.kernel.view("analytics")  # folds ...
        rec.kernel.drop_views()  # ... and saves the checkpoint, as a command does at its end
        state = rec.kernel.view("analytics")
        folded = compute(state, now, head)
        assert state.live is None  # stats never decoded the per-application part
        rec.kernel.drop_views()
        state = rec.kernel.view("analytics")
        recount_days(state, now, force=True)
        assert compute(state, now, head) == folded
        assert folded["feedback"]["requests_answered"] == 1
    finally:
        monkeypatch.undo()
        time.tzset()


def test_days_follow_daylight_saving_time_in_the_computers_zone(
    tmp_path, monkeypatch, analytics_pm
) -> None:
    from runnerup.plugins.analytics.stats import compute
    from runnerup.testing.harness import make_test_kernel

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        kernel = make_test_kernel(pm=analytics_pm(), home=tmp_path)
        summer = datetime(2026, 7, 1, 0, 30, tzinfo=timezone(timedelta(hours=2)))
        kernel.record([NewEvent(data=submit("a"), occurred_at=summer)])
        winter_now = datetime(2026, 11, 20, 10, tzinfo=timezone(timedelta(hours=1)))
        stats = compute(kernel.view("analytics"), winter_now, kernel.store.head())
        # 22:30 UTC on June 30 was already July 1 in Berlin (summer time)
        assert stats["applications"]["last_applied"] == "2026-07-01"
        kernel.close()
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_later_outcome_replaces_the_earlier_one(rec) -> None:
    rec("2026-11-02", submit("a"))
    rec("2026-11-05", ApplicationRejected(application="a", stage="interview"))
    rec("2026-11-09", OfferReceived(application="a"))  # "not this round" came back
    stats = rec.stats("2026-11-10")
    assert stats["applications"]["outcomes"]["rejected"] == 0
    assert stats["applications"]["outcomes"]["offer"] == 1
    assert stats["rejection_stages"]["interview"] == 0
    assert stats["days_to_outcome"] == {"median": 7.0, "count": 1}
    assert funnel(stats)["offer"] == 1


def test_importing_an_application_again_with_its_real_day_moves_it(rec) -> None:
    rec("2026-11-10", submit("a"))
    rec("2026-11-12", ResponseReceived(application="a"))
    assert rec.stats("2026-11-12")["days_to_first_response"]["median"] == 2.0
    rec("2026-11-12", submit("a", applied_on=date(2026, 11, 2)))
    stats = rec.stats("2026-11-12")
    assert stats["days_to_first_response"]["median"] == 10.0
    assert stats["applications"]["total"] == 1 and funnel(stats)["applied"] == 1
    assert [w["applications"] for w in stats["weekly"][-2:]] == [1, 0]


def test_a_plan_update_may_change_one_bound_of_the_target(rec) -> None:
    rec("2026-11-02", PlanUpdated(target_max=6))
    o = rec.stats("2026-11-02")["outreach"]
    assert (o["target_min"], o["target_max"]) == (2, 6)
