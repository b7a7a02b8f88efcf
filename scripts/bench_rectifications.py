"""Rectification tracker benchmark (issue 11): 50 000 findings over 10 rounds (the demo's three
and seven earlier ones, 5 000 findings each, nine in ten with a rectification and its events),
then the 整改跟踪 page in AppTest as office staff: cold (caches cleared) and warm (run again),
median of --repeat runs. Targets: cold ≤ 1 s, warm ≤ 0.15 s.

    .venv/bin/python scripts/bench_rectifications.py [--repeat 5] [--keep FILE.db]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, func, insert, select  # noqa: E402

from data_access.db import make_engine  # noqa: E402
from data_access.migrate import upgrade_to_head  # noqa: E402
from data_access.models import (  # noqa: E402
    Agency,
    EvaluationRound,
    Finding,
    Rectification,
    RectificationEvent,
)
from data_access.round_admin import change_round_agencies, create_round  # noqa: E402
from data_access.scope import Principal  # noqa: E402
from data_access.seed import seed_demo  # noqa: E402
from domain.vocab import FindingCategory, FindingSource, RectState, Role, Severity  # noqa: E402

ADMIN = Principal("bench", Role.ADMIN)
ROUNDS, PER_ROUND = 10, 5_000
CODES = ("A1b", "A2a", "B1a", "B2a", "C1a", "C2a", "C3a", "D1a", "D2a", "D4a")
SECTIONS = ("综合科", "机构编制科", "职能运行监管科", "监督检查科", "事业单位登记管理科")
STATES = [s.value for s in RectState]


def fill(engine: Engine, seed: int = 11) -> int:
    """The demo data, seven earlier rounds and 5 000 findings in each of the ten rounds;
    returns the newest round's id."""
    seed_demo(engine)
    with engine.connect() as conn:
        names = [r.name for r in conn.execute(select(Agency.name).order_by(Agency.id).limit(22))]
    for year in range(2015, 2022):
        create_round(engine, year, f"{year}年度评估", principal=ADMIN)
        change_round_agencies(engine, year, principal=ADMIN, add=names)
    rng = random.Random(seed)
    with engine.begin() as conn:
        rounds = conn.execute(select(EvaluationRound.id, EvaluationRound.year)).all()
        agencies = [int(a) for a in conn.execute(select(Agency.id)).scalars()][:22]
        first = int(conn.execute(select(func.coalesce(func.max(Finding.id), 0))).scalar_one()) + 1
        findings, rects, events = [], [], []
        fid = first
        for round_id, year in rounds:
            for i in range(PER_ROUND):
                found = dt.date(year, rng.randint(3, 10), rng.randint(1, 28))
                spot = rng.random() < 0.1
                findings.append(
                    {
                        "id": fid,
                        "round_id": round_id,
                        "agency_id": rng.choice(agencies),
                        "description": f"基准测试问题 {year}-{i}",
                        "category": rng.choice(list(FindingCategory)).value,
                        "severity": rng.choice(list(Severity)).value,
                        "source": rng.choice(list(FindingSource)).value,
                        "indicator_code": rng.choice(CODES),
                        "in_ledger": rng.random() < 0.3,
                        "found_date": found,
                        "on_the_spot": spot,
                    }
                )
                if not spot:
                    state = rng.choice(STATES)
                    rects.append(
                        {
                            "id": fid,
                            "finding_id": fid,
                            "section": rng.choice(SECTIONS),
                            "owner": "张某",
                            "issued_date": found,
                            "deadline": found + dt.timedelta(days=rng.choice((90, 180, 365))),
                            "state": state,
                            "closed_date": found + dt.timedelta(days=60)
                            if state == RectState.CLOSED
                            else None,
                            "version": STATES.index(state),
                        }
                    )
                    events.append(
                        {
                            "rectification_id": fid,
                            "from_state": None,
                            "to_state": RectState.ISSUED.value,
                            "actor": "bench",
                            "at": dt.datetime.combine(found, dt.time(9)),
                            "note": None,
                        }
                    )
                fid += 1
        conn.execute(insert(Finding), findings)
        conn.execute(insert(Rectification), rects)
        conn.execute(insert(RectificationEvent), events)
        newest = max(rounds, key=lambda r: r.year)
    return int(newest.id)


def _signed_in(app: str) -> Any:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(app, default_timeout=300)
    with contextlib.redirect_stdout(io.StringIO()):  # the cookie mock prints
        at.run()
        at.text_input[0].input("staff")
        at.text_input[1].input("demo-staff")
        at.button[0].click()
        at.run()
        at.run()
    return at


def bench_tracker(url: str, round_id: int, repeat: int) -> tuple[float, float, int]:
    """Median cold and warm render of the tracker (ms), and the rows it shows."""
    import streamlit as st

    os.environ["DATABASE_URL"] = url
    os.environ["DASHBOARD_DEMO"] = "1"
    app = str(Path(__file__).resolve().parents[1] / "app.py")
    cold, warm = [], []
    rows = 0
    for _ in range(repeat):
        at = _signed_in(app)
        at.session_state["round_id"] = round_id
        at.switch_page("pages/rectifications.py")
        at.run()  # the page's first run in this session (imports, widgets)
        st.cache_data.clear()
        start = time.perf_counter()
        at.run()
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(at.exception[0].value)
        rows = max(
            (len(d.value) for d in at.dataframe if "finding_id" in d.value.columns), default=0
        )
    return statistics.median(cold) * 1000, statistics.median(warm) * 1000, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", help="keep the filled SQLite file here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "bench-rectifications.db"
        url = f"sqlite:///{path}"
        engine = make_engine(url)
        upgrade_to_head(engine)
        start = time.perf_counter()
        newest = fill(engine)
        with engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(Finding)).scalar_one()
        engine.dispose()
        print(
            f"filled {total} findings over {ROUNDS} rounds in {time.perf_counter() - start:.1f} s"
        )
        cold, warm, rows = bench_tracker(url, newest, args.repeat)
    print(f"\n## 整改跟踪 in AppTest (staff, newest round, {rows} items; median of {args.repeat})")
    print("| cold ms | warm ms | target |")
    print("|---|---|---|")
    print(f"| {cold:.0f} | {warm:.0f} | cold ≤ 1000, warm ≤ 150 |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
