"""Two app processes behind nginx on one PostgreSQL (issue 14; not in CI).

Run: ``.venv/bin/python scripts/bench_two_process.py [--pg URL] [--sessions 20] [--seconds 120]``
(needs Debian's nginx: ``apt-get install -y nginx``, and /usr/bin/chromium). It:

1. creates a fresh PostgreSQL database with the demo data (dropped at the end);
2. starts two ``python serve.py`` processes with the settings every process of one
   deployment needs alike (DATABASE_URL, DASHBOARD_COOKIE_KEY, DASHBOARD_TRUST_PROXY=1) and
   nginx in front of them (sticky sessions, websockets passed through);
3. *visibility*: one browser session on each process (each opened on its own process's port)
   shows an agency's profile; a score sheet is then imported into the open round by a third
   process (this script, through ``import_score_sheet``, as the 评分表 page does); each
   session's next page load must show the new composite — the time until it does is printed;
4. *load*: N sessions through nginx, spread over both processes (production uses ``ip_hash``;
   every session here comes from 127.0.0.1, so the test upstream hashes a per-session header
   instead — the same stickiness), each loading overview → ranking → profile in turn, all at
   once, for the given time; every page must render without an error element. Prints loads,
   errors, median and 95th-percentile load time, and how nginx spread the sessions.
"""

from __future__ import annotations

import argparse
import io
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_browser import CHROMIUM, CHROMIUM_ARGS, _free_port, rendered, serve  # noqa: E402

NGINX_CONF = """
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 1024; }}
http {{
  log_format bench '$http_x_bench_client $upstream_addr $status $request_uri';
  access_log {dir}/access.log bench;
  client_body_temp_path {dir}/body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  upstream dashboard {{
    # production: ip_hash;  (here every client is 127.0.0.1)
    hash $http_x_bench_client consistent;
    server 127.0.0.1:{a};
    server 127.0.0.1:{b};
  }}
  server {{
    listen 127.0.0.1:{port};
    client_max_body_size 60m;
    location / {{
      proxy_pass http://dashboard;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout 86400;
      proxy_buffering off;
    }}
  }}
}}
"""


def _sign_in(page: Any, base: str, path: str = "/") -> None:
    page.goto(base + path)
    rendered(page, page.get_by_role("textbox", name="用户名"), time.perf_counter(), timeout=240)
    page.wait_for_timeout(1500)
    for _ in range(3):
        page.get_by_role("textbox", name="用户名").fill("leader")
        page.get_by_role("textbox", name="密码").fill("demo-leader")
        page.get_by_role("button", name="登录").click()
        try:
            rendered(page, page.get_by_test_id("stMetric"), time.perf_counter(), timeout=240)
            return
        except TimeoutError:
            continue
    raise RuntimeError("could not sign in")


def _errors(page: Any) -> int:
    return int(
        page.get_by_test_id("stException").count()
        + page.locator('[data-testid="stAlertContentError"]').count()
    )


def _composite(page: Any, base: str, agency_id: int) -> str:
    start = time.perf_counter()
    page.goto(f"{base}/profile?agency={agency_id}")
    rendered(page, page.get_by_test_id("stMetric"), start, timeout=240)
    return str(page.get_by_test_id("stMetricValue").first.inner_text()).strip()


def _zero_sheet(engine: Any, round_id: int, agency: str) -> bytes:
    """The open round's score sheet with every team score of ``agency`` set to 0."""
    from openpyxl import load_workbook

    from data_access.scope import SYSTEM
    from data_access.score_sheets import build_score_template

    wb = load_workbook(io.BytesIO(build_score_template(engine, SYSTEM, round_id)))
    ws = wb.active
    assert ws is not None
    for row in ws.iter_rows(min_row=2):
        if row[0].value == agency and row[5].value is not None:
            row[5].value = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def visibility(browser: Any, engine: Any, bases: tuple[str, str]) -> None:
    from sqlalchemy import text

    from data_access.results import whole_round_result
    from data_access.score_sheets import import_score_sheet
    from domain.fmt import fmt_num

    with engine.connect() as conn:
        round_id, agency_id, name = conn.execute(
            text(
                "SELECT r.id, a.id, a.name FROM evaluation_round r JOIN round_agency ra "
                "ON ra.round_id = r.id JOIN agency a ON a.id = ra.agency_id "
                "WHERE r.status = '评估中' ORDER BY a.id LIMIT 1"
            )
        ).one()
    pages = []
    for base in bases:
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        page = context.new_page()
        _sign_in(page, base)
        pages.append(page)
    before = [_composite(p, b, agency_id) for p, b in zip(pages, bases, strict=True)]
    import_score_sheet(engine, round_id, _zero_sheet(engine, round_id, name), actor="bench")
    imported = time.perf_counter()
    result = whole_round_result(engine, round_id)
    expected = fmt_num(result.summary.set_index("agency_id").loc[agency_id, "composite"])
    print(f"\n## Visibility: {name}, round {round_id}: composite {before} → expected {expected}")
    for i, (page, base) in enumerate(zip(pages, bases, strict=True)):
        shown = _composite(page, base, agency_id)
        print(
            f"process {i + 1} ({base}): next page load shows {shown} "
            f"({'ok' if shown == expected else 'WRONG'}), {time.perf_counter() - imported:.2f} s "
            "after the import committed"
        )
        page.context.close()


def load(browser: Any, front: str, sessions: int, seconds: float, agency_id: int) -> None:
    contexts = []
    for i in range(sessions):
        context = browser.new_context(
            viewport={"width": 1366, "height": 768},
            locale="zh-CN",
            extra_http_headers={"X-Bench-Client": f"session-{i}"},
        )
        page = context.new_page()
        _sign_in(page, front)
        contexts.append(page)
    paths = ["/overview", "/ranking", f"/profile?agency={agency_id}"]
    times: list[float] = []
    errors = failures = 0
    rounds = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        path = paths[rounds % len(paths)]
        start = time.perf_counter()
        for page in contexts:  # every session asks at once
            page.goto(front + path, wait_until="commit")
        for page in contexts:
            try:
                times.append(rendered(page, page.get_by_test_id("stMain"), start, timeout=120))
            except TimeoutError:
                failures += 1
            errors += _errors(page)
        rounds += 1
    for page in contexts:
        page.context.close()
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))] if times else float("nan")
    print(f"\n## {sessions} sessions through nginx for {seconds:.0f} s")
    print(
        f"page loads {len(times)} (each a round of all sessions at once: {rounds}), "
        f"error elements {errors}, not rendered within 120 s {failures}; load time median "
        f"{statistics.median(times):.2f} s, p95 {p95:.2f} s (from the moment all asked)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        print("nginx missing: apt-get install -y nginx")
        return 2

    from playwright.sync_api import sync_playwright
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from data_access.db import make_engine
    from data_access.migrate import upgrade_to_head
    from data_access.seed import seed_demo

    name = f"twoproc_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.pg).set(database=name).render_as_string(hide_password=False)
    work = Path(tempfile.mkdtemp(prefix="twoproc-"))
    try:
        engine = make_engine(url)
        upgrade_to_head(engine)
        seed_demo(engine)
        with engine.connect() as conn:
            agency_id = conn.execute(
                text("SELECT min(agency_id) FROM round_agency WHERE round_id = 3")
            ).scalar_one()
        # What every process of one deployment shares: the database, the cookie key (a
        # cookie issued by one process signs in on the other), the proxy setting.
        shared = {
            "DASHBOARD_COOKIE_KEY": secrets.token_urlsafe(32),
            "DASHBOARD_TRUST_PROXY": "1",
        }
        with serve(url, shared) as base_a, serve(url, shared) as base_b:
            port = _free_port()
            conf = work / "nginx.conf"
            conf.write_text(
                NGINX_CONF.format(
                    dir=work,
                    a=base_a.rsplit(":", 1)[1],
                    b=base_b.rsplit(":", 1)[1],
                    port=port,
                )
            )
            proxy = subprocess.Popen(
                [nginx, "-p", str(work), "-c", str(conf), "-g", "daemon off;"],
                stderr=subprocess.PIPE,
            )
            time.sleep(1)
            if proxy.poll() is not None:
                raise RuntimeError(proxy.stderr.read().decode() if proxy.stderr else "nginx")
            try:
                with sync_playwright() as pw:
                    browser = pw.chromium.launch(
                        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                    )
                    visibility(browser, engine, (base_a, base_b))
                    load(
                        browser,
                        f"http://127.0.0.1:{port}",
                        args.sessions,
                        args.seconds,
                        int(agency_id),
                    )
                    browser.close()
            finally:
                proxy.terminate()
                proxy.wait(timeout=10)
            spread: Counter[tuple[str, str]] = Counter()
            for line in (work / "access.log").read_text().splitlines():
                client, upstream, *_ = line.split(" ")
                if client.startswith("session-"):
                    spread[(client, upstream)] += 1
            per_upstream = Counter(upstream for _client, upstream in spread)
            sticky = len({c for c, _u in spread}) == len(spread)
            print(
                f"sessions per process: {dict(per_upstream)}; every session on one process "
                f"only: {sticky}"
            )
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
