"""The state of the ``analytics`` projection, and the helpers its folds share.

``stats`` decodes this state from its checkpoint on every run, so it is
built to decode fast and to need no per-application work afterwards:

- every number that does not depend on "now" is an aggregate kept up to date
  by the fold (the funnel, outcome and rejection-stage counts, histograms of
  days to response and to outcome, applications and outreach per day);
- each application is one packed ``bytes`` record (:class:`AppRecord`), a
  single object to decode instead of a dozen;
- what only the fold needs (the records by id, unsent feedback requests,
  open reminders) is a separately encoded, compressed part that ``stats``
  never decodes nor even reads past (:class:`Internals`): it is most of the
  checkpoint, and reading a checkpoint costs time per byte.

Days are proleptic ordinals (``date.toordinal()``) counted in the computer's
time zone, daylight saving time included (:func:`local_day`); the
projection's version includes the zone, so a computer that changes zone
rebuilds it. Every moment is also kept as an instant so that
:func:`~.recount.recount_days` can count days in another offset (a pinned
clock). Nothing personal is kept: no names, no feedback text, only themes.
"""

from __future__ import annotations

import struct
import time
import zlib
from datetime import date, datetime
from typing import NamedTuple, TypeVar

import msgspec

#: How far an application got, in order. ``screening`` is "the employer
#: responded" (a reply, a screening call); ``final`` is a final round, known
#: from a rejection at that stage.
STAGES = ("applied", "screening", "interview", "final", "offer")
STAGE_INDEX = {name: i for i, name in enumerate(STAGES)}
#: Outcome codes in an :class:`AppRecord` (0 = none yet).
OUTCOMES = ("", "rejected", "withdrawn", "closed", "offer")
OUTCOME_CODE = {name: i for i, name in enumerate(OUTCOMES) if name}

DAY_US = 86_400_000_000
K = TypeVar("K", int, str)
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class AppRecord(NamedTuple):
    """One application as the numbers see it (0 means "not yet")."""

    applied_us: int = 0
    applied_day: int = 0
    applied_on: int = 0  # the day the user gave, if any: wins over applied_us
    furthest: int = 0
    response_us: int = 0
    response_day: int = 0
    outcome: int = 0
    outcome_us: int = 0
    outcome_day: int = 0
    stage: int = 0  # index into Analytics.stage_names of the rejection stage


_PACK = struct.Struct("<10q")


def pack(record: AppRecord) -> bytes:
    return _PACK.pack(*record)


def unpack(raw: bytes) -> AppRecord:
    return AppRecord._make(_PACK.unpack(raw))


class Exchange(msgspec.Struct, array_like=True, gc=False):
    """Feedback requests sent and feedback received for one application."""

    feedback_us: list[int] = []
    feedback_days: list[int] = []
    sent_us: list[int] = []
    sent_days: list[int] = []


class Action(msgspec.Struct, array_like=True, gc=False):
    """An improvement action: when, where it came from, its text (lowercased)."""

    us: int
    day: int
    source: str
    text: str


class Chores(msgspec.Struct, array_like=True, gc=False):
    """Counts of one group of reminders (thank-you or follow-up)."""

    scheduled: int = 0
    done: int = 0
    cancelled: int = 0


class Internals(msgspec.Struct, gc=False):
    """What only the fold (and a recount in another offset) needs, by id.

    ``stats`` never decodes this part of a snapshot (:func:`inner`).
    """

    apps: dict[str, bytes] = {}
    stage_names: list[str] = msgspec.field(default_factory=lambda: [""])
    exchanges: dict[str, Exchange] = {}
    unsent_requests: dict[str, str] = {}
    open_chores: dict[str, str] = {}
    theme_us: dict[str, list[int]] = {}
    outreach_us: list[int] = []


class Analytics(msgspec.Struct, gc=False, omit_defaults=True):
    """State of the ``analytics`` projection (see the module docstring).

    ``internals`` holds :class:`Internals` still encoded and compressed, as
    read from the checkpoint; ``live`` is that part decoded, once the fold
    needs it.
    """

    furthest: list[int] = msgspec.field(default_factory=lambda: [0] * len(STAGES))
    open_quiet: dict[str, int] = {}
    outcomes: dict[str, int] = {}
    rejection_stages: dict[str, int] = {}
    to_response: dict[int, int] = {}
    to_outcome: dict[int, int] = {}
    applied_days: dict[int, int] = {}
    feedback_received: int = 0
    requests_answered: int = 0
    requests_drafted: int = 0
    requests_sent: int = 0
    theme_days: dict[str, list[int]] = {}
    actions: list[Action] = []
    outreach_on: dict[int, int] = {}
    outreach_us_days: dict[int, int] = {}
    chores: dict[str, Chores] = {}
    target_min: int = 2
    target_max: int = 4
    off_weekdays: list[int] = []
    off_days: list[int] = []
    internals: memoryview = memoryview(b"")  # zlib(msgpack(Internals)); a view: no copy
    live: Internals | None = None


_internals_decoder = msgspec.msgpack.Decoder(Internals)
_encoder = msgspec.msgpack.Encoder()


def inner(state: Analytics) -> Internals:
    """The state's :class:`Internals`, decoded on first use."""
    live = state.live
    if live is None:
        packed = state.internals
        live = Internals()
        if len(packed):
            live = _internals_decoder.decode(zlib.decompress(packed))
        state.live = live
    return live


def dump(state: Analytics) -> bytes:
    """The snapshot: the internals encoded apart (kept as read if never decoded).

    Compressed at level 1 (this runs after every write that moved the view);
    it shrinks the checkpoint about fivefold.
    """
    if state.live is not None:
        internals = memoryview(zlib.compress(_encoder.encode(state.live), 1))
        state = msgspec.structs.replace(state, internals=internals, live=None)
    return _encoder.encode(state)


def bump(counts: dict[K, int], key: K, by: int = 1) -> None:
    """Add ``by`` to ``counts[key]``, dropping keys that reach zero."""
    value = counts.get(key, 0) + by
    if value:
        counts[key] = value
    else:
        counts.pop(key, None)


_OFFSETS: dict[int, int] = {}
_ZONE = [""]


def zone_key() -> str:
    """Identifies the computer's time zone (its rules, not just today's offset)."""
    key = f"{time.tzname}|{time.timezone}|{time.altzone}|{time.daylight}"
    if key != _ZONE[0]:  # the zone changed (tests do that): cached offsets are stale
        _OFFSETS.clear()
        _ZONE[0] = key
    return key


def local_day(us: int) -> int:
    """The computer's local calendar day (ordinal) of an instant, DST included."""
    sec = us // 1_000_000
    hour = sec // 3600
    offset = _OFFSETS.get(hour)
    if offset is None:
        offset = _OFFSETS[hour] = time.localtime(sec).tm_gmtoff
    return (sec + offset) // 86_400 + EPOCH_ORDINAL


def day_of(value: object) -> int:
    """A ``date`` or ``YYYY-MM-DD`` text as an ordinal (0 if it is neither)."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip()[:10])
        except ValueError:
            return 0
    if isinstance(value, datetime):
        return value.date().toordinal()
    if isinstance(value, date):
        return value.toordinal()
    return 0


def iso(day: int) -> str | None:
    """A day ordinal as ``YYYY-MM-DD`` (None for 0)."""
    return date.fromordinal(day).isoformat() if day > 0 else None


def theme_slug(value: str) -> str:
    """``"Technical depth"`` → ``"technical-depth"``: how themes are compared."""
    return "-".join(value.strip().lower().replace("_", " ").replace("-", " ").split())


def mentions(text: str, theme: str) -> bool:
    """Whether lowercased ``text`` mentions ``theme`` (slug or spaced words)."""
    return theme in text or theme.replace("-", " ") in text
