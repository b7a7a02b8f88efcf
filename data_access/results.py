"""Scored rounds as a principal may see them.

The round is always scored whole (ranks and flags need every agency); an agency principal then
gets a result holding only its own agency's rows — its rank stays, other agencies' names,
scores and inputs are gone. ``ranked_count`` gives the one round-wide figure such a user sees
beside its rank (how many agencies were ranked).
"""

from __future__ import annotations

import dataclasses

import pandas as pd
from sqlalchemy import Engine

from data_access.round_inputs import score_round_from_db
from data_access.scope import Principal
from scoring import RoundResult

__all__ = ["round_result", "scope_result", "ranked_count"]


def _own(frame: pd.DataFrame, agency_id: int) -> pd.DataFrame:
    if "agency_id" not in frame.columns:
        return frame
    return frame[frame["agency_id"] == agency_id].reset_index(drop=True)


def scope_result(result: RoundResult, principal: Principal) -> RoundResult:
    """``result`` limited to what ``principal`` may see (unchanged for office roles)."""
    scope = principal.agency_scope
    if scope is None:
        return result
    return dataclasses.replace(
        result,
        summary=_own(result.summary, scope),
        nodes=_own(result.nodes, scope),
        leaves=_own(result.leaves, scope),
        individual=_own(result.individual, scope),
        surveys=_own(result.surveys, scope),
    )


def round_result(engine: Engine, principal: Principal, round_id: int) -> RoundResult:
    """The scored round, scoped to the principal."""
    return scope_result(score_round_from_db(engine, round_id), principal)


def ranked_count(result: RoundResult) -> int:
    """How many agencies of a whole (unscoped) round have a rank."""
    return int(result.summary["rank"].notna().sum())
