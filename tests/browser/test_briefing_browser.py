"""Presenting a briefing in a real browser (issue 12): a 7-slide briefing turned by keyboard
(→ ← PgDn PgUp, as clickers send) at 1920×1080, 1366×768 and 1024×768 — the slide number,
round and as-of time on every slide, no sidebar or Streamlit header, every slide on one
screen (nothing wider or taller: no scrolling), then once more in English at 1024×768 with no
text of ours left in Chinese. One server for the module. Screenshots of every slide only with
KEEP_SCREENSHOTS=1 (looked at when the presenter changes; CI keeps none)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import select

from data_access.briefings import save_briefing
from data_access.db import make_engine
from data_access.models import Agency, BriefingSnapshot, EvaluationRound
from data_access.scope import Principal
from domain.vocab import Role
from tests.browser.conftest import SCREENSHOTS, SERVED_DBS, serve
from tests.browser.test_signin_browser import _idle, _no_error, _sign_in

VIEWPORTS = ((1920, 1080), (1366, 768), (1024, 768))
# headline, ranking (22 agencies: 2 slides), one agency, heatmap (2 slides), one peer
# comparison (科技) = 7 slides
SLIDES = ["headline", "ranking", "agency", "heatmap", "peers"]
N = 7
KEEP = bool(os.environ.get("KEEP_SCREENSHOTS"))
_CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]+")
# How far the slide reaches (px): Streamlit scrolls its main area, not the document, so the
# document's scrollHeight is always the window's; measure the main area's scrollHeight and the
# lowest drawn element (the presenter's buttons come last).
_REACH = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  let bottom = 0;
  for (const el of main.querySelectorAll(
      '[data-testid="stMetric"], [data-testid="stVegaLiteChart"], [data-testid="stTable"],'
      + ' [data-testid="stMarkdownContainer"], [data-testid="stButton"]')) {
    const r = el.getBoundingClientRect();
    if (r.height > 0 && r.right > 0) bottom = Math.max(bottom, r.bottom);
  }
  return {scroll: main.scrollHeight - main.clientHeight, bottom: bottom - window.innerHeight,
          wide: document.documentElement.scrollWidth - window.innerWidth};
}"""


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
            {"slides": SLIDES, "agencies": [agency], "peer_types": ["科技"]},
            principal=Principal("staff", Role.STAFF),
        )
        engine.dispose()
        yield base


def _focus(page: Any) -> None:
    """Focus the slide itself, as a presenter clicks on the screen (a click at a fixed point
    could land in the sign-in cookie's frame, which keeps the keys from the app)."""
    page.locator("h2").first.click()


def _press(page: Any, key: str, expect: int) -> None:
    """Press ``key`` and wait for slide ``expect``. A press that lands while the page is still
    drawing the last slide can be lost (as a presenter would, press again: only when the page
    still shows the slide before, so a press is never counted twice)."""
    before = expect - 1 if key in ("ArrowRight", "PageDown") else expect + 1
    for _ in range(3):
        page.keyboard.press(key)
        try:
            page.get_by_text(f"{expect} / {N}", exact=True).wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            assert page.get_by_text(f"{before} / {N}", exact=True).count() == 1, key
            _focus(page)
    page.get_by_text(f"{expect} / {N}", exact=True).wait_for(timeout=10_000)
    _idle(page)


def _misfits(page: Any, where: str) -> list[str]:
    """What does not fit one screen: wider, scrolls, or drawn below the window."""
    reach = page.evaluate(_REACH)
    out = []
    if reach["wide"] > 0:
        out.append(f"{where}: {reach['wide']}px wider")
    if reach["scroll"] > 2 or reach["bottom"] > 1:
        out.append(f"{where}: {max(reach['scroll'], reach['bottom']):.0f}px below the window")
    return out


def _shot(page: Any, name: str) -> None:
    if KEEP:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _present(page: Any, button: str) -> None:
    page.get_by_role("button", name=button).first.wait_for(timeout=30_000)
    _idle(page)
    page.get_by_role("button", name=button).first.click()
    page.get_by_text(f"1 / {N}", exact=True).wait_for(timeout=60_000)
    _idle(page)
    _no_error(page)


def test_present_seven_slides_by_keyboard(page: Any, briefing_server: str) -> None:  # noqa: C901
    base = briefing_server
    _sign_in(page, base, "staff", "demo-staff", "/briefings")
    _present(page, "全屏演示")
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
    misfits: list[str] = []
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        _idle(page)
        _focus(page)
        # back to the first slide (PgUp / ← as clickers send), then through every slide
        at = int(page.get_by_text(re.compile(rf"^\d+ / {N}$")).first.inner_text().split(" ")[0])
        for i in range(at - 1, 0, -1):
            _press(page, "PageUp", i)
        for i in range(1, N + 1):
            if i > 1:
                _press(page, "ArrowRight" if i % 2 else "PageDown", i)
            body = page.locator("body").inner_text()
            assert f"{i} / {N}" in body
            assert "2024" in body and "数据截至" in body  # the round and the as-of time
            misfits += _misfits(page, f"{width}x{height} slide {i}")
            _shot(page, f"briefing-{width}x{height}-{i}")
        _press(page, "ArrowLeft", N - 1)
        _no_error(page)
    # The agency slide's written summary and every count it cites are on the one screen.
    assert misfits == []
    # Esc leaves the presentation for the briefings page.
    page.keyboard.press("Escape")
    page.get_by_role("button", name="全屏演示").wait_for(timeout=20_000)
    _idle(page)
    # In English at 1024×768 (the narrowest, where English names wrap most): every slide fits, and nothing of ours is left in Chinese (the
    # peer slide's other cities are stored names, shown as stored).
    page.set_viewport_size({"width": 1024, "height": 768})
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    _present(page, "Present")
    engine = make_engine(f"sqlite:///{SERVED_DBS[base]}")
    with engine.connect() as conn:
        payload = (
            conn.execute(
                select(BriefingSnapshot.payload)
                .where(BriefingSnapshot.lang == "en")
                .order_by(BriefingSnapshot.id.desc())
            )
            .scalars()
            .first()
        )
    assert payload is not None
    engine.dispose()
    peer_slide = next(s for s in payload["slides"] if s["kind"] == "peers")
    cities = {str(r["cells"][0]) for r in peer_slide["blocks"][2]["rows"]}
    stored = {m for c in cities for m in _CJK.findall(c)}
    assert "济南" in stored
    chinese: list[str] = []
    _focus(page)
    for i in range(1, N + 1):
        if i > 1:
            _press(page, "ArrowRight", i)
        body = page.locator("body").inner_text()
        assert f"{i} / {N}" in body and "Figures as of" in body
        left = sorted(set(_CJK.findall(body)) - stored)
        if left:
            chinese.append(f"slide {i}: {left}")
        misfits += _misfits(page, f"en 1024x768 slide {i}")
        _shot(page, f"briefing-en-1024x768-{i}")
    _no_error(page)
    assert chinese == []
    assert misfits == []
