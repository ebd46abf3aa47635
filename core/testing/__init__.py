"""Testing kit for runnerup and its plugins.

Shipped with the package and loaded by pytest through a ``pytest11`` entry
point, so a plugin author gets these fixtures with no conftest (see
``docs/plugins/testing.md``):

- ``runnerup_plugins``: the plugins every other fixture registers; empty by
  default. Override it in your conftest to test your plugin everywhere:
  ``return {"salary": runnerup_salary}`` (a mapping name -> plugin, or a list
  of plugin objects).
- ``runnerup_pm``: a plugin manager with the built-in plugins and
  ``runnerup_plugins``, and no installed entry points (tests stay isolated
  from what happens to be installed). A misspelt hook or a bad signature
  fails here with the message a user would see.
- ``runnerup_plugin``: a factory, ``runnerup_plugin(obj, name=None) -> name``,
  that registers a plugin on ``runnerup_pm`` for one test (checked like an
  installed one) and unregisters it afterwards; ``run_cli`` sees it on its
  next call.
- ``runnerup_kernel``: a kernel on the in-memory store built from
  ``runnerup_pm`` (home: ``tmp_path``), closed after the test.
- ``run_cli``: run the command line in-process against a temporary home
  (``run_cli.home``), built from ``runnerup_pm`` on every call; returns a
  :class:`CliResult` with ``exit_code``, ``stdout``, ``stderr`` and
  ``exception``. ``env={"RUNNERUP_NOW": "2026-11-20T10:00:00+01:00"}`` pins
  the clock; ``input=`` feeds stdin.
- ``runnerup_logs``: structlog events captured as dicts.

Outside fixtures: :func:`make_test_kernel` (a kernel with extra plugins, on a
fresh in-memory store), :class:`CliRunner` (``run_cli`` with your own plugin
manager factory), :func:`fold` and :func:`fold_from_checkpoint` (a
projection's fold without a kernel, and its checkpoint resumed half-way). The store conformance suite is
:class:`runnerup.testing.conformance.StoreConformance`.
"""

from __future__ import annotations

from .harness import CliResult, CliRunner, fold, fold_from_checkpoint, make_test_kernel

__all__ = ["CliResult", "CliRunner", "fold", "fold_from_checkpoint", "make_test_kernel"]
