"""Findings and rectifications (DOMAIN §7, issue 11): record a finding, fixed on the spot
(立行立改) or with a rectification opinion, and move a rectification through its lifecycle.

The rules of who may move what are ``domain.rectification``'s; this module refuses whatever
they refuse, so a direct call cannot skip a state. Every move names the state and version it
saw: the UPDATE only matches that version, so of two people moving the same item at once
exactly one succeeds and the other is told what the item is now
(``RectificationConflict``). Every write is audited and bumps the data version in the same
transaction; a completed round refuses writes.

Reads take the signed-in ``Principal`` and scope by it (an agency user: its own agency).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, and_, insert, select, true, update

from data_access.audit import record_write
from data_access.db import frame
from data_access.models import (
    Agency,
    EvaluationRound,
    Finding,
    Indicator,
    Rectification,
    RectificationEvent,
    RoundAgency,
)
from data_access.scope import AccessDenied, Principal
from domain.catalog import translate
from domain.rectification import Refusal, check_transition, may_record
from domain.vocab import FindingCategory, FindingSource, RectState, RoundStatus, Severity
from scoring import RoundConfig

__all__ = [
    "FindingError",
    "RectificationRefused",
    "RectificationConflict",
    "NewFinding",
    "RectificationPlan",
    "record_finding",
    "move_rectification",
    "rectification_items",
    "rectification_events",
    "leaf_indicators",
    "severity_points",
    "ITEM_COLUMNS",
]

DESCRIPTION_MAX = 2000


class FindingError(ValueError):
    """A finding that cannot be recorded; ``errors`` are for the user (nothing written)."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = list(errors)


class RectificationRefused(PermissionError):
    """A move the rules refuse (by state, role, agency, missing note, completed round); the
    message is for the user. ``refusal`` says why (None for an unknown item or round)."""

    def __init__(self, message: str, refusal: Refusal | None = None) -> None:
        super().__init__(message)
        self.refusal = refusal


class RectificationConflict(RectificationRefused):
    """The item changed since the user saw it; ``current`` is its state now."""

    def __init__(self, message: str, current: str) -> None:
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class RectificationPlan:
    """The rectification opinion issued with a finding (整改意见)."""

    section: str
    deadline: dt.date
    owner: str | None = None
    opinion_doc_no: str | None = None


@dataclass(frozen=True)
class NewFinding:
    """A finding as staff record it: fixed on the spot (``plan`` None) or with a plan."""

    agency_id: int
    description: str
    category: str
    severity: str
    source: str
    indicator_code: str | None = None
    in_ledger: bool = False
    found_date: dt.date | None = None
    plan: RectificationPlan | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _round_row(conn: Connection, round_id: int) -> Any:
    return conn.execute(
        select(EvaluationRound.id, EvaluationRound.name, EvaluationRound.status).where(
            EvaluationRound.id == round_id
        )
    ).first()


def _text(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split()) if limit <= 64 else str(value).strip()
    return text or None


def _check_finding(conn: Connection, round_id: int, item: NewFinding, lang: str) -> list[str]:
    """Every problem of ``item`` for ``round_id``, in the user's language."""
    errors: list[str] = []
    description = _text(item.description, DESCRIPTION_MAX)
    if description is None:
        errors.append(translate("rect_err_description", lang))
    elif len(description) > DESCRIPTION_MAX:
        errors.append(translate("rect_err_too_long", lang, limit=DESCRIPTION_MAX))
    in_round = conn.execute(
        select(RoundAgency.agency_id).where(
            RoundAgency.round_id == round_id, RoundAgency.agency_id == item.agency_id
        )
    ).first()
    if in_round is None:
        errors.append(translate("rect_err_agency", lang))
    for value, vocab in (
        (item.category, FindingCategory),
        (item.severity, Severity),
        (item.source, FindingSource),
    ):
        if value not in {t.value for t in vocab}:
            errors.append(translate("rect_err_choice", lang, value=value))
    if item.indicator_code:
        known = conn.execute(
            select(Indicator.code).where(
                Indicator.round_id == round_id, Indicator.code == item.indicator_code
            )
        ).first()
        if known is None:
            errors.append(translate("rect_err_indicator", lang, code=item.indicator_code))
    plan = item.plan
    if plan is not None:
        if _text(plan.section, 32) is None:
            errors.append(translate("rect_err_section", lang))
        found = item.found_date or dt.date.today()
        if plan.deadline < found:
            errors.append(translate("rect_err_deadline", lang, found=found.isoformat()))
        limits: tuple[tuple[str | None, int], ...] = (
            (plan.section, 32),
            (plan.owner, 64),
            (plan.opinion_doc_no, 64),
        )
        for given, limit in limits:
            clean = _text(given, limit)
            if clean is not None and len(clean) > limit:
                errors.append(translate("rect_err_too_long", lang, limit=limit))
    return errors


def _require_office(principal: Principal, lang: str) -> None:
    if not may_record(principal.role):
        raise AccessDenied(translate("rect_refused_record", lang))


def insert_finding(
    conn: Connection, round_id: int, item: NewFinding, actor: str, today: dt.date
) -> int:
    """Store a checked finding (and its rectification, issued, with its first event) in the
    caller's transaction; no audit (callers audit). The finding's id."""
    found = item.found_date or today
    finding_id = conn.execute(
        insert(Finding)
        .values(
            round_id=round_id,
            agency_id=item.agency_id,
            description=_text(item.description, DESCRIPTION_MAX),
            category=item.category,
            severity=item.severity,
            source=item.source,
            indicator_code=item.indicator_code or None,
            in_ledger=bool(item.in_ledger),
            found_date=found,
            on_the_spot=item.plan is None,
        )
        .returning(Finding.id)
    ).scalar_one()
    plan = item.plan
    if plan is not None:
        rect_id = conn.execute(
            insert(Rectification)
            .values(
                finding_id=finding_id,
                opinion_doc_no=_text(plan.opinion_doc_no, 64),
                section=_text(plan.section, 32),
                owner=_text(plan.owner, 64),
                issued_date=today,
                deadline=plan.deadline,
                state=RectState.ISSUED.value,
                version=0,
            )
            .returning(Rectification.id)
        ).scalar_one()
        conn.execute(
            insert(RectificationEvent).values(
                rectification_id=rect_id,
                from_state=None,
                to_state=RectState.ISSUED.value,
                actor=actor,
                at=_now(),
                note=_text(plan.opinion_doc_no, 64),
            )
        )
    return int(finding_id)


def record_finding(
    engine: Engine,
    round_id: int,
    item: NewFinding,
    *,
    principal: Principal,
    lang: str = "zh",
    today: dt.date | None = None,
) -> int:
    """Record a finding of ``round_id`` (office staff and administrators): fixed on the spot
    when ``item.plan`` is None, else with its rectification issued (待整改). Raises
    AccessDenied, RectificationRefused (unknown or completed round) or FindingError."""
    _require_office(principal, lang)
    today = today or dt.date.today()
    with engine.begin() as conn:
        rnd = _round_row(conn, round_id)
        if rnd is None:
            raise RectificationRefused(translate("rect_err_round", lang))
        if rnd.status == RoundStatus.COMPLETED:
            raise RectificationRefused(translate("round_frozen", lang, round=rnd.name))
        errors = _check_finding(conn, round_id, item, lang)
        if errors:
            raise FindingError(errors)
        finding_id = insert_finding(conn, round_id, item, principal.username, today)
        after = {
            "round_id": round_id,
            "agency_id": item.agency_id,
            "severity": item.severity,
            "indicator_code": item.indicator_code,
            "in_ledger": bool(item.in_ledger),
            "on_the_spot": item.plan is None,
        }
        if item.plan is not None:
            after |= {"section": item.plan.section, "deadline": item.plan.deadline.isoformat()}
        record_write(
            conn,
            principal.username,
            "finding.record",
            "finding",
            finding_id,
            after=after,
            round_id=round_id,
        )
    return finding_id


def _current(conn: Connection, rect_id: int) -> Any:
    return conn.execute(
        select(
            Rectification.id,
            Rectification.state,
            Rectification.version,
            Finding.agency_id,
            Finding.round_id,
            EvaluationRound.name.label("round_name"),
            EvaluationRound.status.label("round_status"),
        )
        .join(Finding, Finding.id == Rectification.finding_id)
        .join(EvaluationRound, EvaluationRound.id == Finding.round_id)
        .where(Rectification.id == rect_id)
    ).first()


def _conflict(current: str, lang: str) -> RectificationConflict:
    label = RectState(current).label(lang)
    return RectificationConflict(translate("rect_conflict", lang, state=label), current)


def move_rectification(
    engine: Engine,
    rectification_id: int,
    target: str,
    *,
    principal: Principal,
    expected_state: str,
    expected_version: int | None = None,
    note: str | None = None,
    lang: str = "zh",
    today: dt.date | None = None,
) -> int:
    """Move a rectification from ``expected_state`` (as the user saw it; and
    ``expected_version`` when known) to ``target`` with ``note``; the new version.

    Refused (RectificationRefused, with the reason in ``lang``) when the rules of
    ``domain.rectification`` refuse it or the round is completed; RectificationConflict when
    the item is no longer in ``expected_state`` / ``expected_version`` — someone moved it
    meanwhile — saying what it is now. 已销号 stores the verification note and the day;
    待验收 stores the note as the evidence."""
    today = today or dt.date.today()
    note = _text(note, DESCRIPTION_MAX)
    with engine.begin() as conn:
        row = _current(conn, rectification_id)
        if row is None or not principal.may_see(row.agency_id):
            # An agency user is not told whether another agency's item exists.
            raise RectificationRefused(translate("rect_err_unknown", lang))
        if row.round_status == RoundStatus.COMPLETED:
            raise RectificationRefused(translate("round_frozen", lang, round=row.round_name))
        if row.state != expected_state or (
            expected_version is not None and row.version != expected_version
        ):
            raise _conflict(row.state, lang)
        refusal = check_transition(
            principal.role, row.state, target, own=principal.may_see(row.agency_id), note=note
        )
        if refusal is not None:
            raise RectificationRefused(
                translate(
                    refusal.value,
                    lang,
                    current=RectState(row.state).label(lang),
                    target=RectState(target).label(lang),
                ),
                refusal,
            )
        values: dict[str, Any] = {"state": target, "version": Rectification.version + 1}
        if target == RectState.AWAITING:
            values["evidence"] = note
        if target == RectState.CLOSED:
            values |= {"verification_note": note, "closed_date": today}
        # Only the version the user saw matches: a concurrent move that committed first
        # leaves this UPDATE matching no row (PostgreSQL re-checks the row after its lock).
        moved = conn.execute(
            update(Rectification)
            .where(
                Rectification.id == rectification_id,
                Rectification.state == row.state,
                Rectification.version == row.version,
            )
            .values(**values)
        )
        if moved.rowcount != 1:
            now = conn.execute(
                select(Rectification.state).where(Rectification.id == rectification_id)
            ).scalar_one()
            raise _conflict(now, lang)
        conn.execute(
            insert(RectificationEvent).values(
                rectification_id=rectification_id,
                from_state=row.state,
                to_state=target,
                actor=principal.username,
                at=_now(),
                note=note,
            )
        )
        record_write(
            conn,
            principal.username,
            "rectification.move",
            "rectification",
            rectification_id,
            before={"state": row.state, "version": row.version},
            after={"state": target, "version": row.version + 1, "note": note},
            round_id=int(row.round_id),
        )
    return int(row.version) + 1


ITEM_COLUMNS = (
    "finding_id",
    "round_id",
    "year",
    "agency_id",
    "agency",
    "description",
    "category",
    "severity",
    "source",
    "indicator_code",
    "in_ledger",
    "found_date",
    "on_the_spot",
    "rectification_id",
    "opinion_doc_no",
    "section",
    "owner",
    "issued_date",
    "deadline",
    "state",
    "evidence",
    "verification_note",
    "closed_date",
    "version",
)


def rectification_items(
    engine: Engine,
    principal: Principal,
    round_id: int | None = None,
    agency_id: int | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """Columns ``ITEM_COLUMNS``: every finding (of ``round_id``, or of every round; of the
    round whose year is ``year``) the principal may see, with
    its rectification (state None and no rectification columns for a finding fixed on the
    spot). Ordered by round, agency, finding."""
    agency_id = principal.scoped_agency(agency_id)
    f, r, e = Finding, Rectification, EvaluationRound
    conditions = []
    if round_id is not None:
        conditions.append(f.round_id == round_id)
    if year is not None:
        conditions.append(e.year == year)
    if agency_id is not None:
        conditions.append(f.agency_id == agency_id)
    stmt = (
        select(
            f.id.label("finding_id"),
            f.round_id,
            e.year,
            f.agency_id,
            Agency.name.label("agency"),
            f.description,
            f.category,
            f.severity,
            f.source,
            f.indicator_code,
            f.in_ledger,
            f.found_date,
            f.on_the_spot,
            r.id.label("rectification_id"),
            r.opinion_doc_no,
            r.section,
            r.owner,
            r.issued_date,
            r.deadline,
            r.state,
            r.evidence,
            r.verification_note,
            r.closed_date,
            r.version,
        )
        .join(e, e.id == f.round_id)
        .join(Agency, Agency.id == f.agency_id)
        .outerjoin(r, r.finding_id == f.id)
        .where(and_(true(), *conditions))
        .order_by(e.year, Agency.id, f.id)
    )
    with engine.connect() as conn:
        out = frame(conn, stmt)
    out["in_ledger"] = out["in_ledger"].astype(bool)
    out["on_the_spot"] = out["on_the_spot"].astype(bool)
    return out


def rectification_events(
    engine: Engine,
    principal: Principal,
    round_id: int | None = None,
    finding_ids: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Columns: finding_id, rectification_id, from_state, to_state, actor, at, note — the
    timeline of the rectifications of these findings (or of every finding of ``round_id``)
    the principal may see, oldest first."""
    scope = principal.agency_scope
    columns = ["finding_id", "rectification_id", "from_state", "to_state", "actor", "at", "note"]
    ev, r, f = RectificationEvent, Rectification, Finding
    if finding_ids is None:
        if round_id is None:
            return pd.DataFrame(columns=columns)
        stmt = (
            select(
                r.finding_id,
                ev.rectification_id,
                ev.from_state,
                ev.to_state,
                ev.actor,
                ev.at,
                ev.note,
            )
            .join(r, r.id == ev.rectification_id)
            .join(f, f.id == r.finding_id)
            .where(f.round_id == round_id, f.agency_id == scope if scope is not None else true())
            .order_by(r.finding_id, ev.at, ev.id)
        )
        with engine.connect() as conn:
            return frame(conn, stmt)[columns]
    ids = sorted({int(i) for i in finding_ids})
    if not ids:
        return pd.DataFrame(columns=columns)
    parts = []
    with engine.connect() as conn:
        for i in range(0, len(ids), 500):
            stmt = (
                select(
                    r.finding_id,
                    ev.rectification_id,
                    ev.from_state,
                    ev.to_state,
                    ev.actor,
                    ev.at,
                    ev.note,
                )
                .join(r, r.id == ev.rectification_id)
                .join(f, f.id == r.finding_id)
                .where(
                    r.finding_id.in_(ids[i : i + 500]),
                    f.agency_id == scope if scope is not None else true(),
                )
                .order_by(r.finding_id, ev.at, ev.id)
            )
            parts.append(frame(conn, stmt))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    return out[columns]


def leaf_indicators(engine: Engine, principal: Principal, round_id: int) -> pd.DataFrame:
    """Columns: code, name — the leaves of the round's common tree (those a finding can bear
    on: they have a source), in tree order."""
    stmt = (
        select(Indicator.code, Indicator.name)
        .where(Indicator.round_id == round_id, Indicator.source.is_not(None))
        .order_by(Indicator.sort_order, Indicator.id)
    )
    with engine.connect() as conn:
        return frame(conn, stmt)


def severity_points(engine: Engine, principal: Principal, round_id: int) -> dict[str, float]:
    """The round's severity points (严重 4 … 轻微 1 unless configured): what a finding
    deducts, and what a ledger finding adds to the annual-assessment deduction."""
    with engine.connect() as conn:
        config = conn.execute(
            select(EvaluationRound.config).where(EvaluationRound.id == round_id)
        ).scalar()
    return dict(RoundConfig.from_dict(dict(config or {})).severity_points)
