"""The job search as a user types it: apply, interviews, feedback, outcomes."""

from __future__ import annotations

from typing import Any

APP = "northwind-logistics-senior-data-engineer"


def _apply_northwind(cli: Any) -> str:
    return cli.ok(
        "apply",
        "Northwind Logistics",
        "--role",
        "Senior Data Engineer",
        "--contact",
        "Jane Doe <jane@northwind.example>",
        "--source",
        "referral",
        "--url",
        "https://northwind.example/jobs/42",
        "--on",
        "2026-11-02",
    )


def test_apply_prints_only_the_readable_id(cli: Any) -> None:
    assert _apply_northwind(cli) == f"{APP}\n"
    events = cli.events()
    assert [e["type"] for e in events] == ["contact.added", "application.submitted"]
    submitted = events[1]
    assert submitted["stream"] == f"application/{APP}"
    assert submitted["data"]["company"] == "Northwind Logistics"
    assert submitted["data"]["applied_on"] == "2026-11-02"
    assert submitted["data"]["contact"] == events[0]["data"]["contact"]
    assert submitted["occurred_at"].startswith("2026-11-01T23:00:00")  # the day's start, +01:00


def test_the_same_role_twice_gets_a_numbered_id(cli: Any) -> None:
    first = cli.ok("apply", "Acme", "--role", "Data Engineer").strip()
    second = cli.ok("apply", "ACME", "--role", "data engineer").strip()
    third = cli.ok("apply", "Acme", "--role", "Data  Engineer!").strip()
    assert (first, second, third) == (
        "acme-data-engineer",
        "acme-data-engineer-2",
        "acme-data-engineer-3",
    )


def test_apply_json_names_id_and_contact(cli: Any) -> None:
    data = cli.json(
        "apply", "Zürich Insurance", "--role", "Analyst", "--contact", "Ann <ann@zi.example>"
    )
    assert data["application"] == "zurich-insurance-analyst"
    assert data["contact"].startswith("c-")
    assert data["applied_on"] == "2026-11-20"


def test_a_known_email_reuses_the_contact(cli: Any) -> None:
    one = cli.json("apply", "Acme", "--role", "A", "--contact", "Jane <jane@acme.example>")
    two = cli.json("apply", "Acme", "--role", "B", "--contact", "Jane Doe <JANE@acme.example>")
    assert one["contact"] == two["contact"]
    assert [e["type"] for e in cli.events()].count("contact.added") == 1
    [row] = cli.json("contacts")
    assert row["applications"] == ["acme-a", "acme-b"]


def test_interview_rounds_default_to_next_and_earliest_pending(cli: Any) -> None:
    _apply_northwind(cli)
    assert "round 1 scheduled for 2026-11-24 14:00" in cli.ok(
        "interview", "north", "--at", "2026-11-24 14:00"
    )
    assert "round 2 scheduled (no time yet)" in cli.ok("interview", "north")
    assert "round 1 done" in cli.ok("interviewed", "north", "--note", "SQL and modelling")
    assert "round 2 done" in cli.ok("interviewed", "north")
    assert "round 3 done" in cli.ok("interviewed", "north")
    [row] = cli.json("board")
    assert row["stage"] == "interviewing"
    assert row["round"] == 3
    assert row["rounds_completed"] == [1, 2, 3]


def test_interview_with_a_known_name_links_that_contact(cli: Any) -> None:
    _apply_northwind(cli)
    cli.ok("interview", APP, "--with", "jane")
    cli.ok("interview", APP, "--with", "Sam Smith <sam@northwind.example>")
    scheduled = [e for e in cli.events() if e["type"] == "interview.scheduled"]
    contacts = {c["id"]: c for c in cli.json("contacts")}
    jane = next(c for c in contacts.values() if c["name"] == "Jane Doe")
    sam = next(c for c in contacts.values() if c["name"] == "Sam Smith")
    assert [e["data"]["contact"] for e in scheduled] == [jane["id"], sam["id"]]
    assert sam["company"] == "Northwind Logistics"
    assert sam["applications"] == [APP]


def test_interviewed_counts_as_reaching_the_interviewer(cli: Any) -> None:
    _apply_northwind(cli)
    cli.ok("interview", APP, "--with", "Jane Doe")
    cli.ok("interviewed", APP)
    [jane] = cli.json("contacts")
    assert jane["last_reached_at"] == "2026-11-20T09:00:00+00:00"


def test_feedback_is_tagged_with_themes(cli: Any) -> None:
    _apply_northwind(cli)
    out = cli.ok(
        "feedback",
        APP,
        "Great communication, but we need more depth in system design and Spark experience.",
        "--theme",
        "Spark Skills",
    )
    assert "themes: experience, technical-depth, communication, spark-skills" in out
    [event] = [e for e in cli.events() if e["type"] == "feedback.received"]
    assert event["data"]["themes"] == [
        "experience",
        "technical-depth",
        "communication",
        "spark-skills",
    ]


def test_rejected_defaults_the_stage_to_how_far_it_got(cli: Any) -> None:
    cli.ok("apply", "Acme", "--role", "Analyst", "--on", "2026-11-15")
    _apply_northwind(cli)
    cli.ok("interview", APP)
    out = cli.ok("rejected", APP, "--via", "Email", "--note", "went with an internal candidate")
    assert out.splitlines() == [
        f"{APP}: rejected at the interview stage on 2026-11-20",
        "recorded; no follow-up plugins are installed",
    ]
    cli.ok("rejected", "acme", "--on", "yesterday")
    rejections = {
        e["data"]["application"]: e for e in cli.events() if e["type"] == "application.rejected"
    }
    assert rejections[APP]["data"] | {} == {
        "application": APP,
        "stage": "interview",
        "via": "email",
        "note": "went with an internal candidate",
        "final": True,
    }
    assert rejections["acme-analyst"]["data"]["stage"] == "applied"
    assert rejections["acme-analyst"]["occurred_at"].startswith("2026-11-18T23:00:00")


def test_rejected_json_lists_caused_events_empty_without_follow_up(cli: Any) -> None:
    cli.ok("apply", "Acme", "--role", "Analyst")
    assert cli.json("rejected", "acme") == []


def test_a_not_final_rejection_may_be_followed_by_the_final_one(cli: Any) -> None:
    _apply_northwind(cli)
    cli.ok("interview", APP)
    assert "(not final)" in cli.ok("rejected", APP, "--stage", "final", "--not-final")
    cli.ok("rejected", APP)
    stages = [e["data"]["stage"] for e in cli.events() if e["type"] == "application.rejected"]
    assert stages == ["final", "final"]
    assert "already rejected on 2026-11-20" in cli.fails("rejected", APP)


def test_offer_withdraw_closed_responded(cli: Any) -> None:
    for company in ("Acme", "Globex", "Initech", "Umbrella"):
        cli.ok("apply", company, "--role", "Engineer", "--on", "2026-11-01")
    cli.ok("responded", "globex", "--note", "phone screen next week")
    cli.ok("offer", "acme", "--note", "deadline Friday")
    cli.ok("withdraw", "initech", "--reason", "on-call every other week")
    cli.ok("closed", "umbrella", "--note", "role cancelled")
    stages = {row["id"]: row["stage"] for row in cli.json("board")}
    assert stages == {
        "acme-engineer": "offer",
        "globex-engineer": "screening",
        "initech-engineer": "withdrawn",
        "umbrella-engineer": "closed",
    }
    withdrawn = next(e for e in cli.events() if e["type"] == "application.withdrawn")
    assert withdrawn["data"]["poor_fit"] is True


def test_offer_after_a_rejection_needs_force(cli: Any) -> None:
    cli.ok("apply", "Acme", "--role", "Engineer")
    cli.ok("rejected", "acme")
    assert "use --force" in cli.fails("offer", "acme")
    cli.ok("offer", "acme", "--force")
    assert cli.json("board")[0]["stage"] == "offer"


def test_history_after_the_fact_does_not_reopen(cli: Any) -> None:
    cli.ok("apply", "Acme", "--role", "Engineer", "--on", "2026-11-01")
    cli.ok("rejected", "acme", "--on", "2026-11-10")
    cli.ok("interviewed", "acme", "--on", "2026-11-05")
    cli.ok("feedback", "acme", "Not enough leadership experience")
    [row] = cli.json("board")
    assert (row["stage"], row["rounds_completed"]) == ("rejected", [1])
    assert "only an earlier interview" in cli.fails("interview", "acme", "--at", "2026-11-25 10:00")
    assert "round 2 scheduled" in cli.ok("interview", "acme", "--at", "2026-11-08 10:00")
    assert cli.json("board")[0]["stage"] == "rejected"
