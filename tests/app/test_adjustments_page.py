"""调整意见 through AppTest, per role, on a copy of the demo data (staff write): leaders read every
agency's proposals without the forms; the agency user reads only its own; staff record one
(it appears, 待研究) and the filters follow the URL; the profile shows an agency's proposals;
English labels."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from data_access.models import AdjustmentProposal
from tests.app.helpers import errors, new_app, sign_in

PAGE = "pages/adjustments.py"
OWN = "市科学技术局"


def _open(user: str, lang: str = "zh", **params: str) -> AppTest:
    at = sign_in(new_app(), user, f"demo-{user}")
    at.session_state["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(PAGE).run()
    return at


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(AdjustmentProposal)).scalar_one())


def _counts(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "**" in m.value and " · " in m.value)


def _listed(at: AppTest) -> Any:
    return at.dataframe[0].value


def test_a_leader_reads_every_agency_without_the_forms(demo_db: Engine) -> None:
    at = _open("leader")
    assert errors(at) == []
    assert at.header[0].value == "调整意见"
    total = _count(demo_db)
    assert _counts(at).startswith(f"调整意见 **{total}** · 待研究 **")
    assert len(_listed(at)) == total and _listed(at)["agency"].nunique() > 1
    assert not at.expander  # no record form
    assert any(c.value.startswith("只读") for c in at.caption)
    assert [b.label for b in at.get("download_button")] == ["下载 CSV", "下载 Excel"]


def test_the_agency_user_reads_only_its_own(demo_db: Engine) -> None:
    at = _open("agency")
    assert errors(at) == []
    listed = _listed(at)
    assert set(listed["agency"]) == {OWN} and len(listed) >= 1
    assert not at.expander
    filters = [b.key for b in at.selectbox if b.key and b.key.startswith("adjustments_")]
    assert filters == ["adjustments_kind_zh", "adjustments_state_zh", "adjustments_year_zh"]


def test_staff_record_a_proposal(demo_db: Engine) -> None:
    at = _open("staff")
    before = _count(demo_db)
    assert at.expander[0].label == "录入调整意见"
    form = at.expander[0]
    form.selectbox[1].set_value("领导职数调整")  # the agency: the first, as offered
    form.text_area[0].input("核增副局长职数1名")
    form.text_input[0].input("机构编制科")
    next(b for b in form.button if b.label == "录入").click()
    at.run()
    assert errors(at) == []
    assert [s.value for s in at.success] == ["调整意见已录入（待研究）。"]
    assert _count(demo_db) == before + 1
    row = _listed(at).iloc[0]  # newest first
    assert (row["content"], row["kind"], row["state"]) == (
        "核增副局长职数1名",
        "领导职数调整",
        "待研究",
    )
    assert any(c.value == "在表中选择一条调整意见以办理。" for c in at.caption)


def test_a_blank_proposal_is_refused_with_the_reasons(demo_db: Engine) -> None:
    at = _open("admin")
    before = _count(demo_db)
    next(b for b in at.expander[0].button if b.label == "录入").click()
    at.run()
    assert [e.value for e in at.error] == ["请填写调整意见内容\n\n请填写责任科室"]
    assert _count(demo_db) == before


def test_the_filters_follow_the_url(demo_db: Engine) -> None:
    at = _open("staff", state="已办理")
    listed = _listed(at)
    assert len(listed) >= 1 and set(listed["state"]) == {"已办理"}
    assert at.selectbox(key="adjustments_state_zh").value == "已办理"
    at.selectbox(key="adjustments_state_zh").set_value("").run()
    assert "state" not in at.query_params
    assert len(_listed(at)) == _count(demo_db)


def test_english(demo_db: Engine) -> None:
    at = _open("staff", "en")
    assert errors(at) == []
    assert at.header[0].value == "Adjustment proposals"
    assert _counts(at).startswith(f"Proposals **{_count(demo_db)}** · To be studied **")
    assert set(_listed(at)["state"]) <= {"To be studied", "Under study", "Handled", "Not adopted"}


def test_the_profile_shows_the_agencys_proposals(demo_db: Engine) -> None:
    at = sign_in(new_app(), "agency", "demo-agency")
    at.switch_page("pages/profile.py").run()
    assert errors(at) == []
    assert "调整意见" in [s.value for s in at.subheader]
