"""View models of 审计日志 and 评估批次: the URL filters, an entry's before → after as the changed
fields only, the CSV (BOM, before/after JSON), the list over the demo data, and the rounds
with their agencies and next move."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from data_access.audit_queries import MAX_ENTRIES
from data_access.models import AuditLog
from data_access.reader import Reader
from data_access.scope import AccessDenied, Principal
from domain.vocab import Role
from views.audit_log import (
    AuditFilters,
    audit_csv,
    build_audit_log,
    entry_diff,
    filters_from_params,
    filters_to_params,
)
from views.round_admin import build_rounds, next_status, round_agencies

ADMIN = Principal("admin", Role.ADMIN)


def test_filters_round_trip_through_the_url() -> None:
    f = AuditFilters("admin", "round.status", "evaluation_round", dt.date(2026, 3, 1), None)
    params = filters_to_params(f)
    assert params == {
        "user": "admin",
        "action": "round.status",
        "entity": "evaluation_round",
        "from": "2026-03-01",
    }
    assert filters_from_params(params) == f
    assert filters_from_params({"from": "yesterday", "to": "2026-13-01"}) == AuditFilters()


def test_the_diff_shows_only_changed_fields_before_and_after() -> None:
    before = {"status": "准备中", "name": "甲", "config": {"grades": {"优秀": 90}}, "gone": 1}
    after = {"status": "评估中", "name": "甲", "config": {"grades": {"优秀": 85}}, "new": [1, 2]}
    diff = entry_diff(before, after, "zh")
    assert diff.display().to_dict("records") == [
        {"字段": "status", "变更前": "准备中", "变更后": "评估中"},
        {"字段": "config.grades.优秀", "变更前": "90", "变更后": "85"},
        {"字段": "new", "变更前": "—", "变更后": "[1, 2]"},
        {"字段": "gone", "变更前": "1", "变更后": "—"},
    ]
    # A creation has no before: every field is new. An event without values: nothing.
    created = entry_diff(None, {"year": 2025, "name_en": None}, "en").display()
    assert created.to_dict("records") == [{"Field": "year", "Before": "—", "After": "2025"}]
    assert entry_diff(None, None, "zh").empty


def test_the_demo_log_lists_newest_first_and_exports_csv(demo_engine: Engine) -> None:
    reader = Reader(demo_engine, ADMIN)
    every = build_audit_log(reader, "zh", AuditFilters())
    with demo_engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(AuditLog)).scalar_one())
    assert len(every.table) == min(total, MAX_ENTRIES) > 10
    assert every.truncated == (total > MAX_ENTRIES)  # the page then says to narrow the dates
    assert "seed-demo" in every.options.actions
    times = list(every.table.frame["at"])
    assert times == sorted(times, reverse=True)
    seeded = build_audit_log(reader, "en", AuditFilters(action="seed-demo"))
    assert set(seeded.table.frame["action"]) == {"seed-demo"}
    first = int(seeded.table.frame["entry_id"].iloc[0])
    assert seeded.changes[first][0] is None and seeded.changes[first][1]
    data = audit_csv(seeded, "en")
    assert data.startswith(b"\xef\xbb\xbf")
    csv = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)
    assert list(csv.columns) == [
        "Time",
        "User",
        "Action",
        "Table",
        "Record",
        "Changed fields",
        "Before",
        "After",
    ]
    assert len(csv) == len(seeded.table) and csv["After"].iloc[0].startswith("{")


def test_only_an_administrator_gets_the_views(demo_engine: Engine) -> None:
    staff = Reader(demo_engine, Principal("staff", Role.STAFF))
    with pytest.raises(AccessDenied):
        build_audit_log(staff, "zh", AuditFilters())
    with pytest.raises(AccessDenied):
        build_rounds(staff, "zh")


def test_rounds_with_their_agencies_and_next_move(demo_engine: Engine) -> None:
    reader = Reader(demo_engine, ADMIN)
    model = build_rounds(reader, "en")
    assert [(r.year, r.status, r.completed) for r in model.rounds] == [
        (2024, "评估中", False),
        (2023, "已完成", True),
        (2022, "已完成", True),
    ]
    assert list(model.table.display()["Status"]) == ["In progress", "Completed", "Completed"]
    row = model.row(2024)
    assert row is not None
    members = round_agencies(reader, row.round_id)
    assert len(members) == row.n_agencies and "市科学技术局" in members
    assert set(members) <= set(model.agencies)  # chosen from the registry
    assert model.agencies["市科学技术局"] != "市科学技术局"  # English label
    assert (next_status("准备中"), next_status("评估中"), next_status("已完成")) == (
        "评估中",
        "已完成",
        None,
    )
