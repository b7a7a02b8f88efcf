"""Import benchmark (issue 8): 100 000 staffing rows (CSV and .xlsx), 20 000 rows of a
ratings-sized kind, and the preview (dry run) of a 10 000-row file; medians on SQLite and,
with --pg URL, PostgreSQL. Targets: ≤ 10 s for 100 000 rows, ≤ 2 s preview for 10 000.

    .venv/bin/python scripts/bench_imports.py [--pg postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402
from sqlalchemy import Engine, create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from data_access.db import make_engine  # noqa: E402
from data_access.imports import KINDS, run_import  # noqa: E402
from data_access.imports.registry import PROVINCE_CITIES  # noqa: E402
from data_access.migrate import upgrade_to_head  # noqa: E402
from data_access.scope import Principal  # noqa: E402
from domain.vocab import Role  # noqa: E402

STAFF = Principal("bench", Role.STAFF)
CITIES = list(PROVINCE_CITIES)
N_AGENCIES, FIRST_YEAR = 700, 1950


def _csv(rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def agencies_file() -> bytes:
    head = ["单位名称", "简称", "单位类型", "单位性质", "机构规格"]
    return _csv(
        [head]
        + [
            [f"测试单位{i:04d}", f"测{i:04d}", "科技", "政府工作部门", "正县级"]
            for i in range(N_AGENCIES)
        ]
    )


def staffing_rows(n: int, bump: int = 0) -> list[list[object]]:
    head: list[object] = [
        "单位名称",
        "年度",
        "行政编制",
        "事业编制",
        "工勤编制",
        "实有行政",
        "实有事业",
        "实有工勤",
        "领导职数核定",
        "领导职数实配",
        "内设机构数",
    ]
    rows: list[list[object]] = [head]
    for i in range(n):
        agency, year = divmod(i, 143)
        rows.append(
            [f"测试单位{agency:04d}", FIRST_YEAR + year, 30 + bump, 10, 2, 28, 9, 2, 5, 5, 8]
        )
    return rows


def agency_rows(n: int) -> list[list[object]]:
    """A ratings-sized file: 20 000 short rows (five text cells each)."""
    head: list[object] = ["单位名称", "简称", "单位类型", "单位性质", "机构规格"]
    return [head] + [
        [f"新单位{i:05d}", f"新{i:05d}", "科技", "事业单位", "副县级"] for i in range(n)
    ]


def cities_rows(n: int) -> list[list[object]]:
    """A ratings-sized file: short rows (city × year × population), 20 000 of them would need
    more cities than exist, so repeat the 16 cities over years with distinct keys."""
    names = CITIES
    rows: list[list[object]] = [["城市", "年度", "常住人口（万人）"]]
    for i in range(n):
        city, year = divmod(i, 152)
        rows.append([names[city % 16], 1949 + year, 100.0 + i % 7])
    return rows[: n + 1]


def fresh(kind: str, pg: str | None) -> Engine:
    if kind == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    else:
        assert pg is not None
        name = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = make_url(pg).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade_to_head(engine)
    with engine.begin() as conn:  # the 16 cities
        for i, name in enumerate(CITIES):
            conn.execute(
                text("INSERT INTO city (id, name, province, is_home) VALUES (:i, :n, '山东', :h)"),
                {"i": i + 1, "n": name, "h": i == 7},
            )
    result = run_import(engine, STAFF, KINDS["agencies"], agencies_file(), "agencies.csv")
    assert result.ok, result.errors[:3]
    return engine


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench(label: str, pg: str | None, repeat: int) -> None:
    rows100k = staffing_rows(100_000)
    files = {"csv": _csv(rows100k), "xlsx": _xlsx(rows100k)}
    preview = _csv(staffing_rows(10_000))
    small = _csv(agency_rows(20_000))
    print(f"\n## {label} (median of {repeat}, seconds)")
    print("what | median | runs")
    for fmt, data in files.items():
        runs = []
        for _ in range(repeat):
            engine = fresh(label, pg)
            run = partial(run_import, engine, STAFF, KINDS["staffing"], data, f"staffing.{fmt}")
            runs.append(timed(partial(_run_ok, run)))
            engine.dispose()
        print(
            f"100 000 staffing rows, new ({fmt}) | {statistics.median(runs):.2f} | "
            f"{', '.join(f'{r:.2f}' for r in runs)}"
        )
    engine = fresh(label, pg)
    _ok(run_import(engine, STAFF, KINDS["staffing"], files["csv"], "staffing.csv"))
    runs = [
        timed(
            lambda: _ok(run_import(engine, STAFF, KINDS["staffing"], files["csv"], "staffing.csv"))
        )
        for _ in range(repeat)
    ]
    print(
        f"100 000 staffing rows, unchanged re-import (csv) | {statistics.median(runs):.2f} | "
        f"{', '.join(f'{r:.2f}' for r in runs)}"
    )
    runs = [
        timed(
            lambda: _ok(
                run_import(engine, STAFF, KINDS["staffing"], preview, "preview.csv", dry_run=True)
            )
        )
        for _ in range(repeat)
    ]
    print(
        f"preview of 10 000 rows (dry run) | {statistics.median(runs):.2f} | "
        f"{', '.join(f'{r:.2f}' for r in runs)}"
    )
    runs = []
    for _ in range(repeat):
        e = fresh(label, pg)
        run = partial(run_import, e, STAFF, KINDS["agencies"], small, "agencies.csv")
        runs.append(timed(partial(_run_ok, run)))
    print(
        f"20 000 short rows (agencies, csv) | {statistics.median(runs):.2f} | "
        f"{', '.join(f'{r:.2f}' for r in runs)}"
    )


def _run_ok(run: Callable[[], object]) -> None:
    _ok(run())


def _ok(result: object) -> None:
    assert getattr(result, "ok", False), getattr(result, "errors", [])[:3]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", help="a PostgreSQL server URL where databases may be created")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bench("sqlite", None, args.repeat)
    if args.pg:
        bench("postgresql", args.pg, args.repeat)


if __name__ == "__main__":
    main()
