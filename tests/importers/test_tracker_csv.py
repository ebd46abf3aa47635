"""read_tracker_csv: Huntr, Teal and generic exports, and everything they get wrong."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runnerup.plugins.importers.cells import html_snippet, map_stage, parse_date, split_contact
from runnerup.plugins.importers.tracker_csv import (
    ImportFormatError,
    ImportResult,
    TrackerRow,
    read_tracker_csv,
)

FIXTURES = Path(__file__).parent / "fixtures"
HUNTR_COLUMNS = [
    "id",
    "createdAt",
    "title",
    "salary",
    "location",
    "url",
    "rootDomain",
    "htmlDescription",
    "deadline",
    "color",
    "lastMovedAt",
    "boardId",
    "boardName",
    "listId",
    "listName",
    "companyId",
    "companyName",
    "companyDomain",
    "creatorUserId",
    "creatorUserFirstName",
    "creatorUserLastName",
    "creatorUserEmail",
]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def sha(company: str, role: str, applied: str = "") -> str:
    return hashlib.sha256(f"{company}\x1f{role}\x1f{applied}".encode()).hexdigest()


# ---------------------------------------------------------------- Huntr


def test_huntr_board_export() -> None:
    result = read_tracker_csv(fixture("huntr-board-export.csv"), "huntr")
    assert (result.unknown_columns, result.unknown_statuses, result.errors) == ([], [], [])
    summary = [(r.line, r.company, r.role, r.stage, r.applied_on) for r in result.rows]
    assert summary == [
        (2, "Northwind Logistics", "Senior Data Engineer", "rejected", date(2024, 5, 2)),
        (3, "Acme Corp", "Product Designer", "applied", date(2024, 5, 6)),  # epoch millis
        (5, "Harbourlight", "Staff Engineer", "interviewing", date(2024, 5, 10)),  # line 3 spans 2
        (6, "Harbourlight", "Senior Backend Engineer", "offer", date(2024, 5, 12)),
        (7, "Tidepool", "Platform Engineer", "wishlist", None),  # saved, not applied
        (8, "Globex Corporation", "Financial Analyst", "interviewing", date(2024, 6, 1)),
    ]
    first = result.rows[0]
    assert first.external_id == "6650a1f2c9e77b0012a3b4c1"
    assert first.salary == "€75,000 \u2013 €85,000"
    assert first.url == "https://northwind-logistics.com/careers/senior-data-engineer"
    assert first.contact_name is None and first.contact_email is None


def test_huntr_dash_is_empty_and_description_is_a_short_plain_snippet() -> None:
    rows = read_tracker_csv(fixture("huntr-board-export.csv"), "huntr").rows
    staff = rows[2]
    assert (staff.url, staff.notes, staff.raw["deadline"]) == (None, None, "-")
    notes = rows[0].notes
    assert notes is not None and notes.startswith("About the role As a Senior Data Engineer")
    assert len(notes) <= 201 and notes.endswith("…")
    assert "<" not in notes and ".x{color" not in notes
    assert rows[0].raw["htmlDescription"] == notes  # the full HTML is not kept
    assert rows[0].raw["creatorUserEmail"] == "jane.doe@example.org"
    assert rows[5].notes == "FP&A"


def test_huntr_column_order_and_header_spelling_do_not_matter() -> None:
    original = list(csv.reader(io.StringIO(fixture("huntr-board-export.csv").decode())))
    order = list(reversed(range(len(original[0]))))
    shuffled = io.StringIO()
    writer = csv.writer(shuffled)
    header = [f"  {original[0][i].upper()} " for i in order]
    writer.writerow(header)
    for row in original[1:]:
        writer.writerow([row[i] for i in order])
    result = read_tracker_csv(shuffled.getvalue().encode(), "huntr")
    expected = read_tracker_csv(fixture("huntr-board-export.csv"), "huntr")
    assert [(r.external_id, r.stage, r.applied_on) for r in result.rows] == [
        (r.external_id, r.stage, r.applied_on) for r in expected.rows
    ]
    assert result.unknown_columns == []


def test_huntr_missing_required_columns_are_named() -> None:
    header = ",".join(c for c in HUNTR_COLUMNS if c not in ("listName", "companyName"))
    with pytest.raises(ImportFormatError, match="missing required column") as info:
        read_tracker_csv(header.encode() + b"\n", "huntr")
    assert "companyName" in str(info.value) and "listName" in str(info.value)


def test_huntr_row_without_id_gets_a_stable_hash() -> None:
    data = "id,title,companyName,listName,createdAt\n-,Data Engineer,Acme,Applied,2024-06-01\n"
    [row] = read_tracker_csv(data.encode(), "huntr").rows
    assert row.external_id == sha("acme", "data engineer", "2024-06-01")


# ---------------------------------------------------------------- Teal


def test_teal_export() -> None:
    result = read_tracker_csv(fixture("teal-export.csv"), "teal")
    assert (result.unknown_columns, result.unknown_statuses, result.errors) == ([], [], [])
    stages = {r.company: (r.stage, r.applied_on) for r in result.rows}
    assert stages == {
        "Orbital Freight": ("interviewing", date(2024, 6, 24)),
        "Quillfeather": ("rejected", date(2024, 5, 28)),
        "Pinecrest Health": ("applied", date(2024, 6, 3)),
        "Vantage Analytics": ("withdrawn", date(2024, 5, 15)),
        "Cobalt Bank": ("closed", date(2024, 5, 20)),
        "Lumen Robotics": ("wishlist", None),
        "Fenwick & Hale": ("offer", date(2024, 4, 30)),
    }
    orbital = result.rows[0]
    assert orbital.location == "Hamburg, Germany"
    assert orbital.notes == "Referred by Lena"
    assert orbital.raw["Excitement"] == "5" and orbital.raw["Follow Up Date"] == "07/10/2024"
    assert orbital.external_id == sha("orbital freight", "data engineer", "2024-06-24")


def test_ids_are_stable_across_reads_and_sources() -> None:
    first = read_tracker_csv(fixture("teal-export.csv"), "teal")
    second = read_tracker_csv(fixture("teal-export.csv"), "teal")
    assert [r.external_id for r in first.rows] == [r.external_id for r in second.rows]
    generic = "company,role,applied\n  ORBITAL  freight ,Data   Engineer,2024-06-24\n"
    [row] = read_tracker_csv(generic.encode(), "generic").rows
    assert row.external_id == first.rows[0].external_id


# ---------------------------------------------------------------- generic


def test_generic_semicolon_export_with_bom() -> None:
    data = fixture("generic-semicolon-bom.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    result = read_tracker_csv(data, "generic")
    assert (result.unknown_columns, result.unknown_statuses, result.errors) == ([], [], [])
    kessler, lindenau, hofmann, nordlicht, eclat = result.rows
    assert (kessler.company, kessler.stage, kessler.applied_on) == (
        "Kessler Maschinenbau GmbH",
        "rejected",
        date(2024, 6, 17),
    )
    assert (kessler.contact_name, kessler.contact_email) == (
        "Frau Müller",
        "karriere@kessler-maschinenbau.de",
    )
    assert kessler.notes == "Absage nach zweitem Gespräch; Feedback angefragt"
    assert kessler.source == "StepStone"
    assert (hofmann.contact_name, hofmann.contact_email) == (
        "Katrin Weber",
        "k.weber@hofmann-software.de",
    )
    assert nordlicht.applied_on == date(2024, 7, 1)
    assert (lindenau.stage, eclat.stage, eclat.applied_on) == ("rejected", "applied", None)
    assert list(kessler.raw) == [
        "Company",
        "Position",
        "Status",
        "Applied",
        "Contact",
        "Email",
        "URL",
        "Notes",
        "Source",
    ]


def test_unknown_columns_statuses_and_row_errors_are_reported() -> None:
    result = read_tracker_csv(fixture("generic-unknown-columns-and-statuses.csv"), "generic")
    assert result.unknown_columns == ["priority", "Referral Bonus"]
    assert result.unknown_statuses == [(2, "Ghosted"), (3, "Declined"), (4, "On hold")]
    assert result.errors == [
        (3, "invalid e-mail address 'not-an-email'"),
        (5, "row skipped: no role"),
        (6, "unrecognised date '31/06/2024' in column 'applied'"),
        (7, "row skipped: repeats line 2"),
        (8, "10 cells but the header has 8; extra ignored"),
    ]
    assert [r.line for r in result.rows] == [2, 3, 4, 6, 8, 10]
    by_line = {r.line: r for r in result.rows}
    assert by_line[2].stage is None  # never guessed
    assert by_line[3].contact_email is None
    assert by_line[6].applied_on is None and by_line[6].stage == "rejected"
    assert by_line[10].stage == "wishlist"


def test_generic_aliases_tab_delimiter_and_windows_1252() -> None:
    data = (
        "Employer\tJob Title\tStage\tDate\tRecruiter\n"
        "Caf\xe9 Nord\tBarista Lead\tOffer\t03/05/2024\tAnn\n"
    )
    [row] = read_tracker_csv(data.encode("windows-1252"), "generic").rows
    assert (row.company, row.role, row.stage, row.applied_on, row.contact_name) == (
        "Café Nord",
        "Barista Lead",
        "offer",
        date(2024, 3, 5),
        "Ann",
    )


def test_utf16_with_bom() -> None:
    data = "company,title\nAcme,Data Engineer\n".encode("utf-16")
    assert [r.company for r in read_tracker_csv(data, "generic").rows] == ["Acme"]


@pytest.mark.parametrize(
    ("data", "source", "message"),
    [
        (b"", "generic", "empty"),
        (b"\n\n  \n", "generic", "empty"),
        (b"name,email\nx,y\n", "generic", "company, role"),
        (b"Company,Title\n", "teal", "Job Title"),
        (b"PK\x03\x04\x00\x00binary", "generic", "NUL"),
        (b"company,role\n", "lever", "unknown source"),
    ],
)
def test_format_errors(data: bytes, source: str, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        read_tracker_csv(data, source)


def test_a_huge_description_cell_is_read() -> None:
    big = "<p>" + "word " * 60_000 + "</p>"
    data = f'id,title,companyName,listName,htmlDescription\n1,Engineer,Acme,Applied,"{big}"\n'
    [row] = read_tracker_csv(data.encode(), "huntr").rows
    assert row.notes is not None and len(row.notes) <= 201
    assert csv.field_size_limit() == 131072  # the global limit is restored


def test_header_only_file_is_an_empty_result() -> None:
    assert read_tracker_csv(b"company,role\n", "GENERIC") == ImportResult()


# ---------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", date(2024, 3, 5)),
        ("2024-03-05T23:30:00-05:00", date(2024, 3, 5)),
        ("2024-03-05T10:00:00.000Z", date(2024, 3, 5)),
        ("2024-03-05 10:00", date(2024, 3, 5)),
        ("03/05/2024", date(2024, 3, 5)),
        ("3/5/2024", date(2024, 3, 5)),
        ("05.03.2024", date(2024, 3, 5)),
        ("1709596800000", date(2024, 3, 5)),
        ("Mar 5, 2024", date(2024, 3, 5)),
        ("5 March 2024", date(2024, 3, 5)),
        ("31/06/2024", None),
        ("2024-02-30", None),
        ("1709596800", None),  # epoch seconds are not guessed
        ("next week", None),
        ("", None),
    ],
)
def test_parse_date(value: str, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("label", "stage"),
    [
        ("Wishlist", "wishlist"),
        ("  APPLIED ✅ ", "applied"),
        ("Phone Screen", "screening"),
        ("Interviewing", "interviewing"),
        ("Interview", "interviewing"),
        ("Negotiating", "offer"),
        ("Not Selected", "rejected"),
        ("I Withdrew", "withdrawn"),
        ("Archived", "closed"),
        ("abgelehnt", "rejected"),
        ("Declined", None),
        ("Ghosted", None),
        ("", None),
    ],
)
def test_map_stage(label: str, stage: str | None) -> None:
    assert map_stage(label) == stage


def test_cell_helpers() -> None:
    assert split_contact("Jane Roe <Jane@Acme.com>") == ("Jane Roe", "jane@acme.com")
    assert split_contact("jane@acme.com") == (None, "jane@acme.com")
    assert split_contact("Jane Roe") == ("Jane Roe", None)
    assert split_contact("  ") == (None, None)
    assert html_snippet("<p>a &amp; b</p><script>x()</script>") == "a & b"
    assert html_snippet("<br>") is None


# ---------------------------------------------------------------- properties

_FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(data: bytes, source: str) -> None:
    try:
        result = read_tracker_csv(data, source)
    except ImportFormatError:
        return
    assert isinstance(result, ImportResult)
    assert all(isinstance(r, TrackerRow) and r.company and r.role for r in result.rows)


@_FUZZ
@given(st.binary(max_size=1500), st.sampled_from(["huntr", "teal", "generic"]))
def test_arbitrary_bytes_read_or_raise(data: bytes, source: str) -> None:
    _check(data, source)


_cells = st.one_of(
    st.sampled_from(
        [
            "Acme",
            "Data Engineer",
            "Applied",
            "-",
            "2024-06-01",
            "1717200000000",
            '"',
            "06/31/2024",
            "a@b.c",
            "<p>x</p>",
            ";",
            ",",
            "\t",
            "\n",
            "",
        ]
    ),
    st.text(max_size=20),
)


@_FUZZ
@given(
    st.sampled_from(
        [
            ("generic", "company,role,status,applied,email,contact"),
            ("teal", "Company,Job Title,Status,Date Applied,Notes"),
            ("huntr", "id,title,companyName,listName,createdAt,htmlDescription"),
        ]
    ),
    st.lists(st.lists(_cells, max_size=7), max_size=6),
)
def test_valid_header_with_arbitrary_rows_reads_or_raises(
    spec: tuple[str, str], rows: list[list[str]]
) -> None:
    source, header = spec
    body = "\n".join(",".join(row) for row in rows)
    _check(f"{header}\n{body}".encode("utf-8", "surrogatepass"), source)
