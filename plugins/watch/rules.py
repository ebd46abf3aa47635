"""Which rule reads which file: collected from ``register_watch_rules``.

Each plugin's implementation is called on its own (like the kernel collects
event types), so one plugin that raises loses only its own rules. Two rules
claiming the same suffix do not both run: the first registered wins (hooks
are called in pluggy's order, so a third-party plugin's rule comes before a
built-in default marked ``trylast``) and the loser is logged.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runnerup import RunnerupError, WatchResult, WatchRule, get_logger, parse_jsonl

if TYPE_CHECKING:
    from runnerup import Kernel


def collect_rules(kernel: Kernel) -> dict[str, WatchRule]:
    """Lower-case suffix -> the rule that reads it."""
    log = get_logger("runnerup.watch")
    by_suffix: dict[str, WatchRule] = {}
    owners: dict[str, str] = {}
    for impl in reversed(kernel.pm.hook.register_watch_rules.get_hookimpls()):
        found: list[Any] = []
        try:
            impl.function(**{a: found.append for a in impl.argnames})
        except Exception as exc:
            log.error(
                "plugin failed", plugin=impl.plugin_name, error=f"{type(exc).__name__}: {exc}"
            )
            continue
        for rule in found:
            if not isinstance(rule, WatchRule):
                log.error("not a WatchRule", plugin=impl.plugin_name, rule=repr(rule))
                continue
            for suffix in rule.suffixes:
                key = suffix.lower() if suffix.startswith(".") else f".{suffix.lower()}"
                if key in by_suffix:
                    log.warning(
                        "duplicate watch rule ignored",
                        suffix=key,
                        kept=f"{owners[key]}:{by_suffix[key].name}",
                        ignored=f"{impl.plugin_name}:{rule.name}",
                    )
                    continue
                by_suffix[key] = rule
                owners[key] = impl.plugin_name
    return by_suffix


def rule_for(name: str, rules: dict[str, WatchRule]) -> WatchRule | None:
    """The rule for the longest suffix of ``name`` that has one (``.tar.gz`` before ``.gz``)."""
    lower = name.lower()
    best: str | None = None
    for suffix in rules:
        fits = lower.endswith(suffix) and len(lower) > len(suffix)
        if fits and (best is None or len(suffix) > len(best)):
            best = suffix
    return rules[best] if best is not None else None


def read_jsonl(path: Path, data: bytes, kernel: Kernel) -> WatchResult:
    """A batch of events, validated as a whole (as ``events import`` does) before any is kept.

    The watcher records the result under the same idempotency key as ``runnerup
    events import`` (``import:<sha256>``), so importing the file by hand and
    dropping it into the folder never adds it twice.
    """
    try:
        items = parse_jsonl(data, kernel, path.name)
    except RunnerupError as exc:
        raise ValueError(str(exc)) from None
    count = len(items)
    return WatchResult(
        events=items,
        summary=f"{count} event{'s' if count != 1 else ''} imported",
    )


def jsonl_key(data: bytes) -> str:
    return "import:" + hashlib.sha256(data).hexdigest()


JSONL_RULE = WatchRule(
    name="jsonl",
    suffixes=(".jsonl",),
    handle=read_jsonl,
    description="a batch of events in JSON lines, all or nothing",
    options={"idempotency_key": jsonl_key},
)
