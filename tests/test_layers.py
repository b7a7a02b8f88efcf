"""The shape of the house, enforced: which package may import what (STYLE: data flows one way;
nothing below ui/ imports streamlit except data_access's caching wrappers)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package -> top-level modules it must never import
FORBIDDEN: dict[str, set[str]] = {
    "domain": {
        "streamlit",
        "sqlalchemy",
        "psycopg",
        "pandas",
        "altair",
        "data_access",
        "views",
        "ui",
        "pages",
        "reports",
    },
    "scoring": {
        "streamlit",
        "sqlalchemy",
        "psycopg",
        "data_access",
        "views",
        "ui",
        "pages",
        "reports",
    },
    "views": {"streamlit", "ui", "pages"},
    "reports": {"streamlit", "ui", "pages"},
    "data_access": {"views", "ui", "pages", "reports"},
    "ui": {"pages", "sqlalchemy", "psycopg"},  # the UI catches data_access.db.DATABASE_ERRORS
}
ALLOWED = {("data_access", "cache.py", "streamlit")}  # the caching wrappers


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


CASES = [
    (pkg, path)
    for pkg in FORBIDDEN
    for path in sorted((ROOT / pkg).rglob("*.py"))
    if "migrations" not in path.parts
]


def test_every_package_has_modules() -> None:
    assert {pkg for pkg, _ in CASES} == set(FORBIDDEN)


@pytest.mark.parametrize(
    ("package", "path"), CASES, ids=[str(p.relative_to(ROOT)) for _, p in CASES]
)
def test_imports_follow_the_layers(package: str, path: Path) -> None:
    bad = {m for m in _imports(path) & FORBIDDEN[package] if (package, path.name, m) not in ALLOWED}
    assert bad == set(), f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_pages_hold_no_sql_and_stay_short() -> None:
    for path in sorted((ROOT / "pages").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert not _imports(path) & {"sqlalchemy", "psycopg"}, path.name
        assert ".execute(" not in source, path.name
        assert len(source.splitlines()) <= 160, f"{path.name} is long: draw through ui/"


@pytest.mark.parametrize("package", ["domain", "views", "ui", "data_access", "scoring", "reports"])
def test_each_package_says_what_it_holds_and_may_import(package: str) -> None:
    doc = ast.get_docstring(ast.parse((ROOT / package / "__init__.py").read_text("utf-8")))
    assert doc and len(doc) > 80, f"{package}/__init__.py should say what lives there"
