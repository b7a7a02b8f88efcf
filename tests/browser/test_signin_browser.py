"""Each role signs in through headless Chromium and sees its overview in Chinese."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot
from ui.auth import COOKIE_NAME

pytestmark = pytest.mark.browser


def _sign_in(page, base: str, username: str, password: str, path: str = "/") -> None:  # type: ignore[no-untyped-def]
    """Sign in through the form at `path`; done when the form has gone."""
    page.goto(base + path)
    box = page.get_by_role("textbox", name="用户名")
    box.wait_for(timeout=30_000)
    # The cookie component reruns the script once on first load, redrawing the form; typing
    # before that rerun is lost, so give it a moment and retry once if it happened anyway.
    page.wait_for_timeout(1500)
    signed_in = page.get_by_test_id("stSidebar").get_by_text("退出登录")
    for attempt in range(3):
        if signed_in.count():
            break  # a slow earlier attempt went through after all
        box.fill(username)
        page.get_by_role("textbox", name="密码").fill(password)
        page.get_by_role("button", name="登录").click()
        try:
            signed_in.wait_for(timeout=20_000)
            break
        except Exception:  # noqa: BLE001 - playwright timeout: the typing was lost; retry
            if attempt == 2:
                raise
    signed_in.wait_for(timeout=30_000)
    _wait_for_cookie(page)


def _wait_for_cookie(page) -> None:  # type: ignore[no-untyped-def]
    """The sign-in cookie is written by a component after the form run; a test that loads
    another URL right away (a reload, page.goto) must wait for it, as a person's next click
    does."""
    for _ in range(60):
        if any(c["name"] == COOKIE_NAME for c in page.context.cookies()):
            return
        page.wait_for_timeout(250)


def _idle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the script run has finished and stayed finished for a second: until then the
    browser may still show the previous run's elements."""
    app = page.locator('[data-testid="stApp"]')
    quiet = 0
    for _ in range(120):
        if app.get_attribute("data-test-script-state") == "running":
            quiet = 0
        else:
            quiet += 1
            if quiet >= 4:
                return
        page.wait_for_timeout(250)


def _no_error(page) -> None:  # type: ignore[no-untyped-def]
    assert page.get_by_test_id("stException").count() == 0
    alerts = page.locator('[data-testid="stAlertContentError"]')
    assert alerts.count() == 0, alerts.all_inner_texts()


@pytest.mark.parametrize("username", ["leader", "staff", "agency", "admin"])
def test_each_role_sees_its_overview(page, server: str, username: str) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, server, username, f"demo-{username}")
    page.get_by_test_id("stMetric").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    body = page.locator("body").inner_text()
    assert "参评单位" in body and "未销号问题" in body
    value = page.get_by_test_id("stMetricValue").first.inner_text()
    assert re.fullmatch(r"[\d,]+", value) and int(value.replace(",", "")) > 0
    if username == "agency":
        assert "市科学技术局" in body
    _no_error(page)
    screenshot(page, f"overview-{username}-zh")
    # the English switch
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    page.get_by_text("Agencies evaluated").wait_for(timeout=15_000)
    _no_error(page)
    screenshot(page, f"overview-{username}-en")


def test_deep_link_while_signed_out_shows_only_the_form(page, fresh_server: str) -> None:  # type: ignore[no-untyped-def]
    # a fresh server: its very first request is the deep link
    page.goto(fresh_server + "/overview")
    page.get_by_role("textbox", name="用户名").wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    assert page.get_by_test_id("stMetric").count() == 0
    body = page.locator("body").inner_text()
    assert "参评单位" not in body and "用户登录" in body
    _no_error(page)
    screenshot(page, "deep-link-signed-out")


def test_deep_link_on_a_fresh_server_survives_the_sign_in(page, fresh_server: str) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, fresh_server, "leader", "demo-leader", path="/ranking")
    heading = page.get_by_role("heading", name=re.compile("单位评分"))
    heading.first.wait_for(timeout=30_000)
    page.wait_for_timeout(2000)  # a rerun may briefly show the previous run's elements
    assert heading.count() == 1
    assert "/ranking" in page.url
    _no_error(page)


def test_sign_out_returns_to_the_form_and_is_audited(page, server: str) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from data_access.db import make_engine
    from data_access.models import AuditLog
    from tests.browser.conftest import SERVED_DBS

    _sign_in(page, server, "staff", "demo-staff")
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("textbox", name="用户名").wait_for(timeout=30_000)
    _idle(page)
    assert page.get_by_test_id("stMetric").count() == 0
    engine = make_engine(f"sqlite:///{SERVED_DBS[server]}")
    with engine.connect() as conn:
        actions = list(
            conn.execute(select(AuditLog.action).where(AuditLog.username == "staff")).scalars()
        )
    assert "auth.login" in actions and "auth.logout" in actions
    # a reload does not sign back in from a stale cookie
    page.reload()
    page.get_by_role("textbox", name="用户名").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    assert page.get_by_test_id("stMetric").count() == 0
