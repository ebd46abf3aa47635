"""``runnerup events …``: the generic event commands every plugin's types get."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
import msgspec
from runnerup import RunnerupError, hookimpl

from ..batch import parse_jsonl
from .context import get_app, get_kernel
from .output import emit, emit_table

MAX_IMPORT_BYTES = 512 * 1024 * 1024


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(events)


@click.group()
def events() -> None:
    """Read, append, import, export and verify the event log."""


@events.command("log")
@click.option(
    "--type", "types", multiple=True, metavar="TYPE", help="Only events of this type (repeatable)."
)
@click.option("--stream", help="Only events of this stream.")
@click.option(
    "--after", type=int, default=0, show_default=True, help="Only events after this position."
)
@click.option("--limit", type=int, default=None, help="At most this many events.")
def log_command(types: tuple[str, ...], stream: str | None, after: int, limit: int | None) -> None:
    """Show recorded events (JSON lines with --json)."""
    kernel = get_kernel()
    app = get_app()
    rows = kernel.read(after=after, types=types or None, stream=stream)
    count = 0
    if app.json:
        encode = msgspec.json.Encoder().encode
        out = sys.stdout
        for event in rows:
            out.write(encode(event.to_dict()).decode())
            out.write("\n")
            count += 1
            if limit is not None and count >= limit:
                break
        return
    retracted = kernel.retractions().retracted
    table = []
    for event in rows:
        data = event.to_dict()["data"]
        # As json.dumps writes it (a space after ':' and ','), without importing json.
        summary = msgspec.json.format(msgspec.json.encode(data), indent=0).decode()
        table.append(
            {
                "pos": event.position,
                "when": event.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                "stream": event.stream,
                "type": event.type + (" (retracted)" if event.position in retracted else ""),
                "actor": event.meta.actor,
                "data": summary,
            }
        )
        if limit is not None and len(table) >= limit:
            break
    emit_table(table, ["pos", "when", "stream", "type", "actor", "data"], empty="(no events)")


@events.command("types")
def types_command() -> None:
    """List every registered event type with its fields and plugin."""
    kernel = get_kernel()
    rows = []
    for name in sorted(kernel.registry.types):
        cls = kernel.registry.types[name]
        fields = []
        for f in msgspec.structs.fields(cls):
            required = f.default is msgspec.NODEFAULT and f.default_factory is msgspec.NODEFAULT
            fields.append(f"{f.name}{'' if required else '?'}: {_type_name(f.type)}")
        rows.append(
            {
                "type": name,
                "plugin": kernel.registry.owners[name],
                "stream": cls.__stream__ or "--stream",
                "fields": ", ".join(fields),
                "doc": (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else "",
            }
        )
    emit_table(rows, ["type", "plugin", "stream", "fields"])


def _type_name(tp: Any) -> str:
    name = getattr(tp, "__name__", None)
    return name if name and not getattr(tp, "__args__", None) else str(tp).replace("typing.", "")


@events.command("append")
@click.argument("type_")
@click.argument("fields", nargs=-1)
@click.option(
    "--stream", help="Stream to append to (derived from the type's stream rule if it has one)."
)
@click.option("--data", "data_json", metavar="JSON", help="The payload as a JSON object.")
@click.option("--on", "on", metavar="DATE", help="When it happened (default: now).")
def append_command(
    type_: str, fields: tuple[str, ...], stream: str | None, data_json: str | None, on: str | None
) -> None:
    """Append one event of any registered TYPE, validated against its schema.

    Give the payload as KEY=VALUE pairs or as --data JSON.
    """
    kernel = get_kernel()
    cls = kernel.registry.types.get(type_)
    if cls is None:
        raise RunnerupError(f"unknown event type {type_!r} (see 'runnerup events types')")
    if data_json is not None and fields:
        raise RunnerupError("give the payload either as KEY=VALUE pairs or as --data, not both")
    payload = parse_json_object(data_json) if data_json is not None else parse_pairs(fields, cls)
    event = kernel.registry.validate(type_, payload)
    target = stream or event.stream_name()
    if not target:
        raise RunnerupError(f"{type_!r} has no stream rule: give --stream")
    when = parse_on(on, kernel)
    positions = kernel.record([event], stream=target, occurred_at=when)
    emit(
        {"positions": positions, "stream": target},
        text=f"recorded {type_} at position {positions[0]} in {target}",
    )


def parse_on(value: str | None, kernel: Any) -> Any:
    if value is None:
        return None
    from runnerup.dates import DateParseError, parse_when

    try:
        return parse_when(value, now=kernel.now())
    except DateParseError as exc:
        raise RunnerupError(str(exc)) from None


def parse_json_object(text: str) -> dict[str, Any]:
    import json

    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RunnerupError(f"--data is not valid JSON: {exc.msg} at character {exc.pos}") from None
    if not isinstance(value, dict):
        raise RunnerupError("--data must be a JSON object")
    return value


def parse_pairs(pairs: tuple[str, ...], cls: type) -> dict[str, Any]:
    """KEY=VALUE pairs into a payload; a repeated key makes a list.

    A value for a text field is taken as written; for other fields it is read
    as JSON when it parses (``3``, ``true``, ``[1,2]``) and as text otherwise,
    and the schema check then names any field whose value does not fit.
    """
    import json

    annotations = {f.name: f.type for f in msgspec.structs.fields(cls)}
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise RunnerupError(f"expected KEY=VALUE, got {pair!r}")
        if key not in annotations:
            known = ", ".join(sorted(annotations)) or "none"
            raise RunnerupError(f"{cls.event_type()} has no field {key!r} (fields: {known})")  # type: ignore[attr-defined]
        value: Any = raw
        if annotations[key] not in (str, str | None):
            try:
                value = json.loads(raw)
            except ValueError:
                value = raw
        if key in out:
            out[key] = (out[key] if isinstance(out[key], list) else [out[key]]) + [value]
        elif _is_list(annotations[key]) and not isinstance(value, list):
            out[key] = [value]
        else:
            out[key] = value
    return out


def _is_list(tp: Any) -> bool:
    return getattr(tp, "__origin__", None) in (list, tuple, set, frozenset)


@events.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Append a JSON-lines batch; all lines are validated before any is written.

    Each line is an object with "type", "data" and "stream" (optional when the
    type has a stream rule) and optionally "occurred_at". Importing the same
    file twice adds nothing.
    """
    import hashlib

    kernel = get_kernel()
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise RunnerupError(f"cannot read {file}: {exc.strerror}") from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise RunnerupError(f"{file} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB")
    items = parse_jsonl(raw, kernel, str(file))
    key = "import:" + hashlib.sha256(raw).hexdigest()
    positions = kernel.record(items, idempotency_key=key, actor="cli")
    emit(
        {"imported": len(positions), "file": str(file)},
        text=f"imported {len(positions)} events from {file}",
    )


@events.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
def export_command(file: Path | None) -> None:
    """Write the whole log as JSON lines (to FILE, or stdout)."""
    kernel = get_kernel()
    encode = msgspec.json.Encoder().encode
    if file is None:
        for event in kernel.read():
            sys.stdout.write(encode(event.to_dict()).decode() + "\n")
        return
    import os

    tmp = file.with_name(f".{file.name}.tmp")
    count = 0
    try:
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            for event in kernel.read():
                out.write(encode(event.to_dict()) + b"\n")
                count += 1
        os.replace(tmp, file)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RunnerupError(f"cannot write {file}: {exc.strerror}") from None
    click.echo(f"exported {count} events to {file}", err=True)


@events.command("verify")
@click.option(
    "--against",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="REPORT",
    help="Also confirm that this report (e.g. report --proof) was computed from this log.",
)
def verify_command(against: Path | None) -> None:
    """Re-walk the hash chain and name the first position that does not match.

    With --against REPORT, also recompute the report from the log at the
    position it states and compare: an edited report or log fails.
    """
    kernel = get_kernel()
    report = kernel.verify()
    data = {
        "ok": report.ok,
        "checked": report.checked,
        "head_position": report.head_position,
        "head_hash": report.head_hash,
        "first_bad": report.first_bad,
        "reason": report.reason,
    }
    if not report.ok:
        emit(data, text=f"verify FAILED at position {report.first_bad}: {report.reason}")
        raise RunnerupError(
            f"the log does not verify: position {report.first_bad}: {report.reason}"
        )
    text = f"ok: {report.checked} events, head {report.head_position} {report.head_hash}"
    if against is not None:
        from ..report_check import check_report

        data["report"] = checked = check_report(kernel, against)
        text += f"\nok: {against} matches the log at position {checked['position']}"
    emit(data, text=text)


@events.command("replay")
def replay_command() -> None:
    """Rebuild every projection from position 0."""
    kernel = get_kernel()
    results = kernel.rebuild()
    emit(
        results,
        text="\n".join(f"rebuilt {name} to position {pos}" for name, pos in results.items()),
    )
