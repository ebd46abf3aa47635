"""Normalising a mail body and cutting off the quoted conversation below it.

A reply to "are you available for an interview?" quotes that question; left
in, the quote would make a rejection look like an invitation. So the text the
classifier sees is the newest message only, whenever the quote is
recognisable: ``>`` lines, "On ... wrote:" in five languages, Outlook's
"-----Original Message-----" and its ``From:``/``Sent:`` block. A forwarded
mail (a forward prefix in the subject, or a "Forwarded message" line in the
body) is left whole, because there the forwarded part is the content.
"""

from __future__ import annotations

import re

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u061c\u180e]")
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_RUNS = re.compile(r" {2,}")
_BLANKS = re.compile(r"\n{3,}")

_FORWARD_SUBJECT = re.compile(r"^\s*(fwd?|fw|wg|tr|rv|reenv|doorst)\s*:", re.IGNORECASE)
_FORWARD_MARKER = re.compile(
    r"^(?:-{2,}\s*(?:forwarded message|weitergeleitete nachricht|message transféré|"
    r"mensaje reenviado|doorgestuurd bericht)\s*-*|begin forwarded message:|"
    r"anfang der weitergeleiteten nachricht:|début du message réexpédié :?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)

# "On <date>, <name> wrote:" and its siblings; checked on a line and on a line
# joined with the next, because clients wrap long attributions.
_ATTRIBUTION = re.compile(
    r"^(?:"
    r"on\b.{0,240}\bwrote\s?:"
    r"|am\b.{0,240}\bschrieb\b.{0,240}:"
    r"|le\b.{0,240}\ba (?:é|e)crit\s?:"
    r"|el\b.{0,240}\bescribi(?:ó|o)\s?:"
    r"|op\b.{0,240}\b(?:schreef|het volgende geschreven)\b.{0,240}:"
    r")\s*$",
    re.IGNORECASE,
)
_ORIGINAL = re.compile(
    r"^-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine"
    r"|mensaje original|oorspronkelijk bericht)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_OUTLOOK_FROM = re.compile(r"^\*?(?:from|von|de|van)\s?:\*?\s", re.IGNORECASE)
_OUTLOOK_SENT = re.compile(
    r"^\*?(?:sent|date|gesendet|datum|envoyé|date|enviado|fecha|verzonden|datum)\s?:",
    re.IGNORECASE,
)


def normalise_whitespace(text: str) -> str:
    """One space between words, one blank line between paragraphs, no invisible characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    lines = [_RUNS.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def is_forward(subject: str) -> bool:
    """True when the subject carries a forward prefix (Fwd:, FW:, WG:, TR:, RV:)."""
    return bool(_FORWARD_SUBJECT.match(subject))


def _reply_start(lines: list[str]) -> int | None:
    """Index of the first line of the quoted conversation, if one is recognisable."""
    for i, line in enumerate(lines):
        joined = f"{line} {lines[i + 1]}" if i + 1 < len(lines) else line
        if _ATTRIBUTION.match(line) or _ATTRIBUTION.match(joined) or _ORIGINAL.match(line):
            return i
        if line.startswith("_" * 10) and i + 1 < len(lines) and _OUTLOOK_FROM.match(lines[i + 1]):
            return i
        if _OUTLOOK_FROM.match(line) and any(_OUTLOOK_SENT.match(n) for n in lines[i + 1 : i + 4]):
            return i
    return None


def strip_quoted(text: str, *, forwarded: bool = False) -> str:
    """Drop the quoted history below a reply; keep everything when nothing new is above it."""
    if forwarded or _FORWARD_MARKER.search(text):
        return text
    lines = text.split("\n")
    start = _reply_start(lines)
    if start is not None and any(line.strip() for line in lines[:start]):
        lines = lines[:start]
    kept = [line for line in lines if not line.lstrip().startswith(">")]
    if not any(line.strip() for line in kept):
        return text
    return "\n".join(kept)
