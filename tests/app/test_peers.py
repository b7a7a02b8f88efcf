"""横向对比 and 编制与用编 through AppTest, per role: the filters come from and go to the URL, the
figures are the view model's, an agency user sees its own type and agency only, and the
profile links to the staffing page."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import errors, metrics, new_app, sign_in
from tests.app.test_overview import all_text, open_page

PEERS, STAFFING = "pages/peers.py", "pages/staffing.py"
USERS = {
    "leader": "demo-leader",
    "staff": "demo-staff",
    "admin": "demo-admin",
    "agency": "demo-agency",
}


def _table(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.mark.parametrize("role", ["leader", "staff", "admin"])
def test_office_roles_open_the_type_in_the_url(demo_env: str, role: str) -> None:
    at = open_page(sign_in(new_app(), role, USERS[role]), PEERS, type="外事", year="2024")
    assert not errors(at)
    assert at.query_params["type"] == "外事" and at.query_params["year"] == "2024"
    cities = _table(at, "in_fit")
    assert cities["city"].iloc[0] == "济宁（本市）" and len(cities) == 16
    assert "预期编制数" in metrics(at)
    # the province-wide table lists every evaluated agency of the round (22 in 2024)
    province = _table(at, "agency_type")
    assert len(province) == 22
    shown = province["residual_pct"].dropna().tolist()
    assert shown == sorted(shown, reverse=True)


def test_changing_the_type_goes_into_the_url(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "leader", USERS["leader"]), PEERS)
    at.selectbox(key="pe_type_zh").set_value("科技").run()
    assert not errors(at)
    assert at.query_params["type"] == "科技"
    assert "市科学技术局" in all_text(at)


def test_an_agency_user_sees_its_own_type_only(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "agency", USERS["agency"]), PEERS, type="外事", agency="6")
    assert not errors(at)
    types = at.selectbox(key="pe_type_zh")
    assert list(types.options) == ["科技"]
    province = _table(at, "agency_type")
    assert list(province["agency"]) == ["市科学技术局"]
    text = all_text(at)
    assert "市外事办公室" not in text


def test_the_staffing_page_and_the_profile_link(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "leader", USERS["leader"]), STAFFING, agency="9")
    assert not errors(at)
    text = all_text(at)
    assert "市科学技术局" in text and "领导职数：核定与实配" in text
    assert len(at.get("vega_lite_chart")) == 4  # posts, leaders, workload, retirements
    at = open_page(sign_in(new_app(), "agency", USERS["agency"]), STAFFING, agency="6")
    assert not errors(at) and "市外事办公室" not in all_text(at)
    assert "市科学技术局" in all_text(at)
    at = open_page(sign_in(new_app(), "leader", USERS["leader"]), "pages/profile.py", agency="9")
    assert any(link.label == "编制与用编" for link in at.get("page_link"))
