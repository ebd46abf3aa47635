"""``runnerup forget``: afterwards no byte under the home spells the person.

A whole story is recorded about one contact (added with an application,
interviewer, a sealed note, feedback from them, a rejection that drafts five
emails to them, an outreach letter), every view is shown (which writes the
projection checkpoints), and the log, the calendar and a report are exported
into the home. Then the contact is forgotten and the views and exports run
again. Every file under the home is read as bytes, the database, its WAL
and shared-memory files included (a second connection keeps the WAL from
being folded away), and none may contain the name, the email, the note or
the destroyed key. The views say "forgotten contact", and the hash chain
still verifies.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

NAME = "Marguerite Quennell"
EMAIL = "m.quennell@northwind.example"
NOTE = "Talked about her cycling club"
SECRETS = (NAME, EMAIL, NOTE, "Marguerite", "Quennell", "m.quennell", "cycling club")
NOW = {"RUNNERUP_NOW": "2026-11-20T10:00:00+01:00"}
CONFIG = '[me]\nname = "Jo Seeker"\nemail = "jo@seeker.example"\n'
VIEWS = (
    ("board",),
    ("agenda",),
    ("drafts",),
    ("contacts",),
    ("stats",),
    ("activity",),
    ("plan",),
    ("reflections",),
)


def leaks(home: Path, needles: list[bytes]) -> list[str]:
    """``file: needle`` for every file under ``home`` holding a needle, any case."""
    found = []
    for path in sorted(p for p in home.rglob("*") if p.is_file()):
        data = path.read_bytes().lower()
        for needle in needles:
            forms = [needle]
            if needle.isascii():
                forms.append(needle.decode().encode("utf-16-le"))
            if any(form.lower() in data for form in forms):
                found.append(f"{path.relative_to(home)}: {needle!r}")
    return found


def test_forget_leaves_no_trace_of_the_person_in_any_file(run_cli: Any) -> None:
    home = Path(run_cli.home)

    def ok(*args: str) -> str:
        result = run_cli(*args, env=NOW)
        assert result.exit_code == 0, result
        return result.stdout

    def views_and_exports(tag: str) -> None:
        for view in VIEWS:
            ok(*view)
        exports = home / "exports"
        exports.mkdir(exist_ok=True)
        ok("events", "export", str(exports / f"log-{tag}.jsonl"))
        ok("calendar", "export", str(exports / f"calendar-{tag}.ics"))
        ok("report", "--html", str(exports / f"report-{tag}.html"))

    ok("init")
    (home / "config.toml").write_text(CONFIG)
    held = sqlite3.connect(home / "events.db")  # keeps -wal and -shm on disk throughout
    try:
        ok("apply", "Northwind", "--role", "Data Engineer", "--contact", f"{NAME} <{EMAIL}>")
        ok("interview", "northwind", "--with", NAME, "--at", "2026-11-12 10:00")
        ok("interviewed", "northwind", "--round", "1")
        ok("contact", "reached", "marguerite", "--how", "call", "--note", NOTE)
        ok("feedback", "northwind", "Clear answers; go deeper on design", "--from", NAME)
        ok("rejected", "northwind", "--stage", "onsite")
        ok("outreach", "Harbourlight", "--contact", f"{NAME} <{EMAIL}>")
        views_and_exports("before")

        # Before: the person is readable where they should be, and sealed everywhere else.
        assert NAME in ok("contacts") and EMAIL in ok("drafts")
        emails = sorted((home / "drafts").glob("*.eml"))
        assert len(emails) >= 4 and all(NAME.encode() in p.read_bytes() for p in emails)
        stored = leaks(home, [s.encode() for s in SECRETS])
        assert stored and all(line.startswith("drafts/") for line in stored), stored
        [contact] = json.loads(ok("--json", "contacts"))
        key = held.execute(
            "SELECT key FROM vault_keys WHERE subject = ?", (contact["id"],)
        ).fetchone()[0]
        assert any(bytes(key) in p.read_bytes() for p in home.glob("events.db*"))

        assert ok("forget", "marguerite") == f"{contact['id']}: forgotten\n"
        views_and_exports("after")

        assert (home / "events.db-wal").exists() and (home / "events.db-shm").exists()
        assert leaks(home, [s.encode() for s in SECRETS] + [bytes(key)]) == []
        states = held.execute("SELECT name, state FROM checkpoints").fetchall()
        assert len(states) >= len(VIEWS)
        assert not [n for n, s in states if NAME.encode() in bytes(s) or EMAIL.encode() in bytes(s)]
        assert list((home / "drafts").glob("*.eml")) == []
    finally:
        held.close()

    [row] = json.loads(ok("--json", "contacts"))
    assert (row["name"], row["email"], row["forgotten"]) == ("forgotten contact", None, True)
    drafts = ok("drafts")
    assert "forgotten contact" in drafts and NAME not in drafts
    verify = run_cli("events", "verify")
    assert verify.exit_code == 0 and verify.stdout.startswith("ok: "), verify


def test_a_template_error_that_quotes_the_contact_is_forgotten_too(run_cli: Any) -> None:
    home = Path(run_cli.home)
    (home / "templates").mkdir(parents=True)
    (home / "config.toml").write_text(CONFIG)
    # Mistakes a user can make in their own templates; Jinja's errors quote the value.
    (home / "templates" / "thank_you.txt.j2").write_text(
        "Subject: Thanks\n\n{% include contact.name %}\n"
    )
    (home / "templates" / "feedback_request.txt.j2").write_text(
        "Subject: Feedback\n\n{{ extra[contact.email] }}\n"
    )
    for args in (
        ("apply", "Northwind", "--role", "Engineer", "--contact", f"{NAME} <{EMAIL}>"),
        ("rejected", "northwind", "--stage", "onsite"),
        ("forget", "marguerite"),
    ):
        result = run_cli(*args, env=NOW)
        assert result.exit_code == 0, result
    assert leaks(home, [NAME.encode(), EMAIL.encode()]) == []
