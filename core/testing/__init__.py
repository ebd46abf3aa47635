"""Testing kit for runnerup and its plugins.

Shipped with the package and loaded by pytest through a ``pytest11`` entry
point, so a plugin author gets these fixtures with no conftest:

- ``runnerup_pm``: a plugin manager with the built-in plugins and no
  installed entry points (tests stay isolated from what happens to be
  installed); register your plugin on it.
- ``runnerup_kernel``: a kernel on the in-memory store built from ``runnerup_pm``.
- ``run_cli``: run the command line in-process against a temporary home;
  returns a result with ``exit_code``, ``stdout`` and ``stderr``.
- ``runnerup_logs``: structlog events captured as dicts.

The store conformance suite is :mod:`runnerup.testing.conformance`.
"""

from __future__ import annotations

from .harness import CliResult, CliRunner, make_test_kernel

__all__ = ["CliResult", "CliRunner", "make_test_kernel"]
