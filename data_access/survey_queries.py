"""Survey reads for the 民意测评 page and the surveys export, each scoped by the principal (an
agency user gets only its own agency, whatever it asks for) and reduced in SQL. The figures
themselves (SI, rate, interval) come from the scored round (``results.round_result``)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from data_access.db import read_frame
from data_access.models import Agency, SurveyAnswer, SurveyImport, SurveyResponse
from data_access.scope import Principal

__all__ = ["survey_quality", "survey_item_answers", "survey_import_reports"]


def _agency_filter(column: Any, agency_id: int | None) -> Any:
    return column == agency_id if agency_id is not None else True


def survey_quality(
    engine: Engine, principal: Principal, round_id: int, agency_id: int | None = None
) -> pd.DataFrame:
    """Columns: agency_id, agency, agency_short, questionnaire, submissions, accepted,
    duplicates, too_fast, straight_lining — the stored submissions of the round by status,
    per agency and questionnaire (straight-lining counts accepted submissions only)."""
    agency_id = principal.scoped_agency(agency_id)
    r = SurveyResponse
    accepted = r.status == "accepted"
    stmt = (
        select(
            r.agency_id,
            Agency.name.label("agency"),
            Agency.short_name.label("agency_short"),
            r.questionnaire,
            func.count(r.id).label("submissions"),
            func.sum(case((accepted, 1), else_=0)).label("accepted"),
            func.sum(case((r.status == "duplicate", 1), else_=0)).label("duplicates"),
            func.sum(case((r.status == "too_fast", 1), else_=0)).label("too_fast"),
            func.sum(case((and_(accepted, r.straightlined.is_(True)), 1), else_=0)).label(
                "straight_lining"
            ),
        )
        .join(Agency, Agency.id == r.agency_id)
        .where(r.round_id == round_id, _agency_filter(r.agency_id, agency_id))
        .group_by(r.agency_id, Agency.name, Agency.short_name, r.questionnaire)
        .order_by(Agency.name, r.questionnaire)
    )
    out = read_frame(engine, stmt)
    for column in ("submissions", "accepted", "duplicates", "too_fast", "straight_lining"):
        out[column] = out[column].fillna(0).astype(int)
    return out


def survey_item_answers(
    engine: Engine, principal: Principal, round_id: int, agency_id: int, questionnaire: str
) -> pd.DataFrame:
    """Columns: item, question, answer (None for blank), count — the accepted submissions'
    answers of one agency and questionnaire, counted per item and answer text (an agency user
    asking about another agency gets its own)."""
    scoped = principal.scoped_agency(agency_id)
    a, r = SurveyAnswer, SurveyResponse
    stmt = (
        select(
            a.item,
            func.min(a.question).label("question"),
            a.answer,
            func.count().label("count"),
        )
        .join(r, r.id == a.response_id)
        .where(
            a.round_id == round_id,
            r.round_id == round_id,
            r.status == "accepted",
            r.agency_id == scoped,
            r.questionnaire == questionnaire,
        )
        .group_by(a.item, a.answer)
        .order_by(a.item, a.answer)
    )
    return read_frame(engine, stmt)


def survey_import_reports(
    engine: Engine, principal: Principal, round_id: int, agency_id: int | None = None
) -> pd.DataFrame:
    """Columns: import_id, agency_id, agency, questionnaire, filename, imported_at,
    imported_by, total, accepted, duplicate, too_fast, straightlined, excluded_answers — the
    import report of every file behind the round's figures, newest first (files loaded before
    the agency was recorded per import are attributed by their submissions)."""
    agency_id = principal.scoped_agency(agency_id)
    i = SurveyImport
    stmt = (
        select(
            i.id.label("import_id"),
            i.agency_id,
            Agency.name.label("agency"),
            i.questionnaire,
            i.filename,
            i.imported_at,
            i.imported_by,
            i.counts,
        )
        .join(Agency, Agency.id == i.agency_id)
        .where(i.round_id == round_id, _agency_filter(i.agency_id, agency_id))
        .order_by(i.imported_at.desc(), i.id.desc())
    )
    out = read_frame(engine, stmt)
    for key in ("total", "accepted", "duplicate", "too_fast", "straightlined", "excluded_answers"):
        out[key] = [None if (c or {}).get(key) is None else int(c[key]) for c in out["counts"]]
    return out.drop(columns="counts")
