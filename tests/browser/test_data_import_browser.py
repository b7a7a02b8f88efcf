"""数据导入 Data import in headless Chromium, as office staff, in Chinese and in English: upload a
modified staffing template, see the preview (new and changed counts, before → after), confirm,
find the batch in the history, undo it. Screenshots in artifacts/screenshots/data-import-*.
One server for this module, on its own copy of the demo data (the test writes)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from data_access.db import make_engine
from data_access.imports import KINDS, build_template
from data_access.models import ImportBatch, Staffing
from data_access.scope import SYSTEM
from tests.browser.conftest import SERVED_DBS, screenshot, serve
from tests.browser.test_signin_browser import _idle, _no_error, _sign_in

pytestmark = pytest.mark.browser

# What each language shows: (page title, kind label, ready, imported, undo, undone)
TEXTS = {
    "zh": ("数据导入", "编制台账", "检查通过", "已导入，批次 #", "撤销 #{id}", "已撤销批次 {id}"),
    "en": ("Data import", "Staffing", "The file is fine", "Imported as batch #", "Undo #{id}",
           "Batch {id} undone"),
}  # fmt: skip


@pytest.fixture(scope="module")
def import_server(sqlite_demo_url: str, tmp_path_factory: Any) -> Iterator[str]:
    with serve(sqlite_demo_url, tmp_path_factory.mktemp("import-server")) as base:
        yield base


def _modified_template(base: str, lang: str, folder: Path) -> Path:
    """The staffing template as the page offers it, with 市委组织部 2024 行政编制 62 → 65 and a
    new row for 市科学技术局 2031."""
    engine = make_engine(f"sqlite:///{SERVED_DBS[base]}")
    wb = load_workbook(io.BytesIO(build_template(engine, SYSTEM, KINDS["staffing"], lang)))
    ws = wb.active
    assert ws is not None and [c.value for c in ws[2]][:3] == ["市委组织部", 2024, 62]
    ws["C2"] = 65
    ws.append(["市科学技术局", 2031, 30, 5, 1, 28, 5, 1, 4, 4, 6])
    path = folder / f"staffing-{lang}.xlsx"
    wb.save(path)
    return path


def _stored(base: str) -> tuple[int, int]:
    """(batches, staffing rows) in the server's database."""
    engine = make_engine(f"sqlite:///{SERVED_DBS[base]}")
    with engine.connect() as conn:
        batches = conn.execute(select(func.count()).select_from(ImportBatch)).scalar_one()
        rows = conn.execute(select(func.count()).select_from(Staffing)).scalar_one()
    return int(batches), int(rows)


def _cells(page: Any) -> list[str]:
    """Texts of every table cell on the page (the grid keeps an accessible copy of them)."""
    cells = page.locator('[data-testid="stDataFrame"] [role="gridcell"]')
    cells.first.wait_for(state="attached", timeout=15_000)
    return [c.strip() for c in cells.all_inner_texts()]


def _full_page(page: Any, name: str) -> None:
    """The whole page (the app scrolls inside its main block: stretch the window to it)."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1366, "height": max(768, int(height))})
    page.wait_for_timeout(700)
    screenshot(page, name)
    page.set_viewport_size({"width": 1366, "height": 768})


def _choose_kind(page: Any, label: str) -> None:
    page.get_by_test_id("stMain").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name=label, exact=True).click()
    _idle(page)


def _round_trip(page: Any, base: str, lang: str, folder: Path) -> None:
    title, kind, ready, imported, undo, undone = TEXTS[lang]
    batches, rows = _stored(base)
    page.get_by_test_id("stSidebar").get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title).wait_for(timeout=30_000)
    _idle(page)
    _choose_kind(page, kind)
    page.locator('input[type="file"]').set_input_files(str(_modified_template(base, lang, folder)))
    page.get_by_text(ready).wait_for(timeout=60_000)
    _idle(page)
    _no_error(page)
    assert page.get_by_test_id("stMetricValue").all_inner_texts()[:2] == ["1", "1"]
    cells = _cells(page)
    assert "市委组织部 · 2024" in cells and "62 → 65" in cells
    assert "市科学技术局" in cells and "2031" in cells
    _full_page(page, f"data-import-preview-{lang}")
    assert _stored(base) == (batches, rows)  # the preview wrote nothing

    page.get_by_test_id("stButton").get_by_role("button").filter(
        has_text=re.compile("^(确认导入|Import)$")
    ).click()
    message = page.get_by_text(imported)
    message.wait_for(timeout=60_000)
    _idle(page)
    _no_error(page)
    batch = int(re.search(r"#(\d+)", message.inner_text()).group(1))  # type: ignore[union-attr]
    assert _stored(base) == (batches + 1, rows + 1)
    undo_button = page.get_by_role("button", name=undo.format(id=batch))
    assert undo_button.is_visible()
    _full_page(page, f"data-import-imported-{lang}")

    undo_button.click()
    page.get_by_text(undone.format(id=batch)).wait_for(timeout=60_000)
    _idle(page)
    _no_error(page)
    assert _stored(base) == (batches + 1, rows)  # the batch stays listed, its rows are gone
    assert page.get_by_role("button", name=undo.format(id=batch)).count() == 0
    _full_page(page, f"data-import-undone-{lang}")


def _bad_file(page: Any, base: str, folder: Path) -> None:
    """A file with two bad rows: both named, nothing written."""
    before = _stored(base)
    page.get_by_test_id("stSidebar").get_by_text("数据导入", exact=True).click()
    page.get_by_role("heading", name="数据导入").wait_for(timeout=30_000)
    _idle(page)
    _choose_kind(page, "编制台账")
    bad = folder / "bad.csv"
    bad.write_text("单位名称,年度,行政编制\n市委组织部,2024,-3\n市科学技朮局,2024,10\n")
    page.locator('input[type="file"]').set_input_files(str(bad))
    page.get_by_text("文件有 2 处错误").wait_for(timeout=60_000)
    _idle(page)
    assert "第 2 行 “行政编制”：-3 不能为负数" in _cells(page)
    _full_page(page, "data-import-errors-zh")
    assert _stored(base) == before


def test_upload_preview_confirm_and_undo_in_both_languages(
    page: Any, import_server: str, tmp_path: Path
) -> None:
    _sign_in(page, import_server, "staff", "demo-staff")
    _bad_file(page, import_server, tmp_path)
    _round_trip(page, import_server, "zh", tmp_path)
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    page.get_by_text("Signed in as").wait_for(timeout=15_000)
    _idle(page)
    _round_trip(page, import_server, "en", tmp_path)
    # Nothing of the Chinese page is left in English mode but stored names.
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert not re.search("[导入预览撤销确认新增更新未变]", body.replace("市", ""))
