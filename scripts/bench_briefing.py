"""Benchmark of the briefing PDF (issue 12): a round of 60 evaluated agencies
(scripts/province_data.py, 2 rounds, 40 respondents per questionnaire), then the default
briefing (standard slides, key oversight targets as agency slides) and a briefing with all 60
agencies as agency slides: building the payload from the view models, drawing the PDF, and the
total — with the round already scored (stored result) and, first, scoring included.

    nice -n 10 .venv/bin/python scripts/bench_briefing.py [--db URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from province_data import build_province  # noqa: E402
from sqlalchemy import Engine, func, select  # noqa: E402

from data_access.db import make_engine  # noqa: E402
from data_access.migrate import upgrade_to_head  # noqa: E402
from data_access.models import RoundAgency  # noqa: E402
from data_access.queries import list_rounds  # noqa: E402
from data_access.reader import Reader  # noqa: E402
from data_access.scope import SYSTEM, RoundRef  # noqa: E402
from reports.briefing_pdf import briefing_pdf  # noqa: E402
from views.briefing import STANDARD, BriefingConfig, build_payload, default_config  # noqa: E402

LIMIT_S = 10.0


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def _cpu(fn):
    start = time.process_time()
    fn()
    return time.process_time() - start


def _size(engine: Engine, round_id: int) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count())
                .select_from(RoundAgency)
                .where(RoundAgency.round_id == round_id)
            ).scalar_one()
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an already built database (default: build one)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.db:
        engine = make_engine(args.db)
    else:
        path = Path(tempfile.mkdtemp()) / "bench-briefing.db"
        engine = make_engine(f"sqlite:///{path}")
        upgrade_to_head(engine)
        _, took = _timed(lambda: build_province(engine, agencies=60, rounds=2, respondents=40))
        print(f"built 60 agencies × 2 rounds in {took:.1f} s")
        print(f"database: sqlite:///{path} (pass it as --db to measure again)")
    reader = Reader(engine, SYSTEM)
    rounds = list_rounds(engine, SYSTEM)  # newest first: the newest with 60 agencies
    row = next(r for _, r in rounds.iterrows() if _size(engine, int(r["round_id"])) >= 60)
    rnd = RoundRef(int(row["round_id"]), int(row["year"]), str(row["name"]), str(row["status"]))
    _, scoring = _timed(lambda: reader.round_result(rnd.round_id))
    n = len(reader.round_result(rnd.round_id).summary)
    print(f"round {rnd.year}: {n} agencies; first scoring {scoring:.2f} s")
    default = default_config(reader, rnd)
    every = BriefingConfig(
        STANDARD, tuple(int(a) for a in reader.round_result(rnd.round_id).summary["agency_id"])
    )
    today, now = dt.date.today(), dt.datetime.now()
    worst = 0.0
    for label, config in (("default", default), ("all agencies", every)):
        builds, draws, pages = [], [], 0
        for _ in range(args.repeat):
            payload, b = _timed(
                lambda c=config: build_payload(
                    reader, rnd, "zh", c, name="bench", today=today, now=now
                )
            )
            pdf, d = _timed(lambda p=payload: briefing_pdf(p))
            builds.append(b)
            draws.append(d)
            pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
        total = statistics.median(builds) + statistics.median(draws)
        if label == "default":  # the limit: the standard briefing of a 60-agency round
            worst = max(worst, total)
        print(
            f"{label:>13}: {len(config.agencies)} agency slides, {len(payload['slides'])} slides,"
            f" ~{pages} pages, {len(pdf) // 1024} KB — payload {statistics.median(builds):.2f} s,"
            f" PDF {statistics.median(draws):.2f} s, total {total:.2f} s (median of {args.repeat})"
        )
        cpu = _cpu(
            lambda c=config: briefing_pdf(
                build_payload(reader, rnd, "zh", c, name="bench", today=today, now=now)
            )
        )
        print(f"{'':>13}  CPU time of one payload + PDF: {cpu:.2f} s (the machine may be shared)")
    print(f"limit {LIMIT_S:.0f} s: {'ok' if worst <= LIMIT_S else 'EXCEEDED'}")
    return 0 if worst <= LIMIT_S else 1


if __name__ == "__main__":
    sys.exit(main())
