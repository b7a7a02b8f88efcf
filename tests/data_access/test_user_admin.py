"""用户管理 in data_access, on both engines: administrators only (checked here, not only in the
page); create with a one-time password that must be changed; role and agency; reset; unlock;
disable; the last administrator protected; a write naming a stale stamp refused; every write
audited with before and after; the password rule (length, demo passwords outside demo mode)
the same for the command line and the app."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select, update

from data_access.models import Agency, AppUser, AuditLog, SigninThrottle
from data_access.scope import AccessDenied, Principal
from data_access.user_admin import (
    UserAdminError,
    account_stamp,
    change_account,
    change_own_password,
    create_account,
    list_accounts,
    reset_account_password,
    set_account_disabled,
    unlock_account,
)
from data_access.users import (
    UserError,
    check_sign_in,
    create_user,
    get_user,
    session_revoked,
    set_disabled,
    set_password,
    set_role,
)
from domain.vocab import Role

ROOT = Principal("root", Role.ADMIN)


@pytest.fixture()
def engine(fresh_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """One agency, one (non-demo) administrator 'root' and a demo administrator 'admin'."""
    monkeypatch.delenv("DASHBOARD_DEMO", raising=False)
    with fresh_engine.begin() as conn:
        conn.execute(
            insert(Agency).values(
                id=7,
                name="市科学技术局",
                short_name="科技局",
                agency_type="科技",
                nature="政府工作部门",
                rank="正县级",
            )
        )
        create_user(conn, "root", "管理员", "admin", "root-password-1")
        create_user(conn, "admin", "演示管理员", "admin", "demo-admin", is_demo=True)
    return fresh_engine


def _stamp(engine: Engine, username: str) -> str:
    with engine.connect() as conn:
        user = get_user(conn, username)
    assert user is not None
    return account_stamp(user)


def _user(engine: Engine, username: str) -> Any:
    with engine.connect() as conn:
        return get_user(conn, username)


def _audit(engine: Engine, action: str) -> list[tuple[object, object, object]]:
    with engine.connect() as conn:
        return [
            (r.username, r.before, r.after)
            for r in conn.execute(
                select(AuditLog.username, AuditLog.before, AuditLog.after)
                .where(AuditLog.action == action)
                .order_by(AuditLog.id)
            )
        ]


def test_create_makes_a_one_time_password_that_must_be_changed(engine: Engine) -> None:
    secret = create_account(
        engine, " Liaison ", "联络员", "agency", principal=ROOT, agency_id=7, lang="en"
    )
    user = _user(engine, "LIAISON")  # names are case-insensitive, stored in lower case
    assert user is not None and user.username == "liaison"
    assert (user.role, user.agency_id, user.must_change_password) == ("agency", 7, True)
    assert check_sign_in(engine, "liaison", secret) is not None
    assert _audit(engine, "user.create")[-1] == (
        "root",
        None,
        {
            "display_name": "联络员",
            "role": "agency",
            "agency_id": 7,
            "must_change_password": True,
        },
    )
    # The same name in another case is taken; an agency user needs an agency.
    with pytest.raises(UserAdminError, match="exists") as taken:
        create_account(engine, "LIAISON", "", "staff", principal=ROOT, lang="en")
    assert taken.value.field == "username"
    with pytest.raises(UserAdminError) as missing:
        create_account(engine, "other", "", "agency", principal=ROOT, lang="zh")
    assert (str(missing.value), missing.value.field) == ("评估对象账号必须选择所属单位", "agency")
    with pytest.raises(UserAdminError) as bad:
        create_account(engine, "bad name!", "", "staff", principal=ROOT)
    assert bad.value.field == "username"
    assert _user(engine, "other") is None


def test_the_must_change_flow(engine: Engine) -> None:
    secret = create_account(engine, "wang", "王", "staff", principal=ROOT)
    me = Principal("wang", Role.STAFF)
    signed_in_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with pytest.raises(UserAdminError) as short:
        change_own_password(engine, "short", "short", principal=me, lang="en")
    assert (str(short.value), short.value.field) == (
        "password too short: at least 8 characters",
        "password",
    )
    with pytest.raises(UserAdminError) as differ:
        change_own_password(engine, "long-enough-1", "long-enough-2", principal=me)
    assert differ.value.field == "confirm"
    # Outside demo mode the published demo passwords are refused, whatever the case.
    with pytest.raises(UserAdminError, match="演示账号"):
        change_own_password(engine, "Demo-Staff", "Demo-Staff", principal=me)
    assert _user(engine, "wang").must_change_password  # nothing written
    revoked = change_own_password(engine, "long-enough-1", "long-enough-1", principal=me)
    user = _user(engine, "wang")
    assert not user.must_change_password
    assert check_sign_in(engine, "wang", "long-enough-1") is not None
    assert check_sign_in(engine, "wang", secret) is None
    # Other sessions (issued before the change) end; one issued after it stays.
    assert session_revoked(user, signed_in_at)
    assert not session_revoked(user, revoked + dt.timedelta(microseconds=1))
    # In demo mode a demo password is allowed.
    change_own_password(engine, "demo-staff", "demo-staff", principal=me, demo_mode=True)


def test_role_agency_reset_unlock_disable_each_audited(engine: Engine) -> None:
    create_account(engine, "zhao", "赵", "staff", principal=ROOT)
    # Role and agency: refused without an agency, then done; sessions end.
    with pytest.raises(UserAdminError) as no_agency:
        change_account(
            engine, "zhao", "agency", None, principal=ROOT, expected=_stamp(engine, "zhao")
        )
    assert no_agency.value.field == "agency"
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert change_account(
        engine, "zhao", "agency", 7, principal=ROOT, expected=_stamp(engine, "zhao")
    )
    user = _user(engine, "zhao")
    assert (user.role, user.agency_id) == ("agency", 7)
    assert session_revoked(user, before)
    assert _audit(engine, "user.set_role")[-1] == (
        "root",
        {"role": "staff", "agency_id": None},
        {"role": "agency", "agency_id": 7},
    )
    assert not change_account(  # nothing to change
        engine, "zhao", "agency", 7, principal=ROOT, expected=_stamp(engine, "zhao")
    )
    # Locked after failed sign-ins: unlock clears the lock and the name's throttle.
    until = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(minutes=15)
    with engine.begin() as conn:
        conn.execute(
            update(AppUser)
            .where(AppUser.username == "zhao")
            .values(locked_until=until, failed_attempts=0)
        )
        conn.execute(
            insert(SigninThrottle).values(
                key="name:zhao", failures=0, first_failure=until, locked_until=until
            )
        )
    unlock_account(engine, "zhao", principal=ROOT, expected=_stamp(engine, "zhao"))
    assert _user(engine, "zhao").locked_until is None
    with engine.connect() as conn:
        assert conn.execute(select(SigninThrottle.key)).all() == []
    assert _audit(engine, "user.unlock")[-1] == (
        "root",
        {"locked_until": until.isoformat()},
        {"locked_until": None},
    )
    # Reset: a new one-time password, must change, sessions end.
    secret = reset_account_password(engine, "zhao", principal=ROOT, expected=_stamp(engine, "zhao"))
    user = _user(engine, "zhao")
    assert user.must_change_password and check_sign_in(engine, "zhao", secret) is not None
    assert _audit(engine, "user.reset_password")[-1] == (
        "root",
        {"must_change_password": True, "locked_until": None},
        {"must_change_password": True, "locked_until": None},
    )
    # Disable: no sign-in, sessions end; enable again.
    set_account_disabled(engine, "zhao", True, principal=ROOT, expected=_stamp(engine, "zhao"))
    assert check_sign_in(engine, "zhao", secret) is None
    set_account_disabled(engine, "zhao", False, principal=ROOT, expected=_stamp(engine, "zhao"))
    assert check_sign_in(engine, "zhao", secret) is not None
    assert [a[1:] for a in _audit(engine, "user.disable")] == [
        ({"disabled": False}, {"disabled": True})
    ]
    assert [a[1:] for a in _audit(engine, "user.enable")] == [
        ({"disabled": True}, {"disabled": False})
    ]


def test_a_stale_stamp_is_refused_and_nothing_written(engine: Engine) -> None:
    create_account(engine, "qian", "钱", "staff", principal=ROOT)
    seen = _stamp(engine, "qian")
    set_account_disabled(engine, "qian", True, principal=ROOT, expected=seen)
    # A second click (or another administrator) with what was seen before: refused.
    with pytest.raises(UserAdminError, match="刚被他人变更"):
        set_account_disabled(engine, "qian", True, principal=ROOT, expected=seen)
    with pytest.raises(UserAdminError, match="刚被他人变更"):
        reset_account_password(engine, "qian", principal=ROOT, expected=seen)
    assert len(_audit(engine, "user.disable")) == 1
    assert _audit(engine, "user.reset_password") == []


def test_the_last_administrator_cannot_be_disabled_or_demoted(engine: Engine) -> None:
    # 'admin' is a demo account: outside demo mode it does not count, so root is the last.
    with pytest.raises(UserAdminError, match="last enabled administrator"):
        set_account_disabled(
            engine, "root", True, principal=ROOT, expected=_stamp(engine, "root"), lang="en"
        )
    with pytest.raises(UserAdminError, match="最后一个可用的管理员") as demoted:
        change_account(
            engine, "root", "staff", None, principal=ROOT, expected=_stamp(engine, "root")
        )
    assert demoted.value.field == "role"
    assert _user(engine, "root").role == "admin" and _user(engine, "root").disabled_at is None
    # The command line obeys the same rule.
    with pytest.raises(UserError, match="last enabled administrator"), engine.begin() as conn:
        set_disabled(conn, "root", True, actor="ops")
    with pytest.raises(UserError, match="last enabled administrator"), engine.begin() as conn:
        set_role(conn, "root", "staff", actor="ops")
    # In demo mode the demo administrator counts: root may go.
    set_account_disabled(
        engine, "root", True, principal=ROOT, expected=_stamp(engine, "root"), demo_mode=True
    )
    assert _user(engine, "root").disabled_at is not None
    # With another enabled administrator, the first may be demoted.
    create_account(engine, "boss", "新管理员", "admin", principal=ROOT)
    set_account_disabled(engine, "root", False, principal=ROOT, expected=_stamp(engine, "root"))
    change_account(engine, "root", "staff", None, principal=ROOT, expected=_stamp(engine, "root"))
    assert _user(engine, "root").role == "staff"


@pytest.mark.parametrize("role", [Role.LEADER, Role.STAFF, Role.AGENCY])
def test_only_administrators(engine: Engine, role: Role) -> None:
    other = Principal("someone", role, 7 if role == Role.AGENCY else None)
    stamp = _stamp(engine, "root")
    calls = [
        lambda: list_accounts(engine, other),
        lambda: create_account(engine, "x1", "", "staff", principal=other),
        lambda: change_account(engine, "root", "staff", None, principal=other, expected=stamp),
        lambda: reset_account_password(engine, "root", principal=other, expected=stamp),
        lambda: unlock_account(engine, "root", principal=other, expected=stamp),
        lambda: set_account_disabled(engine, "root", True, principal=other, expected=stamp),
    ]
    for call in calls:
        with pytest.raises(AccessDenied, match="只有管理员"):
            call()
    assert _user(engine, "x1") is None and _stamp(engine, "root") == stamp


def test_the_list_has_role_agency_sign_in_and_lock(engine: Engine) -> None:
    create_account(engine, "sun", "孙", "agency", principal=ROOT, agency_id=7)
    frame = list_accounts(engine, ROOT)
    assert list(frame["username"]) == ["admin", "root", "sun"]
    sun = frame.set_index("username").loc["sun"]
    assert (sun["role"], sun["agency_name"], bool(sun["must_change_password"])) == (
        "agency",
        "市科学技术局",
        True,
    )
    assert sun["last_signin_at"] is None or sun["last_signin_at"] != sun["last_signin_at"]


def test_the_password_rule_is_the_command_lines_too(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(UserError, match="demo passwords"), engine.begin() as conn:
        set_password(conn, "root", "demo-leader")
    with pytest.raises(UserError, match="too short"), engine.begin() as conn:
        create_user(conn, "li", "李", "staff", "short")
    with pytest.raises(UserError, match="demo passwords"), engine.begin() as conn:
        create_user(conn, "li", "李", "staff", "DEMO-ADMIN")
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    with engine.begin() as conn:
        create_user(conn, "li", "李", "staff", "demo-admin")
    assert _user(engine, "li") is not None
