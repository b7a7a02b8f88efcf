"""民意测评 through AppTest, per role: every agency's SI for office roles (sorted, with n and
the sample status), an agency user sees only its own agency whatever the URL asks, and the
questionnaire filter comes from and goes to the URL."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import errors, new_app, sign_in
from tests.app.test_overview import open_page

SURVEYS = "pages/surveys.py"
USERS = {"leader": "demo-leader", "staff": "demo-staff", "admin": "demo-admin"}


def _table(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.mark.parametrize("role", ["leader", "staff", "admin"])
def test_office_roles_see_every_agency_sorted(demo_env: str, role: str) -> None:
    at = open_page(sign_in(new_app(), role, USERS[role]), SURVEYS, q="评估调查问卷")
    assert not errors(at)
    assert at.query_params["q"] == "评估调查问卷"
    table = _table(at, "满意度指数")
    assert len(table) > 10
    shown = [float(v) for v in table["满意度指数"] if v != "—"]
    assert shown == sorted(shown, reverse=True)
    assert set(table["样本"]) <= {"充足", "小样本", "不公布（n < 5）"}
    assert any("导入质量报告" in s.value for s in at.subheader)


def test_an_agency_user_sees_only_its_own_agency(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "agency", "demo-agency"), SURVEYS, agency="1")
    assert not errors(at)
    table = _table(at, "满意度指数")
    assert list(table["单位"]) == ["市科学技术局"]
    quality = _table(at, "文件")
    assert set(quality["单位"]) <= {"市科学技术局"}
