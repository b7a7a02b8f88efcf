"""Presenting a briefing in a real browser (issue 12): a 6-slide briefing turned by keyboard
(→ ← PgDn PgUp, as clickers send) at 1920×1080, 1366×768 and 1024×768 — the slide number,
round and as-of time on every slide, no sidebar or Streamlit header, nothing wider than the
screen. One server for the module. Screenshots of every slide only with KEEP_SCREENSHOTS=1
(looked at when the presenter changes; CI keeps none)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from data_access.briefings import save_briefing
from data_access.db import make_engine
from data_access.models import Agency, BriefingSnapshot, EvaluationRound
from data_access.scope import Principal
from domain.vocab import Role
from tests.browser.conftest import SCREENSHOTS, SERVED_DBS, serve
from tests.browser.test_signin_browser import _idle, _no_error, _sign_in

VIEWPORTS = ((1920, 1080), (1366, 768), (1024, 768))
# headline, ranking (22 agencies: 2 slides), one agency, heatmap (2 slides) = 6 slides
SLIDES = ["headline", "ranking", "agency", "heatmap"]
KEEP = bool(os.environ.get("KEEP_SCREENSHOTS"))


@pytest.fixture(scope="module")
def briefing_server(sqlite_demo_url: str, tmp_path_factory: Any) -> Iterator[str]:
    with serve(sqlite_demo_url, tmp_path_factory.mktemp("briefing")) as base:
        engine = make_engine(f"sqlite:///{SERVED_DBS[base]}")
        with engine.connect() as conn:
            round_id = conn.execute(
                select(EvaluationRound.id).where(EvaluationRound.year == 2024)
            ).scalar_one()
            agency = conn.execute(
                select(Agency.id).where(Agency.name == "市科学技术局")
            ).scalar_one()
        save_briefing(
            engine,
            round_id,
            "编委会汇报",
            {"slides": SLIDES, "agencies": [agency]},
            principal=Principal("staff", Role.STAFF),
        )
        engine.dispose()
        yield base


def _slide_no(page: Any) -> str:
    return page.get_by_text(" / 6", exact=False).first.inner_text()


def _press(page: Any, key: str, expect: int) -> None:
    page.keyboard.press(key)
    page.get_by_text(f"{expect} / 6", exact=True).wait_for(timeout=20_000)
    _idle(page)


def test_present_six_slides_by_keyboard(page: Any, briefing_server: str) -> None:  # noqa: C901
    base = briefing_server
    _sign_in(page, base, "staff", "demo-staff", "/briefings")
    page.get_by_role("button", name="全屏演示").wait_for(timeout=30_000)
    _idle(page)
    page.get_by_role("button", name="全屏演示").click()
    page.get_by_text("1 / 6", exact=True).wait_for(timeout=60_000)
    _idle(page)
    _no_error(page)
    # Presenting froze a snapshot with who and when.
    engine = make_engine(f"sqlite:///{SERVED_DBS[base]}")
    with engine.connect() as conn:
        snaps = conn.execute(select(BriefingSnapshot.kind, BriefingSnapshot.username)).all()
    engine.dispose()
    assert ("presented", "staff") in [tuple(s) for s in snaps]
    assert page.get_by_test_id("stSidebar").is_visible() is False
    assert (
        page.get_by_test_id("stHeader").count() == 0
        or not page.get_by_test_id("stHeader").is_visible()
    )
    overflow: list[str] = []
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        _idle(page)
        page.mouse.click(5, 5)  # focus the document, as a clicker would
        # back to the first slide (PgUp / ← as clickers send), then through every slide
        for i in range(5, 0, -1):
            if page.get_by_text("1 / 6", exact=True).count():
                break
            _press(page, "PageUp", i)
        for i in range(1, 7):
            if i > 1:
                _press(page, "ArrowRight" if i % 2 else "PageDown", i)
            body = page.locator("body").inner_text()
            assert f"{i} / 6" in body
            assert "2024" in body and "数据截至" in body  # the round and the as-of time
            wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if wide > 0:
                overflow.append(f"{width}x{height} slide {i}: {wide}px wider")
            if KEEP:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOTS / f"briefing-{width}x{height}-{i}.png"))
        _press(page, "ArrowLeft", 5)
        _no_error(page)
    assert overflow == []
    # Esc leaves the presentation for the briefings page.
    page.keyboard.press("Escape")
    page.get_by_role("button", name="全屏演示").wait_for(timeout=20_000)
