"""The kinds of issue 8 beyond the registry: history, personnel, workload, a round's indicator
tree and its individual indicators. For each: a file goes in, its own template comes back out
and re-imports as unchanged, a change is seen as one, and undo restores exactly the tables as
they were — on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, select, update

from data_access.imports import KINDS, ImportRefused, build_template, run_import, undo
from data_access.imports.preview import change_lines
from data_access.models import (
    AnnualAssessment,
    EvaluationRound,
    HistoryEvent,
    ImportBatch,
    Indicator,
    IndividualIndicator,
    Personnel,
    RecruitmentPlan,
    RetirementForecast,
    Score,
    Workload,
)
from data_access.round_admin import create_round
from data_access.scope import Principal
from domain.vocab import Role

STAFF = Principal("wang", Role.STAFF)
ADMIN = Principal("admin", Role.ADMIN)
AGENCIES = (
    "单位名称,简称,英文名称,单位类型,单位性质,机构规格\n"
    "市科学技术局,市科技局,Science and Technology Bureau,科技,政府工作部门,正县级\n"
    "市行政审批服务局,市审批局,,行政审批,政府工作部门,正县级\n"
)


def csv(text: str) -> bytes:
    return text.encode("utf-8")


def load(engine: Engine, kind: str, data: bytes, name: str = "f.csv", **kw: Any):  # type: ignore[no-untyped-def]
    return run_import(engine, STAFF, KINDS[kind], data, name, **kw)


def snapshot(engine: Engine, *models: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of these tables without their surrogate ids, sorted: what undo must restore."""
    out = {}
    with engine.connect() as conn:
        for model in models:
            cols = [c for c in model.__table__.c if c.name != "id"]
            out[model.__tablename__] = sorted(
                (tuple(r) for r in conn.execute(select(*cols))), key=repr
            )
    return out


def template(engine: Engine, kind: str, round_year: int | None = None):  # type: ignore[no-untyped-def]
    data = build_template(engine, STAFF, KINDS[kind], "zh", round_year=round_year)
    return load_workbook(io.BytesIO(data))


def xlsx(wb) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def column(ws, header: str) -> int:  # type: ignore[no-untyped-def]
    return next(c.column for c in ws[1] if c.value == header)


@pytest.fixture()
def registry(fresh_engine: Engine) -> Engine:
    result = load(fresh_engine, "agencies", csv(AGENCIES))
    assert result.ok and len(result.new) == 2, result.errors
    return fresh_engine


# -- history --------------------------------------------------------------------------------

HISTORY = (
    "单位名称,日期,事件类型,文号,说明\n"
    "市科学技术局,2019-01-28,职责划转,济发〔2019〕1号,原市外国专家局职责划入\n"
    "市科技局,2021/6/18,Provisions revised,济编〔2021〕5号,\n"  # short name, English label
)


def test_history_round_trip_change_and_undo(registry: Engine) -> None:
    first = load(registry, "history", csv(HISTORY))
    assert first.summary("zh") == "新增 2，更新 0，未变 0", first.errors
    with registry.connect() as conn:
        rows = conn.execute(
            select(HistoryEvent.event_date, HistoryEvent.kind, HistoryEvent.description).order_by(
                HistoryEvent.event_date
            )
        ).all()
    assert [(d.isoformat(), k, t) for d, k, t in rows] == [
        ("2019-01-28", "职责划转", "原市外国专家局职责划入"),
        ("2021-06-18", "三定修订", ""),  # a blank description is stored as ''
    ]
    wb = template(registry, "history")
    again = load(registry, "history", xlsx(wb), "history.xlsx")
    assert again.summary("zh") == "新增 0，更新 0，未变 2" and again.nothing_changed
    assert again.batch_id is None  # nothing changed: no batch
    saved = snapshot(registry, HistoryEvent)
    ws = wb.active
    ws.cell(2, column(ws, "说明"), "职责划入，加挂牌子")
    changed = load(registry, "history", xlsx(wb), "history.xlsx")
    assert changed.summary("zh") == "新增 0，更新 1，未变 1"
    assert change_lines(changed, KINDS["history"], "zh") == [
        "第 2 行：更新 说明 原市外国专家局职责划入 → 职责划入，加挂牌子"
    ]
    assert undo(registry, STAFF, changed.batch_id or 0) == 1
    assert snapshot(registry, HistoryEvent) == saved
    assert undo(registry, STAFF, first.batch_id or 0) == 2
    assert snapshot(registry, HistoryEvent) == {"history_event": []}


def test_history_errors_name_row_and_column(registry: Engine) -> None:
    bad = (
        "单位名称,日期,事件类型\n"
        "市科学技术局,2019-02-30,设立\n"  # no such day
        "市科学技术局,2019-03-01,撤销\n"  # not an event type
        "市科学技术局,2019-03-01,设立\n"
        "市科学技术局,2019-3-1,设立\n"  # the same event as row 4
    )
    result = load(registry, "history", csv(bad), lang="en")
    assert result.errors == [
        "Row 2, “Date”: “2019-02-30” is not a date (e.g. 2023-05-01)",
        "Row 3, “Event type”: “撤销” is not allowed (设立/更名/合并/职责划转/三定修订)",
        "Row 5: repeats row 4",
    ]
    assert snapshot(registry, HistoryEvent) == {"history_event": []}


# -- personnel ------------------------------------------------------------------------------

PERSONNEL_HEAD = (
    "单位名称,年度,35岁及以下,36-45岁,46-55岁,56岁及以上,研究生,本科,专科及以下,"
    "第1年预计退休,第2年预计退休,第3年预计退休,第4年预计退休,第5年预计退休,"
    "第1年行政进人,第2年行政进人,第1年事业进人\n"
)


def test_personnel_spans_three_tables_and_undoes_exactly(registry: Engine) -> None:
    # 10 + 20 + 15 + 5 = 50 by age; 12 + 33 + 5 = 50 by education
    data = PERSONNEL_HEAD + "市科学技术局,2024,10,20,15,5,12,33,5,1,2,,0,3,2,1,4\n"
    first = load(registry, "personnel", csv(data))
    assert first.summary("zh") == "新增 1，更新 0，未变 0", first.errors
    with registry.connect() as conn:
        people = conn.execute(select(Personnel.age_35_below, Personnel.edu_bachelor)).one()
        due = conn.execute(
            select(RetirementForecast.year, RetirementForecast.retirements)
            .where(RetirementForecast.base_year == 2024)
            .order_by(RetirementForecast.year)
        ).all()
        plan = conn.execute(
            select(
                RecruitmentPlan.year, RecruitmentPlan.post_type, RecruitmentPlan.planned_hires
            ).where(RecruitmentPlan.plan_year == 2024)
        ).all()
    assert tuple(people) == (10, 33)
    # year +3 was blank: no row; a 0 is a row (nothing retires that year)
    assert [tuple(r) for r in due] == [(2025, 1), (2026, 2), (2028, 0), (2029, 3)]
    assert sorted(tuple(r) for r in plan) == [
        (2025, "事业", 4),
        (2025, "行政", 2),
        (2026, "行政", 1),
    ]

    wb = template(registry, "personnel")
    assert load(registry, "personnel", xlsx(wb), "p.xlsx").nothing_changed
    saved = snapshot(registry, Personnel, RetirementForecast, RecruitmentPlan)
    ws = wb.active
    ws.cell(2, column(ws, "第1年预计退休")).value = None  # cleared: the forecast row goes
    ws.cell(2, column(ws, "第3年预计退休"), 4)  # filled: a forecast row comes
    ws.cell(2, column(ws, "第5年工勤进人"), 1)
    changed = load(registry, "personnel", xlsx(wb), "p.xlsx")
    assert changed.summary("zh") == "新增 0，更新 1，未变 0"
    with registry.connect() as conn:
        years = conn.execute(
            select(RetirementForecast.year).order_by(RetirementForecast.year)
        ).scalars()
        assert list(years) == [2026, 2027, 2028, 2029]
        gq = conn.execute(
            select(RecruitmentPlan.year).where(RecruitmentPlan.post_type == "工勤")
        ).scalars()
        assert list(gq) == [2029]
    undo(registry, STAFF, changed.batch_id or 0)
    assert snapshot(registry, Personnel, RetirementForecast, RecruitmentPlan) == saved
    undo(registry, STAFF, first.batch_id or 0)
    assert all(rows == [] for rows in snapshot(registry, Personnel, RetirementForecast).values())


def test_personnel_rows_that_say_nothing_or_do_not_add_up(registry: Engine) -> None:
    data = (
        PERSONNEL_HEAD
        + "市科学技术局,2024,10,20,15,5,12,30,5\n"  # 50 by age, 47 by education
        + "市科学技术局,2023\n"
    )
    result = load(registry, "personnel", csv(data))
    assert result.errors == [
        "第 2 行：各年龄段人数合计 50 与各学历人数合计 47 不一致",
        "第 3 行：除单位和年度外没有填写任何数值",
    ]


# -- workload -------------------------------------------------------------------------------

WORKLOAD = (
    "单位名称,年度,指标名称,英文名称,数值,是否主要指标,履职考核等次\n"
    "市行政审批服务局,2024,办件量,Matters handled,120000,是,优秀\n"
    "市行政审批服务局,2024,即办件数,,45000,否,\n"
)


def test_workload_and_the_shared_grade(registry: Engine) -> None:
    first = load(registry, "workload", csv(WORKLOAD))
    assert first.summary("zh") == "新增 2，更新 0，未变 0", first.errors
    with registry.connect() as conn:
        assert conn.execute(select(AnnualAssessment.grade)).scalars().all() == ["优秀"]
    wb = template(registry, "workload")
    ws = wb.active
    assert [c.value for c in ws[2]][2:] == ["办件量", "Matters handled", 120000, "是", "优秀"]
    assert load(registry, "workload", xlsx(wb), "w.xlsx").nothing_changed
    saved = snapshot(registry, Workload, AnnualAssessment)
    # A third metric for a year whose grade is stored: a new row, and undo keeps the grade.
    more = load(
        registry, "workload", csv(WORKLOAD.splitlines()[0] + "\n市审批局,2024,好评数,,900,,\n")
    )
    assert more.summary("zh") == "新增 1，更新 0，未变 0"
    undo(registry, STAFF, more.batch_id or 0)
    assert snapshot(registry, Workload, AnnualAssessment) == saved
    # Changing the grade on one row changes that row; undo restores it.
    ws.cell(2, column(ws, "履职考核等次"), "Good")
    regraded = load(registry, "workload", xlsx(wb), "w.xlsx")
    assert regraded.summary("en") == "new 0, changed 1, unchanged 1"
    undo(registry, STAFF, regraded.batch_id or 0)
    assert snapshot(registry, Workload, AnnualAssessment) == saved
    undo(registry, STAFF, first.batch_id or 0)
    assert snapshot(registry, Workload, AnnualAssessment) == {
        "workload": [],
        "annual_assessment": [],
    }


def test_workload_primary_metric_and_grade_conflicts(registry: Engine) -> None:
    data = (
        WORKLOAD.splitlines()[0] + "\n"
        "市科学技术局,2024,项目数,,10,是,\n"
        "市科学技术局,2024,办件量,,10,是,\n"  # a second primary metric for the same year
    )
    result = load(registry, "workload", csv(data))
    assert result.errors == [
        "第 3 行 “是否主要指标”：同一单位同一年度只能有一个主要指标（“项目数”与“办件量”）"
    ]
    data = (
        WORKLOAD.splitlines()[0] + "\n"
        "市行政审批服务局,2024,办件量,,10,,优秀\n"
        "市行政审批服务局,2024,即办件数,,10,,良好\n"
    )
    assert load(registry, "workload", csv(data)).errors == [
        "第 3 行 “履职考核等次”：同一单位同一年度的履职考核等次不一致（“优秀”与“良好”）"
    ]


def test_workload_primary_metric_is_stored_and_moves_only_explicitly(registry: Engine) -> None:
    """是否主要指标 is stored per row; marking another metric of the same agency and year is
    refused unless the stored one is marked 否 in the same file, and undo restores it."""
    assert load(registry, "workload", csv(WORKLOAD)).errors == []
    moved = WORKLOAD.splitlines()[0] + "\n市行政审批服务局,2024,即办件数,,45000,是,\n"
    refused = load(registry, "workload", csv(moved))
    assert refused.errors == [
        "第 2 行 “是否主要指标”：已保存的主要指标是“办件量”：请在同一文件中把它标为“否”"
    ]
    both = moved + "市行政审批服务局,2024,办件量,,120000,否,\n"
    result = load(registry, "workload", csv(both))
    assert result.summary("zh") == "新增 0，更新 2，未变 0", result.errors
    with registry.connect() as conn:
        flags = dict(conn.execute(select(Workload.metric, Workload.is_primary)).all())
    assert flags == {"办件量": False, "即办件数": True}
    undo(registry, STAFF, result.batch_id or 0)
    with registry.connect() as conn:
        flags = dict(conn.execute(select(Workload.metric, Workload.is_primary)).all())
    assert flags == {"办件量": True, "即办件数": False}


# -- the indicator tree and the individual indicators ---------------------------------------


@pytest.fixture()
def round_2025(registry: Engine) -> Engine:
    create_round(registry, 2025, "2025年度评估", principal=ADMIN)
    return registry


def _tree_rows(wb) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    ws = wb.active
    return {row[0].value: row for row in ws.iter_rows(min_row=2)}


def test_indicator_tree_round_trip_change_removal_and_undo(round_2025: Engine) -> None:
    engine = round_2025
    wb = template(engine, "indicators", 2025)
    same = load(engine, "indicators", xlsx(wb), "tree.xlsx", round_year=2025)
    # the shipped tree (DOMAIN §3): 5 first-level + 15 second-level + 27 leaves = 47 nodes
    assert same.summary("zh") == "新增 0，更新 0，未变 47" and same.nothing_changed
    saved = snapshot(engine, Indicator)
    rows = _tree_rows(wb)
    points = column(wb.active, "分值") - 1  # a position in the row's tuple of cells
    rows["A1a"][points].value, rows["A1b"][points].value = 2, 3  # A1 still 5
    rows["E2"][points].value, rows["E2a"][points].value = 8, 8  # E3 (4) goes: E stays 15
    ws = wb.active
    for code in ("E3a", "E3"):
        ws.delete_rows(next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == code))
    result = load(engine, "indicators", xlsx(wb), "tree.xlsx", round_year=2025)
    assert result.summary("zh") == "新增 0，更新 4，未变 41，删除 2", result.errors
    assert sorted(r.key[0] for r in result.removed) == ["E3", "E3a"]
    assert "删除 E3（不在文件中）" in change_lines(result, KINDS["indicators"], "zh")
    with engine.connect() as conn:
        stored = dict(
            conn.execute(
                select(Indicator.code, Indicator.max_points).where(Indicator.code.like("E%"))
            ).all()
        )
    assert stored == {"E": 15, "E1": 7, "E1a": 4, "E1b": 3, "E2": 8, "E2a": 8}
    undo(engine, STAFF, result.batch_id or 0)
    assert snapshot(engine, Indicator) == saved


def test_indicator_tree_is_checked_whole_before_anything_is_written(round_2025: Engine) -> None:
    head = "指标代码,上级代码,指标名称,分值,来源\n"
    bad = (
        head + "A,,甲,60,\n"
        "A1,A,甲一,30,team\n"
        "A2,A,甲二,20,external[党建；人事]\n"  # A's children: 50, not 60
        "B,,乙,30,\n"  # top level: 90, not 100
        "B1,B,乙一,30,survey[问卷]\n"  # not a questionnaire
        "C1,C,丙一,5,team\n"  # no parent C
    )
    saved = snapshot(round_2025, Indicator)
    # Each row is read first; the tree is checked once every row reads.
    result = load(round_2025, "indicators", csv(bad), round_year=2025)
    assert result.errors == [
        "第 6 行 “来源”：来源“survey[问卷]”无法识别，应为 team、deduct、external[事项;…]、"
        "survey[评估调查问卷 或 满意度调查问卷] 或 computed[usage、staffing-peer 或 workload-peer]",
    ]
    named = bad.replace("survey[问卷]", "survey[Satisfaction survey]")
    result = load(round_2025, "indicators", csv(named), round_year=2025)
    assert result.errors == ["第 7 行 “上级代码”：上级代码“C”不在文件中"]
    fixed = named.replace("C1,C,丙一,5,team\n", "")
    result = load(round_2025, "indicators", csv(fixed), round_year=2025, lang="en")
    assert result.errors == [
        "Row 2, “Points”: its children (A1, A2) add up to 50 points, not 60",
        "the top-level indicators add up to 90 points, not 100",
    ]
    looped = head + "A,B,甲,100,\nB,A,乙,100,team\n"
    result = load(round_2025, "indicators", csv(looped), round_year=2025)
    assert result.errors == [
        "第 2 行 “上级代码”：指标 A 的上级关系形成循环",
        "第 3 行 “上级代码”：指标 B 的上级关系形成循环",
    ]
    assert snapshot(round_2025, Indicator) == saved


def test_a_small_valid_tree_replaces_the_round_tree(round_2025: Engine) -> None:
    tree = (
        "指标代码,上级代码,指标名称,英文名称,分值,来源\n"
        "P,,履职,Duties,60,\n"
        "P1,P,重点任务,Key tasks,40,team\n"
        "P2,P,满意度,Satisfaction,20,survey[满意度调查问卷]\n"
        "Q,,编制使用,Posts,40,computed[usage]\n"
    )
    result = load(round_2025, "indicators", csv(tree), round_year=2025)
    assert result.summary("zh") == "新增 4，更新 0，未变 0，删除 47", result.errors
    with round_2025.connect() as conn:
        stored = conn.execute(
            select(
                Indicator.code, Indicator.parent_code, Indicator.level, Indicator.sort_order
            ).order_by(Indicator.sort_order)
        ).all()
    assert [tuple(r) for r in stored] == [
        ("P", None, 1, 0),
        ("P1", "P", 2, 1),
        ("P2", "P", 2, 2),
        ("Q", None, 1, 3),
    ]


def test_scored_nodes_stay_and_completed_rounds_refuse(round_2025: Engine) -> None:
    engine = round_2025
    with engine.begin() as conn:
        rid = conn.execute(select(EvaluationRound.id)).scalar_one()
        conn.execute(
            Score.__table__.insert().values(round_id=rid, agency_id=1, code="A1a", team_score=2.0)
        )
    tree = "指标代码,上级代码,指标名称,分值,来源\nP,,甲,100,team\n"
    result = load(engine, "indicators", csv(tree), round_year=2025)
    assert result.errors == ["以下指标已有评分，不能从本批次删除：A1a"]
    with engine.begin() as conn:
        conn.execute(update(EvaluationRound).values(status="已完成"))
    with pytest.raises(ImportRefused, match="已完成"):
        load(engine, "indicators", csv(tree), round_year=2025)
    with pytest.raises(ImportRefused, match="--round"):
        load(engine, "individual", csv(tree))


def test_individual_indicators_round_trip_and_checks(round_2025: Engine) -> None:
    engine = round_2025
    wb = template(engine, "individual", 2025)
    same = load(engine, "individual", xlsx(wb), "x.xlsx", round_year=2025)
    # round create ships the defaults of six agency types: 4 + 3 + 4 + 4 + 3 + 3 = 21
    assert same.summary("zh") == "新增 0，更新 0，未变 21"
    saved = snapshot(engine, IndividualIndicator)
    ws = wb.active
    weight = column(ws, "权重")
    kept = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "科技"]
    keep = xlsx(wb)
    for r in range(ws.max_row, 1, -1):
        if ws.cell(r, 1).value != "科技":
            ws.delete_rows(r)
    ws.cell(2, weight, 2)
    result = load(engine, "individual", xlsx(wb), "x.xlsx", round_year=2025)
    assert len(kept) == 4
    assert result.summary("zh") == "新增 0，更新 1，未变 3，删除 17"
    undo(engine, STAFF, result.batch_id or 0)
    assert snapshot(engine, IndividualIndicator) == saved
    assert load(engine, "individual", keep, "x.xlsx", round_year=2025).nothing_changed
    clash = "单位类型,指标代码,指标名称,权重\n科技,A1a,研发,0\n科技,X-1,研发,1\n"
    result = load(engine, "individual", csv(clash), round_year=2025)
    assert result.errors == [
        "第 2 行 “权重”：权重须大于 0",
    ]
    clash = "单位类型,指标代码,指标名称,权重\n科技,A1a,研发,1\n"
    result = load(engine, "individual", csv(clash), round_year=2025)
    assert result.errors == [
        "第 2 行 “指标代码”：代码 A1a 已用于本批次的另一套指标（共性与个性指标代码不能相同）"
    ]
    with engine.connect() as conn:
        batches = conn.execute(select(ImportBatch.kind, ImportBatch.undone_at)).all()
    assert [b.kind for b in batches] == ["agencies", "individual"]
    assert batches[1].undone_at is not None


# -- the home city, English short names and evaluation methods (what the demo needs) -------

CITIES = "城市,年度,常住人口（万人）,本市\n济宁,2024,828.5,是\n济南,2024,951.5,否\n"


def test_the_home_city_is_marked_once_and_moves_only_explicitly(fresh_engine: Engine) -> None:
    """本市 marks the office's own city (the peer rule's home population): one city, the
    same on each of its rows; moving it needs the stored one marked 否 in the same file;
    undo restores it."""
    from data_access.models import City

    def homes() -> list[str]:
        with fresh_engine.connect() as conn:
            return list(conn.execute(select(City.name).where(City.is_home.is_(True))).scalars())

    first = load(fresh_engine, "cities", csv(CITIES))
    assert first.summary("zh") == "新增 2，更新 0，未变 0", first.errors
    assert homes() == ["济宁"]
    assert load(
        fresh_engine, "cities", csv("城市,年度,常住人口（万人）,本市\n济南,2024,951.5,是\n")
    ).errors == ["第 2 行 “本市”：已保存的本市是“济宁”：请在同一文件中把它标为“否”"]
    assert load(fresh_engine, "cities", csv(CITIES + "济宁,2023,830.1,否\n")).errors == [
        "第 4 行 “本市”：“济宁”的各行“本市”不一致"
    ]
    assert load(fresh_engine, "cities", csv(CITIES.replace("否", "是"))).errors == [
        "第 3 行 “本市”：只能有一个本市，已标记“济宁”"
    ]
    moved = load(
        fresh_engine,
        "cities",
        csv(CITIES.replace("是", "x").replace("否", "是").replace("x", "否")),
    )
    assert moved.summary("zh") == "新增 0，更新 2，未变 0", moved.errors
    assert homes() == ["济南"]
    # the template says which city is home; a file without the column leaves it as it is
    ws = template(fresh_engine, "cities").active
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2)] == [
        ["济宁", 2024, 828.5, "否"],
        ["济南", 2024, 951.5, "是"],
    ]
    assert load(
        fresh_engine, "cities", csv("城市,年度,常住人口（万人）\n济宁,2024,828.5\n")
    ).nothing_changed
    undo(fresh_engine, STAFF, moved.batch_id or 0)
    assert homes() == ["济宁"]


def test_english_short_names_are_imported_and_templated(registry: Engine) -> None:
    data = AGENCIES.replace("机构规格\n", "机构规格,英文简称\n", 1).replace(
        "正县级\n", "正县级,S&T Bureau\n", 1
    )
    result = load(registry, "agencies", csv(data))
    assert result.summary("en") == "new 0, changed 1, unchanged 1", result.errors
    ws = template(registry, "agencies").active
    headers = [c.value for c in ws[1]]
    assert headers[-1] == "英文简称"  # new optional columns go last: positional files still read
    assert [c.value for c in ws[2]][-1] == "S&T Bureau"


def test_evaluation_methods_are_stored_and_kept_when_the_column_is_left_out(
    round_2025: Engine,
) -> None:
    engine = round_2025
    wb = template(engine, "indicators", 2025)
    rows = _tree_rows(wb)
    method = column(wb.active, "评估方法") - 1
    assert rows["A1a"][method].value == "实地跟评：座谈交流、个别访谈、查阅资料"  # the default
    rows["A1a"][method].value = "查阅党组会议纪要"
    result = load(engine, "indicators", xlsx(wb), "tree.xlsx", round_year=2025)
    assert result.summary("zh") == "新增 0，更新 1，未变 46", result.errors
    ws = wb.active
    ws.delete_cols(method + 1, 2)  # 评估方法 and 英文评估方法 gone: the stored methods stay
    assert load(engine, "indicators", xlsx(wb), "tree.xlsx", round_year=2025).nothing_changed
    with engine.connect() as conn:
        stored = conn.execute(
            select(Indicator.eval_method).where(Indicator.code == "A1a")
        ).scalar_one()
    assert stored == "查阅党组会议纪要"


def test_a_parent_may_be_a_row_above_in_the_same_file(fresh_engine: Engine) -> None:
    """A first registry file names departments and the institutions under them together: a
    parent may be a row above; below its agencies it is refused, naming its row. Undo takes
    the children out first (PostgreSQL checks the foreign key)."""
    from data_access.models import Agency

    head = "单位名称,简称,单位类型,单位性质,机构规格,上级单位\n"
    parent = "市科学技术局,市科技局,科技,政府工作部门,正县级,\n"
    child = "市科技创新服务中心,科创中心,科技服务,事业单位,正科级,市科学技术局\n"
    refused = load(fresh_engine, "agencies", csv(head + child + parent))
    assert refused.errors == [
        "第 2 行 “上级单位”：上级单位“市科学技术局”在第 3 行，须排在其下属单位之前"
    ]
    result = load(fresh_engine, "agencies", csv(head + parent + child))
    assert result.summary("zh") == "新增 2，更新 0，未变 0", result.errors
    with fresh_engine.connect() as conn:
        ids = dict(conn.execute(select(Agency.name, Agency.id)).all())
        stored = conn.execute(
            select(Agency.parent_id).where(Agency.name == "市科技创新服务中心")
        ).scalar_one()
    assert stored == ids["市科学技术局"]
    # by short name, re-imported: unchanged; a file without the column keeps the parent
    again = head + parent + child.replace(",市科学技术局", ",市科技局")
    assert load(fresh_engine, "agencies", csv(again)).nothing_changed
    no_parent_column = "单位名称,简称,单位类型,单位性质,机构规格\n市科技创新服务中心,科创中心,科技服务,事业单位,正科级\n"
    assert load(fresh_engine, "agencies", csv(no_parent_column)).nothing_changed
    # a blank parent cell in the column clears it; undo puts it back
    cleared = load(fresh_engine, "agencies", csv(head + child.replace("市科学技术局", "")))
    assert cleared.summary("zh") == "新增 0，更新 1，未变 0", cleared.errors
    undo(fresh_engine, STAFF, cleared.batch_id or 0)
    with fresh_engine.connect() as conn:
        assert (
            conn.execute(
                select(Agency.parent_id).where(Agency.name == "市科技创新服务中心")
            ).scalar_one()
            == ids["市科学技术局"]
        )
    undo(fresh_engine, STAFF, result.batch_id or 0)
    with fresh_engine.connect() as conn:
        assert conn.execute(select(Agency.id)).all() == []
