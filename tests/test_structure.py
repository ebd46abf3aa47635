"""The repository's shape: packaging, the public API boundary, docs that cannot drift."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAPPING = {
    "runnerup": ROOT / "core",
    "runnerup.events": ROOT / "events",
    "runnerup.plugins": ROOT / "plugins",
}


def _package_folders() -> set[str]:
    names = set()
    for package, folder in MAPPING.items():
        for init in folder.rglob("__init__.py"):
            rel = init.parent.relative_to(folder)
            if rel.parts and rel.parts[0] in MAPPING_NESTED.get(package, ()):
                continue
            names.add(".".join([package, *rel.parts]))
    return names


# core/ must not claim events/ or plugins/ (they are mapped separately)
MAPPING_NESTED: dict[str, tuple[str, ...]] = {}


def test_every_package_folder_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert config["package-dir"] == {k: v.name for k, v in MAPPING.items()}
    assert set(config["packages"]) == _package_folders()


PUBLIC = re.compile(r"^runnerup(\.events(\..+)?|\.store|\.packed|\.testing(\..+)?)?$")


def _plugin_imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


@pytest.mark.parametrize(
    "path", sorted((ROOT / "plugins").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_builtin_plugins_import_only_the_public_api(path: Path) -> None:
    plugin = path.relative_to(ROOT / "plugins").parts[0]
    own = f"runnerup.plugins.{plugin.removesuffix('.py')}"
    bad = [
        f"line {line}: {module}"
        for line, module in _plugin_imports(path)
        if module.startswith("runnerup")
        and not PUBLIC.match(module)
        and not (module == own or module.startswith(own + "."))
    ]
    assert not bad, f"{path.name} reaches past the public API: {bad}"


def test_reference_docs_are_current() -> None:
    # A fresh interpreter: other tests add commands to module-level click groups.
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "generate.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def _hook_names() -> list[str]:
    from runnerup import hookspecs

    return sorted(n for n, f in vars(hookspecs).items() if hasattr(f, "runnerup_spec"))


@pytest.mark.parametrize("hook", _hook_names())
def test_every_hook_has_a_docs_section_and_a_test(hook: str) -> None:
    doc = (ROOT / "docs" / "hooks.md").read_text()
    assert f"## {hook}\n" in doc
    tests = "\n".join(p.read_text() for p in (ROOT / "tests").rglob("test_*.py"))
    assert f"def test_hook_{hook}(" in tests, f"no test_hook_{hook} in tests/"
