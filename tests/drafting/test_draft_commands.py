"""``draft new | edit | sent``, ``drafts``, ``templates``: drafting by hand."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from runnerup import hookimpl
from runnerup.testing import CliResult, CliRunner

DASH = "\N{EN DASH}"  # templates use an en dash in subjects
NOW = "2026-11-20T10:00:00+01:00"
APP = "northwind-logistics-senior-data-engineer"


class TemplatePlugin:
    """A third-party plugin contributing one good template and one broken one."""

    @hookimpl
    def register_templates(self, register: Callable[[str, str], None]) -> None:
        register(
            "coffee_chat",
            "Subject: Coffee at {{ company }}?\n\nHello,\n\nCoffee soon?\n\n{{ me.name }}\n",
        )
        register("broken", "Subject: {{ company \n\nbody")


class User:
    def __init__(self, home: Path, runner: CliRunner) -> None:
        self.home = home
        self.run = runner
        home.mkdir(parents=True, exist_ok=True)
        (home / "config.toml").write_text(
            '[me]\nname = "Alex Morgan"\nemail = "alex@example.org"\n'
        )

    def __call__(self, *args: str) -> CliResult:
        return self.run(*args, env={"RUNNERUP_NOW": NOW})

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.exit_code == 0, result
        return result.stdout

    def fails(self, *args: str) -> str:
        before = self.ok("--json", "events", "log")
        result = self(*args)
        assert result.exit_code == 1, result
        assert self.ok("--json", "events", "log") == before
        # The broken template of TemplatePlugin is logged on stderr too.
        [line] = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
        return line.removeprefix("Error: ")


@pytest.fixture
def user(run_cli: CliRunner) -> User:
    from runnerup.plugin_manager import make_plugin_manager, register

    def pm_factory() -> Any:
        pm = make_plugin_manager(load_entrypoints=False, env={})
        register(pm, TemplatePlugin(), "coffee")
        return pm

    u = User(run_cli.home, CliRunner(run_cli.home, pm_factory=pm_factory))
    u.ok(
        "apply",
        "Northwind Logistics",
        "--role",
        "Senior Data Engineer",
        "--contact",
        "Dana Whitfield <dana@northwind.example>",
    )
    return u


def test_templates_lists_every_kind_and_where_it_comes_from(user: User) -> None:
    (user.home / "templates").mkdir()
    (user.home / "templates" / "thank_you.txt.j2").write_text(
        "Subject: Thanks, {{ company }}\n\nMine.\n"
    )
    result = user("--json", "templates")
    assert "template 'broken' (plugin: coffee)" in result.stderr
    rows = {row["kind"]: row for row in json.loads(result.stdout)}
    assert (
        rows["coffee_chat"]["source"] == "plugin"
        and rows["coffee_chat"]["origin"] == "plugin: coffee"
    )
    assert rows["thank_you"]["source"] == "user"
    assert rows["pain_letter"]["source"] == "builtin"
    assert "broken" not in rows  # refused at load, logged with its plugin's name


def test_the_users_template_wins_for_the_plan_too(user: User) -> None:
    (user.home / "templates").mkdir()
    (user.home / "templates" / "thank_you.txt.j2").write_text(
        "Subject: Thanks from {{ me.name }}\n\n"
        "Hi {{ contact.first_name }}, thank you, {{ company }}.\n"
    )
    user.ok("rejected", APP, "--stage", "applied")
    shown = user.ok("draft", "show", "thank-you")
    assert "Subject: Thanks from Alex Morgan" in shown
    assert "Hi Dana, thank you, Northwind Logistics." in shown


def test_draft_new_renders_a_kind_for_an_application(user: User) -> None:
    out = user.ok(
        "draft",
        "new",
        "northwind",
        "--kind",
        "pain_letter",
        "--extra",
        "pain=your team is moving to streaming",
    )
    assert out.startswith(f"{APP}.pain-letter  (#1, pain_letter, draft)")
    assert "noticed that your team is moving to streaming." in out
    assert "To: Dana Whitfield <dana@northwind.example>" in out
    again = user.ok("draft", "new", APP, "--kind", "pain_letter")
    assert again.startswith(f"{APP}.pain-letter-2  (#2,")
    plugin = user.ok("draft", "new", APP, "--kind", "coffee_chat")
    assert "Subject: Coffee at Northwind Logistics?" in plugin


def test_draft_new_refuses_what_it_cannot_do(user: User) -> None:
    assert user.fails("draft", "new", APP, "--kind", "sonnet").startswith(
        "no template 'sonnet'; known: "
    )
    assert "nowhere" in user.fails("draft", "new", "nowhere", "--kind", "pain_letter")
    assert user.fails("draft", "new", APP, "--kind", "pain_letter", "--extra", "oops") == (
        "--extra expects KEY=VALUE, got 'oops'"
    )


def test_drafts_are_found_by_number_prefix_or_part_of_the_id(user: User) -> None:
    user.ok("rejected", APP, "--stage", "interview")
    listing = json.loads(user.ok("--json", "drafts"))
    assert [(d["number"], d["id"]) for d in listing][:2] == [
        (1, f"{APP}.thank-you"),
        (2, f"{APP}.feedback-request"),
    ]
    assert user.ok("draft", "show", "2").startswith(f"{APP}.feedback-request ")
    assert user.ok("draft", "show", f"{APP}.feedback").startswith(f"{APP}.feedback-request ")
    assert user.ok("draft", "show", "keep-in-touch-90").startswith(f"{APP}.keep-in-touch-90 ")
    assert user.fails("draft", "show", "keep-in-touch").startswith(
        "'keep-in-touch' matches 2 drafts: "
    )
    assert user.fails("draft", "show", "9") == "no draft number 9 (see 'runnerup drafts')"


def test_edit_from_a_file_and_tone_warnings_name_the_phrase(user: User, tmp_path: Path) -> None:
    user.ok("rejected", APP)
    text = tmp_path / "reply.txt"
    text.write_text(
        "Subject: About your decision\n\n"
        "Hi Dana,\n\nYou should have called me. This is UNACCEPTABLE.\n"
    )
    out = user.ok("draft", "edit", "1", "--file", str(text))
    assert "Subject: About your decision" in out
    assert "'You should have' (blaming, body)" in out
    assert "'UNACCEPTABLE' (shouting, body)" in out
    row = next(line for line in user.ok("drafts").splitlines() if ".thank-you " in line)
    assert "2 warnings" in row
    calm = user.ok("draft", "edit", "1", "--body", "Hi Dana,\n\nThank you for your time.\n\nAlex")
    assert calm.rstrip().endswith("Tone: ok")
    assert user.ok(
        "draft", "edit", "1", "--body", "Hi Dana,\n\nThank you for your time.\n\nAlex"
    ).strip() == (f"{APP}.thank-you: unchanged")


def test_edit_without_a_terminal_or_text_is_refused(user: User) -> None:
    user.ok("rejected", APP)
    assert (
        user.fails("draft", "edit", "1")
        == "no terminal for an editor: give --subject, --body or --file"
    )
    assert (
        user.fails("draft", "edit", "1", "--subject", " ")
        == "the subject must be one non-empty line"
    )


def test_marking_a_draft_sent_by_hand_closes_it(user: User) -> None:
    user.ok("rejected", APP)
    assert (
        user.ok("draft", "sent", "thank-you", "--note", "from Gmail").strip()
        == f"{APP}.thank-you: sent"
    )
    assert "Sent: " in user.ok("draft", "show", "thank-you") and "(by hand)" in user.ok(
        "draft", "show", "thank-you"
    )
    assert user.fails("draft", "edit", "thank-you", "--body", "x") == (
        f"draft {APP}.thank-you is sent: it can no longer be edited"
    )
    assert user.fails("draft", "sent", "thank-you") == f"draft {APP}.thank-you is already sent"


def test_the_same_request_renders_the_same_text(user: User) -> None:
    first = json.loads(user.ok("--json", "draft", "new", APP, "--kind", "ghosted_follow_up"))
    second = json.loads(user.ok("--json", "draft", "new", APP, "--kind", "ghosted_follow_up"))
    assert first["id"] != second["id"]
    assert (first["subject"], first["body"]) == (second["subject"], second["body"])
    assert first["subject"] == f"Following up {DASH} Senior Data Engineer at Northwind Logistics"


def test_draft_text_is_sealed_in_the_log(user: User) -> None:
    user.ok("rejected", APP)
    log = user.ok("--json", "events", "log")
    created = [json.loads(line) for line in log.splitlines() if '"draft.created"' in line]
    assert created and all(isinstance(e["data"]["body"], list) for e in created)
    assert "Hi Dana" not in log and "dana@northwind.example" not in log


def test_a_broken_template_leaves_a_failed_draft_that_can_be_written_by_hand(user: User) -> None:
    (user.home / "templates").mkdir()
    (user.home / "templates" / "thank_you.txt.j2").write_text("Subject: Thanks\n\n{{ 1 / 0 }}\n")
    user.ok("rejected", APP)
    row = next(line for line in user.ok("drafts").splitlines() if ".thank-you " in line)
    assert " failed " in row
    shown = user.ok("draft", "show", "thank-you")
    assert (
        "Could not be written: template 'thank_you' (user: " in shown
        and "failed: division by zero" in shown
    )
    assert "no text yet" in user.fails("draft", "send", "thank-you")
    user.ok(
        "draft", "edit", "thank-you", "--subject", "Thank you", "--body", "Hi Dana,\n\nThank you.\n"
    )
    assert " draft " in next(
        line for line in user.ok("drafts").splitlines() if ".thank-you " in line
    )
    assert (user.home / "drafts" / f"{APP}.thank-you.eml").is_file()


def test_a_draft_without_a_contact_needs_an_address_before_it_has_a_file(user: User) -> None:
    user.ok("apply", "Contoso", "--role", "Analyst")
    user.ok("rejected", "contoso")
    shown = user.ok("draft", "show", "contoso-analyst.thank-you")
    assert "\nHello,\n" in shown and "To:" not in shown
    assert not (user.home / "drafts" / "contoso-analyst.thank-you.eml").exists()
    assert "has no recipient" in user.fails("draft", "send", "contoso-analyst.thank-you")
    user.ok("draft", "edit", "contoso-analyst.thank-you", "--to", "Kim Park <kim@contoso.example>")
    assert "To: Kim Park <kim@contoso.example>" in user.ok(
        "draft", "show", "contoso-analyst.thank-you"
    )
    assert (user.home / "drafts" / "contoso-analyst.thank-you.eml").is_file()
    assert user.fails("draft", "edit", "contoso-analyst.thank-you", "--to", "nobody") == (
        "--to 'nobody' is not an email address"
    )


def test_a_forgotten_contact_is_never_sealed_for_again(user: User) -> None:
    from runnerup.config import load_settings
    from runnerup.kernel import open_kernel
    from runnerup.plugin_manager import make_plugin_manager

    contact = json.loads(user.ok("--json", "contacts"))[0]["id"]
    user.ok("forget", contact)
    user.ok("rejected", APP)
    shown = user.ok("draft", "show", "thank-you")
    assert "\nHello,\n" in shown and "Dana" not in shown
    kernel: Any = open_kernel(
        make_plugin_manager(load_entrypoints=False, env={}),
        load_settings(home=str(user.home), env={}),
    )
    try:
        assert kernel.vault.is_forgotten(contact)  # no new key was minted for them
    finally:
        kernel.close()


def test_edit_on_a_terminal_opens_the_editor_on_subject_and_body(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    import click
    from runnerup.plugins.drafting import edit

    seen: list[str] = []

    def editor(text: str, **options: Any) -> str:
        seen.append(text)
        return text.replace("Hi Dana,", "Dear Dana,")

    monkeypatch.setattr(edit, "_terminal", lambda: True)
    monkeypatch.setattr(click, "edit", editor)
    user.ok("rejected", APP)
    out = user.ok("draft", "edit", "thank-you")
    assert seen[0].startswith(
        f"Subject: Thank you {DASH} Senior Data Engineer at Northwind Logistics\n\nHi Dana,\n"
    )
    assert "\nDear Dana,\n" in out
    monkeypatch.setattr(click, "edit", lambda text, **options: None)  # closed without saving
    assert user.ok("draft", "edit", "thank-you").strip() == f"{APP}.thank-you: unchanged"


def test_hook_register_templates(user: User) -> None:
    """A plugin's template is used for its kind; the user's file of that kind beats it."""
    out = user.ok("draft", "new", APP, "--kind", "coffee_chat")
    assert "Subject: Coffee at Northwind Logistics?\n\nHello,\n\nCoffee soon?\n\nAlex Morgan" in out
    (user.home / "templates").mkdir()
    (user.home / "templates" / "coffee_chat.txt.j2").write_text("Subject: Tea instead?\n\nTea?\n")
    assert "Subject: Tea instead?" in user.ok("draft", "new", APP, "--kind", "coffee_chat")
