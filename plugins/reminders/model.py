"""The ``reminders`` read model: every reminder ever scheduled, by id.

Other plugins read it through ``kernel.view("reminders")`` (the reflection
plugin closes ``<app>.reflect`` this way) and must not import this module,
so what they need is a field, a property or a method:

- ``Reminders.items: dict[str, Reminder]``, ``next_number``, ``get(id)``,
  ``open()``, ``by_number(n)``, ``by_numbers(ns)``, ``resolve(ref)`` (id,
  unique prefix, or the agenda number);
- cheap questions that do not decode every reminder (the agenda and the
  board ask them on every run): ``open_due_days(tz)``, ``has_open(kind)``,
  ``applications_with(kind)`` and ``next_steps(app_ids, tz)``;
- ``Reminder``: ``id, number, title, kind, due, application, contact, draft,
  notes, done, done_at, done_note, cancelled, cancelled_at, revision,
  scheduled_at`` and ``is_open``, ``timed``, ``due_iso``, ``due_day(tz)``,
  ``due_moment(tz)``. (Until version 2 of the projection ``due_iso`` was
  the stored field; it is a property now, with the same text.)

``due`` is a ``date`` for an all-day reminder and an aware ``datetime`` for
a timed one. msgspec cannot hold a ``date | datetime`` union, so a reminder
stores ``due_date`` (the day, in the due's own offset for a timed one) and
``due_time`` (the aware wall-clock time, None all day): both decode
natively, keep the offset the reminder was given, and make ``due`` and its
relatives cost no parsing. ``due_iso`` is the canonical text of the event.
``number`` is handed out once, in scheduling order, and never reused, so
"done 3" means the same reminder whatever the agenda's window.

The checkpoint is packed (see :mod:`runnerup.packed`): reminders stay encoded, in
number order, beside columns of due day, state, kind and application, so the
questions above decode only the reminders they return. ``items`` decodes all
of them, once, in one call; folding an event does that first.
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, tzinfo
from itertools import chain, compress
from typing import Any, NamedTuple

import msgspec
from runnerup import Projection, RecordedEvent, RunnerupError
from runnerup.events.reminder import (
    ReminderCancelled,
    ReminderDone,
    ReminderRescheduled,
    ReminderScheduled,
    parse_due,
)
from runnerup.packed import (
    Bin,
    KeyedRecords,
    PackedRecords,
    Records,
    column,
    pack_keys,
    pack_records,
    read_column,
    unzip,
)

MAX_CANDIDATES = 6


class Reminder(msgspec.Struct, kw_only=True, array_like=True, gc=False):
    """One reminder as the log tells it (see the module docstring).

    Checkpoints hold it as a positional array (a new field goes last; a
    change of shape bumps ``RemindersProjection.version``). ``gc=False``: a
    reminder holds only scalars, never a cycle, and tens of thousands of
    them are decoded at once.
    """

    id: str
    number: int
    title: str
    kind: str
    due_date: date
    scheduled_at: datetime
    due_time: time | None = None
    application: str | None = None
    contact: str | None = None
    draft: str | None = None
    notes: str | None = None
    done: bool = False
    done_at: datetime | None = None
    done_note: str | None = None
    cancelled: bool = False
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None
    revision: int = 0

    @property
    def due(self) -> date | datetime:
        if self.due_time is None:
            return self.due_date
        return datetime.combine(self.due_date, self.due_time)

    @due.setter
    def due(self, value: date | datetime) -> None:
        if isinstance(value, datetime):
            self.due_date, self.due_time = value.date(), value.timetz()
        else:
            self.due_date, self.due_time = value, None

    @property
    def due_iso(self) -> str:
        """The due value as the events write it (``2026-11-21``, ``...T09:00:00+01:00``)."""
        return self.due.isoformat()

    @property
    def timed(self) -> bool:
        return self.due_time is not None

    @property
    def is_open(self) -> bool:
        return not self.done and not self.cancelled

    def due_day(self, tz: tzinfo) -> date:
        """The day it is due on, in the user's zone ``tz``."""
        if self.due_time is None:
            return self.due_date
        return datetime.combine(self.due_date, self.due_time).astimezone(tz).date()

    def due_moment(self, tz: tzinfo) -> datetime:
        """When it is due as a moment; an all-day reminder counts from midnight."""
        if self.due_time is None:
            return datetime.combine(self.due_date, time(), tz)
        return datetime.combine(self.due_date, self.due_time)


def _new_reminder(**fields: Any) -> Reminder:
    due = fields.pop("due")
    day, clock = (due.date(), due.timetz()) if isinstance(due, datetime) else (due, None)
    return Reminder(due_date=day, due_time=clock, **fields)


class DueDays(NamedTuple):
    """What :meth:`Reminders.open_due_days` returns: two columns, one order."""

    days: Sequence[int]  # due day ordinals, ascending
    numbers: Sequence[int]  # the reminders' numbers, by (day, number)


# Bits of the packed ``flags`` column.
_OPEN, _CANCELLED = 1, 2


class _Snapshot(msgspec.Struct, array_like=True, gc=False):
    """The checkpoint: reminders still encoded, in number order, and indexes.

    Columns (see :mod:`runnerup.packed`) hold one entry per reminder; ``by_day`` and
    ``by_app`` list the numbers of open reminders in the order the agenda and
    the board want them.
    """

    next_number: int
    dense: bool  # numbers are 1..n, so a reminder's number is its place + 1
    records: PackedRecords  # the reminders, by number
    flags: Bin  # uint8: _OPEN | _CANCELLED
    kinds: list[str]
    kind_codes: Bin  # uint16: index into kinds
    applications: Bin  # list[str], msgpack then zlib: unpacked only when asked
    app_codes: Bin  # int32: index into applications, -1 for none
    open_kinds: dict[str, int]  # kind -> how many are open
    by_day: Bin  # int32: open all-day reminders' numbers, by (due day, number)
    by_day_days: Bin  # int32: their due days (ordinals)
    timed: Bin  # int32: open timed reminders' numbers (their day depends on the zone)
    by_app: Bin  # int32: open reminders' numbers grouped by application code
    by_app_starts: Bin  # int32: application i's are by_app[starts[i]:starts[i + 1]]
    ids: Bin  # list[str], the reminders' ids by number, msgpack then zlib: unpacked when asked


_decode_snapshot = msgspec.msgpack.Decoder(_Snapshot).decode
_decode_names = msgspec.msgpack.Decoder(list[str]).decode
_encode = msgspec.msgpack.Encoder().encode


class _Packed:
    """A loaded snapshot: its reminders decode one by one, as they are asked for."""

    def __init__(self, snap: _Snapshot, data: bytes) -> None:
        self.data, self.next_number = data, snap.next_number
        self.records = KeyedRecords(snap.records, snap.ids, Reminder)  # by number - 1
        self.flags = read_column("B", snap.flags)
        self.kinds = snap.kinds
        self.kind_codes = read_column("H", snap.kind_codes)
        self.app_codes = read_column("i", snap.app_codes)
        self.open_kinds = snap.open_kinds
        self.by_day = read_column("i", snap.by_day)
        self.by_day_days = read_column("i", snap.by_day_days)
        self.timed = read_column("i", snap.timed)
        self.by_app = read_column("i", snap.by_app)
        self.by_app_starts = read_column("i", snap.by_app_starts)
        self._applications = snap.applications
        self._names: list[str] | None = None
        per_reminder = {len(self.flags), len(self.kind_codes), len(self.app_codes)}
        if per_reminder != {len(self.records)} or len(self.by_day) != len(self.by_day_days):
            raise msgspec.DecodeError("packed reminder columns of different lengths")

    @property
    def applications(self) -> list[str]:
        if self._names is None:
            self._names = _decode_names(unzip(self._applications))
        return self._names

    def kind_code(self, kind: str) -> int:
        return self.kinds.index(kind) if kind in self.kinds else -1

    def repack(self, next_number: int) -> bytes | None:
        """The snapshot with what a fold changed in :attr:`records` and added to it.

        Incremental: only the chunks holding those reminders are encoded
        again, and the columns are rebuilt from the old columns plus them,
        not from every reminder. Byte for byte what :meth:`pack` makes of
        the whole list (the tests hold it to that), or None where a change
        would reorder the kinds or applications: the caller packs whole.
        """
        records, count = self.records, len(self.records)
        changed = {place + 1 for place in records.changed}  # numbers
        added = list(records.added.values())
        if any(r.number != count + i for i, r in enumerate(added, start=1)):
            return None
        kinds, names = list(self.kinds), list(self.applications)
        kind_index = {k: i for i, k in enumerate(kinds)}
        app_index = {a: i for i, a in enumerate(names)}
        flags, kind_codes, app_codes = (
            array("B", self.flags),
            array("H", self.kind_codes),
            array("i", self.app_codes),
        )
        for number in changed:
            r = records[number - 1]
            app = app_index.get(r.application, -2) if r.application else -1
            if kind_index.get(r.kind) != kind_codes[number - 1] or app != app_codes[number - 1]:
                return None
            flags[number - 1] = _flags_of(r)
        for r in added:
            kind = kind_index.setdefault(r.kind, len(kinds))
            if kind == len(kinds):
                kinds.append(r.kind)
            app = -1
            if r.application:
                app = app_index.setdefault(r.application, len(names))
                if app == len(names):
                    names.append(r.application)
            flags.append(_flags_of(r))
            kind_codes.append(kind)
            app_codes.append(app)
        # Take the changed reminders out of the open-reminder columns as they
        # were, then put back those that are open now: C-level array work, no
        # pass over every reminder in Python.
        days, numbers = array("i", self.by_day_days), array("i", self.by_day)
        timed = array("i", self.timed)
        starts = self.by_app_starts
        groups = [self.by_app[starts[i] : starts[i + 1]] for i in range(len(starts) - 1)]
        groups += [array("i") for _ in range(len(names) - len(groups))]
        for number in changed:
            if self.flags[number - 1] & _OPEN:
                try:
                    at = numbers.index(number)
                except ValueError:
                    timed.remove(number)
                else:
                    del numbers[at], days[at]
                if app_codes[number - 1] >= 0:
                    groups[app_codes[number - 1]].remove(number)
        for r in [records[n - 1] for n in changed] + list(added):
            if not r.is_open:
                continue
            if r.due_time is None:  # by (due day, number)
                day = r.due_date.toordinal()
                lo, hi = bisect_left(days, day), bisect_right(days, day)
                at = bisect_left(numbers, r.number, lo, hi)
                days.insert(at, day)
                numbers.insert(at, r.number)
            else:
                insort(timed, r.number)
            if app_codes[r.number - 1] >= 0:
                insort(groups[app_codes[r.number - 1]], r.number)
        opened = Counter(compress(kind_codes, map(_OPEN.__and__, flags)))
        packed_records, ids = records.packed()
        return _snapshot(
            next_number=next_number,
            records=packed_records,
            flags=flags,
            kinds=kinds,
            kind_codes=kind_codes,
            names=names,
            applications=self._applications if len(names) == len(self.applications) else None,
            app_codes=app_codes,
            open_kinds={kinds[code]: count for code, count in opened.items()},
            by_day=numbers,
            by_day_days=days,
            timed=timed,
            grouped=groups,
            ids=ids,
        )

    @staticmethod
    def pack(ordered: list[Reminder], next_number: int, base: Records[Reminder] | None) -> bytes:
        """The snapshot of reminders listed in number order (one pass over them)."""
        kinds: dict[str, int] = {}
        apps: dict[str, int] = {}
        flags: list[int] = []
        kind_codes: list[int] = []
        app_codes: list[int] = []
        all_day: list[tuple[int, int]] = []
        timed: list[int] = []
        grouped: list[list[int]] = []  # open reminders' numbers, by application code
        open_kinds: dict[str, int] = {}
        for r in ordered:
            kind = kinds.setdefault(r.kind, len(kinds))
            app = apps.setdefault(r.application, len(apps)) if r.application else -1
            if app == len(grouped):
                grouped.append([])
            is_open = not r.done and not r.cancelled
            flags.append((_OPEN if is_open else 0) | (_CANCELLED if r.cancelled else 0))
            kind_codes.append(kind)
            app_codes.append(app)
            if is_open:
                open_kinds[r.kind] = open_kinds.get(r.kind, 0) + 1
                if r.due_time is None:
                    all_day.append((r.due_date.toordinal(), r.number))
                else:
                    timed.append(r.number)
                if app >= 0:
                    grouped[app].append(r.number)
        all_day.sort()
        return _snapshot(
            next_number=next_number,
            records=pack_records(ordered, base),
            flags=flags,
            kinds=list(kinds),
            kind_codes=kind_codes,
            names=list(apps),
            applications=None,
            app_codes=app_codes,
            open_kinds=open_kinds,
            by_day=[n for _, n in all_day],
            by_day_days=[d for d, _ in all_day],
            timed=timed,
            grouped=grouped,
            ids=pack_keys(r.id for r in ordered),
            dense=all(r.number == i for i, r in enumerate(ordered, start=1)),
        )


def _flags_of(r: Reminder) -> int:
    return (_OPEN if r.is_open else 0) | (_CANCELLED if r.cancelled else 0)


def _snapshot(
    *,
    next_number: int,
    records: PackedRecords,
    flags: Sequence[int],
    kinds: list[str],
    kind_codes: Sequence[int],
    names: list[str],
    applications: Bin | None,
    app_codes: Sequence[int],
    open_kinds: dict[str, int],
    by_day: Sequence[int],
    by_day_days: Sequence[int],
    timed: Sequence[int],
    grouped: Sequence[Sequence[int]],
    ids: Bin,
    dense: bool = True,
) -> bytes:
    """Encode a snapshot from its parts (``applications``: the names already compressed)."""
    starts = [0]
    for numbers in grouped:
        starts.append(starts[-1] + len(numbers))
    return _encode(
        _Snapshot(
            next_number=next_number,
            # 1..n in scheduling order by construction; a state that ever
            # broke that is decoded whole on load rather than misnumbered.
            dense=dense,
            records=records,
            flags=column("B", flags),
            kinds=kinds,
            kind_codes=column("H", kind_codes),
            applications=applications
            if applications is not None
            else memoryview(zlib.compress(_encode(names), 1)),
            app_codes=column("i", app_codes),
            open_kinds=open_kinds,
            by_day=column("i", by_day),
            by_day_days=column("i", by_day_days),
            timed=column("i", timed),
            by_app=column("i", chain.from_iterable(grouped)),
            by_app_starts=column("i", starts),
            ids=ids,
        )
    )


class Reminders:
    """State of the ``reminders`` projection (see the module docstring).

    Built empty by the fold, or from a packed checkpoint by
    :meth:`RemindersProjection.load`, in which case reminders are decoded
    only as they are asked for, until something needs ``items``.
    """

    __slots__ = ("_base", "_items", "_packed", "next_number")

    def __init__(self, items: dict[str, Reminder] | None = None, next_number: int = 1) -> None:
        self._items: dict[str, Reminder] = {} if items is None else items
        self._packed: _Packed | None = None
        self._base: Records[Reminder] | None = None  # what items came from: see pack()
        self.next_number = next_number

    # -- the whole state ------------------------------------------------------

    @property
    def items(self) -> dict[str, Reminder]:
        self._settle()
        if self._packed is not None:
            self._decode_all()
        return self._items

    def _decode_all(self) -> None:
        assert self._packed is not None
        self._base = self._packed.records
        self._items = {r.id: r for r in self._base.all()}
        self._packed = None

    # -- folding ----------------------------------------------------------------

    def find(self, reminder_id: str) -> Reminder | None:
        """The reminder with this id, for a fold to change in place.

        From a packed checkpoint only its chunk is decoded, and the change is
        packed in incrementally (see :meth:`_settle`).
        """
        packed = self._packed
        return self._items.get(reminder_id) if packed is None else packed.records.find(reminder_id)

    def add(self, reminder: Reminder) -> None:
        """A reminder scheduled for the first time (numbered ``next_number``)."""
        if self._packed is None:
            self._items[reminder.id] = reminder
        else:
            self._packed.records.add(reminder.id, reminder)

    def _settle(self) -> None:
        """Pack what a fold changed into the packed state, before anything reads it."""
        packed = self._packed
        if packed is None or not packed.records.pending:
            return
        data = packed.repack(self.next_number)
        if data is None:  # a change that reorders the columns: decode and pack whole
            added = packed.records.added
            self._decode_all()
            self._items.update(added)
            return
        self._packed = _Packed(_decode_snapshot(data), data)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Reminders):
            return NotImplemented
        return self.next_number == other.next_number and self.items == other.items

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._settle()
        packed = self._packed
        count = len(packed.records) if packed is not None else len(self._items)
        return f"Reminders({count} reminders, next_number={self.next_number})"

    def get(self, reminder_id: str) -> Reminder | None:
        self._settle()
        packed = self._packed
        return self._items.get(reminder_id) if packed is None else packed.records.get(reminder_id)

    def open(self) -> list[Reminder]:
        return [r for r in self.items.values() if r.is_open]

    def by_number(self, number: int) -> Reminder | None:
        self._settle()
        packed = self._packed
        if packed is not None:  # packed in number order, numbers from 1 (dense)
            return packed.records[number - 1] if 0 < number <= len(packed.records) else None
        return next((r for r in self.items.values() if r.number == number), None)

    def by_numbers(self, numbers: Iterable[int]) -> list[Reminder]:
        """The reminders with these numbers, in that order (unknown ones left out)."""
        self._settle()
        packed = self._packed
        if packed is not None:
            count = len(packed.records)
            return packed.records.take([n - 1 for n in numbers if 0 < n <= count])
        index = {r.number: r for r in self._items.values()}
        return [index[n] for n in numbers if n in index]

    # -- cheap questions --------------------------------------------------------

    def open_due_days(self, tz: tzinfo) -> DueDays:
        """The open reminders by due day in ``tz`` (then number), as two columns.

        ``days`` ascends, so ``bisect`` finds a window of days in it and the
        same slice of ``numbers`` names the reminders (fetch them with
        :meth:`by_numbers`). From a checkpoint this costs nothing per reminder.
        """
        self._settle()
        packed = self._packed
        if packed is not None and not packed.timed:
            return DueDays(packed.by_day_days, packed.by_day)
        if packed is not None:
            records = packed.records
            pairs = list(zip(packed.by_day_days, packed.by_day, strict=True))
            pairs += [(records[n - 1].due_day(tz).toordinal(), n) for n in packed.timed]
        else:  # a fresh fold: every open reminder, all-day ones without a call each
            pairs = [
                (
                    r.due_date.toordinal() if r.due_time is None else r.due_day(tz).toordinal(),
                    r.number,
                )
                for r in self._items.values()
                if not r.done and not r.cancelled
            ]
        pairs.sort()
        return DueDays([day for day, _ in pairs], [number for _, number in pairs])

    def has_open(self, kind: str) -> bool:
        """Is any reminder of this ``kind`` open?"""
        self._settle()
        packed = self._packed
        if packed is None:
            return any(r.kind == kind and r.is_open for r in self._items.values())
        return packed.open_kinds.get(kind, 0) > 0

    def applications_with(self, kind: str) -> set[str]:
        """Applications with a reminder of this ``kind``, open or done (not cancelled)."""
        self._settle()
        packed = self._packed
        if packed is None:
            return {
                r.application
                for r in self._items.values()
                if r.kind == kind and not r.cancelled and r.application
            }
        code, names = packed.kind_code(kind), packed.applications
        return {
            names[a]
            for c, f, a in zip(packed.kind_codes, packed.flags, packed.app_codes, strict=True)
            if c == code and not f & _CANCELLED and a >= 0
        }

    def next_steps(self, app_ids: Iterable[str], tz: tzinfo) -> dict[str, Reminder]:
        """The earliest open reminder of each of ``app_ids`` that has one.

        Earliest by :meth:`Reminder.due_moment` in ``tz``, then number.
        """
        self._settle()
        wanted = set(app_ids)
        packed = self._packed
        if packed is None:
            found = [r for r in self._items.values() if r.application in wanted and r.is_open]
        else:
            starts, numbers = packed.by_app_starts, packed.by_app
            found = self.by_numbers(
                n
                for code, name in enumerate(packed.applications)
                if name in wanted
                for n in numbers[starts[code] : starts[code + 1]]
            )
        best: dict[str, tuple[datetime, int, Reminder]] = {}
        for reminder in found:
            app_id = reminder.application or ""
            key = (reminder.due_moment(tz), reminder.number)
            if app_id not in best or key < best[app_id][:2]:
                best[app_id] = (*key, reminder)
        return {app_id: step for app_id, (_, _, step) in best.items()}

    # -- references ---------------------------------------------------------------

    def resolve(self, ref: str) -> Reminder:
        """The reminder ``ref`` names: ``3`` / ``#3``, an exact id, or a unique id prefix.

        A prefix shared by one open reminder and some closed ones names the
        open one: that is the one a user is acting on.
        """
        text = ref.strip()
        if not text:
            raise RunnerupError("a reminder reference cannot be empty (see 'runnerup agenda')")
        digits = text.removeprefix("#")
        if digits.isdigit():
            found = self.by_number(int(digits))
            if found is None:
                raise RunnerupError(f"no reminder number {digits} (see 'runnerup agenda')")
            return found
        exact = self.items.get(text) or self.items.get(text.lower())
        if exact is not None:
            return exact
        matches = [r for i, r in self.items.items() if i.startswith(text.lower())]
        open_ones = [r for r in matches if r.is_open]
        if len(open_ones) == 1:
            return open_ones[0]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise RunnerupError(f"no reminder matches {text!r} (see 'runnerup agenda')")
        listed = sorted(open_ones or matches, key=lambda r: r.number)
        names = ", ".join(f"#{r.number} {r.id}" for r in listed[:MAX_CANDIDATES])
        more = f", … {len(listed) - MAX_CANDIDATES} more" if len(listed) > MAX_CANDIDATES else ""
        raise RunnerupError(
            f"{text!r} matches {len(listed)} reminders: {names}{more};"
            " use the number or a longer id"
        )

    # -- the checkpoint -----------------------------------------------------------

    def pack(self) -> bytes:
        """The packed checkpoint (see the module docstring)."""
        self._settle()
        packed = self._packed
        if packed is not None and packed.next_number == self.next_number:
            return packed.data  # nothing was folded in since it was read
        ordered = sorted(self.items.values(), key=lambda r: r.number)
        return _Packed.pack(ordered, self.next_number, self._base)

    @classmethod
    def unpack(cls, data: bytes) -> Reminders:
        snap = _decode_snapshot(data)
        state = cls(next_number=snap.next_number)
        state._packed = _Packed(snap, data)
        if not snap.dense:
            state._decode_all()  # by_number cannot go by place
        return state


class RemindersProjection(Projection[Reminders]):
    """Folds the four reminder events; the latest fact about an id wins."""

    name = "reminders"
    # 2: typed due_date/due_time instead of due_iso, and a packed checkpoint.
    # 3: the checkpoint holds an id index, so a fold packs in only what it changed.
    version = 3
    types = frozenset(
        {"reminder.scheduled", "reminder.rescheduled", "reminder.done", "reminder.cancelled"}
    )
    state_type = Reminders

    def initial(self) -> Reminders:
        return Reminders()

    def dump(self, state: Reminders) -> bytes:
        return state.pack()

    def load(self, data: bytes) -> Reminders:
        return Reminders.unpack(data)

    def apply(self, state: Reminders, event: RecordedEvent) -> Reminders:
        data = event.data
        if isinstance(data, ReminderScheduled):
            _schedule(state, data, event.occurred_at)
            return state
        item = state.find(getattr(data, "reminder", ""))
        if item is None:
            return state  # a step for a reminder we never saw scheduled: nothing to show
        if isinstance(data, ReminderRescheduled):
            if data.due != item.due_iso:  # both canonical text (see the event)
                item.due = parse_due(data.due)
                item.revision += 1
        elif isinstance(data, ReminderDone):
            if not item.done:  # the first "done" is when it was done
                item.done, item.done_at, item.done_note = True, event.occurred_at, data.note
        elif isinstance(data, ReminderCancelled) and item.is_open:
            item.cancelled, item.cancelled_at = True, event.occurred_at
            item.cancel_reason = data.reason
        return state


def _schedule(state: Reminders, data: ReminderScheduled, at: datetime) -> None:
    # Scheduling a known id again is the same reminder, updated and open again;
    # a calendar needs a higher SEQUENCE whenever what it shows has changed.
    due = parse_due(data.due)
    item = state.find(data.reminder)
    if item is None:
        state.add(
            _new_reminder(
                id=data.reminder,
                number=state.next_number,
                title=data.title,
                kind=data.kind,
                due=due,
                scheduled_at=at,
                application=data.application,
                contact=data.contact,
                draft=data.draft,
                notes=data.notes,
            )
        )
        state.next_number += 1
        return
    changed = (item.title, item.due_iso, item.notes) != (data.title, data.due, data.notes)
    if changed or not item.is_open:
        item.revision += 1
    item.title, item.kind, item.due = data.title, data.kind, due
    item.application, item.contact = data.application, data.contact
    item.draft, item.notes, item.scheduled_at = data.draft, data.notes, at
    item.done, item.done_at, item.done_note = False, None, None
    item.cancelled, item.cancelled_at, item.cancel_reason = False, None, None
