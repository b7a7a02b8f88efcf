"""One rule for a tree whose maxima change: a stored team or self score may not be above its
leaf's new maximum (scoring refuses such a score). The ``indicators`` import refuses that tree
(from the command line and from the 指标体系 page's save alike), naming the row and the
stored score, and the page's what-if counts them before offering the save.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, or_, select

from data_access.models import Agency, Score

__all__ = ["ScoreAbove", "scores_above_maxima"]

_TOLERANCE = 1e-9  # points are floats: 6.0000000001 is not above 6


@dataclass(frozen=True)
class ScoreAbove:
    code: str
    agency: str
    column: str  # "team_score" or "self_score"
    score: float
    maximum: float


def scores_above_maxima(
    conn: Connection, round_id: int, maxima: Mapping[str, float]
) -> list[ScoreAbove]:
    """The round's stored team and self scores above the maximum ``maxima`` gives their
    indicator (codes not in ``maxima`` are not checked), by code, agency and column."""
    if not maxima:
        return []
    rows = conn.execute(
        select(Score.code, Agency.name, Score.team_score, Score.self_score)
        .join(Agency, Agency.id == Score.agency_id)
        .where(
            Score.round_id == round_id,
            Score.code.in_(list(maxima)),
            or_(Score.team_score.is_not(None), Score.self_score.is_not(None)),
        )
        .order_by(Score.code, Agency.id)
    ).all()
    out = []
    for code, agency, team, own in rows:
        limit = float(maxima[code])
        for column, value in (("team_score", team), ("self_score", own)):
            if value is not None and float(value) > limit + _TOLERANCE:
                out.append(ScoreAbove(code, agency, column, float(value), limit))
    return out
