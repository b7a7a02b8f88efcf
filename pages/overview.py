"""总览 Overview: headline figures of the selected round against the previous one, the
composite ranking, what needs attention and how fresh the data is (an agency user: its own
figures only — no ranking chart, no other agency). Figures: views.overview."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ui.context import ALL_ROLES, require_page
from ui.exports import export_chart, export_table
from ui.i18n import t
from ui.leadership import (
    labelled_table,
    open_profile,
    pick_from_chart,
    pick_from_table,
    rows_height,
)
from ui.widgets import kpi_row
from views.overview import build_overview

ctx = require_page(*ALL_ROLES)
model = build_overview(ctx.reader, ctx.round, ctx.lang, dt.date.today())

st.header(model.heading)
st.caption(model.status)
if model.empty:
    st.info(model.empty)
    st.stop()
st.caption(model.comparison)
kpi_row(model.counts)

st.subheader(t("ovx_own_scores") if model.own else t("ovx_scores"))
if model.provisional:
    st.caption(model.provisional)
if model.not_scored:
    st.info(model.not_scored)
elif model.own:
    kpi_row(model.own_kpis)
    kpi_row(model.own_survey_kpis)
else:
    kpi_row(model.score_kpis)
    st.caption(t("ovx_grades"))
    kpi_row(model.grade_kpis)

st.subheader(t("ovx_attention"))
if model.attention.empty:
    st.success(t("ovx_attention_none"))
else:
    st.caption(t("ovx_attention_hint"))
    picked = pick_from_table(
        model.attention, "ov_attention", rows_height(len(model.attention), 460)
    )
    export_table(model.attention, f"attention-{ctx.round.year}", title=t("ovx_attention"))
    if picked is not None:
        open_profile(picked)

if model.chart is not None:  # the ranking chart is for the office only
    chart_col, side = st.columns(2, gap="large")
    with chart_col:
        st.subheader(t("ovx_chart_title"))
        st.caption(t("ovx_chart_hint"))
        bar = pick_from_chart(model.chart, "ov_chart")
        export_chart(model.chart, f"composite-{ctx.round.year}")
        if bar is not None:
            open_profile(bar)
    states_box = surveys_box = fresh_box = side
else:
    states_box, surveys_box = st.columns([2, 3])
    fresh_box = st.container()
with states_box:
    st.subheader(t("ov_rect_states"))
    labelled_table(model.rectification_states)
    export_table(
        model.rectification_states,
        f"rectification-states-{ctx.round.year}",
        title=t("ov_rect_states"),
    )
with surveys_box:
    st.subheader(t("ov_by_questionnaire"))
    labelled_table(model.surveys)
    export_table(model.surveys, f"surveys-{ctx.round.year}", title=t("ov_by_questionnaire"))
with fresh_box:
    st.subheader(t("ovx_freshness"))
    labelled_table(model.freshness)
    export_table(model.freshness, f"freshness-{ctx.round.year}", title=t("ovx_freshness"))
