"""Exports and printing in headless Chromium: the ranking's CSV and Excel and the overview
chart's PNG downloaded through the product's own buttons, and a page printed to A4 (the
sidebar left out, the whole ranking table on paper)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_signin_browser import _no_error, _sign_in

pytestmark = pytest.mark.browser


def _settle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the script has finished and stayed finished for a second."""
    app = page.locator('[data-testid="stApp"]')
    for _ in range(120):
        if app.get_attribute("data-test-script-state") != "running":
            page.wait_for_timeout(1000)
            if app.get_attribute("data-test-script-state") != "running":
                return
        page.wait_for_timeout(250)


def _download(page, label: str) -> bytes:  # type: ignore[no-untyped-def]
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name=label).first.click()
    return Path(info.value.path()).read_bytes()


def test_downloads_csv_xlsx_and_png(page, server: str) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, server, "staff", "demo-staff", "/ranking?grade=良好")
    page.get_by_text("共性得分构成").first.wait_for(timeout=30_000)
    _settle(page)
    _no_error(page)
    csv = _download(page, "下载 CSV")
    assert csv.startswith(b"\xef\xbb\xbf")
    first = csv.decode("utf-8-sig").splitlines()[0]
    assert first.startswith("# 2024年度") and "等级：良好" in first and "李科长" in first
    table = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", skiprows=1)
    assert len(table) == 11 and set(table["等级"]) == {"良好"}  # the filter applies
    # every column, numbers as numbers; 国资委 keeps the second decimal that sets it apart
    assert {"类型", "覆盖率", "纪律项满分", "扣分", "缺项折算"} <= set(table.columns)
    assert table.set_index("名次").loc[7, "综合得分"] == 89.23

    book = load_workbook(io.BytesIO(_download(page, "下载 Excel")))
    ws = book.worksheets[0]
    assert str(ws["A1"].value).endswith("单位评分")
    assert ws["A3"].value == "筛选条件：等级：良好"
    header = [c.value for c in ws[7]]
    assert header[:3] == ["名次", "变化", "单位"]
    assert isinstance(ws.cell(row=8, column=header.index("综合得分") + 1).value, float)

    page.goto(server + "/")
    page.get_by_text("综合得分排名").first.wait_for(timeout=30_000)
    _settle(page)
    png = _download(page, "下载图片")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(png[16:20], "big") >= 1800  # 900 px at scale 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "export-composite.png").write_bytes(png)


def test_print_to_a4_leaves_the_sidebar_out(page, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, server, "staff", "demo-staff", "/ranking")
    page.get_by_text("共性得分构成").first.wait_for(timeout=30_000)
    _settle(page)
    pdf = tmp_path / "ranking.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "A4" in info
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    assert "单位评分" in text
    assert "退出登录" not in text and "当前用户" not in text  # the sidebar is not printed
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(SCREENSHOTS / "print-ranking")], check=True
    )
