"""Loading a round from the database and scoring it: both engines agree to the last digit."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, update

from data_access.db import make_engine
from data_access.models import Agency, Staffing, SurveyResponse, Workload
from data_access.round_inputs import RoundNotFound, load_round_inputs, score_round_from_db
from reports.score_export import LONG_COLUMNS, WIDE_COLUMNS, render, score_rows, score_rows_long


@pytest.mark.parametrize("round_id", [1, 2, 3])
def test_engines_agree_to_the_last_digit(
    demo_engine: Engine, sqlite_demo_url: str, round_id: int
) -> None:
    # The same demo data on this engine and on a separate SQLite file; exports compared as
    # text, floats written at full precision (repr), so any difference in any digit fails.
    here = score_round_from_db(demo_engine, round_id)
    there = score_round_from_db(make_engine(sqlite_demo_url), round_id)
    assert render(score_rows(here), WIDE_COLUMNS, "csv") == render(
        score_rows(there), WIDE_COLUMNS, "csv"
    )
    assert render(score_rows_long(here), LONG_COLUMNS, "csv") == render(
        score_rows_long(there), LONG_COLUMNS, "csv"
    )


def test_the_2022_round_loads_its_seven_agencies(demo_engine: Engine) -> None:
    inputs, config, year = load_round_inputs(demo_engine, 1)
    assert year == 2022
    assert len(inputs.agencies) == 7
    assert len(inputs.tree) == 5 + 15 + 27  # DOMAIN §3: 5 L1, 15 L2, 27 L3 rows
    assert config.weight_common == 0.8
    # only accepted survey responses reach scoring, reduced in SQL to the aggregates
    assert inputs.survey_aggregates is not None
    _item_counts, respondents = inputs.survey_aggregates
    with demo_engine.connect() as conn:
        accepted = conn.execute(
            select(func.count())
            .select_from(SurveyResponse)
            .where(SurveyResponse.round_id == 1, SurveyResponse.status == "accepted")
        ).scalar()
    assert respondents["response_id"].nunique() == accepted > 0
    assert not inputs.ratings.empty and set(inputs.ratings["rating"]) <= {"好", "较好", "一般"}


def test_over_staffing_scores_zero_on_usage(demo_engine: Engine) -> None:
    # 市行政审批服务局 in 2023 (round 2): usage u = actual / authorized > 1.00 -> D1b = 0 of 5.
    with demo_engine.connect() as conn:
        agency_id = conn.execute(
            select(Agency.id).where(Agency.name == "市行政审批服务局")
        ).scalar()
        s = conn.execute(
            select(
                Staffing.authorized_xz,
                Staffing.authorized_sy,
                Staffing.authorized_gq,
                Staffing.actual_xz,
                Staffing.actual_sy,
                Staffing.actual_gq,
            ).where(Staffing.agency_id == agency_id, Staffing.year == 2023)
        ).one()
    authorized = s.authorized_xz + s.authorized_sy + s.authorized_gq
    actual = s.actual_xz + s.actual_sy + s.actual_gq
    assert actual > authorized
    result = score_round_from_db(demo_engine, 2)
    leaf = result.leaves[
        (result.leaves["agency_id"] == agency_id) & (result.leaves["code"] == "D1b")
    ].iloc[0]
    assert leaf["points"] == 0.0 and leaf["max_points"] == 5.0
    assert leaf["detail"]["u"] == actual / authorized
    assert leaf["detail"]["authorized_total"] == authorized


def test_unknown_round_raises(demo_engine: Engine) -> None:
    with pytest.raises(RoundNotFound):
        load_round_inputs(demo_engine, 999)


def test_a_marked_primary_metric_is_the_one_compared(demo_copy: Engine) -> None:
    """Without a mark each agency's type default is compared (办件量 for 行政审批); marking
    another of its metrics 是否主要指标 makes that metric the one the usage and peer leaves
    read, for the agency and for the peers of its type."""
    fresh_engine = demo_copy
    with fresh_engine.begin() as conn:
        agency_id, metric, value = conn.execute(
            select(Workload.agency_id, Workload.metric, Workload.value)
            .join(Agency, Agency.id == Workload.agency_id)
            .where(Workload.year == 2022, Workload.metric != "办件量")
            .where(Agency.agency_type == "行政审批")
        ).first()
    inputs, _config, _year = load_round_inputs(fresh_engine, 1)
    default = inputs.workload.set_index("agency_id").loc[agency_id]
    assert default["metric"] == "办件量" and default["value"] != value
    with fresh_engine.begin() as conn:
        conn.execute(
            update(Workload)
            .where(Workload.agency_id == agency_id, Workload.year == 2022)
            .values(is_primary=Workload.metric == metric)
        )
    inputs, _config, _year = load_round_inputs(fresh_engine, 1)
    marked = inputs.workload.set_index("agency_id").loc[agency_id]
    assert (marked["metric"], marked["value"]) == (metric, value)
    # the peers of the type are now compared on that metric, which they do not report
    peers = inputs.peers[inputs.peers["agency_type"] == "行政审批"]
    assert len(peers) > 0 and peers["workload"].isna().all()
