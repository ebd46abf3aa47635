"""Reading "Name <email>", a bare name or an address; nothing else."""

from __future__ import annotations

from email.utils import formataddr

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from runnerup import RunnerupError
from runnerup.plugins.applications.contacts import (
    EMAIL,
    ContactParseError,
    ParsedContact,
    is_valid_email,
    new_contact_id,
    parse_contact,
)


@pytest.mark.parametrize(
    ("text", "name", "email"),
    [
        ("Jane Doe <jane@northwind.example>", "Jane Doe", "jane@northwind.example"),
        ('"Doe, Jane" <jane@northwind.example>', "Doe, Jane", "jane@northwind.example"),
        ("  Jane   Doe  ", "Jane Doe", None),
        ("Zoë O'Brien-Ångström", "Zoë O'Brien-Ångström", None),
        (
            "jane.doe+jobs@mail.northwind.example",
            "jane.doe+jobs@mail.northwind.example",
            "jane.doe+jobs@mail.northwind.example",
        ),
        ("<jane@x.io>", "jane@x.io", "jane@x.io"),
    ],
)
def test_accepted_forms(text: str, name: str, email: str | None) -> None:
    assert parse_contact(text) == ParsedContact(name, email)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "cannot be empty"),
        ("Jane <jane@>", "malformed email address 'jane@'"),
        ("Jane <jane@localhost>", "malformed email address 'jane@localhost'"),
        ("Jane <a@b@c.io>", "malformed email address"),
        ("Jane <jane doe@x.io>", "malformed email address"),
        ("Jane <>", "malformed email address '<>'"),
        ("Jane <jane@x.io", "cannot read the contact"),
        ("Jane <jane@x.io> Doe", "cannot read the contact"),
        ("Jane, Bob <bob@x.io>", "cannot read the contact"),
        ("jane@x.io bob@x.io", "cannot read the contact"),
        ("jané@x.io", "malformed email address"),
        ("Jane\x00Doe", "control characters"),
        ("x" * 201, "at most 200"),
    ],
)
def test_refused_forms(text: str, message: str) -> None:
    with pytest.raises(ContactParseError, match=message):
        parse_contact(text)


NAME_CHARS = st.characters(
    categories=("L", "Zs"), include_characters=".'-,", exclude_characters="\u00a0"
)
LOCAL = st.from_regex(r"[a-z0-9][a-z0-9._+-]{0,15}[a-z0-9]", fullmatch=True).filter(
    lambda s: ".." not in s
)
DOMAIN = st.from_regex(r"([a-z0-9]{1,10}\.){1,3}[a-z]{2,6}", fullmatch=True)


@given(st.text(NAME_CHARS, min_size=1, max_size=60), LOCAL, DOMAIN)
def test_formatted_addresses_round_trip(name: str, local: str, domain: str) -> None:
    clean = " ".join(name.split())
    assume(clean and "@" not in clean)
    email = f"{local}@{domain}"
    expected = ParsedContact(clean, email)
    assert parse_contact(formataddr((clean, email))) == expected  # as a mail header has it
    assert parse_contact(f'"{clean}" <{email}>') == expected  # as people type it
    if "," not in clean:
        assert parse_contact(f"{clean} <{email}>") == expected


@given(st.text(max_size=120))
def test_any_text_parses_or_is_refused_cleanly(text: str) -> None:
    try:
        contact = parse_contact(text)
    except RunnerupError as exc:
        assert "\n" not in str(exc)
        return
    assert contact.name and contact.name == contact.name.strip()
    assert all(ch.isprintable() or ch == " " for ch in contact.name)
    if contact.email is not None:
        assert is_valid_email(contact.email) and EMAIL.fullmatch(contact.email)


def test_contact_ids_are_random_and_opaque() -> None:
    ids = {new_contact_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(len(i) == 12 and i.startswith("c-") and int(i[2:], 16) >= 0 for i in ids)
