"""Read job-tracker CSV exports (Huntr, Teal, or any sheet) into typed rows.

Header-driven: columns are found by name, so their order does not matter;
names are compared case-insensitively with punctuation and spaces ignored
(``Job Title``, ``job_title`` and ``jobTitle`` are the same column). A UTF-8
BOM (Excel) or a UTF-16 BOM is tolerated; files without a BOM are read as
UTF-8, falling back to windows-1252. The delimiter is whichever of ``,``,
``;`` and tab occurs most often in the header line.

Line numbers in the result are 1-based physical lines of the file (the header
is line 1 when the file starts with it), so a user can find the row in an
editor even when a quoted cell spans several lines.

Nothing is guessed silently: a status that is not a known stage label leaves
``stage`` as None and is listed in ``unknown_statuses``; a column the source
does not define is listed in ``unknown_columns``; a row without company or
role, or a repeat of an earlier row, is skipped and listed in ``errors``; an
unreadable date or e-mail address is listed in ``errors`` and that one field
is left empty while the row is kept. A cell holding only ``-`` is empty (Huntr
writes that).

Sources
-------
``huntr``: Huntr's board export (``id, createdAt, title, salary, location,
url, rootDomain, htmlDescription, deadline, color, lastMovedAt, boardId,
boardName, listId, listName, companyId, companyName, companyDomain,
creatorUserId, creatorUserFirstName, creatorUserLastName, creatorUserEmail``).
Required: ``id, title, companyName, listName``. ``listName`` is the stage.
Huntr has no application date; ``createdAt`` (when the job was added to the
board) is used for ``applied_on`` except on wishlist rows, where it is None.
``htmlDescription`` is reduced to a plain-text snippet of 200 characters in
``notes`` (and in ``raw``); the full description is not kept.

``teal``: an assumption, as Teal does not publish its export format: the
columns ``Company, Job Title, Status, Date Applied, Job URL, Location, Salary,
Notes, Excitement, Follow Up Date``. Required: ``Company, Job Title``.
Excitement and Follow Up Date are kept in ``raw`` only. Dates are US
``MM/DD/YYYY`` or ISO.

``generic``: required ``company`` and ``role`` (aliases ``title``,
``position``, ``job title``); optional ``status``/``stage``,
``applied``/``date``, ``contact`` (a name, or ``Name <email>``), ``email``,
``url``, ``notes``, ``source``, ``location``, ``salary``.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date

import msgspec

from .cells import Stage, html_snippet, map_stage, parse_date, split_contact, valid_email

__all__ = [
    "MAX_BYTES",
    "SOURCES",
    "ImportFormatError",
    "ImportResult",
    "TrackerRow",
    "read_tracker_csv",
]

MAX_BYTES = 50 * 1024 * 1024
SOURCES = ("huntr", "teal", "generic")


class ImportFormatError(ValueError):
    """The file cannot be read as this source's export at all (one-line message)."""


class TrackerRow(msgspec.Struct, frozen=True, kw_only=True):
    """One application from a tracker export, normalised to runnerup's vocabulary."""

    line: int
    external_id: str
    company: str
    role: str
    stage: Stage | None = None
    applied_on: date | None = None
    url: str | None = None
    location: str | None = None
    salary: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    notes: str | None = None
    source: str | None = None
    raw: dict[str, str] = {}


class ImportResult(msgspec.Struct, frozen=True, kw_only=True):
    """Rows read, and everything that was not understood, with line numbers."""

    rows: list[TrackerRow] = []
    unknown_columns: list[str] = []
    unknown_statuses: list[tuple[int, str]] = []
    errors: list[tuple[int, str]] = []


@dataclass(frozen=True)
class _Spec:
    """Which header names feed which field, for one source."""

    fields: dict[str, tuple[str, ...]]
    required: dict[str, str]  # field -> how the error message names its column
    ignored: tuple[str, ...] = ()
    html_fields: tuple[str, ...] = ()
    has_ids: bool = False


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


_SPECS: dict[str, _Spec] = {
    "huntr": _Spec(
        fields={
            "external_id": ("id",),
            "company": ("companyname",),
            "role": ("title",),
            "stage": ("listname",),
            "applied_on": ("createdat",),
            "url": ("url",),
            "location": ("location",),
            "salary": ("salary",),
            "notes": ("htmldescription",),
        },
        required={
            "external_id": "id",
            "role": "title",
            "company": "companyName",
            "stage": "listName",
        },
        ignored=(
            "rootdomain",
            "deadline",
            "color",
            "lastmovedat",
            "boardid",
            "boardname",
            "listid",
            "companyid",
            "companydomain",
            "creatoruserid",
            "creatoruserfirstname",
            "creatoruserlastname",
            "creatoruseremail",
        ),
        html_fields=("htmldescription",),
        has_ids=True,
    ),
    "teal": _Spec(
        fields={
            "company": ("company",),
            "role": ("jobtitle",),
            "stage": ("status",),
            "applied_on": ("dateapplied",),
            "url": ("joburl",),
            "location": ("location",),
            "salary": ("salary",),
            "notes": ("notes",),
        },
        required={"company": "Company", "role": "Job Title"},
        ignored=("excitement", "followupdate"),
    ),
    "generic": _Spec(
        fields={
            "company": ("company", "companyname", "employer", "organisation", "organization"),
            "role": ("role", "title", "position", "jobtitle", "job"),
            "stage": ("status", "stage", "state"),
            "applied_on": (
                "applied",
                "date",
                "appliedon",
                "dateapplied",
                "applieddate",
                "applicationdate",
            ),
            "contact": ("contact", "contactname", "recruiter"),
            "contact_email": ("email", "contactemail", "mail"),
            "url": ("url", "link", "joburl", "posting"),
            "notes": ("notes", "note", "comments", "comment"),
            "source": ("source", "via", "channel"),
            "location": ("location", "city"),
            "salary": ("salary", "compensation", "pay"),
        },
        required={"company": "company", "role": "role (or title, position, job title)"},
    ),
}


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("windows-1252", "replace")


def _delimiter(header_line: str) -> str:
    """The most frequent of ``,`` ``;`` and tab outside quotes; ``,`` on a tie."""
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: unquoted.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _records(text: str) -> tuple[list[tuple[int, list[str]]], str]:
    """(start line, cells) for every record, and the delimiter used."""
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    delimiter = _delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    previous = 0
    # Huntr descriptions can exceed the csv module's 128 KiB cell limit; the file
    # size cap bounds a cell anyway. The limit is global, so it is put back.
    limit = csv.field_size_limit(MAX_BYTES)
    try:
        for record in reader:
            out.append((previous + 1, record))
            previous = reader.line_num
    except csv.Error as exc:
        raise ImportFormatError(f"line {previous + 1}: {exc}") from exc
    finally:
        csv.field_size_limit(limit)
    return out, delimiter


def _digest(company: str, role: str, applied_on: date | None) -> str:
    parts = [" ".join(v.casefold().split()) for v in (company, role)]
    parts.append(applied_on.isoformat() if applied_on else "")
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class _Reader:
    """One pass over the records of one file; collects rows and problems."""

    def __init__(self, spec: _Spec, header: list[str]) -> None:
        self.spec = spec
        self.header = [h.strip() for h in header]
        self.unknown_columns: list[str] = []
        self.column_of: dict[str, int] = {}
        seen: dict[str, int] = {}
        aliases = {a: f for f, names in spec.fields.items() for a in names}
        for index, name in enumerate(self.header):
            key = _key(name)
            if not key:
                continue
            if key in seen:
                self.unknown_columns.append(f"{name} (duplicate of column {seen[key] + 1})")
                continue
            seen[key] = index
            target = aliases.get(key)
            if target is not None and target not in self.column_of:
                self.column_of[target] = index
            elif key not in spec.ignored:
                self.unknown_columns.append(name)
        missing = [label for f, label in spec.required.items() if f not in self.column_of]
        if missing:
            raise ImportFormatError(f"missing required column(s): {', '.join(missing)}")
        self.rows: list[TrackerRow] = []
        self.unknown_statuses: list[tuple[int, str]] = []
        self.errors: list[tuple[int, str]] = []
        self._ids: dict[str, int] = {}

    def _cell(self, cells: list[str], name: str) -> str:
        index = self.column_of.get(name)
        if index is None or index >= len(cells):
            return ""
        value = cells[index].strip()
        return "" if value in ("-", "—", "\u2013") else value

    def add(self, line: int, cells: list[str]) -> None:
        """Read one record; problems are reported only for rows that are kept."""
        if not any(c.strip() for c in cells):
            return
        company, role = self._cell(cells, "company"), self._cell(cells, "role")
        if not company or not role:
            missing = " and ".join(n for n, v in (("company", company), ("role", role)) if not v)
            self.errors.append((line, f"row skipped: no {missing}"))
            return
        problems: list[str] = []
        if len(cells) > len(self.header):
            problems.append(
                f"{len(cells)} cells but the header has {len(self.header)}; extra ignored"
            )
        status = self._cell(cells, "stage")
        stage = map_stage(status) if status else None
        applied_on = self._date(cells, stage, problems)
        external_id = (self._cell(cells, "external_id") if self.spec.has_ids else "") or _digest(
            company, role, applied_on
        )
        if external_id in self._ids:
            self.errors.append((line, f"row skipped: repeats line {self._ids[external_id]}"))
            return
        self._ids[external_id] = line
        if status and stage is None:
            self.unknown_statuses.append((line, status))
        contact_name, contact_email = self._contact(cells, problems)
        self.errors.extend((line, p) for p in problems)
        notes = self._cell(cells, "notes")
        if notes and self._is_html("notes"):
            notes = html_snippet(notes) or ""
        self.rows.append(
            TrackerRow(
                line=line,
                external_id=external_id,
                company=company,
                role=role,
                stage=stage,
                applied_on=applied_on,
                url=self._cell(cells, "url") or None,
                location=self._cell(cells, "location") or None,
                salary=self._cell(cells, "salary") or None,
                contact_name=contact_name,
                contact_email=contact_email,
                notes=notes or None,
                source=self._cell(cells, "source") or None,
                raw=self._raw(cells),
            )
        )

    def _is_html(self, name: str) -> bool:
        index = self.column_of.get(name)
        return index is not None and _key(self.header[index]) in self.spec.html_fields

    def _date(self, cells: list[str], stage: Stage | None, problems: list[str]) -> date | None:
        value = self._cell(cells, "applied_on")
        if not value or (self.spec.has_ids and stage == "wishlist"):
            return None
        parsed = parse_date(value)
        if parsed is None:
            column = self.header[self.column_of["applied_on"]]
            problems.append(f"unrecognised date {value!r} in column {column!r}")
        return parsed

    def _contact(self, cells: list[str], problems: list[str]) -> tuple[str | None, str | None]:
        name, email = split_contact(self._cell(cells, "contact"))
        explicit = self._cell(cells, "contact_email")
        if explicit:
            if valid_email(explicit):
                email = explicit.lower()
            else:
                problems.append(f"invalid e-mail address {explicit!r}")
        return name, email

    def _raw(self, cells: list[str]) -> dict[str, str]:
        raw: dict[str, str] = {}
        for index, name in enumerate(self.header):
            if not name or name in raw:
                continue
            value = cells[index] if index < len(cells) else ""
            if _key(name) in self.spec.html_fields:
                value = html_snippet(value) or ""
            raw[name] = value
        return raw


def read_tracker_csv(data: bytes, source: str) -> ImportResult:
    """Read a tracker export; :class:`ImportFormatError` when it cannot be this source's CSV."""
    spec = _SPECS.get(source.strip().lower())
    if spec is None:
        raise ImportFormatError(f"unknown source {source!r}; expected one of {', '.join(SOURCES)}")
    if len(data) > MAX_BYTES:
        raise ImportFormatError(f"file is {len(data)} bytes, over the {MAX_BYTES} byte limit")
    text = _decode(data)
    if "\x00" in text:
        raise ImportFormatError("not a CSV file: contains NUL bytes")
    if not text.strip():
        raise ImportFormatError("empty file")
    records, _ = _records(text)
    records = [(line, cells) for line, cells in records if any(c.strip() for c in cells)]
    if not records:
        raise ImportFormatError("empty file")
    _, header = records[0]
    reader = _Reader(spec, header)
    for line, cells in records[1:]:
        reader.add(line, cells)
    return ImportResult(
        rows=reader.rows,
        unknown_columns=reader.unknown_columns,
        unknown_statuses=reader.unknown_statuses,
        errors=reader.errors,
    )
