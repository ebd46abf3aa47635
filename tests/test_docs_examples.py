"""The plugin author guide quotes the example plugin word for word, so it cannot drift.

A fenced block in docs/plugins/guide.md whose first line is
``# file: <path>`` must equal that file of docs/examples/runnerup-salary; one
whose first line is ``# excerpt: <path>`` must appear in that file verbatim.
Every module of the example is quoted whole, so the guide builds all of it,
and the example imports only runnerup's public API, as the guide teaches.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "plugins" / "guide.md"
EXAMPLE = ROOT / "docs" / "examples" / "runnerup-salary"

_BLOCK = re.compile(r"^```(\w+)\n# (file|excerpt): (\S+)\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def _blocks() -> list[tuple[str, str, str]]:
    """``(kind, path, text)`` for every marked block of the guide."""
    return [(kind, path, text) for _, kind, path, text in _BLOCK.findall(GUIDE.read_text())]


@pytest.mark.parametrize(
    ("kind", "path", "text"), _blocks(), ids=[f"{k}:{p}" for k, p, _ in _blocks()]
)
def test_guide_block_matches_the_example(kind: str, path: str, text: str) -> None:
    source = EXAMPLE / path
    assert source.is_file(), f"the guide quotes {path}, which the example does not have"
    content = source.read_text()
    if kind == "file":
        assert text == content, f"guide's copy of {path} differs from the file: update the guide"
    else:
        assert text in content, f"guide's excerpt of {path} is not in the file: update the guide"


def test_guide_quotes_every_module_of_the_example_whole() -> None:
    quoted = {path for kind, path, _ in _blocks() if kind == "file"}
    modules = {
        str(p.relative_to(EXAMPLE)) for p in (EXAMPLE / "src" / "runnerup_salary").glob("*.py")
    }
    assert modules, "the example plugin has no modules"
    assert modules <= quoted, f"not in the guide: {sorted(modules - quoted)}"
    assert "pyproject.toml" in quoted


PUBLIC = re.compile(r"^runnerup(\.events(\..+)?|\.store|\.testing(\..+)?)?$")


@pytest.mark.parametrize(
    "path",
    sorted((EXAMPLE / "src").rglob("*.py")),
    ids=lambda p: str(p.relative_to(EXAMPLE)),
)
def test_example_plugin_imports_only_the_public_api(path: Path) -> None:
    """What the guide teaches a third party is what it may rely on across releases."""
    tree = ast.parse(path.read_text(), filename=str(path))
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imported += [
        n.module
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and n.level == 0 and n.module
    ]
    bad = [m for m in imported if m.split(".")[0] == "runnerup" and not PUBLIC.match(m)]
    assert not bad, f"{path.name} reaches past the public API: {bad}"
