"""民意测评 in headless Chromium at 1366×768: the leader's view of every agency and the agency
user's own, in Chinese and English. Each view is saved whole to artifacts/screenshots/ for a
person to look at; the assertions catch errors, horizontal overflow, a lost URL filter and an
agency user seeing another agency."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_pages_profile import _no_overflow, _shoot
from tests.browser.test_signin_browser import _idle, _no_error, _sign_in

pytestmark = pytest.mark.browser


def _open(page: Any, base: str, user: str, path: str, lang: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    _sign_in(page, base, user, f"demo-{user}", path=path)
    page.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=30_000)
    _idle(page)
    if lang == "en":
        page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
        page.get_by_text("Surveys:").first.wait_for(timeout=15_000)
        _idle(page)
    page.wait_for_timeout(1500)  # charts draw after their element appears


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("user", ["leader", "agency"])
def test_surveys_page(page: Any, server: str, user: str, lang: str) -> None:
    _open(page, server, user, "/surveys?q=满意度调查问卷", lang)
    body = page.locator("body").inner_text()
    assert ("满意度指数" if lang == "zh" else "SI with 95% interval") in body
    assert "q=" in page.url
    if user == "agency":
        assert "市外事办公室" not in body and "Foreign Affairs" not in body
    _no_error(page)
    _no_overflow(page)
    _shoot(page, f"surveys-{user}-{lang}-1366")
