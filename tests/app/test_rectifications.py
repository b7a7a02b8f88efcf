"""整改跟踪 through AppTest, per role: the counts and the items as the database holds them,
filters from the URL, leaders read-only, an agency user sees and reports on its own items
only, staff record a finding and move it through its lifecycle; a stale move shows what the
item is now; English labels."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from data_access.db import make_engine
from data_access.models import Agency, EvaluationRound, Finding, Rectification
from data_access.rectifications import move_rectification
from data_access.scope import Principal
from domain.vocab import Role
from tests.app.helpers import errors, metrics, new_app, sign_in
from tests.app.test_overview import all_text, open_page

PAGE = "pages/rectifications.py"


def _items(url: str, year: int = 2024) -> pd.DataFrame:
    """The round's findings straight from the tables (not through the code under test)."""
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                Finding.id, Agency.name, Finding.on_the_spot, Rectification.id, Rectification.state
            )
            .join(Agency, Agency.id == Finding.agency_id)
            .join(EvaluationRound, EvaluationRound.id == Finding.round_id)
            .outerjoin(Rectification, Rectification.finding_id == Finding.id)
            .where(EvaluationRound.year == year)
        ).all()
    engine.dispose()
    return pd.DataFrame(rows, columns=["finding_id", "agency", "spot", "rect_id", "state"])


def _table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "finding_id" in d.value.columns)


@pytest.fixture()
def writable(monkeypatch: pytest.MonkeyPatch, sqlite_demo_url: str, tmp_path: Path) -> str:
    path = tmp_path / "demo.db"
    shutil.copyfile(sqlite_demo_url.split("///", 1)[1], path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    return url


def test_staff_see_every_item_counted_by_state(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "staff", "demo-staff"), PAGE)
    assert not errors(at)
    items = _items(demo_env)
    shown = metrics(at)
    for state in ("待整改", "整改中", "待验收", "已销号"):
        assert shown[state] == str(int((items["state"] == state).sum())), state
    table = _table(at)
    assert sorted(table["finding_id"]) == sorted(items["finding_id"])
    # Overdue first: the 2024 D2a item of 市住房和城乡建设局 (deadline 2026-10-31) is overdue.
    days = list(table["days"])
    overdue = [d for d in days if d.startswith("逾期")]
    assert overdue and days[: len(overdue)] == overdue
    assert shown["逾期"] == str(len(overdue))
    assert any(b.label == "登记" for b in at.button)  # the record form is there
    assert "监管台账与履职考核扣分（2024 年）" in all_text(at)


def test_filters_live_in_the_url(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "staff", "demo-staff"), PAGE, state="整改中", overdue="1")
    assert not errors(at)
    table = _table(at)
    assert len(table) >= 1
    assert set(table["state"]) == {"整改中"}
    assert all(d.startswith("逾期") for d in table["days"])


def test_leaders_read_only(demo_env: str) -> None:
    items = _items(demo_env)
    moving = items[items["state"] == "整改中"].iloc[0]
    at = open_page(
        sign_in(new_app(), "leader", "demo-leader"), PAGE, item=str(int(moving["finding_id"]))
    )
    assert not errors(at)
    text = all_text(at)
    assert "领导账号只读" in text and "整改过程" in text and "您不能变更此事项的状态。" in text
    labels = [b.label for b in at.button]
    assert "登记" not in labels and not any(label.startswith("改为") for label in labels)


def test_agency_user_sees_and_reports_on_its_own(writable: str) -> None:
    items = _items(writable)
    own = items[items["agency"] == "市科学技术局"]
    assert len(own) == 2  # the seed: C2a 整改中, C2b 待整改
    at = open_page(sign_in(new_app(), "agency", "demo-agency"), PAGE)
    assert not errors(at)
    table = _table(at)
    assert set(table["agency"]) == {"市科学技术局"}
    assert sorted(table["finding_id"]) == sorted(own["finding_id"])
    assert "按单位统计" not in all_text(at) and "监管台账" not in all_text(at)
    # 待整改: nothing to do for the agency.
    issued = int(own[own["state"] == "待整改"].iloc[0]["finding_id"])
    at = open_page(at, PAGE, item=str(issued))
    assert "您不能变更此事项的状态。" in all_text(at)
    # 整改中: report it done; without a note it is refused.
    working = own[own["state"] == "整改中"].iloc[0]
    at = open_page(at, PAGE, item=str(int(working["finding_id"])))
    button = next(b for b in at.button if b.label == "改为“待验收”")
    button.click().run()
    assert "请填写整改情况说明（佐证材料）。" in errors(at)
    at.text_area(key="rt_note").input("已制定整改方案并落实")
    next(b for b in at.button if b.label == "改为“待验收”").click().run()
    assert not errors(at)
    after = _items(writable).set_index("finding_id")
    assert after.loc[int(working["finding_id"]), "state"] == "待验收"
    assert "已改为“待验收”。" in all_text(at)


def test_staff_record_a_finding_and_a_stale_move_is_refused(writable: str) -> None:
    at = open_page(sign_in(new_app(), "staff", "demo-staff"), PAGE)
    before = _items(writable)
    at.text_area[0].input("三定规定以外设置内设机构")
    inputs = {t.label: t for t in at.text_input}
    inputs["整改责任科室"].input("职能运行监管科")
    inputs["责任人"].input("王某")
    next(b for b in at.button if b.label == "登记").click().run()
    assert not errors(at)
    after = _items(writable)
    new = after[~after["finding_id"].isin(before["finding_id"])]
    assert len(new) == 1 and new.iloc[0]["state"] == "待整改"
    assert f"已登记问题 #{int(new.iloc[0]['finding_id'])}。" in all_text(at)
    # The new item is open; someone else starts it meanwhile; this page still shows 待整改.
    finding_id, rect_id = int(new.iloc[0]["finding_id"]), int(new.iloc[0]["rect_id"])
    at = open_page(at, PAGE, item=str(finding_id))
    engine = make_engine(writable)
    move_rectification(
        engine, rect_id, "整改中", principal=Principal("li", Role.ADMIN), expected_state="待整改"
    )
    engine.dispose()
    next(b for b in at.button if b.label == "改为“整改中”").click().run()
    assert errors(at) == ["该事项刚被他人变更，当前状态为“整改中”。请刷新后再办理。"]


def test_english(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "staff", "demo-staff"), PAGE, lang="en")
    assert not errors(at)
    assert at.header[0].value.endswith("· Rectifications")
    assert {"Issued", "In progress", "Awaiting verification", "Closed", "Overdue"} <= set(
        metrics(at)
    )
    table = _table(at)
    assert any(d.endswith("days overdue") for d in table["days"])
    assert set(table["state"]) <= {
        "Issued",
        "In progress",
        "Awaiting verification",
        "Closed",
        "Awaiting an opinion",
        "Fixed on the spot",  # the demo's minor findings fixed at once (立行立改)
    }
