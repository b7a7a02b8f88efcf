"""总览 Overview: headline figures of the selected round (an agency user: its own only)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from data_access import cache
from data_access.queries import rectification_state_counts, round_overview, survey_status_counts
from ui.context import ALL_ROLES, require_page
from ui.i18n import t, tv
from ui.widgets import Kpi, kpi_row, table

ctx = require_page(*ALL_ROLES)
scope = ctx.agency_scope
today = dt.date.today()

if scope is not None:
    st.header(t("ov_heading_agency", agency=ctx.user.agency_name, round=ctx.round_name))
else:
    st.header(t("ov_heading", round=ctx.round_name))
st.caption(t("ov_status", status=tv("状态", ctx.round_status)))

figures = cache.cached(round_overview, ctx.round_id, scope, today)
if figures["agencies"] == 0:
    st.info(t("ov_not_in_round") if scope is not None else t("ov_empty"))
    st.stop()

kpi_row([
    Kpi(t("kpi_agencies"), figures["agencies"]),
    Kpi(t("kpi_findings_open"), figures["findings_open"],
        t("kpi_findings_total", n=figures["findings"])),
    Kpi(t("kpi_overdue"), figures["overdue"]),
    Kpi(t("kpi_survey"), figures["responses_accepted"],
        t("kpi_survey_all", n=figures["responses"])),
    Kpi(t("kpi_ratings"), figures["ratings"], t("kpi_raters", n=figures["raters"])),
])

left, right = st.columns([2, 3])
with left:
    st.subheader(t("ov_rect_states"))
    states = cache.cached(rectification_state_counts, ctx.round_id, scope, today)
    order = ["待整改", "整改中", "待验收", "已销号"]
    states = states.set_index("state").reindex(order).fillna(0).reset_index()
    table(pd.DataFrame({
        t("col_state"): [tv("整改", s) for s in states["state"]],
        t("col_count"): states["n"].astype(int),
        tv("整改", "逾期"): states["overdue"].astype(int),
    }))
with right:
    st.subheader(t("ov_by_questionnaire"))
    surveys = cache.cached(survey_status_counts, ctx.round_id, scope)
    table(pd.DataFrame({
        t("col_questionnaire"): [tv("问卷", q) for q in surveys["questionnaire"]],
        t("col_accepted"): surveys["accepted"].astype(int),
        t("col_duplicate"): surveys["duplicate"].astype(int),
        t("col_too_fast"): surveys["too_fast"].astype(int),
        t("col_straightlined"): surveys["straightlined"].astype(int),
    }))
