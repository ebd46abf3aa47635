"""Hostile input through the whole command line: a result or one line of error, never a traceback.

Hypothesis drives the real commands in-process (``run_cli``): ``events
append`` with generated ``KEY=VALUE`` pairs, ``--data`` and ``--on``;
``import`` with arbitrary CSV bytes; ``watch --once`` over arbitrary files
of every watched kind. Each must exit 0, exit 1 with exactly one ``Error:
…`` line on stderr and the log unchanged, or exit 2 with click's usage
message (an argument that looks like an option); no plugin may fail on what
the kernel accepted. Then user templates that try to reach Python
internals: the drafting sandbox stops them and says so.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CLI = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NOW = {"RUNNERUP_NOW": "2026-11-20T10:00:00+01:00"}
TYPES = [
    "outreach.sent",
    "note.added",
    "application.submitted",
    "feedback.received",
    "reminder.scheduled",
    "contact.reached",
    "event.retracted",
    "no.such.type",
]
FIELDS = ["company", "on", "text", "application", "role", "reminder", "due", "positions", "kind"]
VALUES = st.text(max_size=15) | st.sampled_from(
    ["2026-11-18", "[1]", "{}", "null", "3", "true", ""]
)
PAIRS = st.lists(
    st.builds("{}={}".format, st.sampled_from(FIELDS), VALUES) | st.text(max_size=12), max_size=5
)


def clean(result: Any) -> None:
    """Exit 0 with no plugin failure, 1 with one ``Error:`` line, or 2 for usage; no traceback.

    An argument that starts with ``-`` is read as an option: click's usage
    error (exit 2) is the right answer for it.
    """
    assert result.exception is None, result.stderr
    assert result.exit_code in (0, 1, 2), result
    if result.exit_code == 1:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
        assert result.stdout == ""
    elif result.exit_code == 2:
        assert result.stderr.startswith("Usage: ") and "\nError: " in result.stderr, result
        assert "Traceback" not in result.stderr and result.stdout == ""
    else:
        assert "failed" not in result.stderr and "Traceback" not in result.stderr, result.stderr


def head(run_cli: Any) -> int:
    import json

    out = run_cli("--json", "init").stdout
    return int(json.loads(out)["head"])


@CLI
@given(type_=st.sampled_from(TYPES), pairs=PAIRS, on=st.none() | st.text(max_size=20))
def test_events_append_with_generated_pairs(
    run_cli: Any, type_: str, pairs: list[str], on: str | None
) -> None:
    before = head(run_cli)
    args = ["events", "append", type_, *pairs] + (["--on", on] if on is not None else [])
    result = run_cli(*args, env=NOW)
    clean(result)
    if result.exit_code:
        assert head(run_cli) == before


@CLI
@given(type_=st.sampled_from(TYPES), data=st.text(max_size=60))
def test_events_append_with_generated_json(run_cli: Any, type_: str, data: str) -> None:
    clean(run_cli("events", "append", type_, "--data", data, env=NOW))


@settings(CLI, max_examples=40)
@given(body=st.binary(max_size=800), source=st.sampled_from(["huntr", "teal", "generic"]))
def test_import_with_arbitrary_csv_bytes(run_cli: Any, body: bytes, source: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        path.write_bytes(body)
        clean(run_cli("import", str(path), "--from", source, "--dry-run", env=NOW))


@settings(CLI, max_examples=30)
@given(
    body=st.binary(max_size=800)
    | st.text(max_size=400).map(lambda t: f"From: a@b.example\nSubject: {t[:40]}\n\n{t}".encode()),
    suffix=st.sampled_from([".eml", ".ics", ".md", ".jsonl", ".csv"]),
)
def test_watch_once_with_arbitrary_files(run_cli: Any, body: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"dropped{suffix}").write_bytes(body)
        result = run_cli("watch", folder, "--once", env=NOW)
        assert result.exception is None, result.stderr
        assert result.exit_code == 0, result
        assert "Traceback" not in result.stderr


# -- the template sandbox ----------------------------------------------------------

ATTACKS = {
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals via cycler": "{{ cycler.__init__.__globals__.os.system('touch {marker}') }}",
    "globals via lipsum": "{{ lipsum.__globals__['os'].popen('touch {marker}').read() }}",
    "self internals": "{{ self.__init__.__globals__ }}",
    "loop over subclasses": "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "format string": "{{ '{0.__class__.__mro__}'.format('') }}",
    "huge repeat": "{{ 'x' * 100000000 }}",
    "huge power": "{{ 9 ** 9999999 }}",
    "huge range": "{{ range(10 ** 9) | list | length }}",
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_user_template_cannot_reach_python_internals(
    run_cli: Any, tmp_path: Path, attack: str
) -> None:
    marker = tmp_path / "pwned"
    home = Path(run_cli.home)
    (home / "templates").mkdir(parents=True)
    (home / "config.toml").write_text('[me]\nname = "Jo"\nemail = "jo@seeker.example"\n')
    template = "Subject: Thank you\n\n" + ATTACKS[attack].replace("{marker}", str(marker)) + "\n"
    (home / "templates" / "thank_you.txt.j2").write_text(template)
    for args in (
        ("apply", "Northwind", "--role", "Engineer", "--contact", "Ann Lee <ann@nw.example>"),
        ("rejected", "northwind", "--stage", "onsite"),
    ):
        result = run_cli(*args, env=NOW)
        assert result.exit_code == 0, result
        assert "Traceback" not in result.stderr
    import json

    failed = run_cli("--json", "events", "log", "--type", "draft.render_failed")
    [draft] = [json.loads(line)["data"]["draft"] for line in failed.stdout.splitlines()]
    # the recorded reason is sealed under the contact (it may quote them); show opens it
    reason = json.loads(run_cli("--json", "draft", "show", draft).stdout)["error"]
    assert reason.startswith("template 'thank_you' (user: "), reason
    assert any(word in reason for word in ("sandbox", "too large", "too big", "unsafe")), reason
    assert not marker.exists()
    drafts = run_cli("drafts").stdout
    assert "failed" in drafts and "<class" not in drafts
    assert not list((home / "drafts").glob("*thank-you*"))
