"""总览 Overview through AppTest on the demo data: office roles see the round's scores against the
previous round, the ranking chart and what needs attention; an agency sees only its own."""

from __future__ import annotations

import shutil
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from sqlalchemy import func, insert, select
from streamlit.testing.v1 import AppTest

from data_access.db import make_engine
from data_access.leadership_queries import overdue_rectifications
from data_access.models import (
    Agency,
    EvaluationRound,
    ExternalRating,
    Indicator,
    RoundAgency,
    Score,
)
from data_access.round_inputs import score_round_from_db
from data_access.scope import SYSTEM
from data_access.seed import DEMO_TODAY
from scoring import round_half_up
from tests.app.helpers import errors, metrics, new_app, sign_in

ROUND_2024, ROUND_2023, ROUND_2022 = 3, 2, 1


def open_page(
    at: AppTest,
    page: str,
    round_id: int | None = None,
    lang: str | None = None,
    **query: str | list[str],
) -> AppTest:
    """Open `page` through the router (app.py), for a round and language if given."""
    if lang:
        at.session_state["lang"] = lang
    if round_id is not None:  # the global round selector's value
        at.session_state["round_id"] = round_id
    at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at


def rerun(at: AppTest) -> AppTest:
    """Run the current page again after a widget change."""
    return at.run()


def all_text(at: AppTest) -> str:
    """Every string the page shows: text elements, metrics, tables, links, widget labels."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "success",
        "error",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value} {m.delta or ''}" for m in at.metric]
    parts += [d.value.to_string() for d in at.dataframe]
    parts += [str(getattr(e, "proto", e)) for e in at.get("page_link")]
    parts += [str(e.proto) for e in at.get("vega_lite_chart")]
    return "\n".join(parts)


def _one(x: float) -> str:
    return f"{round_half_up(x, 1):,.1f}"


@pytest.fixture(scope="module")
def results(sqlite_demo_url: str) -> dict[int, Any]:
    engine = make_engine(sqlite_demo_url)
    return {rid: score_round_from_db(engine, rid) for rid in (ROUND_2022, ROUND_2023, ROUND_2024)}


def test_leader_sees_mean_composite_and_grades_against_the_previous_round(
    demo_env: str, results: dict[int, Any]
) -> None:
    at = open_page(sign_in(new_app(), "leader", "demo-leader"), "pages/overview.py")
    assert not errors(at)
    now, before = results[ROUND_2024].summary, results[ROUND_2023].summary
    shown = {m.label: m for m in at.metric}
    # the mean of every composite in the round (22 agencies, 大数据中心's included)
    assert shown["平均综合得分"].value == _one(now["composite"].mean())
    change = round_half_up(now["composite"].mean() - before["composite"].mean(), 1)
    assert shown["平均综合得分"].delta == f"{change:+.1f}"
    for grade in ("优秀", "良好", "一般", "较差", "数据不足"):
        assert shown[grade].value == str(int((now["grade"] == grade).sum()))
    # the stories: one agency lacks data (市大数据中心), one key target (市住房和城乡建设局)
    assert shown["数据不足"].value == "1" and shown["数据不足"].delta == "+1"
    assert shown["重点监管对象"].value == "1"
    assert shown["自评偏高单位"].value == "1"
    # the figures the sign-in tests rely on are still there
    assert {"参评单位", "未销号问题", "外部评价", "逾期整改"} <= set(shown)
    assert shown["参评单位"].value == "22" and shown["参评单位"].delta == "+7"


def test_survey_index_cards_average_the_unsuppressed_agencies(
    demo_env: str, results: dict[int, Any]
) -> None:
    at = open_page(sign_in(new_app(), "staff", "demo-staff"), "pages/overview.py")
    surveys = results[ROUND_2024].surveys
    usable = surveys[~surveys["suppressed"].astype(bool) & surveys["si"].notna()]
    shown = metrics(at)
    sat = usable[usable["questionnaire"] == "满意度调查问卷"]["si"]
    staff = usable[usable["questionnaire"] == "评估调查问卷"]["si"]
    assert shown["服务对象满意度"] == _one(sat.mean())
    assert shown["内部人员评价"] == _one(staff.mean())
    # 市大数据中心 has no survey at all: 21 of the 22 agencies have a figure
    assert sum(c.value == "21 家单位平均" for c in at.caption) == 2


def test_attention_list_names_the_demo_stories(demo_env: str, sqlite_demo_url: str) -> None:
    at = open_page(sign_in(new_app(), "leader", "demo-leader"), "pages/overview.py")
    attention = next(d.value for d in at.dataframe if "事项" in d.value.columns)
    issues = set(zip(attention["单位"], attention["事项"]))
    assert ("市住房和城乡建设局", "重点监管对象") in issues
    assert ("市外事办公室", "自评偏高") in issues
    assert ("市大数据中心", "数据不足") in issues
    overdue = overdue_rectifications(make_engine(sqlite_demo_url), SYSTEM, ROUND_2024, DEMO_TODAY)
    assert (attention["事项"] == "整改逾期").sum() == len(overdue) == 8
    assert metrics(at)["逾期整改"] == "8"


def chart_frames(at: AppTest) -> list[pd.DataFrame]:
    """The data sets behind the page's Vega-Lite charts (Streamlit ships them as Arrow)."""
    return [
        pa.ipc.open_stream(d.data.data).read_pandas()
        for chart in at.get("vega_lite_chart")
        for d in chart.proto.datasets
    ]


def test_ranking_chart_shows_every_composite_coloured_by_grade(
    demo_env: str, results: dict[int, Any]
) -> None:
    at = open_page(sign_in(new_app(), "leader", "demo-leader"), "pages/overview.py")
    assert len(at.get("vega_lite_chart")) == 1
    bars = next(f for f in chart_frames(at) if "composite" in f.columns)
    summary = results[ROUND_2024].summary
    expected = {n: round_half_up(c, 1) for n, c in zip(summary["name"], summary["composite"])}
    assert dict(zip(bars["name"], bars["composite"])) == expected  # all 22, display-rounded
    assert dict(zip(bars["name"], bars["grade_label"]))["市大数据中心"] == "数据不足"
    rules = next(f for f in chart_frames(at) if "bound" in f.columns)
    assert sorted(rules["bound"]) == [60.0, 80.0, 90.0]  # the grade bounds


def test_data_freshness_counts_each_source(demo_env: str, sqlite_demo_url: str) -> None:
    at = open_page(sign_in(new_app(), "leader", "demo-leader"), "pages/overview.py")
    fresh = next(d.value for d in at.dataframe if "数据来源" in d.value.columns)
    with make_engine(sqlite_demo_url).connect() as conn:
        n_scores = conn.execute(
            select(func.count()).select_from(Score).where(Score.round_id == ROUND_2024)
        ).scalar_one()
        n_ratings = conn.execute(
            select(func.count())
            .select_from(ExternalRating)
            .where(ExternalRating.round_id == ROUND_2024)
        ).scalar_one()
    rows = dict(zip(fresh["数据来源"], fresh["记录数"]))
    assert rows["评分录入"] == n_scores and rows["外部评价"] == n_ratings
    # the seed enters the 2024 scores on 2026-06-19 17:00 and imports the surveys 2026-05-26
    latest = dict(zip(fresh["数据来源"], fresh["最近更新"]))
    assert latest["评分录入"] == "2026-06-19 17:00"
    assert latest["问卷导入（文件数）"] == "2026-05-26 15:00"


def test_agency_user_sees_only_its_own_figures(
    demo_env: str, sqlite_demo_url: str, results: dict[int, Any]
) -> None:
    at = open_page(sign_in(new_app(), "agency", "demo-agency"), "pages/overview.py")
    assert not errors(at)
    own = results[ROUND_2024].summary.set_index("agency_id").loc[9]
    before = results[ROUND_2023].summary.set_index("agency_id").loc[9]
    shown = {m.label: m for m in at.metric}
    assert shown["综合得分"].value == _one(own["composite"])
    change = round_half_up(own["composite"] - before["composite"], 1)
    assert shown["综合得分"].delta == f"{change:+.1f}"
    assert shown["等级"].value == own["grade"] == "良好"
    assert "平均综合得分" not in shown and "优秀" not in shown  # no round-wide figures
    assert not at.get("vega_lite_chart")  # no ranking chart
    text = all_text(at)
    assert "市科学技术局" in text
    with make_engine(sqlite_demo_url).connect() as conn:
        others = conn.execute(select(Agency.name, Agency.short_name).where(Agency.id != 9)).all()
    leaked = [n for row in others for n in row if n and n in text]
    assert leaked == []


def test_first_round_has_nothing_to_compare_with(demo_env: str) -> None:
    at = open_page(
        sign_in(new_app(), "leader", "demo-leader"), "pages/overview.py", round_id=ROUND_2022
    )
    assert not errors(at)
    assert any("没有更早的批次" in c.value for c in at.caption)
    assert all(not m.delta for m in at.metric)
    assert metrics(at)["参评单位"] == "7"


def test_english_overview(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "staff", "demo-staff"), "pages/overview.py", lang="en")
    assert not errors(at)
    labels = [m.label for m in at.metric]
    assert {
        "Mean composite score",
        "Excellent",
        "Insufficient data",
        "Key oversight targets",
        "Agencies evaluated",
    } <= set(labels)
    attention = next(d.value for d in at.dataframe if "Issue" in d.value.columns)
    assert list(attention.columns) == ["agency_id", "Agency", "Issue", "Details"]
    assert "Key oversight target" in set(attention["Issue"])
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in s.value) for s in at.subheader)


@pytest.fixture()
def unscored_round(monkeypatch: pytest.MonkeyPatch, sqlite_demo_url: str, tmp_path) -> int:  # type: ignore[no-untyped-def]
    """A copy of the demo data with a 2025 round (准备中): its agencies and tree, no scores."""
    path = tmp_path / "unscored.db"
    shutil.copyfile(sqlite_demo_url.split("///", 1)[1], path)
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        new_id = conn.execute(
            insert(EvaluationRound).values(
                year=2025, name="2025年度评估", status="准备中", config={}
            )
        ).inserted_primary_key[0]
        agencies = (
            conn.execute(select(RoundAgency.agency_id).where(RoundAgency.round_id == ROUND_2024))
            .scalars()
            .all()
        )
        conn.execute(insert(RoundAgency), [{"round_id": new_id, "agency_id": a} for a in agencies])
        tree = conn.execute(select(Indicator).where(Indicator.round_id == ROUND_2024)).mappings()
        conn.execute(
            insert(Indicator),
            [{**{k: v for k, v in row.items() if k != "id"}, "round_id": new_id} for row in tree],
        )
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    return int(new_id)


def test_a_round_without_scores_is_explained(unscored_round: int) -> None:
    at = sign_in(new_app(), "leader", "demo-leader")
    at = open_page(at, "pages/overview.py", round_id=unscored_round)
    assert not errors(at)
    assert any("还没有评分数据" in i.value for i in at.info)
    assert metrics(at)["参评单位"] == "22"
    assert "平均综合得分" not in metrics(at)
    assert not at.get("vega_lite_chart")
    fresh = next(d.value for d in at.dataframe if "数据来源" in d.value.columns)
    assert dict(zip(fresh["数据来源"], fresh["记录数"]))["评分录入"] == 0
    assert fresh["最近更新"].iloc[0] == "—"
    # the ranking explains the same; the methodology still shows the round's tree
    at = open_page(at, "pages/ranking.py", round_id=unscored_round)
    assert not errors(at)
    assert any("还没有评分数据" in i.value for i in at.info)
    assert not any("agency_id" in d.value.columns for d in at.dataframe)
    at = open_page(at, "pages/methodology.py", round_id=unscored_round)
    assert not errors(at)
    assert any("27 个末级指标" in s.value for s in at.subheader)
