"""``report --proof``: a proof-of-search record anchored in the hash chain.

For a benefits agency, an outplacement contract or a coach: every
application, interview and outreach in a period, with dates, plus the log's
head (position and hash) it was computed from and a sha256 of its canonical
content. ``runnerup events verify --against FILE`` re-renders the record
from the log at that position and compares it with the file, so an edited
record or a rewritten log fails.

The record is a pure function of (log up to the position, period, the time
it was generated, format): the rendering below never reads the clock or the
machine's time zone. Days are counted in the UTC offset of ``generated_at``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import msgspec
from runnerup import RunnerupError

if TYPE_CHECKING:
    from runnerup import Kernel

from .activity import Activity

KIND = "runnerup.proof-of-search"
SCHEMA_VERSION = 1
MARKER = "<!-- runnerup-report "
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _day(us: int, tz: timezone) -> str:
    return (_EPOCH + timedelta(microseconds=us)).astimezone(tz).date().isoformat()


def build_content(activity: Activity, first: date, last: date, tz: timezone) -> dict[str, Any]:
    """The record's entries for ``first``..``last`` (inclusive), sorted by date."""
    lo, hi = first.isoformat(), last.isoformat()
    apps = []
    for app_id, a in activity.apps.items():
        day = a.applied_on.isoformat() if a.applied_on else _day(a.applied_us, tz)
        if lo <= day <= hi:
            apps.append(
                {
                    "date": day,
                    "application": app_id,
                    "company": a.company,
                    "role": a.role,
                    "source": a.source,
                }
            )
    interviews = []
    for line in activity.interviews.values():
        when = line.completed_us or line.at_us or line.scheduled_us
        day = _day(when, tz)
        if lo <= day <= hi:
            app = activity.apps[line.application]
            interviews.append(
                {
                    "date": day,
                    "application": line.application,
                    "company": app.company,
                    "role": app.role,
                    "round": line.round,
                    "status": "completed" if line.completed_us else "scheduled",
                }
            )
    outreach = []
    for o in activity.outreach:
        day = o.on.isoformat() if o.on else _day(o.at_us, tz)
        if lo <= day <= hi:
            outreach.append({"date": day, "company": o.company, "kind": o.kind})
    apps.sort(key=lambda r: (r["date"], r["application"]))
    interviews.sort(key=lambda r: (r["date"], r["application"], r["round"]))
    outreach.sort(key=lambda r: r["date"])  # stable: log order within a day
    return {
        "period": {"from": lo, "to": hi},
        "summary": {
            "applications": len(apps),
            "interviews": len(interviews),
            "outreach": len(outreach),
        },
        "applications": apps,
        "interviews": interviews,
        "outreach": outreach,
    }


def content_sha256(content: Mapping[str, Any]) -> str:
    """sha256 of the canonical content: JSON, keys sorted, UTF-8, no blanks."""
    return hashlib.sha256(msgspec.json.encode(content, order="sorted")).hexdigest()


def envelope(
    content: dict[str, Any], log: tuple[int, str], generated_at: datetime, fmt: str
) -> dict[str, Any]:
    """What identifies the record: enough to recompute it from the log."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": KIND,
        "format": fmt,
        "generated_at": generated_at.isoformat(),
        "period": content["period"],
        "log": {"position": log[0], "hash": log[1]},
        "content_sha256": content_sha256(content),
    }


def render(content: dict[str, Any], env: dict[str, Any]) -> str:
    """The report file's text, Markdown or JSON, from its content and envelope."""
    if env["format"] == "json":
        return json.dumps({**env, "content": content}, indent=2, ensure_ascii=False) + "\n"
    return _markdown(content, env)


def _cell(value: object) -> str:
    text = " ".join(str(value).split()) if value not in (None, "") else "-"
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _md_table(rows: list[dict[str, Any]], columns: list[tuple[str, str]]) -> list[str]:
    if not rows:
        return ["(none)", ""]
    lines = ["| " + " | ".join(title for title, _ in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(r[key]) for _, key in columns) + " |" for r in rows]
    return [*lines, ""]


def _markdown(content: dict[str, Any], env: dict[str, Any]) -> str:
    period, summary, log = content["period"], content["summary"], env["log"]
    out = [
        f"# Proof of job search: {period['from']} to {period['to']}",
        "",
        f"Generated {env['generated_at']} by runnerup from its event log at position "
        f"{log['position']} (hash-chain head `{log['hash']}`).",
        "",
        f"In this period: {summary['applications']} application(s), {summary['interviews']} "
        f"interview(s), {summary['outreach']} outreach message(s).",
        "",
        f"## Applications ({summary['applications']})",
        "",
    ]
    out += _md_table(
        content["applications"],
        [
            ("Date", "date"),
            ("Company", "company"),
            ("Role", "role"),
            ("Source", "source"),
            ("Reference", "application"),
        ],
    )
    out += [f"## Interviews ({summary['interviews']})", ""]
    out += _md_table(
        content["interviews"],
        [
            ("Date", "date"),
            ("Company", "company"),
            ("Role", "role"),
            ("Round", "round"),
            ("Status", "status"),
        ],
    )
    out += [f"## Outreach ({summary['outreach']})", ""]
    out += _md_table(
        content["outreach"],
        [("Date", "date"), ("Company", "company"), ("Kind", "kind")],
    )
    out += [
        "## Verification",
        "",
        f"Content sha256: `{env['content_sha256']}`",
        "",
        "`runnerup events verify --against THIS_FILE` recomputes this record from the log at",
        f"position {log['position']} and confirms that the file and the log agree.",
        "",
        MARKER + json.dumps(env, sort_keys=True, separators=(",", ":")) + " -->",
    ]
    return "\n".join(out) + "\n"


def offset_of(generated_at: str) -> tuple[datetime, timezone]:
    """The generation time and the fixed UTC offset the record's days use."""
    try:
        when = datetime.fromisoformat(generated_at)
    except (TypeError, ValueError):
        raise RunnerupError(
            f"the report's generated_at {generated_at!r} is not an ISO date-time"
        ) from None
    offset = when.utcoffset()
    if offset is None:
        raise RunnerupError(f"the report's generated_at {generated_at!r} has no UTC offset")
    return when, timezone(offset)


def rerender(kernel: Kernel, env: Mapping[str, Any]) -> str:
    """Recompute a record from the log at its position (``resolve_report``).

    :raises RunnerupError: for an envelope this version cannot read.
    """
    try:
        position = int(env["log"]["position"])
        first = date.fromisoformat(env["period"]["from"])
        last = date.fromisoformat(env["period"]["to"])
        fmt = env["format"]
        generated = env["generated_at"]
    except (KeyError, TypeError, ValueError) as exc:
        raise RunnerupError(f"the report's header is incomplete or malformed ({exc})") from None
    if fmt not in ("md", "json") or env.get("schema_version") != SCHEMA_VERSION:
        raise RunnerupError(
            f"unsupported proof report (format {fmt!r}, schema {env.get('schema_version')!r})"
        )
    _, tz = offset_of(generated)
    activity = kernel.view("analytics.activity", until=position)
    content = build_content(activity, first, last, tz)
    fresh = envelope(
        content, (position, str(env["log"]["hash"])), datetime.fromisoformat(generated), fmt
    )
    return render(content, fresh)
