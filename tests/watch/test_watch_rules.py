"""``register_watch_rules``: third-party rules, duplicate suffixes, rules that fail."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from runnerup import NewEvent, WatchResult, WatchRule, hookimpl
from runnerup.events.inbox import NoteAdded
from runnerup.plugin_manager import make_plugin_manager
from runnerup.plugins.watch.rules import collect_rules, rule_for
from runnerup.testing import CliRunner, make_test_kernel


def _note(path: Path, data: bytes, kernel: Any) -> WatchResult:
    text = data.decode()
    return WatchResult(
        events=[NewEvent(data=NoteAdded(text=text, source=path.name))], summary="noted"
    )


def _bug(path: Path, data: bytes, kernel: Any) -> WatchResult:
    raise KeyError("a bug in the rule")


class TextNotes:
    """A third-party plugin: plain-text files become journal notes; it also claims .eml."""

    @hookimpl
    def register_watch_rules(self, register: Any) -> None:
        register(WatchRule(name="text-notes", suffixes=(".txt", ".eml"), handle=_note))


class Buggy:
    @hookimpl
    def register_watch_rules(self, register: Any) -> None:
        register(WatchRule(name="buggy", suffixes=(".bug",), handle=_bug))


class Broken:
    @hookimpl
    def register_watch_rules(self, register: Any) -> None:
        raise RuntimeError("cannot build my rules")


def _cli(tmp_path: Path, *plugins: Any) -> CliRunner:
    def pm() -> Any:
        manager = make_plugin_manager(load_entrypoints=False, env={})
        for plugin in plugins:
            manager.register(plugin, name=type(plugin).__name__.lower())
        return manager

    return CliRunner(tmp_path / "home", pm_factory=pm)


def test_hook_register_watch_rules(tmp_path: Path) -> None:
    cli = _cli(tmp_path, TextNotes())
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "idea.txt").write_text("Ask Harbourlight about the platform team.")
    result = cli("watch", str(folder), "--once")
    assert result.exit_code == 0, result
    assert result.stdout == "idea.txt → noted\n"
    (event,) = [
        json.loads(x)
        for x in cli("--json", "events", "log", "--type", "note.added").stdout.splitlines()
    ]
    assert event["data"]["text"] == "Ask Harbourlight about the platform team."
    assert event["meta"]["actor"] == "watch"


def test_duplicate_suffix_the_first_registered_wins_and_is_logged(
    runnerup_logs: list[dict[str, Any]],
) -> None:
    kernel = make_test_kernel([TextNotes(), Broken()])
    rules = collect_rules(kernel)
    # a third-party rule comes before the built-in defaults (registered trylast)
    assert rules[".eml"].name == "text-notes"
    assert rules[".ics"].name == "invite"
    assert rules[".jsonl"].name == "jsonl"
    warnings = [e for e in runnerup_logs if e["event"] == "duplicate watch rule ignored"]
    assert warnings == [
        {
            "event": "duplicate watch rule ignored",
            "log_level": "warning",
            "suffix": ".eml",
            "kept": "test-plugin-0:text-notes",
            "ignored": "inbox:email",
        }
    ]
    assert any(
        e["event"] == "plugin failed" and e["plugin"] == "test-plugin-1" for e in runnerup_logs
    )


def test_rule_for_picks_the_longest_suffix() -> None:
    rules = {
        ".gz": WatchRule("gz", (".gz",), _note),
        ".tar.gz": WatchRule("tar", (".tar.gz",), _note),
    }
    assert rule_for("backup.TAR.GZ", rules).name == "tar"  # type: ignore[union-attr]
    assert rule_for("notes.gz", rules).name == "gz"  # type: ignore[union-attr]
    assert rule_for(".gz", rules) is None
    assert rule_for("notes.txt", rules) is None


def test_a_failing_rule_does_not_stop_the_watcher(tmp_path: Path) -> None:
    cli = _cli(tmp_path, Buggy())
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "first.bug").write_text("boom")
    (folder / "second.jsonl").write_text(
        '{"type": "outreach.sent", "data": {"company": "Acme", "on": "2026-11-18"}}\n'
    )
    result = cli("watch", str(folder), "--once")
    assert result.exit_code == 0, result
    assert result.stdout == "second.jsonl → 1 event imported\n"
    assert "watch rule failed" in result.stderr and "KeyError" in result.stderr
    assert sorted(os.listdir(folder)) == [
        "first.bug",
        "second.jsonl",
    ]  # a bug is not the file's fault
