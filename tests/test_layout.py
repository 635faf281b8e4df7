"""The layout keeps its shape: stages as folders, imports one way, modules of a readable size.

These are the rules of ``../README.md`` "How it works" checked on the code itself, so a change
that breaks one fails here with the module named.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("gazetteer", "dashboard")
#: No module is longer than this many lines.
MAX_LINES = 600


def _modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", _modules(), ids=_rel)
def test_module_is_at_most_600_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{_rel(path)} has {lines} lines (limit {MAX_LINES}): split it"


#: (folder, a module prefix it must never import, why)
RULES = [
    ("gazetteer", "dashboard", "data flows one way: the reading library knows no store or UI"),
    ("gazetteer", "streamlit", "the reading library has no web server"),
    ("dashboard/map", "streamlit", "the map builder is a pure function tested by rendering HTML"),
    ("dashboard/store", "streamlit", "the store is used by the CLI as well as the app"),
    ("dashboard/store", "dashboard.ui", "the store knows nothing of the UI"),
    ("dashboard/map", "dashboard.ui", "the map knows nothing of the UI"),
]


@pytest.mark.parametrize(("folder", "banned", "why"), RULES, ids=[f"{f}-{b}" for f, b, _ in RULES])
def test_imports_run_one_way(folder: str, banned: str, why: str) -> None:
    offenders = [
        _rel(path)
        for path in sorted((ROOT / folder).rglob("*.py"))
        if any(name == banned or name.startswith(banned + ".") for name in _imports(path))
    ]
    assert not offenders, f"{offenders} import {banned}: {why}"


@pytest.mark.parametrize(
    "folder",
    ["gazetteer/text", "gazetteer/places", "gazetteer/extract", "gazetteer/extract/grammar",
     "dashboard/store", "dashboard/map", "dashboard/ui", "dashboard/commands"],
)
def test_every_stage_folder_says_what_it_is(folder: str) -> None:
    init = ROOT / folder / "__init__.py"
    assert init.is_file(), f"{folder} is not a package"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert doc and len(doc.split()) >= 8, f"{folder}/__init__.py: say in a docstring what it holds"
