"""Every bad input: one line on stderr, exit status 1, and the log as it was."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def pipeline(cli: Any) -> Any:
    cli.ok("apply", "Northwind Logistics", "--role", "Senior Data Engineer", "--on", "2026-11-02")
    cli.ok("apply", "Northwind Logistics", "--role", "Data Analyst", "--on", "2026-11-02")
    cli.ok("apply", "Acme", "--role", "Data Engineer", "--on", "2026-11-02")
    cli.ok("apply", "Acme Labs", "--role", "Platform Engineer", "--on", "2026-11-02")
    cli.ok("apply", "Globex", "--role", "Engineer", "--on", "2026-11-02")
    cli.ok("rejected", "acme-data")
    cli.ok("withdraw", "globex")
    cli.ok("contact", "add", "Jane Doe <jane@northwind.example>")
    cli.ok("contact", "add", "Jane Roe <roe@acme.example>")
    return cli


def test_an_ambiguous_reference_lists_the_candidates(pipeline: Any) -> None:
    message = pipeline.fails("rejected", "north")
    assert message == (
        "'north' matches 2 applications: "
        "northwind-logistics-data-analyst (Northwind Logistics, Data Analyst), "
        "northwind-logistics-senior-data-engineer (Northwind Logistics, Senior Data Engineer); "
        "use a longer id"
    )


def test_an_unknown_reference_points_to_the_board(pipeline: Any) -> None:
    assert pipeline.fails("interview", "initech") == (
        "no application matches 'initech' (see 'runnerup board' for the ids)"
    )


def test_references_by_id_prefix_and_company(pipeline: Any) -> None:
    assert "northwind-logistics-senior-data-engineer:" in pipeline.ok(
        "responded", "northwind-logistics-s"
    )
    # "acme" is the exact company name of one application even though "Acme Labs" shares the prefix
    assert pipeline.ok("responded", "ACME LABS").startswith("acme-labs-platform-engineer:")
    assert "rejected" in pipeline.fails("responded", "Acme")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("apply", "  ", "--role", "Engineer"), "the company name cannot be empty"),
        (("apply", "Initech", "--role", ""), "--role cannot be empty"),
        (("apply", "Initech", "--role", "x" * 201), "--role is too long"),
        (("apply", "Initech", "--role", "Eng\x1b[31m"), "control characters"),
        (("apply", "Initech", "--role", "Eng", "--on", "someday"), "someday"),
        (("apply", "Initech", "--role", "Eng", "--on", "tomorrow"), "is in the future"),
        (
            ("apply", "Initech", "--role", "Eng", "--url", "ftp://x.example"),
            "not an http(s) address",
        ),
        (
            ("apply", "Initech", "--role", "Eng", "--contact", "Bob <bob@>"),
            "malformed email address 'bob@'",
        ),
        (
            ("apply", "Initech", "--role", "Eng", "--contact", "Bob <bob@x.example"),
            "cannot read the contact",
        ),
        (("apply", "Initech", "--role", "Eng", "--contact", ""), "a contact cannot be empty"),
        (
            ("interview", "northwind-logistics-data", "--round", "0"),
            "--round must be between 1 and 20",
        ),
        (("interview", "northwind-logistics-data", "--at", "half past"), "half past"),
        (("interview", "northwind-logistics-data", "--with", "c-0000"), "no contact has the id"),
        (("interview", "northwind-logistics-data", "--with", "Jane"), "'Jane' matches 2 contacts"),
        (("interview", "acme-data", "--at", "2026-11-25 10:00"), "rejected since 2026-11-20"),
        (("rejected", "acme-data"), "already rejected on 2026-11-20"),
        (("rejected", "globex"), "already withdrawn on 2026-11-20; nothing to reject"),
        (
            ("rejected", "northwind-logistics-data", "--via", "fax"),
            "--via 'fax': use one of email, phone, portal",
        ),
        (("rejected", "northwind-logistics-data", "--stage", "lunch"), "--stage 'lunch'"),
        (
            ("rejected", "northwind-logistics-data", "--on", "2026-10-01"),
            "before the application (2026-11-02)",
        ),
        (("rejected", "northwind-logistics-data", "--on", "+2d"), "in the future"),
        (("rejected", "nope"), "no application matches 'nope'"),
        (("withdraw", "acme-data"), "already rejected on 2026-11-20"),
        (("closed", "globex"), "already withdrawn"),
        (("offer", "globex"), "use --force"),
        (("responded", "globex"), "withdrawn since"),
        (("feedback", "northwind-logistics-data", "   "), "the feedback text cannot be empty"),
        (("feedback", "northwind-logistics-data", "ok", "--theme", "!!"), "--theme '!!'"),
        (("interviewed", "northwind-logistics-data", "--round", "99"), "--round must be between"),
        (("contact", "add", "not an <email>"), "malformed email address"),
        (("contact", "add", "a@b"), "malformed email address 'a@b'"),
        (("contact", "reached", "Nobody"), "no contact matches 'Nobody'"),
        (("contact", "add", "Bob", "--app", "nope"), "no application matches 'nope'"),
        (("forget", "nobody@x.example"), "no contact matches"),
        (("board", "--as-of", "the day before"), "--as-of"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    pipeline: Any, args: tuple[str, ...], fragment: str
) -> None:
    assert fragment in pipeline.fails(*args)


def test_an_interviewed_round_cannot_be_done_twice(pipeline: Any) -> None:
    pipeline.ok("interviewed", "northwind-logistics-data", "--round", "1")
    assert (
        "round 1 of northwind-logistics-data-analyst is already recorded as done"
        in pipeline.fails("interviewed", "northwind-logistics-data", "--round", "1")
    )
    assert "already took place; the next is round 2" in pipeline.fails(
        "interview", "northwind-logistics-data", "--round", "1"
    )


def test_a_bad_config_value_is_named(pipeline: Any) -> None:
    (pipeline.home / "config.toml").write_text("[applications]\nghosted_after_days = 'soon'\n")
    assert "ghosted_after_days must be a whole number" in pipeline.fails("board")
