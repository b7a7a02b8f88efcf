"""views.methodology on the demo data: every text and table comes from the round's own
configuration and tree (DOMAIN §3–§5 defaults in the demo rounds), in both languages; the
differences from the defaults; nothing names an agency."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from data_access.models import IndividualIndicator
from data_access.reader import Reader
from data_access.scope import RoundRef
from scoring import LeafSource, RoundConfig
from tests.views.test_overview import model_strings, other_agency_names
from views.methodology import (
    PARAM_TEXT,
    MethodologyModel,
    build_methodology,
    config_differences,
    source_label,
)


@pytest.fixture(scope="module")
def method_zh(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> MethodologyModel:
    return build_methodology(office_reader, demo_rounds[2024], "zh")


@pytest.fixture(scope="module")
def method_en(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> MethodologyModel:
    return build_methodology(office_reader, demo_rounds[2024], "en")


def column(frame: pd.DataFrame, key: str, code: str) -> Any:
    """The ``key`` cell of the row whose ``code`` is ``code``."""
    return frame.loc[frame["code"] == code, key].item()


def test_default_parameters_are_explained(method_zh: MethodologyModel) -> None:
    assert method_zh.heading == "2024年度机构编制执行情况和使用效益评估 · 方法说明"
    assert "**综合得分 = 0.8 × 共性得分 C + 0.2 × 个性得分 X**" in method_zh.system
    assert "共性指标（满分 100 分）" in method_zh.system
    assert method_zh.grade_rule.startswith("数据覆盖率低于 80% 的单位不评等级，显示为“数据不足”")
    assert "超过 10% 时标记“自评偏高”" in method_zh.flags
    assert "有“严重”问题，或未销号问题不少于 3 个，或综合得分低于 60 分" in method_zh.flags
    rules = "\n".join(method_zh.leaf_rules)
    assert "0.9 ≤ u ≤ 1 得满分" in rules and "0.6 处的 0 分" in rules
    assert "d ≤ 10% 得满分，d ≥ 50% 得 0 分" in rules and "至少 3 个城市" in rules
    assert "少于 5 份时不出结果" in method_zh.survey and "用时少于 20 秒" in method_zh.survey
    assert "8 题及以上" in method_zh.survey and "少于 30 份时" in method_zh.survey
    assert method_zh.custom is None and method_zh.differences.empty
    assert method_zh.status_note == (
        "本批次状态为“评估中”，以下为当前生效的计分参数，管理员仍可调整。"
    )


def test_tree_table(method_zh: MethodologyModel) -> None:
    # DOMAIN §3: 47 indicators below the root, 27 of them leaves, 100 points in all
    tree = method_zh.tree.frame
    assert len(tree) == 47 and method_zh.tree_title == "共性指标体系（27 个末级指标）"
    assert column(tree, "source", "B1b") == "外部评价：重点领域职责分工"
    assert column(tree, "source", "D1b") == "计算指标：编制使用率"
    assert column(tree, "points", "A") == 10.0
    assert column(tree, "source", "A") == ""  # not a leaf
    level1 = tree[~tree["indicator"].str.startswith("\u3000")]
    assert level1["points"].sum() == 100.0
    assert [c.label for c in method_zh.tree.columns] == [
        "代码",
        "指标",
        "分值",
        "数据来源",
        "评估要点",
        "评估方法",
    ]
    # each leaf's stored method (the demo tree's, by its kind of source); none on a parent
    assert column(tree, "method", "B1b") == "外部评价：市直部门（单位）按“好”“较好”“一般”评价"
    assert column(tree, "method", "B1") == ""


def test_mapping_tables(
    demo_engine: Engine, demo_rounds: dict[int, RoundRef], method_zh: MethodologyModel
) -> None:
    ratings = method_zh.ratings.frame
    assert dict(zip(ratings["word"], ratings["value"], strict=True)) == {
        "好": 1.0,
        "较好": 0.8,
        "一般": 0.6,
    }
    severities = method_zh.severities.frame
    assert dict(zip(severities["word"], severities["value"], strict=True)) == {
        "严重": 4.0,
        "较重": 3.0,
        "一般": 2.0,
        "轻微": 1.0,
    }
    assert [c.label for c in method_zh.severities.columns] == ["问题严重程度", "扣分"]
    answers = method_zh.answers.frame
    assert list(answers["satisfied"]) == ["是", "是", "是", "否", "否"]
    assert list(answers["value"]) == [100.0, 80.0, 60.0, 30.0, 0.0]  # DOMAIN §5
    grades = method_zh.grades.frame
    assert list(grades["bound"]) == ["≥ 90", "≥ 80", "≥ 60", "< 60"]
    assert list(grades["grade"]) == ["优秀", "良好", "一般", "较差"]
    with demo_engine.connect() as conn:
        n_individual = conn.execute(
            select(func.count())
            .select_from(IndividualIndicator)
            .where(IndividualIndicator.round_id == demo_rounds[2024].round_id)
        ).scalar_one()
    assert len(method_zh.individual) == n_individual > 0
    assert method_zh.individual_note is not None


def test_english_methodology(method_en: MethodologyModel) -> None:
    assert "**composite = 0.8 × common score C + 0.2 × individual score X**" in method_en.system
    assert "coverage below 80% gets no grade (shown as “Insufficient data”)" in (
        method_en.grade_rule
    )
    assert "any “Severe” finding" in method_en.flags
    tree = method_en.tree.frame
    assert column(tree, "source", "C3b") == (
        "External rating: party building, personnel, finance, petition handling"
    )
    assert column(tree, "source", "D1b") == "Computed: staffing usage rate"
    assert list(method_en.ratings.frame["word"]) == ["Good", "Fairly good", "Average"]
    assert list(method_en.severities.frame["word"]) == ["Severe", "Serious", "Moderate", "Minor"]
    assert list(method_en.answers.frame["answer"])[0] == "Very satisfied"
    assert list(method_en.answers.frame["satisfied"]) == ["yes", "yes", "yes", "no", "no"]
    assert list(method_en.grades.frame["grade"]) == ["Excellent", "Good", "Fair", "Poor"]
    assert "Science & technology" in set(method_en.individual.frame["agency_type"])
    assert method_en.status_note.startswith("This round is “In progress”")
    # stored names have English names in the demo data: the tables are all English
    for table in (method_en.tree, method_en.individual):
        cells = table.frame.drop(columns=["points", "weight"], errors="ignore")
        assert not any(
            "\u4e00" <= ch <= "\u9fff" for v in cells.to_numpy().ravel() for ch in str(v)
        )


def test_a_completed_round_says_its_parameters_are_frozen(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    model = build_methodology(office_reader, demo_rounds[2022], "zh")
    assert model.status_note == "本批次已完成，以下为其冻结的计分参数。"
    assert "2022" in model.heading


def test_differences_from_the_defaults() -> None:
    config = RoundConfig(
        weight_common=0.7,
        weight_individual=0.3,
        min_coverage=0.75,
        grade_bands=(("优秀", 92.0), ("良好", 80.0), ("一般", 60.0)),
        severity_points={"严重": 5, "较重": 3, "一般": 2, "轻微": 1},
    )
    zh = config_differences(config, "zh").frame
    rows = dict(zip(zh["param"], zip(zh["round"], zh["default"], strict=True), strict=True))
    assert rows == {
        "共性得分权重": ("0.7", "0.8"),
        "个性得分权重": ("0.3", "0.2"),
        "评定等级的最低覆盖率": ("0.75", "0.8"),
        "等级分界": ("优秀 ≥ 92、良好 ≥ 80、一般 ≥ 60", "优秀 ≥ 90、良好 ≥ 80、一般 ≥ 60"),
        "问题扣分值": ("严重 5、较重 3、一般 2、轻微 1", "严重 4、较重 3、一般 2、轻微 1"),
    }
    en = config_differences(config, "en").frame.set_index("param")
    assert en.loc["Grade bounds", "round"] == "Excellent ≥ 92, Good ≥ 80, Fair ≥ 60"
    assert en.loc["Severity points", "default"] == "Severe 4, Serious 3, Moderate 2, Minor 1"
    assert config_differences(RoundConfig(), "zh").empty


def test_every_parameter_has_a_name() -> None:
    assert set(PARAM_TEXT) == set(RoundConfig().to_dict())


@pytest.mark.parametrize(
    ("source", "lang", "expected"),
    [
        (LeafSource("team"), "zh", "评估组评分"),
        (LeafSource("deduct"), "en", "Deduction"),
        (LeafSource("survey", ("满意度调查问卷",)), "en", "Survey: Satisfaction survey"),
        (LeafSource("external", ("党建", "人事")), "zh", "外部评价：党建、人事"),
        # a matter the vocabulary does not know is shown as stored
        (LeafSource("external", ("新事项",)), "en", "External rating: 新事项"),
        (
            LeafSource("computed", ("workload-peer",)),
            "en",
            "Computed: workload per staff member vs peers",
        ),
        (None, "zh", ""),
    ],
)
def test_source_label(source: LeafSource | None, lang: str, expected: str) -> None:
    assert source_label(source, lang) == expected


def test_agency_user_reads_the_methodology_without_other_agencies(
    demo_engine: Engine,
    agency_reader: Reader,
    demo_rounds: dict[int, RoundRef],
    demo_agency_id: int,
) -> None:
    for lang in ("zh", "en"):
        model = build_methodology(agency_reader, demo_rounds[2024], lang)
        assert len(model.tree) == 47
        shown = "\n".join(model_strings(model))
        assert [n for n in other_agency_names(demo_engine, demo_agency_id) if n in shown] == []
