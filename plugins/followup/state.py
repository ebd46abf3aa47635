"""What the follow-through plan needs to know about each application.

The plan reads only event payloads (not another plugin's view), so it keeps
its own small fold: the company, the people linked to the application, how
far the process got, when the user was last in real contact, and which of
the reminders and drafts it asks for exist already (so a second "no" for the
same application, a replay or a re-run never schedules a step twice).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import msgspec
from runnerup import Projection, RecordedEvent
from runnerup.packed import (
    Bin,
    KeyedRecords,
    PackedRecords,
    Records,
    pack_keys,
    pack_records,
    unzip,
)

NAME = "followup.applications"


class Step(msgspec.Struct, kw_only=True):
    """A reminder attached to an application."""

    kind: str
    due: str  # ISO text, as reminder events carry it
    open: bool = True


class App(msgspec.Struct, kw_only=True):
    company: str | None = None
    role: str | None = None
    contacts: list[str] = msgspec.field(default_factory=list)
    rounds: list[int] = msgspec.field(default_factory=list)  # interview rounds completed
    last_interview_at: datetime | None = None
    rejected_at: datetime | None = None
    last_contact_at: datetime | None = None  # last real contact: the "no" or a contact.reached
    reminders: dict[str, Step] = msgspec.field(default_factory=dict)
    drafts: list[str] = msgspec.field(default_factory=list)


class Apps:
    """Application id -> :class:`App`, read from a packed checkpoint one chunk at a time.

    A fold or a reactor asks for a few applications; only the chunks holding
    them are decoded, and only those are packed again (see
    :class:`runnerup.packed.KeyedRecords`). Anything that walks them all
    (``items()``, ``values()``, iteration) decodes them all first.
    """

    __slots__ = ("_base", "_items", "_records")

    def __init__(self, records: PackedRecords | None = None, ids: Bin | None = None) -> None:
        self._items: dict[str, App] = {}
        self._records = None if records is None or ids is None else KeyedRecords(records, ids, App)
        self._base: Records[App] | None = None  # what _items came from: chunks to reuse

    def get(self, app_id: str, default: App | None = None) -> App | None:
        records = self._records
        found = self._items.get(app_id) if records is None else records.find(app_id)
        return default if found is None else found

    def __getitem__(self, app_id: str) -> App:
        found = self.get(app_id)
        if found is None:
            raise KeyError(app_id)
        return found

    def __contains__(self, app_id: object) -> bool:
        return isinstance(app_id, str) and self.get(app_id) is not None

    def setdefault(self, app_id: str, default: App) -> App:
        found = self.get(app_id)
        if found is not None:
            return found
        if self._records is None:
            self._items[app_id] = default
        else:
            self._records.add(app_id, default)
        return default

    def _all(self) -> dict[str, App]:
        records = self._records
        if records is not None:
            self._items, self._base, self._records = records.items(), records, None
        return self._items

    def items(self) -> Any:
        return self._all().items()

    def values(self) -> Any:
        return self._all().values()

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def packed(self) -> tuple[PackedRecords, Bin]:
        """The records and the ids, packed: only what a fold touched is packed again."""
        if self._records is not None:
            return self._records.packed()
        return pack_records(list(self._items.values()), self._base), pack_keys(self._items)


class Applications:
    """State of the follow-up plan's fold: ``apps`` (see :class:`Apps`), and two indexes."""

    __slots__ = ("_reminder_apps", "_reminder_blob", "apps", "contact_apps")

    def __init__(
        self,
        apps: Apps | None = None,
        contact_apps: dict[str, list[str]] | None = None,
        reminder_blob: Bin | None = None,
    ) -> None:
        self.apps = Apps() if apps is None else apps
        self.contact_apps: dict[str, list[str]] = {} if contact_apps is None else contact_apps
        self._reminder_blob = reminder_blob
        self._reminder_apps: dict[str, str] | None = None if reminder_blob is not None else {}

    @property
    def reminder_apps(self) -> dict[str, str]:
        """Reminder id -> application id (unpacked on first use)."""
        if self._reminder_apps is None:
            assert self._reminder_blob is not None
            self._reminder_apps = _decode_reminder_apps(unzip(self._reminder_blob))
        return self._reminder_apps

    def pack(self) -> bytes:
        records, ids = self.apps.packed()
        reminders = self._reminder_blob
        if self._reminder_apps is not None:
            reminders = memoryview(zlib.compress(_encode(self._reminder_apps), 1))
        assert reminders is not None
        return _encode(_Snapshot(records, ids, self.contact_apps, reminders))

    @classmethod
    def unpack(cls, data: bytes) -> Applications:
        snap = _decode_snapshot(data)
        return cls(Apps(snap.records, snap.ids), snap.contact_apps, snap.reminder_apps)


class _Snapshot(msgspec.Struct, array_like=True, gc=False):
    """The checkpoint: the apps packed in chunks, their ids, and the two indexes."""

    records: PackedRecords
    ids: Bin  # list[str], msgpack then zlib
    contact_apps: dict[str, list[str]]
    reminder_apps: Bin  # dict[str, str], msgpack then zlib


_encode = msgspec.msgpack.Encoder().encode
_decode_snapshot = msgspec.msgpack.Decoder(_Snapshot).decode
_decode_reminder_apps = msgspec.msgpack.Decoder(dict[str, str]).decode


def _later(current: datetime | None, when: datetime) -> datetime:
    return when if current is None or when > current else current


class ApplicationsProjection(Projection[Applications]):
    name = NAME
    # 2: a packed checkpoint; a fold decodes and re-packs only what it touches.
    version = 2
    types = frozenset(
        {
            "application.submitted",
            "interview.scheduled",
            "interview.completed",
            "application.rejected",
            "feedback.received",
            "contact.added",
            "contact.reached",
            "reminder.scheduled",
            "reminder.rescheduled",
            "reminder.done",
            "reminder.cancelled",
            "draft.requested",
        }
    )
    state_type = Applications

    def initial(self) -> Applications:
        return Applications()

    def dump(self, state: Applications) -> bytes:
        return state.pack()

    def load(self, data: bytes) -> Applications:
        return Applications.unpack(data)

    def apply(self, state: Applications, event: RecordedEvent) -> Applications:
        data = event.data
        kind = event.type
        if kind in ("reminder.rescheduled", "reminder.done", "reminder.cancelled"):
            self._reminder(state, kind, data)
            return state
        if kind == "contact.reached":
            for app_id in state.contact_apps.get(data.contact, []):  # type: ignore[attr-defined]
                app = state.apps[app_id]
                app.last_contact_at = _later(app.last_contact_at, event.occurred_at)
            return state
        target: str | None = getattr(data, "application", None)
        if not target:
            return state
        app_id = target
        app = state.apps.setdefault(app_id, App())
        if kind == "application.submitted":
            app.company, app.role = data.company, data.role  # type: ignore[attr-defined]
        elif kind == "interview.completed":
            app.rounds.append(data.round)  # type: ignore[attr-defined]
            app.last_interview_at = _later(app.last_interview_at, event.occurred_at)
        elif kind == "application.rejected":
            app.rejected_at = event.occurred_at
            app.last_contact_at = _later(app.last_contact_at, event.occurred_at)
        elif kind == "reminder.scheduled":
            app.reminders[data.reminder] = Step(kind=data.kind, due=data.due)  # type: ignore[attr-defined]
            state.reminder_apps[data.reminder] = app_id  # type: ignore[attr-defined]
        elif kind == "draft.requested" and data.draft not in app.drafts:  # type: ignore[attr-defined]
            app.drafts.append(data.draft)  # type: ignore[attr-defined]
        contact = getattr(data, "contact", None)
        if contact:
            _link(state, app, app_id, contact)
        return state

    @staticmethod
    def _reminder(state: Applications, kind: str, data: object) -> None:
        reminder: str = data.reminder  # type: ignore[attr-defined]
        app_id = state.reminder_apps.get(reminder)
        step = state.apps[app_id].reminders.get(reminder) if app_id else None
        if step is None:
            return
        if kind == "reminder.rescheduled":
            step.due = data.due  # type: ignore[attr-defined]
        else:
            step.open = False


def _link(state: Applications, app: App, app_id: str, contact: str) -> None:
    if contact not in app.contacts:
        app.contacts.append(contact)
    linked = state.contact_apps.setdefault(contact, [])
    if app_id not in linked:
        linked.append(app_id)
