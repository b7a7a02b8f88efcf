"""serve.py imports, before the server opens, every module of ours that app.py or a page
imports (directly or through another module of ours), except the PDF reports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import serve

ROOT = Path(__file__).resolve().parents[1]
OURS = ("domain", "scoring", "data_access", "views", "ui", "reports")


def _imports(path: Path) -> set[str]:
    """The modules of ours a file imports, anywhere in it (also inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # "from ui import auth": the submodule, where it is one
            found.update(
                f"{node.module}.{a.name}"
                for a in node.names
                if (ROOT / node.module.replace(".", "/") / f"{a.name}.py").exists()
            )
    return {name for name in found if name.split(".")[0] in OURS}


def test_preload_covers_what_the_app_and_its_pages_import() -> None:
    loaded = set(serve.preload())
    entry = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    wanted = set().union(*(_imports(p) for p in entry))
    assert "ui.router" in wanted and "ui.auth" in loaded  # the sign-in page's path
    # The briefings page alone needs the PDF library: imported on its first use.
    missing = {m for m in wanted if not m.startswith("reports")} - loaded
    assert missing == set()
    assert not any(name.startswith("reports") for name in loaded)
    # and they are in this process's modules, as the server will find them
    assert all(name in sys.modules for name in loaded)


def test_nothing_that_declares_a_component_is_imported_before_the_server() -> None:
    """In a new process as the server's: after preload the sign-in library is not imported
    (its cookie component would never register), and a module importing it at its top is
    refused with the rule."""
    script = (
        "import sys, serve\n"
        "serve.preload()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in serve.DECLARES_COMPONENTS))\n"
        "sys.meta_path.insert(0, serve._Refuse())\n"
        "try:\n"
        "    import streamlit_authenticator\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "[]"
    assert "declares a Streamlit component" in out[1]


def test_arguments_go_to_streamlit_run(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[list[str]] = []
    monkeypatch.setattr(sys, "argv", ["serve.py", "--server.port", "8765"])
    monkeypatch.setattr(serve, "preload", lambda: [])

    import streamlit.web.cli as cli

    monkeypatch.setattr(cli, "main", lambda: seen.append(list(sys.argv)))
    serve.main()
    assert seen == [["streamlit", "run", str(ROOT / "app.py"), "--server.port", "8765"]]
