"""The contribution hooks a built-in plugin consumes, as a third-party plugin uses them.

``register_templates`` is read by the drafting plugin, ``register_watch_rules``
by the watch plugin. Both are tested here through the command line only
(``templates``, ``draft show``, ``watch DIR --once``, ``plugins``), the way a
plugin author sees them, with the plugin registered by the ``runnerup_plugin``
fixture.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from runnerup import Event, NewEvent, WatchResult, WatchRule, hookimpl

COFFEE = "Subject: Coffee at {{ company }}?\n\nHello,\n\nCoffee soon?\n\n{{ me.name }}\n"


class Templates:
    """Contributes a new kind and replaces a built-in one."""

    @hookimpl
    def register_templates(self, register: Any) -> None:
        register("coffee_chat", COFFEE)
        register("thank_you", "Subject: Thanks, {{ company }}\n\nThank you.\n")


class BrokenTemplate:
    @hookimpl
    def register_templates(self, register: Any) -> None:
        register("broken", "Subject: {% if %}\n")


def test_hook_register_templates(runnerup_plugin: Any, run_cli: Any) -> None:
    runnerup_plugin(Templates(), "coffee")
    runnerup_plugin(BrokenTemplate(), "broken")
    listed = run_cli("--json", "templates")
    assert listed.exit_code == 0, listed
    rows = {r["kind"]: (r["source"], r["origin"]) for r in json.loads(listed.stdout)}
    assert rows["coffee_chat"] == ("plugin", "plugin: coffee")
    assert rows["thank_you"] == ("plugin", "plugin: coffee")  # a plugin beats the built-in
    assert rows["feedback_request"] == ("builtin", "builtin")
    assert "broken" not in rows  # refused and logged, naming its plugin; the rest still load
    assert "template refused" in listed.stderr and "broken" in listed.stderr

    request = {"draft": "acme.coffee", "kind": "coffee_chat", "company": "Acme"}
    appended = run_cli("events", "append", "draft.requested", "--data", json.dumps(request))
    assert appended.exit_code == 0, appended
    shown = run_cli("draft", "show", "acme.coffee").stdout
    assert "Subject: Coffee at Acme?\n\nHello,\n\nCoffee soon?\n" in shown

    # the user's own file of that kind beats the plugin's
    (run_cli.home / "templates").mkdir()
    (run_cli.home / "templates" / "coffee_chat.txt.j2").write_text("Subject: Tea?\n\nTea.\n")
    rows = {r["kind"]: r["source"] for r in json.loads(run_cli("--json", "templates").stdout)}
    assert rows["coffee_chat"] == "user"


class Jotted(Event, tag="contrib.jotted"):
    """A line of a dropped ``.todo`` file."""

    __stream__ = "contrib/todo"

    text: str


def _todo(path: Path, data: bytes, kernel: Any) -> WatchResult:
    lines = [line.strip() for line in data.decode().splitlines() if line.strip()]
    if not lines:
        raise ValueError("an empty todo file")
    events = [NewEvent(data=Jotted(text=line)) for line in lines]
    return WatchResult(events=events, summary=f"{len(lines)} jotted")


class Todo:
    @hookimpl
    def register_event_types(self, register: Any) -> None:
        register(Jotted)

    @hookimpl
    def register_watch_rules(self, register: Any) -> None:
        register(WatchRule(name="todo", suffixes=(".todo",), handle=_todo))


def test_hook_register_watch_rules(runnerup_plugin: Any, run_cli: Any, tmp_path: Path) -> None:
    runnerup_plugin(Todo(), "todo")
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "monday.todo").write_text("call Dana\n\nsend the portfolio\n")
    (folder / "empty.todo").write_text("\n")
    (folder / "notes.unknown").write_text("no rule reads this")
    result = run_cli("watch", str(folder), "--once")
    assert result.exit_code == 0, result
    assert sorted(result.stdout.splitlines()) == [
        "empty.todo → quarantined: an empty todo file",
        "monday.todo → 2 jotted",
    ]
    log = [
        json.loads(x)
        for x in run_cli("--json", "events", "log", "--type", "contrib.jotted").stdout.splitlines()
    ]
    assert [(e["data"]["text"], e["meta"]["actor"]) for e in log] == [
        ("call Dana", "watch"),
        ("send the portfolio", "watch"),
    ]
    assert (folder / "notes.unknown").exists()  # no rule: left alone
    listed = {p["name"]: p for p in json.loads(run_cli("--json", "plugins").stdout)}
    assert listed["todo"]["watch_rules"] == ["todo (.todo)"]
