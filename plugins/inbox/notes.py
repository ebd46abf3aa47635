"""Parse a Markdown note with a small, documented subset of YAML front matter.

A note dropped into the watched folder carries its metadata between two
``---`` lines at the very top::

    ---
    app: acme-data-engineer        # comments start with " #"
    kind: reflection
    date: 2024-06-12
    went_well: "The system design round: I drew before I talked"
    liked: [the team, "pairing, not whiteboards"]
    concerns:
      - on-call every other week
      - no budget for training
    ---
    Free text after the front matter is the note body.

The subset, and nothing more (no YAML dependency, and no surprises such as
``no`` becoming ``False``): ``key: value`` lines with keys made of letters,
digits, ``_`` and ``-``; values are plain text, or quoted with ``"..."``
(backslash escapes ``\\" \\\\ \\n \\t``) or ``'...'`` (``''`` for a quote);
``key: [a, b, "c, d"]`` flow lists; ``key:`` followed by ``- item`` lines;
blank lines and ``#`` comments. Every value is a string or a list of strings.
Anything else (nested mappings, block scalars ``|``/``>``, anchors, a line
without a key) raises :class:`InboxParseError` naming the line, so a typo is
reported instead of silently dropped.

Known keys: ``application`` (alias ``app``), ``kind`` (``reflection``,
``journal`` or ``feedback``; default ``journal``), ``date``, the reflection
answers ``went_well``, ``unprepared_for``, ``learned``, ``do_differently``
(single values) and ``liked``, ``concerns``, ``must_haves`` (lists; a single
value becomes a one-item list). Unknown keys are kept in ``meta`` as written.
"""

from __future__ import annotations

import re

import msgspec

from .errors import InboxParseError

__all__ = ["KINDS", "LIST_KEYS", "TEXT_KEYS", "InboxParseError", "Note", "parse_note"]

KINDS = ("reflection", "journal", "feedback")
TEXT_KEYS = frozenset({"went_well", "unprepared_for", "learned", "do_differently"})
LIST_KEYS = frozenset({"liked", "concerns", "must_haves"})
MAX_CHARS = 1_000_000

_KEY_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*)|[ \t]*)$")
_ITEM_LINE = re.compile(r"^[ \t]*-(?:[ \t]+(.*)|[ \t]*)$")
_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "/": "/"}

Value = str | list[str]


class Note(msgspec.Struct, frozen=True, kw_only=True):
    """A note: its front matter as written, its body, and the known keys resolved."""

    meta: dict[str, str | list[str]] = {}
    body: str = ""
    application: str | None = None
    kind: str = "journal"
    date: str | None = None


def _error(line: int, message: str) -> InboxParseError:
    return InboxParseError(f"line {line}: {message}")


def _strip_comment(text: str) -> str:
    """Drop a trailing `` # comment`` from an unquoted value (YAML: '#' after a space)."""
    m = re.search(r"(?:^|[ \t])#", text)
    return text[: m.start()] if m else text


def _quoted(text: str, line: int) -> tuple[str, str]:
    """Parse a quoted string at the start of ``text``; return (value, rest after it)."""
    quote = text[0]
    out: list[str] = []
    i = 1
    while i < len(text):
        ch = text[i]
        if quote == '"' and ch == "\\":
            if i + 1 >= len(text) or text[i + 1] not in _ESCAPES:
                raise _error(line, f"unsupported escape in {text[: i + 2]!r}")
            out.append(_ESCAPES[text[i + 1]])
            i += 2
            continue
        if ch == quote:
            if quote == "'" and text[i + 1 : i + 2] == "'":
                out.append("'")
                i += 2
                continue
            return "".join(out), text[i + 1 :]
        out.append(ch)
        i += 1
    raise _error(line, f"unterminated {quote}-quoted string")


def _scalar(text: str, line: int) -> str:
    text = text.strip()
    if text[:1] in ('"', "'"):
        value, rest = _quoted(text, line)
        if _strip_comment(rest).strip():
            raise _error(line, f"unexpected text after the closing quote: {rest.strip()!r}")
        return value
    text = _strip_comment(text).strip()
    if text[:1] in ("|", ">"):
        raise _error(line, "block scalars (| and >) are not supported; quote the text instead")
    if text[:1] in ("{", "&", "*", "!"):
        raise _error(line, f"unsupported YAML syntax {text[:1]!r}; quote the value")
    return text


def _flow_list(text: str, line: int) -> list[str]:
    """``[a, "b, c", 'd']`` -> ["a", "b, c", "d"]."""
    inner = text.strip()[1:]
    items: list[str] = []
    while True:
        inner = inner.lstrip()
        if not inner:
            raise _error(line, "list is missing its closing ']'")
        if inner[0] == "]":
            if _strip_comment(inner[1:]).strip():
                raise _error(line, f"unexpected text after ']': {inner[1:].strip()!r}")
            return items
        if inner[0] in ('"', "'"):
            value, inner = _quoted(inner, line)
        else:
            m = re.match(r"[^,\]]*", inner)
            value = m.group(0).strip() if m else ""
            if value[:1] == "[":
                raise _error(line, "nested lists are not supported")
            inner = inner[len(m.group(0)) if m else 0 :]
        items.append(value)
        inner = inner.lstrip()
        if not inner:
            raise _error(line, "list is missing its closing ']'")
        if inner[:1] == ",":
            inner = inner[1:]
        elif inner[:1] != "]":
            raise _error(line, "expected ',' or ']' in list")


def _front_matter(lines: list[str], first: int) -> dict[str, Value]:
    """Parse lines of front matter; ``first`` is the 1-based number of the first line."""
    meta: dict[str, Value] = {}
    open_list: str | None = None
    for offset, raw in enumerate(lines):
        number = first + offset
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        item = _ITEM_LINE.match(raw)
        if item:
            if open_list is None:
                raise _error(number, "list item without a 'key:' line above it")
            target = meta[open_list]
            assert isinstance(target, list)
            target.append(_scalar(item.group(1) or "", number))
            continue
        if raw[:1] in (" ", "\t"):
            raise _error(
                number, "nested mappings are not supported; use 'key: value' at the left margin"
            )
        m = _KEY_LINE.match(raw)
        if not m:
            raise _error(number, f"expected 'key: value', got {stripped[:40]!r}")
        key, rest = m.group(1), (m.group(2) or "")
        if key in meta:
            raise _error(number, f"duplicate key {key!r}")
        if not _strip_comment(rest).strip():
            meta[key] = []
            open_list = key
            continue
        open_list = None
        meta[key] = (
            _flow_list(rest, number) if rest.lstrip().startswith("[") else _scalar(rest, number)
        )
    # "key:" with no items under it is an empty value, a list only where a list is expected.
    for key, value in list(meta.items()):
        if value == [] and key not in LIST_KEYS:
            meta[key] = ""
    return meta


def _resolve(meta: dict[str, Value], line_of: dict[str, int]) -> tuple[str | None, str, str | None]:
    if "application" in meta and "app" in meta:
        raise _error(line_of["app"], "both 'application' and 'app' are given; keep one")
    for key in ("application", "app", "kind", "date", *TEXT_KEYS):
        if isinstance(meta.get(key), list):
            raise _error(line_of.get(key, 1), f"{key!r} takes a single value, not a list")
    for key in LIST_KEYS:
        value = meta.get(key)
        if isinstance(value, str):
            meta[key] = [value] if value else []
    application = meta.get("application", meta.get("app")) or None
    kind = str(meta.get("kind") or "journal").lower()
    if kind not in KINDS:
        raise _error(
            line_of.get("kind", 1), f"kind must be one of {', '.join(KINDS)}, not {kind!r}"
        )
    date = meta.get("date") or None
    return (str(application) if application else None), kind, (str(date) if date else None)


def parse_note(text: str) -> Note:
    """Parse a note; raise :class:`InboxParseError` with a line number for bad front matter."""
    if len(text) > MAX_CHARS:
        raise InboxParseError(f"note is {len(text)} characters, over the {MAX_CHARS} limit")
    text = text.removeprefix("\ufeff")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta: dict[str, Value] = {}
    line_of: dict[str, int] = {}
    body_lines = lines
    if lines and _FENCE.match(lines[0]):
        end = next((i for i in range(1, len(lines)) if _END.match(lines[i])), None)
        if end is None:
            raise _error(1, "front matter opened with '---' is never closed")
        meta = _front_matter(lines[1:end], 2)
        for i, raw in enumerate(lines[1:end], start=2):
            m = _KEY_LINE.match(raw)
            if m:
                line_of.setdefault(m.group(1), i)
        body_lines = lines[end + 1 :]
    application, kind, date = _resolve(meta, line_of)
    body = "\n".join(body_lines).strip("\n").rstrip()
    return Note(meta=meta, body=body, application=application, kind=kind, date=date)
