"""The engine: DATABASE_URL selects the database, else a SQLite file under data/."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import InterfaceError, OperationalError

__all__ = [
    "REPO_ROOT",
    "DEFAULT_SQLITE_PATH",
    "database_url",
    "make_engine",
    "DatabaseUnavailable",
    "frame",
    "read_frame",
    "check_connection",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO_ROOT / "data" / "dashboard.db"


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; the message is safe to show to a user."""


def database_url(url: str | None = None) -> str:
    """Normalise a URL: postgres[ql]:// uses psycopg 3; nothing means the SQLite default."""
    url = url or os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def frame(conn: Connection, stmt: Any) -> pd.DataFrame:
    """Run one statement and return its rows as a DataFrame (columns from the statement).

    Rows become plain tuples first: handing SQLAlchemy Row objects to pandas costs a failed
    attribute lookup per row (seconds on survey-sized results)."""
    result = conn.execute(stmt)
    columns = list(result.keys())
    return pd.DataFrame([tuple(r) for r in result.fetchall()], columns=columns)


def read_frame(engine: Engine, stmt: Any) -> pd.DataFrame:
    """`frame` on a connection of its own."""
    with engine.connect() as conn:
        return frame(conn, stmt)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    """Create an engine; for SQLite make sure the folder exists and turn on FKs and WAL."""
    url = database_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})
    return engine


def check_connection(engine: Engine) -> None:
    """Raise DatabaseUnavailable with a readable message when the server is down."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except (OperationalError, InterfaceError) as exc:
        raise DatabaseUnavailable(
            f"无法连接数据库 / Cannot reach the database ({engine.url.render_as_string(hide_password=True)})"
        ) from exc
