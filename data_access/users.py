"""Users, password hashes (bcrypt) and the sign-in lock-out kept in the database.

These reads take no ``Principal``, unlike every other read in data_access: they run before
anyone is signed in (the sign-in form needs the credentials, the lock-out counts a failed
attempt of a user who has no session yet) or from the command line, and they return accounts,
not evaluation data. Only the office's own code calls them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import bcrypt
from sqlalchemy import Connection, Engine, insert, select, update

from data_access.audit import record_event, record_write
from data_access.models import Agency, AppUser

__all__ = [
    "ROLES",
    "MAX_FAILED_ATTEMPTS",
    "LOCK_MINUTES",
    "UserError",
    "UserRecord",
    "hash_password",
    "check_password",
    "create_user",
    "set_password",
    "list_users",
    "get_user",
    "is_locked",
    "register_failure",
    "register_success",
    "revoke_sessions",
    "session_revoked",
]

ROLES = ("leader", "staff", "agency", "admin")
MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 8


class UserError(ValueError):
    """A user command cannot be carried out; the message says why."""


@dataclass(frozen=True)
class UserRecord:
    username: str
    display_name: str
    role: str
    agency_id: int | None
    agency_name: str | None
    password_hash: str
    failed_attempts: int
    locked_until: dt.datetime | None
    is_demo: bool
    sessions_revoked_at: dt.datetime | None = None


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=10)).decode("ascii")


def check_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), password_hash.encode("ascii"))
    except ValueError:
        return False


def _validate(username: str, role: str, agency_id: int | None, password: str) -> None:
    if not username or not username.replace("_", "").replace("-", "").replace(".", "").isalnum():
        raise UserError(f"invalid username {username!r}: letters, digits, - _ . only")
    if role not in ROLES:
        raise UserError(f"invalid role {role!r}: one of {', '.join(ROLES)}")
    if role == "agency" and agency_id is None:
        raise UserError("an agency user needs an agency")
    if role != "agency" and agency_id is not None:
        raise UserError("only agency users are bound to an agency")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"password too short: at least {MIN_PASSWORD_LENGTH} characters")


def create_user(
    conn: Connection,
    username: str,
    display_name: str,
    role: str,
    password: str,
    agency_id: int | None = None,
    is_demo: bool = False,
    actor: str | None = None,
) -> None:
    """Create a user; raises UserError when the name is taken or the input is invalid."""
    _validate(username, role, agency_id, password)
    if conn.execute(select(AppUser.id).where(AppUser.username == username)).first():
        raise UserError(f"user {username!r} already exists")
    if (
        agency_id is not None
        and not conn.execute(select(Agency.id).where(Agency.id == agency_id)).first()
    ):
        raise UserError(f"no agency with id {agency_id}")
    conn.execute(
        insert(AppUser).values(
            username=username,
            display_name=display_name,
            role=role,
            agency_id=agency_id,
            password_hash=hash_password(password),
            is_demo=is_demo,
        )
    )
    record_write(
        conn,
        actor,
        "user.create",
        "app_user",
        username,
        after={"role": role, "agency_id": agency_id},
    )


def set_password(conn: Connection, username: str, password: str, actor: str | None = None) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"password too short: at least {MIN_PASSWORD_LENGTH} characters")
    res = conn.execute(
        update(AppUser)
        .where(AppUser.username == username)
        .values(
            password_hash=hash_password(password),
            failed_attempts=0,
            locked_until=None,
            sessions_revoked_at=_utcnow(),  # a new password ends every signed-in session
        )
    )
    if res.rowcount == 0:
        raise UserError(f"no user {username!r}")
    record_write(conn, actor, "user.set_password", "app_user", username)


def _record(row: Any) -> UserRecord:
    return UserRecord(
        username=row.username,
        display_name=row.display_name,
        role=row.role,
        agency_id=row.agency_id,
        agency_name=row.agency_name,
        password_hash=row.password_hash,
        failed_attempts=row.failed_attempts,
        locked_until=row.locked_until,
        is_demo=bool(row.is_demo),
        sessions_revoked_at=row.sessions_revoked_at,
    )


def _user_query() -> Any:
    return select(
        AppUser.username,
        AppUser.display_name,
        AppUser.role,
        AppUser.agency_id,
        Agency.name.label("agency_name"),
        AppUser.password_hash,
        AppUser.failed_attempts,
        AppUser.locked_until,
        AppUser.is_demo,
        AppUser.sessions_revoked_at,
    ).outerjoin(Agency, Agency.id == AppUser.agency_id)


def list_users(engine: Engine, include_demo: bool = True) -> list[UserRecord]:
    """All users, demo users only when include_demo (demo mode)."""
    q = _user_query().order_by(AppUser.username)
    if not include_demo:
        q = q.where(AppUser.is_demo.is_(False))
    with engine.connect() as conn:
        return [_record(r) for r in conn.execute(q)]


def get_user(conn: Connection, username: str) -> UserRecord | None:
    row = conn.execute(_user_query().where(AppUser.username == username)).first()
    return _record(row) if row else None


def is_locked(user: UserRecord, now: dt.datetime | None = None) -> bool:
    now = now or _utcnow()
    return user.locked_until is not None and user.locked_until > now


def register_failure(engine: Engine, username: str, now: dt.datetime | None = None) -> bool:
    """Count a failed sign-in; the fifth locks the account. Returns True when now locked."""
    now = now or _utcnow()
    with engine.begin() as conn:
        user = get_user(conn, username)
        if user is None:
            record_event(conn, username, "auth.login_failed_unknown_user")
            return False
        attempts = user.failed_attempts + 1
        locked_until = None
        if attempts >= MAX_FAILED_ATTEMPTS:
            locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
        conn.execute(
            update(AppUser)
            .where(AppUser.username == username)
            .values(failed_attempts=0 if locked_until else attempts, locked_until=locked_until)
        )
        record_event(
            conn,
            username,
            "auth.login_failed",
            "app_user",
            username,
            after={"failed_attempts": attempts},
        )
        if locked_until:
            record_event(
                conn,
                username,
                "auth.locked",
                "app_user",
                username,
                after={"locked_until": locked_until.isoformat()},
            )
        return locked_until is not None


def register_success(engine: Engine, username: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(AppUser)
            .where(AppUser.username == username)
            .values(failed_attempts=0, locked_until=None)
        )
        record_event(conn, username, "auth.login", "app_user", username)


def revoke_sessions(engine: Engine, username: str, actor: str | None = None) -> None:
    """End every signed-in session of ``username`` at its next page load (sign-out)."""
    with engine.begin() as conn:
        conn.execute(
            update(AppUser)
            .where(AppUser.username == username)
            .values(sessions_revoked_at=_utcnow())
        )
        record_event(conn, actor or username, "auth.revoke_sessions", "app_user", username)


def session_revoked(user: UserRecord, issued_at: dt.datetime | None) -> bool:
    """Whether a session signed in at ``issued_at`` (UTC, naive; None if unknown) has been
    revoked since."""
    if user.sessions_revoked_at is None:
        return False
    return issued_at is None or issued_at <= user.sessions_revoked_at
