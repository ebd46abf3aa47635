"""``stats`` and ``report``: the analytics commands.

Every output names the log position and hash it was computed from. With
``--as-of`` the view is replayed to that instant and the instant is "now",
so the answer is what the same command printed then.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import runnerup
from runnerup import RunnerupError

if TYPE_CHECKING:
    from runnerup import Kernel

GENESIS = "0" * 64


def _as_of(kernel: Kernel, text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        when = runnerup.parse_when(text, now=kernel.now())
    except runnerup.DateParseError as exc:
        raise RunnerupError(f"--as-of: {exc}") from None
    if when > kernel.now():
        raise RunnerupError(f"--as-of {text!r} is in the future: time travel goes back only")
    return when


def hash_at(kernel: Kernel, position: int) -> str:
    """The chain hash of the event at ``position`` (the genesis hash for 0)."""
    if position <= 0:
        return GENESIS
    for event in kernel.read(after=position - 1, until=position):
        return str(event.hash)
    raise RunnerupError(f"the log has no position {position}")


def snapshot(
    kernel: Kernel, name: str, as_of: datetime | None
) -> tuple[Any, datetime, tuple[int, str]]:
    """A view's state, the moment it stands for, and the log head it covers."""
    if as_of is not None:
        position = kernel.position_at(as_of)
        return kernel.view(name, as_of=as_of), as_of, (position, hash_at(kernel, position))
    for _ in range(5):  # a writer appending in between: fold again
        head = kernel.store.head()
        state = kernel.view(name)
        if kernel.store.head() == head:
            break
    return state, kernel.now(), (head[0], head[1])


def ghosted_after_days(kernel: Kernel) -> int:
    value = kernel.settings.section("applications").get("ghosted_after_days", 21)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RunnerupError(
            f"[applications] ghosted_after_days must be a whole number of days >= 1, not {value!r}"
        )
    return value


def compute_stats(kernel: Kernel, as_of: datetime | None) -> dict[str, Any]:
    from .stats import compute

    state, now, log = snapshot(kernel, "analytics", as_of)
    return compute(state, now, log, ghosted_after_days=ghosted_after_days(kernel))


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (owner-only)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RunnerupError(f"cannot write {path}: {exc.strerror}") from None


@click.command()
@click.option("--as-of", "as_of", metavar="DATE", help="Replay to this moment and use it as now.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print the JSON document (docs/analytics.md)."
)
def stats(as_of: str | None, as_json: bool) -> None:
    """Funnel, response times, feedback, themes, outreach against target, streak."""
    import msgspec

    kernel = runnerup.get_kernel()
    data = compute_stats(kernel, _as_of(kernel, as_of))
    if as_json or runnerup.get_app().json:
        click.echo(msgspec.json.encode(data).decode())
        return
    from .stats_text import render_text

    click.echo(render_text(data))


@click.command()
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the HTML report.",
)
@click.option("--proof", is_flag=True, help="Write a proof-of-search record for a period.")
@click.option("--from", "first", metavar="DATE", help="First day of the proof period.")
@click.option("--to", "last", metavar="DATE", help="Last day of the proof period (default: today).")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Proof file (default: stdout).",
)
@click.option("--as-of", "as_of", metavar="DATE", help="HTML report: replay to this moment.")
def report(
    html_file: Path | None,
    proof: bool,
    first: str | None,
    last: str | None,
    fmt: str,
    output: Path | None,
    as_of: str | None,
) -> None:
    """An HTML report with charts (--html FILE) or a proof-of-search record (--proof)."""
    if bool(html_file) == proof:
        raise click.UsageError("give either --html FILE or --proof")
    kernel = runnerup.get_kernel()
    if html_file is not None:
        from .html_report import render_html

        data = compute_stats(kernel, _as_of(kernel, as_of))
        write_atomic(html_file, render_html(data))
        log = data["log"]
        runnerup.emit(
            {"file": str(html_file), "log": log},
            text=f"wrote {html_file} (log position {log['position']}, hash {log['hash'][:12]})",
        )
        return
    if first is None:
        raise click.UsageError("--proof needs --from DATE (and --to DATE, default today)")
    if as_of is not None:
        raise click.UsageError(
            "--as-of goes with --html; a proof record is made from the log as it is"
        )
    _proof(kernel, first, last, fmt, output)


def _proof(
    kernel: Kernel, first_text: str, last_text: str | None, fmt: str, output: Path | None
) -> None:
    from .proof import build_content, envelope, offset_of, render

    now = kernel.now()
    today = now.date()
    try:
        first = runnerup.parse_day(first_text, today=today)
        last = runnerup.parse_day(last_text, today=today) if last_text else today
    except runnerup.DateParseError as exc:
        raise RunnerupError(str(exc)) from None
    if first > last:
        raise RunnerupError(f"--from {first} is after --to {last}")
    head = kernel.store.head()
    head = (head[0], head[1])
    generated, tz = offset_of(now.isoformat())
    content = build_content(kernel.view("analytics.activity", until=head[0]), first, last, tz)
    text = render(content, envelope(content, head, generated, fmt))
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, text)
    summary = content["summary"]
    runnerup.emit(
        {"file": str(output), "log": {"position": head[0], "hash": head[1]}, **content["summary"]},
        text=f"wrote {output}: {summary['applications']} application(s), "
        f"{summary['interviews']} interview(s), {summary['outreach']} outreach "
        f"(log position {head[0]}, hash {head[1][:12]})",
    )
