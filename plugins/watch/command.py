"""``runnerup watch DIR``: the command around the watcher loop.

watchfiles is imported only here, inside the command, so no other command
pays for it. Notifications are only hints (see :mod:`.loop`); the loop wakes
at least every :data:`TICK_MS` to let candidates settle, and on SIGINT or
SIGTERM it finishes the file in hand and exits with status 0 (a second
Ctrl-C does not wait). When watchfiles polls (``WATCHFILES_FORCE_POLLING``,
network folders) it compares modification times to the second, so the
folder is then also rescanned every second.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from runnerup import RunnerupError, get_app, get_kernel

if TYPE_CHECKING:
    from .loop import Report, Watcher

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_INTERVAL = 30.0
DEFAULT_SETTLE_MS = 250
#: Longest the loop sleeps in the notifier before it looks at its candidates again.
TICK_MS = 100
#: Rescan interval when watchfiles polls (WATCHFILES_FORCE_POLLING) instead of being notified.
POLLING_RESCAN = 1.0


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--once", is_flag=True, help="Process what is in FOLDER now, then exit (for cron and tests)."
)
@click.option(
    "--auto-accept/--no-auto-accept",
    default=None,
    help="Apply inbox suggestions at once (default: [watch] auto_accept in config.toml).",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0.5),
    default=None,
    metavar="SECONDS",
    help="Rescan the whole folder this often, to catch missed changes (default 30).",
)
def watch(folder: Path, once: bool, auto_accept: bool | None, interval: float | None) -> None:
    """Turn files dropped into FOLDER into events.

    Emails (.eml) and calendar invites (.ics) become inbox suggestions, notes
    (.md) reflections or journal entries, tracker exports (.csv) applications,
    and event batches (.jsonl) events. Each file is read once (by content, also
    across restarts) when its size has stopped changing; a file that cannot be
    read is moved to FOLDER/.runnerup-quarantine with the reason logged.
    """
    from .loop import Watcher
    from .rules import collect_rules

    app = get_app()
    kernel = get_kernel()
    config = kernel.settings.section("watch")
    if not folder.is_dir():
        raise RunnerupError(f"{folder} is not a folder")
    if auto_accept is not None:
        # The flag overrides the config for this run; rules read it from there.
        kernel.settings.values.setdefault("watch", {})["auto_accept"] = auto_accept
    max_bytes = _positive_int(config.get("max_bytes", DEFAULT_MAX_BYTES), "max_bytes")
    settle = _positive_int(config.get("settle_ms", DEFAULT_SETTLE_MS), "settle_ms") / 1000
    every = interval if interval is not None else _seconds(config.get("interval", DEFAULT_INTERVAL))
    with _stop_on_signals() as stop:
        watcher = Watcher(
            kernel,
            folder,
            collect_rules(kernel),
            max_bytes=max_bytes,
            settle=settle,
            report=_printer(app.json),
            stop=stop,
        )
        watcher.scan()
        watcher.drain()
        if not once and not stop.is_set():
            _loop(watcher, every)


@contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """SIGINT (Ctrl-C) and SIGTERM only set a flag: the file in hand is finished first."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop  # signal handlers can only be set from the main thread
        return
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.getsignal(sig) for sig in signals}

    def request_stop(signum: int, frame: Any) -> None:
        if stop.is_set():  # a second Ctrl-C does not wait for the file in hand
            raise KeyboardInterrupt
        stop.set()

    for sig in signals:
        signal.signal(sig, request_stop)
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _polling() -> bool:
    """Whether watchfiles will poll: its own rule for WATCHFILES_FORCE_POLLING."""
    value = os.environ.get("WATCHFILES_FORCE_POLLING", "")
    return bool(value) and value.lower() not in {"false", "disable", "disabled"}


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0.5:
        raise RunnerupError(f"[watch] interval must be a number of seconds >= 0.5, not {value!r}")
    return float(value)


def _positive_int(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RunnerupError(f"[watch] {key} must be a positive whole number, not {value!r}")
    return value


def _printer(as_json: bool) -> Any:
    def report(item: Report) -> None:
        if as_json:
            line = json.dumps(
                {
                    "file": item.name,
                    "status": item.status,
                    "rule": item.rule,
                    "summary": item.summary,
                    "positions": item.positions,
                },
                ensure_ascii=False,
            )
        else:
            line = item.line()
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    return report


def _loop(watcher: Watcher, interval: float) -> None:
    """Watch until the stop flag is set; notifications only make files candidates."""
    from watchfiles import watch as notifications

    root = watcher.root
    if _polling():
        # The poller compares modification times to the second: two saves
        # within one second (an editor's delete + add) can look like none.
        interval = min(interval, POLLING_RESCAN)
    started = False
    last_scan = time.monotonic()
    for changes in notifications(
        root,
        debounce=TICK_MS,
        step=20,
        rust_timeout=TICK_MS,
        yield_on_timeout=True,
        stop_event=watcher.stop,
        raise_interrupt=False,
        recursive=False,
        poll_delay_ms=TICK_MS,
    ):
        if not started:
            # The notifier is live now: say so, and catch what arrived
            # between the first scan and this moment.
            started = True
            click.echo(f"watching {root} (Ctrl-C to stop)", err=True)
            watcher.scan()
        for _change, changed in changes:
            path = Path(changed)
            if path.parent == root:
                watcher.consider(path.name)
        if time.monotonic() - last_scan >= interval:
            watcher.scan()
            last_scan = time.monotonic()
        watcher.step()
        if watcher.stop.is_set():
            break
