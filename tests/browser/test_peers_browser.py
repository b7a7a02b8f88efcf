"""横向对比 and 编制与用编 in headless Chromium: Chinese and English, 1366×768 and a 1024×768
projector. Each view is saved whole to artifacts/screenshots/ for a person to look at; the
assertions catch errors, horizontal overflow, a lost URL filter and the home city missing
from the scatter."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_pages_profile import _no_overflow, _shoot
from tests.browser.test_signin_browser import _idle, _no_error, _sign_in

pytestmark = pytest.mark.browser

SIZES = {"1366": (1366, 768), "1024": (1024, 768)}


def _open(page: Any, base: str, user: str, path: str, lang: str, size: str) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    _sign_in(page, base, user, f"demo-{user}", path=path)
    page.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=30_000)
    _idle(page)
    if lang == "en":
        page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
        page.get_by_text("Peer comparison:").or_(
            page.get_by_text("Staffing over time")
        ).first.wait_for(timeout=15_000)
        _idle(page)
    page.wait_for_timeout(1500)  # charts draw after their element appears


# Each language at one size, each size in one language (see test_pages_profile).
@pytest.mark.parametrize(("lang", "size"), [("zh", "1024"), ("en", "1366")])
def test_peer_page(page: Any, server: str, lang: str, size: str) -> None:
    _open(page, server, "leader", "/peers?type=科技&year=2024", lang, size)
    body = page.locator("body").inner_text()
    assert ("预期编制数" if lang == "zh" else "Expected") in body
    assert ("济宁（本市）" if lang == "zh" else "济宁 (home)") in body
    assert "type=%E7%A7%91%E6%8A%80" in page.url or "type=科技" in page.url
    assert "year=2024" in page.url
    # the scatter is drawn as an SVG/canvas with the home city's label in it
    assert page.get_by_test_id("stVegaLiteChart").count() >= 1
    _no_error(page)
    _no_overflow(page)
    _shoot(page, f"peers-leader-{lang}-{size}")


def test_peer_page_few_cities(page: Any, server: str) -> None:
    _open(page, server, "staff", "/peers?type=网信&year=2024", "zh", "1366")
    body = page.locator("body").inner_text()
    assert "少于 5 个" in body and "少于 3 个" in body  # the note and the fit caption
    _no_error(page)
    _shoot(page, "peers-staff-zh-1366-few")


def test_peer_page_agency_user(page: Any, server: str) -> None:
    _open(page, server, "agency", "/peers?type=外事", "zh", "1366")
    body = page.locator("body").inner_text()
    assert "市科学技术局" in body and "市外事办公室" not in body
    _no_error(page)
    _shoot(page, "peers-agency-zh-1366")


@pytest.mark.parametrize(("lang", "size"), [("zh", "1366"), ("en", "1024")])
def test_staffing_page(page: Any, server: str, lang: str, size: str) -> None:
    _open(page, server, "leader", "/staffing?agency=9", lang, size)
    body = page.locator("body").inner_text()
    assert ("领导职数" if lang == "zh" else "Leadership posts") in body
    assert page.get_by_test_id("stVegaLiteChart").count() == 4
    _no_error(page)
    _no_overflow(page)
    _shoot(page, f"staffing-leader-{lang}-{size}")
