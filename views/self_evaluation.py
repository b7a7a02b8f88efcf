"""自评填报 Self-evaluation as view models: the agency user's form (each item with its maximum
and evaluation points, the score and evidence note entered, whether it may still be changed
and why not), and for the office the submissions overview (every agency's state, how much is
filled in, the self-vs-team gap as scoring computes it) and one agency's detail.

Reads through the view's ``Reader`` (data_access.self_evaluation; the gap from the scored
round), so an agency user only ever gets its own agency.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from data_access.reader import Reader
from data_access.scope import RoundRef
from data_access.self_evaluation import (
    SelfEvalWindow,
    self_evaluation_overview,
    self_evaluation_sheet,
    self_evaluation_window,
    window_refusal,
)
from domain.catalog import translate
from domain.fmt import fmt_num, fmt_pct, is_missing
from domain.vocab import Flag, RoundStatus, SelfEvalState, term_label
from views.common import Column, Kpi, Table

__all__ = [
    "FormItem",
    "SelfEvalForm",
    "SubmissionOverview",
    "SubmissionDetail",
    "build_form",
    "build_overview",
    "build_detail",
    "state_label",
    "window_text",
]

_BEIJING = dt.timezone(dt.timedelta(hours=8))  # times are stored in UTC
Level = Literal["info", "success", "warning"]


@dataclass(frozen=True)
class FormItem:
    """One leaf (or individual indicator) of the form."""

    code: str
    label: str  # code and name in the view's language
    part: str  # 共性指标 / 个性指标
    max_points: float
    eval_point: str
    score: float | None
    note: str


@dataclass(frozen=True)
class SelfEvalForm:
    agency_id: int
    agency: str
    state: str | None  # SelfEvalState value; None: not started
    state_label: str
    window: str
    editable: bool
    notice: str | None  # why it cannot be changed, or what the office said when reopening
    notice_level: Level
    status_line: str  # the state, last saved / submitted, by whom
    kpis: tuple[Kpi, ...]
    items: tuple[FormItem, ...]
    revision: str  # changes whenever the stored self-evaluation does (widget keys)


@dataclass(frozen=True)
class SubmissionOverview:
    window: str
    kpis: tuple[Kpi, ...]
    table: Table  # one row per agency; agency_id hidden (selection)


@dataclass(frozen=True)
class SubmissionDetail:
    agency_id: int
    agency: str
    state: str | None
    state_label: str
    can_reopen: bool
    reopen_blocked: str | None  # why it cannot be reopened (None when it can, or not submitted)
    status_line: str
    reopen_note: str | None
    gap: str  # the agency's self-vs-team gap, as text
    table: Table


def _when(value: Any) -> str:
    if value is None or is_missing(value):
        return "—"
    stamp = pd.Timestamp(value).to_pydatetime().replace(tzinfo=dt.UTC)
    return stamp.astimezone(_BEIJING).strftime("%Y-%m-%d %H:%M")


def state_label(state: str | None, lang: str) -> str:
    """The state's label; 未填报 when nothing was saved."""
    if state is None or is_missing(state):
        return translate("se_not_started", lang)
    return term_label(SelfEvalState, state, lang)


def window_text(window: SelfEvalWindow | None, lang: str) -> str:
    """'填报时间：2026-06-01 至 2026-06-30' (either end may be open)."""
    if window is None or (window.opens is None and window.closes is None):
        return translate("se_window_open_ended", lang)
    opens = window.opens.isoformat() if window.opens else "…"
    closes = window.closes.isoformat() if window.closes else "…"
    return translate("se_window", lang, opens=opens, closes=closes)


def _status_line(sheet: Any, lang: str) -> str:
    if sheet.state is None:
        return translate("se_status_none", lang)
    if sheet.state == SelfEvalState.SUBMITTED:
        return translate(
            "se_status_submitted", lang, at=_when(sheet.submitted_at), user=sheet.submitted_by
        )
    return translate("se_status_saved", lang, at=_when(sheet.updated_at), user=sheet.updated_by)


def build_form(
    reader: Reader, rnd: RoundRef, lang: str, agency_id: int, today: dt.date
) -> SelfEvalForm | None:
    """The agency's form for the round; None when the round does not evaluate it."""
    sheet = reader(self_evaluation_sheet, rnd.round_id, agency_id)
    if sheet is None:
        return None
    window = reader(self_evaluation_window, rnd.round_id)
    refusal = window_refusal(window, today, lang) if window is not None else None
    notice: str | None = refusal
    level: Level = "warning"
    if refusal is None and sheet.state == SelfEvalState.SUBMITTED:
        notice, level = translate("se_submitted_locked", lang), "success"
    elif refusal is None and sheet.state == SelfEvalState.REOPENED:
        said = sheet.reopen_note or translate("se_no_reason", lang)
        notice = translate("se_reopened_notice", lang, at=_when(sheet.reopened_at), note=said)
    editable = refusal is None and sheet.state != SelfEvalState.SUBMITTED
    items = tuple(
        FormItem(
            code=r.code,
            label=f"{r.code} {_pick(r.name, r.name_en, lang)}",
            part=translate("se_part_common" if r.kind == "common" else "se_part_individual", lang),
            max_points=float(r.max_points),
            eval_point=_pick(r.eval_point, r.eval_point_en, lang),
            score=None if is_missing(r.score) else float(r.score),
            note="" if is_missing(r.note) else str(r.note),
        )
        for r in sheet.items.itertuples(index=False)
    )
    filled = sum(1 for i in items if i.score is not None)
    entered = sum(i.score for i in items if i.score is not None and i.code in _common(sheet))
    common_max = float(sheet.items.loc[sheet.items["kind"] == "common", "max_points"].sum())
    kpis = (
        Kpi(translate("se_kpi_filled", lang), f"{filled} / {len(items)}"),
        Kpi(
            translate("se_kpi_common_total", lang),
            f"{fmt_num(entered)} / {fmt_num(common_max)}",
        ),
    )
    revision = "-".join(str(x) for x in (sheet.state, sheet.updated_at, sheet.reopened_at))
    return SelfEvalForm(
        agency_id=sheet.agency_id,
        agency=_pick(sheet.name, sheet.name_en, lang),
        state=sheet.state,
        state_label=state_label(sheet.state, lang),
        window=window_text(window, lang),
        editable=editable,
        notice=notice,
        notice_level=level,
        status_line=translate(
            "se_status_with_state",
            lang,
            state=state_label(sheet.state, lang),
            detail=_status_line(sheet, lang),
        ),
        kpis=kpis,
        items=items,
        revision=hashlib.sha1(revision.encode()).hexdigest()[:10],
    )


def _common(sheet: Any) -> set[str]:
    return set(sheet.items.loc[sheet.items["kind"] == "common", "code"])


def _pick(zh: Any, en: Any, lang: str) -> str:
    if lang == "en" and isinstance(en, str) and en:
        return en
    return "" if is_missing(zh) else str(zh)


def _gaps(reader: Reader, round_id: int) -> pd.DataFrame:
    """agency_id, self_gap_points, self_gap_share, self_overrated of the scored round."""
    summary = reader.round_result(round_id).summary
    return summary[["agency_id", "self_gap_points", "self_gap_share", "self_overrated"]]


def build_overview(reader: Reader, rnd: RoundRef, lang: str) -> SubmissionOverview:
    """Every agency of the round with its self-evaluation state and the gap scoring finds
    between its submitted self scores and the team's (as soon as the team has scored)."""
    rows = reader(self_evaluation_overview, rnd.round_id)
    window = reader(self_evaluation_window, rnd.round_id)
    rows = rows.merge(_gaps(reader, rnd.round_id), on="agency_id", how="left")
    state = rows["state"].where(rows["state"].notna(), None)
    overrated = rows["self_overrated"].fillna(False).astype(bool)
    frame = pd.DataFrame(
        {
            "agency_id": rows["agency_id"],
            "agency": [
                _pick(n, e, lang) for n, e in zip(rows["name"], rows["name_en"], strict=True)
            ],
            "state": [state_label(s, lang) for s in state],
            "filled": [f"{f} / {n}" for f, n in zip(rows["filled"], rows["items"], strict=True)],
            "submitted_at": [_when(v) for v in rows["submitted_at"]],
            "gap_points": pd.to_numeric(rows["self_gap_points"]).astype(float),
            "gap_share": pd.to_numeric(rows["self_gap_share"]).astype(float) * 100,
            "flag": np.where(overrated, Flag.SELF_OVERRATED.label(lang), ""),
        }
    )
    columns = (
        Column("agency_id", "agency_id", "hidden"),
        Column("agency", translate("se_col_agency", lang), width="medium", pinned=True),
        Column("state", translate("se_col_state", lang), width="small"),
        Column("filled", translate("se_col_filled", lang), width="small"),
        Column("submitted_at", translate("se_col_submitted_at", lang)),
        Column(
            "gap_points",
            translate("se_col_gap_points", lang),
            "number",
            help=translate("se_gap_help", lang),
        ),
        Column("gap_share", translate("se_col_gap_share", lang), "percent"),
        Column("flag", translate("se_col_flag", lang)),
    )
    counts = state.value_counts()
    submitted = int(counts.get(SelfEvalState.SUBMITTED.value, 0))
    working = int(counts.get(SelfEvalState.DRAFT.value, 0)) + int(
        counts.get(SelfEvalState.REOPENED.value, 0)
    )
    kpis = (
        Kpi(translate("se_kpi_agencies", lang), len(rows)),
        Kpi(translate("se_kpi_submitted", lang), submitted),
        Kpi(translate("se_kpi_working", lang), working),
        Kpi(translate("se_kpi_not_started", lang), len(rows) - submitted - working),
        Kpi(translate("se_kpi_overrated", lang), int(overrated.sum())),
    )
    return SubmissionOverview(window_text(window, lang), kpis, Table(frame, columns))


def build_detail(
    reader: Reader, rnd: RoundRef, lang: str, agency_id: int
) -> SubmissionDetail | None:
    """One agency's self-evaluation beside the team's scores, and whether the office may
    reopen it; None when the round does not evaluate the agency."""
    sheet = reader(self_evaluation_sheet, rnd.round_id, agency_id)
    if sheet is None:
        return None
    items = sheet.items
    submitted = pd.to_numeric(items["submitted_score"]).astype(float)
    team = pd.to_numeric(items["team_score"]).astype(float)
    frame = pd.DataFrame(
        {
            "code": items["code"],
            "indicator": [
                _pick(n, e, lang) for n, e in zip(items["name"], items["name_en"], strict=True)
            ],
            "max": items["max_points"].astype(float),
            "draft": pd.to_numeric(items["score"]).astype(float),
            "submitted": submitted,
            "team": team,
            "diff": submitted - team,
            "note": ["" if is_missing(n) else str(n) for n in items["note"]],
        }
    )
    columns = (
        Column("code", translate("se_col_code", lang), width="small", pinned=True),
        Column("indicator", translate("se_col_indicator", lang), width="medium"),
        Column("max", translate("se_col_max", lang), "number", width="small"),
        Column(
            "draft",
            translate("se_col_entered", lang),
            "number",
            help=translate("se_entered_help", lang),
        ),
        Column(
            "submitted",
            translate("se_col_submitted", lang),
            "number",
            help=translate("se_submitted_help", lang),
        ),
        Column("team", translate("se_col_team", lang), "number"),
        Column("diff", translate("se_col_diff", lang), "number"),
        Column("note", translate("se_col_note", lang), width="large"),
    )
    gaps = _gaps(reader, rnd.round_id)
    gap = gaps[gaps["agency_id"] == sheet.agency_id]
    if gap.empty or is_missing(gap["self_gap_points"].iloc[0]):
        gap_text = translate("se_gap_none", lang)
    else:
        g = gap.iloc[0]
        gap_text = translate(
            "se_gap_text",
            lang,
            points=fmt_num(g["self_gap_points"]),
            share=fmt_pct(g["self_gap_share"]),
            flag=Flag.SELF_OVERRATED.label(lang) if bool(g["self_overrated"]) else "—",
        )
    blocked: str | None = None
    if sheet.state == SelfEvalState.SUBMITTED and rnd.status == RoundStatus.COMPLETED:
        blocked = translate("se_refused_completed", lang, round=rnd.title(lang))
    return SubmissionDetail(
        agency_id=sheet.agency_id,
        agency=_pick(sheet.name, sheet.name_en, lang),
        state=sheet.state,
        state_label=state_label(sheet.state, lang),
        can_reopen=sheet.state == SelfEvalState.SUBMITTED and blocked is None,
        reopen_blocked=blocked,
        status_line=_status_line(sheet, lang),
        reopen_note=sheet.reopen_note,
        gap=gap_text,
        table=Table(frame, columns),
    )
