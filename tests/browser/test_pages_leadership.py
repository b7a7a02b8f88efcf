"""总览, 单位评分 and 方法说明 in headless Chromium: each page in Chinese and English at 1366×768
and 1920×1080 (screenshots in artifacts/screenshots/), URL filters, a row click opening the
profile, and an agency liaison who sees no other agency."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_signin_browser import _no_error, _sign_in

pytestmark = pytest.mark.browser

SIZES = {"1366": (1366, 768), "1920": (1920, 1080)}
# page title in the sidebar (zh, en) and a text the page shows once it has drawn (zh, en)
PAGES = {
    "overview": (("总览", "Overview"), ("平均综合得分", "Mean composite score")),
    "ranking": (("单位评分", "Agency ranking"), ("名次稳健性", "Rank robustness")),
    "methodology": (("方法说明", "Methodology"), ("共性指标体系", "Common indicators")),
}

# Agencies by their stored names (zh, en): the key oversight target of 2024, and its first.
HOUSING = ("市住房和城乡建设局", "Municipal Housing and Urban-Rural Development Bureau")
FIRST_2024 = ("市机关事务服务中心", "Municipal Government Offices Service Center")
OTHERS = {
    "zh": ("市外事办公室", "市住房和城乡建设局", "市大数据中心", "市发展和改革委员会"),
    "en": (
        "Municipal Foreign Affairs Office",
        HOUSING[1],
        "Municipal Big Data Center",
        "Municipal Development and Reform Commission",
    ),
}


def _open(page, title: str, marker: str) -> None:  # type: ignore[no-untyped-def]
    # the sidebar's navigation links (ui.router), by their title
    page.get_by_test_id("stSidebar").get_by_text(title, exact=True).click()
    page.get_by_text(marker).first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)  # charts and tables finish drawing


def _cells(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Texts of the visible cells of every table on the page (tables draw on a canvas; the
    grid keeps an accessible copy of its cells)."""
    cells = page.locator('[data-testid="stDataFrame"] [role="gridcell"]')
    cells.first.wait_for(state="attached", timeout=15_000)
    return cells.all_inner_texts()


def _shoot_sizes(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """At each size: the screen as a user first sees it, and the whole page (the app scrolls
    inside its main block, so the window is stretched to the content's height for that)."""
    for label, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(600)
        _no_error(page)
        screenshot(page, f"{name}-{label}")
        full = page.evaluate(
            "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
        )
        page.set_viewport_size({"width": width, "height": max(height, int(full))})
        page.wait_for_timeout(600)
        screenshot(page, f"{name}-{label}-full")
    page.set_viewport_size({"width": 1366, "height": 768})


def _english(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    page.get_by_text("Agencies evaluated").first.wait_for(timeout=15_000)


def test_leader_pages_in_both_languages(page, server: str) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, server, "leader", "demo-leader")
    for lang_index, lang in enumerate(("zh", "en")):
        if lang == "en":
            _open(page, *[p[0] for p in PAGES["overview"]])
            _english(page)
        for name, (titles, markers) in PAGES.items():
            _open(page, titles[lang_index], markers[lang_index])
            cells = _cells(page)
            if name == "overview":
                assert HOUSING[lang_index] in cells  # the attention list
                chart = page.locator('[data-testid="stVegaLiteChart"]')
                chart.first.wait_for(state="attached", timeout=15_000)
                assert chart.count() == 1
            if name == "ranking":
                assert FIRST_2024[lang_index] in cells  # rank 1 in 2024
            _shoot_sizes(page, f"leader-{name}-{lang}")


def test_ranking_filters_come_from_the_url(page, server: str) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, server, "staff", "demo-staff")
    page.goto(f"{server}/ranking?grade={quote('一般')}&type={quote('外事')}")
    page.get_by_text("名次稳健性").wait_for(timeout=30_000)
    page.get_by_text("显示 1 / 22 家单位").wait_for(timeout=15_000)
    assert "市外事办公室" in _cells(page)  # the one 外事 agency graded 一般 in 2024
    _no_error(page)
    screenshot(page, "ranking-url-filter-zh")


def test_selecting_a_row_opens_the_profile(page, server: str) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, server, "leader", "demo-leader")
    _open(page, "单位评分", "名次稳健性")
    grid = page.get_by_test_id("stDataFrame").last
    box = grid.bounding_box()
    assert box is not None
    # the row-selection cell of the first data row (rank 1: 市机关事务服务中心, id 35)
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    page.wait_for_url(re.compile(r".*/profile\?agency=35(&|$)"), timeout=30_000)
    _no_error(page)


def test_clicking_a_bar_opens_the_profile(page, server: str) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, server, "leader", "demo-leader")
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for(timeout=30_000)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    box = chart.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 250, box["y"] + 12)  # the top bar: 市机关事务服务中心 (id 35)
    page.wait_for_url(re.compile(r".*/profile\?agency=35(&|$)"), timeout=30_000)
    _no_error(page)


def test_agency_liaison_sees_only_its_own_agency(page, server: str) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, server, "agency", "demo-agency")
    page.get_by_text("本单位评分").first.wait_for(timeout=30_000)
    text = page.locator("body").inner_text() + "\n".join(_cells(page))
    assert "市科学技术局" in text
    for other in OTHERS["zh"]:
        assert other not in text
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 0
    _shoot_sizes(page, "agency-overview-zh")
    _open(page, "方法说明", "共性指标体系")
    _shoot_sizes(page, "agency-methodology-zh")
    _open(page, "总览", "本单位评分")
    _english(page)
    page.get_by_text("Our scores").first.wait_for(timeout=15_000)
    text = page.locator("body").inner_text() + "\n".join(_cells(page))
    assert "Municipal Science and Technology Bureau" in text
    for other in OTHERS["en"]:
        assert other not in text
    _shoot_sizes(page, "agency-overview-en")
