"""Reading what people type for the plan: ``2-4``, ``sat,sun``, ``Name <email>``.

Every reader raises :class:`runnerup.RunnerupError` with the option's name
and an example, so a typo never becomes a silent change to the plan.
"""

from __future__ import annotations

import re
from email.utils import parseaddr

from runnerup import RunnerupError

MAX_TARGET = 20
MAX_TEXT = 200
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAYS = {name.lower(): i for i, name in enumerate(DAY_NAMES)}
_DAYS.update(
    {
        full: i
        for i, full in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    }
)
_RANGE = re.compile(r"\s*(\d{1,3})\s*(?:[-\u2013]\s*(\d{1,3}))?\s*")
_EMAIL = re.compile(r"[^@\s<>]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def target(text: str) -> tuple[int, int]:
    """``MIN-MAX`` (or one number) letters per work day, 1 ≤ MIN ≤ MAX ≤ 20."""
    match = _RANGE.fullmatch(text)
    if match is None:
        raise RunnerupError(
            f"--target-per-workday: cannot read {text!r}; give MIN-MAX letters, e.g. 2-4"
        )
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) is not None else low
    if not 1 <= low <= high <= MAX_TARGET:
        raise RunnerupError(
            f"--target-per-workday {text.strip()}: need 1 <= MIN <= MAX <= {MAX_TARGET}, e.g. 2-4"
        )
    return low, high


def days_off(text: str) -> list[int]:
    """``sat,sun``, ``fri``, ``5,6`` or ``none`` as weekday numbers (0 = Monday)."""
    words = [w.strip().lower() for w in text.replace(" ", ",").split(",") if w.strip()]
    if words == ["none"]:
        return []
    out: set[int] = set()
    for word in words:
        if word.isdigit() and int(word) <= 6:
            out.add(int(word))
        elif word in _DAYS:
            out.add(_DAYS[word])
        else:
            raise RunnerupError(
                f"--days-off: {word!r} is not a weekday; use names (sat,sun), numbers 0-6"
                " (0 = Monday) or none"
            )
    if not words:
        raise RunnerupError("--days-off: give days such as sat,sun, or none")
    if len(out) == 7:
        raise RunnerupError("--days-off: at least one day of the week must be a work day")
    return sorted(out)


def item(text: str, option: str) -> str:
    """One plan entry (a role, a must-have …): trimmed, not empty, not huge."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise RunnerupError(f"{option} cannot be empty")
    if len(cleaned) > MAX_TEXT:
        raise RunnerupError(f"{option} is at most {MAX_TEXT} characters")
    return cleaned


def contact(text: str) -> tuple[str, str | None]:
    """``Name <email>``, a bare email or a bare name, as ``(name, email or None)``."""
    raw = " ".join(text.split())
    if not raw:
        raise RunnerupError('--contact cannot be empty: give "Name <email>", an email or a name')
    if "<" in raw or "@" in raw:
        name, address = parseaddr(raw)
        if not _EMAIL.fullmatch(address or ""):
            raise RunnerupError(f'--contact: cannot read {text!r}; give "Name <email>"')
        return (name.strip() or address), address
    return item(raw, "--contact"), None
