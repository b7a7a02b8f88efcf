"""自评填报 view models over the small round (tests/data_access/small_round.py): the agency's
form (items with maximum and evaluation points in either language, editable or why not), the
office's overview (states, filled counts, the gap once scored) and one agency's detail."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine, update

from data_access.models import EvaluationRound
from data_access.reader import Reader
from data_access.scope import RoundRef
from data_access.self_evaluation_writes import reopen_self_evaluation, save_self_evaluation
from tests.data_access.small_round import (
    AGENCY,
    OPEN_ROUND,
    OTHER,
    OWN,
    STAFF,
    TODAY,
    build_small_round,
)
from views.names import Names
from views.overview_tables import attention_table
from views.self_evaluation import build_detail, build_form, build_overview

RND = RoundRef(OPEN_ROUND, 2030, "2030年度评估", "评估中", "2030 evaluation")
FULL = {"A1a": (6.0, "纪要"), "A1b": (4.0, None), "X-WS-1": (90.0, None)}


@pytest.fixture()
def engine(fresh_engine: Engine) -> Engine:
    return build_small_round(fresh_engine)


def _submit(engine: Engine) -> None:
    save_self_evaluation(engine, OPEN_ROUND, OWN, FULL, principal=AGENCY, submit=True, today=TODAY)


def test_the_form_shows_each_item_with_max_and_evaluation_points(engine: Engine) -> None:
    form = build_form(Reader(engine, AGENCY), RND, "zh", OWN, TODAY)
    assert form is not None and form.editable and form.notice is None
    assert [i.code for i in form.items] == ["A1a", "A1b", "X-WS-1"]
    first = form.items[0]
    assert (first.label, first.max_points, first.eval_point) == (
        "A1a 重大事项报批",
        6.0,
        "重大事项报批的评估要点",
    )
    assert (first.part, form.items[2].part) == ("共性指标", "个性指标")
    assert form.state_label == "未填报"
    assert form.window == "填报时间：不限（批次完成前均可填报）"
    english = build_form(Reader(engine, AGENCY), RND, "en", OWN, TODAY)
    assert english is not None
    assert english.agency == "Foreign Affairs Office"
    assert (english.items[0].label, english.items[0].eval_point) == (
        "A1a A1a in English",
        "evaluation point of A1a",
    )
    assert english.items[2].part == "Individual indicator"


def test_the_form_counts_what_is_entered(engine: Engine) -> None:
    save_self_evaluation(
        engine, OPEN_ROUND, OWN, {"A1a": (5.5, None)}, principal=AGENCY, today=TODAY
    )
    form = build_form(Reader(engine, AGENCY), RND, "zh", OWN, TODAY)
    assert form is not None
    kpis = {k.label: k.value for k in form.kpis}
    # one of three items scored; the common total is 5.5 of A1a 6 + A1b 4 = 10
    assert kpis == {"已填项目": "1 / 3", "共性指标自评合计": "5.5 / 10.0"}
    assert form.status_line.startswith("状态：草稿 · 最近保存：")
    assert form.status_line.endswith("（liaison）")


def test_a_submitted_form_is_locked_and_a_reopened_one_says_why(engine: Engine) -> None:
    _submit(engine)
    form = build_form(Reader(engine, AGENCY), RND, "zh", OWN, TODAY)
    assert form is not None and not form.editable
    assert form.notice_level == "success" and "已提交" in (form.notice or "")
    reopen_self_evaluation(engine, OPEN_ROUND, OWN, principal=STAFF, note="请补充佐证")
    again = build_form(Reader(engine, AGENCY), RND, "en", OWN, TODAY)
    assert again is not None and again.editable
    assert again.state_label == "Reopened"
    assert again.notice is not None and again.notice.endswith("Note: 请补充佐证")
    assert again.revision != form.revision  # the inputs start again from what is stored


def test_a_closed_window_locks_the_form_with_the_date(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(EvaluationRound)
            .where(EvaluationRound.id == OPEN_ROUND)
            .values(self_eval_opens=dt.date(2030, 6, 1), self_eval_closes=dt.date(2030, 6, 10))
        )
    form = build_form(Reader(engine, AGENCY), RND, "en", OWN, TODAY)
    assert form is not None and not form.editable
    assert form.notice == "Self-evaluation closed on 2030-06-10; it can no longer be changed."
    assert form.window == "Open from 2030-06-01 to 2030-06-10"


def test_the_overview_shows_states_and_the_gap_once_submitted(engine: Engine) -> None:
    before = build_overview(Reader(engine, STAFF), RND, "zh")
    rows = before.table.frame.set_index("agency_id")
    # 市统计局's self scores from the score sheet: (5.5 − 5) + (2 − 2) = 0.5 over 10 = 5 %
    assert rows.loc[OTHER, "gap_points"] == pytest.approx(0.5)
    assert rows.loc[OTHER, "gap_share"] == pytest.approx(5.0)
    assert rows.loc[OTHER, "flag"] == ""
    assert rows.loc[OWN, "state"] == "未填报" and rows.loc[OWN, "filled"] == "0 / 3"
    _submit(engine)
    after = build_overview(Reader(engine, STAFF), RND, "zh")
    rows = after.table.frame.set_index("agency_id")
    # (6 − 4) + (4 − 3) = 3 points over 10 = 30 % → 自评偏高
    assert (rows.loc[OWN, "gap_points"], rows.loc[OWN, "gap_share"]) == (3.0, 30.0)
    assert rows.loc[OWN, "flag"] == "自评偏高" and rows.loc[OWN, "state"] == "已提交"
    kpis = {k.label: k.value for k in after.kpis}
    assert kpis == {"评估对象": 2, "已提交": 1, "填报中": 0, "未填报": 1, "自评偏高": 1}
    # the agency user's own overview holds only itself
    own = build_overview(Reader(engine, AGENCY), RND, "zh")
    assert own.table.frame["agency_id"].tolist() == [OWN]


def test_the_detail_compares_with_the_team_and_offers_reopening(engine: Engine) -> None:
    detail = build_detail(Reader(engine, STAFF), RND, "zh", OWN)
    assert detail is not None and not detail.can_reopen
    assert detail.gap.startswith("自评与评估组评分差距：尚无可比的指标")
    _submit(engine)
    detail = build_detail(Reader(engine, STAFF), RND, "en", OWN)
    assert detail is not None and detail.can_reopen
    frame = detail.table.frame.set_index("code")
    assert frame.loc["A1a", ["submitted", "team", "diff"]].tolist() == [6.0, 4.0, 2.0]
    assert frame.loc["A1a", "note"] == "纪要"
    assert detail.gap == "Self-vs-team gap: 3.0 points (30.0% of max); flag: Self-rated too high"
    completed = RoundRef(OPEN_ROUND, 2030, "2030年度评估", "已完成", None)
    locked = build_detail(Reader(engine, STAFF), completed, "zh", OWN)
    assert locked is not None and not locked.can_reopen
    assert locked.reopen_blocked is not None and "已完成" in locked.reopen_blocked


def test_the_overviews_attention_list_flags_a_submission(engine: Engine) -> None:
    """自评偏高 on the overview comes from the same scored round: absent before the agency
    submits, there (30 %, 3.0 points) after."""

    def flagged() -> list[str]:
        result = Reader(engine, STAFF).round_result(OPEN_ROUND)
        table = attention_table(result, pd.DataFrame(), TODAY, Names("zh"), "zh")
        return [str(d) for d in table.frame.to_dict("records") if "自评偏高" in str(d)]

    assert flagged() == []
    _submit(engine)
    [row] = flagged()
    assert "市外事办公室" in row and "30.0" in row and "3.0" in row
