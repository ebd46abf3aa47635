"""Third-party plugins through a real entry point, and load-time checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from runnerup import RegistrationError, hookimpl
from runnerup.plugin_manager import make_plugin_manager, register

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pip-install the sample third-party package into a private target folder."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(HERE / "thirdparty"),
        ],
        check=True,
        capture_output=True,
    )
    return target


def run(
    installed: Path, tmp_path: Path, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    environ = {
        **os.environ,
        "PYTHONPATH": str(installed),
        "RUNNERUP_HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "runnerup", *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
    )


def test_entry_point_plugin_is_loaded_and_listed(installed: Path, tmp_path: Path) -> None:
    result = run(installed, tmp_path, "wave", "dana")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "waved at dana"
    listing = json.loads(run(installed, tmp_path, "--json", "plugins").stdout)
    hello = next(p for p in listing if p["name"] == "hello")
    assert hello["version"] == "1.2.3"
    assert hello["event_types"] == ["hello.waved"]
    assert hello["commands"] == ["wave"]
    # the discovered list is cached, and the cache is used the second time
    assert list((tmp_path / "cache" / "runnerup").glob("entry-points-*.json"))
    assert run(installed, tmp_path, "wave", "sam").returncode == 0


def test_disable_and_load_only(installed: Path, tmp_path: Path) -> None:
    off = run(installed, tmp_path, "wave", "x", RUNNERUP_DISABLE_PLUGINS="hello")
    assert off.returncode == 2 and "No such command 'wave'" in off.stderr
    none = run(installed, tmp_path, "wave", "x", RUNNERUP_LOAD_PLUGINS="")
    assert none.returncode == 2
    only = run(installed, tmp_path, "wave", "x", RUNNERUP_LOAD_PLUGINS="hello")
    assert only.returncode == 0


def test_events_of_an_uninstalled_plugin_survive_as_unknown(
    installed: Path, tmp_path: Path
) -> None:
    assert run(installed, tmp_path, "wave", "dana").returncode == 0
    bare = run(installed, tmp_path, "--json", "events", "log", RUNNERUP_DISABLE_PLUGINS="hello")
    assert bare.returncode == 0
    event = json.loads(bare.stdout.splitlines()[0])
    assert event["type"] == "hello.waved" and event["data"] == {"who": "dana"}
    assert (
        run(installed, tmp_path, "events", "verify", RUNNERUP_DISABLE_PLUGINS="hello").returncode
        == 0
    )


class Misspelt:
    @hookimpl
    def register_event_typez(self, register):  # type: ignore[no-untyped-def]
        pass


class BadSignature:
    @hookimpl
    def handle_event(self, event, context, extra):  # type: ignore[no-untyped-def]
        pass


def test_misspelt_hook_is_reported_naming_the_plugin() -> None:
    pm = make_plugin_manager(load_entrypoints=False, env={})
    register(pm, Misspelt(), "misspelt")
    from runnerup.plugin_manager import check

    with pytest.raises(RegistrationError, match="misspelt"):
        check(pm)


def test_signature_mismatch_is_reported_naming_the_plugin() -> None:
    pm = make_plugin_manager(load_entrypoints=False, env={})
    with pytest.raises(RegistrationError, match="'badsig'.*extra"):
        register(pm, BadSignature(), "badsig")
