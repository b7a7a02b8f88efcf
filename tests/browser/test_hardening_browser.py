"""Hardening in a real browser (issue 15): the sign-in cookie signs a reload back in, a copy of
it replayed after sign-out in another browser shows the form; a file the score-sheet page
cannot use (a macro workbook, a zip bomb) gets its message, in Chinese and English."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_signin_browser import _idle, _sign_in
from ui.auth import COOKIE_NAME

pytestmark = pytest.mark.browser

_XLSM_TYPES = (
    '<Types><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
)


def _xlsm() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", _XLSM_TYPES)
        z.writestr("xl/workbook.xml", "<w/>")
    return out.getvalue()


def test_a_replayed_cookie_after_sign_out_shows_the_form(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    first = browser.new_context(viewport={"width": 1024, "height": 768}, locale="zh-CN")
    page = first.new_page()
    _sign_in(page, server, "leader", "demo-leader")
    cookie = next(c for c in first.cookies() if c["name"] == COOKIE_NAME)
    assert cookie["sameSite"] == "Strict"
    page.reload()  # the cookie signs the reload back in
    page.get_by_test_id("stSidebar").get_by_text("退出登录").wait_for(timeout=30_000)
    page.get_by_test_id("stSidebar").get_by_role("button", name="退出登录").click()
    page.get_by_role("textbox", name="用户名").wait_for(timeout=30_000)
    first.close()

    second = browser.new_context(viewport={"width": 1024, "height": 768}, locale="zh-CN")
    second.add_cookies([cookie])  # the copied cookie, replayed in another browser
    replay = second.new_page()
    replay.goto(server + "/overview")
    replay.get_by_role("textbox", name="用户名").wait_for(timeout=30_000)
    _idle(replay)
    assert replay.get_by_test_id("stSidebar").get_by_text("退出登录").count() == 0
    assert replay.get_by_test_id("stException").count() == 0
    screenshot(replay, "hardening-replayed-cookie-1024")
    second.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_macro_workbook_dropped_on_the_score_sheet_page_gets_a_message(
    server: str, page, tmp_path: Path, lang: str
) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, server, "staff", "demo-staff")
    page.goto(f"{server}/score-sheets?lang={lang}")
    _idle(page)
    path = tmp_path / "评分表.xlsm"
    path.write_bytes(_xlsm())
    page.locator('input[type="file"]').set_input_files(str(path))
    page.get_by_text("评分表.xlsm").wait_for(timeout=30_000)  # uploaded before the click
    _idle(page)
    page.get_by_role("button", name="导入" if lang == "zh" else "Import").click()
    _idle(page)
    expected = "不接受启用宏的工作簿" if lang == "zh" else "Macro-enabled workbooks"
    # the problem list is a data grid: its cells are in the page, drawn on a canvas
    page.get_by_text(expected).first.wait_for(state="attached", timeout=30_000)
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, f"hardening-score-sheet-xlsm-{lang}")
