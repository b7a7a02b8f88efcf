"""Evaluation rounds made by the office itself (``manage.py round …``): create a round with its
indicator tree, individual indicators and configuration (copied from an earlier round, or the
shipped defaults), choose the agencies it evaluates, and move its status (已完成 freezes it).

Administrators only; every change is audited in the same transaction (data_access.audit).
Problems the user can fix raise ``RoundAdminError`` with messages in the user's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from data_access.audit import record_write
from data_access.imports.cells import (
    MAX_YEAR,
    MIN_YEAR,
    CellError,
    clean_text,
    is_blank,
    normalize_header,
)
from data_access.imports.kind import closest
from data_access.imports.reader import FileError, read_sheets
from data_access.models import Agency, EvaluationRound, Indicator, IndividualIndicator, RoundAgency
from data_access.round_inputs import load_round_inputs
from data_access.rounds import RoundFrozen, set_round_status
from data_access.scope import AccessDenied, Principal
from data_access.score_limits import scores_above_maxima
from domain.catalog import translate
from domain.vocab import Role, RoundStatus
from scoring import RoundConfig, score_round
from scoring.tree import DEFAULT_COMMON_TREE, DEFAULT_INDIVIDUAL_INDICATORS

__all__ = [
    "RoundAdminError",
    "RoundAgencies",
    "NewRound",
    "create_round",
    "change_round_agencies",
    "change_round_status",
    "read_agency_names",
    "list_rounds_admin",
    "advance_round",
    "NEXT_STATUS",
    "preview_tree",
    "TreePreview",
]

_TREE_FIELDS = (
    "code",
    "parent_code",
    "level",
    "name",
    "name_en",
    "max_points",
    "source",
    "eval_point",
    "eval_point_en",
    "eval_method",
    "eval_method_en",
    "sort_order",
)
_INDIVIDUAL_FIELDS = (
    "agency_type",
    "code",
    "name",
    "name_en",
    "weight",
    "eval_point",
    "eval_point_en",
)
_NAME_HEADERS = {normalize_header(h) for h in ("单位名称", "单位", "简称", "Agency", "Agency name")}


class RoundAdminError(ValueError):
    """The change was refused and nothing was written; ``errors`` are for the user."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class NewRound:
    round_id: int
    indicators: int
    individual: int
    copied_from: int | None


@dataclass(frozen=True)
class RoundAgencies:
    """What ``change_round_agencies`` did: names added and removed, and the round's count."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    total: int


def _require_admin(principal: Principal, lang: str) -> None:
    if principal.role != Role.ADMIN:
        raise AccessDenied(translate("rnd_denied", lang))


def _text(value: str | None, limit: int, lang: str) -> str | None:
    try:
        return clean_text(value, limit)
    except CellError as exc:
        raise RoundAdminError([translate(exc.key, lang, **exc.values)]) from None


def _round(conn: Connection, year: int, lang: str) -> Any:
    row = conn.execute(
        select(
            EvaluationRound.id, EvaluationRound.name, EvaluationRound.status, EvaluationRound.config
        ).where(EvaluationRound.year == year)
    ).first()
    if row is None:
        raise RoundAdminError([translate("imp_no_round", lang, year=year)])
    return row


def create_round(
    engine: Engine,
    year: int,
    name: str,
    *,
    principal: Principal,
    name_en: str | None = None,
    copy_from: int | None = None,
    lang: str = "zh",
) -> NewRound:
    """A new round (准备中) with the tree, individual indicators and configuration of the
    round of ``copy_from``, or the shipped defaults (every agency type's individual
    indicators; the office removes what it does not need with ``import individual``)."""
    _require_admin(principal, lang)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise RoundAdminError([translate("rnd_year", lang, year=year, low=MIN_YEAR, high=MAX_YEAR)])
    name_text, english = _text(name, 128, lang), _text(name_en, 256, lang)
    if name_text is None:
        raise RoundAdminError([translate("rnd_name_empty", lang)])
    with engine.begin() as conn:
        taken = conn.execute(select(EvaluationRound.id).where(EvaluationRound.year == year)).first()
        if taken is not None:
            raise RoundAdminError([translate("rnd_exists", lang, year=year)])
        if copy_from is not None:
            source = _round(conn, copy_from, lang)
            tree = [
                dict(r._mapping)
                for r in conn.execute(
                    select(*(Indicator.__table__.c[f] for f in _TREE_FIELDS))
                    .where(Indicator.round_id == source.id)
                    .order_by(Indicator.sort_order, Indicator.id)
                )
            ]
            individual = [
                dict(r._mapping)
                for r in conn.execute(
                    select(*(IndividualIndicator.__table__.c[f] for f in _INDIVIDUAL_FIELDS))
                    .where(IndividualIndicator.round_id == source.id)
                    .order_by(IndividualIndicator.id)
                )
            ]
            config = RoundConfig.from_dict(source.config or {}).to_dict()
        else:
            tree = [
                {**{f: r.get(f) for f in _TREE_FIELDS}, "parent_code": r["parent"], "sort_order": i}
                for i, r in enumerate(DEFAULT_COMMON_TREE)
            ]
            individual = [
                {"agency_type": kind, **{f: ind.get(f) for f in _INDIVIDUAL_FIELDS[1:]}}
                for kind, items in DEFAULT_INDIVIDUAL_INDICATORS.items()
                for ind in items
            ]
            config = RoundConfig().to_dict()
        inserted = conn.execute(
            insert(EvaluationRound).values(
                year=year,
                name=name_text,
                name_en=english,
                status=RoundStatus.PREPARING.value,
                config=config,
            )
        ).inserted_primary_key
        assert inserted is not None
        round_id = int(inserted[0])
        conn.execute(insert(Indicator), [{"round_id": round_id, **r} for r in tree])
        if individual:
            conn.execute(
                insert(IndividualIndicator), [{"round_id": round_id, **r} for r in individual]
            )
        record_write(
            conn,
            principal.username,
            "round.create",
            "evaluation_round",
            round_id,
            after={
                "year": year,
                "name": name_text,
                "name_en": english,
                "copied_from": copy_from,
                "indicators": len(tree),
                "individual": len(individual),
            },
            round_id=round_id,
        )
    return NewRound(round_id, len(tree), len(individual), copy_from)


def _resolve(conn: Connection, names: Iterable[str], lang: str) -> dict[str, tuple[int, str]]:
    """Agencies by full or short name → (id, full name); unknown names raise, each with the
    closest known name."""
    known: dict[str, tuple[int, str]] = {}
    for row in conn.execute(select(Agency.id, Agency.name, Agency.short_name).order_by(Agency.id)):
        known[row.name] = (int(row.id), row.name)
        if row.short_name:
            known.setdefault(row.short_name, (int(row.id), row.name))
    errors, out = [], {}
    for name in names:
        if name in known:
            out[name] = known[name]
            continue
        hit = closest(name, known)
        hint = translate("imp_hint", lang, name=hit) if hit else ""
        errors.append(translate("rnd_unknown_agency", lang, value=name, hint=hint))
    if errors:
        raise RoundAdminError(errors)
    return out


def change_round_agencies(
    engine: Engine,
    year: int,
    *,
    principal: Principal,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    replace: Sequence[str] | None = None,
    lang: str = "zh",
) -> RoundAgencies:
    """Add and remove agencies (by full or short name), or with ``replace`` make the round
    evaluate exactly those; a completed round refuses. Stored scores stay with the agency."""
    _require_admin(principal, lang)
    with engine.begin() as conn:
        row = _round(conn, year, lang)
        if row.status == RoundStatus.COMPLETED:
            raise RoundAdminError([translate("round_frozen", lang, round=row.name)])
        names = _resolve(conn, [*add, *remove, *(replace or ())], lang)
        current = {
            int(a)
            for a in conn.execute(
                select(RoundAgency.agency_id).where(RoundAgency.round_id == row.id)
            ).scalars()
        }
        if replace is not None:
            target = {names[n][0] for n in replace}
        else:
            target = (current | {names[n][0] for n in add}) - {names[n][0] for n in remove}
        full = {agency_id: full_name for agency_id, full_name in names.values()}
        added = sorted(target - current)
        removed = sorted(current - target)
        if removed:
            full |= {
                int(r.id): r.name
                for r in conn.execute(select(Agency.id, Agency.name).where(Agency.id.in_(removed)))
            }
            conn.execute(
                delete(RoundAgency).where(
                    RoundAgency.round_id == row.id, RoundAgency.agency_id.in_(removed)
                )
            )
        if added:
            conn.execute(insert(RoundAgency), [{"round_id": row.id, "agency_id": a} for a in added])
        result = RoundAgencies(
            tuple(full[a] for a in added), tuple(full[a] for a in removed), len(target)
        )
        if added or removed:
            record_write(
                conn,
                principal.username,
                "round.agencies",
                "evaluation_round",
                row.id,
                before={"agencies": len(current)},
                after={"added": list(result.added), "removed": list(result.removed)},
                round_id=int(row.id),
            )
    return result


def change_round_status(
    engine: Engine, year: int, status: str, *, principal: Principal, lang: str = "zh"
) -> None:
    """Move the round of ``year`` to 准备中 / 评估中 / 已完成 (已完成 freezes it for good)."""
    _require_admin(principal, lang)
    if status not in {s.value for s in RoundStatus}:
        allowed = "/".join(s.value for s in RoundStatus)
        raise RoundAdminError([translate("imp_cell_choice", lang, value=status, allowed=allowed)])
    with engine.connect() as conn:
        round_id = int(_round(conn, year, lang).id)
    try:
        set_round_status(engine, round_id, status, actor=principal.username, lang=lang)
    except RoundFrozen as exc:
        raise RoundAdminError([str(exc)]) from None


def read_agency_names(data: bytes, filename: str, lang: str = "zh") -> list[str]:
    """The agency names in a file (.xlsx/.xls/.csv): the column headed 单位名称 (or 单位, 简称,
    Agency), else the first column; blanks and repeats dropped, in file order."""
    try:
        sheets = read_sheets(data, filename)
    except FileError as exc:
        raise RoundAdminError([translate(exc.key, lang, **exc.values)]) from None
    cells: list[Any] = []
    for sheet in sheets:
        header = next(
            (
                (r, i)
                for r, row in enumerate(sheet.rows[:10])
                for i, value in enumerate(row)
                if normalize_header(value) in _NAME_HEADERS
            ),
            None,
        )
        if header is not None:
            r, i = header
            cells = [row[i] if i < len(row) else None for row in sheet.rows[r + 1 :]]
            break
    else:
        cells = [row[0] if row else None for row in sheets[0].rows]
    names: list[str] = []
    for value in cells:
        if is_blank(value):
            continue
        name = _text(value, 64, lang)
        if name and name not in names:
            names.append(name)
    if not names:
        raise RoundAdminError([translate("rnd_no_names", lang)])
    return names


#: The one move a round may make next (已完成 is final).
NEXT_STATUS: dict[str, str] = {
    RoundStatus.PREPARING.value: RoundStatus.IN_PROGRESS.value,
    RoundStatus.IN_PROGRESS.value: RoundStatus.COMPLETED.value,
}


def list_rounds_admin(engine: Engine, principal: Principal, lang: str = "zh") -> pd.DataFrame:
    """Columns: round_id, year, name, name_en, status, n_agencies, self_eval_opens,
    self_eval_closes, created_at, completed_at — every round, newest first (administrators)."""
    _require_admin(principal, lang)
    counts = (
        select(RoundAgency.round_id, func.count().label("n"))
        .group_by(RoundAgency.round_id)
        .subquery()
    )
    stmt = (
        select(
            EvaluationRound.id.label("round_id"),
            EvaluationRound.year,
            EvaluationRound.name,
            EvaluationRound.name_en,
            EvaluationRound.status,
            func.coalesce(counts.c.n, 0).label("n_agencies"),
            EvaluationRound.self_eval_opens,
            EvaluationRound.self_eval_closes,
            EvaluationRound.created_at,
            EvaluationRound.completed_at,
        )
        .outerjoin(counts, counts.c.round_id == EvaluationRound.id)
        .order_by(EvaluationRound.year.desc())
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame(
        [tuple(r) for r in rows],
        columns=[
            "round_id",
            "year",
            "name",
            "name_en",
            "status",
            "n_agencies",
            "self_eval_opens",
            "self_eval_closes",
            "created_at",
            "completed_at",
        ],
    )


def advance_round(
    engine: Engine, year: int, expected: str, *, principal: Principal, lang: str = "zh"
) -> str:
    """Move the round of ``year`` one step on (准备中 → 评估中 → 已完成) from the status the user
    saw, ``expected``; if it has moved meanwhile (another admin, a double submission) nothing
    is written and the user is told. Audited with before and after. Returns the new status."""
    _require_admin(principal, lang)
    with engine.begin() as conn:
        row = _round(conn, year, lang)
        if row.status != expected:
            raise RoundAdminError(
                [translate("rnd_moved_meanwhile", lang, year=year, status=row.status)]
            )
        target = NEXT_STATUS.get(str(row.status))
        if target is None:
            raise RoundAdminError([translate("round_frozen", lang, round=row.name)])
        done = target == RoundStatus.COMPLETED.value
        conn.execute(
            update(EvaluationRound)
            .where(EvaluationRound.id == row.id, EvaluationRound.status == expected)
            .values(
                status=target,
                completed_at=dt.datetime.now(dt.UTC).replace(tzinfo=None) if done else None,
            )
        )
        record_write(
            conn,
            principal.username,
            "round.status",
            "evaluation_round",
            row.id,
            before={"status": expected},
            after={"status": target},
            round_id=int(row.id),
        )
    return target


_PREVIEW_COLUMNS = ["agency_id", "name", "composite", "grade", "rank"]


@dataclass(frozen=True)
class TreePreview:
    """The what-if of a tree: each agency's agency_id, name, composite, grade and rank with
    the stored tree (``before``) and the edited one (``after``); ``scores_above``: stored
    team or self scores above their leaf's new maximum (the score sheet must be redone for
    them before such a tree may be saved: scoring refuses a score above the maximum)."""

    before: pd.DataFrame
    after: pd.DataFrame
    scores_above: int


def preview_tree(
    engine: Engine,
    principal: Principal,
    round_id: int,
    tree: pd.DataFrame | None = None,
    lang: str = "zh",
) -> TreePreview:
    """The round scored on the current data with its stored tree and with ``tree`` (the
    scoring table: code, parent, level, name, max_points, source, eval_point; None: the stored
    one), nothing written — the what-if of a change of points (administrators).

    Team and self scores are points out of a leaf's maximum: where ``tree`` changes a leaf's
    maximum they are rescaled by new / old maximum (the same share of the maximum), so a
    lowered maximum never leaves a score above it in the preview."""
    _require_admin(principal, lang)
    inputs, config, _year = load_round_inputs(engine, round_id)
    before = score_round(inputs, config).summary[_PREVIEW_COLUMNS].copy()
    if tree is None:
        return TreePreview(before, before.copy(), 0)
    old = dict(zip(inputs.tree["code"], inputs.tree["max_points"], strict=True))
    new_max = {str(c): float(m) for c, m in zip(tree["code"], tree["max_points"], strict=True)}
    factor = {
        code: new / float(old[code])
        for code, new in new_max.items()
        if code in old and float(old[code]) > 0 and new != float(old[code])
    }
    scores = inputs.team_scores.copy()
    scale = scores["code"].map(factor).fillna(1.0)
    for column in ("team_score", "self_score"):
        if column in scores.columns:
            scores[column] = pd.to_numeric(scores[column], errors="coerce") * scale
    with engine.connect() as conn:  # the rule the indicators import refuses by
        above = len(scores_above_maxima(conn, round_id, new_max))
    after = score_round(replace(inputs, tree=tree, team_scores=scores), config).summary
    return TreePreview(before, after[_PREVIEW_COLUMNS].copy(), above)
