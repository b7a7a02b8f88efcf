"""整改跟踪 Rectifications, the view model: every finding of the round with its rectification
(state, agency, severity, responsible section and owner, deadline, days left or overdue),
filtered as the URL says, overdue first; counts by state and by agency; each item's timeline
and the moves the signed-in role may make; the closed loop (the indicator a closed
rectification bore on, this round → next round); the oversight ledger with each agency's
annual-assessment deduction. The command-line export (reports.rectifications) reads the same
frames.

Pure: no streamlit. The rules of the lifecycle are ``domain.rectification``'s.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from data_access.names_queries import agency_names
from data_access.queries import list_rounds
from data_access.reader import Reader
from data_access.rectifications import (
    leaf_indicators,
    rectification_events,
    rectification_items,
    severity_points,
)
from data_access.scope import RoundRef
from domain.catalog import translate
from domain.fmt import fmt_int
from domain.rectification import allowed_targets, may_record
from domain.vocab import (
    ON_THE_SPOT,
    OVERDUE,
    FindingCategory,
    FindingSource,
    RectState,
    Role,
    Severity,
    term_label,
)
from scoring import RoundConfig, assessment_deduction
from views.common import Column, Kpi, Table
from views.names import Names, load_names

__all__ = [
    "TrackerFilters",
    "TrackerModel",
    "ItemDetail",
    "LoopModel",
    "LedgerModel",
    "RecordForm",
    "filters_from_params",
    "filters_to_params",
    "tracker_items",
    "build_tracker",
    "item_detail",
    "closed_loop_points",
    "build_closed_loop",
    "build_ledger",
    "record_form",
    "STATE_ORDER",
]

#: The states the tracker shows, in order (立行立改 last: not open).
STATE_ORDER: tuple[str, ...] = (*(s.value for s in RectState), ON_THE_SPOT.value)
_CLOSED = RectState.CLOSED.value


@dataclass(frozen=True)
class TrackerFilters:
    """The tracker's filters as kept in the URL: ``state`` (a stored state or 立行立改),
    ``agency`` (id), ``section``, ``overdue`` (only overdue items); '' / None: every one."""

    state: str = ""
    agency: int | None = None
    section: str = ""
    overdue: bool = False


def filters_from_params(params: Mapping[str, str]) -> TrackerFilters:
    """Filters from URL parameters; unknown values are ignored."""
    state = params.get("state", "")
    agency = params.get("agency", "")
    return TrackerFilters(
        state=state if state in STATE_ORDER else "",
        agency=int(agency) if agency.isdigit() else None,
        section=params.get("section", "")[:32],
        overdue=params.get("overdue", "") in ("1", "true", "yes"),
    )


def filters_to_params(f: TrackerFilters) -> dict[str, str]:
    """The URL parameters of ``f`` (only those set)."""
    out = {"state": f.state, "section": f.section}
    out = {k: v for k, v in out.items() if v}
    if f.agency is not None:
        out["agency"] = str(f.agency)
    if f.overdue:
        out["overdue"] = "1"
    return out


def tracker_items(items: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """``items`` (data_access.rectifications.rectification_items) with the derived columns:
    ``shown_state`` (立行立改 or the state; '' awaiting a rectification), ``overdue`` (逾期:
    deadline before ``today``, not closed), ``days`` (deadline − today; negative when past;
    NaN without a deadline or once closed) and ``days_overdue`` (0 unless overdue)."""
    out = items.copy()
    state = out["state"].astype(object).where(out["state"].notna(), None)
    out["shown_state"] = np.where(
        out["on_the_spot"].astype(bool), ON_THE_SPOT.value, state.fillna("")
    )
    deadline = pd.to_datetime(out["deadline"])
    days = (deadline - pd.Timestamp(today)).dt.days.astype(float)
    closed = (out["shown_state"] == _CLOSED) | out["on_the_spot"].astype(bool)
    out["days"] = days.where(~closed)
    out["overdue"] = (out["days"] < 0).fillna(False).astype(bool)
    out["days_overdue"] = (-out["days"]).where(out["overdue"], 0).fillna(0).astype(int)
    return out


def _order(items: pd.DataFrame) -> pd.DataFrame:
    """Overdue first (longest overdue first), then open items by deadline, then awaiting a
    rectification, then closed and fixed on the spot."""
    rank = np.select(
        [items["overdue"], items["days"].notna(), items["shown_state"] == ""],
        [0, 1, 2],
        default=3,
    )
    return (
        items.assign(_rank=rank, _d=items["days"].fillna(math.inf))
        .sort_values(["_rank", "_d", "agency_id", "finding_id"], kind="stable")
        .drop(columns=["_rank", "_d"])
        .reset_index(drop=True)
    )


def _apply(items: pd.DataFrame, f: TrackerFilters) -> pd.DataFrame:
    keep = pd.Series(True, index=items.index)
    if f.state:
        keep &= items["shown_state"] == f.state
    if f.agency is not None:
        keep &= items["agency_id"] == f.agency
    if f.section:
        keep &= items["section"] == f.section
    if f.overdue:
        keep &= items["overdue"]
    return items[keep]


def _state_label(value: str, lang: str) -> str:
    if value == ON_THE_SPOT.value:
        return ON_THE_SPOT.label(lang)
    if not value:
        return translate("rt_no_rectification", lang)
    return term_label(RectState, value, lang)


def _days_text(days: float, lang: str) -> str:
    if days != days:  # NaN: closed, on the spot or no deadline
        return "—"
    if days < 0:
        return translate("rt_days_overdue", lang, n=fmt_int(-days))
    return translate("rt_days_left", lang, n=fmt_int(days))


def _labels(values: pd.Series, label: Callable[[Any], str]) -> pd.Series:
    """``label`` of each value, computed once per distinct value."""
    distinct = values.dropna().drop_duplicates()
    missing = values[values.isna()]
    out = values.map(dict(zip(distinct, (label(v) for v in distinct))))
    return out.fillna(label(missing.iloc[0])) if len(missing) else out


@dataclass(frozen=True)
class TrackerModel:
    heading: str
    kpis: tuple[Kpi, ...]
    table: Table  # finding_id hidden
    by_agency: Table
    total: int  # before filtering
    shown: int
    agencies: dict[int, str]  # filter options: the agencies having items
    sections: tuple[str, ...]
    state_labels: dict[str, str]  # '' (all) and each state
    can_record: bool
    can_move: bool
    items: pd.DataFrame  # the filtered, ordered items (for the detail and the exports)


def build_tracker(
    reader: Reader,
    rnd: RoundRef,
    lang: str,
    today: dt.date,
    filters: TrackerFilters,
    names: Names | None = None,
) -> TrackerModel:
    """The tracker of round ``rnd`` as the reader's principal may see it."""
    names = names or load_names(reader, rnd.round_id, lang)
    role = Role(reader.principal.role)
    items = tracker_items(reader(rectification_items, rnd.round_id), today)
    # Labels are looked up once per distinct value (a round may hold thousands of items).
    agency_of = {
        int(a): names.agency(a, n)
        for a, n in items[["agency_id", "agency"]].drop_duplicates().itertuples(index=False)
    }
    items["agency_label"] = items["agency_id"].astype(int).map(agency_of)
    counts = items["shown_state"].value_counts()
    # Findings still awaiting their rectification opinion are counted only when there are any.
    shown_states = STATE_ORDER + (("",) if counts.get("", 0) else ())
    kpis = tuple(Kpi(_state_label(s, lang), int(counts.get(s, 0))) for s in shown_states) + (
        Kpi(OVERDUE.label(lang), int(items["overdue"].sum())),
    )
    shown = _order(_apply(items, filters))
    t = lambda key: translate(key, lang)  # noqa: E731
    frame = pd.DataFrame(
        {
            "finding_id": shown["finding_id"],
            "agency": shown["agency_label"],
            "description": shown["description"],
            "severity": _labels(shown["severity"], lambda v: term_label(Severity, v, lang)),
            "state": _labels(shown["shown_state"], lambda v: _state_label(v, lang)),
            "section": shown["section"].fillna("—"),
            "owner": shown["owner"].fillna("—"),
            "deadline": _labels(
                shown["deadline"], lambda d: d.isoformat() if isinstance(d, dt.date) else "—"
            ),
            "days": _labels(shown["days"], lambda d: _days_text(d, lang)),
        }
    )
    table = Table(
        frame,
        (
            Column("finding_id", "id", "hidden"),
            # What a reader scans first (who, where it stands, how late) before the text.
            Column("agency", t("rt_col_agency"), width="medium", pinned=True),
            Column("state", t("rt_col_state"), width="small"),
            Column("days", t("rt_col_days")),
            Column("deadline", t("rt_col_deadline"), width="small"),
            Column("severity", t("rt_col_severity"), width="small"),
            Column("section", t("rt_col_section"), width="small"),
            Column("owner", t("rt_col_owner"), width="small"),
            Column("description", t("rt_col_description"), width="large"),
        ),
    )
    return TrackerModel(
        heading=translate("rt_heading", lang, round=rnd.title(lang)),
        kpis=kpis,
        table=table,
        by_agency=_by_agency(items, lang),
        total=len(items),
        shown=len(shown),
        agencies=dict(
            sorted(
                set(zip(items["agency_id"].astype(int), items["agency_label"])), key=lambda p: p[0]
            )
        ),
        sections=tuple(sorted(s for s in items["section"].dropna().unique())),
        state_labels={"": t("rt_f_all"), **{s: _state_label(s, lang) for s in STATE_ORDER}},
        can_record=may_record(role) and rnd.status != "已完成",
        can_move=role != Role.LEADER and rnd.status != "已完成",
        items=shown,
    )


def _by_agency(items: pd.DataFrame, lang: str) -> Table:
    """Counts by agency: open (by state), overdue, closed, fixed on the spot; most overdue
    first."""
    t = lambda key: translate(key, lang)  # noqa: E731
    columns = [
        "agency",
        "issued",
        "in_progress",
        "awaiting",
        "closed",
        "on_the_spot",
        "overdue",
        "total",
    ]
    if items.empty:
        return Table(pd.DataFrame(columns=columns), ())
    state = items["shown_state"]
    grouped = (
        items.assign(
            issued=state == RectState.ISSUED.value,
            in_progress=state == RectState.IN_PROGRESS.value,
            awaiting=state == RectState.AWAITING.value,
            closed=state == _CLOSED,
            on_the_spot=state == ON_THE_SPOT.value,
            total=1,
        )
        .groupby(["agency_id", "agency_label"], sort=False)[
            ["issued", "in_progress", "awaiting", "closed", "on_the_spot", "overdue", "total"]
        ]
        .sum()
        .reset_index()
        .sort_values(["overdue", "total", "agency_id"], ascending=[False, False, True])
        .rename(columns={"agency_label": "agency"})
    )
    frame = grouped[columns].astype({c: int for c in columns[1:]})
    return Table(
        frame.reset_index(drop=True),
        (
            Column("agency", t("rt_col_agency"), width="medium"),
            Column("issued", RectState.ISSUED.label(lang), "int"),
            Column("in_progress", RectState.IN_PROGRESS.label(lang), "int"),
            Column("awaiting", RectState.AWAITING.label(lang), "int"),
            Column("closed", RectState.CLOSED.label(lang), "int"),
            Column("on_the_spot", ON_THE_SPOT.label(lang), "int"),
            Column("overdue", OVERDUE.label(lang), "int"),
            Column("total", t("rt_col_total"), "int"),
        ),
    )


def _text_or_dash(value: object) -> str:
    return value if isinstance(value, str) and value else "—"


@dataclass(frozen=True)
class ItemDetail:
    """One item: what it is, its timeline, and the moves the signed-in user may make."""

    finding_id: int
    rectification_id: int | None
    title: str
    facts: tuple[tuple[str, str], ...]  # (label, value)
    state: str  # the stored state ('' without a rectification)
    version: int
    targets: dict[str, str]  # stored state → button label
    note_label: str
    timeline: Table


def item_detail(
    reader: Reader, model: TrackerModel, finding_id: int, lang: str
) -> ItemDetail | None:
    """The item ``finding_id`` of the tracker (None when not shown), with its timeline."""
    rows = model.items[model.items["finding_id"] == finding_id]
    if rows.empty:
        return None
    row = rows.iloc[0]
    t = lambda key: translate(key, lang)  # noqa: E731
    events = reader(rectification_events, finding_ids=[finding_id])
    timeline = Table(
        pd.DataFrame(
            {
                "at": [a.strftime("%Y-%m-%d %H:%M") for a in pd.to_datetime(events["at"])],
                "move": [
                    (term_label(RectState, a, lang) + " → " if isinstance(a, str) and a else "")
                    + term_label(RectState, b, lang)
                    for a, b in zip(events["from_state"], events["to_state"])
                ],
                "actor": events["actor"].astype(str),
                "note": events["note"].fillna(""),
            }
        ),
        (
            Column("at", t("rt_tl_at"), width="small"),
            Column("move", t("rt_tl_move"), width="medium"),
            Column("actor", t("rt_tl_actor"), width="small"),
            Column("note", t("rt_tl_note"), width="large"),
        ),
    )
    state = row["state"] if isinstance(row["state"], str) else ""
    principal = reader.principal
    targets: dict[str, str] = {}
    if state and model.can_move:
        own = principal.may_see(row["agency_id"])
        for target in allowed_targets(principal.role, state, own=own):
            key = (
                "rt_move_fail"
                if (state, target) == (RectState.AWAITING, RectState.IN_PROGRESS)
                else "rt_move_to"
            )
            targets[target.value] = translate(key, lang, state=target.label(lang))
    facts = (
        (t("rt_col_category"), term_label(FindingCategory, row["category"], lang)),
        (t("rt_col_source"), term_label(FindingSource, row["source"], lang)),
        (t("rt_col_indicator"), _text_or_dash(row["indicator_code"])),
        (t("rt_col_ledger"), t("rt_yes") if row["in_ledger"] else t("rt_no")),
        (t("rt_col_doc"), _text_or_dash(row["opinion_doc_no"])),
        (
            t("rt_col_found"),
            row["found_date"].isoformat() if isinstance(row["found_date"], dt.date) else "—",
        ),
    )
    rect = row["rectification_id"]
    return ItemDetail(
        finding_id=int(finding_id),
        rectification_id=None if pd.isna(rect) else int(rect),
        title=f"{row['agency_label']} · {row['description']}",
        facts=facts,
        state=state,
        version=0 if pd.isna(row["version"]) else int(row["version"]),
        targets=targets,
        note_label=t("rt_note"),
        timeline=timeline,
    )


# -- the closed loop --------------------------------------------------------------------------


def _next_rounds(reader: Reader) -> dict[int, int]:
    """Each round's id → the id of the round of the next later year."""
    rounds = reader(list_rounds).sort_values("year")
    ids = [int(i) for i in rounds["round_id"]]
    return dict(zip(ids, ids[1:]))


def closed_loop_points(reader: Reader, items: pd.DataFrame) -> pd.DataFrame:
    """For each closed rectification of ``items`` with an indicator, in a round that has a
    next round: columns finding_id, points_before, points_after, max, max_after (the
    indicator's points and maximum in the finding's round and in the next round; NaN where
    the scored round has no such node). Only rounds that have a next round are scored."""
    columns = ["finding_id", "points_before", "points_after", "max", "max_after"]
    following = _next_rounds(reader)
    closed = items[
        (items["state"] == _CLOSED)
        & items["indicator_code"].notna()
        & items["round_id"].astype(int).isin(list(following))
    ]
    if closed.empty:
        return pd.DataFrame(columns=columns)
    rounds = sorted(set(closed["round_id"].astype(int)))
    nodes = {
        r: reader.round_result(r).nodes[["agency_id", "code", "points", "max_points"]]
        for r in sorted(set(rounds) | {following[r] for r in rounds})
    }
    keys = closed[["finding_id", "round_id", "agency_id", "indicator_code"]].astype(
        {"round_id": int, "agency_id": int}
    )
    keys = keys.assign(next_id=keys["round_id"].map(following))
    parts = []
    for r in rounds:
        mine = keys[keys["round_id"] == r]
        before = nodes[r].rename(
            columns={"code": "indicator_code", "points": "points_before", "max_points": "max"}
        )
        after = nodes[following[r]].rename(
            columns={"code": "indicator_code", "points": "points_after", "max_points": "max_after"}
        )
        merged = mine.merge(before, on=["agency_id", "indicator_code"], how="left").merge(
            after, on=["agency_id", "indicator_code"], how="left"
        )
        parts.append(merged[columns])
    return pd.concat(parts, ignore_index=True).astype(
        {c: float for c in columns if c != "finding_id"}
    )


@dataclass(frozen=True)
class LoopModel:
    table: Table
    summary: str
    waiting: bool = False  # the round has no next round yet: the loop cannot close


def build_closed_loop(reader: Reader, rnd: RoundRef, lang: str, names: Names) -> LoopModel:
    """The round's closed rectifications: the indicator before (this round) → after (next
    round), points and % of maximum, and how many improved."""
    t = lambda key: translate(key, lang)  # noqa: E731
    items = reader(rectification_items, rnd.round_id)
    closed = items[items["state"] == _CLOSED]
    if rnd.round_id not in _next_rounds(reader):
        summary = translate("rt_loop_waiting", lang, n=int(len(closed)))
        return LoopModel(Table(pd.DataFrame()), summary, waiting=True)
    points = closed_loop_points(reader, closed)
    merged = closed.merge(points, on="finding_id", how="left")
    share_before = merged["points_before"] / merged["max"] * 100
    share_after = merged["points_after"] / merged["max_after"] * 100
    compared = share_before.notna() & share_after.notna()
    improved = compared & (share_after > share_before)
    frame = pd.DataFrame(
        {
            "agency": [names.agency(a, n) for a, n in zip(merged["agency_id"], merged["agency"])],
            "indicator": merged["indicator_code"].fillna("—"),
            "closed_on": [
                d.isoformat() if isinstance(d, dt.date) else "—" for d in merged["closed_date"]
            ],
            "before": share_before,
            "after": share_after,
            "points_before": merged["points_before"],
            "points_after": merged["points_after"],
            "max": merged["max"],
            "improved": [
                t("rt_yes") if i else (t("rt_no") if c else "—") for i, c in zip(improved, compared)
            ],
        }
    )
    table = Table(
        frame,
        (
            Column("agency", t("rt_col_agency"), width="medium"),
            Column("indicator", t("rt_col_indicator"), width="small"),
            Column("closed_on", t("rt_col_closed_on"), width="small"),
            Column("points_before", t("rt_col_points_before"), "number"),
            Column("points_after", t("rt_col_points_after"), "number"),
            Column("max", t("rt_col_max"), "number"),
            Column("before", t("rt_col_share_before"), "percent"),
            Column("after", t("rt_col_share_after"), "percent"),
            Column("improved", t("rt_col_improved"), width="small"),
        ),
    )
    summary = translate(
        "rt_loop_summary",
        lang,
        n=int(len(closed)),
        compared=int(compared.sum()),
        improved=int(improved.sum()),
    )
    return LoopModel(table, summary)


# -- the ledger -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerModel:
    year: int
    findings: Table  # the ledger's findings of the year
    deductions: Table  # per agency: findings, deduction points
    frame: pd.DataFrame  # raw rows for the exports


def ledger_frame(
    reader: Reader, year: int, points: Mapping[str, float], round_id: int | None = None
) -> pd.DataFrame:
    """Columns: agency_id, agency, round_id, finding_id, found_date, category, severity,
    severity_points, indicator_code, state, agency_deduction — the oversight ledger's
    findings of ``year`` (of that year's evaluation round), with each agency's
    annual-assessment deduction (Σ severity points, DOMAIN §4, scoring.assessment_deduction)."""
    # The round of ``year`` (its id when the caller knows it: the same read as the tracker's).
    items = (
        reader(rectification_items, round_id)
        if round_id is not None
        else reader(rectification_items, year=year)
    )
    ledger = items[items["in_ledger"]].copy()
    ledger["year"] = year  # the round's year: its findings are that year's
    config = RoundConfig.from_dict({"severity_points": dict(points)})
    deduction = assessment_deduction(ledger, year, config).set_index("agency_id")["points"]
    ledger["severity_points"] = ledger["severity"].map(config.severity_points).astype(float)
    ledger["agency_deduction"] = ledger["agency_id"].map(deduction).astype(float)
    ledger["state"] = np.where(ledger["on_the_spot"], ON_THE_SPOT.value, ledger["state"].fillna(""))
    return ledger[
        [
            "agency_id",
            "agency",
            "round_id",
            "finding_id",
            "found_date",
            "category",
            "severity",
            "severity_points",
            "indicator_code",
            "state",
            "agency_deduction",
        ]
    ].reset_index(drop=True)


def build_ledger(reader: Reader, rnd: RoundRef, lang: str, names: Names) -> LedgerModel:
    """The ledger of the round's year and each agency's deduction, with the round's severity
    points."""
    t = lambda key: translate(key, lang)  # noqa: E731
    raw = ledger_frame(reader, rnd.year, reader(severity_points, rnd.round_id), rnd.round_id)
    label = [names.agency(a, n) for a, n in zip(raw["agency_id"], raw["agency"])]
    findings = Table(
        pd.DataFrame(
            {
                "agency": label,
                "found_date": [d.isoformat() for d in raw["found_date"]],
                "category": [term_label(FindingCategory, v, lang) for v in raw["category"]],
                "severity": [term_label(Severity, v, lang) for v in raw["severity"]],
                "points": raw["severity_points"],
                "state": [_state_label(v, lang) for v in raw["state"]],
            }
        ),
        (
            Column("agency", t("rt_col_agency"), width="medium"),
            Column("found_date", t("rt_col_found"), width="small"),
            Column("category", t("rt_col_category")),
            Column("severity", t("rt_col_severity"), width="small"),
            Column("points", t("rt_col_severity_points"), "number", width="small"),
            Column("state", t("rt_col_state"), width="small"),
        ),
    )
    per = (
        pd.DataFrame({"agency": label, "n": 1, "points": raw["severity_points"]})
        .groupby("agency", sort=False)[["n", "points"]]
        .sum()
        .reset_index()
        .sort_values(["points", "agency"], ascending=[False, True], kind="stable")
        .reset_index(drop=True)
    )
    deductions = Table(
        per,
        (
            Column("agency", t("rt_col_agency"), width="medium"),
            Column("n", t("rt_col_ledger_n"), "int"),
            Column("points", t("rt_col_deduction"), "number"),
        ),
    )
    return LedgerModel(rnd.year, findings, deductions, raw)


# -- recording a finding ----------------------------------------------------------------------


@dataclass(frozen=True)
class RecordForm:
    """The choices of the form staff record a finding with (stored value → label)."""

    agencies: dict[int, str]
    categories: dict[str, str]
    severities: dict[str, str]
    sources: dict[str, str]
    indicators: dict[str, str]  # '' (none) and each leaf code


def record_form(reader: Reader, rnd: RoundRef, lang: str, names: Names) -> RecordForm:
    """The round's agencies and leaf indicators, and the vocabularies, in ``lang``."""
    agencies_in_round = reader(agency_names, rnd.round_id)
    agencies = {
        int(a): names.agency(a, n)
        for a, n in zip(agencies_in_round["agency_id"], agencies_in_round["name"])
    }
    leaves = reader(leaf_indicators, rnd.round_id)
    indicators = {"": translate("rt_no_indicator", lang)} | {
        code: f"{code} {names.indicator(code, name)}"
        for code, name in zip(leaves["code"], leaves["name"])
    }
    return RecordForm(
        agencies=agencies,
        categories={c.value: c.label(lang) for c in FindingCategory},
        severities={s.value: s.label(lang) for s in Severity},
        sources={s.value: s.label(lang) for s in FindingSource},
        indicators=indicators,
    )
