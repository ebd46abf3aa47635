"""A fast CLI loop: one process running ``runnerup events append`` COUNT times.

Usage: ``python burst_cli.py PREFIX COUNT``. Each command is the real
``runnerup`` command line (the same plugin manager and click group as the
console script), so it opens the store, appends, runs the reactors and
closes, just as a separate process would, only without the start-up cost,
which keeps the lock busy for the other writers. Prints ``exit N`` after
each command's own output; anything a command wrote to stderr goes to stderr.
"""

from __future__ import annotations

import sys

from runnerup.cli import build_cli
from runnerup.plugin_manager import make_plugin_manager


def main() -> None:
    prefix, count = sys.argv[1], int(sys.argv[2])
    cli = build_cli(make_plugin_manager())
    for i in range(count):
        args = ["events", "append", "outreach.sent", f"company={prefix}{i:03d}", "on=2026-11-18"]
        try:
            cli.main(args=args, prog_name="runnerup", standalone_mode=False)
            status = 0
        except SystemExit as exc:
            status = int(exc.code or 0)
        except Exception as exc:  # click already printed usage errors; this is anything else
            print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
            status = 1
        print(f"exit {status}", flush=True)


if __name__ == "__main__":
    main()
