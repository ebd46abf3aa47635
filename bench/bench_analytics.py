"""Analytics on a 100,000-event home: ``stats`` and ``board`` as whole processes.

    .venv/bin/python bench/bench_analytics.py [--events 100000] [--runs 10] [--home DIR]

Builds a home with a seeded, realistic job search (applications with their
interviews and outcomes, feedback with themes, the follow-through drafts and
reminders, 2-4 outreach letters per work day, plan updates) written through
the store directly (``kernel.encode`` + ``store.append_many``, the bytes a
``record`` would write, minus the reactors), marks the reactors as caught up,
warms the checkpoints, then times, as separate processes (median of
``--runs``, with min and max):

- ``python -c pass`` (the floor every command pays);
- ``runnerup stats --json`` on an empty home (interpreter, imports, plugins);
- ``runnerup stats --json`` with the checkpoint current;
- ``runnerup board`` with the checkpoint current;
- ``runnerup stats --json --as-of NOW``: a full replay of the analytics
  projection (no checkpoint is used for a past moment).

The commands run round-robin so that load drift hits all alike. It also
times, in process, the fold of the analytics projection from position 0
(events/s) and the analytics part of ``stats`` (checkpoint view + compute,
best of 20). Prints a Markdown table for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from runnerup import NewEvent
from runnerup.config import load_settings
from runnerup.envelope import Meta, StreamWrite
from runnerup.events.application import (
    ApplicationRejected,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    FeedbackReceived,
    InterviewCompleted,
    InterviewScheduled,
    OfferReceived,
    ResponseReceived,
)
from runnerup.events.draft import DraftCreated, DraftMarkedSent
from runnerup.events.plan import OutreachSent, PlanUpdated
from runnerup.events.reminder import ReminderDone, ReminderScheduled
from runnerup.kernel import open_kernel
from runnerup.plugin_manager import make_plugin_manager
from runnerup.store import Checkpoint

COMPANIES = ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum", "Proseware"]
ROLES = ["Data Engineer", "Senior Data Engineer", "Analytics Engineer", "ML Engineer"]
THEMES = ["experience", "technical-depth", "communication", "culture-fit", "domain-knowledge"]
BATCH = 5_000


def search(rng: random.Random, start: date) -> Any:
    """Yield ``NewEvent``s of a busy search, day by day, forever."""
    day, app_no = start, 0
    first = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    yield NewEvent(
        data=PlanUpdated(target_min=2, target_max=4, roles_added=["Data Engineer"]),
        occurred_at=first,
    )
    while True:
        at = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
        if day.weekday() < 5:
            for _ in range(rng.randint(2, 4)):
                yield NewEvent(
                    data=OutreachSent(company=rng.choice(COMPANIES), on=day), occurred_at=at
                )
            for _ in range(rng.choice([1, 1, 2])):
                app_no += 1
                yield from application(rng, app_no, at)
        if day.day == 1:
            yield NewEvent(data=PlanUpdated(note="monthly review"), occurred_at=at)
        day += timedelta(days=1)


def application(rng: random.Random, n: int, at: datetime) -> Any:
    company, role = rng.choice(COMPANIES), rng.choice(ROLES)
    app = f"{company.lower()}-{role.lower().replace(' ', '-')}-{n}"

    def ev(event: Any, days: float) -> NewEvent:
        return NewEvent(data=event, occurred_at=at + timedelta(days=days))

    yield ev(
        ApplicationSubmitted(application=app, company=company, role=role, source="linkedin"), 0
    )
    fate = rng.random()
    if fate < 0.35:  # ghosted: never a word
        return
    yield ev(ResponseReceived(application=app), rng.randint(2, 10))
    rounds = rng.choice([0, 1, 1, 2, 3])
    for r in range(1, rounds + 1):
        yield ev(
            InterviewScheduled(application=app, round=r, at=at + timedelta(days=10 + 4 * r)),
            9 + 4 * r,
        )
        yield ev(InterviewCompleted(application=app, round=r), 10 + 4 * r)
    end = 12 + 4 * rounds
    if fate > 0.97:
        yield ev(OfferReceived(application=app), end)
        return
    if fate > 0.9:
        yield ev(ApplicationWithdrawn(application=app, reason="poor fit"), end)
        return
    stage = "interview" if rounds else "screening"
    yield ev(ApplicationRejected(application=app, stage=stage), end)
    for kind in ("thank-you", "reflect", "keep-in-touch-30"):
        rid = f"{app}.{kind}"
        yield ev(
            ReminderScheduled(
                reminder=rid,
                title=kind,
                due=(at + timedelta(days=end + 1)).date(),
                kind=kind,
                application=app,
            ),
            end,
        )
    yield ev(
        DraftCreated(
            draft=f"{app}.thank-you",
            kind="thank_you",
            subject="Thank you",
            body="…",
            application=app,
        ),
        end,
    )
    if rng.random() < 0.8:
        yield ev(ReminderDone(reminder=f"{app}.thank-you"), end + 1)
        yield ev(DraftMarkedSent(draft=f"{app}.thank-you"), end + 1)
    if rounds:
        yield ev(
            DraftCreated(
                draft=f"{app}.feedback",
                kind="feedback_request",
                subject="Feedback?",
                body="…",
                application=app,
            ),
            end,
        )
        yield ev(DraftMarkedSent(draft=f"{app}.feedback"), end + 1)
        if rng.random() < 0.4:
            yield ev(
                FeedbackReceived(application=app, text="more depth", themes=rng.sample(THEMES, 2)),
                end + 5,
            )


def first_monday(count: int, seed: int) -> date:
    """The Monday to start on so that ``count`` events end before today."""
    probe, events = date(2000, 1, 3), search(random.Random(seed), date(2000, 1, 3))
    last = probe
    for _ in range(count):
        when = next(events).occurred_at
        if when is not None:
            last = when.date()
    weeks = (last - probe).days // 7 + 2
    today = date.today()
    return today - timedelta(days=today.weekday() + 7 * weeks)


def build_home(home: Path, count: int, seed: int = 11) -> int:
    """Write ``count`` events into a fresh SQLite home; return the head position."""
    pm = make_plugin_manager(load_entrypoints=False, env={})
    kernel = open_kernel(pm, load_settings(home=str(home), env={}))
    meta = Meta(actor="bench")
    events = search(random.Random(seed), first_monday(count, seed))
    written = 0
    while written < count:
        chunk = [next(events) for _ in range(min(BATCH, count - written))]
        writes: list[StreamWrite] = []
        for stream, pending in kernel.encode(chunk, meta=meta):
            if writes and writes[-1].stream == stream:
                writes[-1].events.append(pending)
            else:
                writes.append(StreamWrite(stream, [pending]))
        kernel.store.append_many(writes)
        written += len(chunk)
    head = kernel.store.head()[0]
    for name in (
        "kernel.reactors",
        "kernel.effects",
    ):  # caught up: no command replays 100k reactions
        kernel.store.save_checkpoint(Checkpoint(name, 1, head, b""))
    kernel.close()
    return head


def timed(
    commands: dict[str, tuple[list[str], dict[str, str]]], runs: int
) -> dict[str, list[float]]:
    """Wall ms of each command, run round-robin so that load drift hits all alike."""
    out: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (argv, env) in commands.items():
            started = time.perf_counter()
            done = subprocess.run(argv, env=env, capture_output=True)
            out[name].append((time.perf_counter() - started) * 1000)
            if done.returncode != 0:
                raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    return out


def in_process(home: Path, runs: int) -> float:
    """Best ms of the analytics part of ``stats`` (view from the checkpoint + compute)."""
    from runnerup.plugins.analytics.commands import compute_stats

    pm = make_plugin_manager(load_entrypoints=False, env={})
    kernel = open_kernel(pm, load_settings(home=str(home), env={}))
    compute_stats(kernel, None)
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        compute_stats(kernel, None)
        best = min(best, time.perf_counter() - started)
    kernel.close()
    return best * 1000


def fold_rate(home: Path) -> tuple[float, int]:
    """In-process: fold the analytics projection from position 0 (events/s read)."""
    pm = make_plugin_manager(load_entrypoints=False, env={})
    kernel = open_kernel(pm, load_settings(home=str(home), env={}))
    head = kernel.store.head()[0]
    projection = kernel.projections["analytics"]
    read = sum(1 for _ in kernel.store.read(types=kernel.registry.aliases(projection.types)))
    started = time.perf_counter()
    kernel.view("analytics", until=head)
    seconds = time.perf_counter() - started
    kernel.close()
    return read / seconds, read


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--home", type=Path, help="Keep the home here (default: a temporary folder)."
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp) / "home"
        started = time.perf_counter()
        head = build_home(home, args.events)
        print(
            f"built {head} events in {time.perf_counter() - started:.1f} s at {home}",
            file=sys.stderr,
        )
        from cli_bench import installed_python  # a regular install, as users run it

        python = installed_python()
        runnerup = [str(Path(python).with_name("runnerup"))]
        env = {
            "RUNNERUP_HOME": str(home),
            "PATH": "/usr/bin:/bin",
            "XDG_CACHE_HOME": str(Path(tmp) / "cache"),
            "RUNNERUP_LOAD_PLUGINS": "",  # built-in plugins only (see cli_bench.time_command)
        }
        empty = {**env, "RUNNERUP_HOME": str(Path(tmp) / "empty")}
        for warm_env in (env, empty):
            timed({"warm": ([*runnerup, "stats", "--json"], warm_env)}, 1)
        timed({"warm": ([*runnerup, "board"], env)}, 1)
        as_of = datetime.now(UTC).isoformat()
        stats_json = [*runnerup, "stats", "--json"]
        times = timed(
            {
                "python -c pass": ([python, "-c", "pass"], env),
                "runnerup stats --json, empty home (startup)": (stats_json, empty),
                "runnerup stats --json (checkpoint current)": (stats_json, env),
                "runnerup board (checkpoint current)": ([*runnerup, "board"], env),
            },
            args.runs,
        )
        times["runnerup stats --json --as-of NOW (full replay)"] = timed(
            {"replay": ([*runnerup, "stats", "--json", "--as-of", as_of], env)},
            max(3, args.runs // 2),
        )["replay"]
        rows = list(times.items())
        rate, read = fold_rate(home)
        analytics_ms = in_process(home, 20)
    floor = statistics.median(rows[0][1])
    print(f"\n{head:,} events; medians of {args.runs} runs (ms, wall, whole process)\n")
    print("| command | median ms | min | max | x python -c pass |")
    print("|---|---:|---:|---:|---:|")
    for name, ms in rows:
        median = statistics.median(ms)
        print(f"| {name} | {median:.0f} | {min(ms):.0f} | {max(ms):.0f} | {median / floor:.1f}x |")
    print(f"\nanalytics fold from position 0, in process: {read:,} events at {rate:,.0f} events/s")
    print(f"analytics part of stats, in process (checkpoint view + compute): {analytics_ms:.1f} ms")


if __name__ == "__main__":
    main()
