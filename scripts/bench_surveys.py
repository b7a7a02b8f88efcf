"""Benchmark of the surveys work (not in CI):

- the import: 100 000 问卷星 submissions × 10 scored items as CSV and .xlsx into a fresh
  SQLite database (target: median ≤ 10 s);
- the 民意测评 page at province scale (scripts/province_data.py: 60 agencies × 10 rounds ×
  300 respondents) in AppTest, leader and agency, cold and warm (targets 1 s / 0.15 s), with
  scripts/benchmark.py's page timing.

    nice -n 10 .venv/bin/python scripts/bench_surveys.py [--n 100000] [--repeat 3]
        [--formats csv,xlsx] [--page-db URL | --skip-page]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from openpyxl import Workbook  # noqa: E402

from data_access.db import make_engine  # noqa: E402
from data_access.imports.surveys import run_survey_import  # noqa: E402
from data_access.migrate import upgrade_to_head  # noqa: E402
from data_access.scope import Principal  # noqa: E402
from domain.vocab import Role  # noqa: E402
from tests.data_access.rectification_fixtures import build_small_database  # noqa: E402

STAFF = Principal("bench", Role.STAFF)
ANSWERS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意", "不了解")
HEADER = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"] + [
    f"{i}、第{i}题满意度" for i in range(1, 11)
]


def rows(n: int) -> list[list[object]]:
    return [
        [s, "2024/11/05 09:30:15", f"{30 + s % 200}秒", "微信", "N/A", "10.0.0.1"]
        + [ANSWERS[(s * 7 + i * 3) % 6] for i in range(10)]
        for s in range(1, n + 1)
    ]


def as_csv(data: list[list[object]]) -> bytes:
    lines = [",".join(HEADER)] + [",".join(map(str, r)) for r in data]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def as_xlsx(data: list[list[object]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for r in data:
        sheet.append(r)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def once(data: bytes, name: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade_to_head(engine)
        build_small_database(engine)
        start = time.perf_counter()
        result = run_survey_import(engine, STAFF, data, name, round_year=2024,
                                   questionnaire="满意度调查问卷", agency="市外办")  # fmt: skip
        took = time.perf_counter() - start
        assert result.ok, result.errors[:3]
        engine.dispose()
        return took


def bench_page(url: str | None, repeat: int) -> None:
    """The surveys page, leader and agency, through scripts/benchmark.py's AppTest timing."""
    import benchmark

    with tempfile.TemporaryDirectory() as tmp:
        if url is None or (url.startswith("sqlite:///") and not Path(url[10:]).exists()):
            url = url or f"sqlite:///{tmp}/province.db"
            engine = make_engine(url)
            print("province data:", benchmark.fill(engine, "province"))
            engine.dispose()
        benchmark.PAGES = [("surveys", "leader"), ("surveys", "agency")]
        benchmark.bench_pages(url, "province, surveys", repeat, registry_writes=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-page", action="store_true")
    parser.add_argument("--page-db", help="an already filled province database (else built)")
    args = parser.parse_args()
    if not args.skip_page:
        bench_page(args.page_db, args.repeat)
    if args.skip_import:
        return
    data = rows(args.n)
    for fmt in args.formats.split(","):
        blob = as_csv(data) if fmt == "csv" else as_xlsx(data)
        times = [once(blob, f"bench.{fmt}") for _ in range(args.repeat)]
        print(f"import {args.n} submissions × 10 items ({fmt}): median "
              f"{statistics.median(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})")  # fmt: skip


if __name__ == "__main__":
    main()
