"""方法说明 Methodology through AppTest: generated from the round's own configuration and tree, so
a changed weight, threshold or mapping shows at once, in either language."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from data_access.db import make_engine
from data_access.models import IndividualIndicator
from data_access.rounds import update_round_config
from tests.app.helpers import errors, new_app, sign_in
from tests.app.test_overview import all_text, open_page

PAGE = "pages/methodology.py"


def markdown(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(m.value for m in at.markdown)


def frame_with(at, column: str):  # type: ignore[no-untyped-def]
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_default_parameters_are_explained(demo_env: str, sqlite_demo_url: str) -> None:
    at = open_page(sign_in(new_app(), "leader", "demo-leader"), PAGE)
    assert not errors(at)
    text = markdown(at)
    assert "**综合得分 = 0.8 × 共性得分 C + 0.2 × 个性得分 X**" in text
    assert "数据覆盖率低于 80% 的单位不评等级" in text
    assert "超过 10% 时标记“自评偏高”" in text
    assert "0.9 ≤ u ≤ 1 得满分" in text and "0.6 处的 0 分" in text
    assert "d ≤ 10% 得满分，d ≥ 50% 得 0 分" in text
    assert "少于 5 份时不出结果" in text and "用时少于 20 秒" in text
    # DOMAIN §3: 47 indicators below the root, 27 of them leaves, 100 points
    tree = frame_with(at, "评估要点")
    assert len(tree) == 47
    assert any("27 个末级指标" in s.value for s in at.subheader)
    assert tree.loc[tree["代码"] == "B1b", "数据来源"].item() == "外部评价：重点领域职责分工"
    assert tree.loc[tree["代码"] == "D1b", "数据来源"].item() == "计算指标：编制使用率"
    assert tree.loc[tree["代码"] == "A", "分值"].item() == 10.0
    ratings = frame_with(at, "评价")
    assert dict(zip(ratings["评价"], ratings["分值"])) == {"好": 1.0, "较好": 0.8, "一般": 0.6}
    severity = frame_with(at, "问题严重程度")
    assert dict(zip(severity["问题严重程度"], severity["扣分"])) == {
        "严重": 4.0,
        "较重": 3.0,
        "一般": 2.0,
        "轻微": 1.0,
    }
    answers = frame_with(at, "计入满意率")
    assert list(answers["计入满意率"]) == ["是", "是", "是", "否", "否"]
    with make_engine(sqlite_demo_url).connect() as conn:
        n_individual = conn.execute(
            select(func.count())
            .select_from(IndividualIndicator)
            .where(IndividualIndicator.round_id == 3)
        ).scalar_one()
    assert len(frame_with(at, "相对权重")) == n_individual
    assert not at.warning  # the demo rounds use the defaults


@pytest.fixture()
def changed_config(monkeypatch: pytest.MonkeyPatch, sqlite_demo_url: str, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A copy of the demo data whose 2024 round (评估中) has its own parameters."""
    path = tmp_path / "config.db"
    shutil.copyfile(sqlite_demo_url.split("///", 1)[1], path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    update_round_config(
        engine,
        3,
        {
            "weight_common": 0.7,
            "weight_individual": 0.3,
            "min_coverage": 0.75,
            "gap_flag_share": 0.15,
            "grade_bands": [["优秀", 92], ["良好", 80], ["一般", 60]],
            "severity_points": {"严重": 5, "较重": 3, "一般": 2, "轻微": 1},
            "survey_min_n": 8,
            "usage_full_low": 0.85,
        },
        actor="test",
    )
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    return url


def test_the_rounds_own_parameters_are_shown(changed_config: str) -> None:
    at = open_page(sign_in(new_app(), "staff", "demo-staff"), PAGE)
    assert not errors(at)
    text = markdown(at)
    assert "**综合得分 = 0.7 × 共性得分 C + 0.3 × 个性得分 X**" in text
    assert "数据覆盖率低于 75% 的单位不评等级" in text
    assert "超过 15% 时标记“自评偏高”" in text
    assert "有效问卷少于 8 份时该指标缺失" in text
    assert "0.85 ≤ u ≤ 1 得满分" in text
    grades = frame_with(at, "综合得分下限")
    assert list(grades["综合得分下限"]) == ["≥ 92", "≥ 80", "≥ 60", "< 60"]
    severity = frame_with(at, "问题严重程度")
    assert severity.loc[severity["问题严重程度"] == "严重", "扣分"].item() == 5.0
    # the parameters that differ, beside their defaults
    assert any("8 项参数与系统默认值不同" in w.value for w in at.warning)
    diff = frame_with(at, "默认值")
    rows = dict(zip(diff["参数"], zip(diff["本批次"], diff["默认值"], strict=True), strict=True))
    assert rows["共性得分权重"] == ("0.7", "0.8")
    assert rows["评定等级的最低覆盖率"] == ("0.75", "0.8")
    assert rows["等级分界"] == (
        "优秀 ≥ 92、良好 ≥ 80、一般 ≥ 60",
        "优秀 ≥ 90、良好 ≥ 80、一般 ≥ 60",
    )
    assert len(diff) == 8


def test_a_completed_round_says_its_parameters_are_frozen(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "leader", "demo-leader"), PAGE, round_id=1)
    assert any("本批次已完成" in c.value for c in at.caption)
    assert "2022" in at.header[0].value


def test_english_methodology(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "leader", "demo-leader"), PAGE, lang="en")
    assert not errors(at)
    text = markdown(at)
    assert "**composite = 0.8 × common score C + 0.2 × individual score X**" in text
    assert "coverage below 80% gets no grade" in text
    tree = frame_with(at, "Evaluation point")
    assert tree.loc[tree["Code"] == "C3b", "Data source"].item() == (
        "External rating: party building, personnel, finance, petition handling"
    )
    ratings = frame_with(at, "Rating")
    assert list(ratings["Rating"]) == ["Good", "Fairly good", "Average"]
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in s.value) for s in at.subheader)


def test_agency_user_reads_the_methodology_without_other_agencies(
    demo_env: str, sqlite_demo_url: str
) -> None:
    at = open_page(sign_in(new_app(), "agency", "demo-agency"), PAGE)
    assert not errors(at)
    text = all_text(at)
    assert "共性指标体系" in text
    for name in ("市外事办公室", "市大数据中心", "市发展和改革委员会", "市住房和城乡建设局"):
        assert name not in text
