"""单位评分 Agency ranking through AppTest: the export's order, the figures, filters that live in
the URL, rank changes, the robustness note, English headers and who may open it."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data_access.db import make_engine
from data_access.round_inputs import score_round_from_db
from reports.score_export import score_rows
from scoring import rank_sensitivity, round_half_up, summarise_sensitivity
from tests.app.helpers import errors, new_app, sign_in
from tests.app.test_overview import open_page, rerun

PAGE = "pages/ranking.py"


@pytest.fixture(scope="module")
def results(sqlite_demo_url: str) -> dict[int, Any]:
    engine = make_engine(sqlite_demo_url)
    return {rid: score_round_from_db(engine, rid) for rid in (1, 2, 3)}


def ranking_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "agency_id" in d.value.columns)


def test_order_and_figures_match_the_export(demo_env: str, results: dict[int, Any]) -> None:
    at = open_page(sign_in(new_app(), "staff", "demo-staff"), PAGE)
    assert not errors(at)
    table = ranking_table(at)
    rows = score_rows(results[3])
    assert list(table["单位"]) == [r["agency"] for r in rows]
    assert len(table) == 22
    for shown, row in zip(table.itertuples(index=False), rows, strict=True):
        text = shown[table.columns.get_loc("综合得分")]  # as shown: one decimal, or two for a tie
        assert float(text) == round_half_up(row["composite"], len(text.split(".")[1]))
        rank = shown[table.columns.get_loc("名次")]
        assert (pd.isna(rank) and row["rank"] is None) or rank == row["rank"]
    # 89.23 and 89.17 would both read 89.2 with ranks 7 and 8: two decimals and a note
    assert table.set_index("名次").loc[[7, 8], "综合得分"].tolist() == ["89.23", "89.17"]
    assert any("显示两位小数" in c.value for c in at.caption)
    # the last row is the agency without a grade: 市大数据中心
    last = table.iloc[-1]
    assert last["单位"] == "市大数据中心" and last["等级"] == "数据不足" and pd.isna(last["名次"])


def test_rank_change_from_the_previous_round(demo_env: str, results: dict[int, Any]) -> None:
    at = open_page(sign_in(new_app(), "leader", "demo-leader"), PAGE)
    table = ranking_table(at).set_index("单位")
    before = results[2].summary.set_index("name")["rank"]
    now = results[3].summary.set_index("name")["rank"]
    # 市科学技术局: 9th in 2023, 11th in 2024 → down two places
    assert (before["市科学技术局"], now["市科学技术局"]) == (9, 11)
    assert table.loc["市科学技术局", "变化"] == "↓2"
    assert table.loc["市发展和改革委员会", "变化"] == "↑2"  # 10th → 8th, the closed loop
    assert table.loc["市委网信办", "变化"] == "新参评"  # not evaluated in 2023
    assert table.loc["市大数据中心", "变化"] == "—"  # no rank this round


def test_filters_are_read_from_the_url(demo_env: str, results: dict[int, Any]) -> None:
    at = open_page(
        sign_in(new_app(), "leader", "demo-leader"),
        PAGE,
        type=["科技", "外事", "发改"],
        grade=["良好"],
    )
    table = ranking_table(at)
    # of the three, 外事办 is 一般 in 2024: 发改委 and 科技局 remain, in rank order
    assert list(table["单位"]) == ["市发展和改革委员会", "市科学技术局"]
    assert at.multiselect[0].value == ["科技", "外事", "发改"]
    assert at.multiselect[2].value == ["良好"]
    assert any("显示 2 / 22 家单位" in c.value for c in at.caption)


def test_changing_a_filter_writes_the_url_and_unknown_values_are_ignored(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "staff", "demo-staff"), PAGE, grade=["不存在", "较差"])
    assert at.multiselect[2].value == ["较差"]
    assert not any("agency_id" in d.value.columns for d in at.dataframe)  # nobody is 较差
    assert any("没有符合筛选条件" in i.value for i in at.info)
    at.multiselect[2].set_value(["一般"])
    rerun(at)
    assert at.query_params["grade"] == "一般"
    assert set(ranking_table(at)["等级"]) == {"一般"}
    at.multiselect[3].set_value(["key_target"])
    rerun(at)
    assert at.query_params["flag"] == "key_target"
    # 一般 and a key oversight target: 市住房和城乡建设局 is 良好, so nobody
    assert any("没有符合筛选条件" in i.value for i in at.info)
    at.multiselect[2].set_value([])
    rerun(at)
    assert "grade" not in at.query_params
    assert list(ranking_table(at)["单位"]) == ["市住房和城乡建设局"]


def test_the_selected_agency_in_the_url_is_restored(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "leader", "demo-leader"), PAGE, agency="9")
    # the sidebar's navigation links name no agency; exactly one link opens a profile
    links = [link for link in at.get("page_link") if "agency=" in link.proto.query_string]
    assert len(links) == 1
    assert "市科学技术局" in links[0].proto.label and links[0].proto.query_string == "agency=9"
    table = ranking_table(at)
    position = int(table.index[table["agency_id"] == 9][0])
    assert position == 10  # rank 11 → the 11th row, pre-selected
    assert list(at.session_state["rk_table"]["selection"]["rows"]) == [position]


def test_robustness_note_matches_the_sensitivity_analysis(
    demo_env: str, results: dict[int, Any]
) -> None:
    at = open_page(sign_in(new_app(), "admin", "demo-admin"), PAGE)
    result = results[3]
    sens = rank_sensitivity(result, result.tree, result.config, step=0.10)
    summary = summarise_sensitivity(sens)
    note = next(i.value for i in at.info if "名次稳健性" in i.value)
    kept = summary["n_agencies"] - summary["n_changed"]
    assert f"{summary['n_agencies']} 家有等级单位中 {kept} 家名次不变" in note
    assert f"{summary['n_changed']} 家会变化（最多变动 {summary['max_shift']} 位）" in note
    moved = next(d.value for d in at.dataframe if "可能名次" in d.value.columns)
    assert len(moved) == summary["n_changed"] == 13
    assert dict(zip(moved["单位"], moved["可能名次"]))["市科学技术局"] == "10–11"


def test_english_headers_and_labels(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "staff", "demo-staff"), PAGE, lang="en", agency="9")
    assert not errors(at)
    table = ranking_table(at)
    assert list(table.columns) == [
        "agency_id",
        "Rank",
        "Change",
        "Agency",
        "Composite",
        "Grade",
        "Common C",
        "Individual X",
        "Flags",
    ]
    assert set(table["Grade"]) <= {"Excellent", "Good", "Fair", "Poor", "Insufficient data"}
    assert [b.label for b in at.get("download_button")] == ["Download CSV", "Download Excel"]
    assert [m.label for m in at.multiselect] == ["Agency type", "Nature", "Grade", "Flags"]
    assert "Rank robustness" in at.info[0].value


def test_a_completed_round_compares_with_the_round_before(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "leader", "demo-leader"), PAGE, round_id=2)
    table = ranking_table(at)
    assert len(table) == 15
    # 市行政审批服务局 is last in 2023 (over-staffed, a 严重 finding): 4th in 2022
    last = table.iloc[-1]
    assert last["单位"] == "市行政审批服务局" and last["变化"] == "↓11"
    assert "重点监管对象" in last["标记"]


def test_the_first_round_has_no_rank_changes(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "leader", "demo-leader"), PAGE, round_id=1)
    table = ranking_table(at)
    assert len(table) == 7 and set(table["变化"]) == {"—"}
    assert table.iloc[0]["单位"] == "市科学技术局"  # 87.7, first of the 2022 round


def test_agency_role_cannot_open_the_ranking(demo_env: str) -> None:
    at = sign_in(new_app(), "agency", "demo-agency")
    at.switch_page(PAGE)
    at.run()
    # the page stays registered; the agency user gets a Chinese "no access" and nothing else
    assert errors(at) == ["您没有访问此页面的权限。"]
    assert not at.dataframe and not at.header


def test_the_parts_view_and_the_export_controls(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "staff", "demo-staff"), PAGE)
    # the product's own controls, in Chinese, under the table
    assert [b.label for b in at.get("download_button")] == ["下载 CSV", "下载 Excel"]
    at.segmented_control(key="rk_view").set_value("parts")
    rerun(at)
    assert not errors(at)
    table = ranking_table(at)
    parts = ["评估组", "外评", "民意", "计算", "纪律项满分", "扣分", "缺项折算"]
    assert list(table.columns) == ["agency_id", "名次", "单位", *parts, "共性 C"]
    added = table[parts].fillna(0.0).sum(axis=1).map(lambda v: round_half_up(v, 1))
    assert (added == table["共性 C"]).all()  # the columns add up to C, as the footnote says
    assert (table["扣分"] <= 0).all()
    assert any("各列之和等于共性得分 C" in c.value for c in at.caption)
