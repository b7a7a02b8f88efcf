"""自评填报 Self-evaluation: an agency user enters its own scores for a round, leaf by leaf with
an evidence note, saves drafts and submits; the office sees every agency's state and reopens a
submitted one.

What it covers: the round's common-tree leaves scored by the on-site team (source ``team``) and
the individual indicators of the agency's type (0–100) — the other leaves are computed from
ratings, surveys, findings and staffing, and have nothing to self-score.

Where it is stored: a ``self_evaluation`` row per round and agency (state, who and when) with
its entries (the draft). Submitting copies the scores to ``score.self_score``, which is what
scoring reads for the self-vs-team gap (自评偏高): a draft never counts, a submission counts at
once (the data version is bumped), and after a reopening the last submission keeps counting
until the next one. Until an agency saves anything the form shows the self scores already
stored (e.g. from the score sheet).

Refused, with a message in the user's language: another agency's self-evaluation, a completed
round, outside the round's window (``evaluation_round.self_eval_opens``/``closes``, inclusive;
no date: no limit), a submitted self-evaluation (until the office reopens it), a score outside
0..max. Every write is audited and bumps the data version (data_access.audit).

This module holds the reads and what the writes share; the round's window is set
here too (``set_self_evaluation_window``); the other writes are in
``data_access.self_evaluation_writes``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, func, literal, select, update

from data_access.audit import record_write
from data_access.db import frame
from data_access.models import (
    Agency,
    EvaluationRound,
    Indicator,
    IndividualIndicator,
    RoundAgency,
    Score,
    SelfEvaluation,
    SelfEvaluationEntry,
)
from data_access.scope import AccessDenied, Principal
from domain.catalog import translate
from domain.vocab import Role, RoundStatus

__all__ = [
    "NOTE_LIMIT",
    "SelfEvaluationRefused",
    "SelfEvalWindow",
    "SelfEvaluationSheet",
    "window_refusal",
    "self_evaluation_window",
    "self_evaluation_sheet",
    "self_evaluation_overview",
    "set_self_evaluation_window",
]

NOTE_LIMIT = 2000  # characters of an evidence note or a reopening note
ITEM_COLUMNS = (
    "code",
    "kind",
    "name",
    "name_en",
    "max_points",
    "eval_point",
    "eval_point_en",
    "score",
    "note",
    "submitted_score",
    "team_score",
)


class SelfEvaluationRefused(ValueError):
    """Nothing was written; ``errors`` say why, in the user's language."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class SelfEvalWindow:
    """A round's self-evaluation window and status."""

    round_id: int
    year: int
    name: str
    status: str
    opens: dt.date | None
    closes: dt.date | None


@dataclass(frozen=True)
class SelfEvaluationSheet:
    """One agency's self-evaluation of a round: its state (None: not started) and its items
    (``ITEM_COLUMNS``: ``score``/``note`` the draft, or the stored self score before anything
    was saved; ``submitted_score`` what scoring uses; ``team_score`` the team's)."""

    agency_id: int
    name: str
    name_en: str | None
    state: str | None
    updated_at: dt.datetime | None
    updated_by: str | None
    submitted_at: dt.datetime | None
    submitted_by: str | None
    reopened_at: dt.datetime | None
    reopened_by: str | None
    reopen_note: str | None
    items: pd.DataFrame

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SelfEvaluationSheet):
            return NotImplemented
        names = [f for f in self.__dataclass_fields__ if f != "items"]
        same = all(getattr(self, f) == getattr(other, f) for f in names)
        return same and self.items.reset_index(drop=True).equals(other.items.reset_index(drop=True))


def _refuse(key: str, lang: str, **values: Any) -> SelfEvaluationRefused:
    return SelfEvaluationRefused([translate(key, lang, **values)])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _window(conn: Connection, round_id: int) -> SelfEvalWindow | None:
    row = conn.execute(
        select(
            EvaluationRound.id,
            EvaluationRound.year,
            EvaluationRound.name,
            EvaluationRound.status,
            EvaluationRound.self_eval_opens,
            EvaluationRound.self_eval_closes,
        ).where(EvaluationRound.id == round_id)
    ).first()
    if row is None:
        return None
    return SelfEvalWindow(
        int(row.id), int(row.year), row.name, row.status, row.self_eval_opens, row.self_eval_closes
    )


def window_refusal(window: SelfEvalWindow, today: dt.date, lang: str) -> str | None:
    """Why agencies may not enter self scores today (None: they may)."""
    if window.status == RoundStatus.COMPLETED:
        return translate("se_refused_completed", lang, round=window.name)
    if window.opens is not None and today < window.opens:
        return translate("se_refused_not_open", lang, date=window.opens.isoformat())
    if window.closes is not None and today > window.closes:
        return translate("se_refused_closed", lang, date=window.closes.isoformat())
    return None


def self_evaluation_window(
    engine: Engine, principal: Principal, round_id: int
) -> SelfEvalWindow | None:
    """The round's self-evaluation window and status (the same for every agency)."""
    with engine.connect() as conn:
        return _window(conn, round_id)


def _in_round(conn: Connection, round_id: int, agency_id: int) -> Any:
    """The agency's row (id, name, name_en, agency_type) when the round evaluates it."""
    return conn.execute(
        select(Agency.id, Agency.name, Agency.name_en, Agency.agency_type)
        .join(RoundAgency, RoundAgency.agency_id == Agency.id)
        .where(RoundAgency.round_id == round_id, Agency.id == agency_id)
    ).first()


def _items(conn: Connection, round_id: int, agency_type: str) -> pd.DataFrame:
    """What the self-evaluation covers: the team-scored leaves in tree order, then the
    individual indicators of ``agency_type`` (max 100)."""
    common = frame(
        conn,
        select(
            Indicator.code,
            literal("common").label("kind"),
            Indicator.name,
            Indicator.name_en,
            Indicator.max_points,
            Indicator.eval_point,
            Indicator.eval_point_en,
        )
        .where(Indicator.round_id == round_id, Indicator.source == "team")
        .order_by(Indicator.sort_order, Indicator.id),
    )
    individual = frame(
        conn,
        select(
            IndividualIndicator.code,
            literal("individual").label("kind"),
            IndividualIndicator.name,
            IndividualIndicator.name_en,
            literal(100.0).label("max_points"),
            IndividualIndicator.eval_point,
            IndividualIndicator.eval_point_en,
        )
        .where(
            IndividualIndicator.round_id == round_id,
            IndividualIndicator.agency_type == agency_type,
        )
        .order_by(IndividualIndicator.id),
    )
    parts = [p for p in (common, individual) if not p.empty]
    if not parts:
        return common
    items = pd.concat(parts, ignore_index=True)
    items["max_points"] = items["max_points"].astype(float)
    return items


def _sheet_row(conn: Connection, round_id: int, agency_id: int, lock: bool = False) -> Any:
    stmt = select(SelfEvaluation).where(
        SelfEvaluation.round_id == round_id, SelfEvaluation.agency_id == agency_id
    )
    if lock:
        stmt = stmt.with_for_update()
    return conn.execute(stmt).first()


def _entries(conn: Connection, sheet_id: int) -> dict[str, tuple[float | None, str | None]]:
    rows = conn.execute(
        select(SelfEvaluationEntry.code, SelfEvaluationEntry.score, SelfEvaluationEntry.note)
        .where(SelfEvaluationEntry.self_evaluation_id == sheet_id)
        .order_by(SelfEvaluationEntry.code)
    )
    return {r.code: (r.score, r.note) for r in rows}


def self_evaluation_sheet(
    engine: Engine, principal: Principal, round_id: int, agency_id: int
) -> SelfEvaluationSheet | None:
    """The agency's self-evaluation of the round (an agency user: always its own); None when
    the round does not evaluate that agency."""
    agency_id = int(principal.scoped_agency(agency_id) or 0)
    with engine.connect() as conn:
        agency = _in_round(conn, round_id, agency_id)
        if agency is None:
            return None
        items = _items(conn, round_id, agency.agency_type)
        stored = frame(
            conn,
            select(Score.code, Score.self_score, Score.team_score).where(
                Score.round_id == round_id, Score.agency_id == agency_id
            ),
        )
        row = _sheet_row(conn, round_id, agency_id)
        entries = _entries(conn, row.id) if row is not None else {}
    known = dict(zip(stored["code"], stored["self_score"], strict=True))
    team = dict(zip(stored["code"], stored["team_score"], strict=True))
    codes = items["code"].tolist()
    if row is None:  # nothing saved yet: show the self scores on record
        scores = [_float(known.get(c)) for c in codes]
        notes: list[str | None] = [None] * len(codes)
    else:
        scores = [entries.get(c, (None, None))[0] for c in codes]
        notes = [entries.get(c, (None, None))[1] for c in codes]
    items = items.assign(
        score=pd.array(scores, dtype="Float64") if codes else [],
        note=notes,
        submitted_score=pd.array([_float(known.get(c)) for c in codes], dtype="Float64")
        if codes
        else [],
        team_score=pd.array([_float(team.get(c)) for c in codes], dtype="Float64") if codes else [],
    )
    return SelfEvaluationSheet(
        agency_id=int(agency.id),
        name=agency.name,
        name_en=agency.name_en,
        state=None if row is None else row.state,
        updated_at=None if row is None else row.updated_at,
        updated_by=None if row is None else row.updated_by,
        submitted_at=None if row is None else row.submitted_at,
        submitted_by=None if row is None else row.submitted_by,
        reopened_at=None if row is None else row.reopened_at,
        reopened_by=None if row is None else row.reopened_by,
        reopen_note=None if row is None else row.reopen_note,
        items=items[list(ITEM_COLUMNS)],
    )


def _float(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def self_evaluation_overview(engine: Engine, principal: Principal, round_id: int) -> pd.DataFrame:
    """Columns: agency_id, name, name_en, short_name, state (missing: not started), items (how
    many the self-evaluation covers), filled (entries with a score), updated_at, submitted_at,
    submitted_by, reopened_at — every agency of the round the principal may see, by name."""
    filled = (
        select(
            SelfEvaluationEntry.self_evaluation_id.label("sheet_id"),
            func.count(SelfEvaluationEntry.score).label("filled"),
        )
        .group_by(SelfEvaluationEntry.self_evaluation_id)
        .subquery()
    )
    individual = (
        select(
            IndividualIndicator.agency_type,
            func.count(IndividualIndicator.id).label("individual"),
        )
        .where(IndividualIndicator.round_id == round_id)
        .group_by(IndividualIndicator.agency_type)
        .subquery()
    )
    team_leaves = (
        select(func.count(Indicator.id))
        .where(Indicator.round_id == round_id, Indicator.source == "team")
        .scalar_subquery()
    )
    stmt = (
        select(
            Agency.id.label("agency_id"),
            Agency.name,
            Agency.name_en,
            Agency.short_name,
            SelfEvaluation.state,
            (team_leaves + func.coalesce(individual.c.individual, 0)).label("items"),
            func.coalesce(filled.c.filled, 0).label("filled"),
            SelfEvaluation.updated_at,
            SelfEvaluation.submitted_at,
            SelfEvaluation.submitted_by,
            SelfEvaluation.reopened_at,
        )
        .join(RoundAgency, RoundAgency.agency_id == Agency.id)
        .outerjoin(
            SelfEvaluation,
            (SelfEvaluation.agency_id == Agency.id) & (SelfEvaluation.round_id == round_id),
        )
        .outerjoin(filled, filled.c.sheet_id == SelfEvaluation.id)
        .outerjoin(individual, individual.c.agency_type == Agency.agency_type)
        .where(RoundAgency.round_id == round_id)
        .order_by(Agency.name)
    )
    scope = principal.agency_scope
    if scope is not None:
        stmt = stmt.where(Agency.id == scope)
    with engine.connect() as conn:
        out = frame(conn, stmt)
    return out.astype({"items": int, "filled": int}) if not out.empty else out


def set_self_evaluation_window(
    engine: Engine,
    year: int,
    opens: dt.date | None,
    closes: dt.date | None,
    *,
    principal: Principal,
    lang: str = "zh",
) -> None:
    """Set (or with None clear) the round's self-evaluation window (administrators; not a
    completed round)."""
    if principal.role != Role.ADMIN:
        raise AccessDenied(translate("rnd_denied", lang))
    if opens is not None and closes is not None and closes < opens:
        raise _refuse("se_err_window", lang, opens=opens.isoformat(), closes=closes.isoformat())
    with engine.begin() as conn:
        row = conn.execute(
            select(
                EvaluationRound.id,
                EvaluationRound.name,
                EvaluationRound.status,
                EvaluationRound.self_eval_opens,
                EvaluationRound.self_eval_closes,
            ).where(EvaluationRound.year == year)
        ).first()
        if row is None:
            raise _refuse("imp_no_round", lang, year=year)
        if row.status == RoundStatus.COMPLETED:
            raise _refuse("se_refused_completed", lang, round=row.name)
        conn.execute(
            update(EvaluationRound)
            .where(EvaluationRound.id == row.id)
            .values(self_eval_opens=opens, self_eval_closes=closes)
        )

        def iso(d: dt.date | None) -> str | None:
            return None if d is None else d.isoformat()

        record_write(
            conn,
            principal.username,
            "round.self_eval_window",
            "evaluation_round",
            row.id,
            before={"opens": iso(row.self_eval_opens), "closes": iso(row.self_eval_closes)},
            after={"opens": iso(opens), "closes": iso(closes)},
            round_id=int(row.id),
        )
