"""评估批次, 指标体系 and 审计日志 through AppTest on a copy of the demo data: only the administrator sees
them (leader, staff and agency get the localized no-access message and nothing read); the
admin creates a round by copying, chooses its agencies, moves it on with the confirmation,
and the audit log lists those writes, filters by the URL and shows an entry's before → after;
English labels."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from data_access.models import EvaluationRound, ImportBatch, Indicator, RoundAgency
from data_access.reader import Reader
from data_access.scope import Principal
from domain.vocab import Role
from tests.app.helpers import errors, new_app, sign_in
from views.tree_admin import editable_tree

ROUNDS, AUDIT, TREE = "pages/rounds.py", "pages/audit_log.py", "pages/indicator_tree.py"
FORBIDDEN = {"zh": "您没有访问此页面的权限。", "en": "You do not have access to this page."}


def _open(page: str, who: str, lang: str = "zh", **params: str) -> AppTest:
    at = sign_in(new_app(), who, f"demo-{who}")
    at.session_state["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    return at


@pytest.mark.parametrize("user", ["leader", "staff", "agency"])
@pytest.mark.parametrize("page", [ROUNDS, AUDIT, TREE])
def test_only_the_administrator_may_open_them(demo_db: Engine, user: str, page: str) -> None:
    at = _open(page, user)
    assert [e.value for e in at.error] == [FORBIDDEN["zh"]]
    assert not at.dataframe  # nothing read
    assert [b.key for b in at.button] == ["logout_button"]  # no form


def test_the_no_access_message_is_in_english_too(demo_db: Engine) -> None:
    at = _open(AUDIT, "staff", lang="en")
    assert [e.value for e in at.error] == [FORBIDDEN["en"]]


def _button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def _round(engine: Engine, year: int) -> tuple[str, int] | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(EvaluationRound.id, EvaluationRound.status).where(EvaluationRound.year == year)
        ).first()
        if row is None:
            return None
        n = len(conn.execute(select(RoundAgency).where(RoundAgency.round_id == row.id)).all())
    return str(row.status), n


def test_the_admin_creates_a_round_chooses_agencies_and_moves_it_on(demo_db: Engine) -> None:
    at = _open(ROUNDS, "admin")
    assert errors(at) == []
    assert list(at.dataframe[0].value["year"]) == ["2024", "2023", "2022"]
    # Create 2025 by copying 2024 (the form proposes the next year and the newest round).
    assert at.number_input[0].value == 2025
    at.text_input[0].input("2025年度评估")
    at.text_input[1].input("2025 evaluation")
    _button(at, "新建").click().run()
    assert errors(at) == []
    assert "已新建 2025 年度评估批次" in at.success[0].value
    assert _round(demo_db, 2025) == ("准备中", 0)
    assert list(at.dataframe[0].value["year"])[0] == "2025"
    # Choose it, add two agencies from the registry.
    at.selectbox(key="rounds_manage_year").select(2025).run()
    at.multiselect[0].select("市科学技术局").select("市外事办公室")
    _button(at, "保存评估对象").click().run()
    assert errors(at) == []
    assert _round(demo_db, 2025) == ("准备中", 2)
    # Moving on needs the confirmation: without it nothing changes.
    _button(at, "推进到“评估中”").click().run()
    assert [e.value for e in at.error] == ["请先勾选确认。"]
    assert _round(demo_db, 2025) == ("准备中", 2)
    at.checkbox[0].check()
    _button(at, "推进到“评估中”").click().run()
    assert errors(at) == []
    assert _round(demo_db, 2025) == ("评估中", 2)
    # The next move is 已完成, and its warning says what freezing means.
    assert any(b.label == "推进到“已完成”" for b in at.button)
    assert any("冻结该批次且不可撤销" in w.value for w in at.warning)

    # The audit log lists those writes; the action filter comes from the URL.
    at = _open(AUDIT, "admin", action="round.status")
    assert errors(at) == []
    listed = at.dataframe[0].value
    assert set(listed["action"]) == {"round.status"}
    newest = listed.iloc[0]
    assert (newest["user"], newest["entity"], newest["changed"]) == (
        "admin",
        "evaluation_round",
        "status",
    )
    at = _open(AUDIT, "admin", user="admin", entity="evaluation_round")
    assert list(at.dataframe[0].value["action"][:3]) == [
        "round.status",
        "round.agencies",
        "round.create",
    ]


def test_a_completed_round_is_read_only_with_the_reason(demo_db: Engine) -> None:
    at = _open(ROUNDS, "admin")
    at.selectbox(key="rounds_manage_year").select(2023).run()
    assert any("已冻结" in i.value for i in at.info)
    assert at.multiselect[0].disabled
    assert _button(at, "保存评估对象").disabled
    assert _button(at, "保存填报时间").disabled
    assert _button(at, "已完成（不可再推进）").disabled


def test_english_labels(demo_db: Engine) -> None:
    at = _open(ROUNDS, "admin", lang="en")
    assert errors(at) == []
    assert at.header[0].value == "Evaluation rounds"
    assert list(at.dataframe[0].value["status"]) == ["In progress", "Completed", "Completed"]
    at = _open(AUDIT, "admin", lang="en")
    assert errors(at) == []
    assert at.header[0].value == "Audit log"
    assert [s.label for s in at.selectbox][:3] == ["User", "Action", "Table"]


def _points(engine: Engine, year: int, *codes: str) -> list[float]:
    with engine.connect() as conn:
        stored = dict(
            conn.execute(
                select(Indicator.code, Indicator.max_points)
                .join(EvaluationRound, EvaluationRound.id == Indicator.round_id)
                .where(EvaluationRound.year == year, Indicator.code.in_(codes))
            ).all()
        )
    return [float(stored[c]) for c in codes]


def _batches(engine: Engine) -> int:
    with engine.connect() as conn:
        return len(conn.execute(select(ImportBatch.id)).all())


def _edited(engine: Engine, **points: float) -> object:
    frame = editable_tree(Reader(engine, Principal("admin", Role.ADMIN)), 2024, "zh")
    for code, value in points.items():
        frame.loc[frame["指标代码"] == code, "分值"] = value
    return frame


def test_a_tree_change_is_checked_previewed_and_saved_only_when_confirmed(
    demo_db: Engine,
) -> None:
    at = _open(TREE, "admin")
    assert errors(at) == []
    assert at.button[0].label == "检查并预览"
    batches = _batches(demo_db)
    # B1 = B1a 6 + B1b 3 + B1c 3 = 12: B1a 7 and B1b 2 keep the sum (B1b is rated, no
    # team score to exceed its new maximum).
    at.session_state["tree_pending"] = (2024, "zh", _edited(demo_db, B1a=7, B1b=2))
    at.run()
    assert errors(at) == []
    assert "检查通过：新增 0，更新 2" in at.markdown[0].value
    side_by_side = at.dataframe[-1].value
    assert list(side_by_side.columns)[:3] == ["moved", "agency", "composite_before"]
    assert len(side_by_side) == 22  # every agency of the 2024 round
    assert any("等次或排名变化的单位" in c.value for c in at.caption)
    assert _points(demo_db, 2024, "B1a", "B1b") == [6.0, 3.0]  # nothing saved yet
    _button(at, "保存指标体系").click().run()
    assert [e.value for e in at.error] == ["请先勾选确认。"]
    assert _points(demo_db, 2024, "B1a", "B1b") == [6.0, 3.0]
    at.checkbox[0].check()
    _button(at, "保存指标体系").click().run()
    assert errors(at) == []
    assert "已保存（批次 #" in at.success[0].value
    assert _points(demo_db, 2024, "B1a", "B1b") == [7.0, 2.0]
    assert _batches(demo_db) == batches + 1


def test_a_tree_that_does_not_add_up_shows_the_importers_errors(demo_db: Engine) -> None:
    at = _open(TREE, "admin")
    at.session_state["tree_pending"] = (2024, "zh", _edited(demo_db, A=12))
    at.run()
    assert at.error[0].value.startswith("有 2 处错误，未保存任何内容")
    assert "一级指标分值合计 102，应为 100" in at.code[0].value
    assert not any(b.label == "保存指标体系" for b in at.button)
    assert _points(demo_db, 2024, "A") == [10.0]


def test_a_completed_rounds_tree_is_read_only(demo_db: Engine) -> None:
    at = _open(TREE, "admin", round="2023")
    assert any("指标体系已冻结" in i.value for i in at.info)
    assert not any(b.label == "检查并预览" for b in at.button)
