"""One catalog: every key the code uses exists in both languages, no key is built at run
time, a missing key raises under pytest, and unused keys do not pile up."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.catalog import TEXT, translate

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app.py", "manage.py", "pages", "ui", "views", "data_access", "reports", "domain")
# Functions whose first argument is a catalog key.
CALLS = {"t", "translate", "message"}
KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def _sources() -> Iterator[Path]:
    for name in PACKAGES:
        path = ROOT / name
        if path.is_file():
            yield path
        else:
            yield from (p for p in path.rglob("*.py") if "migrations" not in p.parts)


def _calls() -> Iterator[tuple[Path, ast.Call]]:
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name in CALLS:
                    yield path, node


def _literals(node: ast.AST) -> list[str]:
    """The string constants a key expression can evaluate to (a conditional's test is not
    one of them)."""
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def test_there_are_calls_to_check() -> None:
    assert sum(1 for _ in _calls()) > 300


def test_no_key_is_built_at_run_time() -> None:
    built = [
        f"{p.relative_to(ROOT)}:{c.lineno}"
        for p, c in _calls()
        if isinstance(c.args[0], (ast.JoinedStr, ast.BinOp))
        or (isinstance(c.args[0], ast.Call) and getattr(c.args[0].func, "attr", "") == "format")
    ]
    assert built == [], "keys built with f-strings or + cannot be checked: " + ", ".join(built)


def test_every_key_used_exists_in_both_languages() -> None:
    used: dict[str, str] = {}
    for path, call in _calls():
        for key in _literals(call.args[0]):
            used.setdefault(key, f"{path.relative_to(ROOT)}:{call.lineno}")
    # Keys handed on through variables are written out as literals somewhere in the code
    # (tuples and dicts of keys): every literal that names a catalog key counts as used.
    missing = {k: where for k, where in used.items() if k not in TEXT}
    assert missing == {}
    for key, (zh, en) in TEXT.items():
        assert zh.strip() and en.strip(), f"{key} lacks a language"
        # Both languages take the same placeholders.
        assert set(re.findall(r"{(\w+)", zh)) == set(re.findall(r"{(\w+)", en)), key


def test_no_unused_keys() -> None:
    mentioned: set[str] = set()
    for path in _sources():
        if path.parent.name == "texts":
            continue
        mentioned |= {
            s for s in _literals(ast.parse(path.read_text(encoding="utf-8"))) if s in TEXT
        }
    unused = sorted(set(TEXT) - mentioned)
    assert unused == [], f"{len(unused)} keys nothing uses: {unused[:20]}"


def test_a_missing_key_raises_under_pytest() -> None:
    with pytest.raises(KeyError):
        translate("no_such_key_anywhere", "zh")


def test_translate_formats_in_the_chosen_language() -> None:
    assert translate("signed_in_as", "zh", name="王", role="领导") == "当前用户：王（领导）"
    assert (
        translate("signed_in_as", "en", name="Wang", role="Leader") == "Signed in as Wang (Leader)"
    )


def test_texts_contain_no_domain_words_as_keys() -> None:
    # Domain words are labelled once, by domain.vocab; keys are ASCII identifiers.
    bad = [k for k in TEXT if not KEY.match(k)]
    assert bad == []
