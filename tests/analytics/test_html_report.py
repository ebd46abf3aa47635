"""``report --html``: one self-contained file, rendered by a real browser."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest
from runnerup.plugins.analytics.html_report import CHART_IDS

NOW = {"RUNNERUP_NOW": "2026-11-18T17:00:00+01:00"}
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--virtual-time-budget=5000",
    # No network: every request goes to a closed port, so the page must be self-contained.
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
]


def append(cli: Any, type_: str, *fields: str, on: str | None = None) -> None:
    args = ["events", "append", type_, *fields] + (["--on", on] if on else [])
    result = cli(*args, env=NOW)
    assert result.exit_code == 0, result


@pytest.fixture
def report(iso_cli: Any, tmp_path: Path) -> Path:
    for app, day in (
        ("a", "2026-10-27"),
        ("b", "2026-11-03"),
        ("c", "2026-11-10"),
        ("d", "2026-11-16"),
    ):
        append(
            iso_cli,
            "application.submitted",
            f"application={app}",
            f"company={app.upper()} <Corp>",
            "role=R",
            on=day,
        )
    append(iso_cli, "application.responded", "application=b", on="2026-11-05")
    append(iso_cli, "interview.completed", "application=c", on="2026-11-12")
    append(iso_cli, "application.rejected", "application=c", "stage=interview", on="2026-11-14")
    append(
        iso_cli,
        "feedback.received",
        "application=c",
        "text=t",
        "themes=technical-depth",
        on="2026-11-15",
    )
    for day in ("2026-11-09", "2026-11-10", "2026-11-10", "2026-11-16", "2026-11-17", "2026-11-17"):
        append(iso_cli, "outreach.sent", "company=X", f"on={day}")
    out = tmp_path / "report.html"
    result = iso_cli("report", "--html", str(out), env=NOW)
    assert result.exit_code == 0, result
    assert f"wrote {out} (log position 14" in result.stdout
    return out


def test_the_file_is_self_contained_and_names_its_log_head(report: Path) -> None:
    html = report.read_text()
    markup = re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)  # plotly.js itself aside
    assert "<script src=" not in html and not re.search(r"""(src|href)=["']?https?:""", markup)
    assert html.count("<script") >= len(CHART_IDS)
    assert len(html) > 1_000_000  # plotly.js itself is inline
    assert "Computed from the event log at position 14" in html
    for chart in CHART_IDS:
        assert f'id="{chart}"' in html
    assert "<td>technical-depth</td>" in html


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "chromium"],
            capture_output=True,
            timeout=900,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        found = shutil.which("chromium")
    if not found:
        pytest.skip(
            "Chromium is not installed and could not be installed (apt-get install chromium)"
        )
    return found


def _run(browser: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    try:
        return subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"Chromium could not run here: {exc}")


@pytest.mark.browser
def test_chromium_renders_every_chart(report: Path, tmp_path: Path) -> None:
    browser = _chromium()
    dom = _run(browser, tmp_path, "--dump-dom", report.as_uri())
    if dom.returncode != 0 or "<html" not in dom.stdout:
        pytest.skip(f"Chromium could not run here: {dom.stderr.strip()[-300:]}")
    html = dom.stdout
    starts = sorted((html.index(f'id="{chart}"'), chart) for chart in CHART_IDS)
    drawn = {}
    for i, (start, chart) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(html)
        drawn[chart] = html[start:end]
        assert 'class="main-svg"' in drawn[chart], f"{chart} was not drawn"
    # Text that only exists once plotly has drawn the axes:
    assert 'data-unformatted="interview"' in drawn["chart-funnel"]
    assert 'data-unformatted="week of 2026-11-16"' in drawn["chart-weekly"]
    assert 'data-unformatted="technical-depth"' in drawn["chart-themes"]
    shot = tmp_path / "report.png"
    result = _run(
        browser, tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", report.as_uri()
    )
    assert result.returncode == 0, result.stderr[-500:]
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1200, 1600)
    assert len(png) > 20_000  # charts and tables, not a blank page
