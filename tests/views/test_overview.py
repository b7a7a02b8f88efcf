"""views.overview on the demo data: counts and scores against the previous round, checked
against the score export (reports.score_export) and the stored rows; the attention list, the
state, survey and freshness tables; the composite chart spec; both languages; an agency user
whose model holds no other agency's name."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import altair as alt
import pandas as pd
import pytest
from sqlalchemy import Engine, func, select, text

from data_access.models import Score
from data_access.reader import Reader
from data_access.scope import RoundRef
from data_access.seed import DEMO_TODAY
from domain.vocab import PALETTE, Issue, RectState
from reports.score_export import score_rows
from scoring import round_half_up
from views.common import Kpi, Table
from views.leadership_charts import PICK
from views.overview import OverviewModel, build_overview
from views.ranking import change_text, has_evaluation_data


def model_strings(value: Any) -> Iterator[str]:
    """Every text a view model holds: fields, KPIs, table labels and cells, chart specs."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Table):
        yield from (f"{c.label} {c.help or ''}" for c in value.columns)
        yield from (str(v) for v in value.frame.to_numpy().ravel())
    elif isinstance(value, pd.DataFrame):
        yield from (str(v) for v in value.to_numpy().ravel())
        yield from (str(c) for c in value.columns)
    elif isinstance(value, dict):
        yield json.dumps(value, ensure_ascii=False, default=str)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from model_strings(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from model_strings(getattr(value, f.name))
    elif value is not None:
        yield str(value)


def other_agency_names(engine: Engine, agency_id: int) -> list[str]:
    """Every stored name (Chinese and English, full and short) of the other agencies."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM agency WHERE id != :id"), {"id": agency_id})
        return [
            str(v)
            for r in rows.mappings()
            for k, v in r.items()
            if k in ("name", "short_name", "name_en", "short_name_en") and v
        ]


def kpis(cards: tuple[Kpi, ...]) -> dict[str, Kpi]:
    return {k.label: k for k in cards}


def _one(x: float) -> str:
    return f"{round_half_up(x, 1):,.1f}"


@pytest.fixture(scope="module")
def overview_zh(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> OverviewModel:
    return build_overview(office_reader, demo_rounds[2024], "zh", DEMO_TODAY)


@pytest.fixture(scope="module")
def overview_en(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> OverviewModel:
    return build_overview(office_reader, demo_rounds[2024], "en", DEMO_TODAY)


def test_heading_status_and_comparison(
    overview_zh: OverviewModel, overview_en: OverviewModel
) -> None:
    assert overview_zh.heading == "2024年度机构编制执行情况和使用效益评估 · 总览"
    assert overview_zh.status == "批次状态：评估中"
    assert overview_zh.provisional == "本批次仍在评估中，得分为阶段性结果。"
    assert (
        overview_zh.comparison
        == "箭头表示与上一批次（2023年度机构编制执行情况和使用效益评估）相比的变化。"
    )
    assert overview_zh.has_previous and overview_zh.scored and not overview_zh.own
    assert overview_en.status == "Round status: In progress"
    assert overview_en.comparison == (
        "Arrows show the change from the previous round "
        "(2023 Staffing Use & Efficiency Evaluation)."
    )


def test_counts_against_the_previous_round(overview_zh: OverviewModel) -> None:
    cards = kpis(overview_zh.counts)
    # 22 agencies in 2024, 15 in 2023
    assert (cards["参评单位"].value, cards["参评单位"].delta) == (22, "+7")
    # DEMO_TODAY: eight rectifications past their deadline (the attention list names them)
    assert cards["逾期整改"].value == 8 and cards["逾期整改"].delta_color == "inverse"
    assert cards["未销号问题"].delta_color == "inverse"
    assert [k.label for k in overview_zh.counts] == [
        "参评单位",
        "未销号问题",
        "逾期整改",
        "有效问卷",
        "外部评价",
    ]


def test_score_kpis_match_the_export(
    office_reader: Reader, demo_rounds: dict[int, RoundRef], overview_zh: OverviewModel
) -> None:
    now = score_rows(office_reader.round_result(demo_rounds[2024].round_id))
    before = score_rows(office_reader.round_result(demo_rounds[2023].round_id))
    mean_now = sum(r["composite"] for r in now) / len(now)  # all 22 have a composite
    mean_before = sum(r["composite"] for r in before) / len(before)
    cards = kpis(overview_zh.score_kpis)
    assert cards["平均综合得分"].value == _one(mean_now) == "85.4"
    assert cards["平均综合得分"].delta == f"{round_half_up(mean_now - mean_before, 1):+.1f}"
    assert cards["平均综合得分"].caption == "22 家单位平均"
    # 市大数据中心 has no survey: 21 agencies behind each survey index
    assert cards["服务对象满意度"].caption == cards["内部人员评价"].caption == "21 家单位平均"
    # one key target (市住房和城乡建设局), one self-rated too high (市外事办公室), as in 2023
    assert (cards["重点监管对象"].value, cards["重点监管对象"].delta) == (1, "0")
    assert (cards["自评偏高单位"].value, cards["自评偏高单位"].delta) == (1, "0")
    grades = kpis(overview_zh.grade_kpis)
    for grade in ("优秀", "良好", "一般", "较差", "数据不足"):
        assert grades[grade].value == sum(r["grade"] == grade for r in now)
        change = sum(r["grade"] == grade for r in now) - sum(r["grade"] == grade for r in before)
        assert grades[grade].delta == (f"{change:+d}" if change else "0")
    assert grades["数据不足"].value == 1 and grades["数据不足"].delta_color == "inverse"
    assert grades["优秀"].caption == "综合得分 ≥ 90" and grades["较差"].caption == "综合得分 < 60"
    assert grades["数据不足"].caption == "数据覆盖率 < 80%"


def test_attention_list_names_the_demo_stories(overview_zh: OverviewModel) -> None:
    table = overview_zh.attention
    assert [c.key for c in table.columns] == ["agency_id", "agency", "issue", "detail"]
    assert table.columns[0].kind == "hidden"
    rows = table.frame
    issues = set(zip(rows["agency"], rows["issue"], strict=True))
    assert ("市住房和城乡建设局", "重点监管对象") in issues
    assert ("市外事办公室", "自评偏高") in issues
    assert ("市大数据中心", "数据不足") in issues
    assert (rows["issue"] == "整改逾期").sum() == 8
    # the kinds in Issue's order: key targets, self-rated too high, overdue, insufficient data
    order = [
        Issue.KEY_TARGET.zh,
        Issue.SELF_OVERRATED.zh,
        Issue.OVERDUE.zh,
        Issue.INSUFFICIENT_DATA.zh,
    ]
    assert list(dict.fromkeys(rows["issue"])) == order
    # 住建局: 3 open findings against the threshold of 3; 外事办: 26.0 % above the team
    detail = dict(zip(rows["issue"], rows["detail"], strict=False))
    assert detail["重点监管对象"] == "未销号问题 3 个（≥ 3 个）"
    assert detail["数据不足"] == "数据覆盖率 62.0%，低于 80%，暂不评定等级"
    # 2026-11-30 − 2026-09-30 = 61 days
    assert rows["detail"].str.contains("已逾期 61 天").sum() == 4


def test_rectification_survey_and_freshness_tables(
    demo_engine: Engine, demo_rounds: dict[int, RoundRef], overview_zh: OverviewModel
) -> None:
    states = overview_zh.rectification_states
    assert list(states.frame["state"]) == [s.value for s in RectState]
    assert [c.label for c in states.columns] == ["状态", "数量", "逾期"]
    assert states.frame["overdue"].sum() == 8  # the same eight as the KPI
    assert states.frame.set_index("state").loc["已销号", "overdue"] == 0  # closed is never late
    surveys = overview_zh.surveys
    assert set(surveys.frame["questionnaire"]) == {"满意度调查问卷", "评估调查问卷"}
    assert sum(surveys.frame["accepted"]) == kpis(overview_zh.counts)["有效问卷"].value
    fresh = overview_zh.freshness.frame.set_index("source")
    with demo_engine.connect() as conn:
        n_scores = conn.execute(
            select(func.count())
            .select_from(Score)
            .where(Score.round_id == demo_rounds[2024].round_id)
        ).scalar_one()
    assert fresh.loc["评分录入", "n"] == n_scores
    # the seed enters the 2024 scores on 2026-06-19 17:00 and imports the surveys 2026-05-26
    assert fresh.loc["评分录入", "latest"] == "2026-06-19 17:00"
    assert fresh.loc["问卷导入（文件数）", "latest"] == "2026-05-26 15:00"


def test_composite_chart_spec(
    office_reader: Reader, demo_rounds: dict[int, RoundRef], overview_zh: OverviewModel
) -> None:
    spec = overview_zh.chart
    assert spec is not None
    alt.LayerChart.from_dict(spec)  # valid Vega-Lite (the view skips validation at run time)
    data = {name: pd.DataFrame(rows) for name, rows in spec["datasets"].items()}
    bars = next(d for d in data.values() if "composite" in d.columns)
    rules = next(d for d in data.values() if "bound" in d.columns)
    export = score_rows(office_reader.round_result(demo_rounds[2024].round_id))
    assert dict(zip(bars["name"], bars["composite"], strict=True)) == {
        r["agency"]: round_half_up(r["composite"], 1) for r in export
    }
    assert dict(zip(bars["name"], bars["grade_label"], strict=True))["市大数据中心"] == "数据不足"
    assert sorted(rules["bound"]) == [60.0, 80.0, 90.0]
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    # best grades calm (green, blue, amber), the lowest in the alarm colour, no grade grey
    assert colour["domain"] == ["优秀", "良好", "一般", "较差", "数据不足"]
    assert colour["range"] == [PALETTE[3], PALETTE[2], PALETTE[1], PALETTE[0], PALETTE[5]]
    params = [
        *spec.get("params", []),
        *(p for layer in spec["layer"] for p in layer.get("params", [])),
    ]
    assert PICK in {p["name"] for p in params}  # a click selects the bar's agency_id


def test_english_overview(overview_en: OverviewModel) -> None:
    labels = [k.label for k in overview_en.counts + overview_en.score_kpis]
    assert "Agencies evaluated" in labels and "Mean composite score" in labels
    assert [k.label for k in overview_en.grade_kpis] == [
        "Excellent",
        "Good",
        "Fair",
        "Poor",
        "Insufficient data",
    ]
    assert set(overview_en.attention.frame["issue"]) == {
        "Key oversight target",
        "Self-rated too high",
        "Overdue rectification",
        "Insufficient data",
    }
    assert list(overview_en.rectification_states.frame["state"]) == [
        "Issued",
        "In progress",
        "Awaiting verification",
        "Closed",
    ]
    assert overview_en.rectification_states.columns[2].label == "Overdue"
    assert set(overview_en.surveys.frame["questionnaire"]) == {
        "Satisfaction survey",
        "Staff survey",
    }
    assert list(overview_en.freshness.frame["source"])[0] == "Scores entered"
    # overdue details name the severity in English
    overdue = overview_en.attention.frame.query("issue == 'Overdue rectification'")
    assert overdue["detail"].str.match(r"^(Minor|Moderate|Serious|Severe) finding").all()
    assert overview_en.chart is not None
    assert "Insufficient data" in json.dumps(overview_en.chart)


def test_agency_user_sees_only_its_own_figures(
    demo_engine: Engine,
    agency_reader: Reader,
    office_reader: Reader,
    demo_rounds: dict[int, RoundRef],
    demo_agency_id: int,
) -> None:
    model = build_overview(agency_reader, demo_rounds[2024], "zh", DEMO_TODAY)
    assert model.own and model.chart is None and not model.score_kpis and not model.grade_kpis
    assert model.heading == "市科学技术局 · 2024年度机构编制执行情况和使用效益评估"
    export = {
        r["agency"]: r for r in score_rows(office_reader.round_result(demo_rounds[2024].round_id))
    }
    before = {
        r["agency"]: r for r in score_rows(office_reader.round_result(demo_rounds[2023].round_id))
    }
    own = kpis(model.own_kpis)
    assert own["综合得分"].value == _one(export["市科学技术局"]["composite"]) == "86.1"
    assert own["综合得分"].delta == change_text(
        export["市科学技术局"]["composite"], before["市科学技术局"]["composite"]
    )
    assert own["等级"].value == "良好"
    assert own["数据覆盖率"].value == "100.0%"
    assert kpis(model.counts)["参评单位"].value == 1
    assert set(model.attention.frame["agency_id"]) == {demo_agency_id}  # its two overdue
    assert len(model.attention) == 2
    for lang in ("zh", "en"):
        shown = "\n".join(
            model_strings(build_overview(agency_reader, demo_rounds[2024], lang, DEMO_TODAY))
        )
        leaked = [n for n in other_agency_names(demo_engine, demo_agency_id) if n in shown]
        assert leaked == [], lang


def test_first_round_has_nothing_to_compare_with(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    model = build_overview(office_reader, demo_rounds[2022], "zh", DEMO_TODAY)
    assert model.comparison == "没有更早的批次可供比较。" and not model.has_previous
    assert model.provisional is None  # 2022 is completed
    cards = model.counts + model.score_kpis + model.grade_kpis
    assert cards and all(k.delta is None for k in cards)
    assert kpis(model.counts)["参评单位"].value == 7


def test_a_round_without_data_entered_is_not_scored(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    result = office_reader.round_result(demo_rounds[2024].round_id)
    assert has_evaluation_data(result)
    # deduction leaves score full marks without findings: they alone are not "data"
    blank = result.leaves.assign(present=result.leaves["source_kind"] == "deduct")
    assert not has_evaluation_data(dataclasses.replace(result, leaves=blank))


@pytest.mark.parametrize(
    ("now", "before", "digits", "expected"),
    [
        (86.14, 84.06, 1, "+2.1"),  # 2.08 → 2.1
        (80.0, 80.04, 1, "0"),  # −0.04 rounds to 0: no arrow
        (0.25, 0.0, 1, "+0.3"),  # half-up, not half-even
        (22, 15, 0, "+7"),
        (1, 3, 0, "-2"),
        (None, 3, 0, None),
        (float("nan"), 3.0, 1, None),
    ],
)
def test_change_text(now: Any, before: Any, digits: int, expected: str | None) -> None:
    assert change_text(now, before, digits) == expected
