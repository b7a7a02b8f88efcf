"""Killing an import process while it writes leaves nothing behind: the import is one
transaction, so the database is exactly what it was (per-table checksums), on SQLite and
PostgreSQL.

Two processes are killed (SIGKILL, no chance to clean up): one that runs ``run_import`` and
stops itself right after its first statement that writes staffing rows (so the kill surely
lands mid-write), and ``manage.py import staffing FILE`` as an office would run it, killed once
the database shows it writing, 0.5 s after its start at the earliest (PostgreSQL: a backend
holding a transaction id; SQLite: the write-ahead log growing) — unless it finished first, in
which case every row must be there (all or nothing).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text

from data_access.models import Staffing
from tests.data_access.import_files import STAFF_H, checksums, csv_bytes, seed

ROOT = Path(__file__).resolve().parents[2]
AGENCIES, YEARS = 1000, 100  # 100 000 rows of staffing, every one new

# Runs the import in this process; after the first statement that writes staffing rows it says
# so and waits to be killed, its transaction open.
_STOPS_MID_WRITE = """
import sys, time
from sqlalchemy import event
from data_access.db import make_engine
from data_access.imports import KINDS, run_import
from data_access.scope import Principal
from domain.vocab import Role

url, path = sys.argv[1], sys.argv[2]
engine = make_engine(url)

@event.listens_for(engine, "after_cursor_execute")
def _stop(conn, cursor, statement, parameters, context, executemany):
    if statement.lstrip().upper().startswith(("INSERT INTO STAFFING", "UPDATE STAFFING")):
        print("writing", flush=True)
        time.sleep(120)

with open(path, "rb") as fh:
    data = fh.read()
run_import(engine, Principal("staff", Role.STAFF, None), KINDS["staffing"], data, path)
print("finished", flush=True)
"""


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: Any) -> Path:
    rows = [
        [f"测试单位{a}", 2000 + y, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        for a in range(AGENCIES)
        for y in range(YEARS)
    ]
    path = Path(tmp_path_factory.mktemp("kill")) / "staffing.csv"
    path.write_bytes(csv_bytes(STAFF_H, *rows))
    return path


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _staffing_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Staffing)).scalar_one())


def _kill(proc: subprocess.Popen[Any]) -> None:
    proc.kill()  # SIGKILL: the process gets no chance to roll back
    proc.wait(timeout=30)


def test_an_import_killed_mid_write_leaves_nothing_behind(
    fresh_engine: Engine, big_file: Path
) -> None:
    seed(fresh_engine, extra_agencies=AGENCIES)
    before = checksums(fresh_engine)
    proc = subprocess.Popen(
        [sys.executable, "-c", _STOPS_MID_WRITE, _url(fresh_engine), str(big_file)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()  # blocks until the first write (or an exit)
        assert line == "writing", proc.stderr.read() if proc.stderr else ""
    finally:
        _kill(proc)
    assert checksums(fresh_engine) == before


def _writing(engine: Engine, wal: Path | None, wal_size: int) -> bool:
    """Whether some other connection is inside a transaction that has written."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            busy = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
                )
            ).scalar_one()
        return bool(busy)
    return wal is not None and wal.exists() and wal.stat().st_size > wal_size


def test_manage_py_import_killed_leaves_all_or_nothing(
    fresh_engine: Engine, big_file: Path
) -> None:
    seed(fresh_engine, extra_agencies=AGENCIES)
    before, rows_before = checksums(fresh_engine), _staffing_rows(fresh_engine)
    db = fresh_engine.url.database if fresh_engine.dialect.name == "sqlite" else None
    wal = Path(f"{db}-wal") if db else None
    wal_size = wal.stat().st_size if wal and wal.exists() else 0
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "--database-url", _url(fresh_engine)]
        + ["import", "staffing", str(big_file), "--as", "staff"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    started = time.monotonic()
    try:
        # At least 0.5 s in, then as soon as the database shows it writing (at most 60 s).
        while proc.poll() is None and time.monotonic() - started < 60:
            if time.monotonic() - started >= 0.5 and _writing(fresh_engine, wal, wal_size):
                break
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            _kill(proc)
    finished = proc.returncode == 0
    if finished:  # it won the race: then everything is there
        assert _staffing_rows(fresh_engine) == rows_before + AGENCIES * YEARS
    else:
        assert checksums(fresh_engine) == before
