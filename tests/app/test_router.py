"""The frame (ui.router): language and round live in the URL, navigation by role, a localized
no-access message for a page the role may not open."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, errors, sign_in


def _app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def _nav(at: AppTest) -> list[str]:
    return [link.proto.label for link in at.get("page_link")]


def test_a_link_with_lang_and_round_opens_that_view(demo_env: str) -> None:
    at = sign_in(_app(lang="en", round="2023"), "leader", "demo-leader")
    assert not errors(at)
    assert at.session_state["lang"] == "en"
    assert at.query_params["lang"] == "en" and at.query_params["round"] == "2023"
    assert at.sidebar.selectbox[0].value == 2  # round id of 2023 in the demo data
    assert "2023" in at.header[0].value and "Overview" in at.header[0].value
    assert _nav(at)[:2] == ["Overview", "Agency ranking"]


def test_the_sign_in_form_follows_the_link_language(demo_env: str) -> None:
    at = _app(lang="en")
    assert [ti.label for ti in at.text_input] == ["Username", "Password"]


def test_changing_language_and_round_rewrites_the_url(demo_env: str) -> None:
    at = sign_in(_app(), "staff", "demo-staff")
    assert at.query_params["lang"] == "zh" and at.query_params["round"] == "2024"
    at.sidebar.segmented_control[0].set_value("en").run()
    assert at.query_params["lang"] == "en"
    assert at.header[0].value.endswith("Overview")
    at.sidebar.selectbox[0].set_value(1).run()  # the 2022 round
    assert at.query_params["round"] == "2022"
    assert "2022" in at.header[0].value


def test_an_unknown_round_in_the_url_falls_back_to_the_newest(demo_env: str) -> None:
    at = sign_in(_app(round="1999", lang="xx"), "leader", "demo-leader")
    assert not errors(at)
    assert at.query_params["round"] == "2024" and at.query_params["lang"] == "zh"


_RESULTS = [
    "总览",
    "单位评分",
    "单位画像",
    "编制与用编",
    "横向对比",
    "外部评价",
    "民意测评",
    "指标分析",
    "方法说明",
]


@pytest.mark.parametrize(
    ("username", "pages", "groups"),
    [
        ("leader", [*_RESULTS, "整改跟踪", "调整意见", "汇报材料"], ["评估结果", "整改与调整"]),
        (
            "staff",
            [*_RESULTS, "整改跟踪", "调整意见", "汇报材料", "自评填报", "评分表", "数据导入"],
            ["评估结果", "整改与调整", "填报与导入"],
        ),
        (
            "agency",
            [
                "总览",
                "单位画像",
                "编制与用编",
                "横向对比",
                "外部评价",
                "民意测评",
                "方法说明",
                "整改跟踪",
                "调整意见",
                "自评填报",
            ],
            ["评估结果", "整改与调整", "填报与导入"],
        ),
        (
            "admin",
            [*_RESULTS, "整改跟踪", "调整意见", "汇报材料", "自评填报", "评分表", "数据导入"]
            + ["评估批次", "指标体系", "用户管理", "审计日志"],
            ["评估结果", "整改与调整", "填报与导入", "系统管理"],
        ),
    ],
)
def test_navigation_lists_the_roles_pages_in_groups(
    demo_env: str, username: str, pages: list[str], groups: list[str]
) -> None:
    at = sign_in(_app(), username, f"demo-{username}")
    assert _nav(at) == pages
    assert [c.value for c in at.sidebar.caption if c.value in _GROUP_TITLES] == groups


_GROUP_TITLES = {"评估结果", "整改与调整", "填报与导入", "系统管理"}


def test_every_page_is_in_one_navigation_group() -> None:
    from ui.router import NAV_GROUPS, PAGES, ROLE_PAGES

    grouped = [name for _key, names in NAV_GROUPS for name in names]
    assert sorted(grouped) == sorted(PAGES)  # each page once
    for role, names in ROLE_PAGES.items():
        order = [n for n in grouped if n in names]
        assert list(names) == order, role  # the navigation shows them in group order


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_agency_user_opening_the_ranking_gets_no_access_in_its_language(
    demo_env: str, lang: str
) -> None:
    at = sign_in(_app(lang=lang), "agency", "demo-agency")
    at.switch_page("pages/ranking.py").run()
    expected = (
        "您没有访问此页面的权限。" if lang == "zh" else "You do not have access to this page."
    )
    assert [e.value for e in at.error] == [expected]
    assert not at.dataframe  # nothing of the ranking was read or drawn
