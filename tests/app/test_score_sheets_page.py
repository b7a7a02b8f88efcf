"""The score-sheet page: staff and admin only; frozen rounds offer download only."""

from __future__ import annotations

import pytest

from tests.app.helpers import errors, new_app, sign_in


@pytest.mark.parametrize("username", ["staff", "admin"])
def test_staff_get_the_template_and_the_upload(demo_env: str, username: str) -> None:
    at = sign_in(new_app(), username, f"demo-{username}")
    at.switch_page("pages/score_sheets.py").run()
    assert not errors(at)
    assert "评分表" in at.header[0].value
    # the newest round (2024) is open: the upload form is there
    assert len(at.get("download_button")) == 1
    assert at.get("file_uploader")


def test_completed_round_is_download_only(demo_env: str) -> None:
    at = sign_in(new_app(), "staff", "demo-staff")
    at.session_state["round_id"] = 1  # 2022, 已完成
    at.switch_page("pages/score_sheets.py").run()
    assert any("已完成" in i.value for i in at.info)
    assert not at.get("file_uploader")


@pytest.mark.parametrize("username", ["leader", "agency"])
def test_other_roles_cannot_reach_it(demo_env: str, username: str) -> None:
    # The page stays registered for every role (a link never meets Streamlit's English "page
    # not found"); a role without access gets the message in its language and nothing else.
    at = sign_in(new_app(), username, f"demo-{username}")
    at.switch_page("pages/score_sheets.py").run()
    assert [e.value for e in at.error] == ["您没有访问此页面的权限。"]
    assert not at.get("file_uploader") and not at.get("download_button")
    assert "评分表" not in [p.proto.label for p in at.get("page_link")]  # not in the navigation
