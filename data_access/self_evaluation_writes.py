"""自评填报 Self-evaluation writes: an agency user saves its draft and submits (the scores become
``score.self_score``, which feeds the self-vs-team gap), the office reopens a submitted one,
and the demo data (the round's window is set in ``data_access.self_evaluation``). What is covered, where it is
stored and what is refused: ``data_access.self_evaluation``. Every write is audited and bumps
the data version (data_access.audit), in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from data_access.audit import record_write
from data_access.models import (
    Agency,
    EvaluationRound,
    Score,
    SelfEvaluation,
    SelfEvaluationEntry,
)
from data_access.scope import AccessDenied, Principal
from data_access.self_evaluation import (
    NOTE_LIMIT,
    SelfEvaluationRefused,
    _entries,
    _in_round,
    _items,
    _now,
    _refuse,
    _sheet_row,
    _window,
    window_refusal,
)
from domain.catalog import translate
from domain.vocab import Role, RoundStatus, SelfEvalState

__all__ = [
    "DEMO_SELF_EVALUATIONS",
    "save_self_evaluation",
    "reopen_self_evaluation",
    "add_demo_self_evaluations",
]


def _check_entries(
    items: pd.DataFrame,
    entries: Mapping[str, tuple[float | None, str | None]],
    submit: bool,
    lang: str,
) -> dict[str, tuple[float | None, str | None]]:
    """The entries cleaned (blank notes → None), or raise with every problem."""
    limits = dict(zip(items["code"], items["max_points"], strict=True))
    errors: list[str] = []
    clean: dict[str, tuple[float | None, str | None]] = {}
    for code, (score, note) in entries.items():
        if code not in limits:
            errors.append(translate("se_err_code", lang, code=code))
            continue
        top = float(limits[code])
        value: float | None = None
        if score is not None:
            try:
                value = float(score)
            except (TypeError, ValueError):
                value = math.nan
            if math.isnan(value) or not 0 <= value <= top:
                errors.append(
                    translate("se_err_range", lang, code=code, value=score, max=f"{top:g}")
                )
                continue
        text = (note or "").strip() or None
        if text is not None and len(text) > NOTE_LIMIT:
            errors.append(translate("se_err_note", lang, code=code, limit=NOTE_LIMIT))
            continue
        clean[code] = (value, text)
    if submit and not errors:
        missing = [c for c in limits if clean.get(c, (None, None))[0] is None]
        if missing:
            errors.append(translate("se_err_missing", lang, codes="、".join(missing)))
    if errors:
        raise SelfEvaluationRefused(errors)
    return clean


def _as_dict(entries: Mapping[str, tuple[float | None, str | None]]) -> dict[str, Any]:
    return {code: {"score": s, "note": n} for code, (s, n) in sorted(entries.items())}


def save_self_evaluation(
    engine: Engine,
    round_id: int,
    agency_id: int,
    entries: Mapping[str, tuple[float | None, str | None]],
    *,
    principal: Principal,
    submit: bool = False,
    today: dt.date | None = None,
    lang: str = "zh",
) -> str:
    """Save the agency's draft (``entries``: code → (score, evidence note); the whole form,
    so a code left out is blank), or with ``submit`` save it and submit it: every item needs
    a score, and the scores become the agency's self scores (``score.self_score``). Only the
    agency's own user, inside the window, before submitting. Returns the new state."""
    if principal.role != Role.AGENCY:
        raise AccessDenied(translate("se_denied_role", lang))
    if principal.agency_id is None or int(principal.agency_id) != int(agency_id):
        raise AccessDenied(translate("se_denied_agency", lang))
    today = today or dt.date.today()
    try:
        with engine.begin() as conn:
            window = _window(conn, round_id)
            if window is None:
                raise _refuse("se_refused_no_round", lang)
            reason = window_refusal(window, today, lang)
            if reason is not None:
                raise SelfEvaluationRefused([reason])
            agency = _in_round(conn, round_id, agency_id)
            if agency is None:
                raise _refuse("se_refused_not_in_round", lang, round=window.name)
            items = _items(conn, round_id, agency.agency_type)
            clean = _check_entries(items, entries, submit, lang)
            row = _sheet_row(conn, round_id, agency_id, lock=True)
            if row is not None and row.state == SelfEvalState.SUBMITTED:
                raise _refuse("se_refused_submitted", lang)
            now, user = _now(), principal.username
            if row is None:
                before_state, before_entries = None, {}
                pk = conn.execute(
                    insert(SelfEvaluation).values(
                        round_id=round_id,
                        agency_id=agency_id,
                        state=SelfEvalState.DRAFT.value,
                        updated_at=now,
                        updated_by=user,
                    )
                ).inserted_primary_key
                assert pk is not None
                sheet_id = int(pk[0])
            else:
                sheet_id, before_state = int(row.id), row.state
                before_entries = _entries(conn, sheet_id)
            if submit:
                state = SelfEvalState.SUBMITTED.value
            elif before_state == SelfEvalState.REOPENED:
                state = SelfEvalState.REOPENED.value  # being reworked after a reopening
            else:
                state = SelfEvalState.DRAFT.value
            conn.execute(
                delete(SelfEvaluationEntry).where(
                    SelfEvaluationEntry.self_evaluation_id == sheet_id
                )
            )
            kept = {c: v for c, v in clean.items() if v != (None, None)}
            if kept:
                conn.execute(
                    insert(SelfEvaluationEntry),
                    [
                        {"self_evaluation_id": sheet_id, "code": c, "score": s, "note": n}
                        for c, (s, n) in kept.items()
                    ],
                )
            values: dict[str, Any] = {"state": state, "updated_at": now, "updated_by": user}
            if submit:
                values |= {"submitted_at": now, "submitted_by": user}
            conn.execute(update(SelfEvaluation).where(SelfEvaluation.id == sheet_id).values(values))
            before: dict[str, Any] = {"state": before_state, "entries": _as_dict(before_entries)}
            after: dict[str, Any] = {"state": state, "entries": _as_dict(kept)}
            if submit:
                scores = {c: s for c, (s, _n) in kept.items()}
                before["self_scores"] = _write_self_scores(conn, round_id, agency_id, scores, user)
                after["self_scores"] = scores
            record_write(
                conn,
                user,
                "self_eval.submit" if submit else "self_eval.save",
                "self_evaluation",
                sheet_id,
                before=before,
                after=after,
                round_id=round_id,
            )
    except IntegrityError:
        # Another session created this agency's self-evaluation at the same moment.
        raise _refuse("se_refused_changed", lang) from None
    return state


def _write_self_scores(
    conn: Connection, round_id: int, agency_id: int, scores: Mapping[str, float | None], user: str
) -> dict[str, float | None]:
    """Set ``score.self_score`` for each code (a row is added where the team has none yet);
    returns the self scores it replaced."""
    stored = {
        r.code: r.self_score
        for r in conn.execute(
            select(Score.code, Score.self_score).where(
                Score.round_id == round_id,
                Score.agency_id == agency_id,
                Score.code.in_(list(scores)),
            )
        )
    }
    now = _now()
    for code, value in scores.items():
        if code in stored:
            conn.execute(
                update(Score)
                .where(Score.round_id == round_id, Score.agency_id == agency_id, Score.code == code)
                .values(self_score=value, updated_at=now, updated_by=user)
            )
    new = [
        {
            "round_id": round_id,
            "agency_id": agency_id,
            "code": code,
            "self_score": value,
            "updated_at": now,
            "updated_by": user,
        }
        for code, value in scores.items()
        if code not in stored
    ]
    if new:
        conn.execute(insert(Score), new)
    return {c: stored.get(c) for c in scores}


def reopen_self_evaluation(
    engine: Engine,
    round_id: int,
    agency_id: int,
    *,
    principal: Principal,
    note: str | None = None,
    lang: str = "zh",
) -> None:
    """Give a submitted self-evaluation back to its agency (office staff and administrators;
    not in a completed round). Its submitted scores keep counting until it is submitted
    again."""
    if principal.role not in (Role.STAFF, Role.ADMIN):
        raise AccessDenied(translate("se_denied_reopen", lang))
    text = (note or "").strip() or None
    if text is not None and len(text) > NOTE_LIMIT:
        raise _refuse("se_err_reopen_note", lang, limit=NOTE_LIMIT)
    with engine.begin() as conn:
        window = _window(conn, round_id)
        if window is None:
            raise _refuse("se_refused_no_round", lang)
        if window.status == RoundStatus.COMPLETED:
            raise _refuse("se_refused_completed", lang, round=window.name)
        row = _sheet_row(conn, round_id, agency_id, lock=True)
        if row is None or row.state != SelfEvalState.SUBMITTED:
            state = SelfEvalState(row.state).label(lang) if row is not None else None
            raise _refuse(
                "se_refused_not_submitted", lang, state=state or translate("se_not_started", lang)
            )
        now = _now()
        conn.execute(
            update(SelfEvaluation)
            .where(SelfEvaluation.id == row.id)
            .values(
                state=SelfEvalState.REOPENED.value,
                reopened_at=now,
                reopened_by=principal.username,
                reopen_note=text,
            )
        )
        record_write(
            conn,
            principal.username,
            "self_eval.reopen",
            "self_evaluation",
            row.id,
            before={"state": row.state},
            after={"state": SelfEvalState.REOPENED.value, "note": text},
            round_id=round_id,
        )


# -- demo data -----------------------------------------------------------------------------

_DEMO_NOTE = "已上传自评报告及相关制度文件、会议纪要（见附件）。"
#: (agency, state) in the newest round that is not completed; the demo agency user's own
#: agency (市科学技术局) is left untouched, so it starts from the form.
DEMO_SELF_EVALUATIONS = (
    ("市外事办公室", SelfEvalState.SUBMITTED),
    ("市教育局", SelfEvalState.SUBMITTED),
    ("市统计局", SelfEvalState.DRAFT),
)


def add_demo_self_evaluations(engine: Engine) -> int:
    """Demo self-evaluations (for data_access.seed, after the scores): in the newest round
    that is not completed, a self-evaluation for each agency of ``DEMO_SELF_EVALUATIONS`` in
    the round, its entries the self scores already stored (so the scores, and the golden
    exports, do not change). Returns how many were added; a second call adds none."""
    added = 0
    with engine.begin() as conn:
        rnd = conn.execute(
            select(EvaluationRound.id, EvaluationRound.config)
            .where(EvaluationRound.status != RoundStatus.COMPLETED.value)
            .order_by(EvaluationRound.year.desc())
        ).first()
        if rnd is None:
            return 0
        for name, state in DEMO_SELF_EVALUATIONS:
            agency = conn.execute(select(Agency.id).where(Agency.name == name)).first()
            if agency is None or _in_round(conn, rnd.id, agency.id) is None:
                continue
            if _sheet_row(conn, rnd.id, agency.id) is not None:
                continue
            at = dt.datetime(2026, 6, 5, 10, 0)
            submitted = state == SelfEvalState.SUBMITTED
            pk = conn.execute(
                insert(SelfEvaluation).values(
                    round_id=rnd.id,
                    agency_id=agency.id,
                    state=state.value,
                    updated_at=at,
                    updated_by="agency",
                    submitted_at=at if submitted else None,
                    submitted_by="agency" if submitted else None,
                )
            ).inserted_primary_key
            assert pk is not None
            stored = conn.execute(
                select(Score.code, Score.self_score).where(
                    Score.round_id == rnd.id,
                    Score.agency_id == agency.id,
                    Score.self_score.is_not(None),
                )
            ).all()
            if stored:
                conn.execute(
                    insert(SelfEvaluationEntry),
                    [
                        {
                            "self_evaluation_id": int(pk[0]),
                            "code": r.code,
                            "score": r.self_score,
                            "note": _DEMO_NOTE,
                        }
                        for r in stored
                    ],
                )
            added += 1
        if added:
            record_write(
                conn,
                "seed",
                "self_eval.demo",
                "self_evaluation",
                None,
                after={"n": added},
                round_id=int(rnd.id),
            )
    return added
