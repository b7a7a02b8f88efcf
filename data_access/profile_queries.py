"""Queries behind the agency profile (单位画像) and indicator breakdown (指标分析) pages.

Each function runs parameterized, set-based SQL for ONE agency (never a whole table) and returns
a small DataFrame whose columns the docstring lists. Scores are not read here: they come from
the cached RoundResult and ``scoring.explain_agency``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from data_access.db import frame, read_frame
from data_access.models import (
    CLOSED_STATE,
    Agency,
    AnnualAssessment,
    EvaluationRound,
    Finding,
    HistoryEvent,
    Personnel,
    RecruitmentPlan,
    Rectification,
    RetirementForecast,
    RoundAgency,
    Staffing,
    Workload,
)
from data_access.scope import NO_AGENCY, Principal

__all__ = [
    "CLOSED_STATE",
    "agency_rounds",
    "agency_label",
    "staffing_history",
    "history_events",
    "workload_history",
    "personnel_structure",
    "retirements_and_hires",
    "agency_findings",
]


def _visible(principal: Principal, agency_id: int) -> int:
    """The agency to query: ``agency_id`` when the principal may see it, else an id that
    matches nothing (the query returns no rows, never another agency's)."""
    return int(agency_id) if principal.may_see(agency_id) else NO_AGENCY


def agency_rounds(engine: Engine, principal: Principal, agency_id: int) -> pd.DataFrame:
    """Columns: round_id, year, name, status — the rounds that evaluated the agency, newest
    first."""
    agency_id = _visible(principal, agency_id)
    r = EvaluationRound
    stmt = (
        select(r.id.label("round_id"), r.year, r.name, r.status)
        .join(RoundAgency, RoundAgency.round_id == r.id)
        .where(RoundAgency.agency_id == agency_id)
        .order_by(r.year.desc())
    )
    return read_frame(engine, stmt)


def agency_label(engine: Engine, principal: Principal, agency_id: int) -> dict[str, Any] | None:
    """The agency's id, name, short name, type, nature and rank; None when unknown."""
    agency_id = _visible(principal, agency_id)
    with engine.connect() as conn:
        row = conn.execute(
            select(
                Agency.id,
                Agency.name,
                Agency.short_name,
                Agency.agency_type,
                Agency.nature,
                Agency.rank,
            ).where(Agency.id == agency_id)
        ).first()
    if row is None:
        return None
    return {
        "agency_id": row.id,
        "name": row.name,
        "short_name": row.short_name,
        "agency_type": row.agency_type,
        "nature": row.nature,
        "rank": row.rank,
    }


def staffing_history(
    engine: Engine, principal: Principal, agency_id: int, to_year: int
) -> pd.DataFrame:
    """Columns: year, authorized_xz, authorized_sy, authorized_gq, actual_xz, actual_sy,
    actual_gq, leader_posts_authorized, leader_posts_filled, internal_sections — every year up
    to ``to_year``, oldest first."""
    agency_id = _visible(principal, agency_id)
    s = Staffing
    stmt = (
        select(
            s.year,
            s.authorized_xz,
            s.authorized_sy,
            s.authorized_gq,
            s.actual_xz,
            s.actual_sy,
            s.actual_gq,
            s.leader_posts_authorized,
            s.leader_posts_filled,
            s.internal_sections,
        )
        .where(s.agency_id == agency_id, s.year <= to_year)
        .order_by(s.year)
    )
    return read_frame(engine, stmt)


def history_events(
    engine: Engine, principal: Principal, agency_id: int, to_year: int
) -> pd.DataFrame:
    """Columns: event_date, kind, description, doc_no — the agency's history (设立 / 更名 /
    合并 / 职责划转 / 三定修订) up to the end of ``to_year``, oldest first."""
    agency_id = _visible(principal, agency_id)
    h = HistoryEvent
    stmt = (
        select(h.event_date, h.kind, h.description, h.doc_no)
        .where(h.agency_id == agency_id, h.event_date <= dt.date(to_year, 12, 31))
        .order_by(h.event_date, h.id)
    )
    return read_frame(engine, stmt)


def workload_history(
    engine: Engine, principal: Principal, agency_id: int, to_year: int
) -> pd.DataFrame:
    """Columns: year, metric, value, headcount (actual 行政+事业+工勤 that year), grade (履职考核
    等次) — one row per year and workload metric up to ``to_year``, oldest first."""
    agency_id = _visible(principal, agency_id)
    w, s, a = Workload, Staffing, AnnualAssessment
    stmt = (
        select(
            w.year,
            w.metric,
            w.value,
            (s.actual_xz + s.actual_sy + s.actual_gq).label("headcount"),
            a.grade,
        )
        .outerjoin(s, and_(s.agency_id == w.agency_id, s.year == w.year))
        .outerjoin(a, and_(a.agency_id == w.agency_id, a.year == w.year))
        .where(w.agency_id == agency_id, w.year <= to_year)
        .order_by(w.year, w.metric)
    )
    return read_frame(engine, stmt)


def personnel_structure(
    engine: Engine, principal: Principal, agency_id: int, to_year: int
) -> pd.DataFrame:
    """Columns: year, age_35_below, age_36_45, age_46_55, age_56_above, edu_postgrad,
    edu_bachelor, edu_college_below — headcounts (aggregates only), oldest first."""
    agency_id = _visible(principal, agency_id)
    p = Personnel
    stmt = (
        select(
            p.year,
            p.age_35_below,
            p.age_36_45,
            p.age_46_55,
            p.age_56_above,
            p.edu_postgrad,
            p.edu_bachelor,
            p.edu_college_below,
        )
        .where(p.agency_id == agency_id, p.year <= to_year)
        .order_by(p.year)
    )
    return read_frame(engine, stmt)


def retirements_and_hires(
    engine: Engine, principal: Principal, agency_id: int, base_year: int
) -> pd.DataFrame:
    """Columns: year, kind ('retirements' or the post type 行政/事业/工勤 of planned hires), n.

    The next five years after ``base_year``: expected retirements from the newest forecast
    made in or before ``base_year``, and planned hires from the newest 用编进人规划 made in or
    before it (summed per year and post type)."""
    agency_id = _visible(principal, agency_id)
    rf, rp = RetirementForecast, RecruitmentPlan
    forecast_year = (
        select(func.max(rf.base_year))
        .where(rf.agency_id == agency_id, rf.base_year <= base_year)
        .scalar_subquery()
    )
    plan_year = (
        select(func.max(rp.plan_year))
        .where(rp.agency_id == agency_id, rp.plan_year <= base_year)
        .scalar_subquery()
    )
    window = (base_year + 1, base_year + 5)
    retire = (
        select(rf.year, func.sum(rf.retirements).label("n"))
        .where(rf.agency_id == agency_id, rf.base_year == forecast_year, rf.year.between(*window))
        .group_by(rf.year)
    )
    hires = (
        select(rp.year, rp.post_type, func.sum(rp.planned_hires).label("n"))
        .where(rp.agency_id == agency_id, rp.plan_year == plan_year, rp.year.between(*window))
        .group_by(rp.year, rp.post_type)
    )
    with engine.connect() as conn:
        out_r = frame(conn, retire).assign(kind="retirements")
        out_h = frame(conn, hires).rename(columns={"post_type": "kind"})
    columns = ["year", "kind", "n"]
    parts = [df[columns] for df in (out_r, out_h) if not df.empty]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True).sort_values(["year", "kind"], ignore_index=True)


def agency_findings(
    engine: Engine, principal: Principal, round_id: int, agency_id: int, today: dt.date
) -> pd.DataFrame:
    """Columns: finding_id, description, category, severity, source, indicator_code,
    in_ledger, found_date, on_the_spot (立行立改), state (None without a rectification),
    opinion_doc_no, section,
    deadline, closed_date, overdue — this agency's findings of the round with their
    rectifications. ``overdue`` (逾期) is derived: deadline before ``today`` and not 已销号."""
    agency_id = _visible(principal, agency_id)
    f, r = Finding, Rectification
    overdue = case(
        (
            and_(
                r.deadline.is_not(None),
                r.deadline < today,
                func.coalesce(r.state, "") != CLOSED_STATE,
            ),
            True,
        ),
        else_=False,
    )
    stmt = (
        select(
            f.id.label("finding_id"),
            f.description,
            f.category,
            f.severity,
            f.source,
            f.indicator_code,
            f.in_ledger,
            f.found_date,
            f.on_the_spot,
            r.state,
            r.opinion_doc_no,
            r.section,
            r.deadline,
            r.closed_date,
            overdue.label("overdue"),
        )
        .outerjoin(r, r.finding_id == f.id)
        .where(f.round_id == round_id, f.agency_id == agency_id)
        .order_by(f.found_date, f.id)
    )
    out = read_frame(engine, stmt)
    out["overdue"] = out["overdue"].astype(bool)
    out["in_ledger"] = out["in_ledger"].astype(bool)
    out["on_the_spot"] = out["on_the_spot"].astype(bool)
    return out
