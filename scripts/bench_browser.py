"""Chromium timings (issue 14; not in CI): a fresh server's first page, sign-in → overview
rendered, a reload, and a deep link to the profile, each against a real server started by
``serve.py`` (``--plain``: by ``streamlit run app.py``, to compare).

Run: ``.venv/bin/python scripts/bench_browser.py [--db URL] [--repeat N]`` (default: the demo
data in a temporary SQLite file). Prints the median of N runs in seconds; nothing is asserted.

How a page counts as rendered (docs: /work/shared/STACK-NOTES.md, "Measuring in the browser"):
the element it must show is visible and ``[data-testid="stApp"]``'s ``data-test-script-state``
is not ``running``; the time is taken at that moment (the script must then stay idle for a
second, which is checked but not counted). Targets: each ≤ 2.0 s.
- *first page*: a server just started (healthy, nobody has visited it): opening ``/`` until
  the sign-in form is shown;
- *sign-in*: typing done, click on 登录 until the overview's cards are shown;
- *reload*: ``page.reload()`` on the overview (the cookie signs in again) until its cards;
- *deep link*: ``page.goto(/profile?agency=ID)`` from another page, until the profile's cards.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TARGET = 2.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(url: str, env_extra: dict[str, str] | None = None, plain: bool = False) -> Iterator[str]:
    """``serve.py`` (or ``streamlit run app.py``) on a free port against ``url``; yields the base URL once
    healthy."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "DASHBOARD_DEMO": "1", **(env_extra or {})}
    env.pop("DASHBOARD_COOKIE_KEY", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            *(["-m", "streamlit", "run", "app.py"] if plain else ["serve.py"]),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("streamlit did not become healthy") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def rendered(page: Any, locator: Any, start: float, timeout: float = 60.0) -> float:
    """Seconds from ``start`` until ``locator`` is visible with the script not running (then
    waits, uncounted, until the script has stayed idle for a second)."""
    app = page.locator('[data-testid="stApp"]')
    deadline = time.perf_counter() + timeout
    done = None
    while time.perf_counter() < deadline:
        running = app.get_attribute("data-test-script-state") == "running"
        if not running and locator.count() and locator.first.is_visible():
            done = done or time.perf_counter()
            if time.perf_counter() - done >= 1.0:
                return done - start
        else:
            done = None
        page.wait_for_timeout(50)
    raise TimeoutError("the page did not render")


def sign_in(page: Any, username: str) -> float:
    """Fill the form (uncounted) and time the click until the overview's cards. The cookie
    component reruns the script once after the form first shows, which can drop typing: then
    the form is filled again and the click timed again."""
    for attempt in range(3):
        page.get_by_role("textbox", name="用户名").fill(username)
        page.get_by_role("textbox", name="密码").fill(f"demo-{username}")
        start = time.perf_counter()
        page.get_by_role("button", name="登录").click()
        try:
            return rendered(page, page.get_by_test_id("stMetric"), start, timeout=30)
        except TimeoutError:
            if attempt == 2:
                page.screenshot(path="bench-browser-failed.png")
                raise
    raise AssertionError("unreachable")


def wait_for_cookie(page: Any) -> None:
    from ui.auth import COOKIE_NAME

    for _ in range(100):
        if any(c["name"] == COOKIE_NAME for c in page.context.cookies()):
            return
        page.wait_for_timeout(100)


def one_run(
    browser: Any, url: str, agency_id: int, username: str, plain: bool = False
) -> dict[str, float]:
    out: dict[str, float] = {}
    with serve(url, plain=plain) as base:
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        page = context.new_page()
        start = time.perf_counter()
        page.goto(base + "/")
        out["first page"] = rendered(page, page.get_by_role("textbox", name="用户名"), start)
        page.wait_for_timeout(1500)  # as a person would take to type (the cookie rerun)
        out["sign-in → overview"] = sign_in(page, username)
        wait_for_cookie(page)
        start = time.perf_counter()
        page.reload()
        out["reload (overview)"] = rendered(page, page.get_by_test_id("stMetric"), start)
        start = time.perf_counter()
        page.goto(f"{base}/profile?agency={agency_id}")
        out["deep link (profile)"] = rendered(page, page.get_by_test_id("stMetric"), start)
        context.close()
    return out


def _demo_database() -> str:
    from data_access.db import make_engine
    from data_access.migrate import upgrade_to_head
    from data_access.seed import seed_demo

    path = Path(tempfile.mkdtemp(prefix="bench-browser-")) / "demo.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to_head(engine)
    seed_demo(engine)
    engine.dispose()
    return f"sqlite:///{path}"


def _an_agency(url: str) -> int:
    from sqlalchemy import text

    from data_access.db import make_engine

    engine = make_engine(url)
    with engine.connect() as conn:
        found = conn.execute(
            text(
                "SELECT ra.agency_id FROM round_agency ra JOIN evaluation_round r "
                "ON r.id = ra.round_id ORDER BY r.year DESC, ra.agency_id LIMIT 1"
            )
        ).scalar_one()
    engine.dispose()
    return int(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="database URL (default: the demo in a temporary file)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--user", default="leader")
    parser.add_argument(
        "--copy", action="store_true", help="work on a copy of the --db SQLite file"
    )
    parser.add_argument(
        "--plain", action="store_true", help="streamlit run app.py, not serve.py (to compare)"
    )
    args = parser.parse_args()
    url = args.db or _demo_database()
    if args.copy and url.startswith("sqlite:///"):
        copy = Path(tempfile.mkdtemp(prefix="bench-browser-")) / "copy.db"
        shutil.copyfile(url.split("///", 1)[1], copy)
        url = f"sqlite:///{copy}"
    agency_id = _an_agency(url)

    from playwright.sync_api import sync_playwright

    runs: list[dict[str, float]] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for i in range(args.repeat):
            runs.append(one_run(browser, url, agency_id, args.user, args.plain))
            print(f"run {i + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in runs[-1].items()))
        browser.close()
    launcher = "streamlit run app.py" if args.plain else "serve.py"
    print(f"\n## Chromium ({launcher}, {args.user}; median of {len(runs)}, s; target ≤ {TARGET})")
    print("step | median | min | max")
    for key in runs[0]:
        values = [r[key] for r in runs]
        mark = "" if statistics.median(values) <= TARGET else " ✗"
        print(
            f"{key} | {statistics.median(values):.2f}{mark} | {min(values):.2f} | {max(values):.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
