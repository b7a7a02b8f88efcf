"""自评填报 through AppTest, per role, on a copy of the demo data (the page writes): a leader is
turned away; the demo agency user (市科学技术局) sees its items with maximum and evaluation
points, saves a draft and submits (the self score reaches the score table); staff and
administrators see every agency's state and reopen a submitted one; English labels."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from data_access.models import Agency, Score, SelfEvaluation
from tests.app.helpers import errors, metrics, new_app, sign_in

PAGE = "pages/self_evaluation.py"
OWN = "市科学技术局"


def _open(user: str, lang: str = "zh") -> AppTest:
    at = sign_in(new_app(), user, f"demo-{user}")
    at.session_state["lang"] = lang
    at.switch_page(PAGE).run()
    return at


def _score_input(at: AppTest, code: str) -> Any:
    return next(n for n in at.number_input if n.label.startswith(f"{code} "))


def _status(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith(("状态：", "State: ")))


def _button(at: AppTest, label: str) -> Any:
    return next(b for b in at.button if b.label == label)


def _own_id(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(Agency.id).where(Agency.name == OWN)).scalar_one())


def _state(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return conn.execute(
            select(SelfEvaluation.state).where(SelfEvaluation.agency_id == _own_id(engine))
        ).scalar()


def _self_score(engine: Engine, code: str) -> float | None:
    with engine.connect() as conn:
        return conn.execute(
            select(Score.self_score)
            .where(Score.agency_id == _own_id(engine), Score.code == code)
            .order_by(Score.round_id.desc())
        ).scalar()


def test_a_leader_is_turned_away(demo_db: Engine) -> None:
    at = _open("leader")
    assert [e.value for e in at.error] == ["您没有访问此页面的权限。"]
    assert not at.number_input


def test_the_agency_user_drafts_and_submits(demo_db: Engine) -> None:
    at = _open("agency")
    assert errors(at) == []
    assert at.header[0].value.endswith("自评填报")
    # 16 team-scored leaves of the common tree and the 4 individual indicators of 科技
    assert len(at.number_input) == 20
    a1a = _score_input(at, "A1a")
    assert a1a.label == "A1a 自评分（0–3）" and a1a.max == 3.0 and a1a.min == 0.0
    # maximum and evaluation points beside the item (Markdown-escaped: stored text)
    assert "共性指标 · 满分 3 · 重大机构编制事项经党组研究、按程序报批" in [
        c.value for c in at.caption
    ]
    assert metrics(at)["已填项目"] == "20 / 20"  # prefilled with the self scores on record
    assert _status(at).startswith("状态：未填报 · 尚未保存")
    stored = _self_score(demo_db, "A1a")

    _score_input(at, "A1a").set_value(1.5)
    next(a for a in at.text_area if a.label == "A1a 佐证说明").input("党组会议纪要")
    _button(at, "保存草稿").click()
    at.run()
    assert errors(at) == []
    assert [s.value for s in at.success] == ["草稿已保存。"]
    assert _status(at).startswith("状态：草稿 · 最近保存")
    assert _state(demo_db) == "草稿"
    assert _self_score(demo_db, "A1a") == stored  # a draft does not count
    assert _score_input(at, "A1a").value == 1.5  # the form shows the draft

    _button(at, "提交").click()
    at.run()
    assert errors(at) == []
    assert [s.value for s in at.success] == [
        "自评已提交，自评分已计入评估。",
        "自评已提交，不能再修改。如需修改，请联系编办退回。",
    ]
    assert _state(demo_db) == "已提交"
    assert _self_score(demo_db, "A1a") == 1.5
    assert all(n.disabled for n in at.number_input)  # locked after submitting


def test_the_agency_user_in_english(demo_db: Engine) -> None:
    at = _open("agency", "en")
    assert errors(at) == []
    assert _score_input(at, "A1a").label == "A1a self score (0–3)"
    assert [b.label for b in at.button if b.label in ("Save draft", "Submit")] == [
        "Save draft",
        "Submit",
    ]


@pytest.mark.parametrize("user", ["staff", "admin"])
def test_the_office_sees_states_and_reopens(demo_db: Engine, user: str) -> None:
    agency = _open("agency")
    _button(agency, "提交").click()
    agency.run()
    assert _state(demo_db) == "已提交"

    at = _open(user)
    assert errors(at) == []
    assert not at.number_input  # no form for the office
    # the demo's two submissions (市外事办公室, 市教育局) and the one just made
    assert metrics(at)["已提交"] == "3"
    frame = at.dataframe[0].value
    row = frame[frame["agency"] == OWN].iloc[0]
    assert row["state"] == "已提交"
    at.selectbox(key="self_eval_agency_zh").set_value(_own_id(demo_db)).run()
    assert any(s.value.startswith(OWN) for s in at.subheader)
    at.text_input[0].input("A1a 佐证不足")
    _button(at, "退回").click()
    at.run()
    assert errors(at) == []
    assert [s.value for s in at.success] == [f"已退回{OWN}的自评。"]
    assert _state(demo_db) == "已退回"
