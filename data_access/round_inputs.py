"""Load one round's scoring inputs in a handful of set-based queries, and score it.

`score_round_from_db` is the only place that turns database rows into a RoundResult; pages,
exports and the command line all go through it (cached by data version in the app).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, and_, case, func, literal, null, select

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
from scoring.surveys import survey_answer_value, survey_item_weight
from scoring.tree import DEFAULT_PRIMARY_WORKLOAD

__all__ = [
    "RoundNotFound",
    "round_info",
    "load_round_inputs",
    "score_round_from_db",
    "primary_metric",
    "tree_query",
    "peer_posts_total",
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


def peer_posts_total() -> Any:
    """A peer city's authorized posts: Σ of the types it reported, NULL when it reported none
    (a missing count is never 0, or the city would count as a peer at x = 0; issue 10)."""
    posts = (PeerStaffing.authorized_xz, PeerStaffing.authorized_sy, PeerStaffing.authorized_gq)
    return case(
        (and_(*(p.is_(None) for p in posts)), null()),
        else_=sum((func.coalesce(p, 0) for p in posts[1:]), func.coalesce(posts[0], 0)),
    )


def tree_query(round_id: int) -> Any:
    """The round's common tree as scoring reads it (also the methodology's, unscored)."""
    return (
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
        .order_by(Indicator.sort_order, Indicator.id)
    )


def load_round_inputs(
    engine: Engine, round_id: int, config: dict[str, Any] | None = None
) -> tuple[RoundInputs, RoundConfig, int]:
    """Everything score_round needs for one round, plus its configuration and year.
    ``config``: a configuration to load with instead of the stored one (the what-if of a
    change of thresholds: survey answer values are applied where the answers are)."""
    info = round_info(engine, round_id)
    if config is not None:
        info["config"] = dict(config)
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
        tree = frame(conn, tree_query(round_id))
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
        survey_aggregates = _survey_aggregates(conn, round_id, in_round, info["config"])
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
                Finding.on_the_spot,
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
                Workload.is_primary,
            ).where(Workload.year == year, Workload.agency_id.in_(in_round)),
        )
        types = select(Agency.agency_type).where(Agency.id.in_(in_round))
        peers = frame(
            conn,
            select(
                City.name.label("city"),
                PeerStaffing.agency_type,
                peer_posts_total().label("authorized_total"),
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

    # 立行立改 (fixed on the spot) is not open; a finding awaiting its rectification is.
    on_the_spot = findings["on_the_spot"].astype(bool)
    findings["is_open"] = ~on_the_spot & (findings["state"].fillna("") != CLOSED_STATE)
    findings["in_ledger"] = findings["in_ledger"].astype(bool)
    findings["year"] = pd.to_datetime(findings["found_date"]).dt.year
    findings = findings.drop(columns=["found_date", "state", "on_the_spot"])

    # Only each agency's primary workload metric is compared: the one its workload marks as
    # 主要指标, else its type's default; the peers of a type are compared on the same metric.
    primary = agencies.set_index("agency_id")["agency_type"].map(primary_metric)
    marked = workload[workload["is_primary"].astype(bool)].drop_duplicates("agency_id")
    primary.update(marked.set_index("agency_id")["metric"])
    workload = workload[workload["metric"] == workload["agency_id"].map(primary)]
    workload = workload.drop(columns=["is_primary"])
    type_primary = dict(zip(agencies["agency_type"], agencies["agency_id"].map(primary)))
    peer_primary = peers["agency_type"].map(lambda t: type_primary.get(t, primary_metric(t)))
    peers.loc[peers["workload_metric"] != peer_primary, "workload"] = math.nan
    peers = peers.drop(columns=["workload_metric"])

    inputs = RoundInputs(
        agencies=agencies,
        tree=tree,
        team_scores=team_scores,
        individual_indicators=individual_indicators,
        individual_scores=individual_scores.reset_index(drop=True),
        ratings=ratings,
        survey_aggregates=survey_aggregates,
        findings=findings,
        staffing=staffing,
        workload=workload.reset_index(drop=True),
        peers=peers,
        home_population=float(home_population) if home_population is not None else math.nan,
    )
    return inputs, RoundConfig.from_dict(info["config"]), year


def _survey_aggregates(
    conn: Connection, round_id: int, in_round: Any, stored_config: dict[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The round's accepted survey answers reduced where they are, with GROUP BY, to the two
    tables scoring.score_survey_aggregates takes (item counts per answer text; per respondent
    Σ λ·value and Σ λ over valid answers). Which texts are valid and what they and the items
    weigh come from scoring (survey_answer_value, survey_item_weight), never from here."""
    config = RoundConfig.from_dict(stored_config)
    accepted = (
        # The answer's own round key: the index ix_survey_answer_round reads only this round.
        SurveyAnswer.round_id == round_id,
        SurveyResponse.round_id == round_id,
        SurveyResponse.status == "accepted",
        SurveyResponse.agency_id.in_(in_round),
    )
    joined = SurveyAnswer.__table__.join(
        SurveyResponse.__table__, SurveyResponse.id == SurveyAnswer.response_id
    )
    keys = (SurveyResponse.agency_id, SurveyResponse.questionnaire, SurveyAnswer.item)
    item_counts = frame(
        conn,
        select(*keys, SurveyAnswer.answer, func.count().label("count"))
        .select_from(joined)
        .where(*accepted)
        .group_by(*keys, SurveyAnswer.answer),
    )
    values = {}
    for text in item_counts["answer"].dropna().unique():
        value = survey_answer_value(text, config)
        if value is not None:
            values[str(text)] = value
    weight: Any = None
    weighted_sum: Any
    weight_sum: Any
    weighted = [
        (and_(SurveyResponse.questionnaire == q, SurveyAnswer.item == int(item)), lam)
        for q, by_item in config.item_weights.items()
        for item in by_item
        if str(item).isdigit() and str(int(item)) == str(item)
        for lam in [survey_item_weight(config, q, int(item))]
        if lam != 1.0
    ]
    if weighted:
        weight = case(*weighted, else_=literal(1.0))
    if values:
        # NULL for an answer that is not valid: SUM leaves it out.
        value_of = case(values, value=SurveyAnswer.answer)
        counted = case(dict.fromkeys(values, 1.0), value=SurveyAnswer.answer)
        if weighted:
            value_of, counted = weight * value_of, weight * counted
        weighted_sum = func.coalesce(func.sum(value_of), 0.0)
        weight_sum = func.coalesce(func.sum(counted), 0.0)
    else:
        weighted_sum = weight_sum = literal(0.0)
    respondents = frame(
        conn,
        select(
            SurveyResponse.agency_id,
            SurveyResponse.questionnaire,
            SurveyResponse.id.label("response_id"),
            weighted_sum.label("weighted_sum"),
            weight_sum.label("weight"),
        )
        .select_from(joined)
        .where(*accepted)
        .group_by(SurveyResponse.id, SurveyResponse.agency_id, SurveyResponse.questionnaire),
    )
    return item_counts, respondents


def score_round_from_db(engine: Engine, round_id: int) -> RoundResult:
    """Load and score one round (the single entry point for every consumer)."""
    inputs, config, _year = load_round_inputs(engine, round_id)
    return score_round(inputs, config)
