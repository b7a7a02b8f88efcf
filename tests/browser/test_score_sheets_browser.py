"""Uploading a score sheet with a bad row through the browser: the row is named, nothing written."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from data_access.db import make_engine
from data_access.models import Score
from data_access.scope import SYSTEM
from data_access.score_sheets import build_score_template
from tests.browser.conftest import SERVED_DBS, screenshot
from tests.browser.test_signin_browser import _idle, _sign_in

pytestmark = pytest.mark.browser


def test_bad_sheet_upload_names_the_row_and_writes_nothing(page, server: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{SERVED_DBS[server]}")
    wb = load_workbook(io.BytesIO(build_score_template(engine, SYSTEM, 3)))
    wb.active["F2"] = 42  # A1a is worth 3 points
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    with engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(Score)).scalar_one()

    _sign_in(page, server, "staff", "demo-staff")
    page.goto(server + "/score-sheets")
    page.get_by_text("下载评分表模板").wait_for(timeout=30_000)
    _idle(page)
    page.locator('input[type="file"]').set_input_files(str(path))
    # The file is sent to the server before the button can use it: wait until the uploader
    # lists it and the rerun it causes is over (a click before that met "no file" on CI).
    page.get_by_text("bad.xlsx").wait_for(timeout=30_000)
    _idle(page)
    page.get_by_role("button", name="导入").click()
    page.get_by_text("导入失败，未写入任何数据").wait_for(timeout=30_000)
    # the problems table (a canvas grid; its cells are mirrored in an accessible table)
    cell = page.get_by_test_id("glide-cell-0-0")
    assert cell.text_content() == "第 2 行：组评分 42 超出范围 0–3"
    page.wait_for_timeout(500)
    screenshot(page, "score-sheets-bad-upload-zh")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Score)).scalar_one() == before
    assert page.get_by_test_id("stException").count() == 0
