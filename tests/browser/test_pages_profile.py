"""单位画像 and 指标分析 in headless Chromium: Chinese and English, 1366×768 and 1920×1080.

Each view is saved whole to artifacts/screenshots/ (the viewport is stretched to the page's
height, since Streamlit scrolls inside its own container) for a person to look at; the
assertions catch errors, horizontal overflow and figures that disagree with the scoring."""

from __future__ import annotations

from typing import Any

import pytest

from data_access.db import make_engine
from data_access.round_inputs import score_round_from_db
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_signin_browser import _no_error, _sign_in
from ui.i18n import fmt_num

pytestmark = pytest.mark.browser

SIZES = {"1366": (1366, 768), "1920": (1920, 1080)}
TABS = {
    "zh": ["得分构成", "自评·外评·测评", "编制与人员", "问题与整改"],
    "en": [
        "Score breakdown",
        "Self, external & survey",
        "Staffing & personnel",
        "Findings & rectification",
    ],
}


@pytest.fixture(scope="module")
def newest(sqlite_demo_url: str) -> Any:
    engine = make_engine(sqlite_demo_url)
    result = score_round_from_db(engine, 3)
    engine.dispose()
    return result.summary.set_index("agency_id")


def _settle(page: Any) -> None:
    page.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # charts draw after their element appears


def _shoot(page: Any, name: str) -> None:
    """Stretch the viewport to the page's height, save a PNG, restore the viewport."""
    size = page.viewport_size
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(height))})
    page.wait_for_timeout(800)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    page.set_viewport_size(size)


def _no_overflow(page: Any) -> None:
    """Nothing in the main area is wider than the window (no content cut off at the right)."""
    widths = page.evaluate("""() => {
        const main = document.querySelector('[data-testid=stMain]');
        return [main.scrollWidth, main.clientWidth];
    }""")
    assert widths[0] <= widths[1] + 1, widths


def _open(page: Any, base: str, user: str, path: str, lang: str, size: str) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    # Sign in on the page itself (a deep link): loading it again straight after signing in
    # could race the cookie component's write and meet the sign-in form instead.
    _sign_in(page, base, user, f"demo-{user}", path=path)
    _settle(page)
    if lang == "en":
        page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
        page.get_by_role("tab", name=TABS["en"][0]).or_(
            page.get_by_text("Indicator breakdown ·")
        ).first.wait_for(timeout=15_000)
        _settle(page)


# Each language at one size, each size in one language (the whole cross product doubled the
# module's time in CI without a failure the diagonal would miss).
@pytest.mark.parametrize(("lang", "size"), [("zh", "1920"), ("en", "1366")])
def test_profile_every_tab(page: Any, server: str, newest: Any, lang: str, size: str) -> None:
    _open(page, server, "leader", "/profile?agency=9", lang, size)
    composite = page.get_by_test_id("stMetricValue").first.inner_text()
    assert composite == fmt_num(newest.loc[9, "composite"])
    assert "agency=9" in page.url
    for i, tab in enumerate(TABS[lang]):
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(1500)
        _no_error(page)
        _no_overflow(page)
        _shoot(page, f"profile-leader-{lang}-{size}-tab{i + 1}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_agency_user_link_to_another_agency(
    page: Any,
    server: str,
    newest: Any,
    lang: str,
) -> None:
    _open(page, server, "agency", "/profile?agency=7", lang, "1366")
    body = page.locator("body").inner_text()
    assert "市发展和改革委员会" not in body and "市科学技术局" in body
    assert ("只能查看本单位" if lang == "zh" else "only view your own agency") in body
    assert page.get_by_test_id("stMetricValue").first.inner_text() == fmt_num(
        newest.loc[9, "composite"]
    )
    _no_error(page)
    _no_overflow(page)
    _shoot(page, f"profile-agency-{lang}-1366")


def test_insufficient_data_agency(page: Any, server: str) -> None:
    _open(page, server, "staff", "/profile?agency=37", "zh", "1366")
    body = page.locator("body").inner_text()
    assert "数据不足" in body and "62.0%" in body
    _no_error(page)
    _no_overflow(page)
    _shoot(page, "profile-bigdata-zh-1366")


@pytest.mark.parametrize(("lang", "size"), [("zh", "1366"), ("en", "1920")])
def test_indicators(page: Any, server: str, lang: str, size: str) -> None:
    _open(page, server, "staff", "/indicators", lang, size)
    body = page.locator("body").inner_text()
    assert ("最薄弱的指标" if lang == "zh" else "Weakest indicators") in body
    _no_error(page)
    _no_overflow(page)
    _shoot(page, f"indicators-staff-{lang}-{size}-level1")
    level3 = "三级指标" if lang == "zh" else "Level 3"
    page.get_by_text(level3, exact=True).click()
    page.wait_for_timeout(2500)
    _no_error(page)
    _no_overflow(page)
    _shoot(page, f"indicators-staff-{lang}-{size}-level3")
