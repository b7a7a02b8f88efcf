"""Two people move the same rectification at the same moment, on PostgreSQL: both have read
the item before either writes (a barrier holds each UPDATE until both got there). Exactly
one wins; the other is told the item changed and what it is now; nothing is lost."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from sqlalchemy import Engine, event, select

from data_access.db import make_engine
from data_access.models import AuditLog, Rectification, RectificationEvent
from data_access.rectifications import (
    NewFinding,
    RectificationConflict,
    RectificationPlan,
    move_rectification,
    record_finding,
)
from tests.data_access.rectification_fixtures import (
    ADMIN,
    STAFF,
    agency_user,
    build_small_database,
)


def _hold_updates(engine: Engine, barrier: threading.Barrier) -> None:
    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE RECTIFICATION"):
            barrier.wait(timeout=20)

    event.listen(engine, "before_cursor_execute", before)


def test_two_sessions_moving_one_item_exactly_one_wins(fresh_engine: Engine) -> None:
    if fresh_engine.dialect.name != "postgresql":
        pytest.skip("the concurrency test runs on PostgreSQL (SQLite serialises writers)")
    ids = build_small_database(fresh_engine)
    keji = ids["市科学技术局"]
    finding = NewFinding(
        keji,
        "超职数配备领导干部",
        "违反机构编制纪律",
        "严重",
        "监督检查",
        "D2a",
        True,
        plan=RectificationPlan("监督检查科", dt.date(2027, 3, 31)),
    )
    fid = record_finding(fresh_engine, ids["r2024"], finding, principal=STAFF)
    with fresh_engine.connect() as conn:
        rid = conn.execute(
            select(Rectification.id).where(Rectification.finding_id == fid)
        ).scalar_one()
    move_rectification(fresh_engine, rid, "整改中", principal=STAFF, expected_state="待整改")

    # Two sessions, two connections: the agency reports the item done while an administrator
    # does the same from the 整改中 item both see (version 1).
    url = fresh_engine.url.render_as_string(hide_password=False)
    engines = [make_engine(url), make_engine(url)]
    barrier = threading.Barrier(2)
    for e in engines:
        _hold_updates(e, barrier)
    moves = [
        (engines[0], agency_user(keji), "待验收", "已按要求免去超配干部"),
        (engines[1], ADMIN, "待验收", "编办核实已整改"),
    ]
    results: list[object] = [None, None]

    def run(i: int) -> None:
        engine, who, target, note = moves[i]
        try:
            results[i] = move_rectification(
                engine,
                rid,
                target,
                principal=who,
                expected_state="整改中",
                expected_version=1,
                note=note,
            )
        except Exception as exc:  # noqa: BLE001 - the test inspects what was raised
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    for e in engines:
        e.dispose()

    winners = [r for r in results if r == 2]
    losers = [r for r in results if isinstance(r, RectificationConflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    loser = losers[0]
    assert isinstance(loser, RectificationConflict)
    assert loser.current == "待验收"
    assert str(loser) == "该事项刚被他人变更，当前状态为“待验收”。请刷新后再办理。"
    with fresh_engine.connect() as conn:
        state, version = conn.execute(
            select(Rectification.state, Rectification.version).where(Rectification.id == rid)
        ).one()
        events = conn.execute(
            select(RectificationEvent.from_state, RectificationEvent.to_state)
            .where(RectificationEvent.rectification_id == rid)
            .order_by(RectificationEvent.id)
        ).all()
        moves_audited = conn.execute(
            select(AuditLog.id).where(AuditLog.action == "rectification.move")
        ).all()
    # Nothing lost, nothing doubled: issue, start, one report.
    assert (state, version) == ("待验收", 2)
    assert [tuple(e) for e in events] == [
        (None, "待整改"),
        ("待整改", "整改中"),
        ("整改中", "待验收"),
    ]
    assert len(moves_audited) == 2
