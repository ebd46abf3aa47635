"""A throwaway PostgreSQL server for tests and benchmarks.

Uses Debian's binaries (``/usr/lib/postgresql/<major>/bin``), installing the
``postgresql`` package first only when running as root and ``CI=true`` or
``RUNNERUP_PG_INSTALL=1``. As root the server runs as the ``postgres`` user
(PostgreSQL refuses to run as root) through ``runuser``. It listens on
127.0.0.1 and a free port, keeps its socket in its temporary folder, and is
removed on :meth:`TempPostgres.stop`. Any failure is a :class:`PgUnavailable`
whose message says why, so the caller can skip.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PREFERRED_MAJOR = "15"


class PgUnavailable(Exception):
    """No PostgreSQL server could be started; the message says why."""


def find_bindir() -> Path | None:
    preferred = Path(f"/usr/lib/postgresql/{PREFERRED_MAJOR}/bin")
    if (preferred / "initdb").exists():
        return preferred
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def install_allowed() -> bool:
    return os.geteuid() == 0 and (
        os.environ.get("CI", "").lower() == "true" or os.environ.get("RUNNERUP_PG_INSTALL") == "1"
    )


def ensure_binaries() -> Path:
    bindir = find_bindir()
    if bindir is not None:
        return bindir
    if not install_allowed():
        raise PgUnavailable(
            "PostgreSQL binaries not found (install 'postgresql', or set RUNNERUP_PG_INSTALL=1 as root, "
            "or RUNNERUP_TEST_PG_URL to use a running server)"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "postgresql"]
    try:
        subprocess.run(install, env=env, capture_output=True, check=False, timeout=900)
        if find_bindir() is None:  # a fresh image may have no package lists yet
            subprocess.run(
                ["apt-get", "update", "-q"], env=env, capture_output=True, check=False, timeout=900
            )
            subprocess.run(install, env=env, capture_output=True, check=False, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PgUnavailable(f"apt-get install postgresql failed: {exc}") from None
    bindir = find_bindir()
    if bindir is None:
        raise PgUnavailable("apt-get install postgresql did not provide initdb")
    return bindir


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TempPostgres:
    """initdb + pg_ctl start in a temporary folder; :attr:`url` names a fresh database."""

    def __init__(self, *, durable: bool = False, database: str = "runnerup_test") -> None:
        self.durable = durable
        self.database = database
        self.folder: Path | None = None
        self.port = 0
        self.url = ""
        self._bindir: Path | None = None

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        assert self._bindir is not None
        cmd = [str(self._bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)

    def start(self) -> str:
        self._bindir = ensure_binaries()
        if os.geteuid() == 0 and shutil.which("runuser") is None:
            raise PgUnavailable("running as root but 'runuser' is missing")
        self.folder = Path(tempfile.mkdtemp(prefix="runnerup-pg-"))
        data = self.folder / "data"
        if os.geteuid() == 0:
            try:
                shutil.chown(self.folder, "postgres", "postgres")
            except (LookupError, OSError) as exc:
                self.stop()
                raise PgUnavailable(
                    f"cannot hand the data folder to the postgres user: {exc}"
                ) from None
        done = self._run(
            "initdb", "-D", str(data), "-U", "postgres", "-E", "UTF8", "--locale=C", "-A", "trust"
        )
        if done.returncode != 0:
            self.stop()
            raise PgUnavailable(f"initdb failed: {_last_line(done)}")
        settings = [f"-c listen_addresses=127.0.0.1 -k {self.folder} -c max_connections=200"]
        if not self.durable:
            settings.append("-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        for _ in range(3):
            self.port = free_port()
            started = self._run(
                "pg_ctl", "start", "-w", "-t", "60", "-D", str(data), "-l", str(self.folder / "log"),
                "-o", f"-p {self.port} " + " ".join(settings),
            )  # fmt: skip
            if started.returncode == 0:
                break
        else:
            log = (
                (self.folder / "log").read_text(errors="replace")
                if (self.folder / "log").exists()
                else ""
            )
            self.stop()
            raise PgUnavailable(f"pg_ctl start failed: {_last_line(started) or log.strip()[-300:]}")
        self._create_database()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/{self.database}"
        return self.url

    def _create_database(self) -> None:
        import psycopg

        admin = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        try:
            with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
                conn.execute(f'CREATE DATABASE "{self.database}"')
        except psycopg.Error as exc:
            self.stop()
            raise PgUnavailable(f"cannot create the test database: {exc}") from None

    def stop(self) -> None:
        if self.folder is None:
            return
        data = self.folder / "data"
        if (data / "postmaster.pid").exists():
            self._run("pg_ctl", "stop", "-D", str(data), "-m", "immediate", "-w")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None


@contextmanager
def teardown_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM (``timeout``, CI cancelling a job) into KeyboardInterrupt.

    Python dies on SIGTERM without running finalizers, which would leave the
    server running; an interrupt lets pytest tear the session down.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous not in (signal.SIG_DFL, None):
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt("SIGTERM")

    signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _last_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = [ln for ln in (done.stderr or done.stdout or "").splitlines() if ln.strip()]
    return lines[-1].strip() if lines else f"exit status {done.returncode}"
