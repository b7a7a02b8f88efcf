"""Rounds made by the office: created with the default or a copied tree, agencies chosen by
full or short name, status moved until 已完成 freezes it; administrators only, every change
audited, refusals in the user's language with nothing written."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, func, select

from data_access.imports import KINDS, run_import
from data_access.models import (
    Agency,
    AuditLog,
    EvaluationRound,
    Indicator,
    IndividualIndicator,
    RoundAgency,
)
from data_access.round_admin import (
    RoundAdminError,
    change_round_agencies,
    change_round_status,
    create_round,
    read_agency_names,
)
from data_access.rounds import update_round_config
from data_access.scope import AccessDenied, Principal
from domain.vocab import Role
from scoring import RoundConfig
from scoring.tree import DEFAULT_COMMON_TREE, build_tree

ADMIN = Principal("li", Role.ADMIN)
AGENCIES = (
    "单位名称,简称,单位类型,单位性质,机构规格\n"
    "市科学技术局,市科技局,科技,政府工作部门,正县级\n"
    "市外事办公室,市外办,外事,政府工作部门,正县级\n"
    "市发展和改革委员会,市发改委,发改,政府工作部门,正县级\n"
)


@pytest.fixture()
def engine(fresh_engine: Engine) -> Engine:
    result = run_import(fresh_engine, ADMIN, KINDS["agencies"], AGENCIES.encode(), "agencies.csv")
    assert result.ok, result.errors
    return fresh_engine


def _tree(engine: Engine, year: int) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                Indicator.code,
                Indicator.parent_code,
                Indicator.level,
                Indicator.name,
                Indicator.name_en,
                Indicator.max_points,
                Indicator.source,
                Indicator.eval_point,
                Indicator.sort_order,
            )
            .join(EvaluationRound, EvaluationRound.id == Indicator.round_id)
            .where(EvaluationRound.year == year)
            .order_by(Indicator.sort_order)
        )
        return [tuple(r) for r in rows]


def _individual(engine: Engine, year: int) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                IndividualIndicator.agency_type,
                IndividualIndicator.code,
                IndividualIndicator.weight,
            )
            .join(EvaluationRound, EvaluationRound.id == IndividualIndicator.round_id)
            .where(EvaluationRound.year == year)
            .order_by(IndividualIndicator.code)
        )
        return [tuple(r) for r in rows]


def _members(engine: Engine, year: int) -> list[str]:
    with engine.connect() as conn:
        return sorted(
            conn.execute(
                select(Agency.name)
                .join(RoundAgency, RoundAgency.agency_id == Agency.id)
                .join(EvaluationRound, EvaluationRound.id == RoundAgency.round_id)
                .where(EvaluationRound.year == year)
            ).scalars()
        )


def _audits(engine: Engine, action: str) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(AuditLog.username, AuditLog.after).where(AuditLog.action == action)
            )
        ]


def test_a_new_round_gets_the_default_tree_and_configuration(engine: Engine) -> None:
    made = create_round(engine, 2025, "2025年度评估", principal=ADMIN, name_en="2025 evaluation")
    # DOMAIN §3: 5 + 15 + 27 nodes; the shipped individual indicators of six agency types:
    # 科技 4, 外事 3, 发改 4, 行政审批 4, 市场监管 3, 教育 3 = 21
    assert (made.indicators, made.individual, made.copied_from) == (47, 21, None)
    tree = _tree(engine, 2025)
    assert [r[0] for r in tree] == [r["code"] for r in DEFAULT_COMMON_TREE]
    assert tree[0] == (
        "A",
        None,
        1,
        "党的领导与党管机构编制",
        "Party leadership and Party management of staffing",
        10.0,
        None,
        None,
        0,
    )
    stored = [
        {"code": c, "parent": p, "level": lv, "name": n, "max_points": m, "source": s}
        for c, p, lv, n, _en, m, s, _ep, _o in tree
    ]
    assert build_tree(stored).root_max == 100.0
    with engine.connect() as conn:
        row = conn.execute(
            select(EvaluationRound.status, EvaluationRound.config, EvaluationRound.name_en)
        ).one()
    assert row.status == "准备中" and row.name_en == "2025 evaluation"
    assert RoundConfig.from_dict(row.config) == RoundConfig()
    assert _audits(engine, "round.create")[0][0] == "li"


def test_copy_from_takes_the_tree_individual_indicators_and_configuration(engine: Engine) -> None:
    first = create_round(engine, 2025, "2025年度评估", principal=ADMIN)
    update_round_config(
        engine, first.round_id, {"weight_common": 0.7, "weight_individual": 0.3}, actor="li"
    )
    with engine.begin() as conn:
        conn.execute(
            Indicator.__table__.update()
            .where(Indicator.code == "A1a")
            .values(name="重大事项按程序报批")
        )
        conn.execute(
            IndividualIndicator.__table__.delete().where(IndividualIndicator.agency_type == "教育")
        )
    copy = create_round(engine, 2026, "2026年度评估", principal=ADMIN, copy_from=2025)
    assert (copy.indicators, copy.individual, copy.copied_from) == (47, 18, 2025)  # 21 − 3 教育
    assert _tree(engine, 2026) == _tree(engine, 2025)
    assert ("A1a", "A1", 3, "重大事项按程序报批") == _tree(engine, 2026)[2][:4]
    assert _individual(engine, 2026) == _individual(engine, 2025)
    with engine.connect() as conn:
        config = conn.execute(
            select(EvaluationRound.config).where(EvaluationRound.year == 2026)
        ).scalar_one()
    assert (config["weight_common"], config["weight_individual"]) == (0.7, 0.3)


def test_refusals_name_the_problem_and_write_nothing(engine: Engine) -> None:
    create_round(engine, 2025, "2025年度评估", principal=ADMIN)
    cases = [
        ({"year": 2025, "name": "again"}, "2025 年度的评估批次已经存在。"),
        ({"year": 2026, "name": "x", "copy_from": 2019}, "没有 2019 年度的评估批次。"),
        ({"year": 1900, "name": "x"}, "年度 1900 超出范围 1949–2100。"),
        ({"year": 2026, "name": "  "}, "评估批次名称不能为空。"),
    ]
    for kwargs, message in cases:
        with pytest.raises(RoundAdminError) as info:
            create_round(engine, principal=ADMIN, **kwargs)  # type: ignore[arg-type]
        assert info.value.errors == [message]
    with pytest.raises(RoundAdminError) as info:
        create_round(engine, 2025, "again", principal=ADMIN, lang="en")
    assert info.value.errors == ["There is already a round for 2025."]
    with pytest.raises(AccessDenied):
        create_round(engine, 2026, "x", principal=Principal("wang", Role.STAFF))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(EvaluationRound)).scalar_one() == 1


def test_agencies_by_full_or_short_name(engine: Engine) -> None:
    create_round(engine, 2025, "2025年度评估", principal=ADMIN)
    done = change_round_agencies(engine, 2025, principal=ADMIN, add=["市科技局", "市外事办公室"])
    assert done.added == ("市科学技术局", "市外事办公室") and done.total == 2
    assert _members(engine, 2025) == ["市外事办公室", "市科学技术局"]
    again = change_round_agencies(engine, 2025, principal=ADMIN, add=["市科学技术局"])
    assert (again.added, again.removed, again.total) == ((), (), 2)
    gone = change_round_agencies(engine, 2025, principal=ADMIN, remove=["市外办"])
    assert gone.removed == ("市外事办公室",) and _members(engine, 2025) == ["市科学技术局"]
    whole = change_round_agencies(engine, 2025, principal=ADMIN, replace=["市发改委", "市外办"])
    assert (whole.added, whole.removed, whole.total) == (
        ("市外事办公室", "市发展和改革委员会"),
        ("市科学技术局",),
        2,
    )
    # three changes audited (the one that changed nothing is not)
    assert [a[1] for a in _audits(engine, "round.agencies")] == [
        {"added": ["市科学技术局", "市外事办公室"], "removed": []},
        {"added": [], "removed": ["市外事办公室"]},
        {"added": ["市外事办公室", "市发展和改革委员会"], "removed": ["市科学技术局"]},
    ]


def test_unknown_names_are_errors_with_the_closest_match(engine: Engine) -> None:
    create_round(engine, 2025, "2025年度评估", principal=ADMIN)
    with pytest.raises(RoundAdminError) as info:
        change_round_agencies(engine, 2025, principal=ADMIN, add=["市科技厅", "市外办", "财政局"])
    assert info.value.errors == [
        "单位名录中没有“市科技厅”（是否为“市科技局”？）",
        "单位名录中没有“财政局”",
    ]
    assert _members(engine, 2025) == []  # nothing written, not even 市外办


def test_status_moves_until_completed_freezes_the_round(engine: Engine) -> None:
    create_round(engine, 2025, "2025年度评估", principal=ADMIN)
    change_round_agencies(engine, 2025, principal=ADMIN, add=["市科技局"])
    change_round_status(engine, 2025, "评估中", principal=ADMIN)
    change_round_status(engine, 2025, "已完成", principal=ADMIN)
    with engine.connect() as conn:
        row = conn.execute(select(EvaluationRound.status, EvaluationRound.completed_at)).one()
    assert row.status == "已完成" and row.completed_at is not None
    frozen = "评估批次“2025年度评估”已完成，评分和配置已冻结，不能修改。"
    with pytest.raises(RoundAdminError) as info:
        change_round_status(engine, 2025, "评估中", principal=ADMIN)
    assert info.value.errors == [frozen]
    with pytest.raises(RoundAdminError) as info:
        change_round_agencies(engine, 2025, principal=ADMIN, add=["市外办"])
    assert info.value.errors == [frozen]
    with pytest.raises(RoundAdminError) as info:
        change_round_status(engine, 2024, "评估中", principal=ADMIN)
    assert info.value.errors == ["没有 2024 年度的评估批次。"]
    with pytest.raises(RoundAdminError):
        change_round_status(engine, 2025, "done", principal=ADMIN)


def test_names_from_a_file() -> None:
    listed = "序号,单位名称\n1,市科技局\n2,市外办\n3,\n4,市科技局\n".encode("gb18030")
    assert read_agency_names(listed, "agencies.csv") == ["市科技局", "市外办"]
    wb = Workbook()
    for name in ("市科学技术局", None, "市外事办公室"):
        wb.active.append([name])
    buf = io.BytesIO()
    wb.save(buf)
    # no header: the first column
    assert read_agency_names(buf.getvalue(), "list.xlsx") == ["市科学技术局", "市外事办公室"]
    with pytest.raises(RoundAdminError) as info:
        read_agency_names(b"", "empty.csv", lang="en")
    assert info.value.errors == ["The file is empty: choose a filled-in template."]
