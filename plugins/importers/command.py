"""``runnerup import FILE.csv``: bring applications over from a job tracker."""

from __future__ import annotations

from pathlib import Path

import click
from runnerup import RunnerupError, emit, get_kernel

#: A tracker export is a few hundred rows; anything this big is not one.
MAX_BYTES = 50 * 1024 * 1024


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--from",
    "source",
    type=click.Choice(["huntr", "teal", "generic"]),
    help="The tracker the file comes from (default: detected from the header).",
)
@click.option("--dry-run", is_flag=True, help="Show what would be recorded; write nothing.")
def import_command(file: Path, source: str | None, dry_run: bool) -> None:
    """Import applications from a tracker's CSV export (Huntr, Teal or a sheet).

    Columns are found by name; columns and statuses the importer does not
    know are reported on stderr, never guessed. Importing the same rows
    again adds nothing.
    """
    from .run import batch_key, build_plan, problems, summary

    kernel = get_kernel()
    try:
        if file.stat().st_size > MAX_BYTES:
            raise RunnerupError(f"{file} is larger than {MAX_BYTES // (1024 * 1024)} MiB")
        data = file.read_bytes()
    except OSError as exc:
        raise RunnerupError(f"cannot read {file}: {exc.strerror}") from None
    plan = build_plan(kernel, data, source, dry_run=dry_run)
    issues = problems(plan)
    for issue in issues:
        click.echo(f"warning: {file.name}: {issue}", err=True)
    positions: list[int] = []
    if plan.events and not dry_run:
        head = kernel.store.head()[0]
        positions = kernel.record(plan.events, idempotency_key=batch_key(plan, data))
        if positions and positions[0] <= head:
            raise RunnerupError(
                f"{file.name} was imported before (and since undone); nothing added"
            )
    rows = [
        {
            "line": r.row.line,
            "application": r.application,
            "company": r.row.company,
            "role": r.row.role,
            "stage": r.row.stage,
            "events": [e.data.event_type() for e in r.events],
            "skipped": r.skipped,
        }
        for r in plan.rows
    ]
    lines = []
    verb = "would record" if dry_run else "recorded"
    for r in plan.rows:
        if r.events:
            types = ", ".join(e.data.event_type() for e in r.events)
            lines.append(f"{verb} {r.application}: {types} (line {r.row.line})")
    head_line = summary(plan).replace("import: ", "dry run: " if dry_run else "imported ")
    emit(
        {
            "file": str(file),
            "source": plan.source,
            "dry_run": dry_run,
            "rows": rows,
            "positions": positions,
            "unknown_columns": plan.result.unknown_columns,
            "unknown_statuses": [list(x) for x in plan.result.unknown_statuses],
            "problems": issues,
        },
        text="\n".join([*lines, head_line]),
    )
