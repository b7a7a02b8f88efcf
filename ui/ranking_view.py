"""What the leadership pages (overview, ranking, methodology) share: translated labels for the
stored vocabularies, round headline figures, the ranking table, the attention list, URL-bound
filters and the methodology tables. Figures come from a scored RoundResult; nothing here
re-scores — it only counts, averages for display and formats.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from reports.score_export import score_rows
from scoring import ROOT_CODE, IndicatorTree, RoundConfig, RoundResult, round_half_up
from ui.i18n import current_lang, fmt_num, t, tv
from ui.widgets import Kpi

__all__ = [
    "QUESTIONNAIRES", "attention_columns", "attention_frame", "config_differences", "count_kpis",
    "delta_text", "filter_ranking", "flag_list", "freshness_display", "grade_kpis",
    "grade_label", "grade_order", "has_evaluation_data", "headline", "joined",
    "key_target_reasons", "nature_label", "num", "open_profile", "own_kpis", "own_survey_kpis",
    "pct", "ranking_display", "ranking_frame", "rectification_table", "round1", "score_kpis",
    "sensitivity_changes", "source_label", "survey_table", "tree_table", "type_label",
    "url_multiselect",
]

# The two questionnaires of DOMAIN §5, satisfaction (service users) first.
QUESTIONNAIRES = ("满意度调查问卷", "评估调查问卷")
ISSUE_ORDER = ("key_target", "self_overrated", "overdue", "insufficient_data")


# -- labels --------------------------------------------------------------------------------
def grade_order(config: RoundConfig) -> list[str]:
    """Grade labels best first, then the lowest grade and the insufficient-data label."""
    return [label for label, _ in config.grade_bands] + [config.lowest_grade,
                                                          config.insufficient_label]


def grade_label(grade: Any) -> str:
    return tv("ld_grade", str(grade))


def flag_list(flags: Any) -> list[str]:
    return [f for f in str(flags or "").split(";") if f]


def type_label(agency_type: Any) -> str:
    return tv("ld_type", str(agency_type))


def nature_label(nature: Any) -> str:
    return tv("ld_nature", str(nature))


def joined(items: Sequence[str]) -> str:
    return ("、" if current_lang() == "zh" else ", ").join(items)


def num(x: float) -> str:
    """A configuration number as written: 0.8, 90, 0.15 (no trailing zeros)."""
    return f"{float(x):g}"


def pct(share: float) -> str:
    """A configuration share as a percentage number: 0.8 → 80, 0.125 → 12.5."""
    return f"{round_half_up(float(share) * 100, 6):g}"


def _missing(x: Any) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def delta_text(now: Any, before: Any, digits: int = 1) -> str | None:
    """A metric delta: '+1.2', '-3', or '0' (Streamlit draws no arrow for '0'); None when
    either side is missing."""
    if _missing(now) or _missing(before):
        return None
    change = round_half_up(float(now) - float(before), digits)
    if change == 0:
        return "0"
    return f"{change:+,.{digits}f}" if digits else f"{int(change):+,}"


def has_evaluation_data(result: RoundResult, agency_id: int | None = None) -> bool:
    """Whether any leaf other than a deduction leaf has data (for the agency, or anyone).

    A deduction leaf scores full marks when no finding names it, so a round nobody has
    entered anything for still gets composites; pages show "no scores yet" instead."""
    leaves = result.leaves
    if agency_id is not None:
        leaves = leaves[leaves["agency_id"] == agency_id]
    return bool((leaves["present"].astype(bool) & (leaves["source_kind"] != "deduct")).any())


# -- headline figures ------------------------------------------------------------------------
def headline(result: RoundResult, agency_id: int | None = None) -> dict[str, Any]:
    """Round figures for the overview (or one agency's own): number scored, mean composite,
    grade counts, key targets, self-rated-too-high count, and per questionnaire (mean) SI with
    its agency count or response count."""
    s = result.summary
    surveys = result.surveys[~result.surveys["suppressed"].astype(bool)
                             & result.surveys["si"].notna()]
    if agency_id is not None:
        s = s[s["agency_id"] == agency_id]
        surveys = surveys[surveys["agency_id"] == agency_id]
    composite = pd.to_numeric(s["composite"], errors="coerce")
    si: dict[str, tuple[float | None, int]] = {}
    for q in QUESTIONNAIRES:
        rows = surveys[surveys["questionnaire"] == q]
        value = float(rows["si"].mean()) if len(rows) else None
        count = int(rows["n"].sum()) if agency_id is not None else len(rows)
        si[q] = (value, count)
    grades = s["grade"].value_counts()
    return {
        "n_scored": int(composite.notna().sum()),
        "mean_composite": float(composite.mean()) if composite.notna().any() else None,
        "grades": {g: int(grades.get(g, 0)) for g in grade_order(result.config)},
        "key_targets": int(s["key_target"].astype(bool).sum()),
        "self_overrated": int(s["self_overrated"].astype(bool).sum()),
        "si": si,
    }


def open_profile(agency_id: Any) -> None:
    """Go to the agency profile page, which reads the ``agency`` query parameter."""
    st.switch_page("pages/profile.py", query_params={"agency": str(int(agency_id))})


def count_kpis(figures: dict[str, int], before: dict[str, int] | None) -> list[Kpi]:
    """The round's counts (queries.round_overview) and their change from the previous round;
    more open findings or overdue rectifications is bad news."""
    def change(key: str) -> str | None:
        return delta_text(figures[key], before[key], 0) if before else None

    return [
        Kpi(t("kpi_agencies"), figures["agencies"], delta=change("agencies")),
        Kpi(t("kpi_findings_open"), figures["findings_open"],
            t("kpi_findings_total", n=figures["findings"]), change("findings_open"), "inverse"),
        Kpi(t("kpi_overdue"), figures["overdue"], delta=change("overdue"), delta_color="inverse"),
        Kpi(t("kpi_survey"), figures["responses_accepted"],
            t("kpi_survey_all", n=figures["responses"]), change("responses_accepted")),
        Kpi(t("kpi_ratings"), figures["ratings"], t("kpi_raters", n=figures["raters"]),
            change("ratings")),
    ]


def _si_kpi(label: str, now: dict[str, Any], old: dict[str, Any] | None, q: str,
            own: bool) -> Kpi:
    value, n = now["si"][q]
    before = old["si"][q][0] if old else None
    caption = (t("ovx_si_none") if value is None else
               t("ovx_si_own_caption" if own else "ovx_si_caption", n=n))
    return Kpi(label, fmt_num(value), caption, delta_text(value, before))


def score_kpis(now: dict[str, Any], old: dict[str, Any] | None) -> list[Kpi]:
    """Mean composite, SI of both questionnaires, key targets, self-rated-too-high count."""
    def change(key: str) -> str | None:
        return delta_text(now[key], old[key], 0) if old else None

    return [
        Kpi(t("ovx_mean_composite"), fmt_num(now["mean_composite"]),
            t("ovx_mean_caption", n=now["n_scored"]),
            delta_text(now["mean_composite"], old["mean_composite"] if old else None)),
        _si_kpi(t("ovx_si_satisfaction"), now, old, QUESTIONNAIRES[0], own=False),
        _si_kpi(t("ovx_si_staff"), now, old, QUESTIONNAIRES[1], own=False),
        Kpi(t("ovx_key_targets"), now["key_targets"], None, change("key_targets"), "inverse"),
        Kpi(t("ovx_self_overrated"), now["self_overrated"], None, change("self_overrated"),
            "inverse"),
    ]


def grade_kpis(now: dict[str, Any], old: dict[str, Any] | None, config: RoundConfig) -> list[Kpi]:
    """One card per grade (count, its band, change): more of the top grades is good, more of
    the lowest grade or of insufficient data is bad."""
    bands = list(config.grade_bands)
    cards = []
    for i, grade in enumerate(grade_order(config)):
        if i < len(bands):
            caption, colour = t("ovx_grade_caption", bound=num(bands[i][1])), (
                "normal" if i < len(bands) - 1 else "off")
        elif grade == config.lowest_grade:
            caption, colour = t("ovx_grade_low_caption", bound=num(bands[-1][1])), "inverse"
        else:
            caption, colour = t("ovx_grade_na_caption", cov=pct(config.min_coverage)), "inverse"
        before = old["grades"].get(grade, 0) if old and old["n_scored"] else None
        cards.append(Kpi(grade_label(grade), now["grades"][grade], caption,
                         delta_text(now["grades"][grade], before, 0), colour))
    return cards


def own_kpis(result: RoundResult, previous: RoundResult | None, agency_id: int) -> list[Kpi]:
    """An agency's own composite (and change), grade, C, X and coverage."""
    row = result.summary[result.summary["agency_id"] == agency_id].iloc[0]
    before = None
    if previous is not None:
        old = previous.summary[previous.summary["agency_id"] == agency_id]
        before = old["composite"].iloc[0] if len(old) else None
    return [
        Kpi(t("ovx_composite"), fmt_num(row["composite"]), None,
            delta_text(row["composite"], before)),
        Kpi(t("ovx_grade"), grade_label(row["grade"])),
        Kpi(t("ovx_common"), fmt_num(row["common"])),
        Kpi(t("ovx_individual"), fmt_num(row["individual"])),
        Kpi(t("ovx_coverage"), f"{fmt_num(row['coverage'] * 100)}%"),
    ]


def own_survey_kpis(now: dict[str, Any], old: dict[str, Any] | None,
                    result: RoundResult, agency_id: int) -> list[Kpi]:
    row = result.summary[result.summary["agency_id"] == agency_id].iloc[0]
    gap = row["self_gap_share"]
    return [
        _si_kpi(t("ovx_si_satisfaction"), now, old, QUESTIONNAIRES[0], own=True),
        _si_kpi(t("ovx_si_staff"), now, old, QUESTIONNAIRES[1], own=True),
        Kpi(t("ovx_self_gap"), "—" if _missing(gap) else f"{fmt_num(gap * 100)}%",
            t("ovx_self_gap_caption")),
    ]


# -- ranking table ---------------------------------------------------------------------------
def _change(rank: Any, before: Any, was_in: bool) -> str:
    if _missing(rank):
        return "—"
    if not was_in:
        return t("rk_new")
    if _missing(before):
        return "—"
    step = int(before) - int(rank)
    if step == 0:
        return t("rk_same")
    return t("rk_up", n=step) if step > 0 else t("rk_down", n=-step)


def ranking_frame(result: RoundResult, previous: RoundResult | None) -> pd.DataFrame:
    """The summary in the export's order (reports.score_export.score_rows: rank, then name)
    with ``change``: the rank change from the previous round as display text ('↑2', '新参评'
    for an agency not evaluated then, '—' without a rank or without a previous round)."""
    order = [row["agency"] for row in score_rows(result)]
    frame = result.summary.set_index("name").loc[order].reset_index()
    before: dict[Any, Any] = {}
    if previous is not None:
        before = dict(zip(previous.summary["agency_id"], previous.summary["rank"], strict=True))
    frame["change"] = [_change(r, before.get(a), a in before) if previous is not None else "—"
                       for a, r in zip(frame["agency_id"], frame["rank"], strict=True)]
    return frame


def filter_ranking(frame: pd.DataFrame, *, types: Sequence[str], natures: Sequence[str],
                   grades: Sequence[str], flags: Sequence[str]) -> pd.DataFrame:
    """Rows matching every non-empty filter (any of the chosen values within a filter)."""
    keep = pd.Series(True, index=frame.index)
    for column, chosen in (("agency_type", types), ("nature", natures), ("grade", grades)):
        if chosen:
            keep &= frame[column].isin(list(chosen))
    if flags:
        keep &= frame["flags"].map(lambda f: bool(set(flag_list(f)) & set(flags)))
    return frame[keep].reset_index(drop=True)


def round1(values: pd.Series, scale: float = 1.0) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").map(
        lambda v: round_half_up(v * scale, 1)).astype(float)


def ranking_display(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Translated, display-rounded (half-up) table and its st.dataframe column_config; the
    hidden ``agency_id`` column maps a selected row back to its agency."""
    cols = {
        "agency_id": frame["agency_id"].astype(int),
        t("rk_col_rank"): frame["rank"].astype("Int64"),
        t("rk_col_change"): frame["change"],
        t("ld_col_agency"): frame["name"],
        t("rk_col_type"): frame["agency_type"].map(type_label),
        t("rk_col_nature"): frame["nature"].map(nature_label),
        t("rk_col_composite"): round1(frame["composite"]),
        t("rk_col_common"): round1(frame["common"]),
        t("rk_col_individual"): round1(frame["individual"]),
        t("rk_col_grade"): frame["grade"].map(grade_label),
        t("rk_col_coverage"): round1(frame["coverage"], 100),
        t("rk_col_team"): round1(frame["subtotal_team"]),
        t("rk_col_external"): round1(frame["subtotal_external"]),
        t("rk_col_survey"): round1(frame["subtotal_survey"]),
        t("rk_col_computed"): round1(frame["subtotal_computed"]),
        t("rk_col_deducted"): round1(frame["deductions"]),
        t("rk_col_flags"): frame["flags"].map(
            lambda f: joined([tv("ld_flag", x) for x in flag_list(f)])),
    }
    table = pd.DataFrame(cols)
    number = st.column_config.NumberColumn
    config: dict[str, Any] = {
        "agency_id": None,
        t("rk_col_rank"): number(format="%d", width=56, pinned=True),
        t("ld_col_agency"): st.column_config.TextColumn(width=214, pinned=True),
        t("rk_col_coverage"): number(format="%.1f%%", width=76),
    }
    for key in ("rk_col_composite", "rk_col_common", "rk_col_individual"):
        config[t(key)] = number(format="%.1f", width=76)
    for key in ("rk_col_team", "rk_col_external", "rk_col_survey", "rk_col_computed",
                "rk_col_deducted"):
        config[t(key)] = number(format="%.1f", width=84, help=t("rk_help_subtotals"))
    return table, config


def sensitivity_changes(result: RoundResult, sens: pd.DataFrame) -> pd.DataFrame:
    """Agencies whose rank moves in some scenario: agency, rank, possible range, scenarios."""
    moved = sens[sens["changed"].astype(bool)].merge(
        result.summary[["agency_id", "name"]], on="agency_id").sort_values("base_rank")
    return pd.DataFrame({
        t("ld_col_agency"): moved["name"],
        t("rk_col_rank"): moved["base_rank"].astype(int),
        t("rk_sens_range"): [f"{int(a)}–{int(b)}" for a, b in
                             zip(moved["min_rank"], moved["max_rank"], strict=True)],
        t("rk_sens_scenarios"): moved["scenarios_changed"].str.replace(";", ", "),
    })


# -- attention list and freshness ------------------------------------------------------------
def _reason(reason: str, row: Any, config: RoundConfig) -> str:
    if reason == "severe_finding":
        return t("ovx_reason_severe_finding", n=int(row.severe_findings))
    if reason == "open_findings":
        return t("ovx_reason_open_findings", n=int(row.open_findings),
                 k=config.key_target_open_findings)
    return t("ovx_reason_low_composite", x=fmt_num(row.composite),
             k=num(config.key_target_composite_below))


def key_target_reasons(row: Any, config: RoundConfig) -> str:
    return joined([_reason(r, row, config) for r in flag_list(row.key_target_reasons)])


def attention_frame(result: RoundResult, overdue: pd.DataFrame, today: dt.date,
                    agency_id: int | None = None) -> pd.DataFrame:
    """Columns agency_id, agency, issue, detail (translated): key oversight targets,
    self-rated too high, overdue rectifications, insufficient data (among agencies with some
    data entered) — in that order."""
    config = result.config
    s = result.summary if agency_id is None else result.summary[
        result.summary["agency_id"] == agency_id]
    leaves = result.leaves
    with_data = set(leaves.loc[leaves["present"].astype(bool)
                               & (leaves["source_kind"] != "deduct"), "agency_id"])
    rows: list[tuple[str, int, str, str]] = []
    for r in s.itertuples(index=False):
        if r.key_target:
            rows.append(("key_target", r.agency_id, r.name, key_target_reasons(r, config)))
        if r.self_overrated:
            rows.append(("self_overrated", r.agency_id, r.name, t(
                "ovx_detail_gap", share=fmt_num(r.self_gap_share * 100),
                points=fmt_num(r.self_gap_points), k=pct(config.gap_flag_share))))
        if r.grade == config.insufficient_label and r.agency_id in with_data:
            rows.append(("insufficient_data", r.agency_id, r.name, t(
                "ovx_detail_insufficient", cov=fmt_num(r.coverage * 100),
                k=pct(config.min_coverage))))
    for o in overdue.itertuples(index=False):
        rows.append(("overdue", o.agency_id, o.agency, t(
            "ovx_detail_overdue", severity=tv("ld_sev", str(o.severity)),
            deadline=o.deadline.isoformat(), days=(today - o.deadline).days,
            desc=o.description)))
    rows.sort(key=lambda row: ISSUE_ORDER.index(row[0]))
    issue_key = {"key_target": "ld_flag_key_target", "self_overrated": "ld_flag_self_overrated",
                 "overdue": "ld_issue_overdue", "insufficient_data": "ld_flag_insufficient_data"}
    return pd.DataFrame({
        "agency_id": [r[1] for r in rows],
        t("ld_col_agency"): [r[2] for r in rows],
        t("ovx_col_issue"): [t(issue_key[r[0]]) for r in rows],
        t("ovx_col_detail"): [r[3] for r in rows],
    })


def attention_columns() -> dict[str, Any]:
    """column_config of the attention list: agency_id hidden, the details get the room."""
    return {"agency_id": None,
            t("ld_col_agency"): st.column_config.TextColumn(width=210),
            t("ovx_col_issue"): st.column_config.TextColumn(width=120),
            t("ovx_col_detail"): st.column_config.TextColumn(width="large")}


def rectification_table(states: pd.DataFrame) -> pd.DataFrame:
    """queries.rectification_state_counts → one row per state in lifecycle order."""
    order = ["待整改", "整改中", "待验收", "已销号"]
    states = states.set_index("state").reindex(order).fillna(0).reset_index()
    return pd.DataFrame({
        t("col_state"): [tv("整改", s) for s in states["state"]],
        t("col_count"): states["n"].astype(int),
        tv("整改", "逾期"): states["overdue"].astype(int),
    })


def survey_table(surveys: pd.DataFrame) -> pd.DataFrame:
    """queries.survey_status_counts with translated headers and questionnaire names."""
    return pd.DataFrame({
        t("col_questionnaire"): [tv("问卷", q) for q in surveys["questionnaire"]],
        t("col_accepted"): surveys["accepted"].astype(int),
        t("col_duplicate"): surveys["duplicate"].astype(int),
        t("col_too_fast"): surveys["too_fast"].astype(int),
        t("col_straightlined"): surveys["straightlined"].astype(int),
    })


def _when(value: Any) -> str:
    if _missing(value) or value is pd.NaT:
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def freshness_display(fresh: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("ovx_col_source"): [t(f"ovx_src_{s}") for s in fresh["source"]],
        t("ovx_col_latest"): [_when(v) for v in fresh["latest"].astype(object)],
        t("ovx_col_records"): fresh["n"].astype(int),
    })


# -- URL-bound filters -----------------------------------------------------------------------
def url_multiselect(label: str, options: Sequence[str], param: str, key: str,
                    format_func: Callable[[str], str]) -> list[str]:
    """A multiselect whose stored values live in the query parameter ``param`` (repeated for
    several), so the view can be bookmarked; stored values, not labels, so a link works in
    either language. Unknown values in the URL are ignored."""
    if key not in st.session_state:
        st.session_state[key] = [v for v in st.query_params.get_all(param) if v in options]
    else:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    chosen: list[str] = st.multiselect(label, list(options), key=key, format_func=format_func,
                                       placeholder=t("rk_f_all"))
    if chosen:
        st.query_params[param] = chosen
    elif param in st.query_params:
        del st.query_params[param]
    return chosen


# -- methodology tables ----------------------------------------------------------------------
def source_label(source: Any) -> str:
    """'external[党建,人事]' → '外部评价：党建、人事' in the session's language."""
    if source is None:
        return ""
    text = t(f"ld_src_{source.kind}")
    if source.kind == "external":
        args = [tv("ld_matter", a) for a in source.args]
    elif source.kind == "survey":
        args = [tv("问卷", a) for a in source.args]
    else:
        args = [tv("ld_computed", a) for a in source.args]
    sep = "：" if current_lang() == "zh" else ": "
    return f"{text}{sep}{joined(args)}" if args else text


def tree_table(tree: IndicatorTree) -> pd.DataFrame:
    """The common tree, root excluded: code, indented name, points, source, evaluation point."""
    codes = [c for c in tree.codes if c != ROOT_CODE]
    return pd.DataFrame({
        t("md_col_code"): codes,
        t("md_col_indicator"): ["\u3000" * (tree.level(c) - 1) + tree.name(c) for c in codes],
        t("md_col_points"): [tree.max_points(c) for c in codes],
        t("md_col_source"): [source_label(tree.source(c)) for c in codes],
        t("md_col_eval"): [tree.eval_point(c) or "" for c in codes],
    })


def _config_value(value: Any) -> str:
    if isinstance(value, dict):
        return joined([f"{k} {_config_value(v)}" for k, v in value.items()]) or "—"
    if isinstance(value, list) and len(value) == 2 and isinstance(value[1], (int, float)) \
            and isinstance(value[0], str):
        return f"{value[0]} ≥ {num(value[1])}"  # a grade band
    if isinstance(value, list):
        return joined([_config_value(v) for v in value]) or "—"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return num(value)


def config_differences(config: RoundConfig) -> pd.DataFrame:
    """Parameters whose value in this round differs from RoundConfig's defaults."""
    mine, default = config.to_dict(), RoundConfig().to_dict()
    keys = [k for k in mine if mine[k] != default[k]]
    return pd.DataFrame({
        t("md_col_param"): [t(f"md_p_{k}") for k in keys],
        t("md_col_round"): [_config_value(mine[k]) for k in keys],
        t("md_col_default"): [_config_value(default[k]) for k in keys],
    })
