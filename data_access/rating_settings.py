"""The round setting of 外部评价 (external ratings): whether an agency user sees the raters'
names (``RoundConfig.ratings_raters_named``; default anonymous, 'rater 1..n'). A display
setting, not a weight: it may be changed in a completed round too (scores do not depend on
it). Set with ``manage.py round ratings-visibility --round YEAR named|anonymous``."""

from __future__ import annotations

from sqlalchemy import Engine, select, update

from data_access.audit import record_write
from data_access.models import EvaluationRound
from data_access.scope import AccessDenied, Principal
from domain.catalog import translate
from domain.vocab import Role
from scoring import RoundConfig

__all__ = ["set_ratings_visibility", "RatingSettingError"]


class RatingSettingError(LookupError):
    """No round of that year (the message is for the user)."""


def set_ratings_visibility(
    engine: Engine, year: int, named: bool, *, principal: Principal, lang: str = "zh"
) -> bool:
    """Store ``ratings_raters_named`` in the round's configuration (audited); whether it
    changed. Office staff and administrators only."""
    if principal.role not in (Role.STAFF, Role.ADMIN):
        raise AccessDenied(translate("imp_denied", lang))
    with engine.begin() as conn:
        row = conn.execute(
            select(EvaluationRound.id, EvaluationRound.config).where(EvaluationRound.year == year)
        ).first()
        if row is None:
            raise RatingSettingError(translate("imp_no_round", lang, year=year))
        before = dict(row.config or {})
        after = RoundConfig.from_dict({**before, "ratings_raters_named": named}).to_dict()
        if RoundConfig.from_dict(before).ratings_raters_named == named:
            return False
        conn.execute(
            update(EvaluationRound).where(EvaluationRound.id == row.id).values(config=after)
        )
        record_write(
            conn,
            principal.username,
            "round.ratings_visibility",
            "evaluation_round",
            int(row.id),
            before={"ratings_raters_named": not named},
            after={"ratings_raters_named": named},
        )
    return True
