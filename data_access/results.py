"""Scored rounds as a principal may see them, stored per data version.

The round is always scored whole (ranks and flags need every agency); an agency principal then
gets a result holding only its own agency's rows — its rank stays, other agencies' names,
scores and inputs are gone. ``ranked_count`` gives the one round-wide figure such a user sees
beside its rank (how many agencies were ranked).

**Stored results** (issue 14). Scoring a province round reads hundreds of thousands of survey
answers; so the first process that needs a round at a data version scores it and stores the
result in ``stored_round_result`` under that version, and every other process, and the next
cold start, reads it back instead (a write bumps the data version, so a stored result is never
stale: it is simply not found and the round is scored again). Only the newest version of each
round is kept. The payload is a pickle of the RoundResult: it is written and read by the app
alone, in its own database, like every other row it trusts.
"""

from __future__ import annotations

import dataclasses
import logging
import pickle

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.exc import DBAPIError

from data_access.audit import result_version
from data_access.db import frame
from data_access.models import StoredRoundResult
from data_access.round_inputs import round_info, score_round_from_db, tree_query
from data_access.scope import Principal
from scoring import RoundConfig, RoundResult
from scoring.tree import IndicatorTree, build_tree

__all__ = [
    "round_result",
    "scope_result",
    "ranked_count",
    "whole_round_result",
    "round_setup",
]

log = logging.getLogger(__name__)
_PICKLE_PROTOCOL = 5


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


def _stored(conn: Connection, round_id: int, version: int) -> RoundResult | None:
    payload = conn.execute(
        select(StoredRoundResult.payload).where(
            StoredRoundResult.round_id == round_id, StoredRoundResult.data_version == version
        )
    ).scalar()
    if payload is None:
        return None
    result = pickle.loads(payload)
    return result if isinstance(result, RoundResult) else None


def _store(engine: Engine, round_id: int, version: int, result: RoundResult) -> None:
    """Keep ``result`` as the round's result at ``version``; drop the round's older ones.
    Another process storing the same round and version first is fine (same result)."""
    payload = pickle.dumps(result, protocol=_PICKLE_PROTOCOL)
    try:
        with engine.begin() as conn:
            conn.execute(
                delete(StoredRoundResult).where(
                    StoredRoundResult.round_id == round_id,
                    StoredRoundResult.data_version < version,
                )
            )
            conn.execute(
                insert(StoredRoundResult).values(
                    round_id=round_id, data_version=version, payload=payload
                )
            )
    # Stored meanwhile by another process, the database locked or read-only: the result is
    # still returned, only not kept.
    except DBAPIError as exc:
        log.info("stored result of round %s at version %s not written: %s", round_id, version, exc)


def whole_round_result(engine: Engine, round_id: int, version: int | None = None) -> RoundResult:
    """The whole (unscoped) scored round at its current version: the stored result, or the
    round scored now and stored. Only ever handed on scoped (``round_result``).

    ``version`` is the round's result version the caller read (``result_version``; the app
    reads it once per rerun); it is read before the inputs, so a result is never stored
    under a version newer than its data."""
    with engine.connect() as conn:
        if version is None:
            version = result_version(conn, round_id)
        found = _stored(conn, round_id, version)
    if found is not None:
        return found
    result = score_round_from_db(engine, round_id)
    _store(engine, round_id, version, result)
    return result


def round_result(engine: Engine, principal: Principal, round_id: int) -> RoundResult:
    """The scored round, scoped to the principal."""
    return scope_result(whole_round_result(engine, round_id), principal)


def round_setup(
    engine: Engine, principal: Principal, round_id: int
) -> tuple[RoundConfig, IndicatorTree]:
    """The round's configuration and common tree, without scoring anything (the methodology
    page); the same for every role — nothing here names an agency."""
    del principal  # configuration only: every signed-in role may read it
    info = round_info(engine, round_id)
    with engine.connect() as conn:
        tree = frame(conn, tree_query(round_id))
    return RoundConfig.from_dict(info["config"]), build_tree(tree)


def ranked_count(result: RoundResult) -> int:
    """How many agencies of a whole (unscoped) round have a rank."""
    return int(result.summary["rank"].notna().sum())
