"""Running an import against a kernel: shared by ``runnerup import`` and the ``.csv`` watch rule."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runnerup import RunnerupError, WatchResult, WatchRule, get_logger

from .plan import ImportPlan, detect_source, plan_import
from .tracker_csv import ImportFormatError, read_tracker_csv

if TYPE_CHECKING:
    from runnerup import Kernel


def applications(kernel: Kernel) -> Any:
    if "applications" not in kernel.projections:
        raise RunnerupError("the applications plugin is not loaded: nothing to import into")
    return kernel.view("applications")


def build_plan(kernel: Kernel, data: bytes, source: str | None, *, dry_run: bool) -> ImportPlan:
    """Read and plan an import; raises RunnerupError for a file that is not this source's CSV."""
    chosen = source or detect_source(data)
    try:
        result = read_tracker_csv(data, chosen)
    except ImportFormatError as exc:
        raise RunnerupError(f"not a {chosen} export: {exc}") from None
    seal = None if dry_run else kernel.vault.seal
    known_contact = None
    if not dry_run and "contacts" in kernel.projections:
        book = kernel.view("contacts")

        def known_contact(email: str) -> str | None:
            found = book.find_email(email, kernel.vault)
            return found.id if found is not None else None

    return plan_import(
        result,
        chosen,
        applications(kernel),
        now=kernel.now(),
        seal=seal,
        known_contact=known_contact,
    )


def batch_key(plan: ImportPlan, data: bytes) -> str:
    return f"import:{plan.source}:{hashlib.sha256(data).hexdigest()}"


def problems(plan: ImportPlan) -> list[str]:
    """Everything not understood, one line each, for stderr and the log."""
    result = plan.result
    out = []
    if result.unknown_columns:
        out.append(f"unknown column(s) ignored: {', '.join(result.unknown_columns)}")
    for line, status in result.unknown_statuses:
        out.append(f"line {line}: unknown status {status!r}: recorded as applied, no outcome")
    out += [f"line {line}: {message}" for line, message in result.errors]
    out += [
        f"line {r.row.line}: skipped ({r.skipped})"
        for r in plan.rows
        if r.skipped and r.skipped != "already imported"
    ]
    return out


def summary(plan: ImportPlan) -> str:
    new = plan.new
    again = sum(1 for r in plan.rows if r.skipped == "already imported")
    parts = [f"{len(new)} application{'s' if len(new) != 1 else ''} ({plan.source})"]
    if again:
        parts.append(f"{again} already imported")
    issues = len(problems(plan))
    if issues:
        parts.append(f"{issues} problem{'s' if issues != 1 else ''} reported")
    return "import: " + ", ".join(parts)


def read_csv(path: Path, data: bytes, kernel: Kernel) -> WatchResult:
    """The ``.csv`` watch rule: a tracker export, source detected from its header."""
    try:
        plan = build_plan(kernel, data, None, dry_run=False)
    except RunnerupError as exc:
        raise ValueError(str(exc)) from None
    log = get_logger("runnerup.import")
    for problem in problems(plan):
        log.warning("import problem", file=path.name, problem=problem)
    return WatchResult(events=plan.events, summary=summary(plan))


def _key(data: bytes) -> str:
    # Same key as ``runnerup import`` of the same file, so either way it is imported once.
    return f"import:{detect_source(data)}:{hashlib.sha256(data).hexdigest()}"


CSV_RULE = WatchRule(
    name="tracker-csv",
    suffixes=(".csv",),
    handle=read_csv,
    description="a job-tracker export (Huntr, Teal or any sheet with company and role)",
    options={"idempotency_key": _key},
)
