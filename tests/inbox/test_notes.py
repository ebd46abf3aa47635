"""parse_note: the documented front-matter subset, and errors that name the line."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runnerup.plugins.inbox.notes import InboxParseError, Note, parse_note

REFLECTION = """---
# a reflection after the final round
app: acme-data-engineer        # the application id
kind: reflection
date: 2024-06-12
went_well: "The system design round: I drew before I talked"
unprepared_for: 'Questions about on-call: I hadn''t thought about it'
learned: I do my best work when I can ask questions
do_differently: Prepare two stories about conflict
liked: [the team, "pairing, not whiteboards", 'async culture']
concerns:
  - on-call every other week
  - "no budget for training"   # asked twice
must_haves: remote-first
---

Overall a good process. Next time: *sleep*.

- a Markdown list in the body is body text
"""


def test_reflection_note() -> None:
    note = parse_note(REFLECTION)
    assert note.application == "acme-data-engineer"
    assert note.kind == "reflection"
    assert note.date == "2024-06-12"
    assert note.meta["went_well"] == "The system design round: I drew before I talked"
    assert note.meta["unprepared_for"] == "Questions about on-call: I hadn't thought about it"
    assert note.meta["learned"] == "I do my best work when I can ask questions"
    assert note.meta["liked"] == ["the team", "pairing, not whiteboards", "async culture"]
    assert note.meta["concerns"] == ["on-call every other week", "no budget for training"]
    assert note.meta["must_haves"] == ["remote-first"]
    assert note.body.startswith("Overall a good process.")
    assert note.body.endswith("- a Markdown list in the body is body text")


def test_note_without_front_matter_is_a_journal_entry() -> None:
    note = parse_note("Just thinking out loud.\n\n---\nnot front matter: here\n")
    assert note == Note(body="Just thinking out loud.\n\n---\nnot front matter: here")


def test_application_key_kind_default_and_dots_end_marker() -> None:
    note = parse_note("---\napplication: northwind-sde\ndate: yesterday\n...\nBody")
    assert (note.application, note.kind, note.date, note.body) == (
        "northwind-sde",
        "journal",
        "yesterday",
        "Body",
    )


def test_crlf_bom_and_escapes() -> None:
    text = (
        '\ufeff---\r\nkind: Feedback\r\nquote: "she said \\"fine\\"\\nthen left"\r\n---\r\nok\r\n'
    )
    note = parse_note(text)
    assert note.kind == "feedback"
    assert note.meta["quote"] == 'she said "fine"\nthen left'
    assert note.body == "ok"


def test_values_keep_colons_urls_and_hashes_without_a_space() -> None:
    note = parse_note("---\nurl: https://acme.io/jobs#42\nrole: C# developer\ntime: 10:30\n---\n")
    assert note.meta == {"url": "https://acme.io/jobs#42", "role": "C# developer", "time": "10:30"}


def test_empty_values_and_empty_lists() -> None:
    note = parse_note("---\napp:\nliked:\nconcerns: []\nmust_haves: ''\n---\n")
    assert note.application is None
    assert note.meta == {"app": "", "liked": [], "concerns": [], "must_haves": []}


def test_unknown_keys_are_kept() -> None:
    note = parse_note("---\nmood: tired\ntags: [a, b]\n---\n")
    assert note.meta == {"mood": "tired", "tags": ["a", "b"]}


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("---\nkind: reflection\n", 1, "never closed"),
        ("---\nkind: diary\n---\n", 2, "kind must be one of"),
        ("---\napp: x\njust a sentence\n---\n", 3, "expected 'key: value'"),
        ("---\napp: x\n\napp: y\n---\n", 4, "duplicate key 'app'"),
        ("---\napp:\n  nested: 1\n---\n", 3, "nested mappings"),
        ("---\n- orphan item\n---\n", 2, "list item without"),
        ("---\nnote: |\n  text\n---\n", 2, "block scalars"),
        ('---\nx: "unterminated\n---\n', 2, "unterminated"),
        ('---\nx: "a" b\n---\n', 2, "after the closing quote"),
        ("---\nx: [a, b\n---\n", 2, "closing ']'"),
        ("---\nx: [a, [b]]\n---\n", 2, "nested lists"),
        ("---\nx: &anchor value\n---\n", 2, "unsupported YAML"),
        ('---\nx: "bad \\q escape"\n---\n', 2, "escape"),
        ("---\nwent_well: [a, b]\n---\n", 2, "single value"),
        ("---\napplication: a\napp: b\n---\n", 3, "both 'application' and 'app'"),
        ("---\nkey:value\n---\n", 2, "expected 'key: value'"),
    ],
)
def test_malformed_front_matter_names_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(InboxParseError) as info:
        parse_note(text)
    message = str(info.value)
    assert message.startswith(f"line {line}: "), message
    assert fragment in message
    assert "\n" not in message


_FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(st.text(max_size=800))
def test_arbitrary_text_parses_or_raises(text: str) -> None:
    try:
        note = parse_note(text)
    except InboxParseError:
        return
    assert note.kind in ("reflection", "journal", "feedback")


_fm_lines = st.one_of(
    st.sampled_from(
        [
            "kind: reflection",
            "kind: nope",
            "app: x",
            "liked:",
            "  - item",
            "- item",
            "# c",
            'x: "q',
            "x: [a, 'b']",
            "went_well: [a]",
            "",
            "   ",
            "date: 2024-01-01",
            "a: 'it''s'",
        ]
    ),
    st.text(max_size=40),
)


@_FUZZ
@given(st.lists(_fm_lines, max_size=15), st.booleans())
def test_front_matter_shaped_text_parses_or_raises(lines: list[str], closed: bool) -> None:
    text = "\n".join(["---", *lines, *(["---"] if closed else []), "body"])
    try:
        note = parse_note(text)
    except InboxParseError as exc:
        assert str(exc).startswith("line ")
        return
    assert all(isinstance(v, (str, list)) for v in note.meta.values())
