"""Queries behind peer comparison (横向对比, DOMAIN §6): the same agency type in the province's
other cities, and the home city's evaluated agencies with the same figures.

An agency user sees its own agency type only (the peers of its own agency) and, of the home
city, its own agency only. Missing counts stay missing (NULL → NaN), never 0.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, and_, select

from data_access.db import frame
from data_access.models import (
    Agency,
    City,
    CityPopulation,
    PeerStaffing,
    RoundAgency,
    Staffing,
    Workload,
)
from data_access.round_inputs import peer_posts_total, primary_metric
from data_access.scope import NO_AGENCY, Principal

__all__ = ["peer_years", "peer_cities", "home_agencies", "other_cities"]


def _own_type(conn: Connection, principal: Principal) -> str | None:
    """The agency type an agency user is limited to (None: any type)."""
    scope = principal.agency_scope
    if scope is None:
        return None
    row = conn.execute(select(Agency.agency_type).where(Agency.id == scope)).first()
    return "" if row is None else str(row.agency_type)  # '' matches no type


def peer_years(engine: Engine, principal: Principal) -> list[int]:
    """The years with any peer figures (of the agency user's own type), newest first."""
    p = PeerStaffing
    with engine.connect() as conn:
        own = _own_type(conn, principal)
        stmt = select(p.year).distinct().order_by(p.year.desc())
        if own is not None:
            stmt = stmt.where(p.agency_type == own)
        return [int(y) for y in conn.execute(stmt).scalars()]


def other_cities(engine: Engine, principal: Principal) -> list[str]:
    """The province's cities other than the home city, in the registry's order (no agency
    data: the same for every principal)."""
    with engine.connect() as conn:
        stmt = select(City.name).where(City.is_home.is_(False)).order_by(City.id)
        return [str(n) for n in conn.execute(stmt).scalars()]


def peer_cities(
    engine: Engine, principal: Principal, year: int, agency_type: str | None = None
) -> pd.DataFrame:
    """Columns: city, agency_type, population, authorized_xz, authorized_sy, authorized_gq,
    authorized_total, actual_total, internal_sections, workload_metric, workload — one row per
    other city and agency type reporting for ``year`` (one type when ``agency_type`` is given;
    an agency user always gets its own agency's type), by type then city. Counts not reported
    are NaN; ``authorized_total`` is Σ of the types reported, NaN when none was."""
    p = PeerStaffing
    with engine.connect() as conn:
        own = _own_type(conn, principal)
        wanted = own if own is not None else agency_type
        stmt = (
            select(
                City.name.label("city"),
                p.agency_type,
                CityPopulation.population,
                p.authorized_xz,
                p.authorized_sy,
                p.authorized_gq,
                peer_posts_total().label("authorized_total"),
                p.actual_total,
                p.internal_sections,
                p.workload_metric,
                p.workload_value.label("workload"),
            )
            .join(City, City.id == p.city_id)
            .outerjoin(
                CityPopulation,
                and_(CityPopulation.city_id == City.id, CityPopulation.year == year),
            )
            .where(p.year == year, City.is_home.is_(False))
            .order_by(p.agency_type, City.id)
        )
        if wanted is not None:
            stmt = stmt.where(p.agency_type == wanted)
        out = frame(conn, stmt)
    counts = [
        "population",
        "authorized_xz",
        "authorized_sy",
        "authorized_gq",
        "authorized_total",
        "actual_total",
        "internal_sections",
        "workload",
    ]
    return out.astype({c: "float64" for c in counts})


def home_agencies(engine: Engine, principal: Principal, round_id: int, year: int) -> pd.DataFrame:
    """Columns: agency_id, name, short_name, agency_type, city, population, authorized_xz,
    authorized_sy, authorized_gq, authorized_total, actual_total, internal_sections,
    workload_metric, workload — the round's agencies (an agency user: its own) with their
    ``year`` figures, by type then id. The workload is the agency's primary metric (marked
    是否主要指标, else its type's default); figures it lacks are NaN."""
    a, s = Agency, Staffing
    scope = principal.agency_scope
    stmt = (
        select(
            a.id.label("agency_id"),
            a.name,
            a.short_name,
            a.agency_type,
            s.authorized_xz,
            s.authorized_sy,
            s.authorized_gq,
            (s.authorized_xz + s.authorized_sy + s.authorized_gq).label("authorized_total"),
            (s.actual_xz + s.actual_sy + s.actual_gq).label("actual_total"),
            s.internal_sections,
        )
        .join(RoundAgency, and_(RoundAgency.agency_id == a.id, RoundAgency.round_id == round_id))
        .outerjoin(s, and_(s.agency_id == a.id, s.year == year))
        .order_by(a.agency_type, a.id)
    )
    if scope is not None:
        stmt = stmt.where(a.id == scope)
    w = Workload
    with engine.connect() as conn:
        agencies = frame(conn, stmt)
        work = frame(
            conn,
            select(w.agency_id, w.metric, w.value, w.is_primary).where(
                w.year == year,
                w.agency_id.in_([int(i) for i in agencies["agency_id"]] or [NO_AGENCY]),
            ),
        )
        home = conn.execute(
            select(City.name, CityPopulation.population)
            .outerjoin(
                CityPopulation,
                and_(CityPopulation.city_id == City.id, CityPopulation.year == year),
            )
            .where(City.is_home.is_(True))
        ).first()
    primary = {
        int(i): primary_metric(str(t))
        for i, t in zip(agencies["agency_id"], agencies["agency_type"], strict=True)
    }
    marked = work[work["is_primary"].astype(bool)].drop_duplicates("agency_id")
    primary.update({int(i): str(m) for i, m in zip(marked["agency_id"], marked["metric"])})
    values = {
        (int(i), str(m)): v for i, m, v in zip(work["agency_id"], work["metric"], work["value"])
    }
    agencies["workload_metric"] = [primary[int(i)] for i in agencies["agency_id"]]
    agencies["workload"] = [
        values.get((int(i), m)) for i, m in zip(agencies["agency_id"], agencies["workload_metric"])
    ]
    agencies["city"] = home.name if home is not None else ""
    agencies["population"] = home.population if home is not None else None
    counts = [
        "population",
        "authorized_xz",
        "authorized_sy",
        "authorized_gq",
        "authorized_total",
        "actual_total",
        "internal_sections",
        "workload",
    ]
    return agencies.astype({c: "float64" for c in counts})
