"""``stats`` for people: the JSON numbers as short, aligned sections.

Progress first (outreach, streak, what moved forward), losses after: the
point of the numbers is to keep going, not to keep score.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _num(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _table(rows: Sequence[Sequence[str]], head: Sequence[str]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  " + "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    for row in rows:
        lines.append(
            "  " + "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        )
    return lines


def render_text(s: dict[str, Any]) -> str:
    """The stats dict (see :func:`~.stats.compute`) as text for a terminal."""
    out = [
        f"Stats as of {s['as_of']} "
        f"(log position {s['log']['position']}, hash {s['log']['hash'][:12]})",
        "",
    ]
    o = s["outreach"]
    out += [
        f"Outreach: {o['today']} today (target {o['target_min']}-{o['target_max']} per work day)"
        + ("" if o["today_is_work_day"] else ", not a work day"),
        f"  last {o['window_days']} days: {o['total']} over {o['work_days']} work days"
        f" = {_num(o['per_work_day'])} per work day; minimum met on {o['days_met_min']} days",
        f"  streak: {o['streak']} work day(s) in a row meeting the minimum",
    ]
    a = s["applications"]
    since = a["days_since_last"]
    out += [
        f"Applications: {a['total']} in all, "
        f"{a['last_window']} in the last {o['window_days']} days; "
        + ("none yet" if since is None else f"last one {since} day(s) ago ({a['last_applied']})"),
        "",
        "Funnel (furthest stage reached)",
    ]
    out += _table(
        [
            [
                f["stage"],
                str(f["reached"]),
                _pct(f["conversion_from_previous"]),
                _pct(f["conversion_from_applied"]),
            ]
            for f in s["funnel"]
        ],
        ["stage", "reached", "from previous", "from applied"],
    )
    outcomes = ", ".join(f"{k} {v}" for k, v in a["outcomes"].items())
    r, t = s["days_to_first_response"], s["days_to_outcome"]
    out += [
        f"Outcomes: {outcomes}",
        f"Median days to first response: {_num(r['median'])} (of {r['count']});"
        f" to outcome: {_num(t['median'])} (of {t['count']})",
        "Rejections by stage: " + ", ".join(f"{k} {v}" for k, v in s["rejection_stages"].items()),
        "",
    ]
    fb = s["feedback"]
    out.append(
        f"Feedback: {fb['requests_sent']} request(s) sent ({fb['requests_drafted']} drafted), "
        f"{fb['requests_answered']} answered ({_pct(fb['answer_rate'])}); "
        f"{fb['received']} received in all"
    )
    if s["themes"]:
        out.append("Feedback themes")
        out += _table(
            [
                [
                    th["theme"],
                    str(th["count"]),
                    th["last_seen"],
                    th["first_improvement"] or "-",
                    {None: "no action yet", True: "yes", False: "no"}[
                        th["recurs_after_improvement"]
                    ],
                ]
                for th in s["themes"]
            ],
            ["theme", "count", "last seen", "improvement since", "recurs after it"],
        )
    ft = s["follow_through"]
    out += [
        "",
        "Follow-through: "
        + "; ".join(
            f"{label} {c['done']}/{c['scheduled'] - c['cancelled']} done ({_pct(c['rate'])})"
            for label, c in (("thank-you notes", ft["thank_you"]), ("follow-ups", ft["follow_up"]))
        ),
    ]
    return "\n".join(out)
