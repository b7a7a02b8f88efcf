"""Sign-in, lock-out and role navigation through AppTest against a real SQLite file."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from data_access.db import make_engine
from data_access.migrate import upgrade_to_head
from data_access.models import AuditLog
from data_access.queries import list_rounds, round_overview
from data_access.scope import SYSTEM
from data_access.users import create_user
from tests.app.helpers import errors, metrics, new_app, sign_in


@pytest.fixture()
def private_db(monkeypatch: pytest.MonkeyPatch, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A database of its own (tests here write failure counts), not in demo mode."""
    url = f"sqlite:///{tmp_path / 'auth.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    with engine.begin() as conn:
        create_user(conn, "zhao", "赵科长", "staff", "right-password")
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("DASHBOARD_DEMO", raising=False)
    monkeypatch.setenv("DASHBOARD_COOKIE_KEY", "k" * 40)
    return url


def test_signed_out_shows_only_the_form_in_chinese(demo_env: str) -> None:
    at = new_app()
    assert not errors(at)
    assert [ti.label for ti in at.text_input] == ["用户名", "密码"]
    assert len(at.metric) == 0  # no figures before sign-in
    # demo mode lists the demo logins
    demo = at.dataframe[0].value
    assert list(demo.iloc[:, 0]) == ["leader", "staff", "agency", "admin"]


@pytest.mark.parametrize("username", ["leader", "staff", "admin"])
def test_office_roles_see_the_round_overview(demo_env: str, username: str) -> None:
    at = sign_in(new_app(), username, f"demo-{username}")
    assert not errors(at)
    engine = make_engine(demo_env)
    newest = list_rounds(engine, SYSTEM).iloc[0]
    expected = round_overview(engine, SYSTEM, int(newest["round_id"]))
    shown = metrics(at)
    assert shown["参评单位"] == f"{expected['agencies']:,}"
    assert shown["未销号问题"] == f"{expected['findings_open']:,}"
    assert shown["外部评价"] == f"{expected['ratings']:,}"
    assert expected["agencies"] > 0 and expected["ratings"] > 0


def test_agency_user_sees_only_its_own_agency(demo_env: str) -> None:
    at = sign_in(new_app(), "agency", "demo-agency")
    assert not errors(at)
    assert "市科学技术局" in at.header[0].value
    engine = make_engine(demo_env)
    newest = list_rounds(engine, SYSTEM).iloc[0]
    from data_access.users import get_user

    with engine.connect() as conn:
        user = get_user(conn, "agency")
    assert user is not None and user.agency_id is not None
    own = round_overview(engine, SYSTEM, int(newest["round_id"]), user.agency_id)
    shown = metrics(at)
    assert shown["参评单位"] == "1"
    assert shown["外部评价"] == f"{own['ratings']:,}"


def test_english_switch_translates_the_form(demo_env: str) -> None:
    at = new_app()
    at.session_state["lang"] = "en"
    at.run()
    assert [ti.label for ti in at.text_input] == ["Username", "Password"]


def test_wrong_password_is_refused_and_audited(private_db: str) -> None:
    at = sign_in(new_app(), "zhao", "wrong-password", expect_success=False)
    assert any("用户名或密码错误" in e for e in errors(at))
    assert len(at.metric) == 0
    with make_engine(private_db).connect() as conn:
        actions = list(conn.execute(select(AuditLog.action)).scalars())
    assert "auth.login_failed" in actions


def test_five_failures_lock_even_the_right_password(private_db: str) -> None:
    at = new_app()
    for _ in range(5):
        sign_in(at, "zhao", "wrong-password", expect_success=False)
    assert any("已锁定" in e for e in errors(at))
    at = sign_in(new_app(), "zhao", "right-password", expect_success=False)
    assert any("已锁定" in e for e in errors(at))
    assert len(at.metric) == 0
    with make_engine(private_db).connect() as conn:
        actions = list(conn.execute(select(AuditLog.action)).scalars())
    assert "auth.locked" in actions and "auth.login_refused_locked" in actions


def test_right_password_signs_in_and_is_audited(private_db: str) -> None:
    at = sign_in(new_app(), "zhao", "right-password")
    assert not errors(at)
    assert at.session_state["username"] == "zhao"
    # this database has no round yet: the overview explains instead of failing
    assert any("还没有评估批次" in i.value for i in at.info)
    with make_engine(private_db).connect() as conn:
        actions = list(conn.execute(select(AuditLog.action)).scalars())
    assert "auth.login" in actions


def test_demo_users_cannot_sign_in_outside_demo_mode(
    monkeypatch: pytest.MonkeyPatch, sqlite_demo_url: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_demo_url)
    monkeypatch.delenv("DASHBOARD_DEMO", raising=False)
    monkeypatch.setenv("DASHBOARD_COOKIE_KEY", "k" * 40)
    at = new_app()
    assert len(at.dataframe) == 0  # no demo logins shown
    at = sign_in(at, "leader", "demo-leader", expect_success=False)
    assert any("用户名或密码错误" in e for e in errors(at))


def test_refuses_to_start_without_a_cookie_key_outside_demo_mode(
    monkeypatch: pytest.MonkeyPatch, private_db: str
) -> None:
    monkeypatch.delenv("DASHBOARD_COOKIE_KEY", raising=False)
    at = new_app()
    assert any("Cookie" in e for e in errors(at))
    assert len(at.text_input) == 0


def test_database_down_gives_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere")
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    at = new_app()
    assert any("无法连接数据库" in e.value for e in at.error)
    assert len(at.exception) == 0
