"""Findings and rectifications in the database (both engines): recording a finding (fixed
on the spot or with a rectification), every move the state machine allows and none it
refuses, by role, with every transition stored; stale moves refused with the state now;
completed rounds refused; reads scoped; every write audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from data_access.audit import data_version
from data_access.models import AuditLog, Finding, Rectification, RectificationEvent
from data_access.rectifications import (
    FindingError,
    NewFinding,
    RectificationConflict,
    RectificationPlan,
    RectificationRefused,
    move_rectification,
    record_finding,
    rectification_events,
    rectification_items,
)
from data_access.round_admin import change_round_status
from data_access.round_inputs import load_round_inputs
from data_access.scope import AccessDenied, Principal
from domain.rectification import Refusal
from tests.data_access.rectification_fixtures import (
    ADMIN,
    LEADER,
    STAFF,
    agency_user,
    build_small_database,
)

TODAY = dt.date(2026, 12, 2)


@pytest.fixture()
def db(fresh_engine: Engine) -> tuple[Engine, dict[str, int]]:
    return fresh_engine, build_small_database(fresh_engine)


def _finding(agency_id: int, spot: bool = False, **kw: object) -> NewFinding:
    values: dict[str, object] = {
        "agency_id": agency_id,
        "description": "内设机构设置与“三定”规定不一致",
        "category": "“三定”规定执行不到位",
        "severity": "较重",
        "source": "实地",
        "indicator_code": "B1a",
        "in_ledger": True,
        "found_date": dt.date(2026, 9, 1),
        "plan": RectificationPlan(
            "职能运行监管科", dt.date(2026, 11, 30), "张某", "济编办字〔2026〕9号"
        )
        if not spot
        else None,
    }
    values.update(kw)
    return NewFinding(**values)  # type: ignore[arg-type]


def record(engine: Engine, who: Principal, round_id: int, item: NewFinding, **kw: Any) -> int:
    return record_finding(engine, round_id, item, principal=who, **kw)


def move(engine: Engine, who: Principal, rect_id: int, target: str, **kw: Any) -> int:
    return move_rectification(engine, rect_id, target, principal=who, **kw)


def _rect_id(engine: Engine, finding_id: int) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(Rectification.id).where(Rectification.finding_id == finding_id)
            ).scalar_one()
        )


def _events(engine: Engine, rect_id: int) -> list[tuple[str | None, str, str, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                RectificationEvent.from_state,
                RectificationEvent.to_state,
                RectificationEvent.actor,
                RectificationEvent.note,
            )
            .where(RectificationEvent.rectification_id == rect_id)
            .order_by(RectificationEvent.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_record_a_finding_with_a_rectification(db: tuple[Engine, dict[str, int]]) -> None:
    engine, ids = db
    with engine.connect() as conn:
        version = data_version(conn)
    fid = record(engine, STAFF, ids["r2024"], _finding(ids["市科学技术局"]), today=TODAY)
    items = rectification_items(engine, STAFF, ids["r2024"])
    assert len(items) == 1
    row = items.iloc[0]
    assert row["finding_id"] == fid and row["state"] == "待整改" and row["version"] == 0
    assert row["section"] == "职能运行监管科" and row["owner"] == "张某"
    assert row["deadline"] == dt.date(2026, 11, 30) and row["issued_date"] == TODAY
    assert not row["on_the_spot"] and row["in_ledger"]
    assert _events(engine, int(row["rectification_id"])) == [
        (None, "待整改", "wang", "济编办字〔2026〕9号")
    ]
    with engine.connect() as conn:
        assert data_version(conn) == version + 1
        audit = conn.execute(select(AuditLog.username, AuditLog.action, AuditLog.entity_id)).all()[
            -1
        ]
    assert tuple(audit) == ("wang", "finding.record", str(fid))


def test_on_the_spot_finding_has_no_rectification_and_is_not_open(
    db: tuple[Engine, dict[str, int]],
) -> None:
    engine, ids = db
    keji = ids["市科学技术局"]
    record(engine, STAFF, ids["r2024"], _finding(keji, spot=True, severity="轻微"))
    record(engine, STAFF, ids["r2024"], _finding(keji, description="另一问题"))
    items = rectification_items(engine, STAFF, ids["r2024"])
    spot = items[items["on_the_spot"]]
    assert len(spot) == 1 and spot["rectification_id"].isna().all()
    # The scoring inputs (round_inputs.py): the 立行立改 finding is not open, the other is.
    inputs, _config, _year = load_round_inputs(engine, ids["r2024"])
    open_by_severity = dict(zip(inputs.findings["severity"], inputs.findings["is_open"]))
    assert open_by_severity == {"轻微": False, "较重": True}


def test_the_whole_lifecycle_by_role(db: tuple[Engine, dict[str, int]]) -> None:
    engine, ids = db
    keji = ids["市科学技术局"]
    agency = agency_user(keji)
    rid = _rect_id(engine, record(engine, STAFF, ids["r2024"], _finding(keji)))
    # The agency may not start work (staff do), nor skip to 待验收.
    with pytest.raises(RectificationRefused) as refused:
        move(engine, agency, rid, "整改中", expected_state="待整改")
    assert refused.value.refusal == Refusal.ROLE
    with pytest.raises(RectificationRefused) as refused:
        move(engine, STAFF, rid, "待验收", expected_state="待整改", note="x")
    assert refused.value.refusal == Refusal.ILLEGAL
    assert "不能从“待整改”直接改为“待验收”" in str(refused.value)
    assert move(engine, STAFF, rid, "整改中", expected_state="待整改") == 1
    # The agency reports done: a note is required.
    with pytest.raises(RectificationRefused) as refused:
        move(engine, agency, rid, "待验收", expected_state="整改中", note=" ")
    assert refused.value.refusal == Refusal.NOTE
    move(engine, agency, rid, "待验收", expected_state="整改中", note="已调整内设机构")
    # The agency may not close; staff close only with a verification note.
    with pytest.raises(RectificationRefused):
        move(engine, agency, rid, "已销号", expected_state="待验收", note="ok")
    with pytest.raises(RectificationRefused) as refused:
        move(engine, STAFF, rid, "已销号", expected_state="待验收", lang="en")
    assert str(refused.value) == "Closing needs a verification note."
    # Verification fails once, then passes.
    move(engine, STAFF, rid, "整改中", expected_state="待验收", note="材料不全")
    move(engine, agency, rid, "待验收", expected_state="整改中", note="补充材料")
    move(engine, ADMIN, rid, "已销号", expected_state="待验收", note="验收合格", today=TODAY)
    with pytest.raises(RectificationRefused) as refused:
        move(engine, STAFF, rid, "整改中", expected_state="已销号", note="x")
    assert refused.value.refusal == Refusal.CLOSED
    assert _events(engine, rid) == [
        (None, "待整改", "wang", "济编办字〔2026〕9号"),
        ("待整改", "整改中", "wang", None),
        ("整改中", "待验收", "keji", "已调整内设机构"),
        ("待验收", "整改中", "wang", "材料不全"),
        ("整改中", "待验收", "keji", "补充材料"),
        ("待验收", "已销号", "li", "验收合格"),
    ]
    row = rectification_items(engine, STAFF, ids["r2024"]).iloc[0]
    assert row["state"] == "已销号" and row["version"] == 5
    assert row["evidence"] == "补充材料" and row["verification_note"] == "验收合格"
    assert row["closed_date"] == TODAY
    with engine.connect() as conn:
        moves = conn.execute(
            select(func.count()).where(AuditLog.action == "rectification.move")
        ).scalar_one()
    assert moves == 5  # refused moves write nothing


def test_leaders_and_other_agencies_are_refused(db: tuple[Engine, dict[str, int]]) -> None:
    engine, ids = db
    rid = _rect_id(engine, record(engine, STAFF, ids["r2024"], _finding(ids["市科学技术局"])))
    move(engine, STAFF, rid, "整改中", expected_state="待整改")
    with pytest.raises(RectificationRefused) as refused:
        move(engine, LEADER, rid, "待验收", expected_state="整改中", note="x")
    assert refused.value.refusal == Refusal.READ_ONLY
    other = agency_user(ids["市外事办公室"])
    with pytest.raises(RectificationRefused) as refused:
        move(engine, other, rid, "待验收", expected_state="整改中", note="x")
    assert str(refused.value) == "没有找到该整改事项。"  # not told that it exists
    with pytest.raises(AccessDenied):
        record(engine, other, ids["r2024"], _finding(ids["市外事办公室"]))
    with pytest.raises(AccessDenied):
        record(engine, LEADER, ids["r2024"], _finding(ids["市外事办公室"]))
    assert _events(engine, rid)[-1][1] == "整改中"


def test_a_stale_move_is_refused_with_the_state_now(db: tuple[Engine, dict[str, int]]) -> None:
    engine, ids = db
    rid = _rect_id(engine, record(engine, STAFF, ids["r2024"], _finding(ids["市科学技术局"])))
    move(engine, STAFF, rid, "整改中", expected_state="待整改", expected_version=0)
    # A second person still looking at 待整改:
    with pytest.raises(RectificationConflict) as conflict:
        move(engine, ADMIN, rid, "整改中", expected_state="待整改", lang="en")
    assert conflict.value.current == "整改中"
    assert str(conflict.value) == (
        "This item was changed meanwhile; it is now “In progress”. Reload and try again."
    )
    # Same state, older version (it went 待验收 → 整改中 meanwhile): refused as well.
    move(engine, STAFF, rid, "待验收", expected_state="整改中", note="a")
    move(engine, STAFF, rid, "整改中", expected_state="待验收", note="b")
    with pytest.raises(RectificationConflict):
        move(engine, STAFF, rid, "待验收", expected_state="整改中", expected_version=1, note="c")
    assert len(_events(engine, rid)) == 4


def test_bad_findings_and_completed_rounds(db: tuple[Engine, dict[str, int]]) -> None:
    engine, ids = db
    keji = ids["市科学技术局"]
    bad = _finding(
        keji,
        description="  ",
        severity="很重",
        indicator_code="Z9",
        plan=RectificationPlan(" ", dt.date(2026, 1, 1)),
    )
    with pytest.raises(FindingError) as error:
        record(engine, STAFF, ids["r2024"], bad)
    assert error.value.errors == [
        "请填写问题描述。",
        "“很重”不是可选的值。",
        "本批次没有指标代码 Z9。",
        "请填写整改责任科室。",
        "整改期限不能早于发现日期 2026-09-01。",
    ]
    rid = _rect_id(engine, record(engine, STAFF, ids["r2023"], _finding(keji)))
    change_round_status(engine, 2023, "已完成", principal=ADMIN)
    with pytest.raises(RectificationRefused, match="已完成|冻结|completed"):
        record(engine, STAFF, ids["r2023"], _finding(keji))
    with pytest.raises(RectificationRefused):
        move(engine, STAFF, rid, "整改中", expected_state="待整改")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Finding)).scalar_one() == 1


def test_reads_are_scoped_to_the_agency(db: tuple[Engine, dict[str, int]]) -> None:
    engine, ids = db
    keji, waiban = ids["市科学技术局"], ids["市外事办公室"]
    f1 = record(engine, STAFF, ids["r2024"], _finding(keji))
    f2 = record(engine, STAFF, ids["r2024"], _finding(waiban))
    assert set(rectification_items(engine, STAFF, ids["r2024"])["finding_id"]) == {f1, f2}
    own = agency_user(keji)
    assert list(rectification_items(engine, own, ids["r2024"])["finding_id"]) == [f1]
    assert list(rectification_items(engine, own, agency_id=waiban)["finding_id"]) == [f1]
    assert set(rectification_events(engine, own, finding_ids=[f1, f2])["finding_id"]) == {f1}
    assert set(rectification_events(engine, STAFF, finding_ids=[f1, f2])["finding_id"]) == {f1, f2}
    assert set(rectification_events(engine, own, ids["r2024"])["finding_id"]) == {f1}
    assert rectification_items(engine, STAFF, year=2023).empty


def test_overview_and_profile_do_not_count_on_the_spot_findings_as_open(
    db: tuple[Engine, dict[str, int]],
) -> None:
    from data_access.profile_queries import agency_findings
    from data_access.queries import round_overview
    from views.profile_sections import build_findings

    engine, ids = db
    keji = ids["市科学技术局"]
    record(engine, STAFF, ids["r2024"], _finding(keji, spot=True, severity="轻微"))
    record(engine, STAFF, ids["r2024"], _finding(keji, description="另一问题"))
    figures = round_overview(engine, STAFF, ids["r2024"], today=TODAY)
    assert (figures["findings"], figures["findings_open"]) == (2, 1)
    rows = agency_findings(engine, STAFF, ids["r2024"], keji, TODAY)
    assert list(rows["on_the_spot"]) == [True, False]
    shown = build_findings(rows, TODAY, "zh")
    kpis = {k.label: k.value for k in shown.kpis}
    assert kpis["未销号"] == 1
    assert "立行立改" in list(shown.table.frame["state"])  # type: ignore[union-attr]
