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
# What the sign-in's library imports, without the library itself (below).
THIRD_PARTY = ("requests", "PIL.Image", "captcha.image", "cryptography.fernet", "jwt", "bcrypt")
# Modules that declare a Streamlit component when imported: the component registers with the
# server only when declared inside a script run, so imported here its iframe would be
# missing (the sign-in cookie never written). They must be imported where they are used.
DECLARES_COMPONENTS = ("streamlit_authenticator", "extra_streamlit_components")


class _Refuse:
    """A finder that refuses DECLARES_COMPONENTS while preloading, naming the rule."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.split(".")[0] in DECLARES_COMPONENTS:
            raise ImportError(
                f"{name} declares a Streamlit component when imported: import it inside the "
                "function that uses it (in a script run), not at a module's top (serve.py)"
            )
        return None


def preload() -> list[str]:
    """Import every module of PACKAGES (and THIRD_PARTY); returns their names. Decorating a
    cached function before the server exists only checks its parameters (the cache itself is
    made at the first call, in the server), so Streamlit's "no runtime" notice is silenced
    meanwhile."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    # (its logger made first: Streamlit sets a logger's level when it makes it)
    quiet = logging.getLogger(
        importlib.import_module("streamlit.runtime.caching.cache_data_api").__name__
    )
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    refuse = _Refuse()
    sys.meta_path.insert(0, refuse)
    names: list[str] = []
    try:
        for name in THIRD_PARTY:
            try:
                importlib.import_module(name)
            except ModuleNotFoundError:  # another version of the sign-in library: no matter
                continue
        for package in PACKAGES:
            module = importlib.import_module(package)
            names.append(package)
            for info in pkgutil.walk_packages(module.__path__, package + "."):
                importlib.import_module(info.name)
                names.append(info.name)
    finally:
        sys.meta_path.remove(refuse)
        quiet.setLevel(level)
    return names


def main() -> None:
    preload()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
