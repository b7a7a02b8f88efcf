"""调整意见 Adjustment proposals in the data layer, on SQLite and PostgreSQL: recording (office
roles only, every field checked), every allowed and refused move, the outcome a closing move
needs, a stale move refused with the state it is in now, two sessions moving the same
proposal at once (exactly one wins), and reads scoped by the principal."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import Engine, select

from data_access.adjustments import (
    MOVES,
    AdjustmentRefused,
    allowed_moves,
    list_adjustments,
    move_adjustment,
    record_adjustment,
)
from data_access.audit import data_version
from data_access.models import AdjustmentProposal, AuditLog
from data_access.scope import AccessDenied
from domain.vocab import AdjustmentState, AdjustmentType
from tests.data_access.small_round import (
    ADMIN,
    AGENCY,
    LEADER,
    OPEN_ROUND,
    OTHER,
    OTHER_AGENCY,
    OWN,
    STAFF,
    build_small_round,
)

S = AdjustmentState


@pytest.fixture()
def engine(fresh_engine: Engine) -> Engine:
    return build_small_round(fresh_engine)


def _record(engine: Engine, agency_id: int = OWN, **kwargs: Any) -> int:
    kwargs.setdefault("principal", STAFF)
    kwargs.setdefault("round_id", OPEN_ROUND)
    return record_adjustment(
        engine, agency_id, "增编", "因公出国审批量回升，申请增加事业编制2名", "机构编制科", **kwargs
    )


def _state(engine: Engine, proposal_id: int) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(
                select(AdjustmentProposal.state).where(AdjustmentProposal.id == proposal_id)
            ).scalar_one()
        )


def _version(engine: Engine) -> int:
    with engine.connect() as conn:
        return data_version(conn)


def test_a_recorded_proposal_is_to_be_studied_audited_and_listed(engine: Engine) -> None:
    before = _version(engine)
    pid = _record(engine)
    assert _version(engine) == before + 1
    rows = list_adjustments(engine, LEADER)
    assert rows["proposal_id"].tolist() == [pid]
    row = rows.iloc[0]
    assert (row["name"], row["year"], row["kind"], row["state"], row["created_by"]) == (
        "市外事办公室",
        2030,
        "增编",
        "待研究",
        "staff",
    )
    with engine.connect() as conn:
        assert conn.execute(select(AuditLog.action)).scalar() == "adjustment.record"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("扩编", "内容", "科室"), "类型“扩编”无效"),
        (("增编", "  ", "科室"), "请填写调整意见内容"),
        (("增编", "内容", ""), "请填写责任科室"),
        (("增编", "很" * 2001, "科室"), "内容超过 2000 字"),
        (("增编", "内容", "科" * 33), "责任科室超过 32 字"),
    ],
)
def test_bad_fields_are_refused(engine: Engine, args: tuple[str, str, str], words: str) -> None:
    with pytest.raises(AdjustmentRefused, match=words):
        record_adjustment(engine, OWN, *args, principal=STAFF)
    assert list_adjustments(engine, STAFF).empty


def test_an_unknown_agency_is_refused(engine: Engine) -> None:
    with pytest.raises(AdjustmentRefused, match="没有这个单位"):
        _record(engine, agency_id=999)


@pytest.mark.parametrize("who", [AGENCY, LEADER])
def test_only_the_office_records_and_moves(engine: Engine, who: Any) -> None:
    with pytest.raises(AccessDenied, match="只有编办工作人员和管理员"):
        _record(engine, principal=who)
    pid = _record(engine, principal=ADMIN)
    with pytest.raises(AccessDenied):
        move_adjustment(engine, pid, "研究中", principal=who, expected_state="待研究")
    assert _state(engine, pid) == "待研究"


ALLOWED = {
    (S.TO_STUDY, S.STUDYING),
    (S.TO_STUDY, S.DONE),
    (S.TO_STUDY, S.DECLINED),
    (S.STUDYING, S.DONE),
    (S.STUDYING, S.DECLINED),
}


@pytest.mark.parametrize("source", list(S))
@pytest.mark.parametrize("target", list(S))
def test_the_moves_table(source: AdjustmentState, target: AdjustmentState) -> None:
    # Written out by hand: forward only, and 已办理 / 不予采纳 are final.
    assert (target in allowed_moves(source)) == ((source, target) in ALLOWED)
    assert target in MOVES[source] or (source, target) not in ALLOWED


def _to(engine: Engine, pid: int, path: list[AdjustmentState]) -> None:
    state = S.TO_STUDY
    for step in path:
        move_adjustment(
            engine, pid, step, principal=STAFF, expected_state=state, outcome="已报编委会研究"
        )
        state = step


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ([S.DONE], S.STUDYING),
        ([S.DECLINED], S.TO_STUDY),
        ([S.STUDYING], S.TO_STUDY),
        ([S.STUDYING, S.DONE], S.DECLINED),
        ([], S.TO_STUDY),
    ],
)
def test_a_refused_move_writes_nothing(
    engine: Engine, path: list[AdjustmentState], target: AdjustmentState
) -> None:
    pid = _record(engine)
    _to(engine, pid, path)
    here = path[-1] if path else S.TO_STUDY
    before = _version(engine)
    with pytest.raises(AdjustmentRefused, match=f"不能从“{here.value}”改为“{target.value}”"):
        move_adjustment(engine, pid, target, principal=STAFF, expected_state=here, outcome="x")
    assert (_state(engine, pid), _version(engine)) == (here, before)


def test_closing_needs_an_outcome_and_keeps_it(engine: Engine) -> None:
    pid = _record(engine)
    for target in (S.DONE, S.DECLINED):
        with pytest.raises(AdjustmentRefused, match=f"改为“{target.value}”需要填写办理情况"):
            move_adjustment(engine, pid, target, principal=STAFF, expected_state="待研究")
    move_adjustment(engine, pid, S.STUDYING, principal=STAFF, expected_state="待研究")
    move_adjustment(
        engine, pid, S.DONE, principal=ADMIN, expected_state="研究中", outcome="编委会已批复"
    )
    row = list_adjustments(engine, STAFF).iloc[0]
    assert (row["state"], row["outcome"], row["updated_by"]) == ("已办理", "编委会已批复", "admin")


def test_a_stale_move_names_the_state_it_is_in_now(engine: Engine) -> None:
    pid = _record(engine)
    move_adjustment(engine, pid, S.STUDYING, principal=STAFF, expected_state="待研究")
    with pytest.raises(AdjustmentRefused, match="刚被他人办理，现在是“研究中”"):
        move_adjustment(
            engine, pid, S.DECLINED, principal=ADMIN, expected_state="待研究", outcome="不合规"
        )
    with pytest.raises(AdjustmentRefused, match="it is now “Under study”"):
        move_adjustment(
            engine,
            pid,
            S.DECLINED,
            principal=ADMIN,
            expected_state="待研究",
            outcome="x",
            lang="en",
        )
    assert _state(engine, pid) == "研究中"


def test_two_sessions_moving_at_once_one_wins(engine: Engine) -> None:
    """Two threads move the same proposal out of 待研究 at the same moment (to different
    states): exactly one succeeds, the other is told what it is now; one audit row."""
    pid = _record(engine)
    barrier = threading.Barrier(2)
    outcomes: dict[str, Any] = {}

    def move(target: AdjustmentState) -> None:
        barrier.wait()
        try:
            move_adjustment(
                engine, pid, target, principal=STAFF, expected_state="待研究", outcome="o"
            )
            outcomes[target.value] = "won"
        except AdjustmentRefused as exc:
            outcomes[target.value] = str(exc)

    threads = [threading.Thread(target=move, args=(t,)) for t in (S.DONE, S.DECLINED)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=30)
    winners = [k for k, v in outcomes.items() if v == "won"]
    assert len(outcomes) == 2 and len(winners) == 1, outcomes
    loser = next(v for k, v in outcomes.items() if k not in winners)
    assert f"现在是“{winners[0]}”" in loser
    assert _state(engine, pid) == winners[0]
    with engine.connect() as conn:
        moves = conn.execute(select(AuditLog.id).where(AuditLog.action == "adjustment.move")).all()
    assert len(moves) == 1


def test_reads_are_scoped(engine: Engine) -> None:
    own, other = _record(engine), _record(engine, agency_id=OTHER, round_id=None)
    assert list_adjustments(engine, AGENCY)["proposal_id"].tolist() == [own]
    assert list_adjustments(engine, AGENCY, agency_id=OTHER)["proposal_id"].tolist() == [own]
    assert list_adjustments(engine, OTHER_AGENCY)["proposal_id"].tolist() == [other]
    assert sorted(list_adjustments(engine, LEADER)["proposal_id"]) == sorted([own, other])
    assert list_adjustments(engine, STAFF, agency_id=OTHER)["proposal_id"].tolist() == [other]
    assert list_adjustments(engine, STAFF, round_id=OPEN_ROUND)["proposal_id"].tolist() == [own]
    row = list_adjustments(engine, STAFF, agency_id=OTHER).iloc[0]
    assert row["year"] is None or row["year"] != row["year"]  # not tied to a round


def test_every_type_can_be_recorded(engine: Engine) -> None:
    for kind in AdjustmentType:
        record_adjustment(engine, OWN, kind.value, "内容", "科室", principal=STAFF)
    assert sorted(list_adjustments(engine, STAFF)["kind"]) == sorted(
        k.value for k in AdjustmentType
    )
