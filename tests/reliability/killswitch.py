"""The real ``runnerup`` command line plus a plugin that SIGKILLs its own process.

Usage: ``python killswitch.py ARGS...`` (the arguments of ``runnerup``).
With ``KILL_ON_REACT=<event type>`` the process kills itself on the first
reactor call for an event of that type, before any other reactor sees it;
with ``KILL_ON_EFFECT=<event type>`` on the first ``apply_effects`` call for
one. Without either it is plain ``runnerup``. SIGKILL runs no handler and no
``finally``: what the log holds afterwards is what a crash leaves.
"""

from __future__ import annotations

import os
import signal
from typing import Any

from runnerup import hookimpl
from runnerup.cli import build_cli
from runnerup.plugin_manager import make_plugin_manager, register


def _maybe_die(variable: str, event: Any) -> None:
    if os.environ.get(variable) == event.type:
        os.kill(os.getpid(), signal.SIGKILL)


class KillSwitch:
    @hookimpl(tryfirst=True)
    def handle_event(self, event: Any) -> None:
        _maybe_die("KILL_ON_REACT", event)

    @hookimpl(tryfirst=True)
    def apply_effects(self, event: Any) -> None:
        _maybe_die("KILL_ON_EFFECT", event)


def main() -> None:
    pm = make_plugin_manager()
    register(pm, KillSwitch(), "killswitch")
    os.umask(0o077)
    build_cli(pm).main(prog_name="runnerup")


if __name__ == "__main__":
    main()
