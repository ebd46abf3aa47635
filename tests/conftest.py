"""Shared fixtures for the repository's tests (append new ones; keep each small)."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest


def load_helper(name: str) -> ModuleType:
    """Import ``tests/<name>.py`` without putting tests/ on sys.path."""
    module_name = f"_runnerup_tests_{name}"
    if module_name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            module_name, Path(__file__).with_name(f"{name}.py")
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    return sys.modules[module_name]


# -- PostgreSQL -----------------------------------------------------------------

_pg_skipped: list[str] = []


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """URL of a PostgreSQL database: RUNNERUP_TEST_PG_URL, else a throwaway local server.

    Tests that use it are skipped, with the reason, when no server can be had.
    """
    try:
        import psycopg
    except ImportError:
        _skip_pg("psycopg is not installed (pip install 'runnerup[postgres]')")
    given = os.environ.get("RUNNERUP_TEST_PG_URL")
    if given:
        # Asked for explicitly, so an unreachable server is an error, not a skip.
        try:
            psycopg.connect(given, connect_timeout=10).close()
        except psycopg.Error as exc:
            pytest.fail(
                f"RUNNERUP_TEST_PG_URL cannot be reached: {str(exc).strip().splitlines()[0]}"
            )
        yield given
        return
    pg_server = load_helper("pg_server")
    server = pg_server.TempPostgres()
    try:
        url = server.start()
    except pg_server.PgUnavailable as exc:
        _skip_pg(str(exc))
    try:
        with pg_server.teardown_on_sigterm():
            yield url
    finally:
        server.stop()


def _skip_pg(reason: str) -> None:
    if not _pg_skipped:
        _pg_skipped.append(reason)
    pytest.skip(f"no PostgreSQL server: {reason}")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for reason in _pg_skipped:
        terminalreporter.write_line(f"PostgreSQL tests were skipped: {reason}", yellow=True)
