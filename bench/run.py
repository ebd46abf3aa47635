"""Run every benchmark and write bench/RESULTS.md.

    python bench/run.py              # 1,000,000 events, 3 runs each (about 15 minutes)
    python bench/run.py --quick      # 100,000 events, 3 runs (a couple of minutes)

Each figure is the median of several runs with min and max, and each is a
ratio against its baseline measured in the same run, so a slower or busier
machine shifts both sides alike. Nothing here is a test assertion.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def stats(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def fmt_rate(n: int, seconds: list[float]) -> str:
    med, lo, hi = stats(seconds)
    return f"{n / med:,.0f}/s (min {n / hi:,.0f}, max {n / lo:,.0f})"


def section_append_replay(n: int, runs: int, with_es: bool) -> list[str]:
    from kernel_bench import Workbench, _decoders

    bench = Workbench(n)
    times: dict[str, list[float]] = {
        k: [] for k in ("raw_a", "ru_a", "es_a", "raw_r", "ru_r", "ru_all", "es_r")
    }
    decoders = None
    for run in range(runs):
        print(f"  run {run + 1}/{runs}: append", file=sys.stderr)
        t, raw_path = bench.raw_append()
        times["raw_a"].append(t)
        t, ru_path = bench.runnerup_append()
        times["ru_a"].append(t)
        recorder = None
        if with_es:
            t, recorder = bench.eventsourcing_append()
            times["es_a"].append(t)
        print(f"  run {run + 1}/{runs}: replay", file=sys.stderr)
        kernel = bench.kernel(ru_path)
        decoders = decoders or _decoders(kernel)
        kernel.close()
        times["raw_r"].append(bench.raw_replay(raw_path, decoders))
        times["ru_r"].append(bench.runnerup_replay(ru_path))
        if recorder is not None:
            times["es_r"].append(bench.eventsourcing_replay(recorder, decoders))
        if run == 0:
            # ``runnerup events replay``: every projection (the built-in ones
            # and the trivial one), folded in one pass over the log
            kernel = bench.kernel(ru_path)
            start = time.perf_counter()
            kernel.rebuild()
            times["ru_all"].append(time.perf_counter() - start)
            n_projections = len(kernel.projections)
            kernel.close()
    med = {k: statistics.median(v) for k, v in times.items() if v}
    lines = [
        f"### Append and replay, {n:,} events ({runs} runs)",
        "",
        "| workload | rate (median, min, max) | ratio to raw | target |",
        "|---|---|---|---|",
        f"| raw `sqlite3.executemany` (baseline) | {fmt_rate(n, times['raw_a'])} | 1.00x | |",
        f"| **runnerup append** (hash chain, versions, streams) | {fmt_rate(n, times['ru_a'])} | "
        f"**{med['raw_a'] / med['ru_a']:.2f}x** | ≥ 0.7x |",
    ]
    if with_es:
        lines.append(
            f"| eventsourcing `insert_events` | {fmt_rate(n, times['es_a'])} | {med['raw_a'] / med['es_a']:.2f}x | "
            f"runnerup/eventsourcing = **{med['es_a'] / med['ru_a']:.1f}x** (≥ 3x) |"
        )
    lines += [
        f"| raw scan + msgspec decode + dict fold (baseline) | {fmt_rate(n, times['raw_r'])} | 1.00x | |",
        f"| **runnerup replay**, trivial projection | {fmt_rate(n, times['ru_r'])} | "
        f"**{med['raw_r'] / med['ru_r']:.2f}x** | ≥ 0.8x (stretch 1.0x) |",
        f"| runnerup `events replay`: all {n_projections} projections, one pass | {n / med['ru_all']:,.0f}/s | "
        f"{med['raw_r'] / med['ru_all']:.2f}x | |",
    ]
    if with_es:
        lines.append(
            f"| eventsourcing `select_notifications` + same decode and fold | {fmt_rate(n, times['es_r'])} | "
            f"{med['raw_r'] / med['es_r']:.2f}x | runnerup/eventsourcing = **{med['es_r'] / med['ru_r']:.1f}x** (≥ 5x) |"
        )
    return [*lines, ""]


def _memory_probe(path: str) -> None:
    """Child process: replay ``path`` into the trivial projection, print peak RSS in KiB."""
    from kernel_bench import Workbench

    bench = Workbench(0)
    bench.n = -1
    kernel = bench.kernel(Path(path))
    # VmHWM, not ru_maxrss: a child's ru_maxrss counts the parent it was forked from.
    before = _high_water_kib()
    kernel._fold(kernel.projections["bench.trivial"], until=kernel.store.head()[0])
    after = _high_water_kib()
    print(json.dumps({"before": before, "after": after}))


def _high_water_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def section_memory(sizes: list[int]) -> list[str]:
    from kernel_bench import Workbench

    rows = []
    for n in sizes:
        bench = Workbench(n)
        _, path = bench.runnerup_append()
        del bench
        out = subprocess.run(
            [sys.executable, __file__, "--memory-probe", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        data = json.loads(out.stdout)
        rows.append((n, data["before"], data["after"]))
    lines = [
        "### Memory of a full replay",
        "",
        "| events | peak RSS before replay | peak RSS after replay | growth |",
        "|---|---|---|---|",
    ]
    for n, before, after in rows:
        lines.append(
            f"| {n:,} | {before / 1024:.1f} MiB | {after / 1024:.1f} MiB | {(after - before) / 1024:.1f} MiB |"
        )
    return [
        *lines,
        "",
        "Flat in log size: the read streams commits and the fold keeps only its state.",
        "",
    ]


def section_cli(n: int, runs: int) -> list[str]:
    from cli_bench import build_home, installed_python, time_command

    home = build_home(n)
    python = installed_python()  # a regular install: no editable-checkout import hook
    script = str(Path(python).with_name("runnerup"))
    timed: dict[str, list[str]] = {
        "`python -c pass` (baseline)": [python, "-c", "pass"],
        # The floor no command can go under: importing the required packages.
        "`python -c 'import msgspec, click, pluggy, pathlib, sqlite3'` (reference)": [
            python,
            "-c",
            "import msgspec.json, msgspec.msgpack, click, pluggy, pathlib, sqlite3",
        ],
    }
    for args in (["events", "log", "--after", str(n - 5)], ["agenda"], ["board"], ["stats"]):
        timed[f"`runnerup {' '.join(args)}`"] = [script, *args]
        time_command([script, *args], home, 1)  # warm checkpoints
    # Round-robin, so that the machine's load drift hits every row alike.
    values: dict[str, list[float]] = {name: [] for name in timed}
    for _ in range(runs):
        for name, cmd in timed.items():
            values[name] += time_command(cmd, home, 1)
    lines = [
        f"### Whole-process wall time on a {n:,}-event home (checkpoints current, {runs} rounds)",
        "",
        "| command | median | min | max | minus `python -c pass` | target |",
        "|---|---|---|---|---|---|",
    ]
    med = statistics.median(next(iter(values.values())))
    for name, times in values.items():
        m, lo, hi = stats(times)
        over = "" if name.startswith("`python -c pass`") else f"{(m - med) * 1000:.0f} ms"
        target = "< 150 ms" if name.startswith("`runnerup") else ""
        lines.append(
            f"| {name} | {m * 1000:.0f} ms | {lo * 1000:.0f} ms | {hi * 1000:.0f} ms | {over} | {target} |"
        )
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100k events instead of 1M")
    parser.add_argument("--events", type=int)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-eventsourcing", action="store_true")
    parser.add_argument(
        "--only",
        choices=["append", "memory", "cli", "watch", "postgres", "analytics"],
        action="append",
    )
    parser.add_argument("--memory-probe")
    parser.add_argument("--output", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args()
    if args.memory_probe:
        _memory_probe(args.memory_probe)
        return
    n = args.events or (100_000 if args.quick else 1_000_000)
    only = set(args.only or ["append", "memory", "cli", "watch", "postgres", "analytics"])
    out = [
        f"`python bench/run.py{' --quick' if args.quick else ''}` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}, "
        f"{time.strftime('%Y-%m-%d')}. Medians with min and max; ratios against baselines measured in the same run.",
        "",
    ]
    if "append" in only:
        print("append and replay", file=sys.stderr)
        out += section_append_replay(n, args.runs, not args.no_eventsourcing)
    if "memory" in only:
        print("memory", file=sys.stderr)
        out += section_memory([n // 10, n])
    if "cli" in only:
        print("cli", file=sys.stderr)
        out += section_cli(100_000, max(args.runs, 20))
    extra = {
        "watch": [["bench_watch.py"], ["bench_watch.py", "--polling"]],
        "postgres": [["bench_postgres.py", "--events", str(min(n, 100_000))]],
        "analytics": [["bench_analytics.py"]],
    }
    for name, calls in extra.items():
        if name not in only:
            continue
        print(name, file=sys.stderr)
        out += [f"### {name} (`python bench/{' '.join(calls[0])}`)", "", "```text"]
        for call in calls:
            result = subprocess.run(
                [sys.executable, str(HERE / call[0]), *call[1:]], capture_output=True, text=True
            )
            out.append(result.stdout.strip() or f"(failed: {result.stderr.strip()[-300:]})")
        out += ["```", ""]
    text = "\n".join(out).rstrip() + "\n"
    Path(args.output).write_text(_kept_notes(Path(args.output)) + text)
    print(text)


MARKER = "<!-- Everything below is written by bench/run.py. -->"


def _kept_notes(path: Path) -> str:
    """The hand-written part of RESULTS.md (the summary and what the profiles showed).

    It sits above :data:`MARKER` and survives a new run; the measurements
    below the marker are replaced.
    """
    try:
        head, found, _ = path.read_text().partition(MARKER)
    except OSError:
        return MARKER + "\n\n"
    return (head + MARKER + "\n\n") if found else MARKER + "\n\n"


if __name__ == "__main__":
    main()
