"""Benchmark: loading and scoring rounds, and rendering each page in AppTest per role.

Run with `make bench` (or `.venv/bin/python scripts/benchmark.py [--scale demo|small|province]
[--pg URL] [--repeat N]`). Prints medians; nothing is asserted. Builds a fresh SQLite file
(and, with --pg, a fresh PostgreSQL database that it drops afterwards) with the demo data, or
with ``--scale province`` the demo grown to 60 agencies × 10 rounds × 300 respondents per
questionnaire (scripts/province_data.py, ≈ 3.6 M survey answers).

Per page and role, on each engine:
- *cold*: the process caches cleared (as after a server start), the stored results in the
  database kept — what a fresh process or another app process pays;
- *round write*: the first render after a write to the newest round's own data (a score
  sheet, findings …: that round is scored again, older rounds' stored results stay in use);
- *registry write*: the first render after a registry write (every round scored again);
- *warm*: a rerun with everything cached;
- *SQL*: the bare statements the cold render issued, replayed on a raw DBAPI cursor with
  every row fetched (what the database itself costs); *path* is cold − warm, the part of a
  cold render spent getting the data ready; the target is path ≤ 1.5 × SQL.

``--db URL`` measures an already filled database (``scripts/province_data.py``) instead of
building one, so the same data can be measured before and after a change, interleaved.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from province_data import SCALES, build_province  # noqa: E402
from sqlalchemy import Engine, create_engine, event, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from data_access.audit import record_write  # noqa: E402
from data_access.db import database_url, make_engine  # noqa: E402
from data_access.migrate import upgrade_to_head  # noqa: E402
from data_access.round_inputs import load_round_inputs  # noqa: E402
from data_access.seed import seed_demo  # noqa: E402
from scoring import score_round  # noqa: E402

PAGES = (
    ("overview", "leader"),
    ("overview", "agency"),
    ("ranking", "leader"),
    ("profile", "leader"),
    ("profile", "agency"),
    ("indicators", "leader"),
    ("methodology", "leader"),
    ("methodology", "agency"),
)
COLD_TARGET, WARM_TARGET, PATH_RATIO = 1000.0, 150.0, 1.5


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def newest_rounds(engine: Engine, count: int) -> list[tuple[int, int]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, year FROM evaluation_round ORDER BY year DESC LIMIT :n"),
            {"n": count},
        ).all()
    return [(int(r[0]), int(r[1])) for r in rows]


def bench_scoring(engine: Engine, label: str, repeat: int) -> None:
    print(f"\n## Loading and scoring a round ({label}; median of {repeat} runs, ms)")
    print(
        "round | agencies | load inputs | its bare SQL | load / SQL (≤ 1.5) | score_round | "
        "load + score"
    )
    recorder = Statements()
    for round_id, _year in newest_rounds(engine, 3):
        event.listen(engine, "before_cursor_execute", recorder)
        try:
            with recorder.recording() as seen:
                inputs, config, year = load_round_inputs(engine, round_id)
            statements = list(seen)
        finally:
            event.remove(engine, "before_cursor_execute", recorder)
        load = median_ms(partial(load_round_inputs, engine, round_id), repeat)
        sql = replay_ms(engine, statements, repeat)
        score = median_ms(partial(score_round, inputs, config), repeat)
        ratio = load / sql
        print(
            f"{year} | {len(inputs.agencies)} | {load:.1f} | {sql:.1f} | "
            f"{ratio:.2f}{_mark(ratio <= PATH_RATIO)} | {score:.1f} | {load + score:.1f}"
        )


def explain_loading(engine: Engine, label: str) -> None:
    """The plan of every statement loading the newest round issues: a full scan of a big
    table (survey_answer, survey_response, score, external_rating) is flagged."""
    recorder = Statements()
    event.listen(engine, "before_cursor_execute", recorder)
    try:
        with recorder.recording() as seen:
            load_round_inputs(engine, newest_rounds(engine, 1)[0][0])
        statements = list(seen)
    finally:
        event.remove(engine, "before_cursor_execute", recorder)
    big = ("survey_answer", "survey_response", "score", "external_rating", "finding")
    print(f"\n## Plans of loading the newest round ({label})")
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for statement, params in statements:
            prefix = "EXPLAIN " if engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
            cur.execute(prefix + statement, params or ())
            lines = [str(r[-1]) for r in cur.fetchall()]
            scans = [
                ln.strip()
                for ln in lines
                if any(f"Seq Scan on {t} " in ln or ln.strip() == f"SCAN {t}" for t in big)
            ]
            head = " ".join(statement.split())[:90]
            print(f"{'FULL SCAN ' + '; '.join(scans) if scans else 'ok'} | {head}")
        raw.rollback()
    finally:
        raw.close()


@dataclass
class Statements:
    """Statements every engine in this process executes while ``on``."""

    on: bool = False
    seen: list[tuple[str, Any]] = field(default_factory=list)

    def __call__(self, conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if self.on:
            self.seen.append((statement, params))

    @contextlib.contextmanager
    def recording(self) -> Iterator[list[tuple[str, Any]]]:
        self.seen = []
        self.on = True
        try:
            yield self.seen
        finally:
            self.on = False


def replay_ms(engine: Engine, statements: list[tuple[str, Any]], repeat: int) -> float:
    """The bare cost of ``statements``: executed on a raw cursor, every row fetched."""

    def run() -> None:
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            for statement, params in statements:
                cur.execute(statement, params or ())
                if cur.description is not None:
                    cur.fetchall()
            raw.rollback()
        finally:
            raw.close()

    run()
    return median_ms(run, repeat)


def _signed_in(app: str, role: str) -> Any:
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


def _bump_version(engine: Engine, round_id: int | None = None) -> None:
    """A write: to ``round_id``'s own data, or (None) to the registry."""
    with engine.begin() as conn:
        try:
            record_write(conn, "system", "benchmark", "database", None, round_id=round_id)
        except TypeError:  # a tree from before per-round versions: every write is global
            record_write(conn, "system", "benchmark", "database", None)


def _clear_process_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    with contextlib.suppress(ImportError, AttributeError):
        from data_access import cache

        cache.clear_process_caches()


def bench_pages(
    url: str, label: str, repeat: int, registry_writes: bool = True
) -> dict[tuple[str, str], dict[str, float]]:
    """Median cold / after-write / warm render, bare SQL and statement count per page."""
    os.environ["DATABASE_URL"] = url
    os.environ["DASHBOARD_DEMO"] = "1"
    app = str(Path(__file__).resolve().parents[1] / "app.py")
    engine = make_engine(url)
    recorder = Statements()
    event.listen(Engine, "before_cursor_execute", recorder)
    out: dict[tuple[str, str], dict[str, float]] = {}
    newest = newest_rounds(engine, 1)[0][0]
    try:
        for page, role in PAGES:
            script = Path(app).parent / "pages" / f"{page}.py"
            if not script.exists():
                continue
            cold, write, registry, warm, sql, count, warm_count = [], [], [], [], [], [], []
            for _ in range(repeat):
                at = _signed_in(app, role)
                at.switch_page(f"pages/{page}.py")
                at.run()  # everything of the page cached in this process
                _bump_version(engine, newest)  # a write to the open round
                start = time.perf_counter()
                at.run()
                write.append(time.perf_counter() - start)
                if registry_writes:
                    _bump_version(engine)  # a registry write
                    _clear_process_caches()
                    start = time.perf_counter()
                    at.run()
                    registry.append(time.perf_counter() - start)
                _clear_process_caches()
                with recorder.recording() as seen:
                    start = time.perf_counter()
                    at.run()
                    cold.append(time.perf_counter() - start)
                statements = list(seen)
                with recorder.recording() as seen_warm:
                    start = time.perf_counter()
                    at.run()
                    warm.append(time.perf_counter() - start)
                warm_count.append(len(seen_warm))
                if at.exception:
                    print(f"{page} raised: {at.exception[0].value}")
                sql.append(replay_ms(engine, statements, 1) / 1000)
                count.append(len(statements))
            out[(page, role)] = {
                "cold": statistics.median(cold) * 1000,
                "write": statistics.median(write) * 1000,
                "registry": statistics.median(registry) * 1000 if registry else math.nan,
                "warm": statistics.median(warm) * 1000,
                "sql": statistics.median(sql) * 1000,
                "statements": statistics.median(count),
                "warm_statements": statistics.median(warm_count),
            }
    finally:
        event.remove(Engine, "before_cursor_execute", recorder)
        engine.dispose()
    print(f"\n## Pages in AppTest ({label}; median of {repeat}, ms)")
    print(
        "page | role | cold (≤ 1000) | after a round write | after a registry write | "
        "warm (≤ 150) | bare SQL | path = cold − warm | path / SQL (≤ 1.5) | "
        "statements cold / warm"
    )
    for (page, role), m in out.items():
        path = m["cold"] - m["warm"]
        ratio = path / m["sql"] if m["sql"] > 0 else float("nan")
        print(
            f"{page} | {role} | {m['cold']:.0f}{_mark(m['cold'] <= COLD_TARGET)} | "
            f"{m['write']:.0f} | {m['registry']:.0f} | "
            f"{m['warm']:.0f}{_mark(m['warm'] <= WARM_TARGET)} | "
            f"{m['sql']:.0f} | {path:.0f} | {ratio:.1f}{_mark(ratio <= PATH_RATIO)} | "
            f"{m['statements']:.0f} / {m['warm_statements']:.0f}"
        )
    return out


def _mark(ok: bool) -> str:
    return "" if ok else " ✗"


def summary_table(results: dict[str, dict[tuple[str, str], dict[str, float]]]) -> None:
    """The issue's table: cold and warm per engine, with the targets beside them."""
    labels = list(results)
    print("\n## Summary (median ms; targets: cold ≤ 1000, warm ≤ 150)")
    print(
        "page | role | "
        + " | ".join(f"cold {lb}" for lb in labels)
        + " | "
        + " | ".join(f"warm {lb}" for lb in labels)
    )
    keys = [k for k in PAGES if all(k in r for r in results.values())]
    for page, role in keys:
        colds = [results[lb][(page, role)]["cold"] for lb in labels]
        warms = [results[lb][(page, role)]["warm"] for lb in labels]
        print(
            f"{page} | {role} | "
            + " | ".join(f"{c:.0f}{_mark(c <= COLD_TARGET)}" for c in colds)
            + " | "
            + " | ".join(f"{w:.0f}{_mark(w <= WARM_TARGET)}" for w in warms)
        )


def fill(engine: Engine, scale: str) -> str:
    upgrade_to_head(engine)
    start = time.perf_counter()
    if scale == "demo":
        seed_demo(engine)
        what = "demo data"
    else:
        agencies, rounds, respondents = SCALES[scale]
        counts = build_province(engine, agencies, rounds, respondents)
        what = (
            f"{counts['agencies']} agencies × {counts['rounds']} rounds × {respondents} "
            f"respondents, {counts['survey_answers']:,} survey answers"
        )
    return f"{what} in {time.perf_counter() - start:.1f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", help="PostgreSQL server URL to also benchmark on")
    parser.add_argument("--scale", choices=("demo", *SCALES), default="demo")
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--db", help="measure the pages of this already filled database only")
    parser.add_argument(
        "--no-registry-write", action="store_true", help="skip the after-a-registry-write run"
    )
    args = parser.parse_args()
    repeat = args.repeat or (7 if args.scale == "demo" else 3)
    page_repeat = max(3, repeat // 2) if args.scale == "demo" else repeat

    results: dict[str, dict[tuple[str, str], dict[str, float]]] = {}
    if args.db:
        url = database_url(args.db)
        label = "PG" if url.startswith("postgresql") else "SQLite"
        results[label] = bench_pages(url, label, page_repeat, not args.no_registry_write)
        summary_table(results)
        return 0
    if not args.skip_sqlite:
        tmp = Path(tempfile.mkdtemp(prefix="bench-"))
        url = f"sqlite:///{tmp / 'bench.db'}"
        engine = make_engine(url)
        print(f"SQLite: {fill(engine, args.scale)}", flush=True)
        bench_scoring(engine, "SQLite", repeat)
        explain_loading(engine, "SQLite")
        engine.dispose()
        if not args.skip_pages:
            results["SQLite"] = bench_pages(url, "SQLite", page_repeat)

    if args.pg:
        admin_url = database_url(args.pg)
        name = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            pg_url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
            pg = make_engine(pg_url)
            print(f"PostgreSQL: {fill(pg, args.scale)}", flush=True)
            bench_scoring(pg, "PostgreSQL", repeat)
            explain_loading(pg, "PostgreSQL")
            pg.dispose()
            if not args.skip_pages:
                results["PG"] = bench_pages(pg_url, "PostgreSQL", page_repeat)
        finally:
            import streamlit as st

            st.cache_resource.clear()  # the app's engine on this database
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    if results:
        summary_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
