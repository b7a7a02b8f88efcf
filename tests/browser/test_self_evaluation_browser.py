"""自评填报 in headless Chromium: the demo agency user (市科学技术局) changes a score, saves a draft
(nothing counts yet), submits (the self score reaches scoring and the gap the page shows is
scoring's); office staff see the submission and the gap, and reopen it; the agency user then
sees the office's note. Screenshots in both languages (and at 1024×768) in
artifacts/screenshots/self-eval-*, and of 调整意见. One server for this module, on its own copy
of the demo data (the test writes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from data_access.db import make_engine
from data_access.models import Agency, Score, SelfEvaluation
from data_access.round_inputs import score_round_from_db
from domain.fmt import fmt_num, fmt_pct
from tests.browser.conftest import SERVED_DBS, screenshot, serve
from tests.browser.test_signin_browser import _idle, _no_error, _sign_in

pytestmark = pytest.mark.browser
OWN = "市科学技术局"


@pytest.fixture(scope="module")
def se_server(sqlite_demo_url: str, tmp_path_factory: Any) -> Iterator[str]:
    with serve(sqlite_demo_url, tmp_path_factory.mktemp("self-eval-server")) as base:
        yield base


def _new_page(browser: Any, width: int = 1366, height: int = 900) -> Any:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    return context.new_page()


def _facts(base: str) -> tuple[Any, int, int]:
    """The served database's engine, the own agency's id and the open round's id."""
    engine = make_engine(f"sqlite:///{SERVED_DBS[base]}")
    with engine.connect() as conn:
        own = int(conn.execute(select(Agency.id).where(Agency.name == OWN)).scalar_one())
    round_id = 3  # the demo's 2024 round, 评估中
    return engine, own, round_id


def _state_and_a1a(engine: Any, own: int, round_id: int) -> tuple[str | None, float | None]:
    with engine.connect() as conn:
        state = conn.execute(
            select(SelfEvaluation.state).where(
                SelfEvaluation.agency_id == own, SelfEvaluation.round_id == round_id
            )
        ).scalar()
        a1a = conn.execute(
            select(Score.self_score).where(
                Score.agency_id == own, Score.round_id == round_id, Score.code == "A1a"
            )
        ).scalar()
    return state, a1a


def test_draft_submit_gap_and_reopen(browser: Any, se_server: str) -> None:
    engine, own, round_id = _facts(se_server)
    _, stored = _state_and_a1a(engine, own, round_id)

    agency = _new_page(browser)
    _sign_in(agency, se_server, "agency", "demo-agency")
    agency.goto(se_server + "/self-evaluation")
    score = agency.get_by_label("A1a 自评分（0–3）")
    score.wait_for(timeout=30_000)
    _idle(agency)
    screenshot(agency, "self-eval-agency-empty-zh")
    score.fill("1.5")
    score.press("Tab")
    agency.get_by_label("A1a 佐证说明").fill("党组会议纪要 3 份")
    agency.get_by_role("button", name="保存草稿").click()
    agency.get_by_text("草稿已保存。").wait_for(timeout=30_000)
    _idle(agency)
    _no_error(agency)
    assert _state_and_a1a(engine, own, round_id) == ("草稿", stored)  # a draft does not count
    assert agency.get_by_label("A1a 自评分（0–3）").input_value() == "1.5"

    agency.get_by_role("button", name="提交").click()
    agency.get_by_text("自评分已计入评估").wait_for(timeout=30_000)
    _idle(agency)
    _no_error(agency)
    assert _state_and_a1a(engine, own, round_id) == ("已提交", 1.5)
    assert agency.get_by_label("A1a 自评分（0–3）").is_disabled()
    agency.get_by_text("自评分已计入评估").scroll_into_view_if_needed()
    agency.wait_for_timeout(300)
    agency.screenshot(path=str(screenshot(agency, "self-eval-agency-submitted-zh")))

    # Staff: the submission and the gap scoring computes from the submitted self scores.
    summary = score_round_from_db(engine, round_id).summary.set_index("agency_id").loc[own]
    gap = f"自评与评估组评分差距：{fmt_num(summary['self_gap_points'])} 分（占满分 {fmt_pct(summary['self_gap_share'])}）"
    staff = _new_page(browser)
    _sign_in(staff, se_server, "staff", "demo-staff")
    staff.goto(f"{se_server}/self-evaluation?agency={own}")
    staff.get_by_text(gap).wait_for(timeout=30_000)
    _idle(staff)
    _no_error(staff)
    assert staff.get_by_test_id("stMetric").filter(has_text="已提交").count() == 1
    screenshot(staff, "self-eval-staff-zh")
    staff.get_by_text(gap).scroll_into_view_if_needed()
    staff.wait_for_timeout(300)
    staff.screenshot(path=str(screenshot(staff, "self-eval-staff-detail-zh")))  # the viewport
    staff.get_by_label("退回说明（单位可见）").fill("A1a 佐证材料不足，请补充")
    staff.get_by_role("button", name="退回").click()
    staff.get_by_text(f"已退回{OWN}的自评。").wait_for(timeout=30_000)
    _idle(staff)
    assert _state_and_a1a(engine, own, round_id) == ("已退回", 1.5)

    # The agency user sees why, in English, on a small screen; and may change it again.
    small = _new_page(browser, 1024, 768)
    _sign_in(small, se_server, "agency", "demo-agency")
    small.goto(se_server + "/self-evaluation?lang=en")
    small.get_by_text("Note: A1a 佐证材料不足，请补充").wait_for(timeout=30_000)
    _idle(small)
    _no_error(small)
    assert small.get_by_label("A1a self score (0–3)").is_enabled()
    screenshot(small, "self-eval-agency-reopened-en-1024")
    for p in (agency, staff, small):
        p.context.close()


def test_screenshots_in_english_and_of_the_proposals(browser: Any, se_server: str) -> None:
    staff = _new_page(browser)
    _sign_in(staff, se_server, "staff", "demo-staff")
    staff.goto(se_server + "/self-evaluation?lang=en")
    staff.get_by_text("Self-vs-team gap").first.wait_for(timeout=30_000)
    _idle(staff)
    _no_error(staff)
    screenshot(staff, "self-eval-staff-en")
    staff.set_viewport_size({"width": 1024, "height": 768})
    staff.wait_for_timeout(500)
    screenshot(staff, "self-eval-staff-en-1024")
    staff.goto(se_server + "/adjustments?lang=zh")
    staff.get_by_text("录入调整意见").wait_for(timeout=30_000)
    _idle(staff)
    _no_error(staff)
    screenshot(staff, "adjustments-staff-zh-1024")
    staff.goto(se_server + "/adjustments?lang=en&state=已办理")
    staff.get_by_text("Record a proposal").wait_for(timeout=30_000)
    _idle(staff)
    _no_error(staff)
    screenshot(staff, "adjustments-staff-en-1024")
    staff.context.close()

    # The agency's own proposals on its profile, 问题与整改 tab.
    agency = _new_page(browser)
    _sign_in(agency, se_server, "agency", "demo-agency")
    agency.goto(se_server + "/profile")
    tab = agency.get_by_role("tab", name="问题与整改")
    tab.wait_for(timeout=30_000)
    _idle(agency)  # a click during a rerun lands on an element being replaced
    tab.click()
    title = agency.get_by_role("heading", name="调整意见")
    title.wait_for(timeout=30_000)
    _idle(agency)
    _no_error(agency)
    title.scroll_into_view_if_needed()
    agency.wait_for_timeout(300)
    agency.screenshot(path=str(screenshot(agency, "adjustments-profile-zh")))
    agency.context.close()
