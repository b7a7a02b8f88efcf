"""Queries behind 外部评价 (external ratings) and its export: a round's ratings, one row each,
and their counts per agency × matter × level, aggregated in SQL.

Scoped here: an agency user gets only the ratings of its own agency. Ratings carry the rater
as a number (``rater_no``: the raters of the round numbered 1..n in name order, the same for
everyone); ``rater_names`` gives the names, to office roles always and to an agency user only
when the round says so (``RoundConfig.ratings_raters_named``, set with ``manage.py round
ratings-visibility``) — otherwise the view shows "rater N".
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, func, select

from data_access.db import frame, read_frame
from data_access.models import Agency, EvaluationRound, ExternalRating, RoundAgency
from data_access.scope import Principal
from scoring import RoundConfig

__all__ = ["raters_named", "rating_rows", "rater_names", "rating_counts"]

_ROW_COLUMNS = ["rating_id", "agency_id", "rater_no", "matter", "rating", "problems"]


def _in_round(round_id: int) -> Any:
    return ExternalRating.agency_id.in_(
        select(RoundAgency.agency_id).where(RoundAgency.round_id == round_id)
    )


def _numbers(conn: Connection, round_id: int) -> dict[str, int]:
    """The round's raters numbered 1..n in name order."""
    e = ExternalRating
    names = conn.execute(
        select(e.rater).distinct().where(e.round_id == round_id, _in_round(round_id))
    ).scalars()
    return {str(r): i for i, r in enumerate(sorted(str(n) for n in names), start=1)}


def raters_named(engine: Engine, principal: Principal, round_id: int) -> bool:
    """Whether ``principal`` sees the raters' names in ``round_id`` (office roles always; an
    agency user when the round's ``ratings_raters_named`` is set)."""
    if principal.agency_scope is None:
        return True
    with engine.connect() as conn:
        config = conn.execute(
            select(EvaluationRound.config).where(EvaluationRound.id == round_id)
        ).scalar()
    return bool(RoundConfig.from_dict(dict(config or {})).ratings_raters_named)


def rating_rows(
    engine: Engine, principal: Principal, round_id: int, agency_id: int | None = None
) -> pd.DataFrame:
    """Columns: rating_id, agency_id, rater_no, matter, rating, problems — every rating of the
    round's agencies (one agency when ``agency_id`` is given; an agency user always its own),
    by agency, rater, matter. The rater is a number (``rater_names`` has the names)."""
    e = ExternalRating
    stmt = (
        select(e.id.label("rating_id"), e.agency_id, e.rater, e.matter, e.rating, e.problems)
        .where(e.round_id == round_id, _in_round(round_id))
        .order_by(e.agency_id, e.rater, e.matter, e.id)
    )
    wanted = principal.scoped_agency(agency_id)
    if wanted is not None:
        stmt = stmt.where(e.agency_id == wanted)
    with engine.connect() as conn:
        rows = frame(conn, stmt)
        numbers = _numbers(conn, round_id) if not rows.empty else {}
    rows["rater_no"] = [numbers[str(r)] for r in rows["rater"]]
    return rows[_ROW_COLUMNS].reset_index(drop=True)


def rater_names(engine: Engine, principal: Principal, round_id: int) -> pd.DataFrame:
    """Columns: rater_no, rater — the names behind ``rater_no`` the principal may see: every
    rater of the round for office roles; for an agency user the raters of its own agency when
    the round names them, else none."""
    if not raters_named(engine, principal, round_id):
        return pd.DataFrame({"rater_no": pd.Series(dtype=int), "rater": pd.Series(dtype=str)})
    e = ExternalRating
    with engine.connect() as conn:
        numbers = _numbers(conn, round_id)
        stmt = select(e.rater).distinct().where(e.round_id == round_id, _in_round(round_id))
        scope = principal.agency_scope
        if scope is not None:
            stmt = stmt.where(e.agency_id == scope)
        mine = sorted(str(r) for r in conn.execute(stmt).scalars())
    return pd.DataFrame({"rater_no": [numbers[r] for r in mine], "rater": mine})


def rating_counts(engine: Engine, principal: Principal, round_id: int) -> pd.DataFrame:
    """Columns: agency_id, agency, matter, rating, n — how many ratings of each level every
    agency of the round (an agency user: its own) got on each matter; by agency id, matter,
    level."""
    e = ExternalRating
    stmt = (
        select(
            e.agency_id,
            Agency.name.label("agency"),
            e.matter,
            e.rating,
            func.count().label("n"),
        )
        .join(Agency, Agency.id == e.agency_id)
        .where(e.round_id == round_id, _in_round(round_id))
        .group_by(e.agency_id, Agency.name, e.matter, e.rating)
        .order_by(e.agency_id, e.matter, e.rating)
    )
    scope = principal.agency_scope
    if scope is not None:
        stmt = stmt.where(e.agency_id == scope)
    return read_frame(engine, stmt)
