"""scoring/ stays pure: no UI, database, file or network code (STYLE: the shape of the house)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SCORING = Path(__file__).resolve().parents[2] / "scoring"
FORBIDDEN = {
    "streamlit",
    "sqlalchemy",
    "psycopg",
    "psycopg2",
    "requests",
    "urllib",
    "socket",
    "pathlib",
    "os",
    "io",
    "sqlite3",
    "shutil",
    "subprocess",
    "httpx",
}
MODULES = sorted(SCORING.glob("*.py"))


def test_there_are_modules_to_check() -> None:
    # Guards the parametrised tests below against silently checking nothing.
    assert len(MODULES) >= 10


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_imports_nothing_impure(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            bad += [a.name for a in node.names if a.name.split(".")[0] in FORBIDDEN]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in FORBIDDEN:
                bad.append(node.module)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in {"open", "__import__", "exec", "eval"}:
                bad.append(f"{name}() at line {node.lineno}")
    assert bad == [], f"{path.name}: {bad}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_is_typed_and_declares_its_surface(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    assert "from __future__ import annotations" in source
    names = {
        t.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    assert "__all__" in names
    assert len(source.splitlines()) < 420, "keep modules small (STYLE 9)"
