"""The administrators' reads and moves (issue 13), on SQLite and PostgreSQL: the audit log
filtered by user, action, table and Beijing calendar days; the rounds with their agency
counts; a round moved one step from the status the user saw, audited before → after. Every
other role is refused in data_access itself, whatever the page does."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, insert, select

from data_access.audit_queries import audit_filter_options, list_audit_entries
from data_access.imports import KINDS, run_import
from data_access.models import AuditLog, EvaluationRound
from data_access.round_admin import (
    RoundAdminError,
    advance_round,
    change_round_agencies,
    create_round,
    list_rounds_admin,
)
from data_access.scope import AccessDenied, Principal
from domain.vocab import Role

ADMIN = Principal("li", Role.ADMIN)
OTHERS = [
    Principal("leader", Role.LEADER),
    Principal("staff", Role.STAFF),
    Principal("agency", Role.AGENCY, 1),
]
AGENCIES = (
    "单位名称,简称,单位类型,单位性质,机构规格\n"
    "市科学技术局,市科技局,科技,政府工作部门,正县级\n"
    "市外事办公室,市外办,外事,政府工作部门,正县级\n"
)


def _entry(engine: Engine, at: dt.datetime, user: str, action: str, entity: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(AuditLog).values(
                at=at, username=user, action=action, entity=entity, after={"x": 1}
            )
        )


@pytest.fixture()
def logged(fresh_engine: Engine) -> Engine:
    """Four entries around midnight Beijing time (UTC+8) between 1 and 2 March 2026."""
    _entry(fresh_engine, dt.datetime(2026, 2, 28, 16, 0), "wang", "a.one", "t1")  # 3-01 00:00
    _entry(fresh_engine, dt.datetime(2026, 3, 1, 15, 59), "wang", "a.two", "t2")  # 3-01 23:59
    _entry(fresh_engine, dt.datetime(2026, 3, 1, 16, 0), "zhao", "a.one", "t2")  # 3-02 00:00
    _entry(fresh_engine, dt.datetime(2026, 3, 2, 15, 59), "zhao", "a.two", "t1")  # 3-02 23:59
    return fresh_engine


def _times(frame: object) -> list[dt.datetime]:
    return [x.to_pydatetime() for x in frame["at"]]  # type: ignore[index]


@pytest.mark.parametrize("principal", OTHERS, ids=lambda p: p.role.value)
def test_only_an_administrator_reads_the_log(logged: Engine, principal: Principal) -> None:
    with pytest.raises(AccessDenied, match="只有管理员"):
        list_audit_entries(logged, principal)
    with pytest.raises(AccessDenied):
        audit_filter_options(logged, principal)
    with pytest.raises(AccessDenied):
        list_rounds_admin(logged, principal)
    with pytest.raises(AccessDenied):
        advance_round(logged, 2025, "准备中", principal=principal)


def test_the_log_newest_first_and_its_filter_values(logged: Engine) -> None:
    every = list_audit_entries(logged, ADMIN)
    assert [e["after"] for e in every.to_dict("records")] == [{"x": 1}] * 4
    assert _times(every) == sorted(_times(every), reverse=True)
    options = audit_filter_options(logged, ADMIN)
    assert (options.users, options.actions, options.entities) == (
        ("wang", "zhao"),
        ("a.one", "a.two"),
        ("t1", "t2"),
    )


def test_filters_by_user_action_table_and_beijing_days(logged: Engine) -> None:
    def count(**kw: object) -> int:
        return len(list_audit_entries(logged, ADMIN, **kw))  # type: ignore[arg-type]

    assert count(username="wang") == 2
    assert count(action="a.one") == 2
    assert count(entity="t2", username="zhao") == 1
    # 2 March in Beijing is 1 March 16:00 UTC to 2 March 15:59:59 UTC: the last two entries.
    day = list_audit_entries(logged, ADMIN, since=dt.date(2026, 3, 2), until=dt.date(2026, 3, 2))
    assert list(day["username"]) == ["zhao", "zhao"]
    assert count(until=dt.date(2026, 3, 1)) == 2  # the first two
    assert count(since=dt.date(2026, 3, 3)) == 0


def test_the_limit_reads_one_more_so_the_caller_sees_the_cut(logged: Engine) -> None:
    assert len(list_audit_entries(logged, ADMIN, limit=2)) == 3
    assert len(list_audit_entries(logged, ADMIN, limit=10)) == 4


@pytest.fixture()
def engine(fresh_engine: Engine) -> Engine:
    result = run_import(fresh_engine, ADMIN, KINDS["agencies"], AGENCIES.encode(), "agencies.csv")
    assert result.ok, result.errors
    return fresh_engine


def _status_audits(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(AuditLog.username, AuditLog.before, AuditLog.after)
                .where(AuditLog.action == "round.status")
                .order_by(AuditLog.id)
            )
        ]


def test_rounds_listed_with_their_agency_counts(engine: Engine) -> None:
    create_round(engine, 2024, "2024年度评估", principal=ADMIN)
    create_round(engine, 2025, "2025年度评估", principal=ADMIN, copy_from=2024)
    change_round_agencies(engine, 2025, principal=ADMIN, add=["市科技局", "市外事办公室"])
    rounds = list_rounds_admin(engine, ADMIN)
    assert [(r["year"], r["status"], r["n_agencies"]) for r in rounds.to_dict("records")] == [
        (2025, "准备中", 2),
        (2024, "准备中", 0),
    ]


def test_a_round_moves_one_step_from_what_the_user_saw(engine: Engine) -> None:
    create_round(engine, 2025, "2025年度评估", principal=ADMIN)
    assert advance_round(engine, 2025, "准备中", principal=ADMIN) == "评估中"
    # A second submission of the same form (it saw 准备中) is refused, nothing written.
    with pytest.raises(RoundAdminError, match="刚被变更，当前为“评估中”"):
        advance_round(engine, 2025, "准备中", principal=ADMIN)
    assert advance_round(engine, 2025, "评估中", principal=ADMIN) == "已完成"
    with engine.connect() as conn:
        row = conn.execute(
            select(EvaluationRound.status, EvaluationRound.completed_at).where(
                EvaluationRound.year == 2025
            )
        ).one()
    assert row.status == "已完成" and row.completed_at is not None
    with pytest.raises(RoundAdminError, match="is completed"):
        advance_round(engine, 2025, "已完成", principal=ADMIN, lang="en")
    assert _status_audits(engine) == [
        ("li", {"status": "准备中"}, {"status": "评估中"}),
        ("li", {"status": "评估中"}, {"status": "已完成"}),
    ]
