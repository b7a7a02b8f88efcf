"""用户管理 through AppTest on a copy of the demo data: only the administrator sees it (the other
roles get the localized no-access message, in both languages, and nothing is read); the admin
creates an agency user whose one-time password is shown once, the user must change it at the
first sign-in (the demo passwords refused), and a refusal that belongs to a field is shown
under it; English labels."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from data_access.models import AppUser, AuditLog
from tests.app.helpers import errors, new_app, sign_in

USERS = "pages/users.py"
FORBIDDEN = {"zh": "您没有访问此页面的权限。", "en": "You do not have access to this page."}


def _open(who: str, lang: str = "zh", password: str | None = None) -> AppTest:
    at = sign_in(new_app(), who, password or f"demo-{who}")
    at.session_state["lang"] = lang
    at.switch_page(USERS).run()
    return at


def _button(at: AppTest, label: str) -> Any:
    return next(b for b in at.button if b.label == label)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("user", ["leader", "staff", "agency"])
def test_only_the_administrator_may_open_it(demo_db: Engine, user: str, lang: str) -> None:
    at = _open(user, lang)
    assert [e.value for e in at.error] == [FORBIDDEN[lang]]
    assert not at.dataframe  # nothing read
    assert [b.key for b in at.button] == ["logout_button"]  # no form


def _stored(engine: Engine, username: str) -> tuple[str, int | None, bool] | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(AppUser.role, AppUser.agency_id, AppUser.must_change_password).where(
                AppUser.username == username
            )
        ).first()
    return None if row is None else (str(row.role), row.agency_id, bool(row.must_change_password))


def test_the_admin_creates_an_agency_user_who_must_change_the_password(demo_db: Engine) -> None:
    at = _open("admin")
    assert errors(at) == []
    table = at.dataframe[0].value
    assert {"admin", "agency", "leader", "staff"} <= set(table["username"])
    # An agency user without an agency: refused under the agency field, nothing written.
    at.text_input[0].input("Liaison.Two")
    at.text_input[1].input("王**联络员**")
    at.selectbox[0].select("agency")
    _button(at, "新建").click().run()
    assert [e.value for e in at.error] == ["评估对象账号必须选择所属单位"]
    assert _stored(demo_db, "liaison.two") is None
    # With its agency: created in lower case, the one-time password shown once.
    at.selectbox[1].select_index(1)  # the registry's first agency
    _button(at, "新建").click().run()
    assert errors(at) == []
    assert at.success[0].value.startswith("已新建用户 liaison\\.two")  # Markdown-escaped
    secret = at.code[0].value
    assert len(secret) == 14 and secret.count("-") == 2
    role, agency_id, must_change = _stored(demo_db, "liaison.two")  # type: ignore[misc]
    assert (role, must_change) == ("agency", True) and agency_id is not None
    assert "王**联络员**" in list(at.dataframe[0].value["display_name"])  # as text, no markup
    at.run()
    assert not at.code  # shown once
    with demo_db.connect() as conn:
        audit = conn.execute(
            select(AuditLog.username, AuditLog.after).where(AuditLog.action == "user.create")
        ).all()
    assert audit[-1].username == "admin" and audit[-1].after["role"] == "agency"

    # The new user signs in with it and meets only the change form.
    user = sign_in(new_app(), "LIAISON.TWO", secret)
    assert [f.value for f in user.subheader] == ["请修改密码"]
    user.text_input[0].input("demo-admin")
    user.text_input[1].input("demo-admin")
    _button(user, "修改密码").click().run()
    assert errors(user) == []  # in demo mode the demo passwords are allowed …
    assert _stored(demo_db, "liaison.two")[2] is False  # type: ignore[index]


def test_the_change_form_refuses_a_short_or_mismatched_password(demo_db: Engine) -> None:
    at = _open("admin")
    at.text_input[0].input("newbie")
    at.selectbox[0].select("staff")
    _button(at, "新建").click().run()
    secret = at.code[0].value
    user = sign_in(new_app(), "newbie", secret)
    user.text_input[0].input("short")
    user.text_input[1].input("short")
    _button(user, "修改密码").click().run()
    assert [e.value for e in user.error] == ["密码太短：至少 8 个字符"]
    user.text_input[0].input("long-enough-1")
    user.text_input[1].input("long-enough-2")
    _button(user, "修改密码").click().run()
    assert [e.value for e in user.error] == ["两次输入的密码不一致"]
    assert _stored(demo_db, "newbie")[2] is True  # type: ignore[index]
    user.text_input[1].input("long-enough-1")
    _button(user, "修改密码").click().run()
    assert [s.value for s in user.success] == ["密码已修改。"]
    _button(user, "进入看板").click().run()
    assert errors(user) == []
    assert not any(f.value == "请修改密码" for f in user.subheader)  # the dashboard now
    assert _stored(demo_db, "newbie")[2] is False  # type: ignore[index]


def test_the_last_administrator_cannot_be_disabled(demo_db: Engine) -> None:
    at = _open("admin")
    at.selectbox(key="users_pick").select("admin").run()
    box = next(c for c in at.checkbox if "停用" in c.label)
    box.check()
    _button(at, "停用").click().run()
    assert any("最后一个可用的管理员" in e.value for e in at.error)
    with demo_db.connect() as conn:
        disabled = conn.execute(
            select(AppUser.disabled_at).where(AppUser.username == "admin")
        ).scalar()
    assert disabled is None


def test_english_labels(demo_db: Engine) -> None:
    at = _open("admin", lang="en")
    assert errors(at) == []
    assert at.header[0].value == "Users"
    assert list(at.dataframe[0].value.columns)[:3] == ["username", "display_name", "role"]
    roles = set(at.dataframe[0].value["role"])
    assert {"Administrator", "Leader"} <= roles
    assert at.selectbox(key="users_pick").label == "Manage user"
