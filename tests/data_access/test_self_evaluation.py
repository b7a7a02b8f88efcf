"""自评填报 Self-evaluation in the data layer, on SQLite and PostgreSQL: what it covers, drafts
that never count, a submission that feeds the self-vs-team gap at once, every refusal writing
nothing (closed or not yet open window, completed round, submitted, wrong agency or role,
scores out of range, blanks on submit), the office reopening, the window command's writer,
and the demo data. The numbers come from tests/data_access/small_round.py."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select, update

from data_access.audit import data_version
from data_access.models import AuditLog, EvaluationRound, Score, SelfEvaluationEntry
from data_access.round_inputs import score_round_from_db
from data_access.scope import AccessDenied, Principal
from data_access.self_evaluation import (
    SelfEvaluationRefused,
    self_evaluation_overview,
    self_evaluation_sheet,
    self_evaluation_window,
    set_self_evaluation_window,
)
from data_access.self_evaluation_writes import (
    add_demo_self_evaluations,
    reopen_self_evaluation,
    save_self_evaluation,
)
from domain.vocab import Role, SelfEvalState
from tests.data_access.small_round import (
    ADMIN,
    AGENCY,
    DONE_ROUND,
    LEADER,
    OPEN_ROUND,
    OTHER,
    OTHER_AGENCY,
    OWN,
    STAFF,
    TODAY,
    build_small_round,
)

FULL = {"A1a": (6.0, "党组会议纪要 3 份"), "A1b": (4.0, None), "X-WS-1": (90.0, "审批台账")}


@pytest.fixture()
def engine(fresh_engine: Engine) -> Engine:
    return build_small_round(fresh_engine)


def _version(engine: Engine) -> int:
    with engine.connect() as conn:
        return data_version(conn)


def _self_scores(engine: Engine, agency_id: int = OWN) -> dict[str, Any]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(Score.code, Score.self_score).where(
                Score.round_id == OPEN_ROUND, Score.agency_id == agency_id
            )
        ).all()
    return {r.code: r.self_score for r in rows}


def _gap(engine: Engine, agency_id: int = OWN) -> tuple[float, float, bool]:
    s = score_round_from_db(engine, OPEN_ROUND).summary.set_index("agency_id").loc[agency_id]
    return float(s["self_gap_points"]), float(s["self_gap_share"]), bool(s["self_overrated"])


def _save(engine: Engine, entries: Any = None, **kwargs: Any) -> str:
    kwargs.setdefault("principal", AGENCY)
    kwargs.setdefault("today", TODAY)
    return save_self_evaluation(
        engine, OPEN_ROUND, OWN, FULL if entries is None else entries, **kwargs
    )


def _window(engine: Engine, opens: dt.date | None, closes: dt.date | None) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(EvaluationRound)
            .where(EvaluationRound.id == OPEN_ROUND)
            .values(self_eval_opens=opens, self_eval_closes=closes)
        )


def test_the_sheet_covers_team_leaves_and_individual_indicators(engine: Engine) -> None:
    sheet = self_evaluation_sheet(engine, AGENCY, OPEN_ROUND, OWN)
    assert sheet is not None and sheet.state is None
    items = sheet.items.set_index("code")
    # A2a is a deduct leaf (scored from findings): nothing to self-score.
    assert list(items.index) == ["A1a", "A1b", "X-WS-1"]
    assert list(items["max_points"]) == [6.0, 4.0, 100.0]
    assert items.loc["A1a", "eval_point"] == "重大事项报批的评估要点"
    assert items.loc["A1a", "team_score"] == 4.0
    # 市统计局 has no individual indicator of its type; its stored self scores prefill the form.
    other = self_evaluation_sheet(engine, STAFF, OPEN_ROUND, OTHER)
    assert other is not None
    assert other.items["code"].tolist() == ["A1a", "A1b"]
    assert other.items["score"].tolist() == [5.5, 2.0]


def test_an_agency_user_reads_only_its_own(engine: Engine) -> None:
    asked_other = self_evaluation_sheet(engine, AGENCY, OPEN_ROUND, OTHER)
    assert asked_other is not None and asked_other.agency_id == OWN
    assert self_evaluation_overview(engine, AGENCY, OPEN_ROUND)["agency_id"].tolist() == [OWN]
    assert sorted(self_evaluation_overview(engine, STAFF, OPEN_ROUND)["agency_id"]) == [OWN, OTHER]
    # a round that does not evaluate the agency: nothing
    assert self_evaluation_sheet(engine, OTHER_AGENCY, DONE_ROUND, OTHER) is None


def test_a_draft_is_stored_audited_and_never_counts(engine: Engine) -> None:
    before = _version(engine)
    state = _save(engine, {"A1a": (6.0, " 会议纪要 "), "A1b": (None, None)})
    assert state == SelfEvalState.DRAFT
    assert _version(engine) == before + 1
    sheet = self_evaluation_sheet(engine, AGENCY, OPEN_ROUND, OWN)
    assert sheet is not None and sheet.state == SelfEvalState.DRAFT
    assert sheet.items["score"].iloc[0] == 6.0 and pd.isna(sheet.items["score"].iloc[1])
    assert sheet.items["note"].tolist()[0] == "会议纪要"
    assert _self_scores(engine) == {"A1a": None, "A1b": None}  # scoring's input untouched
    assert math.isnan(_gap(engine)[0])
    with engine.connect() as conn:
        action = conn.execute(select(AuditLog.action).order_by(AuditLog.id.desc())).scalar()
        entries = conn.execute(select(func.count()).select_from(SelfEvaluationEntry)).scalar()
    assert action == "self_eval.save"
    assert entries == 1  # blank items store nothing


def test_a_submission_feeds_the_gap_at_once(engine: Engine) -> None:
    assert _save(engine, submit=True) == SelfEvalState.SUBMITTED
    assert _self_scores(engine) == {"A1a": 6.0, "A1b": 4.0, "X-WS-1": 90.0}  # X-WS-1 row added
    # Σ(self − team) over A1a, A1b = (6 − 4) + (4 − 3) = 3 points; Σ max = 6 + 4 = 10;
    # 3 / 10 = 30 % > 10 % → 自评偏高. (X-WS-1 has no team score: not compared.)
    assert _gap(engine) == (3.0, 0.3, True)
    overview = self_evaluation_overview(engine, STAFF, OPEN_ROUND).set_index("agency_id")
    assert overview.loc[OWN, "state"] == SelfEvalState.SUBMITTED
    assert (overview.loc[OWN, "filled"], overview.loc[OWN, "items"]) == (3, 3)
    assert pd.isna(overview.loc[OTHER, "state"])
    assert (overview.loc[OTHER, "filled"], overview.loc[OTHER, "items"]) == (0, 2)


def _refused(engine: Engine, call: Any, expected: type[Exception], words: str) -> None:
    before = (_version(engine), _self_scores(engine))
    with pytest.raises(expected) as info:
        call()
    assert words in str(info.value)
    assert (_version(engine), _self_scores(engine)) == before  # nothing written


@pytest.mark.parametrize(
    ("entries", "words"),
    [
        ({"A1a": (6.5, None)}, "A1a：自评分 6.5 超出范围 0–6"),
        ({"A1b": (-1, None)}, "A1b：自评分 -1 超出范围 0–4"),
        ({"A1b": (float("nan"), None)}, "超出范围"),
        ({"X-WS-1": (100.5, None)}, "X-WS-1：自评分 100.5 超出范围"),
        ({"A2a": (1.0, None)}, "A2a 不在本单位的自评范围内"),
        ({"A1a": (1.0, "很" * 2001)}, "佐证说明超过 2000 字"),
    ],
)
def test_bad_entries_are_refused(engine: Engine, entries: Any, words: str) -> None:
    _refused(engine, lambda: _save(engine, entries), SelfEvaluationRefused, words)


def test_submitting_with_blanks_names_them(engine: Engine) -> None:
    entries = {"A1a": (6.0, None), "A1b": (None, "稍后补")}
    _refused(
        engine,
        lambda: _save(engine, entries, submit=True),
        SelfEvaluationRefused,
        "尚未打分：A1b、X-WS-1",
    )


def test_the_window_refuses_before_it_opens_and_after_it_closes(engine: Engine) -> None:
    _window(engine, dt.date(2030, 6, 1), dt.date(2030, 6, 30))
    assert _save(engine, today=dt.date(2030, 6, 1)) == SelfEvalState.DRAFT  # inclusive
    assert _save(engine, today=dt.date(2030, 6, 30)) == SelfEvalState.DRAFT
    _refused(
        engine,
        lambda: _save(engine, today=dt.date(2030, 7, 1)),
        SelfEvaluationRefused,
        "自评填报已于 2030-06-30 截止",
    )
    _refused(
        engine,
        lambda: _save(engine, today=dt.date(2030, 5, 31), lang="en"),
        SelfEvaluationRefused,
        "it opens on 2030-06-01",
    )


def test_a_completed_round_refuses(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(EvaluationRound).where(EvaluationRound.id == OPEN_ROUND).values(status="已完成")
        )
    _refused(engine, lambda: _save(engine), SelfEvaluationRefused, "2030年度评估已完成")


def test_a_submitted_self_evaluation_is_refused_until_reopened(engine: Engine) -> None:
    _save(engine, submit=True)
    changed = {**FULL, "A1a": (3.0, None)}
    _refused(engine, lambda: _save(engine, changed), SelfEvaluationRefused, "自评已提交")
    _refused(
        engine, lambda: _save(engine, changed, submit=True), SelfEvaluationRefused, "自评已提交"
    )


@pytest.mark.parametrize(
    ("principal", "agency_id", "words"),
    [
        (OTHER_AGENCY, OWN, "只能填报本单位的自评"),
        (AGENCY, OTHER, "只能填报本单位的自评"),
        (Principal("nobody", Role.AGENCY, None), OWN, "只能填报本单位的自评"),
        (STAFF, OWN, "只有评估对象本单位的联络员"),
        (LEADER, OWN, "只有评估对象本单位的联络员"),
    ],
)
def test_only_the_agencys_own_user_may_write(
    engine: Engine, principal: Principal, agency_id: int, words: str
) -> None:
    def call() -> Any:
        return save_self_evaluation(
            engine, OPEN_ROUND, agency_id, {"A1a": (1.0, None)}, principal=principal, today=TODAY
        )

    _refused(engine, call, AccessDenied, words)


def test_the_office_reopens_and_the_agency_submits_again(engine: Engine) -> None:
    _save(engine, submit=True)
    reopen_self_evaluation(engine, OPEN_ROUND, OWN, principal=STAFF, note="A1a 佐证不足")
    sheet = self_evaluation_sheet(engine, AGENCY, OPEN_ROUND, OWN)
    assert sheet is not None
    assert (sheet.state, sheet.reopened_by, sheet.reopen_note) == (
        "已退回",
        "staff",
        "A1a 佐证不足",
    )
    # Reopened: the last submission still counts until the next one.
    assert _gap(engine) == (3.0, 0.3, True)
    assert _save(engine, {**FULL, "A1a": (4.5, "补充纪要")}) == SelfEvalState.REOPENED
    assert _save(engine, {**FULL, "A1a": (4.5, "补充纪要")}, submit=True) == "已提交"
    # (4.5 − 4) + (4 − 3) = 1.5 points over 10 → 15 %, still above 10 %.
    assert _gap(engine) == (1.5, 0.15, True)
    with engine.connect() as conn:
        actions = conn.execute(select(AuditLog.action).order_by(AuditLog.id)).scalars().all()
    assert actions == [
        "self_eval.submit",
        "self_eval.reopen",
        "self_eval.save",
        "self_eval.submit",
    ]


def test_reopening_is_refused_when_it_should_be(engine: Engine) -> None:
    _refused(
        engine,
        lambda: reopen_self_evaluation(engine, OPEN_ROUND, OWN, principal=STAFF),
        SelfEvaluationRefused,
        "只有已提交的自评可以退回（当前：未填报）",
    )
    _save(engine)
    _refused(
        engine,
        lambda: reopen_self_evaluation(engine, OPEN_ROUND, OWN, principal=STAFF, lang="en"),
        SelfEvaluationRefused,
        "(it is: Draft)",
    )
    _save(engine, submit=True)
    for who in (AGENCY, LEADER):
        _refused(
            engine,
            lambda who=who: reopen_self_evaluation(engine, OPEN_ROUND, OWN, principal=who),
            AccessDenied,
            "只有编办工作人员和管理员可以退回自评",
        )
    with engine.begin() as conn:
        conn.execute(
            update(EvaluationRound).where(EvaluationRound.id == OPEN_ROUND).values(status="已完成")
        )
    _refused(
        engine,
        lambda: reopen_self_evaluation(engine, OPEN_ROUND, OWN, principal=ADMIN),
        SelfEvaluationRefused,
        "已完成",
    )


def test_the_window_is_set_by_administrators(engine: Engine) -> None:
    opens, closes = dt.date(2030, 6, 1), dt.date(2030, 6, 30)
    before = _version(engine)
    set_self_evaluation_window(engine, 2030, opens, closes, principal=ADMIN)
    window = self_evaluation_window(engine, AGENCY, OPEN_ROUND)
    assert window is not None and (window.opens, window.closes) == (opens, closes)
    assert _version(engine) == before + 1
    with pytest.raises(AccessDenied):
        set_self_evaluation_window(engine, 2030, None, None, principal=STAFF)
    with pytest.raises(SelfEvaluationRefused, match="早于开始日期"):
        set_self_evaluation_window(engine, 2030, closes, opens, principal=ADMIN)
    with pytest.raises(SelfEvaluationRefused, match="已完成"):
        set_self_evaluation_window(engine, 2029, opens, closes, principal=ADMIN)
    set_self_evaluation_window(engine, 2030, None, None, principal=ADMIN)  # no limit again
    window = self_evaluation_window(engine, AGENCY, OPEN_ROUND)
    assert window is not None and (window.opens, window.closes) == (None, None)


def test_demo_self_evaluations_keep_the_scores(engine: Engine) -> None:
    scores = (_self_scores(engine, OWN), _self_scores(engine, OTHER))
    assert add_demo_self_evaluations(engine) == 2
    assert add_demo_self_evaluations(engine) == 0  # once
    overview = self_evaluation_overview(engine, STAFF, OPEN_ROUND).set_index("agency_id")
    # 市外事办公室 submitted, 市统计局 a draft holding its stored self scores
    assert overview.loc[OWN, "state"] == "已提交" and overview.loc[OTHER, "state"] == "草稿"
    assert overview.loc[OTHER, "filled"] == 2
    assert (_self_scores(engine, OWN), _self_scores(engine, OTHER)) == scores
