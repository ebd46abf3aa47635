"""TemplateSet: layering, the packaged templates, and the sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from runnerup.plugins.drafting.render import Rendered, TemplateError, TemplateSet

KINDS = {
    "thank_you",
    "feedback_request",
    "keep_in_touch",
    "interview_thanks",
    "ghosted_follow_up",
    "pain_letter",
    "informational",
    "mentor_update",
}

SIMPLE = "Subject: {{ layer }} for {{ company }}\n\nBody from {{ layer }}.\n"


def user_template(folder: Path, kind: str, source: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}.txt.j2"
    path.write_text(source, encoding="utf-8")
    return path


# -- the packaged templates -----------------------------------------------------------


def test_every_builtin_kind_is_packaged() -> None:
    assert TemplateSet().names() == dict.fromkeys(sorted(KINDS), "builtin")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_builtin_drafts_are_short_personal_and_signed(kind: str, context: dict[str, Any]) -> None:
    draft = TemplateSet().render(kind, context)
    assert draft.template == kind and draft.source == "builtin"
    assert draft.subject and "\n" not in draft.subject
    words = len(f"{draft.subject} {draft.body}".split())
    assert words < 120, f"{kind} has {words} words"
    assert draft.body.startswith("Hi Dana,\n\n")
    assert draft.body.endswith("\nAlex Morgan\n")
    assert "Northwind Logistics" in draft.subject + draft.body
    assert "None" not in draft.subject + draft.body
    assert "{" not in draft.body and "  " not in draft.body


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_without_a_contact_the_greeting_is_hello(kind: str, context: dict[str, Any]) -> None:
    context["contact"] = None
    draft = TemplateSet().render(kind, context)
    assert draft.body.startswith("Hello,\n\n")
    assert "Dana" not in draft.body


@pytest.mark.parametrize("kind", sorted(KINDS - {"informational", "keep_in_touch"}))
def test_the_role_is_named(kind: str, context: dict[str, Any]) -> None:
    draft = TemplateSet().render(kind, context)
    assert "Senior Data Engineer" in draft.subject + draft.body


def test_only_the_documented_essentials_are_required(context: dict[str, Any]) -> None:
    minimal = {k: context[k] for k in ("company", "role", "me")}
    for kind in KINDS:
        assert TemplateSet().render(kind, minimal).body.startswith("Hello,")
    with pytest.raises(TemplateError, match=r"'thank_you'.*lacks role, me"):
        TemplateSet().render("thank_you", {"company": "Northwind"})


def test_feedback_request_asks_for_one_or_two_things_after_the_process(
    context: dict[str, Any],
) -> None:
    body = TemplateSet().render("feedback_request", context).body
    assert "one or two specific things" in body
    assert "process is complete" in body


def test_keep_in_touch_congratulates_and_keeps_the_door_open(context: dict[str, Any]) -> None:
    body = TemplateSet().render("keep_in_touch", context).body
    assert "Congratulations" in body
    assert "if anything opens up" in body.lower()


def test_context_values_appear(context: dict[str, Any]) -> None:
    templates = TemplateSet()
    assert "12 November 2026" in templates.render("interview_thanks", context).body
    assert "24 days" in templates.render("ghosted_follow_up", context).body
    assert context["extra"]["pain"] in templates.render("pain_letter", context).body
    mentor = templates.render("mentor_update", context).body
    assert context["feedback"] in mentor and "Fabrikam" in mentor


def test_contact_may_be_an_object(context: dict[str, Any]) -> None:
    class Contact:
        name = "Dana Whitfield"
        first_name = "Dana"
        email = "dana@northwind.example"

    context["contact"] = Contact()
    assert TemplateSet().render("thank_you", context).body.startswith("Hi Dana,")


# -- layering -------------------------------------------------------------------------


def test_user_beats_plugin_beats_builtin(tmp_path: Path, context: dict[str, Any]) -> None:
    templates = TemplateSet(tmp_path / "templates")
    assert templates.render("thank_you", context).source == "builtin"

    templates.add("thank_you", SIMPLE.replace("{{ layer }}", "plugin"), owner="kindness")
    draft = templates.render("thank_you", context)
    assert (draft.source, draft.subject) == ("plugin", "plugin for Northwind Logistics")
    assert templates.names()["thank_you"] == "plugin"

    user_template(tmp_path / "templates", "thank_you", SIMPLE.replace("{{ layer }}", "user"))
    draft = templates.render("thank_you", context)
    assert draft == Rendered(
        subject="user for Northwind Logistics",
        body="Body from user.\n",
        template="thank_you",
        source="user",
    )
    assert templates.names()["thank_you"] == "user"
    assert templates.names()["keep_in_touch"] == "builtin"


def test_user_edits_show_without_a_restart(tmp_path: Path, context: dict[str, Any]) -> None:
    templates = TemplateSet(tmp_path)
    path = user_template(tmp_path, "note", "Subject: one\n\nfirst\n")
    assert templates.render("note", context).subject == "one"
    path.write_text("Subject: two\n\nsecond\n", encoding="utf-8")
    assert templates.render("note", context).subject == "two"


def test_new_kinds_from_plugins_and_users_are_listed(tmp_path: Path) -> None:
    templates = TemplateSet(tmp_path, builtins=False)
    templates.add("referral_ask.txt.j2", SIMPLE, owner="referrals")
    user_template(tmp_path, "my_note", SIMPLE)
    (tmp_path / "README.md").write_text("not a template")
    (tmp_path / "bad name.txt.j2").write_text(SIMPLE)
    assert templates.names() == {"my_note": "user", "referral_ask": "plugin"}


def test_a_missing_user_folder_is_empty(tmp_path: Path, context: dict[str, Any]) -> None:
    templates = TemplateSet(tmp_path / "nowhere")
    assert templates.render("thank_you", context).source == "builtin"


def test_duplicate_from_another_owner_names_both(tmp_path: Path) -> None:
    templates = TemplateSet()
    templates.add("referral_ask", SIMPLE, owner="referrals")
    templates.add("referral_ask", SIMPLE + "again\n", owner="referrals")  # same owner: update
    with pytest.raises(TemplateError) as info:
        templates.add("referral_ask", SIMPLE, owner="copycat")
    assert "'copycat'" in str(info.value) and "'referrals'" in str(info.value)


def test_a_plugin_may_replace_a_builtin(context: dict[str, Any]) -> None:
    templates = TemplateSet()
    templates.add("thank_you", SIMPLE, owner="kindness")
    assert templates.render("thank_you", context | {"layer": "x"}).source == "plugin"


def test_add_rejects_syntax_errors_and_bad_names() -> None:
    templates = TemplateSet()
    with pytest.raises(TemplateError, match=r"'broken' \(plugin: acme\) line 3"):
        templates.add("broken", "Subject: x\n\n{% if %}\n", owner="acme")
    with pytest.raises(TemplateError, match="bad template name"):
        templates.add("../../etc/passwd", SIMPLE, owner="acme")
    with pytest.raises(TemplateError, match="not text"):
        templates.add("bytes", b"Subject: x", owner="acme")


def test_includes_resolve_through_the_layers(tmp_path: Path, context: dict[str, Any]) -> None:
    templates = TemplateSet(tmp_path)
    templates.add("signature", "-- \n{{ me.name }}, sent with care", owner="sig")
    templates.add("note", 'Subject: Hi\n\nHello.\n{% include "signature" %}\n', owner="sig")
    assert templates.render("note", context).body.endswith("Alex Morgan, sent with care\n")
    user_template(tmp_path, "signature", "-- \n{{ me.name }} (user)")
    assert templates.render("note", context).body.endswith("Alex Morgan (user)\n")


# -- errors ---------------------------------------------------------------------------


def test_unknown_kind_lists_known_ones(context: dict[str, Any]) -> None:
    with pytest.raises(TemplateError, match="no template 'nope'; known: feedback_request"):
        TemplateSet().render("nope", context)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Hello there\n\nbody\n", "must start with a 'Subject: ...' line"),
        ("Subject:   \n\nbody\n", "must start with a 'Subject: ...' line"),
        ("\n\nbody only\n", "must start with a 'Subject: ...' line"),
        ("Subject: fine\n\n\n", "has an empty body"),
        ("Subject: {{ compnay }}\n\nbody\n", "'compnay' is undefined"),
        ("Subject: x\n\n{{ 1 // 0 }}\n", "failed: integer division or modulo by zero"),
        ("Subject: x\n\n{% include 'missing' %}\n", "includes an unknown template 'missing'"),
        ("Subject: x\n\n{{ 'a' * 10**9 }}\n", "stopped by the sandbox"),
        ("Subject: x\n\n{{ 2 ** 10000 }}\n", "stopped by the sandbox"),
        ("Subject: x\n\n{{ range(10**9) | list }}\n", "The sandbox blocks ranges"),
    ],
)
def test_broken_user_templates_name_the_template(
    tmp_path: Path, context: dict[str, Any], source: str, message: str
) -> None:
    path = user_template(tmp_path, "thank_you", source)
    with pytest.raises(TemplateError) as info:
        TemplateSet(tmp_path).render("thank_you", context)
    text = str(info.value)
    assert text.startswith(f"template 'thank_you' (user: {path})")
    assert message in text
    assert "\n" not in text


def test_a_syntax_error_in_a_user_file_gives_its_line(
    tmp_path: Path, context: dict[str, Any]
) -> None:
    user_template(tmp_path, "thank_you", "Subject: x\n\n{% for %}\n")
    with pytest.raises(TemplateError, match=r"'thank_you' \(user: .*\) line 3: "):
        TemplateSet(tmp_path).render("thank_you", context)


def test_an_unreadable_user_file_is_a_template_error(
    tmp_path: Path, context: dict[str, Any]
) -> None:
    (tmp_path / "thank_you.txt.j2").write_bytes(b"Subject: \xff\xfe\n\nbody")
    with pytest.raises(TemplateError, match="cannot be read"):
        TemplateSet(tmp_path).render("thank_you", context)


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ joiner.__init__.__globals__['__builtins__'] }}",
        "{{ lipsum.__globals__ }}",
        "{{ me.__class__ }}",
        "{{ self._TemplateReference__context }}",
        "{{ namespace.__init__.__globals__ }}",
        "{% set x = ''.format.__self__ %}{{ x }}",
        "{{ company.format_map.__globals__ }}",
    ],
)
def test_sandbox_escapes_are_stopped(tmp_path: Path, context: dict[str, Any], attack: str) -> None:
    user_template(tmp_path, "thank_you", f"Subject: x\n\n{attack}\n")
    with pytest.raises(TemplateError) as info:
        TemplateSet(tmp_path).render("thank_you", context)
    message = str(info.value)
    assert message.startswith("template 'thank_you' (user: ")
    assert "\n" not in message


def test_plugin_templates_are_sandboxed_too(context: dict[str, Any]) -> None:
    templates = TemplateSet()
    templates.add("evil", "Subject: x\n\n{{ ''.__class__.__mro__ }}\n", owner="shady")
    with pytest.raises(TemplateError, match=r"'evil' \(plugin: shady\) was stopped by the sandbox"):
        templates.render("evil", context)


def test_no_html_escaping_in_plain_text(context: dict[str, Any]) -> None:
    templates = TemplateSet()
    templates.add("amp", "Subject: {{ company }}\n\n{{ company }}\n", owner="t")
    draft = templates.render("amp", context | {"company": "Procter & Gamble <PG>"})
    assert draft.subject == "Procter & Gamble <PG>"
    assert draft.body == "Procter & Gamble <PG>\n"
