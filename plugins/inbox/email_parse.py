"""Parse a raw ``.eml`` file into the few fields the inbox needs.

Built on the standard library's ``email`` package with ``policy.default``, which
already decodes RFC 2047 headers, quoted-printable and base64. What this module
adds is the tolerance a watched folder needs: real mail has unknown charsets,
raw 8-bit headers, HTML-only bodies and broken structure, and the stdlib's
header parser raises assorted exceptions on some of it. Every field therefore
falls back on its own, and only input that is not an email at all (empty, no
recognisable header, nothing to read) raises :class:`InboxParseError`.
"""

from __future__ import annotations

import codecs
import contextlib
import email.header
import email.policy
import email.utils
import re
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from email.parser import BytesParser

import msgspec

from .bodytext import is_forward, normalise_whitespace, strip_quoted
from .domains import registrable_domain
from .errors import InboxParseError
from .html_text import html_to_text

__all__ = ["MAX_BYTES", "InboxParseError", "ParsedEmail", "parse_email"]

MAX_BYTES = 10 * 1024 * 1024

# At least one of these must be present for bytes to count as an email; an
# arbitrary "key: value" text file must not become an inbox suggestion.
_MAIL_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "subject",
        "date",
        "message-id",
        "mime-version",
        "received",
        "return-path",
        "delivered-to",
        "reply-to",
        "sender",
        "in-reply-to",
        "references",
    }
)
_MSGID = re.compile(r"<[^<>\s]+>")
_SURROGATES = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


class ParsedEmail(msgspec.Struct, frozen=True, kw_only=True):
    """What one email says, independent of how it was encoded.

    ``sender_domain`` is the registrable domain (``mail.acme.com`` ->
    ``acme.com``); ``text`` is the newest message as plain text with quoted
    replies removed where recognisable; ``date`` is timezone-aware (a ``-0000``
    or zone-less date is taken as UTC) or None when absent or unreadable.
    """

    subject: str = ""
    sender_name: str | None = None
    sender_email: str | None = None
    sender_domain: str | None = None
    to: list[str] = []
    date: datetime | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = []
    text: str = ""


def _clean(value: str) -> str:
    """Undo surrogate escapes left by raw 8-bit headers, so the value can be encoded."""
    if not _SURROGATES.search(value):
        return value
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", value)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("windows-1252", "replace")


def _raw_header(msg: Message, name: str) -> str | None:
    return next((str(v) for k, v in msg.raw_items() if k.lower() == name), None)


def _header(msg: Message, name: str) -> str | None:
    """A header's decoded value, or its raw text when the stdlib cannot parse it."""
    raw = _raw_header(msg, name)
    if raw is None:
        return None
    if _SURROGATES.search(raw):
        # Raw 8-bit bytes: the stdlib would turn them into U+FFFD; decode them
        # as UTF-8 or windows-1252 instead, then any encoded words among them.
        text = _clean(raw)
        with contextlib.suppress(Exception):  # a malformed encoded word: keep the text
            text = str(email.header.make_header(email.header.decode_header(text)))
    else:
        try:
            text = str(msg.get(name))
        except Exception:  # the stdlib header parser raises many types on broken input
            text = raw
    return _SPACES.sub(" ", _clean(text)).strip()


def _addresses(msg: Message, name: str) -> list[tuple[str, str]]:
    """(display name, address) pairs of an address header, tolerant of bad syntax."""
    raw = _raw_header(msg, name)
    if raw is None:
        return []
    try:
        if _SURROGATES.search(raw):
            raise ValueError("8-bit header")  # take the lenient path below
        # policy.default parses address headers into objects with .addresses
        addresses = getattr(msg[name], "addresses")  # noqa: B009
        pairs = [(a.display_name, a.addr_spec) for a in addresses]
    except Exception:  # malformed address lists: fall back to the lenient utils parser
        pairs = [p for p in email.utils.getaddresses([_header(msg, name) or ""]) if p[1]]
    return [(_clean(n).strip(), _clean(a).strip().lower()) for n, a in pairs if a or n]


def _date(msg: Message) -> datetime | None:
    raw = _header(msg, "date")
    if not raw:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:
        # RFC 5322: "-0000" means UTC with the sender's zone unknown.
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _charset(part: Message) -> str | None:
    try:
        name = part.get_content_charset()
    except Exception:  # a garbled Content-Type parameter
        return None
    if not name:
        return None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # Mail labelled Latin-1 is written by Windows clients far more often than
    # not; windows-1252 is a superset that also decodes their curly quotes.
    return "windows-1252" if codec == "iso8859-1" else codec


def _decode_part(part: Message) -> str:
    """A text part's content, with a charset fallback chain instead of an exception."""
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # broken transfer encoding
        payload = None
    if payload is None:
        raw = part.get_payload()
        return _clean(raw) if isinstance(raw, str) else ""
    if not isinstance(payload, bytes):
        return ""
    charset = _charset(part)
    if charset:
        return payload.decode(charset, "replace")
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("windows-1252", "replace")


def _body_part(msg: EmailMessage, subtype: str) -> Message | None:
    try:
        return msg.get_body(preferencelist=(subtype,))
    except Exception:  # get_body walks a structure that may be malformed
        return None


def _body_text(msg: EmailMessage) -> str:
    """The plain body, or the HTML body converted, whichever has words."""
    plain = _body_part(msg, "plain")
    if plain is not None:
        text = _decode_part(plain)
        if text.strip():
            return text
    html = _body_part(msg, "html")
    if html is not None:
        return html_to_text(_decode_part(html))
    return ""


def _message_ids(value: str | None) -> list[str]:
    if not value:
        return []
    found = _MSGID.findall(value)
    return found if found else value.split()


def _parse_message(data: bytes) -> EmailMessage:
    msg = BytesParser(policy=email.policy.default).parsebytes(data)
    names = {str(k).lower() for k in msg.keys()}  # noqa: SIM118  # Message is no dict
    if not names:
        raise InboxParseError("not an email: no headers found")
    if not names & _MAIL_HEADERS:
        raise InboxParseError("not an email: none of From, To, Subject, Date or Message-ID")
    return msg


def parse_email(data: bytes) -> ParsedEmail:
    """Parse raw RFC 5322 bytes; raise :class:`InboxParseError` when they are not an email."""
    if len(data) > MAX_BYTES:
        raise InboxParseError(f"email is {len(data)} bytes, over the {MAX_BYTES} byte limit")
    if not data.strip():
        raise InboxParseError("empty file")
    if b"\x00" in data[:4096]:
        raise InboxParseError("not an email: binary data")
    try:
        msg = _parse_message(data)
        subject = _header(msg, "subject") or ""
        body = normalise_whitespace(_body_text(msg))
        body = normalise_whitespace(strip_quoted(body, forwarded=is_forward(subject)))
        if not subject and not body:
            raise InboxParseError("email has neither a subject nor a body")
        senders = _addresses(msg, "from") or _addresses(msg, "sender")
        sender_name, sender_email = senders[0] if senders else ("", "")
        domain = sender_email.rpartition("@")[2] if "@" in sender_email else None
        in_reply_to = _message_ids(_header(msg, "in-reply-to"))
        message_ids = _message_ids(_header(msg, "message-id"))
        return ParsedEmail(
            subject=subject,
            sender_name=sender_name.strip("\"' ") or None,
            sender_email=sender_email or None,
            sender_domain=registrable_domain(domain),
            to=[addr for _, addr in _addresses(msg, "to") if addr],
            date=_date(msg),
            message_id=message_ids[0] if message_ids else None,
            in_reply_to=in_reply_to[0] if in_reply_to else None,
            references=_message_ids(_header(msg, "references")),
            text=body,
        )
    except InboxParseError:
        raise
    except Exception as exc:  # last line of defence: a watcher must quarantine, not crash
        raise InboxParseError(f"unreadable email: {type(exc).__name__}") from exc
