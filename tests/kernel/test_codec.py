"""The registry: tags, duplicates, unknown types kept opaque, upcasters on golden payloads."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from runnerup import Event, EventValidationError, RegistrationError, UnknownEvent
from runnerup.codec import EventRegistry, Upcaster
from runnerup.envelope import Stored

GOLDEN = Path(__file__).parent / "golden"


class Rejected(Event, tag="t.rejected"):
    """Test event."""

    application: str
    stage: str = "interview"
    themes: list[str] = []


def make_registry() -> EventRegistry:
    reg = EventRegistry()
    reg.register(Rejected, "plugin-a")
    return reg


def test_encode_then_decode_by_type_column() -> None:
    reg = make_registry()
    name, data = reg.encode(Rejected(application="acme", themes=["x"]))
    assert name == "t.rejected"
    assert reg.decode(name, data) == Rejected(application="acme", themes=["x"])


def test_duplicate_tag_names_both_plugins() -> None:
    reg = make_registry()

    class Other(Event, tag="t.rejected"):
        """Clash."""

        application: str

    with pytest.raises(RegistrationError) as err:
        reg.register(Other, "plugin-b")
    assert "plugin-a" in str(err.value) and "plugin-b" in str(err.value)


def test_unknown_type_is_kept_opaque_with_payload_intact() -> None:
    reg = make_registry()
    payload = b'{"type":"salary.negotiated","amount":90000}'
    event = reg.decode("salary.negotiated", payload)
    assert isinstance(event, UnknownEvent)
    assert event.payload == payload
    assert event.as_dict()["amount"] == 90000


def test_undecodable_payload_of_known_type_is_kept_not_raised() -> None:
    reg = make_registry()
    event = reg.decode("t.rejected", b'{"application": 5}')
    assert isinstance(event, UnknownEvent)


def test_validate_names_field_and_type() -> None:
    reg = make_registry()
    with pytest.raises(EventValidationError) as err:
        reg.validate("t.rejected", {"application": "acme", "themes": "nope"})
    assert "themes" in str(err.value) and "array" in str(err.value)


# Golden fixtures: payloads as an older version of runnerup stored them.
def _upcast_v1(payload: dict) -> dict:
    # v1 called the field "app" and had "reason" instead of "stage".
    if "app" in payload:
        payload["application"] = payload.pop("app")
    if "reason" in payload:
        payload["stage"] = {"cv": "applied"}.get(payload.pop("reason"), "interview")
    return payload


@pytest.mark.parametrize("fixture", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_golden_old_payloads_upcast(fixture: Path) -> None:
    case = json.loads(fixture.read_text())
    reg = make_registry()
    reg.register_upcaster(Upcaster("t.rejected", _upcast_v1))
    reg.register_upcaster(Upcaster("t.turned_down", _upcast_v1, to_type="t.rejected"))
    stored = case["stored_type"]
    event = reg.decode(stored, json.dumps(case["payload"]).encode())
    assert msgspec.to_builtins(event) == {"type": "t.rejected", **case["expected"]}
    row = Stored(1, "s", 1, stored, json.dumps(case["payload"]).encode(), 0, 0, b"{}", "")
    assert reg.recorded(row).type == "t.rejected"
    assert "t.turned_down" in reg.aliases(["t.rejected"])


@settings(max_examples=300)
@given(st.binary(max_size=300), st.sampled_from(["t.rejected", "nope.unknown", ""]))
def test_decode_never_raises_on_arbitrary_bytes(data: bytes, name: str) -> None:
    reg = make_registry()
    event = reg.decode(name, data)
    assert isinstance(event, Rejected | UnknownEvent)


@settings(max_examples=300)
@given(
    st.text(max_size=40),
    st.sampled_from(["applied", "interview", "final"]),
    st.lists(st.text(max_size=10), max_size=4),
)
def test_encode_decode_round_trip(application: str, stage: str, themes: list[str]) -> None:
    reg = make_registry()
    event = Rejected(application=application, stage=stage, themes=themes)
    assert reg.decode(*reg.encode(event)) == event
