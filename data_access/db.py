"""The engine: DATABASE_URL selects the database, else a SQLite file under data/."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError

__all__ = [
    "DATABASE_ERRORS",
    "REPO_ROOT",
    "DEFAULT_SQLITE_PATH",
    "database_url",
    "make_engine",
    "DatabaseUnavailable",
    "frame",
    "read_frame",
    "check_connection",
    "check_migrated",
    "DatabaseNotMigrated",
    "WriteConflict",
    "is_write_conflict",
    "is_connection_error",
    "DATA_DIR",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
DEFAULT_SQLITE_PATH = DATA_DIR / "dashboard.db"


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; the message is safe to show to a user."""


class DatabaseNotMigrated(RuntimeError):
    """The database holds no schema (or an old one); the message says to run init-db."""


class WriteConflict(RuntimeError):
    """Another write committed while this one was being prepared: nothing was written."""


def is_write_conflict(exc: BaseException) -> bool:
    """Whether a database error means two writers met: a unique key both inserted, a
    serialization failure or deadlock (PostgreSQL), a stale snapshot or a lock (SQLite)."""
    if isinstance(exc, IntegrityError):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    state = getattr(exc.orig, "sqlstate", None)
    if state in ("40001", "40P01", "55P03"):
        return True
    return isinstance(exc, OperationalError) and "locked" in str(exc.orig).lower()


# What a page may catch around its data calls without naming the driver layer (the UI never
# imports sqlalchemy): classify a caught error with ``is_connection_error``.
DATABASE_ERRORS: tuple[type[BaseException], ...] = (DBAPIError, DatabaseUnavailable)


def is_connection_error(exc: BaseException) -> bool:
    """Whether a database error means the connection is gone (server down, dropped)."""
    if isinstance(exc, DatabaseUnavailable):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, (OperationalError, InterfaceError)) and not is_write_conflict(exc)


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


def _sqlite_folder(path: str) -> None:
    """Create the data folder for the default database; any other folder must exist already
    (a mistyped URL must not create directories anywhere on the machine)."""
    folder = Path(path).parent
    if folder.is_dir():
        return
    if folder.resolve() == DATA_DIR.resolve():
        folder.mkdir(parents=True, exist_ok=True)
        return
    raise DatabaseUnavailable(
        f"无法连接数据库 / Cannot reach the database: 目录不存在 / no such folder {folder}"
    )


def make_engine(url: str | None = None) -> Engine:
    """Create an engine; for SQLite make sure the folder exists and turn on FKs and WAL."""
    url = database_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1].split("?", 1)[0]
        if path and path != ":memory:" and not path.startswith("file:"):
            _sqlite_folder(path)
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


def check_migrated(engine: Engine) -> None:
    """Raise DatabaseNotMigrated when the database has not been migrated to the newest
    schema (a fresh database, or one an older release left)."""
    from alembic.script import ScriptDirectory  # only the command line needs alembic

    head = ScriptDirectory(str(Path(__file__).resolve().parent / "migrations")).get_current_head()
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                current = None
            else:
                current = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except (OperationalError, InterfaceError) as exc:
        raise DatabaseUnavailable(
            f"无法连接数据库 / Cannot reach the database ({engine.url.render_as_string(hide_password=True)})"
        ) from exc
    if current != head:
        raise DatabaseNotMigrated(
            "数据库尚未初始化或不是最新结构，请先运行 `python manage.py init-db`。 / "
            "The database is not migrated to the newest schema: run `python manage.py init-db` "
            "first."
        )


def insert_rows(
    conn: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert many rows of plain driver values in one executemany, past SQLAlchemy's
    per-parameter processing (for the bulk logs of an import). The table and column names
    are the program's own, never user input; the values are bound parameters."""
    if not rows:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(mark for _ in columns)})"
    conn.exec_driver_sql(sql, [tuple(r) for r in rows])
