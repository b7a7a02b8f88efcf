"""A real `streamlit run` server and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


SERVED_DBS: dict[str, Path] = {}  # base URL -> the SQLite file that server uses


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} missing (apt-get install chromium)")
        pytest.skip("Debian chromium not installed")
    return CHROMIUM


@contextlib.contextmanager
def serve(sqlite_url: str, workdir: Path) -> Iterator[str]:
    """Run the dashboard (serve.py) on a free port against a copy of the given SQLite file;
    its log in workdir."""
    db = workdir / f"browser-{uuid.uuid4().hex[:8]}.db"
    shutil.copyfile(Path(sqlite_url.split("///", 1)[1]), db)
    port = _free_port()
    # No background warm-up: on two cores its re-scoring after every write competed with the
    # page being driven (lists re-rendered under the click); the tests time the pages as a user
    # meets them after a write, cold.
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DASHBOARD_DEMO": "1",
        "DASHBOARD_WARM_ROUNDS": "0",
    }
    env.pop("DASHBOARD_COOKIE_KEY", None)
    root = Path(__file__).resolve().parents[2]
    log_path = workdir / f"streamlit-{port}.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "serve.py",  # the launcher users run: streamlit run app.py, the modules imported
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        # A file, not a pipe: nobody reads a pipe while the tests run, and a server whose
        # warnings filled it would block in the middle of a page.
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    SERVED_DBS[base] = db
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(
                        "streamlit did not become healthy: "
                        + log_path.read_text(errors="replace")[-2000:]
                    ) from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def server(sqlite_demo_url: str, tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """One server for the session's browser tests."""
    with serve(sqlite_demo_url, tmp_path_factory.mktemp("browser")) as base:
        yield base


@pytest.fixture()
def fresh_server(sqlite_demo_url: str, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A server nobody has visited yet (first requests take other code paths)."""
    with serve(sqlite_demo_url, tmp_path) as base:
        yield base


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    p = context.new_page()
    yield p
    context.close()


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
