"""Queries for the leadership pages (overview, ranking, methodology).

Each function runs parameterized, set-based SQL and returns a small DataFrame (columns in the
docstring) or a plain value; an ``agency_id`` argument limits the result to that agency.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine, distinct, func, select

from data_access.db import frame
from data_access.models import (
    CLOSED_STATE,
    Agency,
    EvaluationRound,
    ExternalRating,
    Finding,
    IndividualIndicator,
    Rectification,
    RectificationEvent,
    Score,
    SurveyImport,
    SurveyResponse,
)
from data_access.scope import Principal

__all__ = [
    "FRESHNESS_SOURCES",
    "previous_round",
    "overdue_rectifications",
    "data_freshness",
    "individual_indicator_table",
]

# Order in which the overview lists the data sources.
FRESHNESS_SOURCES = ("scores", "ratings", "surveys", "findings", "rectifications")


def _scope(column: Any, agency_id: int | None) -> Any:
    return column == agency_id if agency_id is not None else True


def previous_round(engine: Engine, principal: Principal, round_id: int) -> dict[str, Any] | None:
    """The newest round of an earlier year than ``round_id``'s (round_id, year, name), or
    None."""
    this_year = select(EvaluationRound.year).where(EvaluationRound.id == round_id).scalar_subquery()
    stmt = (
        select(EvaluationRound.id, EvaluationRound.year, EvaluationRound.name)
        .where(EvaluationRound.year < this_year)
        .order_by(EvaluationRound.year.desc())
        .limit(1)
    )
    with engine.connect() as conn:
        row = conn.execute(stmt).first()
    return (
        None
        if row is None
        else {"round_id": int(row.id), "year": int(row.year), "name": str(row.name)}
    )


def overdue_rectifications(
    engine: Engine,
    principal: Principal,
    round_id: int,
    today: dt.date,
    agency_id: int | None = None,
) -> pd.DataFrame:
    """Columns: agency_id, agency, short_name, finding_id, description, severity, state,
    deadline — rectifications of the round's findings past their deadline and not closed,
    oldest deadline first."""
    agency_id = principal.scoped_agency(agency_id)
    stmt = (
        select(
            Agency.id.label("agency_id"),
            Agency.name.label("agency"),
            Agency.short_name,
            Finding.id.label("finding_id"),
            Finding.description,
            Finding.severity,
            Rectification.state,
            Rectification.deadline,
        )
        .join(Finding, Finding.id == Rectification.finding_id)
        .join(Agency, Agency.id == Finding.agency_id)
        .where(
            Finding.round_id == round_id,
            Rectification.state != CLOSED_STATE,
            Rectification.deadline < today,
            _scope(Finding.agency_id, agency_id),
        )
        .order_by(Rectification.deadline, Agency.name, Finding.id)
    )
    with engine.connect() as conn:
        return frame(conn, stmt)


def data_freshness(
    engine: Engine, principal: Principal, round_id: int, agency_id: int | None = None
) -> pd.DataFrame:
    """Columns: source (one of FRESHNESS_SOURCES), latest (date or datetime; None without
    data), n — the newest entry of each kind of input for the round, and how many there are.

    scores: score.updated_at (rows); ratings: external_rating.entered_at (ratings); surveys:
    survey_import.imported_at (imported files; for an agency, files holding its responses);
    findings: finding.found_date (findings); rectifications: rectification_event.at (events).
    """
    agency_id = principal.scoped_agency(agency_id)
    survey_files = select(SurveyImport.imported_at, SurveyImport.id).where(
        SurveyImport.round_id == round_id
    )
    if agency_id is not None:
        survey_files = survey_files.where(
            SurveyImport.id.in_(
                select(SurveyResponse.import_id).where(
                    SurveyResponse.round_id == round_id, SurveyResponse.agency_id == agency_id
                )
            )
        )
    files = survey_files.subquery()
    statements = {
        "scores": select(func.max(Score.updated_at), func.count(Score.id)).where(
            Score.round_id == round_id, _scope(Score.agency_id, agency_id)
        ),
        "ratings": select(func.max(ExternalRating.entered_at), func.count(ExternalRating.id)).where(
            ExternalRating.round_id == round_id, _scope(ExternalRating.agency_id, agency_id)
        ),
        "surveys": select(func.max(files.c.imported_at), func.count(distinct(files.c.id))),
        "findings": select(func.max(Finding.found_date), func.count(Finding.id)).where(
            Finding.round_id == round_id, _scope(Finding.agency_id, agency_id)
        ),
        "rectifications": select(func.max(RectificationEvent.at), func.count(RectificationEvent.id))
        .join(Rectification, Rectification.id == RectificationEvent.rectification_id)
        .join(Finding, Finding.id == Rectification.finding_id)
        .where(Finding.round_id == round_id, _scope(Finding.agency_id, agency_id)),
    }
    rows = []
    with engine.connect() as conn:
        for source in FRESHNESS_SOURCES:
            latest, n = conn.execute(statements[source]).one()
            rows.append({"source": source, "latest": latest, "n": int(n or 0)})
    return pd.DataFrame(rows, columns=["source", "latest", "n"])


def individual_indicator_table(engine: Engine, principal: Principal, round_id: int) -> pd.DataFrame:
    """Columns: agency_type, code, name, weight, eval_point — the round's individual ("X")
    indicators, by agency type."""
    stmt = (
        select(
            IndividualIndicator.agency_type,
            IndividualIndicator.code,
            IndividualIndicator.name,
            IndividualIndicator.weight,
            IndividualIndicator.eval_point,
        )
        .where(IndividualIndicator.round_id == round_id)
        .order_by(IndividualIndicator.agency_type, IndividualIndicator.id)
    )
    with engine.connect() as conn:
        return frame(conn, stmt)
