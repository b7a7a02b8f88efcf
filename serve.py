"""Serve the dashboard: ``streamlit run app.py`` in this process, with the app's own modules
imported before the server opens, so a fresh server's first page does not wait for them
(issue 14: 1.4 s of the first page's 3.8 s were imports done on the first visit).

    python serve.py --server.port 8501 --server.address 0.0.0.0

Every argument goes to ``streamlit run app.py`` as it is; ``streamlit run app.py`` still
works, and then the first visitor after a start waits for the imports.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# Everything a page may import, except reports (the PDF library: only the briefings page).
PACKAGES = ("domain", "scoring", "data_access", "views", "ui")


def preload() -> list[str]:
    """Import every module of PACKAGES; returns their names. Decorating a cached function
    before the server exists only checks its parameters (the cache itself is made at the
    first call, in the server), so Streamlit's "no runtime" notice is silenced meanwhile."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    quiet = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    names: list[str] = []
    try:
        for package in PACKAGES:
            module = importlib.import_module(package)
            names.append(package)
            for info in pkgutil.walk_packages(module.__path__, package + "."):
                importlib.import_module(info.name)
                names.append(info.name)
    finally:
        quiet.setLevel(level)
    return names


def main() -> None:
    preload()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
