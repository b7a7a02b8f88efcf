"""调整意见 Adjustment proposals: what the evaluation proposes to change for an agency (增编 /
减编 / 职责调整 / 机构调整 / 领导职数调整) and how far it has got (待研究 → 研究中 → 已办理 or
不予采纳).

Office staff and administrators record and move them; leaders read them all, an agency user
reads its own. A move names the state it expects to leave: when someone else moved the same
proposal first, nothing is written and the message says what it is now. Closing a proposal
(已办理 / 不予采纳) needs a note on the outcome. Every write is audited and bumps the data
version (data_access.audit). Proposals belong to an agency, not to a frozen round, so they can
be recorded and moved after the round is completed (that is when most are made).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine, insert, select, update

from data_access.audit import record_write
from data_access.db import read_frame
from data_access.models import AdjustmentProposal, Agency, EvaluationRound
from data_access.scope import AccessDenied, Principal
from domain.catalog import translate
from domain.vocab import AdjustmentState, AdjustmentType, Role

__all__ = [
    "MOVES",
    "CONTENT_LIMIT",
    "SECTION_LIMIT",
    "AdjustmentRefused",
    "allowed_moves",
    "list_adjustments",
    "record_adjustment",
    "move_adjustment",
]

CONTENT_LIMIT = 2000
SECTION_LIMIT = 32
S = AdjustmentState
#: Where a proposal may go from each state; 已办理 and 不予采纳 are final.
MOVES: dict[AdjustmentState, tuple[AdjustmentState, ...]] = {
    S.TO_STUDY: (S.STUDYING, S.DONE, S.DECLINED),
    S.STUDYING: (S.DONE, S.DECLINED),
    S.DONE: (),
    S.DECLINED: (),
}
_CLOSING = (S.DONE, S.DECLINED)
_OFFICE_WRITERS = (Role.STAFF, Role.ADMIN)


class AdjustmentRefused(ValueError):
    """Nothing was written; ``errors`` say why, in the user's language."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def allowed_moves(state: str) -> tuple[AdjustmentState, ...]:
    """The states a proposal in ``state`` may move to (none for an unknown state)."""
    try:
        return MOVES[AdjustmentState(state)]
    except ValueError:
        return ()


def list_adjustments(
    engine: Engine,
    principal: Principal,
    round_id: int | None = None,
    agency_id: int | None = None,
) -> pd.DataFrame:
    """Columns: proposal_id, agency_id, name, name_en, short_name, year (None when not tied to
    a round), kind, content, section, state, outcome, created_at, created_by, updated_at,
    updated_by — newest first; of ``round_id`` and ``agency_id`` when given (an agency user:
    its own agency's only, whatever it asks)."""
    stmt = (
        select(
            AdjustmentProposal.id.label("proposal_id"),
            Agency.id.label("agency_id"),
            Agency.name,
            Agency.name_en,
            Agency.short_name,
            EvaluationRound.year,
            AdjustmentProposal.kind,
            AdjustmentProposal.content,
            AdjustmentProposal.section,
            AdjustmentProposal.state,
            AdjustmentProposal.outcome,
            AdjustmentProposal.created_at,
            AdjustmentProposal.created_by,
            AdjustmentProposal.updated_at,
            AdjustmentProposal.updated_by,
        )
        .join(Agency, Agency.id == AdjustmentProposal.agency_id)
        .outerjoin(EvaluationRound, EvaluationRound.id == AdjustmentProposal.round_id)
        .order_by(AdjustmentProposal.created_at.desc(), AdjustmentProposal.id.desc())
    )
    if round_id is not None:
        stmt = stmt.where(AdjustmentProposal.round_id == round_id)
    agency = principal.scoped_agency(agency_id)
    if agency is not None:
        stmt = stmt.where(AdjustmentProposal.agency_id == agency)
    return read_frame(engine, stmt)


def _refuse(key: str, lang: str, **values: Any) -> AdjustmentRefused:
    return AdjustmentRefused([translate(key, lang, **values)])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _require_office(principal: Principal, lang: str) -> None:
    if principal.role not in _OFFICE_WRITERS:
        raise AccessDenied(translate("adj_denied", lang))


def record_adjustment(
    engine: Engine,
    agency_id: int,
    kind: str,
    content: str,
    section: str,
    *,
    principal: Principal,
    round_id: int | None = None,
    lang: str = "zh",
) -> int:
    """Record a proposal (待研究) for an agency; returns its id. Office staff and
    administrators only."""
    _require_office(principal, lang)
    errors = []
    if kind not in {k.value for k in AdjustmentType}:
        allowed = "/".join(k.value for k in AdjustmentType)
        errors.append(translate("adj_err_kind", lang, value=kind, allowed=allowed))
    text, where = (content or "").strip(), (section or "").strip()
    if not text:
        errors.append(translate("adj_err_content", lang))
    elif len(text) > CONTENT_LIMIT:
        errors.append(translate("adj_err_content_long", lang, limit=CONTENT_LIMIT))
    if not where:
        errors.append(translate("adj_err_section", lang))
    elif len(where) > SECTION_LIMIT:
        errors.append(translate("adj_err_section_long", lang, limit=SECTION_LIMIT))
    if errors:
        raise AdjustmentRefused(errors)
    with engine.begin() as conn:
        if conn.execute(select(Agency.id).where(Agency.id == agency_id)).first() is None:
            raise _refuse("adj_err_agency", lang)
        if round_id is not None:
            found = conn.execute(select(EvaluationRound.id).where(EvaluationRound.id == round_id))
            if found.first() is None:
                raise _refuse("se_refused_no_round", lang)
        now = _now()
        values = {
            "agency_id": agency_id,
            "round_id": round_id,
            "kind": kind,
            "content": text,
            "section": where,
            "state": S.TO_STUDY.value,
            "created_at": now,
            "created_by": principal.username,
        }
        pk = conn.execute(insert(AdjustmentProposal).values(values)).inserted_primary_key
        assert pk is not None
        proposal_id = int(pk[0])
        after = {k: v for k, v in values.items() if k != "created_at"}
        record_write(
            conn,
            principal.username,
            "adjustment.record",
            "adjustment_proposal",
            proposal_id,
            None,
            after,
            scored=False,  # proposals feed no score
        )
    return proposal_id


def move_adjustment(
    engine: Engine,
    proposal_id: int,
    to_state: str,
    *,
    principal: Principal,
    expected_state: str,
    outcome: str | None = None,
    lang: str = "zh",
) -> None:
    """Move a proposal from ``expected_state`` to ``to_state`` (``MOVES``; 已办理 and 不予采纳
    need an ``outcome`` note). Refused when the move is not allowed, or when the proposal is
    no longer in ``expected_state`` (someone moved it first: the message names its state)."""
    _require_office(principal, lang)
    try:
        target = AdjustmentState(to_state)
    except ValueError:
        raise _refuse("adj_err_state", lang, value=to_state) from None
    note = (outcome or "").strip() or None
    if target in _CLOSING and note is None:
        raise _refuse("adj_err_outcome", lang, state=target.label(lang))
    if note is not None and len(note) > CONTENT_LIMIT:
        raise _refuse("adj_err_content_long", lang, limit=CONTENT_LIMIT)
    with engine.begin() as conn:
        current = conn.execute(
            select(AdjustmentProposal.state, AdjustmentProposal.outcome).where(
                AdjustmentProposal.id == proposal_id
            )
        ).first()
        if current is None:
            raise _refuse("adj_err_missing", lang)
        if current.state != expected_state:
            raise _refuse("adj_err_changed", lang, state=AdjustmentState(current.state).label(lang))
        if target not in allowed_moves(current.state):
            raise _refuse(
                "adj_err_move",
                lang,
                current=AdjustmentState(current.state).label(lang),
                target=target.label(lang),
            )
        values: dict[str, Any] = {
            "state": target.value,
            "updated_at": _now(),
            "updated_by": principal.username,
        }
        if note is not None:
            values["outcome"] = note
        # Compare and set: of two sessions moving from the same state, one updates a row.
        done = conn.execute(
            update(AdjustmentProposal)
            .where(AdjustmentProposal.id == proposal_id, AdjustmentProposal.state == expected_state)
            .values(values)
        )
        if done.rowcount != 1:
            now = conn.execute(
                select(AdjustmentProposal.state).where(AdjustmentProposal.id == proposal_id)
            ).scalar_one()
            raise _refuse("adj_err_changed", lang, state=AdjustmentState(now).label(lang))
        record_write(
            conn,
            principal.username,
            "adjustment.move",
            "adjustment_proposal",
            proposal_id,
            before={"state": current.state, "outcome": current.outcome},
            after={"state": target.value, "outcome": note or current.outcome},
            scored=False,
        )
