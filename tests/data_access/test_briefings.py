"""Briefings and snapshots in data_access (issue 12), on both engines: office staff and
administrators write briefings, leaders read them and may present (a snapshot), an agency user
may do nothing; names are unique per round, a refused write leaves nothing behind, every write
is audited, briefings are copied from the previous round, and a snapshot keeps its payload."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from data_access.briefings import (
    BriefingRefused,
    copy_previous_briefings,
    get_briefing,
    get_snapshot,
    list_briefings,
    list_snapshots,
    record_snapshot,
    save_briefing,
)
from data_access.models import AuditLog, Briefing
from data_access.scope import AccessDenied
from tests.data_access.small_round import (
    ADMIN,
    AGENCY,
    DONE_ROUND,
    LEADER,
    OPEN_ROUND,
    STAFF,
    build_small_round,
)

CONFIG = {"slides": ["headline", "agency"], "agencies": [1, 2]}


@pytest.fixture()
def engine(fresh_engine: Engine) -> Engine:
    return build_small_round(fresh_engine)


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def test_staff_writes_leader_reads_agency_is_refused(engine: Engine) -> None:
    bid = save_briefing(engine, OPEN_ROUND, " 编委会汇报 ", CONFIG, principal=STAFF)
    listed = list_briefings(engine, LEADER, OPEN_ROUND)
    assert listed["name"].tolist() == ["编委会汇报"]  # stripped
    assert listed["config"].iloc[0] == CONFIG
    found = get_briefing(engine, LEADER, bid)
    assert found is not None and found["created_by"] == "staff"
    with pytest.raises(AccessDenied):
        list_briefings(engine, AGENCY, OPEN_ROUND)
    with pytest.raises(AccessDenied):
        get_briefing(engine, AGENCY, bid)
    with pytest.raises(AccessDenied):
        save_briefing(engine, OPEN_ROUND, "领导版", CONFIG, principal=LEADER)
    # an administrator edits it: name and slides replaced, who and when kept
    save_briefing(
        engine, OPEN_ROUND, "汇报二", {"slides": ["ranking"]}, principal=ADMIN, briefing_id=bid
    )
    found = get_briefing(engine, STAFF, bid)
    assert found is not None
    assert (found["name"], found["config"], found["updated_by"]) == (
        "汇报二",
        {"slides": ["ranking"]},
        "admin",
    )
    with engine.connect() as conn:
        actions = conn.execute(
            select(AuditLog.action, AuditLog.username).where(AuditLog.entity == "briefing")
        ).all()
    assert [tuple(a) for a in actions] == [("briefing.save", "staff"), ("briefing.save", "admin")]


def test_a_refused_write_leaves_nothing(engine: Engine) -> None:
    save_briefing(engine, OPEN_ROUND, "编委会汇报", CONFIG, principal=STAFF)
    audits = _count(engine, AuditLog)
    with pytest.raises(BriefingRefused, match="已有名为“编委会汇报”"):
        save_briefing(engine, OPEN_ROUND, "编委会汇报", CONFIG, principal=STAFF)
    with pytest.raises(BriefingRefused, match="at most 80"):
        save_briefing(engine, OPEN_ROUND, "x" * 81, CONFIG, principal=STAFF, lang="en")
    with pytest.raises(BriefingRefused):
        save_briefing(engine, OPEN_ROUND, "  ", CONFIG, principal=STAFF)
    assert (_count(engine, Briefing), _count(engine, AuditLog)) == (1, audits)
    # the same name in another round is another briefing
    save_briefing(engine, DONE_ROUND, "编委会汇报", CONFIG, principal=STAFF)
    assert _count(engine, Briefing) == 2


def test_copy_from_the_previous_round(engine: Engine) -> None:
    save_briefing(engine, DONE_ROUND, "年度汇报", CONFIG, principal=STAFF)
    save_briefing(engine, DONE_ROUND, "简版", {"slides": ["ranking"]}, principal=STAFF)
    save_briefing(engine, OPEN_ROUND, "简版", {"slides": ["headline"]}, principal=STAFF)
    with pytest.raises(AccessDenied):
        copy_previous_briefings(engine, OPEN_ROUND, principal=LEADER)
    # 简版 exists in 2030 already: only 年度汇报 is copied; 2029 has no round before it
    assert copy_previous_briefings(engine, OPEN_ROUND, principal=STAFF) == 1
    assert copy_previous_briefings(engine, OPEN_ROUND, principal=STAFF) == 0
    assert copy_previous_briefings(engine, DONE_ROUND, principal=STAFF) == 0
    rows = list_briefings(engine, STAFF, OPEN_ROUND).set_index("name")
    # agencies 1 and 2 are both evaluated in 2030: both kept
    assert rows.loc["年度汇报", "config"] == CONFIG
    assert rows.loc["简版", "config"] == {"slides": ["headline"]}


def test_snapshots_keep_their_payload_and_who(engine: Engine) -> None:
    bid = save_briefing(engine, OPEN_ROUND, "编委会汇报", CONFIG, principal=STAFF)
    payload = {"lang": "zh", "slides": [{"key": "k", "title": "标题", "blocks": []}]}
    sid = record_snapshot(
        engine, OPEN_ROUND, "编委会汇报", "presented", payload, principal=LEADER, briefing_id=bid
    )
    with pytest.raises(AccessDenied):
        record_snapshot(engine, OPEN_ROUND, "编委会汇报", "presented", payload, principal=AGENCY)
    with pytest.raises(BriefingRefused):
        record_snapshot(engine, OPEN_ROUND, "编委会汇报", "printed", payload, principal=STAFF)
    snaps = list_snapshots(engine, STAFF, OPEN_ROUND)
    assert snaps[["snapshot_id", "kind", "username", "briefing_name"]].values.tolist() == [
        [sid, "presented", "leader", "编委会汇报"]
    ]
    got = get_snapshot(engine, LEADER, sid)
    assert got is not None and got["payload"] == payload and got["briefing_id"] == bid
    assert get_snapshot(engine, STAFF, sid + 99) is None
    with pytest.raises(AccessDenied):
        list_snapshots(engine, AGENCY, OPEN_ROUND)
    with pytest.raises(AccessDenied):
        get_snapshot(engine, AGENCY, sid)
