"""Queries named for intent: each runs parameterized, set-based SQL and returns plain values
or small DataFrames (columns listed in the docstring). Aggregation happens in the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine, and_, case, distinct, func, select

from data_access.db import read_frame
from data_access.models import (
    CLOSED_STATE,
    Agency,
    EvaluationRound,
    ExternalRating,
    Finding,
    Rectification,
    RoundAgency,
    SurveyResponse,
)
from data_access.scope import Principal

__all__ = [
    "list_rounds",
    "round_overview",
    "rectification_state_counts",
    "survey_status_counts",
    "agency_name",
]


def list_rounds(engine: Engine, principal: Principal) -> pd.DataFrame:
    """Columns: round_id, year, name, status, n_agencies, name_en (missing when not
    entered) — newest first."""
    stmt = (
        select(
            EvaluationRound.id.label("round_id"),
            EvaluationRound.year,
            EvaluationRound.name,
            EvaluationRound.status,
            func.count(RoundAgency.agency_id).label("n_agencies"),
            EvaluationRound.name_en,
        )
        .outerjoin(RoundAgency, RoundAgency.round_id == EvaluationRound.id)
        .group_by(
            EvaluationRound.id,
            EvaluationRound.year,
            EvaluationRound.name,
            EvaluationRound.status,
            EvaluationRound.name_en,
        )
        .order_by(EvaluationRound.year.desc())
    )
    return read_frame(engine, stmt)


def agency_name(engine: Engine, principal: Principal, agency_id: int) -> str | None:
    """The agency's name; None when unknown or not the principal's to see."""
    if not principal.may_see(agency_id):
        return None
    with engine.connect() as conn:
        return conn.execute(select(Agency.name).where(Agency.id == agency_id)).scalar()


def _agency_filter(column: Any, agency_id: int | None) -> Any:
    return column == agency_id if agency_id is not None else True


def round_overview(
    engine: Engine,
    principal: Principal,
    round_id: int,
    agency_id: int | None = None,
    today: dt.date | None = None,
) -> dict[str, int]:
    """Headline counts for a round (optionally one agency): agencies, findings (all, open),
    overdue rectifications, survey responses (all, accepted), ratings and raters."""
    today = today or dt.date.today()
    agency_id = principal.scoped_agency(agency_id)
    with engine.connect() as conn:
        agencies = conn.execute(
            select(func.count())
            .select_from(RoundAgency)
            .where(
                RoundAgency.round_id == round_id,
                _agency_filter(RoundAgency.agency_id, agency_id),
            )
        ).scalar_one()
        findings = conn.execute(
            select(
                func.count(Finding.id),
                func.sum(  # open: not closed, and not fixed on the spot (立行立改)
                    case(
                        (
                            and_(
                                Finding.on_the_spot.is_(False),
                                func.coalesce(Rectification.state, "") != CLOSED_STATE,
                            ),
                            1,
                        ),
                        else_=0,
                    )
                ),
                func.sum(
                    case(
                        (
                            and_(
                                Rectification.state != CLOSED_STATE, Rectification.deadline < today
                            ),
                            1,
                        ),
                        else_=0,
                    )
                ),
            )
            .select_from(Finding)
            .outerjoin(Rectification, Rectification.finding_id == Finding.id)
            .where(Finding.round_id == round_id, _agency_filter(Finding.agency_id, agency_id))
        ).one()
        surveys = conn.execute(
            select(
                func.count(SurveyResponse.id),
                func.sum(case((SurveyResponse.status == "accepted", 1), else_=0)),
            ).where(
                SurveyResponse.round_id == round_id,
                _agency_filter(SurveyResponse.agency_id, agency_id),
            )
        ).one()
        ratings = conn.execute(
            select(func.count(ExternalRating.id), func.count(distinct(ExternalRating.rater))).where(
                ExternalRating.round_id == round_id,
                _agency_filter(ExternalRating.agency_id, agency_id),
            )
        ).one()
    return {
        "agencies": int(agencies),
        "findings": int(findings[0] or 0),
        "findings_open": int(findings[1] or 0),
        "overdue": int(findings[2] or 0),
        "responses": int(surveys[0] or 0),
        "responses_accepted": int(surveys[1] or 0),
        "ratings": int(ratings[0] or 0),
        "raters": int(ratings[1] or 0),
    }


def rectification_state_counts(
    engine: Engine,
    principal: Principal,
    round_id: int,
    agency_id: int | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Columns: state, n, overdue — rectifications of the round's findings by state."""
    today = today or dt.date.today()
    agency_id = principal.scoped_agency(agency_id)
    stmt = (
        select(
            Rectification.state,
            func.count(Rectification.id).label("n"),
            func.sum(
                case(
                    (and_(Rectification.state != CLOSED_STATE, Rectification.deadline < today), 1),
                    else_=0,
                )
            ).label("overdue"),
        )
        .join(Finding, Finding.id == Rectification.finding_id)
        .where(Finding.round_id == round_id, _agency_filter(Finding.agency_id, agency_id))
        .group_by(Rectification.state)
    )
    return read_frame(engine, stmt)


def survey_status_counts(
    engine: Engine, principal: Principal, round_id: int, agency_id: int | None = None
) -> pd.DataFrame:
    """Columns: questionnaire, accepted, duplicate, too_fast, straightlined."""
    agency_id = principal.scoped_agency(agency_id)
    r = SurveyResponse
    stmt = (
        select(
            r.questionnaire,
            func.sum(case((r.status == "accepted", 1), else_=0)).label("accepted"),
            func.sum(case((r.status == "duplicate", 1), else_=0)).label("duplicate"),
            func.sum(case((r.status == "too_fast", 1), else_=0)).label("too_fast"),
            func.sum(case((r.straightlined.is_(True), 1), else_=0)).label("straightlined"),
        )
        .where(r.round_id == round_id, _agency_filter(r.agency_id, agency_id))
        .group_by(r.questionnaire)
        .order_by(r.questionnaire)
    )
    return read_frame(engine, stmt)
