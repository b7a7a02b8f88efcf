"""单位画像 sections below the score breakdown: staffing history, workload, personnel and
retirements, findings and rectifications (split from ui/profile_view.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from data_access import cache
from ui.session import current_principal as _P
from data_access.profile_queries import (
    CLOSED_STATE,
    history_events,
    personnel_structure,
    retirements_and_hires,
    staffing_history,
    workload_history,
)
from ui import profile_charts as charts
from ui.i18n import fmt_int, fmt_num, t, tv
from ui.profile_view import POSTS, _wrapped_table, show
from ui.widgets import Kpi, kpi_row, table

__all__ = ["staffing_section", "findings_section"]


# -- staffing, workload, personnel -----------------------------------------------------------

def staffing_section(agency_id: int, year: int) -> None:
    """Staffing history with events, workload against headcount, personnel and retirements."""
    staffing = cache.cached(staffing_history, _P(), agency_id, year)
    events = cache.cached(history_events, _P(), agency_id, year)
    st.subheader(t("pf_staffing_title"))
    if staffing.empty:
        st.info(t("pf_no_staffing"))
    else:
        posts = {p: t(f"pf_post_{p}") for p in POSTS}
        long = charts.staffing_frame(staffing, posts, {"authorized": t("pf_authorized"),
                                                       "actual": t("pf_actual")})
        titles = {k: t(f"pf_col_{k}") for k in ("post_type", "measure", "year", "date", "kind",
                                                 "description", "doc_no")}
        marks = charts.events_frame(events.assign(
            kind=[tv("pf_event", k) for k in events["kind"]]), staffing["year"])
        show(charts.staffing_lines, long, marks, list(posts.values()),
             [t("pf_actual"), t("pf_authorized")], t("pf_axis_posts"), titles)
        st.caption(t("pf_staffing_caption"))
        with st.expander(t("pf_staffing_table")):
            table(_staffing_table(staffing))
    if not events.empty:
        st.markdown(f"**{t('pf_events_caption')}**")
        _wrapped_table(pd.DataFrame({
            t("pf_col_date"): pd.to_datetime(events["event_date"]).dt.strftime("%Y-%m-%d"),
            t("pf_col_kind"): [tv("pf_event", k) for k in events["kind"]],
            t("pf_col_description"): events["description"],
            t("pf_col_doc_no"): events["doc_no"].fillna("—"),
        }))
    _workload(agency_id, year)
    _personnel(agency_id, year)


def _staffing_table(s: pd.DataFrame) -> pd.DataFrame:
    out = {t("pf_col_year"): s["year"].astype(str)}
    for p in POSTS:
        out[f"{t('pf_authorized')}·{t(f'pf_post_{p}')}"] = s[f"authorized_{p}"].map(fmt_int)
        out[f"{t('pf_actual')}·{t(f'pf_post_{p}')}"] = s[f"actual_{p}"].map(fmt_int)
    out[t("pf_leader_posts")] = [f"{fmt_int(a)} / {fmt_int(b)}" for a, b in
                                 zip(s["leader_posts_authorized"], s["leader_posts_filled"])]
    out[t("pf_sections")] = s["internal_sections"].map(fmt_int)
    return pd.DataFrame(out)


def _workload(agency_id: int, year: int) -> None:
    st.subheader(t("pf_workload_title"))
    workload = cache.cached(workload_history, _P(), agency_id, year)
    if workload.empty:
        st.info(t("pf_no_workload"))
        return
    frame = charts.workload_index_frame(workload, t("pf_headcount"))
    frame["grade"] = [tv("pf_grade", g) for g in frame["grade"]]
    titles = {"year": t("pf_col_year"), "value": t("pf_col_value"), "grade": t("pf_assessment")}
    show(charts.index_lines, frame, t("pf_axis_index"), titles)
    st.caption(t("pf_workload_caption"))
    wide = workload.pivot_table(index="year", columns="metric", values="value", aggfunc="first")
    heads = workload.drop_duplicates("year").set_index("year")
    wide = wide.map(lambda v: fmt_num(v, 0))
    wide[t("pf_headcount")] = heads["headcount"].map(fmt_int)
    wide[t("pf_assessment")] = [tv("pf_grade", str(g)) if g else "—" for g in heads["grade"]]
    with st.expander(t("pf_workload_table")):
        table(wide.reset_index().rename(columns={"year": t("pf_col_year")}).astype(str))


def _personnel(agency_id: int, year: int) -> None:
    st.subheader(t("pf_personnel_title"))
    people = cache.cached(personnel_structure, _P(), agency_id, year)
    plan = cache.cached(retirements_and_hires, _P(), agency_id, year)
    if people.empty:
        st.info(t("pf_no_personnel"))
    else:
        left, right = st.columns(2, gap="large")
        for col, prefix, legend in ((left, "age", t("pf_age")), (right, "edu", t("pf_edu"))):
            cols = [c for c in people.columns if c.startswith(prefix)]
            order = [t(f"pf_{c}") for c in cols]
            long = people.melt(id_vars="year", value_vars=cols, var_name="band", value_name="n")
            long["band"] = long["band"].map(lambda c: t(f"pf_{c}"))
            show(charts.stacked_years, long, order, t("pf_axis_people"), legend, where=col)
    st.markdown(f"**{t('pf_retire_title', start=year + 1, end=year + 5)}**")
    if plan.empty:
        st.info(t("pf_no_plan"))
        return
    retire = plan["kind"] == "retirements"
    kinds = {"retirements": t("pf_retirements"), **{k: t("pf_hires_of", post=tv("pf_posttype", k))
                                                     for k in ("行政", "事业", "工勤")}}
    frame = plan.assign(series=[t("pf_retirements") if r else t("pf_hires") for r in retire],
                        kind=[kinds.get(k, k) for k in plan["kind"]])
    show(charts.retire_hire_bars, frame, list(kinds.values()), t("pf_axis_people"),
         t("pf_col_kind"))
    st.caption(t("pf_retire_caption", retire=fmt_int(plan.loc[retire, "n"].sum()),
                 hires=fmt_int(plan.loc[~retire, "n"].sum())))


# -- findings and rectifications -------------------------------------------------------------

def findings_section(findings: pd.DataFrame, today: dt.date) -> None:
    """This agency's findings of the round with their rectification states (逾期 derived)."""
    if findings.empty:
        st.info(t("pf_no_findings"))
        return
    open_ = findings["state"].fillna("") != CLOSED_STATE
    kpi_row([Kpi(t("pf_kpi_findings"), len(findings)), Kpi(t("pf_kpi_open"), int(open_.sum())),
             Kpi(t("pf_kpi_overdue"), int(findings["overdue"].sum()))])

    def state(s: Any, overdue: bool) -> str:
        text = tv("整改", str(s)) if s else t("pf_no_rectification")
        return f"{text} · {tv('整改', '逾期')}" if overdue else text

    def day(d: Any) -> str:
        return "—" if d is None or d != d else str(d)[:10]

    def state_of(s: Any, overdue: bool, closed: Any) -> str:
        text = state(s, overdue)
        return f"{text}（{day(closed)}）" if s == CLOSED_STATE and day(closed) != "—" else text

    _wrapped_table(pd.DataFrame({
        t("pf_col_finding"): findings["description"],
        t("pf_col_category"): [tv("pf_cat", c) for c in findings["category"]],
        t("pf_col_severity"): [tv("pf_sev", s) for s in findings["severity"]],
        t("pf_col_found_by"): [tv("pf_found", s) for s in findings["source"]],
        t("pf_col_code"): findings["indicator_code"].fillna("—"),
        t("pf_col_ledger"): [t("pf_yes") if v else t("pf_no") for v in findings["in_ledger"]],
        t("pf_col_state"): [state_of(s, o, c) for s, o, c in
                            zip(findings["state"], findings["overdue"], findings["closed_date"])],
        t("pf_col_deadline"): [day(d) for d in findings["deadline"]],
    }))
    st.caption(t("pf_overdue_rule", today=today.isoformat()))
