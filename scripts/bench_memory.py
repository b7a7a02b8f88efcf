"""Memory of one app process (issue 14 / issue 15): 20 signed-in sessions and 10 score-sheet
imports in a row on the demo data; the process's RSS must stay under 500 MB.

Run with `.venv/bin/python scripts/bench_memory.py [--sessions 20] [--imports 10]
[--scale demo|small|province] [--pg URL]`. The sessions are AppTest sessions in this one
process — the same process-wide caches a `streamlit run` server holds for its sessions. Each
session opens the overview, the ranking and the profile; after every import (a new data
version) every session opens the overview again. Prints the RSS after each step and the peak
(VmHWM); nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from openpyxl import load_workbook  # noqa: E402
from province_data import SCALES, build_province  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from data_access.db import database_url, make_engine  # noqa: E402
from data_access.migrate import upgrade_to_head  # noqa: E402
from data_access.scope import SYSTEM  # noqa: E402
from data_access.score_sheets import build_score_template, import_score_sheet  # noqa: E402
from data_access.seed import seed_demo  # noqa: E402

ROLES = ("leader", "staff", "agency", "admin")
LIMIT_MB = 500


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size of this process in MB."""
    fields: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = float(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def report(step: str, started: float) -> None:
    now, peak = rss_mb()
    flag = "" if peak <= LIMIT_MB else " ✗"
    print(f"{step} | {now:.0f} | {peak:.0f}{flag} | {time.perf_counter() - started:.1f}")


def signed_in(app: str, role: str) -> Any:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(app, default_timeout=300)
    with contextlib.redirect_stdout(io.StringIO()):  # the cookie mock prints
        at.run()
        at.text_input[0].input(role)
        at.text_input[1].input(f"demo-{role}")
        at.button[0].click()
        at.run()
        at.run()
    return at


def open_page(at: Any, page: str) -> None:
    at.switch_page(f"pages/{page}.py")
    at.run()
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")


def changed_sheet(template: bytes, step: int) -> bytes:
    """The round's score sheet with one team score moved by 0.1 (a real, valid change)."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    team, top = header.index("组评分") + 1, header.index("满分") + 1
    for row in range(2, sheet.max_row + 1):
        value = sheet.cell(row, team).value
        if isinstance(value, int | float):
            maximum = float(sheet.cell(row, top).value or 0)
            sheet.cell(row, team).value = round(min(maximum, max(0.0, value - 0.1 * step)), 1)
            break
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--imports", type=int, default=10)
    parser.add_argument("--scale", choices=("demo", *SCALES), default="demo")
    parser.add_argument("--pg", help="a PostgreSQL server URL (a database is created, dropped)")
    args = parser.parse_args()

    admin = None
    if args.pg:
        admin_url = database_url(args.pg)
        name = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-mem-')) / 'mem.db'}"
    try:
        engine = make_engine(url)
        upgrade_to_head(engine)
        if args.scale == "demo":
            seed_demo(engine)
        else:
            build_province(engine, *SCALES[args.scale])
        with engine.connect() as conn:
            round_id = int(
                conn.execute(text("SELECT id FROM evaluation_round ORDER BY year DESC")).first()[0]  # type: ignore[index]
            )
        os.environ["DATABASE_URL"] = url
        os.environ["DASHBOARD_DEMO"] = "1"
        app = str(Path(__file__).resolve().parents[1] / "app.py")
        started = time.perf_counter()
        print(f"## One process, {args.sessions} sessions, {args.imports} imports ({args.scale})")
        print(f"step | RSS MB | peak MB (≤ {LIMIT_MB}) | elapsed s")
        report("start", started)
        sessions = []
        for i in range(args.sessions):
            at = signed_in(app, ROLES[i % len(ROLES)])
            for page in ("overview", "ranking", "profile"):
                if ROLES[i % len(ROLES)] == "agency" and page == "ranking":
                    continue
                open_page(at, page)
            sessions.append(at)
            if (i + 1) % 5 == 0:
                report(f"{i + 1} sessions signed in, 3 pages each", started)
        template = build_score_template(engine, SYSTEM, round_id)
        for step in range(1, args.imports + 1):
            import_score_sheet(engine, round_id, changed_sheet(template, step), actor="staff")
            for at in sessions:
                open_page(at, "overview")
            report(f"import {step}, every session reopens the overview", started)
        engine.dispose()
    finally:
        if admin is not None:
            import streamlit as st

            st.cache_resource.clear()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
