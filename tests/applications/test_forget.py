"""Contacts and crypto-shredding: after ``forget`` nobody can read the person back."""

from __future__ import annotations

import sqlite3
from typing import Any

NAME = "Marguerite Quennell"
EMAIL = "m.quennell@northwind.example"


def _store_bytes(cli: Any) -> bytes:
    files = sorted(cli.home.glob("events.db*"))
    assert any(f.name == "events.db" for f in files)
    return b"".join(f.read_bytes() for f in files)


def _key(cli: Any, contact_id: str) -> bytes | None:
    with sqlite3.connect(cli.home / "events.db") as db:
        row = db.execute("SELECT key FROM vault_keys WHERE subject = ?", (contact_id,)).fetchone()
    return bytes(row[0]) if row else None


def test_contacts_lists_people_opened_from_the_vault(cli: Any) -> None:
    cli.ok("apply", "Northwind", "--role", "Engineer", "--contact", f"{NAME} <{EMAIL}>")
    cid = cli.ok(
        "contact", "add", "Sam <sam@acme.example>", "--company", "Acme", "--role", "recruiter"
    ).strip()
    cli.ok(
        "contact",
        "reached",
        "sam",
        "--how",
        "call",
        "--note",
        "likes cycling",
        "--on",
        "2026-11-18",
    )
    rows = {r["id"]: r for r in cli.json("contacts")}
    assert rows[cid] | {} == {
        "id": cid,
        "name": "Sam",
        "email": "sam@acme.example",
        "company": "Acme",
        "role": "recruiter",
        "applications": [],
        "last_reached_at": "2026-11-17T23:00:00+00:00",
        "forgotten": False,
    }
    table = cli.ok("contacts")
    assert NAME in table and EMAIL in table and "northwind-engineer" in table
    # Nothing personal is stored in the clear, not even before forget: it is sealed.
    raw = _store_bytes(cli)
    for secret in (NAME, EMAIL, "Sam", "sam@acme.example", "likes cycling"):
        assert secret.encode() not in raw


def test_contact_ids_are_opaque(cli: Any) -> None:
    first = cli.ok("contact", "add", NAME).strip()
    second = cli.ok("contact", "add", NAME).strip()  # no email: two people may share a name
    assert first != second
    for cid in (first, second):
        assert cid.startswith("c-") and len(cid) == 12
        assert "marg" not in cid


def test_contact_add_with_a_known_email_links_instead_of_duplicating(cli: Any) -> None:
    cli.ok("apply", "Northwind", "--role", "Engineer")
    first = cli.ok("contact", "add", f"{NAME} <{EMAIL}>").strip()
    again = cli("contact", "add", f"M. Quennell <{EMAIL.upper()}>")
    assert again.stdout.strip() == first and "already known" in again.stderr
    linked = cli.ok("contact", "add", f"{NAME} <{EMAIL}>", "--app", "northwind").strip()
    assert linked == first
    [row] = cli.json("contacts")
    assert row["applications"] == ["northwind-engineer"]
    assert row["company"] == "Northwind"


def test_forget_shreds_the_key_and_views_say_forgotten(cli: Any) -> None:
    cli.ok("apply", "Northwind", "--role", "Engineer", "--contact", f"{NAME} <{EMAIL}>")
    [row] = cli.json("contacts")
    cid = row["id"]
    key = _key(cli, cid)
    assert key is not None and key in _store_bytes(cli)

    assert cli.ok("forget", "Marguerite") == f"{cid}: forgotten\n"

    table = cli.ok("contacts")
    assert "forgotten contact" in table
    assert NAME not in table and EMAIL not in table
    [row] = cli.json("contacts")
    assert (row["name"], row["email"], row["forgotten"]) == ("forgotten contact", None, True)
    raw = _store_bytes(cli)
    assert NAME.encode() not in raw and EMAIL.encode() not in raw
    assert _key(cli, cid) is None
    assert key not in raw  # the key bytes are gone from the file and the WAL
    assert [e["type"] for e in cli.events()][-1] == "contact.forgotten"
    assert cli.ok("events", "verify")  # the chain is intact


def test_forgotten_contacts_match_by_id_only(cli: Any) -> None:
    cid = cli.ok("contact", "add", f"{NAME} <{EMAIL}>").strip()
    cli.ok("forget", EMAIL)
    assert "no contact matches" in cli.fails("forget", NAME)
    assert f"contact {cid} is already forgotten" == cli.fails("forget", cid)
    assert f"contact {cid} was forgotten" == cli.fails("contact", "reached", cid)
    # the same address later is a new person with a new key
    new = cli.ok("contact", "add", f"{NAME} <{EMAIL}>").strip()
    assert new != cid
