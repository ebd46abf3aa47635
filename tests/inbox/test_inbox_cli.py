"""``runnerup inbox``: suggestions from dropped files, accepted, dismissed, undone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "watch" / "samples"
NOW = {"RUNNERUP_NOW": "2026-11-20T10:00:00+01:00"}
NORTHWIND = "northwind-logistics-senior-data-engineer"

QUILLFEATHER = """\
From: Quillfeather Recruiting <jobs@quillfeather.com>
To: alex@example.com
Subject: Your application for Senior Frontend Engineer
Date: Tue, 17 Nov 2026 16:00:00 +0000
Message-ID: <first@quillfeather.com>

Dear Alex,

Unfortunately, we have decided to move forward with other candidates for the
Senior Frontend Engineer position at Quillfeather.

Best regards,
The Quillfeather Recruiting Team
"""

FOLLOW_UP = """\
From: Sam <sam.recruiter@gmail.com>
To: alex@example.com
Subject: Re: Your application
Date: Wed, 18 Nov 2026 10:00:00 +0000
Message-ID: <second@mail.gmail.com>
In-Reply-To: <first@quillfeather.com>
References: <first@quillfeather.com>

Hi Alex, we would like to invite you to an interview after all.
"""

NEWSLETTER = """\
From: Jobs Weekly <news@jobsweekly.example>
To: alex@example.com
Subject: 10 new jobs for you this week
Date: Wed, 18 Nov 2026 10:00:00 +0000

Here are this week's job alerts. Unsubscribe at any time.
"""


def log(run_cli: Any, *types: str) -> list[dict[str, Any]]:
    args = [a for t in types for a in ("--type", t)]
    result = run_cli("--json", "events", "log", *args)
    assert result.exit_code == 0, result
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def home(run_cli: Any, tmp_path: Path) -> Any:
    """A tracked Northwind application and a drop folder (``run_cli.folder``)."""
    assert (
        run_cli("apply", "Northwind Logistics", "--role", "Senior Data Engineer", env=NOW).exit_code
        == 0
    )
    assert run_cli("apply", "Harbourlight", "--role", "Staff Engineer", env=NOW).exit_code == 0
    run_cli.folder = tmp_path / "drop"
    run_cli.folder.mkdir()
    return run_cli


def watch(cli: Any, *files: str, extra: tuple[str, ...] = (), **texts: str) -> Any:
    for name in files:
        shutil.copy(SAMPLES / name, cli.folder / name)
    for name, text in texts.items():
        stem, suffix = name.rsplit("_", 1)  # quillfeather_eml -> quillfeather.eml
        (cli.folder / f"{stem.replace('_', '-')}.{suffix}").write_text(text)
    result = cli("watch", str(cli.folder), "--once", *extra, env=NOW)
    assert result.exit_code == 0, result
    return result


def test_inbox_lists_open_suggestions(home: Any) -> None:
    watch(home, "northwind-rejection.eml", "harbourlight-invite.ics")
    result = home("inbox", env=NOW)
    assert result.exit_code == 0, result
    assert result.stdout.splitlines() == [
        "#1 Harbourlight, Staff Engineer: interview 2026-11-24 09:00 "
        "(matched harbourlight-staff-engineer)",
        f"#2 Northwind Logistics, Senior Data Engineer: rejected (matched {NORTHWIND})",
    ]
    rows = json.loads(home("--json", "inbox").stdout)
    assert [(r["id"], r["kind"], r["status"]) for r in rows] == [
        ("s1", "interview", "open"),
        ("s2", "rejection", "open"),
    ]
    assert rows[1]["evidence"]  # the phrases that made it a rejection


def test_accept_records_the_rejection_and_its_follow_through(home: Any) -> None:
    watch(home, "northwind-rejection.eml")
    result = home("inbox", "accept", "1", env=NOW)
    assert result.exit_code == 0, result
    assert (
        result.stdout.splitlines()[0]
        == f"accepted #1: recorded application.rejected for {NORTHWIND}"
    )
    (accepted,) = log(home, "inbox.accepted")
    (suggested,) = log(home, "inbox.suggested")
    assert accepted["meta"]["causation"] == suggested["position"]
    (rejected,) = log(home, "application.rejected")
    assert rejected["data"]["application"] == NORTHWIND
    assert rejected["data"]["via"] == "email"
    assert rejected["data"]["stage"] == "applied"
    assert rejected["meta"]["causation"] == accepted["position"]
    assert rejected["occurred_at"].startswith("2026-11-19T08:12")  # the email's date
    plugins = {p["name"] for p in json.loads(home("--json", "plugins", "--all").stdout)}
    if "followup" in plugins:  # the follow-through plan hangs off the accepted rejection
        reminders = log(home, "reminder.scheduled")
        assert reminders
        assert {r["meta"]["causation"] for r in reminders} == {rejected["position"]}
    assert home("inbox").stdout == "no open suggestions\n"
    board = home("--json", "board", env=NOW).stdout
    assert '"rejected"' in board


def test_accept_twice_is_an_error_and_writes_nothing(home: Any) -> None:
    watch(home, "northwind-rejection.eml")
    assert home("inbox", "accept", "#1", env=NOW).exit_code == 0
    before = log(home)
    again = home("inbox", "accept", "s1", env=NOW)
    assert again.exit_code == 1
    assert "suggestion #1 is already accepted" in again.stderr
    assert log(home) == before


def test_dismiss_records_it_and_closes_the_suggestion(home: Any) -> None:
    watch(home, "northwind-rejection.eml")
    result = home("inbox", "dismiss", "1", "--reason", "misread", env=NOW)
    assert result.exit_code == 0, result
    assert result.stdout == "dismissed #1\n"
    (dismissed,) = log(home, "inbox.dismissed")
    assert dismissed["data"] == {"suggestion": "s1", "reason": "misread"}
    assert log(home, "application.rejected") == []
    assert home("inbox", "accept", "1").exit_code == 1
    assert "already dismissed" in home("inbox", "dismiss", "1").stderr
    assert "(dismissed)" in home("inbox", "--all").stdout


def test_undo_takes_the_acceptance_back_and_reopens_the_suggestion(home: Any) -> None:
    watch(home, "northwind-rejection.eml")
    assert home("inbox", "accept", "1", env=NOW).exit_code == 0
    undo = home("undo", env=NOW)
    assert undo.exit_code == 0, undo
    assert undo.stdout.startswith("undone: inbox.accepted")
    assert "#1 Northwind" in home("inbox").stdout
    board = json.loads(home("--json", "board", env=NOW).stdout)
    assert "rejected" not in json.dumps(board)
    again = home("inbox", "accept", "1", env=NOW)
    assert again.exit_code == 0, again
    assert len(log(home, "application.rejected")) == 2  # one retracted, one live


def test_auto_accept_applies_at_once(home: Any) -> None:
    result = watch(home, "northwind-rejection.eml", extra=("--auto-accept",))
    assert result.stdout == (
        "northwind-rejection.eml → inbox #1: Northwind Logistics, Senior Data Engineer: "
        "rejection (auto-accepted)\n"
    )
    (accepted,) = log(home, "inbox.accepted")
    assert accepted["meta"]["actor"] == "plugin:inbox"
    (rejected,) = log(home, "application.rejected")
    assert rejected["meta"]["causation"] == accepted["position"]
    assert home("inbox").stdout == "no open suggestions\n"


def test_auto_accept_from_config(home: Any) -> None:
    (home.home / "config.toml").write_text("[watch]\nauto_accept = true\n")
    watch(home, "northwind-rejection.eml")
    assert len(log(home, "application.rejected")) == 1


def test_other_mail_is_a_suggestion_accept_refuses(home: Any) -> None:
    result = watch(home, newsletter_eml=NEWSLETTER, extra=("--auto-accept",))
    assert result.stdout.endswith(": other (nothing to apply)\n")
    refused = home("inbox", "accept", "1", env=NOW)
    assert refused.exit_code == 1
    assert "has nothing to apply" in refused.stderr
    assert log(home, "inbox.accepted") == []


def test_an_untracked_company_gets_an_application_then_a_thread_reply_matches_it(
    home: Any,
) -> None:
    watch(home, quillfeather_eml=QUILLFEATHER)
    assert "(new application)" in home("inbox").stdout
    accepted = home("inbox", "accept", "1", env=NOW)
    assert accepted.exit_code == 0, accepted
    (submitted,) = [
        e for e in log(home, "application.submitted") if e["data"]["company"] == "Quillfeather"
    ]
    app_id = submitted["data"]["application"]
    assert app_id.startswith("quillfeather")
    (rejected,) = log(home, "application.rejected")
    assert rejected["data"]["application"] == app_id
    assert submitted["position"] < rejected["position"]
    # a reply from a personal address in the same thread: matched by its headers
    watch(home, follow_up_eml=FOLLOW_UP)
    (_, reply) = log(home, "inbox.suggested")
    assert reply["data"]["application"] == app_id
    assert reply["data"]["matched_by"] == "thread"


def test_accept_with_app_overrides_the_match(home: Any) -> None:
    watch(home, quillfeather_eml=QUILLFEATHER)
    result = home("inbox", "accept", "1", "--app", "harbourlight", env=NOW)
    assert result.exit_code == 0, result
    (rejected,) = log(home, "application.rejected")
    assert rejected["data"]["application"] == "harbourlight-staff-engineer"


def test_accepting_an_invite_schedules_the_interview(home: Any) -> None:
    watch(home, "harbourlight-invite.ics")
    assert home("inbox", "accept", "1", env=NOW).exit_code == 0
    (scheduled,) = log(home, "interview.scheduled")
    assert scheduled["data"]["application"] == "harbourlight-staff-engineer"
    assert scheduled["data"]["round"] == 2  # "Second round" in the title
    assert scheduled["data"]["at"].startswith("2026-11-24T09:00:00")


def test_a_cancelled_invite_becomes_a_note(home: Any) -> None:
    watch(home, "harbourlight-cancel.ics")
    assert "interview cancelled" in home("inbox").stdout
    assert home("inbox", "accept", "1", env=NOW).exit_code == 0
    (note,) = log(home, "note.added")
    assert note["stream"] == "application/harbourlight-staff-engineer"
    assert note["data"]["text"].startswith("Interview cancelled: Second round interview")


def test_an_unknown_suggestion_is_an_error(home: Any) -> None:
    result = home("inbox", "accept", "7")
    assert result.exit_code == 1
    assert "no suggestion '7'" in result.stderr


def test_a_note_about_an_unknown_application_is_quarantined(home: Any) -> None:
    note = "---\napp: nobody-we-know\nkind: feedback\n---\nThey liked the take-home.\n"
    result = watch(home, feedback_md=note)
    assert result.stdout.startswith(
        "feedback.md → quarantined: application: no application matches"
    )
    assert (home.folder / ".runnerup-quarantine" / "feedback.md").exists()


BRIGHTWAVE = """\
From: Recruiting <recruiting@mail.brightwave.io>
To: alex@example.com
Subject: An update on your application
Date: Wed, 18 Nov 2026 10:00:00 +0000

Hello,

Unfortunately, we have decided to move forward with other candidates.
"""


def test_a_sender_domain_matches_the_application_of_a_contact(home: Any) -> None:
    applied = home(
        "apply", "Brightwave Systems", "--role", "Platform Engineer",
        "--contact", "Jane Roe <jane@brightwave.io>", env=NOW,
    )  # fmt: skip
    assert applied.exit_code == 0, applied
    watch(home, brightwave_eml=BRIGHTWAVE)
    (suggested,) = log(home, "inbox.suggested")
    assert suggested["data"]["application"] == "brightwave-systems-platform-engineer"
    assert suggested["data"]["matched_by"] == "domain"
    assert "jane" not in json.dumps(suggested)  # the contact stays sealed


def test_company_names_match_without_legal_forms_and_punctuation() -> None:
    from runnerup.plugins.inbox.matching import same_company, same_role

    assert same_company("Northwind Logistics GmbH", "northwind logistics")
    assert same_company("Northwind", "Northwind Logistics, Inc.")
    assert same_company("Zürich Versicherung AG", "Zurich Versicherung")
    assert not same_company("Acme", "Acmecorp")
    assert not same_company("AB", "AB Testing Ltd")  # too short to match on a prefix
    assert same_role("Projektingenieur (m/w/d)", "projektingenieur")
    assert not same_role("Data Engineer", "Product Designer")


def test_a_cancellation_without_an_application_is_not_applied(home: Any) -> None:
    ics = (SAMPLES / "harbourlight-cancel.ics").read_text().replace("Harbourlight", "Unknownco")
    watch(home, cancel_ics=ics.replace("harbourlight.io", "unknownco.example"))
    refused = home("inbox", "accept", "1", env=NOW)
    assert refused.exit_code == 1
    assert "matches no application to note it on" in refused.stderr
