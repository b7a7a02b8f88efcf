"""外部评价 in headless Chromium at 1366×768: the leader and the agency user, each in Chinese
then English (two tests: CI's browser budget is tight). Each view is saved whole to
artifacts/screenshots/ for a person to look at; the assertions catch errors, horizontal
overflow, a lost URL filter, another agency shown to the agency user."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_pages_profile import _no_overflow, _shoot
from tests.browser.test_signin_browser import _idle, _no_error, _sign_in

pytestmark = pytest.mark.browser


def _open(page: Any, base: str, user: str, path: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    _sign_in(page, base, user, f"demo-{user}", path=path)
    page.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=30_000)
    _idle(page)
    page.wait_for_timeout(1500)  # charts draw after their element appears


def _english(page: Any) -> None:
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    page.get_by_text("External ratings:").first.wait_for(timeout=30_000)
    _idle(page)
    page.wait_for_timeout(1500)


def test_ratings_page_leader(page: Any, server: str) -> None:
    _open(page, server, "leader", "/ratings?matter=党建")
    for lang, heat in (("zh", "评价单位 × 被评价单位"), ("en", "Rater × agency")):
        if lang == "en":
            _english(page)
        body = page.locator("body").inner_text()
        assert heat in body
        assert "matter=%E5%85%9A%E5%BB%BA" in page.url or "matter=党建" in page.url
        assert page.get_by_test_id("stVegaLiteChart").count() == 1
        assert page.get_by_test_id("stDataFrame").count() >= 2  # the counts and the problems
        _no_error(page)
        _no_overflow(page)
        _shoot(page, f"ratings-leader-{lang}-1366")


def test_ratings_page_agency_user(page: Any, server: str) -> None:
    _open(page, server, "agency", "/ratings?agency=6")
    for lang, note in (("zh", "评价单位按本批次设置匿名显示"), ("en", "anonymously")):
        if lang == "en":
            _english(page)
        body = page.locator("body").inner_text()
        assert "市外事办公室" not in body and "Foreign Affairs" not in body
        assert note in body
        _no_error(page)
        _no_overflow(page)
        _shoot(page, f"ratings-agency-{lang}-1366")
