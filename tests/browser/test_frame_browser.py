"""The frame in a real browser: a fresh server never shows the pages/ file names, a link
carries language and round, and a role without access reads a localized message."""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.browser.test_signin_browser import _no_error, _sign_in

pytestmark = pytest.mark.browser

# What Streamlit's automatic navigation of a pages/ folder would list (file names).
FILE_NAMES = re.compile(r"\b(app|score sheets|indicators|methodology)\b", re.IGNORECASE)


def test_a_fresh_servers_first_page_never_lists_the_file_names(page, fresh_server: str) -> None:  # type: ignore[no-untyped-def]
    # The first request to a fresh server is a deep link: the hardest case (Streamlit serves
    # it from the pages/ folder until some session has called st.navigation).
    page.goto(fresh_server + "/ranking", wait_until="domcontentloaded")
    # At least 15 looks, about every 250 ms, over at least 5 s (longer on a loaded machine,
    # where each screenshot takes longer: the test waits rather than looks less often).
    frames, shots, deadline = 0, [], time.monotonic() + 5.0
    while time.monotonic() < deadline or frames < 15:
        shots.append(page.screenshot())
        nav = page.locator('[data-testid="stSidebarNav"]')
        sidebar = page.locator('[data-testid="stSidebar"]')
        text = sidebar.first.inner_text(timeout=1000) if sidebar.count() else ""
        assert nav.count() == 0, f"Streamlit's navigation is shown at frame {frames}"
        assert not FILE_NAMES.search(text), f"file names in the sidebar at frame {frames}: {text}"
        frames += 1
        page.wait_for_timeout(250)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for i in (0, len(shots) // 2, len(shots) - 1):
        (SCREENSHOTS / f"fresh-first-load-{i:02d}.png").write_bytes(shots[i])
    page.get_by_role("textbox", name="用户名").wait_for(timeout=30_000)


def test_a_sent_link_opens_english_and_the_2023_round(page, server: str) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, server, "leader", "demo-leader")
    # The same browser (its sign-in cookie), a new tab, a link someone sent.
    tab = page.context.new_page()
    tab.goto(server + "/ranking?lang=en&round=2023")
    heading = tab.get_by_role("heading", name=re.compile("Agency ranking"))
    heading.first.wait_for(timeout=30_000)
    tab.wait_for_timeout(1500)
    assert "2023" in heading.first.inner_text()
    sidebar = tab.get_by_test_id("stSidebar").inner_text()
    assert "Evaluation round" in sidebar and "Agency ranking" in sidebar
    assert "lang=en" in tab.url and "round=2023" in tab.url and "/ranking" in tab.url
    _no_error(tab)
    screenshot(tab, "deep-link-ranking-en-2023")


def test_an_agency_user_opening_the_ranking_reads_no_access_in_chinese(page, server: str) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, server, "agency", "demo-agency")
    page.goto(server + "/ranking")
    message = page.get_by_text("您没有访问此页面的权限。")
    message.wait_for(timeout=30_000)
    body = page.locator("body").inner_text()
    assert "Page not found" not in body and "单位评分 ·" not in body
    screenshot(page, "ranking-agency-no-access")


def test_a_cookie_replayed_after_sign_out_does_not_sign_in(page, browser, server: str) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, server, "leader", "demo-leader")
    cookies = [c for c in page.context.cookies() if c["name"] == "bianban_eval_auth"]
    assert cookies, "the sign-in cookie was not written"
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("textbox", name="用户名").wait_for(timeout=30_000)
    # Another browser holding a copy of the cookie taken before the sign-out.
    other = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        other.add_cookies(cookies)
        tab = other.new_page()
        tab.goto(server + "/ranking")
        tab.get_by_role("textbox", name="用户名").wait_for(timeout=30_000)
        tab.wait_for_timeout(2000)
        assert tab.get_by_test_id("stMetric").count() == 0
        assert "单位评分 ·" not in tab.locator("body").inner_text()
    finally:
        other.close()
