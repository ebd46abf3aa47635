"""The tone check: calm drafts pass, stormy ones are caught with the right category."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from runnerup.plugins.drafting.render import TemplateSet
from runnerup.plugins.drafting.tone import ToneWarning, check_tone

KINDS = [
    "thank_you",
    "feedback_request",
    "keep_in_touch",
    "interview_thanks",
    "ghosted_follow_up",
    "pain_letter",
    "informational",
    "mentor_update",
]


def categories(text: str) -> set[str]:
    return {w.category for w in check_tone(text)}


def phrases(text: str) -> list[str]:
    return [w.phrase for w in check_tone(text)]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("variant", ["full", "sparse", "caps_company"])
def test_every_builtin_draft_is_calm(kind: str, variant: str, context: dict[str, Any]) -> None:
    if variant == "sparse":
        context |= {"contact": None, "feedback": None, "days_since": None, "extra": {}}
        context |= {"interviewed_on": None, "rejected_on": None, "round": None}
    allow: tuple[str, ...] = ()
    if variant == "caps_company":
        context["company"] = "IKEA"
        allow = ("IKEA",)
    draft = TemplateSet().render(kind, context)
    assert check_tone(f"{draft.subject}\n{draft.body}", allow=allow) == []


@pytest.mark.parametrize(
    ("text", "category", "phrase"),
    [
        ("Your decision is ridiculous.", "hostile", "ridiculous"),
        ("Honestly this was a waste of my time.", "hostile", "waste of my time"),
        ("The panel was incompetent.", "hostile", "incompetent"),
        ("How dare you ghost me for a month?", "hostile", "How dare"),
        ("Your interview process is a joke.", "hostile", "joke"),
        ("What the hell happened?", "hostile", "hell"),
        ("This is bullshit.", "hostile", "bullshit"),
        ("Stupid questions, all of them.", "hostile", "Stupid"),
        ("The process was unfair.", "blaming", "unfair"),
        ("You should have read my portfolio.", "blaming", "You should have"),
        ("I am disappointed in you.", "blaming", "disappointed in you"),
        ("It is your fault the role stayed open.", "blaming", "your fault"),
        ("You made a mistake rejecting me.", "blaming", "mistake"),
        ("I think this was a big mistake.", "blaming", "mistake"),
        ("I demand feedback.", "demanding", "demand"),
        ("I insist on a second interview.", "demanding", "I insist"),
        ("You must tell me why.", "demanding", "You must"),
        ("I expect an explanation by Friday.", "demanding", "I expect an explanation"),
        ("Please reconsider immediately.", "demanding", "reconsider immediately"),
        ("After all that work you owe me a call.", "demanding", "owe me"),
        ("Please reconsider my application.", "pleading", "Please reconsider"),
        ("I am begging you for a chance.", "pleading", "begging"),
        ("Could you give me one more chance?", "pleading", "one more chance"),
        ("That is UNACCEPTABLE.", "shouting", "UNACCEPTABLE"),
        ("Why would you do that?!", "shouting", "?!"),
        ("Really!!", "shouting", "!!"),
    ],
)
def test_stormy_phrases_are_flagged(text: str, category: str, phrase: str) -> None:
    found = [w for w in check_tone(text) if w.category == category]
    assert [w.phrase for w in found] == [phrase]
    warning = found[0]
    assert text[warning.start : warning.end] == warning.phrase
    assert warning.phrase.lower() in warning.reason.lower()


def test_a_stormy_email_gets_every_category() -> None:
    email = (
        "Subject: YOUR DECISION\n\n"
        "Dana, the process was unfair and frankly ridiculous!! "
        "I demand that you reconsider my application. Please, I am desperate!"
    )
    assert categories(email) == {"shouting", "blaming", "hostile", "demanding", "pleading"}
    warnings = check_tone(email)
    assert warnings == sorted(warnings, key=lambda w: w.start)


def test_three_exclamation_marks_anywhere_are_shouting() -> None:
    text = "Thanks! Great to meet you! Talk soon!"
    [warning] = check_tone(text)
    assert warning.category == "shouting"
    assert warning.start == text.index("soon!") + 4
    assert "3 exclamation marks" in warning.reason


def test_a_single_run_is_reported_once() -> None:
    assert phrases("No way!!!") == ["!!!"]


def test_two_exclamation_marks_apart_are_fine() -> None:
    assert check_tone("Thank you! Have a great weekend!") == []


@pytest.mark.parametrize(
    "text",
    [
        "I learned from my mistakes in the system design round.",
        "The mistakes I made in the SQL exercise taught me a lot.",
        "That was a mistake on my part, and I have fixed it since.",
        "I made my own mistakes, and I know which ones.",
    ],
)
def test_self_owned_mistakes_are_reflection(text: str) -> None:
    assert check_tone(text) == []


def test_a_self_owned_mistake_aimed_at_the_reader_is_still_blame() -> None:
    text = "My mistake was trusting that you would read my portfolio."
    assert categories(text) == {"blaming"}


@pytest.mark.parametrize(
    "text",
    [
        "Hello Dana, I hope you are well.",  # hell in hello
        "The class assessment went well.",  # ass in class/assessment
        "My brother is a jokester.",  # joke in jokester
        "I will begin the new course on Monday.",  # beg in begin
        "We use HTTP, JSON and GDPR-compliant storage at NASA.",
        "Our stack: HTTP2, S3, EC2 and Kafka.",
        "The OKRS and KPIS are aligned.",
        "I expect to hear from the team soon.",
        "This was fair and I understand the decision.",
        "I'd be glad to be considered if anything opens up.",
    ],
)
def test_calm_text_is_not_flagged(text: str) -> None:
    assert check_tone(text) == []


def test_allow_lets_names_in_capitals_through() -> None:
    text = "Thank you for the time at ACME DATA."
    assert phrases(text) == ["ACME", "DATA"]
    assert check_tone(text, allow=["ACME Data"]) == []


def test_matching_ignores_case_whitespace_and_curly_apostrophes() -> None:
    assert phrases("you\n  SHOULD   have asked") == ["you\n  SHOULD   have", "SHOULD"]
    assert categories("You shouldn\u2019t have ghosted me.") == {"blaming"}


def test_capitals_in_other_scripts_count() -> None:
    assert categories("Das ist UNMÖGLICH.") == {"shouting"}


def test_warning_is_a_frozen_struct_that_encodes() -> None:
    [warning] = check_tone("This is unfair.")
    with pytest.raises(AttributeError):
        warning.start = 0
    decoded = msgspec.json.decode(msgspec.json.encode(warning), type=ToneWarning)
    assert decoded == warning
    assert msgspec.structs.asdict(warning) == {
        "phrase": "unfair",
        "reason": decoded.reason,
        "category": "blaming",
        "start": 8,
        "end": 14,
    }


@given(st.text(max_size=300))
def test_check_tone_never_raises_and_spans_are_exact(text: str) -> None:
    for warning in check_tone(text):
        assert text[warning.start : warning.end] == warning.phrase
        assert warning.category in {"hostile", "demanding", "blaming", "shouting", "pleading"}


STORMY_WORDS = st.sampled_from(
    ["unfair", "ridiculous", "DEMAND", "owe me", "begging", "!!", "you must", "joke"]
)


@given(
    prefix=st.text(alphabet=st.characters(categories=["Zs", "Ll"]), max_size=40),
    word=STORMY_WORDS,
)
def test_a_stormy_word_after_a_space_is_always_caught(prefix: str, word: str) -> None:
    assert check_tone(f"{prefix} {word}.") != []
