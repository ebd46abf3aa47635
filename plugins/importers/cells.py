"""Interpreting single CSV cells: dates, stages, HTML descriptions, contacts.

Kept apart from the row logic so each rule can be read (and tested) on its
own. Every function returns None instead of guessing: an unknown stage or an
unreadable date is reported by the caller, never mapped to something close.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import Literal

Stage = Literal[
    "wishlist", "applied", "screening", "interviewing", "offer", "rejected", "withdrawn", "closed"
]

# Status labels of Huntr's default lists, Teal's statuses and common hand-made
# trackers, normalised (lower case, letters and digits only). "Declined" and
# "Ghosted" are left out on purpose: who declined is ambiguous, and runnerup
# derives "ghosted" from the time since the last reply.
_STAGE_WORDS: dict[Stage, str] = {
    "wishlist": (
        "wishlist|wish list|bookmarked|bookmark|saved|interested|to apply|applying"
        "|planned|watching|backlog|wunschliste|gemerkt"
    ),
    "applied": (
        "applied|application sent|application submitted|submitted|sent|pending|waiting"
        "|no response|beworben|postule|postulé|postulado|gesolliciteerd"
    ),
    "screening": (
        "screening|screen|phone screen|phone screening|recruiter call|recruiter screen"
        "|hr call|hr screen|in review|under review|initial call"
    ),
    "interviewing": (
        "interview|interviews|interviewing|onsite|on site|technical interview|final round"
        "|final interview|assessment|take home|vorstellungsgespräch|gespräch|entretien"
        "|entrevista|gesprek|sollicitatiegesprek"
    ),
    "offer": (
        "offer|offered|offer received|negotiating|negotiation|accepted|offer accepted"
        "|angebot|zusage|offre|oferta|aanbod"
    ),
    "rejected": (
        "rejected|rejection|not selected|no offer|turned down|unsuccessful|denied|absage"
        "|abgelehnt|refusé|refuse|rechazado|afgewezen"
    ),
    "withdrawn": (
        "withdrawn|withdrew|i withdrew|withdrew application|not interested|zurückgezogen"
        "|retiré|retire|retirado|teruggetrokken"
    ),
    "closed": (
        "closed|archived|position closed|role closed|job closed|expired|filled"
        "|position filled|no longer available|geschlossen|archiviert"
    ),
}
_STAGES: dict[str, Stage] = {
    word: stage for stage, words in _STAGE_WORDS.items() for word in words.split("|")
}
_NON_WORD = re.compile(r"[\W_]+")


def normalise_label(text: str) -> str:
    """``" Job-Title "`` -> ``"job title"``: case, punctuation and emoji do not matter."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def map_stage(value: str) -> Stage | None:
    """The runnerup stage for a tracker's status label, or None when it is not known."""
    return _STAGES.get(normalise_label(value))


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DOT_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_EPOCH_MS = re.compile(r"^\d{11,14}$")
_WORD_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y")


def parse_date(value: str) -> date | None:
    """A calendar date from the forms trackers export; None when none fits.

    Accepted: ``2024-03-05``; ISO date-times (``2024-03-05T10:00:00.000Z``,
    ``+01:00`` offsets; the date is taken as written, not converted);
    ``MM/DD/YYYY`` (US, as Teal writes); ``DD.MM.YYYY`` (German); epoch
    milliseconds (Huntr; the UTC date); and English month names
    (``Mar 5, 2024``, ``5 March 2024``).
    """
    text = value.strip()
    try:
        if _ISO_DATE.match(text):
            return date.fromisoformat(text)
        if _ISO_DATETIME.match(text):
            return datetime.fromisoformat(text.replace("z", "Z")).date()
        m = _US_DATE.match(text)
        if m:
            return date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
        m = _DOT_DATE.match(text)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if _EPOCH_MS.match(text):
            return datetime.fromtimestamp(int(text) / 1000, tz=UTC).date()
    except (ValueError, OverflowError, OSError):
        return None
    for fmt in _WORD_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip = max(0, self._skip - 1)
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


SNIPPET_CHARS = 200


def html_snippet(html: str, limit: int = SNIPPET_CHARS) -> str | None:
    """The first ``limit`` characters of an HTML description's text, cut at a word."""
    parser = _Text()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):
        pass
    text = re.sub(r"\s+", " ", "".join(parser.parts)).strip()
    if not text:
        return None
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(" ,.;:") + "…"


_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_NAME_ADDR = re.compile(r"^\s*\"?([^\"<]*?)\"?\s*<([^<>]+)>\s*$")


def split_contact(value: str) -> tuple[str | None, str | None]:
    """``"Jane Roe <jane@acme.com>"`` -> (name, email); a bare address or a bare name also works."""
    text = value.strip()
    if not text:
        return None, None
    m = _NAME_ADDR.match(text)
    if m and _EMAIL.match(m.group(2).strip()):
        return (m.group(1).strip() or None), m.group(2).strip().lower()
    if _EMAIL.match(text):
        return None, text.lower()
    return text, None


def valid_email(value: str) -> bool:
    """A plausible single address (one @, a dot in the domain, no spaces)."""
    return bool(_EMAIL.match(value.strip()))
