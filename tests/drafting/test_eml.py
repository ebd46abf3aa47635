"""Drafts as .eml files: headers, round trip through the email parser, safe writing."""

from __future__ import annotations

import email
import stat
from datetime import datetime, timedelta, timezone
from email import policy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from runnerup.plugins.drafting.eml import build_message, message_id, safe_filename, write_eml
from runnerup.plugins.drafting.render import TemplateSet

WHEN = datetime(2026, 11, 21, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def make(**overrides: Any) -> email.message.EmailMessage:
    fields: dict[str, Any] = {
        "sender": "Alex Morgan <alex.morgan@example.org>",
        "to": "Dana Whitfield <dana.whitfield@northwind.example>",
        "subject": "Thank you \u2013 Senior Data Engineer at Northwind Logistics",
        "body": "Hi Dana,\n\nThank you for your time.\n\nBest regards,\nAlex Morgan\n",
        "date": WHEN,
        "message_id_seed": "draft-0001",
    }
    return build_message(**(fields | overrides))


def parse(data: bytes) -> email.message.EmailMessage:
    parsed = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(parsed, email.message.EmailMessage)
    return parsed


def test_headers_and_body_round_trip() -> None:
    parsed = parse(make().as_bytes())
    assert parsed["From"].addresses[0].addr_spec == "alex.morgan@example.org"
    assert parsed["To"].addresses[0].display_name == "Dana Whitfield"
    assert parsed["Subject"] == "Thank you \u2013 Senior Data Engineer at Northwind Logistics"
    assert parsed["Date"].datetime == WHEN
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content_charset() == "utf-8"
    assert parsed.get_content() == make().get_content()
    assert "Thank you for your time." in parsed.get_content()
    assert parsed.defects == []


def test_non_ascii_survives_and_stays_7bit() -> None:
    msg = make(to="Zoë Brontë <zoe@example.com>", body="Hi Zoë,\n\nDanke schön — really.\n")
    data = msg.as_bytes()
    assert data.isascii()  # quoted-printable body, encoded-word headers
    parsed = parse(data)
    assert parsed["To"].addresses[0].display_name == "Zoë Brontë"
    assert parsed.get_content() == "Hi Zoë,\n\nDanke schön — really.\n"


def test_message_id_is_deterministic_from_the_seed() -> None:
    first, again, other = make(), make(body="changed"), make(message_id_seed="draft-0002")
    assert first["Message-ID"] == again["Message-ID"] == message_id("draft-0001")
    assert first["Message-ID"] != other["Message-ID"]
    assert first["Message-ID"].startswith("<") and first["Message-ID"].endswith("@runnerup.local>")
    assert len(first["Message-ID"]) == len("<@runnerup.local>") + 32


def test_in_reply_to_sets_threading_headers() -> None:
    assert make()["In-Reply-To"] is None
    msg = make(in_reply_to="CAF=abc123@mail.northwind.example")
    assert msg["In-Reply-To"] == "<CAF=abc123@mail.northwind.example>"
    assert msg["References"] == "<CAF=abc123@mail.northwind.example>"
    assert make(in_reply_to="<x@y>")["In-Reply-To"] == "<x@y>"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date": datetime(2026, 11, 21, 9, 30)}, "timezone-aware"),
        ({"subject": "Hi\nBcc: everyone@example.com"}, "Subject must be one line"),
        ({"to": "dana@example.com\r\nBcc: x@example.com"}, "To must be one line"),
        ({"to": "Dana"}, "To has no usable address"),
        ({"to": ""}, "To must not be empty"),
        ({"sender": "me"}, "From has no usable address"),
        ({"in_reply_to": "a\nb"}, "In-Reply-To must be one line"),
    ],
)
def test_bad_headers_are_refused(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make(**overrides)


def test_write_eml_is_private_and_parseable(tmp_path: Path) -> None:
    folder = tmp_path / "home" / "drafts"
    path = write_eml(folder, "0001 thank-you Northwind", make())
    assert path == folder / "0001-thank-you-Northwind.eml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    parsed = parse(path.read_bytes())
    assert parsed["Message-ID"] == message_id("draft-0001")
    assert [p.name for p in folder.iterdir()] == [path.name]  # no temp file left


def test_write_eml_replaces_atomically(tmp_path: Path) -> None:
    first = write_eml(tmp_path, "draft", make(body="first\n"))
    second = write_eml(tmp_path, "draft.eml", make(body="second\n"))
    assert first == second
    assert parse(second.read_bytes()).get_content() == "second\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.eml"]


def test_write_eml_leaves_an_existing_folder_mode_alone(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    write_eml(tmp_path, "x", make())
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755


def test_write_eml_cleans_up_after_a_failure(tmp_path: Path) -> None:
    class Broken(email.message.EmailMessage):
        def as_bytes(self, *args: Any, **kwargs: Any) -> bytes:
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        write_eml(tmp_path, "x", Broken())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "etc-passwd.eml"),
        ("/absolute/path", "absolute-path.eml"),
        ("..", "draft.eml"),
        ("", "draft.eml"),
        (".hidden", "hidden.eml"),
        ("Thank you \u2013 Zoë.eml", "Thank-you-Zoe.eml"),
        ("a\nb\x00c", "a-b-c.eml"),
        ("x" * 300, "x" * 100 + ".eml"),
        ("con..trol", "con.trol.eml"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


@given(st.text(max_size=200))
def test_safe_filename_never_escapes(name: str) -> None:
    result = safe_filename(name)
    assert result.endswith(".eml") and "/" not in result and "\\" not in result
    assert not result.startswith(".") and ".." not in result
    assert result.isascii() and len(result) <= 104


def test_a_rendered_draft_round_trips(tmp_path: Path, context: dict[str, Any]) -> None:
    draft = TemplateSet().render("thank_you", context)
    msg = make(subject=draft.subject, body=draft.body)
    parsed = parse(write_eml(tmp_path, "thank-you", msg).read_bytes())
    assert parsed["Subject"] == draft.subject
    assert parsed.get_content() == draft.body
