"""Users, password hashes (bcrypt) and the sign-in lock-out kept in the database.

These reads take no ``Principal``, unlike every other read in data_access: they run before
anyone is signed in (the sign-in form needs the credentials, the lock-out counts a failed
attempt of a user who has no session yet) or from the command line, and they return accounts,
not evaluation data. Only the office's own code calls them.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

import bcrypt
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from data_access.audit import record_event, record_write
from data_access.models import Agency, AppUser, SigninThrottle
from domain.catalog import translate
from domain.vocab import Role

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
    "signin_blocked",
    "check_sign_in",
    "MAX_CLIENT_FAILURES",
    "set_role",
    "set_disabled",
    "MIN_PASSWORD_LENGTH",
    "password_problem",
    "demo_passwords_allowed",
    "is_last_admin",
]

ROLES = ("leader", "staff", "agency", "admin")
MAX_FAILED_ATTEMPTS = 5  # per name (known or not) within LOCK_MINUTES
MAX_CLIENT_FAILURES = 10  # per client within LOCK_MINUTES: at most two names locked by one
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 8
# Checked against when the name is unknown, so an unknown name costs the same bcrypt time.
_DUMMY_HASH = "$2b$10$a3JuN8fnQoidXnbCj7/ek.V1/gc6/zEVMGCB3fs1StWZTREMBDcjG"


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
    disabled_at: dt.datetime | None = None
    must_change_password: bool = False
    last_signin_at: dt.datetime | None = None


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=10)).decode("ascii")


def check_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), password_hash.encode("ascii"))
    except ValueError:
        return False


def demo_passwords_allowed() -> bool:
    """Whether the command line runs in demo mode (DASHBOARD_DEMO), where the published demo
    passwords may be used; the app asks ``ui.auth.demo_mode`` (which also reads secrets)."""
    return (os.environ.get("DASHBOARD_DEMO") or "").lower() in {"1", "true", "yes"}


def password_problem(password: str, *, demo_mode: bool) -> tuple[str, dict[str, object]] | None:
    """Why a new password is refused, as a catalog key and its values, or None. The one rule
    for every new password (command line, users page, the change at first sign-in): at least
    MIN_PASSWORD_LENGTH characters, and outside demo mode none of the published demo
    passwords (README lists them), whatever the case."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "usr_pw_short", {"n": MIN_PASSWORD_LENGTH}
    if not demo_mode:
        from data_access.seed import DEMO_USERS  # the demo's own list, defined once there

        if password.strip().lower() in {p.lower() for _u, p, _r in DEMO_USERS}:
            return "usr_pw_demo", {}
    return None


def _check_password_rule(password: str, demo_mode: bool) -> None:
    problem = password_problem(password, demo_mode=demo_mode)
    if problem is not None:
        raise UserError(translate(problem[0], "en", **problem[1]))


def _validate(username: str, role: str, agency_id: int | None, password: str) -> None:
    if not username or not username.replace("_", "").replace("-", "").replace(".", "").isalnum():
        raise UserError(f"invalid username {username!r}: letters, digits, - _ . only")
    if role not in ROLES:
        raise UserError(f"invalid role {role!r}: one of {', '.join(ROLES)}")
    if role == "agency" and agency_id is None:
        raise UserError("an agency user needs an agency")
    if role != "agency" and agency_id is not None:
        raise UserError("only agency users are bound to an agency")


def create_user(
    conn: Connection,
    username: str,
    display_name: str,
    role: str,
    password: str,
    agency_id: int | None = None,
    is_demo: bool = False,
    actor: str | None = None,
    must_change: bool = False,
) -> None:
    """Create a user; raises UserError when the name is taken or the input is invalid.
    Names are case-insensitive: stored in lower case (sign-in lowers what is typed).
    ``must_change``: the password is a one-time password, changed at the first sign-in."""
    username = username.strip().lower()
    _validate(username, role, agency_id, password)
    _check_password_rule(password, is_demo or demo_passwords_allowed())
    if conn.execute(select(AppUser.id).where(_named(username))).first():
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
            must_change_password=must_change,
        )
    )
    record_write(
        conn,
        actor,
        "user.create",
        "app_user",
        username,
        after={
            "display_name": display_name,
            "role": role,
            "agency_id": agency_id,
            "must_change_password": must_change,
        },
        scored=False,
    )


def set_password(
    conn: Connection,
    username: str,
    password: str,
    actor: str | None = None,
    *,
    must_change: bool = False,
    demo_mode: bool | None = None,
) -> None:
    """A new password; it unlocks the account and ends every session of the user.
    ``must_change``: a one-time password (users page), to be changed at the next sign-in."""
    demo = demo_passwords_allowed() if demo_mode is None else demo_mode
    _check_password_rule(password, demo)
    username = username.strip().lower()
    user = get_user(conn, username)
    conn.execute(delete(SigninThrottle).where(SigninThrottle.key == _name_key(username)))
    res = conn.execute(
        update(AppUser)
        .where(_named(username))
        .values(
            password_hash=hash_password(password),
            failed_attempts=0,
            locked_until=None,
            sessions_revoked_at=_utcnow(),  # a new password ends every signed-in session
            must_change_password=must_change,
        )
    )
    if res.rowcount == 0 or user is None:
        raise UserError(f"no user {username!r}")
    locked = user.locked_until.isoformat() if user.locked_until else None
    record_write(
        conn,
        actor,
        "user.reset_password" if must_change else "user.set_password",
        "app_user",
        user.username,
        before={"must_change_password": user.must_change_password, "locked_until": locked},
        after={"must_change_password": must_change, "locked_until": None},
        scored=False,
    )


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
        disabled_at=row.disabled_at,
        must_change_password=bool(row.must_change_password),
        last_signin_at=row.last_signin_at,
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
        AppUser.disabled_at,
        AppUser.must_change_password,
        AppUser.last_signin_at,
    ).outerjoin(Agency, Agency.id == AppUser.agency_id)


def list_users(engine: Engine, include_demo: bool = True) -> list[UserRecord]:
    """All users, demo users only when include_demo (demo mode)."""
    q = _user_query().order_by(AppUser.username)
    if not include_demo:
        q = q.where(AppUser.is_demo.is_(False))
    with engine.connect() as conn:
        return [_record(r) for r in conn.execute(q)]


def _named(username: str) -> Any:
    """The account of ``username``, whatever its case (names are case-insensitive)."""
    return func.lower(AppUser.username) == username.strip().lower()


def get_user(conn: Connection, username: str) -> UserRecord | None:
    row = conn.execute(_user_query().where(_named(username))).first()
    return _record(row) if row else None


def is_locked(user: UserRecord, now: dt.datetime | None = None) -> bool:
    """Whether the account may not sign in now: locked out, or disabled."""
    now = now or _utcnow()
    if user.disabled_at is not None:
        return True
    return user.locked_until is not None and user.locked_until > now


def is_last_admin(conn: Connection, username: str, demo_mode: bool) -> bool:
    """Whether ``username`` is an enabled administrator and no other enabled administrator
    could sign in (demo administrators count only in demo mode): demoting or disabling it
    would leave nobody to manage users."""
    user = get_user(conn, username)
    if user is None or user.role != Role.ADMIN.value or user.disabled_at is not None:
        return False
    others = select(func.count()).where(
        AppUser.role == Role.ADMIN.value,
        AppUser.disabled_at.is_(None),
        func.lower(AppUser.username) != user.username.lower(),
    )
    if not demo_mode:
        others = others.where(AppUser.is_demo.is_(False))
    return not conn.execute(others).scalar()


def set_role(
    conn: Connection,
    username: str,
    role: str,
    agency_id: int | None = None,
    actor: str | None = None,
    *,
    lang: str = "en",
    demo_mode: bool | None = None,
) -> None:
    """Change a user's role (and agency); every session of the user ends. The last
    administrator cannot be demoted."""
    user = get_user(conn, username)
    if user is None:
        raise UserError(f"no user {username!r}")
    _validate(user.username, role, agency_id, "x" * MIN_PASSWORD_LENGTH)
    demo = demo_passwords_allowed() if demo_mode is None else demo_mode
    if role != Role.ADMIN.value and is_last_admin(conn, user.username, demo):
        raise UserError(translate("usr_last_admin", lang, user=user.username))
    conn.execute(
        update(AppUser)
        .where(_named(username))
        .values(role=role, agency_id=agency_id, sessions_revoked_at=_utcnow())
    )
    record_write(
        conn,
        actor,
        "user.set_role",
        "app_user",
        user.username,
        before={"role": user.role, "agency_id": user.agency_id},
        after={"role": role, "agency_id": agency_id},
        scored=False,
    )


def set_disabled(
    conn: Connection,
    username: str,
    disabled: bool,
    actor: str | None = None,
    *,
    lang: str = "en",
    demo_mode: bool | None = None,
) -> None:
    """Disable an account (it cannot sign in, every session ends) or enable it again. The
    last administrator cannot be disabled."""
    demo = demo_passwords_allowed() if demo_mode is None else demo_mode
    if disabled and is_last_admin(conn, username, demo):
        raise UserError(translate("usr_last_admin", lang, user=username.strip().lower()))
    user = get_user(conn, username)
    if user is None:
        raise UserError(f"no user {username!r}")
    now = _utcnow()
    values: dict[str, Any] = {"disabled_at": now if disabled else None}
    if disabled:
        values["sessions_revoked_at"] = now
    conn.execute(update(AppUser).where(_named(username)).values(**values))
    action = "user.disable" if disabled else "user.enable"
    record_write(
        conn,
        actor,
        action,
        "app_user",
        user.username,
        before={"disabled": user.disabled_at is not None},
        after={"disabled": disabled},
        scored=False,
    )


def _name_key(username: str) -> str:
    return f"name:{username.strip().lower()}"[:160]


def _client_key(client: str) -> str:
    return f"client:{client}"[:160]


def _throttle_until(conn: Connection, key: str, now: dt.datetime) -> dt.datetime | None:
    until = conn.execute(
        select(SigninThrottle.locked_until).where(SigninThrottle.key == key)
    ).scalar()
    return until if until is not None and until > now else None


def _count_failure(conn: Connection, key: str, limit: int, now: dt.datetime) -> int:
    """Count one failure under ``key`` (the window restarts after LOCK_MINUTES); lock the key
    when it reaches ``limit``. The failures counted in the window."""
    row = conn.execute(select(SigninThrottle).where(SigninThrottle.key == key)).first()
    window = dt.timedelta(minutes=LOCK_MINUTES)
    if row is None:
        conn.execute(insert(SigninThrottle).values(key=key, failures=1, first_failure=now))
        failures = 1
    else:
        fresh = row.first_failure + window < now
        failures = 1 if fresh else row.failures + 1
        conn.execute(
            update(SigninThrottle)
            .where(SigninThrottle.key == key)
            .values(failures=failures, first_failure=now if fresh else row.first_failure)
        )
    if failures >= limit:
        conn.execute(
            update(SigninThrottle)
            .where(SigninThrottle.key == key)
            .values(failures=0, first_failure=now, locked_until=now + window)
        )
    # Old entries go (an attacker spraying names must not grow the table without bound).
    conn.execute(
        delete(SigninThrottle).where(
            SigninThrottle.first_failure < now - dt.timedelta(days=1),
            (SigninThrottle.locked_until.is_(None)) | (SigninThrottle.locked_until < now),
        )
    )
    return failures


def signin_blocked(
    engine: Engine, username: str, client: str | None = None, now: dt.datetime | None = None
) -> tuple[str, dt.datetime] | None:
    """Whether a sign-in is refused before its password is checked: ("client", until) when the
    client made too many failed attempts, ("name", until) when the name is locked (a real
    account or not: both behave the same), else None."""
    now = now or _utcnow()
    with engine.connect() as conn:
        if client:
            until = _throttle_until(conn, _client_key(client), now)
            if until is not None:
                return "client", until
        until = _throttle_until(conn, _name_key(username), now)
        user = get_user(conn, username)
    if user is not None and user.locked_until is not None and user.locked_until > now:
        until = max(until or now, user.locked_until)
    return ("name", until) if until is not None else None


def check_sign_in(engine: Engine, username: str, password: str) -> UserRecord | None:
    """The account when the password is right, else None; an unknown name is checked against
    a dummy hash, so it takes as long as a wrong password."""
    with engine.connect() as conn:
        user = get_user(conn, username)
    ok = check_password(password, user.password_hash if user else _DUMMY_HASH)
    # A disabled account answers as a wrong password would (its existence stays unknown).
    return user if ok and user is not None and user.disabled_at is None else None


def register_failure(
    engine: Engine, username: str, now: dt.datetime | None = None, client: str | None = None
) -> bool:
    """Count a failed sign-in against the name and the client; the fifth failure of a name
    locks it (known or unknown alike; a known account's sessions end), the tenth of a client
    locks the client. Returns True when the name is now locked."""
    now = now or _utcnow()
    username = username.strip().lower()
    with engine.begin() as conn:
        if client:
            _count_failure(conn, _client_key(client), MAX_CLIENT_FAILURES, now)
        user = get_user(conn, username)
        if user is None:
            attempts = _count_failure(conn, _name_key(username), MAX_FAILED_ATTEMPTS, now)
            record_event(
                conn,
                username[:64],
                "auth.login_failed_unknown_user",
                after={"failed_attempts": attempts, "client": client},
            )
            return attempts >= MAX_FAILED_ATTEMPTS
        attempts = user.failed_attempts + 1
        locked_until = None
        values: dict[str, Any] = {"failed_attempts": attempts}
        if attempts >= MAX_FAILED_ATTEMPTS:
            locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            # A lock-out ends the account's sessions too (someone may be guessing it).
            values = {
                "failed_attempts": 0,
                "locked_until": locked_until,
                "sessions_revoked_at": now,
            }
        conn.execute(update(AppUser).where(_named(username)).values(**values))
        record_event(
            conn,
            user.username,
            "auth.login_failed",
            "app_user",
            user.username,
            after={"failed_attempts": attempts, "client": client},
        )
        if locked_until:
            record_event(
                conn,
                user.username,
                "auth.locked",
                "app_user",
                user.username,
                after={"locked_until": locked_until.isoformat()},
            )
        return locked_until is not None


def register_success(engine: Engine, username: str, client: str | None = None) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(AppUser)
            .where(_named(username))
            .values(failed_attempts=0, locked_until=None, last_signin_at=_utcnow())
        )
        record_event(conn, username, "auth.login", "app_user", username, after={"client": client})


def revoke_sessions(engine: Engine, username: str, actor: str | None = None) -> None:
    """End every signed-in session of ``username`` at its next page load (sign-out)."""
    with engine.begin() as conn:
        conn.execute(update(AppUser).where(_named(username)).values(sessions_revoked_at=_utcnow()))
        record_event(conn, actor or username, "auth.revoke_sessions", "app_user", username)


def session_revoked(user: UserRecord, issued_at: dt.datetime | None) -> bool:
    """Whether a session signed in at ``issued_at`` (UTC, naive; None if unknown) has been
    revoked since."""
    if user.sessions_revoked_at is None:
        return False
    return issued_at is None or issued_at <= user.sessions_revoked_at
