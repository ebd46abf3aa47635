"""A 100,000-event home for whole-process timings, and the timer."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kernel_bench import _writes
from runnerup.store import Checkpoint
from runnerup.store.sqlite import SQLiteStore
from workload import generate


def build_home(n: int) -> Path:
    """A home holding ``n`` generated events, as an import leaves it.

    The history is marked as already reacted to (an import of old events
    would have run its reactions then), and one ``events replay`` writes
    every projection's checkpoint, so the timed commands see a current home.
    """
    home = Path(tempfile.mkdtemp(prefix="runnerup-bench-home-"))
    store = SQLiteStore(f"sqlite:///{home / 'events.db'}")
    store.append_many(_writes(list(generate(n))))
    head = store.head()[0]
    for name in ("kernel.reactors", "kernel.effects"):
        store.save_checkpoint(Checkpoint(name, 1, head, b""))
    store.close()
    env = {**os.environ, "RUNNERUP_HOME": str(home)}
    subprocess.run(
        [sys.executable, "-m", "runnerup", "events", "replay"],
        env=env,
        capture_output=True,
        check=True,
    )
    return home


def installed_python() -> str:
    """A Python that runs runnerup as ``pip install .`` leaves it, not as an editable checkout.

    Its ``bin`` folder holds the ``runnerup`` console script.

    An editable install adds an import hook to every process (tens of
    milliseconds on ``python -c pass`` alone) that no user has. So the timed
    commands run in a throwaway venv holding a regular install of this
    checkout, with the dependencies taken from the current environment
    through a ``.pth`` line (no network, and no editable hook: the ``.pth``
    files of the added folder are not processed).
    """
    import site
    import sysconfig
    import venv

    root = Path(tempfile.mkdtemp(prefix="runnerup-bench-venv-"))
    venv.EnvBuilder(with_pip=False, symlinks=True).create(root)
    python = root / "bin" / "python"
    target = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    here = Path(__file__).resolve().parent.parent
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            target,
            str(here),
        ],
        check=True,
        capture_output=True,
    )
    deps = [sysconfig.get_paths()["purelib"], *site.getsitepackages()]
    (Path(target) / "_bench_deps.pth").write_text("\n".join(dict.fromkeys(deps)) + "\n")
    # The console script, as pip writes it (``python -m runnerup`` would add runpy's imports).
    script = root / "bin" / "runnerup"
    script.write_text(
        f"#!{python}\nimport sys\nfrom runnerup.cli import main\n\nsys.exit(main())\n"
    )
    script.chmod(0o755)
    return str(python)


def time_command(cmd: list[str], home: Path, runs: int) -> list[float]:
    """Wall times of ``cmd``; a failing command stops the benchmark (a fast error is no result)."""
    env = {
        **os.environ,
        "RUNNERUP_HOME": str(home),
        # The built-in plugins only: plugins installed editable in the
        # developer's environment cannot load in the installed copy.
        "RUNNERUP_LOAD_PLUGINS": "",
    }
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, check=False)
        values.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode(errors='replace')}")
    return values
