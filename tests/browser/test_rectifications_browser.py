"""The whole rectification loop in headless Chromium, on a server of its own (it writes):
staff record a finding for 市科学技术局 and issue a rectification, start it; the agency user
reports it done with a note; staff verify and close it. At every step the tracker's counts,
the overview's open findings and the agency profile's open findings agree. Screenshots of
the tracker in Chinese and English (1366 wide and 1024×768) land in artifacts/screenshots/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from data_access.db import make_engine
from data_access.models import Rectification, RectificationEvent
from tests.browser.conftest import SCREENSHOTS, SERVED_DBS, serve
from tests.browser.test_signin_browser import _idle, _no_error, _sign_in

pytestmark = pytest.mark.browser

DESCRIPTION = "浏览器测试：内设机构超出三定规定"
ROUND = "2024"
OPEN_STATES = ("待整改", "整改中", "待验收", "待下达整改意见")


@pytest.fixture(scope="module")
def loop_server(sqlite_demo_url: str, tmp_path_factory: Any) -> Iterator[str]:
    with serve(sqlite_demo_url, tmp_path_factory.mktemp("rect-browser")) as base:
        yield base


def _shoot(page: Any, name: str) -> None:
    size = page.viewport_size
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(height))})
    page.wait_for_timeout(800)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    page.set_viewport_size(size)


def _timeline(base: str, finding_id: int) -> list[tuple[str | None, str, str]]:
    """The item's stored transitions (the table on the page is drawn on a canvas)."""
    engine = make_engine(f"sqlite:///{SERVED_DBS[base]}")
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                RectificationEvent.from_state, RectificationEvent.to_state, RectificationEvent.actor
            )
            .join(Rectification, Rectification.id == RectificationEvent.rectification_id)
            .where(Rectification.finding_id == finding_id)
            .order_by(RectificationEvent.id)
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def _metrics(page: Any) -> dict[str, int]:
    out = {}
    for metric in page.get_by_test_id("stMetric").all():
        label = metric.get_by_test_id("stMetricLabel").inner_text().strip()
        value = metric.get_by_test_id("stMetricValue").inner_text().strip()
        if re.fullmatch(r"[\d,]+", value):
            out[label] = int(value.replace(",", ""))
    return out


def _open(page: Any, base: str, path: str) -> None:
    page.goto(base + path)
    page.get_by_test_id("stMetric").first.wait_for(timeout=30_000)
    _idle(page)
    _no_error(page)


def _tracker_open(page: Any, base: str, query: str = "") -> int:
    _open(page, base, f"/rectifications?round={ROUND}{query}")
    shown = _metrics(page)
    return sum(shown.get(s, 0) for s in OPEN_STATES)


def _overview_open(page: Any, base: str) -> int:
    _open(page, base, f"/?round={ROUND}")
    return _metrics(page)["未销号问题"]


def _profile_open(page: Any, base: str) -> int:
    _open(page, base, f"/profile?round={ROUND}")
    page.get_by_role("tab", name="问题与整改").click()
    _idle(page)
    return _metrics(page)["未销号"]


def _press(page: Any, label: str, note: str | None = None) -> None:
    if note is not None:
        page.get_by_label("说明（佐证材料、验收意见或退回原因）").fill(note)
    page.get_by_role("button", name=label).click()
    _idle(page)
    _no_error(page)


def _agree(staff: Any, agency: Any, base: str) -> tuple[int, int]:
    """The open counts of staff (tracker, overview) and of the agency (tracker, overview,
    profile) agree; returns (all open, the agency's open)."""
    everyone = _tracker_open(staff, base)
    assert _overview_open(staff, base) == everyone
    own = _tracker_open(agency, base)
    assert _overview_open(agency, base) == own
    assert _profile_open(agency, base) == own
    return everyone, own


def test_the_whole_loop(browser: Any, loop_server: str) -> None:
    base = loop_server
    staff_ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    agency_ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    staff, agency = staff_ctx.new_page(), agency_ctx.new_page()
    try:
        _sign_in(staff, base, "staff", "demo-staff")
        _sign_in(agency, base, "agency", "demo-agency")
        all_before, own_before = _agree(staff, agency, base)

        # 1. Staff record a finding for 市科学技术局 with its rectification opinion.
        _open(staff, base, f"/rectifications?round={ROUND}")
        staff.get_by_text("登记问题").click()
        form = staff.get_by_test_id("stForm").filter(has_text="整改意见文号")
        form.get_by_test_id("stSelectbox").first.click()
        staff.get_by_role("option", name="市科学技术局", exact=True).click()
        form.get_by_label("问题描述").fill(DESCRIPTION)
        form.get_by_role("textbox", name="整改责任科室").fill("职能运行监管科")
        form.get_by_role("textbox", name="责任人").fill("王某")
        form.get_by_role("textbox", name="整改意见文号").fill("济编办字〔2026〕99号")
        form.get_by_role("button", name="登记").click()
        _idle(staff)
        _no_error(staff)
        assert "已登记问题" in staff.locator("body").inner_text()
        item = re.search(r"item=(\d+)", staff.url)
        assert item is not None
        item_query = f"&item={item.group(1)}"
        assert _agree(staff, agency, base) == (all_before + 1, own_before + 1)

        # 2. Staff start the work; the agency may not (it has no button for 待整改).
        _open(agency, base, f"/rectifications?round={ROUND}{item_query}")
        assert agency.get_by_role("button", name="改为“整改中”").count() == 0
        _open(staff, base, f"/rectifications?round={ROUND}{item_query}")
        _press(staff, "改为“整改中”")

        # 3. The agency reports it done, with its evidence.
        _open(agency, base, f"/rectifications?round={ROUND}{item_query}")
        assert DESCRIPTION in agency.locator("body").inner_text()
        _press(agency, "改为“待验收”", "已撤销超规定设置的内设机构，附编委会议纪要")
        assert "已改为“待验收”。" in agency.locator("body").inner_text()
        _shoot(agency, "rectifications-agency-zh")
        assert _agree(staff, agency, base) == (all_before + 1, own_before + 1)

        # 4. Staff verify and close it: the timeline holds every step.
        _open(staff, base, f"/rectifications?round={ROUND}{item_query}")
        _press(staff, "改为“已销号”", "经核实整改到位，同意销号")
        body = staff.locator("body").inner_text()
        assert "已改为“已销号”。" in body
        assert _timeline(base, int(item.group(1))) == [
            (None, "待整改", "staff"),
            ("待整改", "整改中", "staff"),
            ("整改中", "待验收", "agency"),
            ("待验收", "已销号", "staff"),
        ]
        assert _agree(staff, agency, base) == (all_before, own_before)

        # Screenshots: Chinese and English, 1366 wide and 1024×768.
        _open(staff, base, f"/rectifications?round={ROUND}{item_query}")
        _shoot(staff, "rectifications-staff-zh")
        _open(staff, base, f"/rectifications?round={ROUND}&lang=en{item_query}")
        assert "Rectifications" in staff.locator("body").inner_text()
        _shoot(staff, "rectifications-staff-en")
        staff.set_viewport_size({"width": 1024, "height": 768})
        _open(staff, base, f"/rectifications?round={ROUND}&lang=en&overdue=1")
        _shoot(staff, "rectifications-staff-en-1024")
        _open(staff, base, f"/rectifications?round={ROUND}&lang=zh")
        _shoot(staff, "rectifications-staff-zh-1024")
    finally:
        staff_ctx.close()
        agency_ctx.close()
    assert Path(SCREENSHOTS / "rectifications-staff-en.png").exists()
