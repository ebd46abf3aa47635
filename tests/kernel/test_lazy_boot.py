"""Start-up stays lean: views load when read, heavy modules when used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from runnerup import LazyProjection, RegistrationError, hookimpl
from runnerup.testing import make_test_kernel


def _load_sample() -> object:
    # The same module object test_hooks uses, importable by name for the targets.
    import importlib.util

    if "sample_plugin" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "sample_plugin", Path(__file__).with_name("sample_plugin.py")
        )
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules["sample_plugin"] = module
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    return sys.modules["sample_plugin"]


sample: object = _load_sample()


def _lazy(name: str, target: str) -> object:
    class Plugin:
        @hookimpl
        def register_projections(self, register):  # type: ignore[no-untyped-def]
            register(LazyProjection(name, target))

    return Plugin()


def test_lazy_projection_is_imported_on_first_view() -> None:
    kernel = make_test_kernel([_lazy("test.totals", "sample_plugin:TotalsProjection")])
    assert "test.totals" in kernel.projections
    assert kernel.projection_owners["test.totals"] == "test-plugin-0"
    clicked = sample.Clicked  # type: ignore[attr-defined]
    kernel.registry.register(clicked, "test")
    kernel.record([clicked(counter="a", amount=3)])
    assert kernel.view("test.totals").counts == {"a": 3}


def test_lazy_projection_that_cannot_import_fails_when_read_naming_it() -> None:
    kernel = make_test_kernel([_lazy("test.missing", "no_such_module_xyz:View")])
    assert "test.missing" in kernel.projections  # boot does not import it
    with pytest.raises(RegistrationError, match=r"'test.missing' \(no_such_module_xyz:View\)"):
        kernel.view("test.missing")


def test_lazy_projection_under_another_name_is_refused() -> None:
    kernel = make_test_kernel([_lazy("test.other", "sample_plugin:TotalsProjection")])
    with pytest.raises(RegistrationError, match="is the projection 'test.totals'"):
        kernel.view("test.other")


def test_lazy_projection_target_must_be_a_projection() -> None:
    kernel = make_test_kernel([_lazy("test.odd", "os.path:join")])
    with pytest.raises(RegistrationError, match="not a Projection"):
        kernel.view("test.odd")


def test_lazy_projection_registered_twice_is_refused() -> None:
    with pytest.raises(RegistrationError, match="registered twice"):
        make_test_kernel(
            [
                _lazy("test.totals", "sample_plugin:TotalsProjection"),
                _lazy("test.totals", "sample_plugin:TotalsProjection"),
            ]
        )


PROBE = """
import sys
from runnerup.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
loaded = sorted(sys.modules)
import json  # after the command: the probe's own import must not count
print(json.dumps(loaded), file=sys.stderr)
"""


def _modules_after(tmp_path: Path, *args: str) -> set[str]:
    env = {**os.environ, "RUNNERUP_HOME": str(tmp_path / "home"), "RUNNERUP_LOAD_PLUGINS": ""}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_a_read_command_imports_no_view_it_does_not_read(tmp_path: Path) -> None:
    loaded = _modules_after(tmp_path, "events", "log")
    heavy = {
        "runnerup.plugins.applications.projections",
        "runnerup.plugins.reminders.model",
        "runnerup.plugins.analytics.projection",
        "runnerup.plugins.followup.react",
        "runnerup.plugins.drafting.state",
        "jinja2",
        "icalendar",
        "watchfiles",
        "structlog",
        "tomllib",
        "logging",
        "importlib.metadata",
        "json",
        "dataclasses",
    }
    assert not heavy & loaded, sorted(heavy & loaded)


def test_agenda_imports_the_reminders_view_and_not_the_drafts(tmp_path: Path) -> None:
    loaded = _modules_after(tmp_path, "agenda")
    assert "runnerup.plugins.reminders.model" in loaded
    assert "runnerup.plugins.drafting.state" not in loaded
    assert "jinja2" not in loaded


def test_a_write_that_logs_nothing_does_not_import_structlog(tmp_path: Path) -> None:
    loaded = _modules_after(tmp_path, "apply", "Acme", "--role", "Data Engineer")
    assert "runnerup.plugins.applications.projections" in loaded  # it did record
    assert "structlog" not in loaded
    assert "structlog" in _modules_after(tmp_path, "-v", "apply", "Globex", "--role", "DE")
