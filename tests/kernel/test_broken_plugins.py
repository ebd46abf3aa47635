"""A broken installed plugin is reported at start, naming it, and can be switched off.

The broken plugins are copies of the example plugin (docs/examples/runnerup-salary)
with one hook misspelt or one hook given an argument its spec does not have:
the two mistakes a plugin author makes first. They are installed the way pip
installs a package (the package folders plus a ``.dist-info`` folder whose
``entry_points.txt`` names them), on a private path, and started in a real
``python -m runnerup`` process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "docs/examples/runnerup-salary/src/runnerup_salary"

#: entry-point name -> (text in the example's __init__.py, what the broken copy says instead)
VARIANTS = {
    "salary-misspelt": ("def register_templates(", "def register_template("),
    "salary-badsig": (
        "def handle_event(event: RecordedEvent, context: ReactionContext)",
        "def handle_event(event: RecordedEvent, context: ReactionContext, extra: int)",
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    entry_points = ["[runnerup]"]
    for name, (good, bad) in VARIANTS.items():
        package = name.replace("-", "_")
        shutil.copytree(EXAMPLE, target / package, ignore=shutil.ignore_patterns("__pycache__"))
        init = target / package / "__init__.py"
        source = init.read_text()
        assert good in source, f"the example plugin no longer has {good!r}: update VARIANTS"
        init.write_text(source.replace(good, bad))
        entry_points.append(f"{name} = {package}")
    info = target / "salary_broken-0.0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: salary-broken\nVersion: 0.0.1\n")
    (info / "entry_points.txt").write_text("\n".join(entry_points) + "\n")
    return target


def runnerup(
    site: Path, tmp_path: Path, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("RUNNERUP_")}
    environ.update(
        PYTHONPATH=str(site),
        RUNNERUP_HOME=str(tmp_path / "home"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "runnerup", *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
    )


def test_a_misspelt_hook_stops_the_start_naming_the_plugin_and_the_hook(
    site: Path, tmp_path: Path
) -> None:
    result = runnerup(site, tmp_path, "plugins", RUNNERUP_LOAD_PLUGINS="salary-misspelt")
    assert (result.returncode, result.stdout) == (1, "")
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: plugin 'salary-misspelt': unknown hook 'register_template'")
    assert "(did you mean 'register_templates'?)" in line
    assert line.endswith("; to start without it: RUNNERUP_DISABLE_PLUGINS=salary-misspelt")


def test_a_bad_hook_signature_stops_the_start_naming_the_plugin_and_the_argument(
    site: Path, tmp_path: Path
) -> None:
    result = runnerup(site, tmp_path, "plugins", RUNNERUP_LOAD_PLUGINS="salary-badsig")
    assert (result.returncode, result.stdout) == (1, "")
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: plugin 'salary-badsig' cannot be loaded:")
    assert "'handle_event'" in line and "{'extra'}" in line
    assert line.endswith("; to start without it: RUNNERUP_DISABLE_PLUGINS=salary-badsig")


def test_disabling_the_broken_plugins_starts_runnerup_again(site: Path, tmp_path: Path) -> None:
    result = runnerup(
        site,
        tmp_path,
        "--json",
        "plugins",
        RUNNERUP_DISABLE_PLUGINS="salary-misspelt,salary-badsig",
    )
    assert result.returncode == 0, result.stderr
    names = {p["name"] for p in json.loads(result.stdout)}
    assert not names & set(VARIANTS)
