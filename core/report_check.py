"""Checking a log-anchored report against the log (``events verify --against``).

A report (a proof-of-search record, say) states the log position and hash
it was computed from. The kernel knows nothing about what a report shows;
it checks what is generic (the header is readable, the hash chain is whole,
the log's hash at that position is the report's) and asks the plugin that
owns the report's ``kind`` (hook ``resolve_report``) to re-render it from the
log at that position. The file verifies when both texts are the same.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import RunnerupError

if TYPE_CHECKING:
    from .kernel import Kernel

MARKER = "<!-- runnerup-report "
MAX_REPORT_BYTES = 64 * 1024 * 1024


def read_header(text: str) -> dict[str, Any]:
    """The report's header: the JSON document itself, or its marker line."""
    stripped = text.lstrip()
    raw: str | None = None
    if stripped.startswith("{"):
        raw = stripped
    else:
        for line in reversed(text.splitlines()):
            if line.startswith(MARKER) and line.rstrip().endswith("-->"):
                raw = line[len(MARKER) : line.rstrip().rindex("-->")]
                break
    if raw is None:
        raise RunnerupError(
            "not a runnerup report: no JSON header and no '<!-- runnerup-report' line"
        )
    try:
        header = json.loads(raw)
    except ValueError as exc:
        raise RunnerupError(f"the report's header is not valid JSON: {exc}") from None
    if not isinstance(header, dict) or not isinstance(header.get("kind"), str):
        raise RunnerupError('the report\'s header has no "kind"')
    log = header.get("log")
    if not (
        isinstance(log, dict)
        and isinstance(log.get("position"), int)
        and log["position"] >= 0
        and isinstance(log.get("hash"), str)
    ):
        raise RunnerupError('the report\'s header has no valid "log": {"position", "hash"}')
    return header


def _first_difference(expected: str, actual: str) -> str:
    want, got = expected.splitlines(), actual.splitlines()
    for number, (a, b) in enumerate(zip(want, got, strict=False), 1):
        if a != b:
            return f"line {number}: the log gives {_short(a)}, the report says {_short(b)}"
    if len(want) != len(got):
        return f"the log gives {len(want)} lines, the report has {len(got)}"
    return "whitespace differs"


def _short(line: str) -> str:
    return repr(line if len(line) <= 100 else line[:99] + "…")


def check_report(kernel: Kernel, path: Path) -> dict[str, Any]:
    """Confirm that the report at ``path`` matches the log, or raise saying why.

    The caller has already verified the whole hash chain.
    """
    try:
        if path.stat().st_size > MAX_REPORT_BYTES:
            raise RunnerupError(f"{path} is larger than {MAX_REPORT_BYTES // (1024 * 1024)} MiB")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RunnerupError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise RunnerupError(f"{path} is not UTF-8 text") from None
    header = read_header(text)
    position, claimed = header["log"]["position"], header["log"]["hash"]
    head = kernel.store.head()[0]
    if position > head:
        raise RunnerupError(
            f"report does not match: it was made at log position {position}, the log ends at {head}"
        )
    actual = "0" * 64
    if position:
        actual = next(iter(kernel.store.read(after=position - 1, until=position))).hash
    if actual != claimed:
        raise RunnerupError(
            f"report does not match: the log's hash at position {position} is {actual}, "
            f"the report says {claimed} (it was not made from this log, or the log was rewritten)"
        )
    render = kernel.pm.hook.resolve_report(kind=header["kind"])
    if render is None:
        raise RunnerupError(f"no installed plugin can check reports of kind {header['kind']!r}")
    expected = render(kernel, header)
    if _normal(expected) != _normal(text):
        where = _first_difference(_normal(expected), _normal(text))
        raise RunnerupError(f"report does not match the log at position {position}: {where}")
    return {"report": str(path), "kind": header["kind"], "position": position, "hash": claimed}


def _normal(text: str) -> str:
    # Line endings and trailing blank lines change when a file is mailed or
    # re-saved; the record's content does not.
    return text.replace("\r\n", "\n").rstrip() + "\n"
