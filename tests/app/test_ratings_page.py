"""外部评价 through AppTest, per role: the filters come from and go to the URL, the counts are
the stored ratings', an agency user sees its own agency only with the raters anonymous unless
the round names them, the problems are searchable, and the page links to the agency profile."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from data_access.models import Agency, EvaluationRound, ExternalRating
from data_access.rating_settings import set_ratings_visibility
from data_access.scope import Principal
from domain.vocab import Role
from tests.app.helpers import errors, metrics, new_app, sign_in
from tests.app.test_overview import all_text, open_page

PAGE = "pages/ratings.py"
USERS = {"leader": "demo-leader", "staff": "demo-staff", "admin": "demo-admin"}
OWN = "市科学技术局"  # the demo agency user's agency


def _table(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _stored(engine: Engine, matter: str, agency: str | None = None) -> dict[str, int]:
    """好/较好/一般 counts of the 2024 round straight from the table."""
    e = ExternalRating
    stmt = (
        select(e.rating, func.count())
        .join(EvaluationRound, EvaluationRound.id == e.round_id)
        .where(EvaluationRound.year == 2024, e.matter == matter)
        .group_by(e.rating)
    )
    if agency is not None:
        stmt = stmt.join(Agency, Agency.id == e.agency_id).where(Agency.name == agency)
    with engine.connect() as conn:
        return {str(r): int(n) for r, n in conn.execute(stmt)}


@pytest.mark.parametrize("role", ["leader", "staff", "admin"])
def test_office_roles_see_every_agency_with_the_raters_named(demo_db: Engine, role: str) -> None:
    at = open_page(sign_in(new_app(), role, USERS[role]), PAGE, matter="党建")
    assert not errors(at)
    assert at.query_params["matter"] == "党建"
    summary = _table(at, "score_pct")
    assert set(summary["matter"]) == {"党建"} and len(summary) == summary["agency_id"].nunique()
    stored = _stored(demo_db, "党建")
    assert int(summary["good"].sum()) == stored["好"]
    assert int(summary["average"].sum()) == stored["一般"]
    assert metrics(at)["评价条数"] == f"{sum(stored.values()):,}"
    # every row's score is its counts' mean value (好 1.0, 较好 0.8, 一般 0.6), as a percent
    mean = (summary["good"] + 0.8 * summary["fairly_good"] + 0.6 * summary["average"]) / summary[
        "raters"
    ]
    assert (summary["score_pct"] - 100 * mean).abs().max() < 1e-9
    problems = _table(at, "problems")
    assert not problems.empty and "评价单位 1" not in set(problems["rater_label"])
    assert len(at.get("vega_lite_chart")) == 1  # the rater × agency heatmap


def test_an_agency_user_sees_its_own_ratings_with_anonymous_raters(demo_db: Engine) -> None:
    at = open_page(sign_in(new_app(), "agency", "demo-agency"), PAGE, agency="6")
    assert not errors(at)
    summary = _table(at, "score_pct")
    assert set(summary["agency_label"]) == {OWN}
    stored = _stored(demo_db, "党建", OWN)
    row = summary[summary["matter"] == "党建"].iloc[0]
    assert (row["good"], row["fairly_good"], row["average"]) == (
        stored.get("好", 0),
        stored.get("较好", 0),
        stored.get("一般", 0),
    )
    text = all_text(at)
    assert "市外事办公室" not in text and "市财政局" not in text
    assert "评价单位按本批次设置匿名显示。" in text
    problems = _table(at, "problems")
    assert problems["rater_label"].str.match(r"^评价单位 \d+$").all()
    # the office names the raters for this round: the agency user sees the names
    set_ratings_visibility(demo_db, 2024, True, principal=Principal("li", Role.ADMIN))
    at = open_page(sign_in(new_app(), "agency", "demo-agency"), PAGE)
    assert not errors(at)
    names = set(_table(at, "problems")["rater_label"])
    assert names and not any(n.startswith("评价单位 ") for n in names)


def test_the_problem_search_filters_and_goes_into_the_url(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "staff", USERS["staff"]), PAGE)
    before = _table(at, "problems")
    at.text_input(key="xr_query").set_value("信访").run()
    assert not errors(at)
    assert at.query_params["q"] == "信访"
    after = _table(at, "problems")
    assert 0 < len(after) < len(before)
    # found in the problem, the matter or the rater (市信访局), as the search's help says
    hay = after["problems"] + after["matter_label"] + after["rater_label"] + after["agency_full"]
    assert hay.str.contains("信访").all()
    assert (
        after["rater_label"].eq("市信访局").any() and after["matter_label"].eq("信访事项办理").any()
    )


def test_an_agency_in_the_url_links_to_its_profile_in_english(demo_env: str) -> None:
    at = open_page(sign_in(new_app(), "leader", USERS["leader"]), PAGE, lang="en", agency="6")
    assert not errors(at)
    assert at.query_params["agency"] == "6"
    assert set(_table(at, "score_pct")["agency_id"]) == {6}
    assert at.header[0].value.startswith("External ratings")
    links = [str(p.proto.page) for p in at.get("page_link")]
    assert any("profile" in link for link in links), links
