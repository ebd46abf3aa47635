"""The read models of this plugin: what ``kernel.view("applications")`` returns.

Other plugins (follow-up, drafting, reminders, reflection, plan, analytics)
read these through the view and must not import this module, so everything
they need is a field, a property or a method of the state objects. The shapes
below are a contract: fields are only ever added (with defaults).

``kernel.view("applications")`` → :class:`Applications`

- ``items: dict[str, Application]`` keyed by application id;
- ``resolve(ref) -> Application``: the ``APP`` reference rules of ``refs``
  (exact id, unique id prefix, unique company) with the same error messages;
- ``new_id(company, role) -> str``: the id a new application would get;
- ``ghosted(now, days) -> list[Application]``;
- ``pick(now, days, ended) -> (applications, left_out)``: what a board shows,
  every application still going and the ``ended`` most recent ended ones,
  decoding only those (the checkpoint keeps the applications encoded next
  to a small index, so a board of 10,000 applications stays quick);
- ``ghosted_after_days(config) -> int``: reads ``[applications]
  ghosted_after_days`` from a config section (default 21).

:class:`Application` fields: ``id, company, role, source, url, location,
external_id, contacts: list[str]`` (contact ids, first = main contact),
``stage`` (one of :data:`STAGES`), ``round`` (highest interview round
scheduled or completed, 0 = none), ``rounds_completed: list[int]``,
``interviews: list[Interview]``, ``applied_on: date | None``, ``applied_at,
last_activity_at: datetime``, ``first_response_at, outcome_at: datetime |
None``, ``rejection: Rejection | None``, ``offer_note, withdrawn_reason,
closed_note: str | None``, ``poor_fit: bool``, ``feedback: list[Feedback]``,
``history: list[tuple[str, datetime]]`` (stage, since), ``position: int``
(of the last event that changed it). Every datetime is aware (UTC) and is
the event's ``occurred_at``. Ghosting is not a stage: it depends on "now",
so it is computed on display by :meth:`Application.is_ghosted` (open, and
nothing for ``days`` days since ``quiet_since()``: the last event or a later
scheduled interview). Also: ``contact`` (main contact id), ``is_open``,
``stage_since``, ``next_round``, ``interview(round)``, ``shown_stage(now,
days)``, ``days_in_stage(now, days)``.

:class:`Interview`: ``round, at, completed, completed_at, contact, note``.
:class:`Rejection`: ``stage`` (applied | screening | interview | final |
offer), ``at, via, note, final``. :class:`Feedback`: ``text, at, themes,
contact``.

``kernel.view("contacts")`` → :class:`Contacts`

- ``items: dict[str, Contact]`` keyed by the opaque contact id (``c-…``);
- ``find(ref, vault) -> Contact | None`` (id, id prefix, email, ``Name
  <email>``, name, name prefix; ambiguous raises), ``resolve(ref, vault)``
  (unknown raises too), ``find_email(email, vault)``,
  ``for_application(app_id)``.

:class:`Contact` fields: ``id, name: Sealed, email: Sealed | None,
added_at, company, role, applications: list[str], last_reached_at``
(``contact.reached``, a completed interview or feedback with them),
``reached_how, forgotten: bool, forgotten_at, position``; open the sealed
values only to display, with ``display_name(vault)`` / ``display_email(vault)``
(which say "forgotten contact" / None once forgotten).
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left, insort
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

import msgspec
from runnerup import RunnerupError, Sealed
from runnerup.packed import (
    Bin,
    KeyedRecords,
    PackedRecords,
    Records,
    column,
    pack_keys,
    pack_records,
    read_column,
)

#: Every stage an application can be in, in pipeline order.
STAGES = ("applied", "screening", "interviewing", "offer", "rejected", "withdrawn", "closed")
#: Stages where the user is waiting on the employer (the ones that can go quiet).
OPEN_STAGES = ("applied", "screening", "interviewing")
#: Stages that end the process for good.
ENDED_STAGES = ("rejected", "withdrawn", "closed")
DEFAULT_GHOSTED_AFTER_DAYS = 21


class Interview(msgspec.Struct, kw_only=True, array_like=True, gc=False):
    """One interview round: scheduled (``at``) and/or ``completed``."""

    round: int
    at: datetime | None = None
    completed: bool = False
    completed_at: datetime | None = None
    contact: str | None = None
    note: str | None = None


class Rejection(msgspec.Struct, kw_only=True, array_like=True, gc=False):
    """The "no": ``stage`` is how far the process got (``application.rejected``)."""

    stage: str
    at: datetime
    via: str | None = None
    note: str | None = None
    final: bool = True


class Feedback(msgspec.Struct, kw_only=True, array_like=True, gc=False):
    """What the employer said about the decision, with its tagged themes."""

    text: str
    at: datetime
    themes: list[str] = []
    contact: str | None = None


class Application(msgspec.Struct, kw_only=True, array_like=True, gc=False):
    """One application as the log tells it; see the module docstring.

    Checkpoints hold it (and the structs above) as positional arrays, which
    is half the size of maps: a new field goes last, and a change of shape
    bumps ``ApplicationsProjection.version``. ``gc=False``: no cycles here,
    and ten thousand of these decode at once.
    """

    id: str
    company: str
    role: str
    applied_at: datetime
    last_activity_at: datetime
    source: str | None = None
    url: str | None = None
    location: str | None = None
    external_id: str | None = None
    contacts: list[str] = []
    stage: str = "applied"
    round: int = 0
    rounds_completed: list[int] = []
    interviews: list[Interview] = []
    applied_on: date | None = None
    first_response_at: datetime | None = None
    outcome_at: datetime | None = None
    rejection: Rejection | None = None
    offer_note: str | None = None
    withdrawn_reason: str | None = None
    poor_fit: bool = False
    closed_note: str | None = None
    feedback: list[Feedback] = []
    history: list[tuple[str, datetime]] = []
    position: int = 0

    @property
    def contact(self) -> str | None:
        """The main contact's id (the first one linked), if any."""
        return self.contacts[0] if self.contacts else None

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def stage_since(self) -> datetime:
        return self.history[-1][1] if self.history else self.applied_at

    @property
    def next_round(self) -> int:
        return self.round + 1

    def interview(self, round: int) -> Interview | None:
        return next((i for i in self.interviews if i.round == round), None)

    def quiet_since(self) -> datetime:
        """Since when the user has been waiting: the last event, or a later interview."""
        times = [self.last_activity_at] + [i.at for i in self.interviews if i.at is not None]
        return max(times)

    def is_ghosted(self, now: datetime, days: int = DEFAULT_GHOSTED_AFTER_DAYS) -> bool:
        """Open, and nothing happened for ``days`` days (a scheduled interview counts).

        This covers both "never heard back" and "silence after the
        interview": either way the user should follow up once, then let go.
        """
        return self.is_open and now - self.quiet_since() >= timedelta(days=days)

    def shown_stage(self, now: datetime, days: int = DEFAULT_GHOSTED_AFTER_DAYS) -> str:
        """``ghosted`` for a ghosted application, else its stage."""
        return "ghosted" if self.is_ghosted(now, days) else self.stage

    def days_in_stage(self, now: datetime, days: int = DEFAULT_GHOSTED_AFTER_DAYS) -> int:
        """Whole days in the shown stage (for a ghosted one: since it went quiet)."""
        since = self.quiet_since() if self.is_ghosted(now, days) else self.stage_since
        return max(0, (now - since).days)


class Applications:
    """State of the ``applications`` projection: applications by id.

    Built empty by the fold, or from a packed checkpoint (see
    :class:`_Packed`) whose applications decode only as they are asked for,
    until something needs ``items``.
    """

    __slots__ = ("_base", "_items", "_packed")

    def __init__(self, items: dict[str, Application] | None = None) -> None:
        self._items: dict[str, Application] = {} if items is None else items
        self._packed: _Packed | None = None
        self._base: Records[Application] | None = None  # what items came from: see pack()

    @property
    def items(self) -> dict[str, Application]:
        self._settle()
        packed = self._packed
        if packed is not None:
            self._base = packed.records
            self._items = {a.id: a for a in packed.records.all()}
            self._packed = None
        return self._items

    def __contains__(self, app_id: object) -> bool:
        self._settle()
        packed = self._packed
        if packed is None:
            return app_id in self._items
        return isinstance(app_id, str) and packed.records.get(app_id) is not None

    # -- folding ----------------------------------------------------------------

    def find(self, app_id: str) -> Application | None:
        """The application with this id, for a fold to change in place.

        From a packed checkpoint only its chunk is decoded, and the change is
        packed in incrementally (see :meth:`_settle`).
        """
        packed = self._packed
        return self._items.get(app_id) if packed is None else packed.records.find(app_id)

    def add(self, app: Application) -> None:
        """An application seen for the first time."""
        if self._packed is None:
            self._items[app.id] = app
        else:
            self._packed.records.add(app.id, app)

    def _settle(self) -> None:
        """Pack what a fold changed into the packed state, before anything reads it."""
        packed = self._packed
        if packed is None or not packed.records.pending:
            return
        data = packed.repack()
        self._packed = _Packed(_decode_snapshot(data), data)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Applications):
            return NotImplemented
        return self.items == other.items

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._settle()
        packed = self._packed
        return f"Applications({len(packed.records) if packed else len(self._items)} applications)"

    def get(self, app_id: str) -> Application | None:
        self._settle()
        packed = self._packed
        return self._items.get(app_id) if packed is None else packed.records.get(app_id)

    def resolve(self, ref: str) -> Application:
        """The application ``ref`` names (raises :class:`runnerup.RunnerupError`)."""
        from .refs import resolve_application  # its regexes load only when a reference is read

        self._settle()
        packed = self._packed
        if packed is not None:  # an exact id or a unique id prefix: no need to decode them all
            key = ref.strip().lower()
            exact = self.get(key) if key else None
            if exact is not None:
                return exact
            by_id = [
                place for app_id, place in packed.records.index().items() if app_id.startswith(key)
            ]
            if key and len(by_id) == 1:
                return packed.records[by_id[0]]
        return resolve_application(ref, self.items)

    def new_id(self, company: str, role: str) -> str:
        from .refs import new_application_id

        return new_application_id(company, role, self)

    def ghosted(self, now: datetime, days: int = DEFAULT_GHOSTED_AFTER_DAYS) -> list[Application]:
        index = self._index()
        cutoff = _us(now) - days * _DAY_US
        return index.fetch([i for i in index.waiting if index.quiet_since[i] <= cutoff])

    def pick(
        self, now: datetime, days: int = DEFAULT_GHOSTED_AFTER_DAYS, ended: int | None = None
    ) -> tuple[list[Application], int]:
        """What a board shows at ``now``, and how many ended applications it leaves out.

        First every application still going (in ``items`` order), then the
        ended ones as shown (rejected, withdrawn, closed, or ghosted: see
        :meth:`Application.is_ghosted`) most recent first: latest into that
        stage (for a ghosted one: since it went quiet), then latest event.
        ``ended`` keeps only that many of them (None: all). Only the
        applications returned are decoded.
        """
        index = self._index()
        cutoff = _us(now) - days * _DAY_US
        going, endings = list(index.current), []
        for i in index.waiting:
            since = index.quiet_since[i]
            if since <= cutoff:
                endings.append((since, index.positions[i], i))
            else:
                going.append(i)
        total = len(index.ended) + len(endings)
        # index.ended is oldest first: the most recent of them are at its end.
        count = total if ended is None else max(0, ended)
        tail = index.ended[max(0, len(index.ended) - count) :] if count else []
        endings += [(index.stage_since[i], index.positions[i], i) for i in tail]
        chosen = [i for _, _, i in heapq.nlargest(count, endings)]
        return index.fetch(sorted(going) + chosen), total - len(chosen)

    def _index(self) -> _Index:
        self._settle()
        packed = self._packed
        return packed if packed is not None else _Index.of(list(self._items.values()))

    @staticmethod
    def ghosted_after_days(config: Mapping[str, Any]) -> int:
        """``ghosted_after_days`` from an ``[applications]`` section, else 21."""
        value = config.get("ghosted_after_days", DEFAULT_GHOSTED_AFTER_DAYS)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise RunnerupError(
                "[applications] ghosted_after_days must be a whole number of days >= 1, "
                f"not {value!r}"
            )
        return value

    # -- the checkpoint -----------------------------------------------------------

    def pack(self) -> bytes:
        """The packed checkpoint (see :class:`_Packed`)."""
        self._settle()
        if self._packed is not None:
            return self._packed.data  # nothing was folded in since it was read
        apps = list(self.items.values())
        index = _Index.of(apps)
        return _encode(
            _Snapshot(
                records=pack_records(apps, self._base),
                stage_since=column("q", index.stage_since),
                quiet_since=column("q", index.quiet_since),
                positions=column("q", index.positions),
                current=column("i", index.current),
                waiting=column("i", index.waiting),
                ended=column("i", index.ended),
                ids=pack_keys(a.id for a in apps),
            )
        )

    @classmethod
    def unpack(cls, data: bytes) -> Applications:
        state = cls()
        state._packed = _Packed(_decode_snapshot(data), data)
        return state


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DAY_US = 86_400_000_000


def _us(when: datetime) -> int:
    """Microseconds since the epoch: exact, so a ghosting cut-off matches the datetimes."""
    delta = when - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class _Snapshot(msgspec.Struct, array_like=True, gc=False):
    """The checkpoint: applications still encoded (in ``items`` order), and indexes.

    Per application (int64 µs since the epoch, int64): ``stage_since``,
    ``quiet_since``, ``positions``. Lists of places (int32): ``current``
    (offer, or any stage that neither waits nor ended), ``waiting`` (an
    open stage: may show as ghosted) and ``ended`` (ended stages, oldest
    first by stage_since then position).
    """

    records: PackedRecords
    stage_since: Bin
    quiet_since: Bin
    positions: Bin
    current: Bin
    waiting: Bin
    ended: Bin
    ids: Bin  # list[str], the applications' ids by place, msgpack then zlib


_decode_snapshot = msgspec.msgpack.Decoder(_Snapshot).decode
_encode = msgspec.msgpack.Encoder().encode


class _Index:
    """What choosing a board's rows needs, one entry per application (by place)."""

    def __init__(
        self,
        fetch: Callable[[Sequence[int]], list[Application]],
        columns: tuple[Sequence[int], ...],
        lists: tuple[Sequence[int], ...],
    ) -> None:
        self.fetch = fetch
        self.stage_since, self.quiet_since, self.positions = columns
        self.current, self.waiting, self.ended = lists

    @classmethod
    def of(cls, apps: list[Application]) -> _Index:
        """Computed from decoded applications (a fresh fold, or before packing)."""
        stage_since = [_us(a.stage_since) for a in apps]
        positions = [a.position for a in apps]
        current: list[int] = []
        waiting: list[int] = []
        ended: list[int] = []
        for i, app in enumerate(apps):
            (waiting if app.is_open else ended if app.stage in ENDED_STAGES else current).append(i)
        ended = [i for *_, i in sorted([(stage_since[i], positions[i], i) for i in ended])]
        return cls(
            lambda places: [apps[i] for i in places],
            (stage_since, [_us(a.quiet_since()) for a in apps], positions),
            (current, waiting, ended),
        )


class _Packed(_Index):
    """A loaded snapshot: applications decode one by one, as they are asked for."""

    def __init__(self, snap: _Snapshot, data: bytes) -> None:
        self.data = data
        self.records = KeyedRecords(snap.records, snap.ids, Application)
        records = self.records
        super().__init__(
            records.take,
            tuple(
                read_column("q", c) for c in (snap.stage_since, snap.quiet_since, snap.positions)
            ),
            tuple(read_column("i", c) for c in (snap.current, snap.waiting, snap.ended)),
        )
        n = len(records)
        lengths = {len(self.stage_since), len(self.quiet_since), len(self.positions)}
        places = len(self.current) + len(self.waiting) + len(self.ended)
        if lengths != {n} or places != n:
            raise msgspec.DecodeError("packed application columns do not match the records")

    def repack(self) -> bytes:
        """The snapshot with what a fold changed in :attr:`records` and added to it.

        Incremental: only the chunks holding them are encoded again, and the
        columns and lists are updated for them alone. Byte for byte what
        :meth:`Applications.pack` makes of the whole list (the tests hold it
        to that).
        """
        records, count = self.records, len(self.records)
        changed, added = records.changed, list(records.added.values())
        stage_since = array("q", self.stage_since)
        quiet_since = array("q", self.quiet_since)
        positions = array("q", self.positions)
        current, waiting = array("i", self.current), array("i", self.waiting)
        ended = list(self.ended)
        for place in changed:
            if _holds(current, place):
                current.remove(place)
            elif _holds(waiting, place):
                waiting.remove(place)
            else:
                ended.remove(place)
        fresh = [(place, records[place]) for place in sorted(changed)]
        fresh += [(count + k, app) for k, app in enumerate(added)]
        for place, app in fresh:
            values = (_us(app.stage_since), _us(app.quiet_since()), app.position)
            if place < count:
                stage_since[place], quiet_since[place], positions[place] = values
            else:
                stage_since.append(values[0])
                quiet_since.append(values[1])
                positions.append(values[2])
        for place, app in fresh:
            if app.is_open:
                insort(waiting, place)
            elif app.stage in ENDED_STAGES:
                insort(ended, place, key=lambda i: (stage_since[i], positions[i], i))
            else:
                insort(current, place)
        packed_records, ids = records.packed()
        return _encode(
            _Snapshot(
                records=packed_records,
                stage_since=column("q", stage_since),
                quiet_since=column("q", quiet_since),
                positions=column("q", positions),
                current=column("i", current),
                waiting=column("i", waiting),
                ended=column("i", ended),
                ids=ids,
            )
        )


def _holds(places: Sequence[int], place: int) -> bool:
    """Does ``places`` (ascending) hold ``place``? A bisect, not a scan."""
    at = bisect_left(places, place)
    return at < len(places) and places[at] == place


# -- contacts -------------------------------------------------------------------


class _Opener(Protocol):
    def open(self, sealed: Sealed | None, default: str = ...) -> str: ...


class Contact(msgspec.Struct, kw_only=True):
    """One person. ``name``/``email`` stay sealed: open them only to display.

    ``last_reached_at`` is the latest real contact: ``contact.reached``, a
    completed interview with them, or feedback from them (keep-in-touch
    reminders count from it).
    """

    id: str
    name: Sealed
    added_at: datetime
    email: Sealed | None = None
    company: str | None = None
    role: str | None = None
    applications: list[str] = []
    last_reached_at: datetime | None = None
    reached_how: str | None = None
    forgotten: bool = False
    forgotten_at: datetime | None = None
    position: int = 0

    def display_name(self, vault: _Opener) -> str:
        from .contacts import FORGOTTEN

        return FORGOTTEN if self.forgotten else vault.open(self.name, FORGOTTEN)

    def display_email(self, vault: _Opener) -> str | None:
        if self.forgotten or self.email is None:
            return None
        value = vault.open(self.email, "")
        return value or None


class Contacts(msgspec.Struct):
    """State of the ``contacts`` projection: people by contact id."""

    items: dict[str, Contact] = {}

    def get(self, contact_id: str) -> Contact | None:
        return self.items.get(contact_id)

    def for_application(self, app_id: str) -> list[Contact]:
        return [c for c in self.items.values() if app_id in c.applications and not c.forgotten]

    def find_email(self, email: str, vault: _Opener) -> Contact | None:
        """The known, not forgotten contact with this address (case-insensitive)."""
        wanted = email.casefold()
        for contact in self.items.values():
            if contact.forgotten or contact.email is None:
                continue
            if vault.open(contact.email, "").casefold() == wanted:
                return contact
        return None

    def find(self, ref: str, vault: _Opener) -> Contact | None:
        """The contact ``ref`` names, None if nobody; ambiguous raises.

        ``ref`` is a contact id (or a unique id prefix), an email or ``Name
        <email>`` (matched by address), or a name (case-insensitive, exact
        before prefix). Forgotten contacts match by id only.
        """
        from .contacts import find_contact  # parsing people: its regexes load on use

        return find_contact(ref, self.items, vault)

    def resolve(self, ref: str, vault: _Opener) -> Contact:
        """Like :meth:`find`, but an unknown reference raises too."""
        from .contacts import find_contact

        found = find_contact(ref, self.items, vault)
        if found is None:
            raise RunnerupError(f"no contact matches {ref.strip()!r} (see 'runnerup contacts')")
        return found
