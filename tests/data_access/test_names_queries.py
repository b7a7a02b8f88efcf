"""Stored names, Chinese beside English (data_access.names_queries, queries.list_rounds), on the
demo data: every stored name has its English name, and an agency user gets only its own."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from data_access.models import (
    Agency,
    AgencyType,
    EvaluationRound,
    Indicator,
    IndividualIndicator,
    PeerStaffing,
    Workload,
)
from data_access.names_queries import (
    agency_names,
    agency_type_names,
    indicator_names,
    metric_names,
)
from data_access.queries import list_rounds
from data_access.scope import SYSTEM, Principal
from domain.vocab import Role
from scoring.tree import DEFAULT_COMMON_TREE

ROUND_2022, ROUND_2024 = 1, 3


def _scalar(engine: Engine, stmt):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(stmt).scalar()


@pytest.fixture(scope="module")
def keji(demo_engine: Engine) -> Principal:
    """The demo agency user (市科学技术局)."""
    agency_id = _scalar(demo_engine, select(Agency.id).where(Agency.name == "市科学技术局"))
    return Principal("agency", Role.AGENCY, int(agency_id))


def test_every_stored_name_of_the_demo_has_an_english_name(demo_engine: Engine) -> None:
    def missing(column, *where):  # type: ignore[no-untyped-def]
        return _scalar(demo_engine, select(func.count()).where(column.is_(None), *where))

    assert missing(Agency.name_en) == missing(Agency.short_name_en) == 0
    assert missing(EvaluationRound.name_en) == 0
    assert missing(Indicator.name_en) == missing(IndividualIndicator.name_en) == 0
    # An evaluation point in English wherever there is one in Chinese (leaves only).
    assert missing(Indicator.eval_point_en, Indicator.eval_point.is_not(None)) == 0
    assert missing(IndividualIndicator.eval_point_en) == 0
    assert missing(Workload.metric_en) == 0
    with demo_engine.connect() as conn:
        types = set(conn.execute(select(Agency.agency_type)).scalars())
        types |= set(conn.execute(select(PeerStaffing.agency_type)).scalars())
        named = dict(conn.execute(select(AgencyType.name, AgencyType.name_en)).tuples().all())
    assert types == set(named) and all(named.values())


def test_agency_names_for_the_office(demo_engine: Engine) -> None:
    every = agency_names(demo_engine, SYSTEM)
    assert list(every.columns) == ["agency_id", "name", "name_en", "short_name", "short_name_en"]
    assert len(every) == 44 and every["agency_id"].is_monotonic_increasing
    row = every.set_index("name").loc["市科学技术局"]
    assert (row["name_en"], row["short_name"], row["short_name_en"]) == (
        "Municipal Science and Technology Bureau",
        "科技局",
        "Science & Technology Bureau",
    )
    assert len(agency_names(demo_engine, SYSTEM, ROUND_2022)) == 7  # the 2022 pilot


def test_agency_names_for_an_agency_user_are_its_own(demo_engine: Engine, keji: Principal) -> None:
    for round_id in (None, ROUND_2022, ROUND_2024):
        own = agency_names(demo_engine, keji, round_id)
        assert own["agency_id"].tolist() == [keji.agency_id]
    nowhere = Principal("x", Role.AGENCY, None)  # an agency user without an agency
    assert agency_names(demo_engine, nowhere).empty


def test_agency_type_names(demo_engine: Engine, keji: Principal) -> None:
    types = agency_type_names(demo_engine, keji)
    assert list(types.columns) == ["agency_type", "name_en"]
    assert len(types) == 44
    named = dict(zip(types["agency_type"], types["name_en"], strict=True))
    assert named["科技"] == "Science & technology"
    assert named["行政审批"] == "Administrative approval"


def test_indicator_names_list_the_tree_then_the_individual_indicators(demo_engine: Engine) -> None:
    names = indicator_names(demo_engine, SYSTEM, ROUND_2022)
    assert list(names.columns) == [
        "code",
        "name",
        "name_en",
        "eval_point",
        "eval_point_en",
        "eval_method",
        "eval_method_en",
        "kind",
    ]
    common = names[names["kind"] == "common"]
    assert common["code"].tolist() == [r["code"] for r in DEFAULT_COMMON_TREE]  # tree order
    individual = names[names["kind"] == "individual"]
    # The 2022 pilot's types with individual indicators: 发改 4, 外事 3, 教育 3, 科技 4,
    # 行政审批 4 (DEFAULT_INDIVIDUAL_INDICATORS) = 18, after the 47 tree rows.
    assert len(individual) == 18
    assert names.index[len(common) :].tolist() == individual.index.tolist()
    a1a = names.set_index("code").loc["A1a"]
    assert (a1a["name"], a1a["name_en"]) == ("重大事项报批", "Approval of major matters")
    assert a1a["eval_point_en"].startswith("Major staffing matters")
    x = names.set_index("code").loc["X-KJ-1"]
    assert (x["name"], x["name_en"]) == ("研发投入强度", "R&D intensity")
    assert pd.isna(names.set_index("code").loc["A", "eval_point_en"])  # inner nodes: none
    # each leaf's method (评估方法) by its source; none on inner nodes or individual indicators
    assert a1a["eval_method_en"] == "On-site: forums, interviews, document review"
    assert pd.isna(names.set_index("code").loc["A", "eval_method"])
    assert pd.isna(x["eval_method"])


def test_metric_names(demo_engine: Engine, keji: Principal) -> None:
    every = metric_names(demo_engine, SYSTEM)
    assert list(every.columns) == ["metric", "metric_en"]
    assert len(every) == 44 and every["metric"].is_unique
    # The 科技 agencies' metrics: 项目数 (primary) and 高新技术企业数 (seed_data.SECOND_WORKLOAD).
    own = metric_names(demo_engine, keji)
    assert dict(zip(own["metric"], own["metric_en"], strict=True)) == {
        "项目数": "Projects",
        "高新技术企业数": "High-tech enterprises",
    }


def test_list_rounds_carries_the_english_name(demo_engine: Engine, keji: Principal) -> None:
    rounds = list_rounds(demo_engine, keji)
    assert list(rounds.columns) == ["round_id", "year", "name", "status", "n_agencies", "name_en"]
    assert rounds["year"].tolist() == [2024, 2023, 2022]
    assert rounds["name_en"].tolist()[-1] == "2022 Staffing Use & Efficiency Evaluation (Pilot)"
