"""``report --html``: one self-contained HTML file with charts and tables.

Charts are plotly figures with plotly.js embedded inline
(``include_plotlyjs=True`` once, on the first chart), so the file opens with
no network at view time: mailable, archivable, viewable offline. plotly is
imported only here, so no other command pays for it.
"""

from __future__ import annotations

from html import escape
from typing import Any

CHART_IDS = ("chart-funnel", "chart-weekly", "chart-themes")
_RECUR_COLOURS = {True: "#c0392b", False: "#27ae60", None: "#95a5a6"}
_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
h1 { margin-bottom: .2rem; } .meta { color: #666; font-size: .9rem; margin-top: 0; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid #ddd; padding: .3rem .6rem; text-align: left; }
th { background: #f4f4f4; } td.n { text-align: right; }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: .6rem 1rem; min-width: 9rem; }
.card b { display: block; font-size: 1.6rem; }
.row { display: flex; gap: 1.5rem; flex-wrap: wrap; align-items: flex-start; }
"""


def _figures(stats: dict[str, Any]) -> list[Any]:
    import plotly.graph_objects as go

    funnel = stats["funnel"]
    fig_funnel = go.Figure(
        go.Funnel(
            y=[f["stage"] for f in funnel],
            x=[f["reached"] for f in funnel],
            textinfo="value+percent initial",
        )
    )
    fig_funnel.update_layout(title="Funnel: furthest stage reached")

    weeks = stats["weekly"]
    x = [f"week of {w['week']}" for w in weeks]
    fig_weekly = go.Figure()
    fig_weekly.add_bar(x=x, y=[w["outreach"] for w in weeks], name="outreach")
    fig_weekly.add_bar(x=x, y=[w["applications"] for w in weeks], name="applications")
    # The target is a band (min to max outreach for the week's work days).
    band = {"color": "rgba(39, 174, 96, 0.8)", "dash": "dot"}
    fig_weekly.add_scatter(
        x=x, y=[w["target_min"] for w in weeks], name="target min", mode="lines", line=band
    )
    fig_weekly.add_scatter(
        x=x,
        y=[w["target_max"] for w in weeks],
        name="target max",
        mode="lines",
        line=band,
        fill="tonexty",
        fillcolor="rgba(39, 174, 96, 0.12)",
    )
    fig_weekly.update_layout(title="Weekly activity against the outreach target", barmode="group")

    themes = stats["themes"]
    fig_themes = go.Figure(
        go.Bar(
            x=[t["theme"] for t in themes],
            y=[t["count"] for t in themes],
            marker_color=[_RECUR_COLOURS[t["recurs_after_improvement"]] for t in themes],
            text=[_recur_label(t["recurs_after_improvement"]) for t in themes],
        )
    )
    fig_themes.update_layout(title="Feedback themes (red: recurs after an improvement action)")
    if not themes:
        fig_themes.add_annotation(text="no feedback themes recorded yet", showarrow=False)
    for fig in (fig_funnel, fig_weekly, fig_themes):
        fig.update_layout(
            height=420, margin={"l": 60, "r": 30, "t": 60, "b": 60}, template="plotly_white"
        )
    return [fig_funnel, fig_weekly, fig_themes]


def _recur_label(value: bool | None) -> str:
    return {True: "recurs", False: "no recurrence", None: "no action yet"}[value]


def _table(head: list[str], rows: list[list[Any]]) -> str:
    def cell(v: Any) -> str:
        if isinstance(v, int | float) and not isinstance(v, bool):
            return f'<td class="n">{escape(str(v))}</td>'
        return f"<td>{escape('-' if v is None else str(v))}</td>"

    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    return (
        "<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>" + body + "</table>"
    )


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def render_html(stats: dict[str, Any]) -> str:
    """The whole page for a stats dict (see :func:`~.stats.compute`)."""
    import plotly.io as pio

    charts = [
        pio.to_html(
            fig,
            full_html=False,
            include_plotlyjs=(i == 0),
            div_id=CHART_IDS[i],
            config={"displaylogo": False, "responsive": True},
        )
        for i, fig in enumerate(_figures(stats))
    ]
    o, a, fb = stats["outreach"], stats["applications"], stats["feedback"]
    cards = [
        ("outreach today", f"{o['today']} / {o['target_min']}-{o['target_max']}"),
        ("streak (work days)", o["streak"]),
        ("per work day, 28 days", o["per_work_day"] if o["per_work_day"] is not None else "-"),
        ("applications", a["total"]),
        (
            "days since last application",
            a["days_since_last"] if a["days_since_last"] is not None else "-",
        ),
        ("feedback answered", f"{fb['requests_answered']} / {fb['requests_sent']}"),
    ]
    ft = stats["follow_through"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>runnerup report</title>',
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Job search report</h1>",
        f'<p class="meta">As of {escape(stats["as_of"])}. Computed from the event log at position '
        f"{stats['log']['position']}, hash <code>{escape(stats['log']['hash'])}</code>.</p>",
        '<div class="cards">'
        + "".join(f'<div class="card"><b>{escape(str(v))}</b>{escape(k)}</div>' for k, v in cards)
        + "</div>",
        "<h2>Funnel</h2>",
        charts[0],
        '<div class="row">',
        _table(
            ["stage", "reached", "from previous", "from applied"],
            [
                [
                    f["stage"],
                    f["reached"],
                    _pct(f["conversion_from_previous"]),
                    _pct(f["conversion_from_applied"]),
                ]
                for f in stats["funnel"]
            ],
        ),
        _table(["outcome", "applications"], [[k, v] for k, v in a["outcomes"].items()]),
        _table(
            ["rejected at stage", "applications"],
            [[k, v] for k, v in stats["rejection_stages"].items()],
        ),
        "</div>",
        "<h2>Weekly activity</h2>",
        charts[1],
        _table(
            ["week of", "outreach", "applications", "work days", "target min", "target max"],
            [
                [
                    w["week"],
                    w["outreach"],
                    w["applications"],
                    w["work_days"],
                    w["target_min"],
                    w["target_max"],
                ]
                for w in stats["weekly"]
            ],
        ),
        "<h2>Feedback themes</h2>",
        charts[2],
        _table(
            ["theme", "count", "first seen", "last seen", "improvement since", "recurs after it"],
            [
                [
                    t["theme"],
                    t["count"],
                    t["first_seen"],
                    t["last_seen"],
                    t["first_improvement"],
                    _recur_label(t["recurs_after_improvement"]),
                ]
                for t in stats["themes"]
            ],
        ),
        "<h2>Follow-through</h2>",
        '<div class="row">',
        _table(
            ["step", "scheduled", "done", "cancelled", "open", "rate"],
            [
                [label, c["scheduled"], c["done"], c["cancelled"], c["open"], _pct(c["rate"])]
                for label, c in (
                    ("thank-you notes", ft["thank_you"]),
                    ("follow-ups", ft["follow_up"]),
                )
            ],
        ),
        _table(
            ["feedback requests drafted", "sent", "answered", "feedback received"],
            [
                [
                    fb["requests_drafted"],
                    fb["requests_sent"],
                    fb["requests_answered"],
                    fb["received"],
                ]
            ],
        ),
        "</div>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
