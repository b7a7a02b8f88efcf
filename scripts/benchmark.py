"""Benchmark: scoring a whole round, and rendering each page in AppTest (cold and warm).

Run with `make bench` (or `.venv/bin/python scripts/benchmark.py [--pg URL] [--repeat N]`).
Prints medians; nothing is asserted. Uses a fresh SQLite file with the demo data (and, with
--pg, a fresh PostgreSQL database that it drops afterwards).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from data_access.db import database_url, make_engine  # noqa: E402
from data_access.migrate import upgrade_to_head  # noqa: E402
from data_access.round_inputs import load_round_inputs  # noqa: E402
from data_access.seed import seed_demo  # noqa: E402
from scoring import score_round  # noqa: E402


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def bench_scoring(engine: Engine, label: str, repeat: int) -> None:
    print(f"\n## Scoring a round ({label}; median of {repeat} runs, ms)")
    print("round | agencies | load inputs | score_round | load + score")
    for round_id in (1, 2, 3):
        inputs, config, year = load_round_inputs(engine, round_id)
        load = median_ms(partial(load_round_inputs, engine, round_id), repeat)
        score = median_ms(partial(score_round, inputs, config), repeat)
        print(f"{year} | {len(inputs.agencies)} | {load:.1f} | {score:.1f} | {load + score:.1f}")


def bench_pages(url: str, repeat: int) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["DATABASE_URL"] = url
    os.environ["DASHBOARD_DEMO"] = "1"
    app = str(Path(__file__).resolve().parents[1] / "app.py")
    pages = [
        ("overview", "leader"),
        ("ranking", "leader"),
        ("profile", "leader"),
        ("indicators", "leader"),
        ("methodology", "leader"),
        ("overview", "agency"),
        ("profile", "agency"),
    ]
    print(f"\n## Page render in AppTest (demo data, SQLite; median of {repeat}, ms)")
    print("page | role | cold (caches cleared: loads and scores the round) | warm (rerun)")
    for page, role in pages:
        script = Path(app).parent / "pages" / f"{page}.py"
        if not script.exists():
            continue
        cold, warm = [], []
        for _ in range(repeat):
            at = AppTest.from_file(app, default_timeout=120)
            with contextlib.redirect_stdout(io.StringIO()):  # the cookie mock prints
                at.run()
                at.text_input[0].input(role)
                at.text_input[1].input(f"demo-{role}")
                at.button[0].click()
                at.run()
                at.run()
            st.cache_data.clear()  # cold: the round is scored again, nothing is cached
            at.switch_page(f"pages/{page}.py")
            start = time.perf_counter()
            at.run()
            cold.append(time.perf_counter() - start)
            start = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - start)
            if at.exception:
                print(f"{page} raised: {at.exception[0].value}")
        print(
            f"{page} | {role} | {statistics.median(cold) * 1000:.0f} | "
            f"{statistics.median(warm) * 1000:.0f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", help="PostgreSQL server URL to also benchmark on")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--skip-pages", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    url = f"sqlite:///{tmp / 'bench.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    start = time.perf_counter()
    seed_demo(engine)
    print(f"seed-demo on SQLite: {time.perf_counter() - start:.1f} s")
    bench_scoring(engine, "SQLite", args.repeat)

    if args.pg:
        admin_url = database_url(args.pg)
        name = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            pg = make_engine(
                make_url(admin_url).set(database=name).render_as_string(hide_password=False)
            )
            upgrade_to_head(pg)
            seed_demo(pg)
            bench_scoring(pg, "PostgreSQL", args.repeat)
            pg.dispose()
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    if not args.skip_pages:
        bench_pages(url, max(3, args.repeat // 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
