"""Users, bcrypt hashes, lock-out after five failures, the audit log and the data version."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select

from data_access.audit import data_version
from data_access.models import AuditLog
from data_access.users import (
    UserError,
    check_password,
    create_user,
    get_user,
    is_locked,
    list_users,
    register_failure,
    register_success,
    set_password,
)


def _actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(AuditLog.action).order_by(AuditLog.id)).scalars())


def test_create_user_hashes_and_audits(fresh_engine: Engine) -> None:
    with fresh_engine.begin() as conn:
        create_user(conn, "wang", "王主任", "leader", "secret-pass")
    with fresh_engine.connect() as conn:
        user = get_user(conn, "wang")
        assert user is not None and user.role == "leader"
        assert user.password_hash.startswith("$2")
        assert check_password("secret-pass", user.password_hash)
        assert not check_password("wrong-pass", user.password_hash)
        assert data_version(conn) == 1
    assert _actions(fresh_engine) == ["user.create"]


@pytest.mark.parametrize(
    ("username", "role", "agency_id", "password", "message"),
    [
        ("bad name", "leader", None, "long-enough", "invalid username"),
        ("x", "boss", None, "long-enough", "invalid role"),
        ("x", "agency", None, "long-enough", "needs an agency"),
        ("x", "staff", None, "short", "too short"),
    ],
)
def test_create_user_rejects_bad_input(
    fresh_engine: Engine,
    username: str,
    role: str,
    agency_id: int | None,
    password: str,
    message: str,
) -> None:
    with pytest.raises(UserError, match=message), fresh_engine.begin() as conn:
        create_user(conn, username, "n", role, password, agency_id=agency_id)
    assert list_users(fresh_engine) == []


def test_duplicate_user_is_refused(fresh_engine: Engine) -> None:
    with fresh_engine.begin() as conn:
        create_user(conn, "li", "李科长", "staff", "secret-pass")
    with pytest.raises(UserError, match="already exists"), fresh_engine.begin() as conn:
        create_user(conn, "li", "李科长", "staff", "secret-pass")


def test_five_failures_lock_for_fifteen_minutes(fresh_engine: Engine) -> None:
    with fresh_engine.begin() as conn:
        create_user(conn, "li", "李科长", "staff", "secret-pass")
    now = dt.datetime(2026, 11, 30, 10, 0, 0)
    results = [register_failure(fresh_engine, "li", now=now) for _ in range(5)]
    assert results == [False, False, False, False, True]
    with fresh_engine.connect() as conn:
        user = get_user(conn, "li")
    assert user is not None
    assert user.locked_until == now + dt.timedelta(minutes=15)
    assert is_locked(user, now + dt.timedelta(minutes=14, seconds=59))
    assert not is_locked(user, now + dt.timedelta(minutes=15, seconds=1))
    actions = _actions(fresh_engine)
    assert actions.count("auth.login_failed") == 5 and actions[-1] == "auth.locked"


def test_success_resets_the_failure_count(fresh_engine: Engine) -> None:
    with fresh_engine.begin() as conn:
        create_user(conn, "li", "李科长", "staff", "secret-pass")
    for _ in range(4):
        register_failure(fresh_engine, "li")
    register_success(fresh_engine, "li")
    # after a success, four more failures still do not lock (the count restarted)
    assert [register_failure(fresh_engine, "li") for _ in range(4)] == [False] * 4


def test_set_password_unlocks_and_unknown_user_fails(fresh_engine: Engine) -> None:
    with fresh_engine.begin() as conn:
        create_user(conn, "li", "李科长", "staff", "secret-pass")
    for _ in range(5):
        register_failure(fresh_engine, "li")
    with fresh_engine.begin() as conn:
        set_password(conn, "li", "new-secret-pass")
        user = get_user(conn, "li")
    assert user is not None and not is_locked(user)
    assert check_password("new-secret-pass", user.password_hash)
    with pytest.raises(UserError, match="no user"), fresh_engine.begin() as conn:
        set_password(conn, "nobody", "new-secret-pass")


def test_sign_out_and_a_new_password_revoke_earlier_sessions(fresh_engine: Engine) -> None:
    from data_access.users import revoke_sessions, session_revoked

    with fresh_engine.begin() as conn:
        create_user(conn, "wang", "王主任", "leader", "secret-pass")
    with fresh_engine.connect() as conn:
        user = get_user(conn, "wang")
    assert user is not None and user.sessions_revoked_at is None
    earlier = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=5)
    assert not session_revoked(user, earlier)  # nothing revoked yet
    revoke_sessions(fresh_engine, "wang")
    with fresh_engine.connect() as conn:
        user = get_user(conn, "wang")
    assert user is not None and user.sessions_revoked_at is not None
    assert session_revoked(user, earlier)  # a cookie from before the sign-out
    assert session_revoked(user, None)  # a cookie whose issue time cannot be read
    assert not session_revoked(user, user.sessions_revoked_at + dt.timedelta(seconds=1))
    assert "auth.revoke_sessions" in _actions(fresh_engine)
    later = user.sessions_revoked_at + dt.timedelta(microseconds=1)
    with fresh_engine.begin() as conn:
        set_password(conn, "wang", "another-pass")
    with fresh_engine.connect() as conn:
        user = get_user(conn, "wang")
    assert user is not None and session_revoked(user, later)  # the new password ends it too
