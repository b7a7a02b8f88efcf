"""views.ranking on the demo data: the export's order and figures (reports.score_export), rank
changes from the previous round, the filters as a pure function, the display table, the
selected agency, the robustness note, both languages."""

from __future__ import annotations

import pandas as pd
import pytest

from data_access.reader import Reader
from data_access.scope import RoundRef
from reports.score_export import score_rows
from scoring import rank_sensitivity, round_half_up, summarise_sensitivity
from views.ranking import (
    FLAG_OPTIONS,
    RankingFilters,
    RankingModel,
    build_ranking,
    filter_ranking,
    rank_change,
    selection,
)


@pytest.fixture(scope="module")
def ranking(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> RankingModel:
    return build_ranking(office_reader, demo_rounds[2024], "zh")


def names_of(rows: pd.DataFrame) -> list[str]:
    return list(rows["name"])


def test_rows_in_the_exports_order_with_its_figures(
    office_reader: Reader, demo_rounds: dict[int, RoundRef], ranking: RankingModel
) -> None:
    export = score_rows(office_reader.round_result(demo_rounds[2024].round_id))
    assert ranking.empty is None and ranking.total == len(export) == 22
    assert names_of(ranking.rows) == [r["agency"] for r in export]
    table = ranking.table(ranking.rows).frame.assign(decimals_shown=ranking.rows["decimals"])
    assert table["decimals_shown"].tolist().count(2) == 2  # 89.23 and 89.17, nothing else
    for shown, row in zip(table.itertuples(index=False), export, strict=True):
        # one decimal, two where a tie at one decimal hides a rank difference (国资委 89.23)
        assert shown.composite == round_half_up(row["composite"], shown.decimals_shown)
        assert (pd.isna(shown.rank) and row["rank"] is None) or shown.rank == row["rank"]
        assert shown.coverage == round_half_up(row["coverage"] * 100, 1)
    # last: the agency without a grade, 市大数据中心, coverage 62 %
    last = table.iloc[-1]
    assert (last["agency"], last["grade"], last["coverage"]) == ("市大数据中心", "数据不足", 62.0)
    assert pd.isna(last["rank"]) and last["change"] == "—"


def test_rank_change_from_the_previous_round(ranking: RankingModel) -> None:
    change = dict(zip(ranking.rows["name"], ranking.rows["change"], strict=True))
    assert change["市科学技术局"] == "↓2"  # 9th in 2023, 11th in 2024
    assert change["市发展和改革委员会"] == "↑2"  # 10th → 8th, the closed loop
    assert change["市委网信办"] == "新参评"  # not evaluated in 2023
    assert change["市大数据中心"] == "—"  # no rank this round


@pytest.mark.parametrize(
    ("rank", "before", "was_in", "lang", "expected"),
    [
        (3, 5, True, "zh", "↑2"),
        (5, 3, True, "en", "↓2"),
        (4, 4, True, "zh", "持平"),
        (4, 4, True, "en", "same"),
        (4, None, False, "en", "new"),
        (pd.NA, 4, True, "zh", "—"),
        (4, pd.NA, True, "zh", "—"),  # evaluated then but without a rank
    ],
)
def test_rank_change(rank: object, before: object, was_in: bool, lang: str, expected: str) -> None:
    assert rank_change(rank, before, was_in, lang) == expected


def test_first_and_completed_rounds(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    first = build_ranking(office_reader, demo_rounds[2022], "zh")
    assert first.total == 7 and set(first.rows["change"]) == {"—"}
    assert first.rows["name"].iloc[0] == "市科学技术局"  # 87.7, first of the 2022 round
    assert first.provisional is None
    second = build_ranking(office_reader, demo_rounds[2023], "zh")
    last = second.rows.iloc[-1]  # over-staffed, a 严重 finding: 4th in 2022, last in 2023
    assert (last["name"], last["change"]) == ("市行政审批服务局", "↓11")
    assert "重点监管对象" in second.table(second.rows).frame["flags"].iloc[-1]


def test_filters_are_a_pure_function_of_the_chosen_values(ranking: RankingModel) -> None:
    rows = ranking.rows
    assert names_of(filter_ranking(rows, RankingFilters())) == names_of(rows)
    # of 科技, 外事, 发改 only 外事办 is 一般 in 2024: 发改委 and 科技局 remain, in rank order
    chosen = RankingFilters(types=["科技", "外事", "发改"], grades=["良好"])
    assert names_of(filter_ranking(rows, chosen)) == ["市发展和改革委员会", "市科学技术局"]
    assert names_of(ranking.shown(RankingFilters(flags=["key_target"]))) == ["市住房和城乡建设局"]
    # within a filter any value; across filters all of them
    assert names_of(ranking.shown(RankingFilters(grades=["一般"], flags=["key_target"]))) == []
    assert ranking.shown(RankingFilters(grades=["较差"])).empty
    assert set(ranking.shown(RankingFilters(natures=["事业单位"]))["nature"]) == {"事业单位"}
    assert rows is ranking.rows and len(rows) == 22  # the input is not filtered in place


def test_filter_options_and_labels(
    office_reader: Reader, demo_rounds: dict[int, RoundRef], ranking: RankingModel
) -> None:
    by_param = {f.param: f for f in ranking.filters}
    assert list(by_param) == ["type", "nature", "grade", "flag"]
    assert [f.key for f in ranking.filters] == ["rk_type", "rk_nature", "rk_grade", "rk_flag"]
    assert by_param["grade"].options == ("优秀", "良好", "一般", "较差", "数据不足")
    assert by_param["flag"].options == tuple(f.value for f in FLAG_OPTIONS)
    assert by_param["flag"].label_of("key_target") == "重点监管对象"
    assert "科技" in by_param["type"].options
    english = {f.param: f for f in build_ranking(office_reader, demo_rounds[2024], "en").filters}
    assert [f.label for f in english.values()] == ["Agency type", "Nature", "Grade", "Flags"]
    assert english["grade"].label_of("一般") == "Fair"
    assert english["nature"].label_of("政府工作部门") == "Government department"
    assert english["flag"].label_of("self_overrated") == "Self-rated too high"
    assert english["type"].label_of("科技") == "Science & technology"


def test_display_table_columns(ranking: RankingModel) -> None:
    table = ranking.table(ranking.rows)
    kinds = {c.key: c.kind for c in table.columns}
    assert kinds["agency_id"] == "hidden" and kinds["rank"] == "int"
    assert kinds["composite"] == "number" and kinds["coverage"] == "percent"
    assert list(table.display().columns) == [
        "名次",
        "变化",
        "单位",
        "类型",
        "性质",
        "综合得分",
        "等级",
        "共性 C",
        "个性 X",
        "覆盖率",
        "评估组",
        "外评",
        "民意",
        "计算",
        "纪律项满分",
        "扣分",
        "缺项折算",
        "标记",
    ]


def test_english_table(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> None:
    model = build_ranking(office_reader, demo_rounds[2024], "en")
    table = model.table(model.rows)
    assert [c.label for c in table.visible()] == [
        "Rank",
        "Change",
        "Agency",
        "Type",
        "Nature",
        "Composite",
        "Grade",
        "Common C",
        "Individual X",
        "Coverage",
        "Team",
        "External",
        "Surveys",
        "Computed",
        "Discipline max",
        "Deducted",
        "Rescaling",
        "Flags",
    ]
    frame = table.frame
    assert set(frame["grade"]) <= {"Excellent", "Good", "Fair", "Poor", "Insufficient data"}
    assert "Government department" in set(frame["nature"])
    assert "Key oversight target, No individual indicators" in set(frame["flags"])
    assert "Municipal Science and Technology Bureau" in set(frame["agency"])
    assert model.heading == "2024 Staffing Use & Efficiency Evaluation · Agency ranking"
    assert model.robustness is not None and model.robustness.startswith("**Rank robustness**")
    assert all(
        not any("\u4e00" <= ch <= "\u9fff" for ch in str(v))
        for v in frame.drop(columns=["agency_id"]).to_numpy().ravel()
    )


def test_the_selected_agency(ranking: RankingModel, demo_agency_id: int) -> None:
    picked = selection(ranking, ranking.rows, str(demo_agency_id))
    assert picked is not None
    assert picked.position == 10  # rank 11 → the 11th row
    assert picked.label == "已选单位：市科学技术局 · 86.1 · 良好 — 打开单位画像"
    assert selection(ranking, ranking.rows, "99999") is None
    assert selection(ranking, ranking.rows, "") is None
    others = ranking.shown(RankingFilters(flags=["key_target"]))  # 住建局 only
    assert selection(ranking, others, str(demo_agency_id)) is None


def test_robustness_note_matches_the_sensitivity_analysis(
    office_reader: Reader, demo_rounds: dict[int, RoundRef], ranking: RankingModel
) -> None:
    result = office_reader.round_result(demo_rounds[2024].round_id)
    summary = summarise_sensitivity(rank_sensitivity(result, result.tree, result.config, step=0.10))
    kept = summary["n_agencies"] - summary["n_changed"]
    assert ranking.robustness is not None
    assert f"{summary['n_agencies']} 家有等级单位中 {kept} 家名次不变" in ranking.robustness
    assert f"{summary['n_changed']} 家会变化（最多变动 {summary['max_shift']} 位）" in (
        ranking.robustness
    )
    moved = ranking.moved.frame
    assert len(moved) == summary["n_changed"] == 13
    assert dict(zip(moved["agency"], moved["range"], strict=True))["市科学技术局"] == "10–11"
    assert list(moved["rank"]) == sorted(moved["rank"])
    assert [c.label for c in ranking.moved.columns] == [
        "单位",
        "名次",
        "可能名次",
        "引起变化的情景",
    ]


def test_the_parts_add_up_to_c_and_deductions_are_negative(ranking: RankingModel) -> None:
    full = ranking.table(ranking.rows).frame
    parts = ["team", "external", "survey", "computed", "discipline", "deducted", "rescaled"]
    added = full[parts].fillna(0.0).sum(axis=1).map(lambda v: round_half_up(v, 1))
    assert (added == full["common"]).all()  # every row, as shown (one decimal)
    assert (full["deducted"] <= 0).all() and (full["deducted"] < 0).any()
    # 市住房和城乡建设局: a 较重 finding on a deduction leaf → 3 points off (demo seed)
    housing = full.set_index("agency").loc["市住房和城乡建设局"]
    assert housing["deducted"] == -3.0 and housing["discipline"] == 11.0  # A1b 2 + D1a 5 + D2a 4
    # 市大数据中心 (coverage 62 %): re-scaling over missing leaves adds 27.5 points to its C
    assert full.set_index("agency").loc["市大数据中心", "rescaled"] == 27.5
    assert ranking.footnote("parts") is not None and "= C" in str(ranking.footnote("parts"))
    assert ranking.footnote("summary") is None


def test_a_tie_at_one_decimal_gets_a_second(ranking: RankingModel) -> None:
    # 市国有资产监督管理委员会 and 市发展和改革委员会 both round to 89.2 but rank 7 and 8.
    screen = ranking.screen(ranking.rows).frame.set_index("agency")
    assert screen.loc["市国有资产监督管理委员会", ["rank", "composite_text"]].tolist() == [
        7,
        "89.23",
    ]
    assert screen.loc["市发展和改革委员会", ["rank", "composite_text"]].tolist() == [8, "89.17"]
    assert screen.loc["市机关事务服务中心", "composite_text"] == "93.2"
    assert (
        ranking.table(ranking.rows)
        .frame.set_index("agency")
        .loc["市国有资产监督管理委员会", "composite"]
        == 89.23
    )  # the download keeps the second decimal as a number
    assert ranking.tie_note(ranking.rows) == (
        "综合得分保留一位小数时相同而名次不同的，显示两位小数以示区别。"
    )


def test_screen_views_fit_1366_px(ranking: RankingModel) -> None:
    # The main column is 906 px at 1366 × 768 (sidebar open); the row selector takes 32.
    for view in ("summary", "parts"):
        for lang in ("zh", "en"):
            model = RankingModel(**{**ranking.__dict__, "lang": lang})
            table = model.screen(model.rows, view)
            widths = [int(c.width) for c in table.visible() if isinstance(c.width, int)]
            assert len(widths) == len(table.visible()), view  # every width fixed
            assert sum(widths) + 32 <= 910, (view, lang, sum(widths))
    summary = ranking.screen(ranking.rows, "summary")
    assert [c.label for c in summary.visible()] == [
        "名次",
        "变化",
        "单位",
        "综合得分",
        "等级",
        "共性 C",
        "个性 X",
        "标记",
    ]
    assert not any(c.pinned for c in summary.columns)  # pinned columns are drawn in grey
