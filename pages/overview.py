"""总览 Overview: headline figures of the selected round against the previous one, the
composite ranking, what needs attention and how fresh the data is (an agency user: its own
figures only — no ranking chart, no other agency)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from data_access.leadership_queries import data_freshness, overdue_rectifications, previous_round
from data_access.queries import rectification_state_counts, round_overview, survey_status_counts
from ui.charts import PICK, overview_chart_spec
from ui.context import ALL_ROLES, require_page
from ui.i18n import t, tv
from ui.ranking_view import (
    attention_columns,
    attention_frame,
    count_kpis,
    freshness_display,
    grade_kpis,
    has_evaluation_data,
    headline,
    open_profile,
    own_kpis,
    own_survey_kpis,
    rectification_table,
    score_kpis,
    survey_table,
)
from ui.widgets import kpi_row, table

ctx = require_page(*ALL_ROLES)
scope = ctx.agency_scope
today = dt.date.today()

if scope is not None:
    st.header(t("ov_heading_agency", agency=ctx.user.agency_name, round=ctx.round_name))
else:
    st.header(t("ov_heading", round=ctx.round_name))
st.caption(t("ov_status", status=tv("状态", ctx.round_status)))

figures = ctx.reader(round_overview, ctx.round_id, scope, today)
if figures["agencies"] == 0:
    st.info(t("ov_not_in_round") if scope is not None else t("ov_empty"))
    st.stop()

prev = ctx.reader(previous_round, ctx.round_id)
before = ctx.reader(round_overview, prev["round_id"], scope, today) if prev else None
before = before if before and before["agencies"] else None  # an agency new in this round
st.caption(t("ovx_delta_note", prev=prev["name"]) if prev and before else t("ovx_no_previous"))
kpi_row(count_kpis(figures, before))

result = ctx.reader.round_result(ctx.round_id)
previous = ctx.reader.round_result(prev["round_id"]) if prev and before else None
now = headline(result, scope)
old = headline(previous, scope) if previous is not None else None
st.subheader(t("ovx_own_scores") if scope is not None else t("ovx_scores"))
if ctx.round_status != "已完成":
    st.caption(t("ld_provisional"))
scored = has_evaluation_data(result, scope)
if not scored:
    st.info(t("ovx_own_not_scored") if scope is not None else t("ld_no_scores"))
elif scope is not None:
    kpi_row(own_kpis(result, previous, scope))
    kpi_row(own_survey_kpis(now, old, result, scope))
else:
    kpi_row(score_kpis(now, old))
    st.caption(t("ovx_grades"))
    kpi_row(grade_kpis(now, old, result.config))

overdue = ctx.reader(overdue_rectifications, ctx.round_id, today, scope)
attention = attention_frame(result, overdue, today, scope)
st.subheader(t("ovx_attention"))
if attention.empty:
    st.success(t("ovx_attention_none"))
else:
    st.caption(t("ovx_attention_hint"))
    chosen = st.dataframe(attention, hide_index=True, width="stretch",
                          column_config=attention_columns(), on_select="rerun",
                          height=min(38 + 35 * len(attention), 460),
                          selection_mode="single-row", key="ov_attention")
    if chosen.selection.rows:
        open_profile(attention["agency_id"].iloc[chosen.selection.rows[0]])

if scope is None and scored:  # the ranking chart is for the office only
    chart_col, side = st.columns(2, gap="large")
    with chart_col:
        st.subheader(t("ovx_chart_title"))
        st.caption(t("ovx_chart_hint"))
        event = st.vega_lite_chart(overview_chart_spec(ctx.round_id), on_select="rerun",
                                   key="ov_chart", width="stretch")
        picked = event.selection.get(PICK) or []
        if picked and "agency_id" in picked[0]:
            open_profile(picked[0]["agency_id"])
    states_box = surveys_box = fresh_box = side
else:
    states_box, surveys_box = st.columns([2, 3])
    fresh_box = st.container()
with states_box:
    st.subheader(t("ov_rect_states"))
    table(rectification_table(ctx.reader(rectification_state_counts, ctx.round_id, scope,
                                           today)))
with surveys_box:
    st.subheader(t("ov_by_questionnaire"))
    table(survey_table(ctx.reader(survey_status_counts, ctx.round_id, scope)))
with fresh_box:
    st.subheader(t("ovx_freshness"))
    table(freshness_display(ctx.reader(data_freshness, ctx.round_id, scope)))
