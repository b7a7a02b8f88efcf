"""The command line's faults and writers (issue 15), as real processes: a database never
migrated says to run init-db (no traceback); a SQLite URL creates no folder outside the data
folder; a user command's write names a person (--as USER, else the operating-system user),
never "manage.py"; user names are stored in lower case; a refused import is audited."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from data_access.db import make_engine
from data_access.models import AppUser, AuditLog
from tests.data_access.import_files import STAFF_H, org_row, xlsx

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        input=stdin,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def test_a_database_never_migrated_says_to_run_init_db(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'never.db'}"
    for args in (("list-users",), ("imports", "list"), ("export", "scores", "--round", "2024")):
        done = run("--database-url", url, *args)
        assert done.returncode == 2, args
        assert "init-db" in done.stderr and "Traceback" not in done.stderr
    assert run("--database-url", url, "init-db").returncode == 0
    assert run("--database-url", url, "list-users").returncode == 0


def test_a_sqlite_url_creates_no_folder_outside_the_data_folder(tmp_path: Path) -> None:
    target = tmp_path / "made" / "by" / "a typo"
    done = run("--database-url", f"sqlite:///{target / 'x.db'}", "init-db")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert not (tmp_path / "made").exists()


def test_user_commands_name_a_person_and_lower_the_name(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'users.db'}"
    assert run("--database-url", url, "init-db").returncode == 0
    made = run(
        "--database-url", url, "create-user", "Bob", "--role", "leader", stdin="bob-pass-1\n"
    )
    assert made.returncode == 0, made.stderr
    changed = run(
        "--database-url", url, "set-password", "BOB", "--as", "wang.admin", stdin="bob-pass-2\n"
    )
    assert changed.returncode == 0, changed.stderr
    engine = make_engine(url)
    with engine.connect() as conn:
        names = list(conn.execute(select(AppUser.username)).scalars())
        writers = dict(
            conn.execute(
                select(AuditLog.action, AuditLog.username).where(AuditLog.action.like("user.%"))
            ).all()
        )
    assert names == ["bob"]
    assert writers == {"user.create": getpass.getuser(), "user.set_password": "wang.admin"}


def test_a_refused_import_is_audited_with_its_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'imports.db'}"
    assert run("--database-url", url, "init-db").returncode == 0
    path = tmp_path / "编制.xlsx"
    path.write_bytes(xlsx(STAFF_H, org_row(行政编制=True)))
    done = run("--database-url", url, "import", "staffing", str(path), "--as", "li.staff")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    with make_engine(url).connect() as conn:
        row = conn.execute(
            select(AuditLog.username, AuditLog.after).where(AuditLog.action == "import.rejected")
        ).one()
    assert row.username == "li.staff"
    assert row.after["file"] == "编制.xlsx" and row.after["kind"] == "staffing"


def test_user_role_and_user_disable_end_the_sessions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'roles.db'}"
    assert run("--database-url", url, "init-db").returncode == 0
    assert (
        run(
            "--database-url", url, "create-user", "li", "--role", "staff", stdin="li-pass-1\n"
        ).returncode
        == 0
    )
    role = run("--database-url", url, "user-role", "LI", "--role", "leader", "--as", "admin1")
    assert role.returncode == 0, role.stderr
    off = run("--database-url", url, "user-disable", "li", "--as", "admin1")
    assert off.returncode == 0, off.stderr
    listed = run("--database-url", url, "list-users").stdout
    assert listed.startswith("li\tleader") and " disabled" in listed
    with make_engine(url).connect() as conn:
        user = conn.execute(
            select(AppUser.role, AppUser.sessions_revoked_at, AppUser.disabled_at)
        ).one()
        actions = list(
            conn.execute(select(AuditLog.action).where(AuditLog.username == "admin1")).scalars()
        )
    assert user.role == "leader" and user.sessions_revoked_at and user.disabled_at
    assert actions == ["user.set_role", "user.disable"]
    assert run("--database-url", url, "user-disable", "li", "--enable").returncode == 0
    missing = run("--database-url", url, "user-disable", "nobody")
    assert missing.returncode == 1 and "no user" in missing.stderr
