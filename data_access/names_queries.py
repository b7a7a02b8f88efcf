"""The stored names of things, Chinese beside English, for views that show them in either
language (views.names). English names are optional: a missing one comes back missing (None or
NaN, as pandas reads it) and the view falls back to the Chinese name.

Agencies are principal-scoped like every other read: an agency user gets only its own name.
Agency types and indicator names are shared reference data (the same for every agency of a
type); metric names come from the workload rows the principal may see.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, literal, null, select, union_all

from data_access.db import read_frame
from data_access.models import (
    Agency,
    AgencyType,
    Indicator,
    IndividualIndicator,
    RoundAgency,
    Workload,
)
from data_access.scope import Principal

__all__ = ["agency_names", "agency_type_names", "indicator_names", "metric_names"]


def agency_names(engine: Engine, principal: Principal, round_id: int | None = None) -> pd.DataFrame:
    """Columns: agency_id, name, name_en, short_name, short_name_en — the agencies of
    ``round_id`` (every agency when None) that the principal may see, by id."""
    stmt = select(
        Agency.id.label("agency_id"),
        Agency.name,
        Agency.name_en,
        Agency.short_name,
        Agency.short_name_en,
    ).order_by(Agency.id)
    if round_id is not None:
        stmt = stmt.where(
            Agency.id.in_(select(RoundAgency.agency_id).where(RoundAgency.round_id == round_id))
        )
    scope = principal.agency_scope
    if scope is not None:
        stmt = stmt.where(Agency.id == scope)
    return read_frame(engine, stmt)


def agency_type_names(engine: Engine, principal: Principal) -> pd.DataFrame:
    """Columns: agency_type, name_en — every agency type with a stored English name row."""
    stmt = select(AgencyType.name.label("agency_type"), AgencyType.name_en).order_by(
        AgencyType.name
    )
    return read_frame(engine, stmt)


def indicator_names(engine: Engine, principal: Principal, round_id: int) -> pd.DataFrame:
    """Columns: code, name, name_en, eval_point, eval_point_en, eval_method, eval_method_en,
    kind ('common' or 'individual') — the round's common tree in tree order, then its
    individual indicators (which have no method)."""
    common = select(
        Indicator.code,
        Indicator.name,
        Indicator.name_en,
        Indicator.eval_point,
        Indicator.eval_point_en,
        Indicator.eval_method,
        Indicator.eval_method_en,
        literal("common").label("kind"),
        literal(0).label("part"),
        Indicator.sort_order.label("pos"),
        Indicator.id.label("row"),
    ).where(Indicator.round_id == round_id)
    individual = select(
        IndividualIndicator.code,
        IndividualIndicator.name,
        IndividualIndicator.name_en,
        IndividualIndicator.eval_point,
        IndividualIndicator.eval_point_en,
        null().label("eval_method"),
        null().label("eval_method_en"),
        literal("individual").label("kind"),
        literal(1).label("part"),
        literal(0).label("pos"),
        IndividualIndicator.id.label("row"),
    ).where(IndividualIndicator.round_id == round_id)
    both = union_all(common, individual).subquery()
    stmt = select(
        both.c.code,
        both.c.name,
        both.c.name_en,
        both.c.eval_point,
        both.c.eval_point_en,
        both.c.eval_method,
        both.c.eval_method_en,
        both.c.kind,
    ).order_by(both.c.part, both.c.pos, both.c.row)
    return read_frame(engine, stmt)


def metric_names(engine: Engine, principal: Principal) -> pd.DataFrame:
    """Columns: metric, metric_en — each workload metric once (its English name as stored;
    missing when no row has one), from the workload rows the principal may see."""
    stmt = (
        select(Workload.metric, func.max(Workload.metric_en).label("metric_en"))
        .group_by(Workload.metric)
        .order_by(Workload.metric)
    )
    scope = principal.agency_scope
    if scope is not None:
        stmt = stmt.where(Workload.agency_id == scope)
    return read_frame(engine, stmt)
