"""Reading the people a user types: ``"Name <email>"``, a bare name, or an email.

:func:`parse_contact` accepts exactly three forms, so a typo never becomes a
person silently:

- ``Jane Doe <jane@example.com>`` (the name may be quoted:
  ``"Doe, Jane" <jane@example.com>``; an empty name is allowed);
- ``jane@example.com`` (the address doubles as the name);
- ``Jane Doe`` (no ``@``, no angle brackets).

``email.utils.parseaddr`` does the RFC 5322 unquoting (and an RFC 2047
encoded name pasted from a mail header is decoded), but on this Python it
is lenient (``Jane <jane@x.com`` parses), so the shape is checked here and
the address is validated against a conservative pattern (ASCII, a dotted
domain): a malformed address is a :class:`RunnerupError` that quotes it.

Contact ids are opaque (``c-`` and 10 random hex digits), never derived from
the name: the id stays in the log after the person is forgotten.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import msgspec
from runnerup import RunnerupError

if TYPE_CHECKING:
    from .model import Contact

MAX_NAME = 200
MAX_EMAIL = 254
#: What an id looks like (and a prefix of one): never read as a new person's name.
CONTACT_ID = re.compile(r"c-[0-9a-f]{1,10}")

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_TLD = r"[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])"
EMAIL = re.compile(rf"(?P<local>{_ATOM}(?:\.{_ATOM})*)@(?P<domain>(?:{_LABEL}\.)+{_TLD})")
_ANGLE = re.compile(r"(?P<name>[^<>]*)<(?P<addr>[^<>]*)>")
_SPACES = re.compile(r"\s+")

#: What a forgotten person's name reads as (the vault's own placeholder).
FORGOTTEN = "forgotten contact"
FORMS = '"Name <email>", a bare name, or an email address'


class ContactParseError(RunnerupError):
    """The text is not one of the accepted contact forms."""


class ParsedContact(msgspec.Struct, frozen=True):
    """What :func:`parse_contact` read. ``email`` is None for a bare name."""

    name: str
    email: str | None = None


def new_contact_id() -> str:
    """An opaque id: nothing about the person can be read from it."""
    import secrets  # here: hashlib behind it costs every view of applications ~5 ms

    return f"c-{secrets.token_hex(5)}"


def is_valid_email(address: str) -> bool:
    """True for an ASCII ``local@domain.tld`` within the RFC length limits."""
    match = EMAIL.fullmatch(address)
    return match is not None and len(address) <= MAX_EMAIL and len(match["local"]) <= 64


def parse_contact(text: str) -> ParsedContact:
    """Read one person; see the module docstring for the accepted forms."""
    raw = text.strip()
    if not raw:
        raise ContactParseError(f"a contact cannot be empty: give {FORMS}")
    if "@" not in raw and "<" not in raw and ">" not in raw:
        return ParsedContact(name=_clean_name(raw, text))
    angle = _ANGLE.fullmatch(raw)
    if angle is not None:
        inner = angle["addr"].strip()
        _check_email(inner, text)
        from email.utils import parseaddr  # here: every command loads this module

        name, address = parseaddr(raw)
        if address != inner:
            # parseaddr read something else than the <...> part: a comma, a
            # stray quote or angle bracket in the name.
            raise ContactParseError(f"cannot read the contact {text!r}: give {FORMS}")
        name = _decode_words(name)
        return ParsedContact(
            name=_clean_name(name, text) if name.strip() else address, email=address
        )
    if "<" in raw or ">" in raw or _SPACES.search(raw):
        raise ContactParseError(f"cannot read the contact {text!r}: give {FORMS}")
    _check_email(raw, text)
    return ParsedContact(name=raw, email=raw)


def same_email(a: str | None, b: str | None) -> bool:
    """Addresses compare case-insensitively: nobody's mail depends on the case."""
    return a is not None and b is not None and a.casefold() == b.casefold()


def _check_email(address: str, text: str) -> None:
    if not is_valid_email(address):
        shown = address or "<>"
        raise ContactParseError(f"malformed email address {shown!r} in {text!r}")


def _decode_words(name: str) -> str:
    # A name pasted from a mail header may be RFC 2047-encoded (=?utf-8?b?...?=).
    if "=?" not in name:
        return name
    from email.errors import HeaderParseError
    from email.header import decode_header, make_header

    try:
        return str(make_header(decode_header(name)))
    except (HeaderParseError, LookupError, UnicodeDecodeError, ValueError):
        return name


def _clean_name(name: str, text: str) -> str:
    cleaned = _SPACES.sub(" ", name).strip()
    if not cleaned:
        raise ContactParseError(f"a contact needs a name or an email: {text!r}")
    if len(cleaned) > MAX_NAME:
        raise ContactParseError(f"a contact name is at most {MAX_NAME} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in cleaned):
        raise ContactParseError(f"a contact name cannot contain control characters: {text!r}")
    if "@" in cleaned:
        raise ContactParseError(f"cannot read the contact {text!r}: put the email in <...>")
    return cleaned


def find_contact(ref: str, items: Mapping[str, Contact], vault: Any) -> Contact | None:
    """See :meth:`Contacts.find`: id, id prefix, email, then name."""
    text = ref.strip()
    if not text:
        raise ContactParseError("a contact reference cannot be empty (see 'runnerup contacts')")
    key = text.lower()
    if key in items:
        return items[key]
    if key.startswith("c-"):
        by_id = [c for i, c in items.items() if i.startswith(key)]
        if len(by_id) > 1:
            raise _ambiguous(text, by_id, vault)
        if by_id:
            return by_id[0]
    living = [c for c in items.values() if not c.forgotten]
    if "@" in text or "<" in text:
        email = parse_contact(text).email
        return next((c for c in living if same_email(vault.open(c.email, ""), email)), None)
    folded = _SPACES.sub(" ", text).casefold()
    names = [(c, vault.open(c.name, "").casefold()) for c in living]
    for matches in (
        [c for c, n in names if n == folded],
        [c for c, n in names if n.startswith(folded)],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise _ambiguous(text, matches, vault)
    return None


def _ambiguous(ref: str, candidates: list[Contact], vault: Any) -> RunnerupError:
    listed = ", ".join(
        f"{c.id} ({c.display_name(vault)})" for c in sorted(candidates, key=lambda c: c.id)
    )
    return RunnerupError(f"{ref!r} matches {len(candidates)} contacts: {listed}; use the id")
