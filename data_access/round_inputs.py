"""Load one round's scoring inputs in a handful of set-based queries, and score it.

`score_round_from_db` is the only place that turns database rows into a RoundResult; pages,
exports and the command line all go through it (cached by data version in the app).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from sqlalchemy import Engine, and_, select

from data_access.db import frame
from data_access.models import (
    CLOSED_STATE,
    Agency,
    City,
    CityPopulation,
    EvaluationRound,
    ExternalRating,
    Finding,
    Indicator,
    IndividualIndicator,
    PeerStaffing,
    Rectification,
    RoundAgency,
    Score,
    Staffing,
    SurveyAnswer,
    SurveyResponse,
    Workload,
)
from scoring import RoundConfig, RoundInputs, RoundResult, score_round
from scoring.tree import DEFAULT_PRIMARY_WORKLOAD

__all__ = [
    "RoundNotFound",
    "round_info",
    "load_round_inputs",
    "score_round_from_db",
    "primary_metric",
]

FALLBACK_WORKLOAD_METRIC = "办件量"


class RoundNotFound(LookupError):
    pass


def round_info(engine: Engine, round_id: int) -> dict[str, Any]:
    """The round's id, year, name, status and configuration (as stored)."""
    with engine.connect() as conn:
        row = conn.execute(
            select(
                EvaluationRound.id,
                EvaluationRound.year,
                EvaluationRound.name,
                EvaluationRound.status,
                EvaluationRound.config,
            ).where(EvaluationRound.id == round_id)
        ).first()
    if row is None:
        raise RoundNotFound(f"no evaluation round with id {round_id}")
    return {
        "round_id": row.id,
        "year": row.year,
        "name": row.name,
        "status": row.status,
        "config": dict(row.config or {}),
    }


def primary_metric(agency_type: str) -> str:
    """The workload metric compared across cities for a type (办件量 unless configured)."""
    return DEFAULT_PRIMARY_WORKLOAD.get(agency_type, FALLBACK_WORKLOAD_METRIC)


def load_round_inputs(engine: Engine, round_id: int) -> tuple[RoundInputs, RoundConfig, int]:
    """Everything score_round needs for one round, plus its configuration and year."""
    info = round_info(engine, round_id)
    year = int(info["year"])
    in_round = select(RoundAgency.agency_id).where(RoundAgency.round_id == round_id)
    with engine.connect() as conn:
        agencies = frame(
            conn,
            select(
                Agency.id.label("agency_id"),
                Agency.name,
                Agency.short_name,
                Agency.agency_type,
                Agency.nature,
            )
            .where(Agency.id.in_(in_round))
            .order_by(Agency.id),
        )
        tree = frame(
            conn,
            select(
                Indicator.code,
                Indicator.parent_code.label("parent"),
                Indicator.level,
                Indicator.name,
                Indicator.max_points,
                Indicator.source,
                Indicator.eval_point,
            )
            .where(Indicator.round_id == round_id)
            .order_by(Indicator.sort_order, Indicator.id),
        )
        individual_indicators = frame(
            conn,
            select(
                IndividualIndicator.agency_type,
                IndividualIndicator.code,
                IndividualIndicator.name,
                IndividualIndicator.weight,
                IndividualIndicator.eval_point,
            )
            .where(IndividualIndicator.round_id == round_id)
            .order_by(IndividualIndicator.id),
        )
        scores = frame(
            conn,
            select(
                Score.agency_id,
                Score.code,
                Score.team_score,
                Score.self_score,
                Score.note,
            ).where(Score.round_id == round_id, Score.agency_id.in_(in_round)),
        )
        ratings = frame(
            conn,
            select(
                ExternalRating.id.label("rating_id"),
                ExternalRating.agency_id,
                ExternalRating.rater,
                ExternalRating.matter,
                ExternalRating.rating,
            ).where(ExternalRating.round_id == round_id, ExternalRating.agency_id.in_(in_round)),
        )
        answers = frame(
            conn,
            select(
                SurveyResponse.agency_id,
                SurveyResponse.questionnaire,
                SurveyAnswer.response_id,
                SurveyAnswer.item,
                SurveyAnswer.answer,
            )
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .where(
                SurveyResponse.round_id == round_id,
                SurveyResponse.status == "accepted",
                SurveyResponse.agency_id.in_(in_round),
            ),
        )
        findings = frame(
            conn,
            select(
                Finding.id.label("finding_id"),
                Finding.agency_id,
                Finding.indicator_code,
                Finding.severity,
                Finding.category,
                Finding.source,
                Finding.in_ledger,
                Finding.found_date,
                Rectification.state,
            )
            .outerjoin(Rectification, Rectification.finding_id == Finding.id)
            .where(Finding.round_id == round_id, Finding.agency_id.in_(in_round)),
        )
        staffing = frame(
            conn,
            select(
                Staffing.agency_id,
                Staffing.authorized_xz,
                Staffing.authorized_sy,
                Staffing.authorized_gq,
                Staffing.actual_xz,
                Staffing.actual_sy,
                Staffing.actual_gq,
            ).where(Staffing.year == year, Staffing.agency_id.in_(in_round)),
        )
        workload = frame(
            conn,
            select(
                Workload.agency_id,
                Workload.metric,
                Workload.value,
            ).where(Workload.year == year, Workload.agency_id.in_(in_round)),
        )
        types = select(Agency.agency_type).where(Agency.id.in_(in_round))
        peers = frame(
            conn,
            select(
                City.name.label("city"),
                PeerStaffing.agency_type,
                (
                    PeerStaffing.authorized_xz
                    + PeerStaffing.authorized_sy
                    + PeerStaffing.authorized_gq
                ).label("authorized_total"),
                PeerStaffing.actual_total,
                PeerStaffing.workload_metric,
                PeerStaffing.workload_value.label("workload"),
                CityPopulation.population,
            )
            .join(City, City.id == PeerStaffing.city_id)
            .outerjoin(
                CityPopulation,
                and_(CityPopulation.city_id == City.id, CityPopulation.year == year),
            )
            .where(
                PeerStaffing.year == year,
                City.is_home.is_(False),
                PeerStaffing.agency_type.in_(types),
            ),
        )
        home_population = conn.execute(
            select(CityPopulation.population)
            .join(City, City.id == CityPopulation.city_id)
            .where(City.is_home.is_(True), CityPopulation.year == year)
        ).scalar()

    common_codes = set(tree["code"])
    individual_codes = set(individual_indicators["code"])
    team_scores = scores[scores["code"].isin(common_codes)].reset_index(drop=True)
    individual_scores = scores[scores["code"].isin(individual_codes)].drop(columns=["note"])

    findings["is_open"] = findings["state"].fillna("") != CLOSED_STATE
    findings["in_ledger"] = findings["in_ledger"].astype(bool)
    findings["year"] = pd.to_datetime(findings["found_date"]).dt.year
    findings = findings.drop(columns=["found_date", "state"])

    # Only the primary workload metric of each agency's type is compared.
    primary = agencies.set_index("agency_id")["agency_type"].map(primary_metric)
    workload = workload[workload["metric"] == workload["agency_id"].map(primary)]
    peer_primary = peers["agency_type"].map(primary_metric)
    peers.loc[peers["workload_metric"] != peer_primary, "workload"] = math.nan
    peers = peers.drop(columns=["workload_metric"])

    inputs = RoundInputs(
        agencies=agencies,
        tree=tree,
        team_scores=team_scores,
        individual_indicators=individual_indicators,
        individual_scores=individual_scores.reset_index(drop=True),
        ratings=ratings,
        survey_answers=answers,
        findings=findings,
        staffing=staffing,
        workload=workload.reset_index(drop=True),
        peers=peers,
        home_population=float(home_population) if home_population is not None else math.nan,
    )
    return inputs, RoundConfig.from_dict(info["config"]), year


def score_round_from_db(engine: Engine, round_id: int) -> RoundResult:
    """Load and score one round (the single entry point for every consumer)."""
    inputs, config, _year = load_round_inputs(engine, round_id)
    return score_round(inputs, config)
