"""Sessions and sign-in (issue 15, OWASP ASVS level 1), through AppTest against a real SQLite
file: a bad, forged, expired or revoked sign-in cookie shows the sign-in form (never an error
page); a valid one signs in and is audited; unknown and known names behave the same on
repeated failures; one client cannot lock out every account; user names are case-insensitive;
a connection dropped while a page runs shows the localized message with a retry."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable

import jwt
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from data_access.db import make_engine
from data_access.migrate import upgrade_to_head
from data_access.models import AuditLog
from data_access.users import (
    UserError,
    check_sign_in,
    create_user,
    get_user,
    register_failure,
    revoke_sessions,
    set_disabled,
    set_password,
    set_role,
    signin_blocked,
)
from tests.app.helpers import errors, new_app, sign_in
from ui.auth import make_cookie, read_cookie

KEY = "k" * 40


@pytest.fixture()
def private_db(monkeypatch: pytest.MonkeyPatch, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A database of its own with one staff user, not in demo mode."""
    url = f"sqlite:///{tmp_path / 'sessions.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    with engine.begin() as conn:
        create_user(conn, "zhao", "赵科长", "staff", "right-password")
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("DASHBOARD_DEMO", raising=False)
    monkeypatch.setenv("DASHBOARD_COOKIE_KEY", KEY)
    monkeypatch.delenv("DASHBOARD_SESSION_HOURS", raising=False)
    return url


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _ts(delta: dt.timedelta = dt.timedelta()) -> float:
    return (dt.datetime.now(dt.UTC) + delta).timestamp()


def _with_cookie(monkeypatch: pytest.MonkeyPatch, token: str) -> AppTest:
    """A new browser session whose request carries ``token`` as the sign-in cookie."""
    monkeypatch.setattr("ui.auth._request_cookie", lambda: token)
    return new_app()


def _shows_form(at: AppTest) -> bool:
    return [ti.label for ti in at.text_input] == ["用户名", "密码"]


def _actions(url: str) -> list[str]:
    with make_engine(url).connect() as conn:
        return list(conn.execute(select(AuditLog.action).order_by(AuditLog.id)).scalars())


def _signed_by_hand(header: dict[str, object], claims: dict[str, object]) -> str:
    """A token PyJWT refuses to write (a non-string kid), signed with the right key."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    head = part(json.dumps(header).encode()) + "." + part(json.dumps(claims).encode())
    signature = hmac.new(KEY.encode(), head.encode(), hashlib.sha256).digest()
    return head + "." + part(signature)


_HOUR = dt.timedelta(hours=1)
# name → a cookie made in the test (each one a way a cookie can be wrong)
BAD_COOKIES: dict[str, Callable[[], str]] = {
    "alg_none": lambda: jwt.encode(
        {"username": "zhao", "iat": _ts(), "exp": _ts(_HOUR)}, None, algorithm="none"
    ),
    "hs512": lambda: jwt.encode(
        {"username": "zhao", "iat": _ts(), "exp": _ts(_HOUR)}, KEY * 2, algorithm="HS512"
    ),
    "kid_not_a_string": lambda: _signed_by_hand(
        {"alg": "HS256", "typ": "JWT", "kid": 123},
        {"username": "zhao", "iat": _ts(), "exp": _ts(_HOUR)},
    ),
    "other_key": lambda: make_cookie("zhao", "x" * 40, _now()),
    "user_that_does_not_exist": lambda: make_cookie("ghost", KEY, _now()),
    "old_format_string_exp_date": lambda: jwt.encode(
        {"username": "zhao", "exp_date": "2099-01-01"}, KEY, algorithm="HS256"
    ),
    "exp_in_the_past": lambda: jwt.encode(
        {"username": "zhao", "iat": _ts(-2 * _HOUR), "exp": _ts(-_HOUR)}, KEY, algorithm="HS256"
    ),
    "iat_a_string": lambda: jwt.encode(
        {"username": "zhao", "iat": "now", "exp": _ts(_HOUR)}, KEY, algorithm="HS256"
    ),
    "iat_in_the_future": lambda: jwt.encode(
        {"username": "zhao", "iat": _ts(_HOUR), "exp": _ts(2 * _HOUR)}, KEY, algorithm="HS256"
    ),
    "older_than_a_session": lambda: jwt.encode(
        {"username": "zhao", "iat": _ts(-30 * _HOUR), "exp": _ts(_HOUR)}, KEY, algorithm="HS256"
    ),
    "username_a_list": lambda: jwt.encode(
        {"username": ["zhao"], "iat": _ts(), "exp": _ts(_HOUR)}, KEY, algorithm="HS256"
    ),
    "not_a_token": lambda: "not.a.token",
    "huge": lambda: "a" * 100_000,
}


@pytest.mark.parametrize("case", list(BAD_COOKIES))
def test_a_bad_cookie_shows_the_sign_in_form(
    private_db: str, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    at = _with_cookie(monkeypatch, BAD_COOKIES[case]())
    assert not errors(at) and _shows_form(at)
    assert at.session_state["authentication_status"] is not True
    assert _actions(private_db)[-1] == "auth.cookie_refused"
    if case != "user_that_does_not_exist":  # that token is sound: its account is not
        assert read_cookie(BAD_COOKIES[case](), KEY) is None


def test_a_valid_cookie_signs_in_and_is_audited(
    private_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _with_cookie(monkeypatch, make_cookie("zhao", KEY, _now()))
    assert not errors(at) and not _shows_form(at)
    assert at.session_state["username"] == "zhao"
    assert _actions(private_db).count("auth.cookie_login") == 1
    at.run()  # a rerun of the same session does not audit the cookie again
    assert _actions(private_db).count("auth.cookie_login") == 1


def _revoke_by_sign_out(engine: Engine) -> None:
    revoke_sessions(engine, "zhao")


def _revoke_by_new_password(engine: Engine) -> None:
    with engine.begin() as conn:
        set_password(conn, "zhao", "another-password", actor="admin")


def _revoke_by_lock_out(engine: Engine) -> None:
    for _ in range(5):
        register_failure(engine, "zhao", client="10.0.0.9")


def _revoke_by_role_change(engine: Engine) -> None:
    with engine.begin() as conn:
        set_role(conn, "zhao", "leader", actor="admin")


def _revoke_by_disabling(engine: Engine) -> None:
    with engine.begin() as conn:
        set_disabled(conn, "zhao", True, actor="admin")


@pytest.mark.parametrize(
    "revoke",
    [
        _revoke_by_sign_out,
        _revoke_by_new_password,
        _revoke_by_lock_out,
        _revoke_by_role_change,
        _revoke_by_disabling,
    ],
)
def test_a_cookie_from_before_a_revocation_no_longer_signs_in(
    private_db: str, monkeypatch: pytest.MonkeyPatch, revoke: Callable[[Engine], None]
) -> None:
    token = make_cookie("zhao", KEY, _now() - dt.timedelta(minutes=1))
    at = _with_cookie(monkeypatch, token)
    assert at.session_state["username"] == "zhao"  # valid until revoked
    revoke(make_engine(private_db))
    at.run()  # the open session ends at its next page load …
    assert not errors(at) and _shows_form(at)
    replay = _with_cookie(monkeypatch, token)  # … and a replay in a new browser is refused
    assert not errors(replay) and _shows_form(replay)
    assert replay.session_state["authentication_status"] is not True


def _attempts(name: str, n: int) -> list[str]:
    at = new_app()
    shown = []
    for _ in range(n):
        sign_in(at, name, "wrong-password", expect_success=False)
        shown.append(errors(at)[-1])
    return shown


@pytest.mark.parametrize("name", ["zhao", "nobody"])
def test_known_and_unknown_names_behave_the_same_on_repeated_failures(
    private_db: str, name: str
) -> None:
    locked = "登录失败次数过多，账户已锁定，请于 15 分钟后再试。"
    assert _attempts(name, 6) == ["用户名或密码错误。"] * 4 + [locked, locked]


def test_one_client_cannot_lock_out_every_account(private_db: str) -> None:
    engine = make_engine(private_db)
    attacker, other = "203.0.113.7", "198.51.100.2"
    for name in ("zhao", "qian", "sun"):
        for _ in range(5):
            if signin_blocked(engine, name, attacker) is None:  # the form refuses before counting
                register_failure(engine, name, client=attacker)
    # ten failures: two names locked, then the client itself is refused
    assert signin_blocked(engine, "zhao", other) is not None
    assert signin_blocked(engine, "qian", other) is not None
    assert signin_blocked(engine, "sun", other) is None  # never counted: sun is not locked
    blocked = signin_blocked(engine, "sun", attacker)
    assert blocked is not None and blocked[0] == "client"


def test_user_names_are_case_insensitive(private_db: str) -> None:
    engine = make_engine(private_db)
    with engine.begin() as conn:
        create_user(conn, "Bob", "鲍勃", "leader", "bob-password")
    with engine.connect() as conn:
        user = get_user(conn, "BOB")
    assert user is not None and user.username == "bob"
    with pytest.raises(UserError, match="already exists"), engine.begin() as conn:
        create_user(conn, "BOB", "另一个", "leader", "bob-password")
    assert check_sign_in(engine, "Bob", "bob-password") is not None
    at = sign_in(new_app(), "Bob", "bob-password")
    assert not errors(at) and at.session_state["username"] == "bob"


def test_a_dropped_connection_mid_page_shows_the_message_and_a_retry(
    private_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = sign_in(new_app(), "zhao", "right-password")
    assert not errors(at)

    def dropped() -> int:
        raise OperationalError("SELECT version", {}, Exception("server closed the connection"))

    with monkeypatch.context() as patch:
        patch.setattr("data_access.cache.current_version", dropped)
        at.run()
        assert len(at.exception) == 0
        assert [e.value for e in at.error] == [
            "与数据库的连接中断，页面未能显示。请稍后重试，或联系管理员。"
        ]
        retry = next(b for b in at.button if b.label == "重试")
    retry.click()
    at.run()
    assert not errors(at)


def test_a_disabled_account_answers_as_a_wrong_password(private_db: str) -> None:
    engine = make_engine(private_db)
    with engine.begin() as conn:
        set_disabled(conn, "zhao", True, actor="admin")
    at = sign_in(new_app(), "zhao", "right-password", expect_success=False)
    assert errors(at) == ["用户名或密码错误。"] and _shows_form(at)
    with engine.begin() as conn:
        set_disabled(conn, "zhao", False, actor="admin")
    at = sign_in(new_app(), "zhao", "right-password")
    assert not errors(at) and at.session_state["username"] == "zhao"
