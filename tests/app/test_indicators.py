"""指标分析 Indicator breakdown through AppTest on the demo data."""

from __future__ import annotations

from typing import Any

import pytest

from data_access.db import make_engine
from data_access.round_inputs import score_round_from_db
from tests.app.helpers import errors, new_app, sign_in
from tests.app.test_profile import frame_with, open_page
from ui.i18n import fmt_num

NEWEST = 3


@pytest.fixture(scope="module")
def result(sqlite_demo_url: str) -> Any:
    engine = make_engine(sqlite_demo_url)
    out = score_round_from_db(engine, NEWEST)
    engine.dispose()
    return out


def _shares(result: Any, level: int) -> Any:
    nodes = result.nodes[result.nodes["level"] == level]
    return nodes.assign(share=nodes["points"] / nodes["max_points"])


@pytest.mark.parametrize("username", ["leader", "staff", "admin"])
def test_office_roles_open_on_the_weakest_cell(demo_env: str, result: Any, username: str) -> None:
    at = open_page(username, "pages/indicators.py")
    assert not errors(at)
    assert at.header[0].value.startswith("指标分析")
    shares = _shares(result, 1)
    weakest = shares.loc[shares["share"].idxmin()]
    assert at.selectbox(key="ind_agency_zh").value == int(weakest["agency_id"])
    assert at.selectbox(key="ind_code_zh").value == weakest["code"]
    # Its children as shown are result.nodes' children of that node for that agency.
    kids = result.nodes[
        (result.nodes["agency_id"] == weakest["agency_id"])
        & (result.nodes["parent"] == weakest["code"])
    ]
    shown = frame_with(at, "指标", f"{kids['code'].iloc[0]} {kids['name'].iloc[0]}")
    assert list(shown["得分"]) == [fmt_num(p) for p in kids["points"]]


def test_weakest_table_matches_the_nodes(demo_env: str, result: Any) -> None:
    at = open_page("leader", "pages/indicators.py")
    shares = _shares(result, 1).dropna(subset=["share"])
    means = shares.groupby("code")["share"].mean().sort_values()
    table = next(d.value for d in at.dataframe if "平均得分率" in d.value.columns)
    assert [c.split(" ")[0] for c in table["指标"]] == list(means.index[:5])
    assert list(table["平均得分率"]) == [fmt_num(m * 100) + "%" for m in means.iloc[:5]]
    # E (使用效益) is the weakest level-1 indicator in the 2024 demo round
    assert table["指标"].iloc[0] == "E 使用效益"
    low = int((shares[shares["code"] == "E"]["share"] < 0.6).sum())
    assert table["低于60%的单位"].iloc[0] == f"{low} / {len(shares[shares['code'] == 'E'])}"


def test_level_three_cell_shows_the_leaf_inputs(demo_env: str) -> None:
    at = open_page("staff", "pages/indicators.py")
    at.segmented_control(key="ind_level").set_value(3).run()
    at.selectbox(key="ind_agency_zh").set_value(9).run()
    at.selectbox(key="ind_code_zh").set_value("B1b").run()
    assert not errors(at)
    counts = frame_with(at, "事项", "重点领域职责分工")
    assert list(counts.iloc[0, 1:]) == ["11", "8", "1"]  # 好 / 较好 / 一般 for 市科学技术局
    assert any("= 2.7" in c.value for c in at.caption)  # 3 × 18.0 / 20


def test_individual_indicators_by_type(demo_env: str, result: Any) -> None:
    at = open_page("leader", "pages/indicators.py")
    at.selectbox(key="ind_type_zh").set_value("科技").run()
    shown = frame_with(at, "代码", "X-KJ-1")
    ours = result.individual[(result.individual["agency_id"] == 9)]
    assert list(shown["得分（0–100）"]) == [fmt_num(s) for s in ours["score"]]
    assert set(shown["单位"]) == {"市科学技术局"}


def test_english_mode(demo_env: str) -> None:
    at = open_page("staff", "pages/indicators.py", lang="en")
    assert not errors(at)
    assert at.header[0].value.startswith("Indicator breakdown")
    assert [s.value for s in at.subheader][:3] == [
        "Share of maximum by agency and indicator",
        "Weakest indicators",
        "Spread of each indicator",
    ]


def test_agency_role_cannot_reach_the_page(demo_env: str) -> None:
    at = sign_in(new_app(), "agency", "demo-agency")
    at.switch_page("pages/indicators.py")
    at.run()
    # the page stays registered; the agency user gets a Chinese "no access" and nothing else
    assert errors(at) == ["您没有访问此页面的权限。"]
    assert not at.dataframe and not at.header
