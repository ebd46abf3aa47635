"""``runnerup watch`` reads ``*.salary.json`` files: one negotiation step each.

    {"company": "Acme Corp", "step": "offered", "amount": 85000, "currency": "EUR",
     "role": "Data Engineer", "on": "2026-11-19", "note": "by phone"}

``step`` is ``offered`` (the default), ``countered`` or ``agreed``. A file
that cannot be read (bad JSON, an unknown key, a counter for a negotiation
that does not exist) raises ``ValueError``: the watcher then moves it to the
quarantine folder with that reason and keeps running. The watcher records
each file once, by its content, so dropping it again adds nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import msgspec
from runnerup import NewEvent, RunnerupError, WatchResult, WatchRule

from . import steps
from .projection import NAME

if TYPE_CHECKING:
    from runnerup import Kernel


class SalaryFile(msgspec.Struct, forbid_unknown_fields=True):
    """The file's shape; an unknown key is refused, never silently ignored."""

    company: str
    amount: int
    step: Literal["offered", "countered", "agreed"] = "offered"
    currency: str | None = None
    role: str | None = None
    on: date | None = None
    note: str | None = None


def read_salary_file(path: Path, data: bytes, kernel: Kernel) -> WatchResult:
    try:
        item = msgspec.json.decode(data, type=SalaryFile)
    except msgspec.DecodeError as exc:  # a ValueError: the watcher quarantines the file
        raise ValueError(f"not a salary file: {exc}") from None
    if item.amount <= 0:
        raise ValueError("amount must be positive")
    state = kernel.view(NAME)
    try:
        if item.step == "offered":
            default = kernel.settings.section("salary").get("currency", steps.DEFAULT_CURRENCY)
            event = steps.offered(
                state,
                item.company,
                item.amount,
                currency=item.currency,
                default_currency=str(default),
                role=item.role,
                note=item.note,
            )
        else:
            event = steps.answered(state, item.company, item.step, item.amount, item.note)
    except RunnerupError as exc:
        raise ValueError(str(exc)) from None
    when = datetime.combine(item.on, time(12), kernel.now().tzinfo) if item.on else None
    summary = f"{item.company}: salary {item.step} ({item.amount:,})"
    return WatchResult(events=[NewEvent(data=event, occurred_at=when)], summary=summary)


RULE = WatchRule(
    name="salary-json",
    suffixes=(".salary.json",),
    handle=read_salary_file,
    description="one salary negotiation step (offered, countered, agreed) as JSON",
)
