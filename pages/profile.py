"""单位画像 Agency profile: one agency's score from composite down to every leaf's inputs, its
change since the previous round, ratings and surveys, staffing history and findings."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from data_access.profile_queries import agency_findings
from scoring import explain_agency
from ui import profile_sections as sections
from ui import profile_view as view
from ui.context import ALL_ROLES, require_page
from ui.i18n import t, tv

ctx = require_page(*ALL_ROLES)
result = ctx.reader.round_result(ctx.round_id)
today = dt.date.today()

st.header(t("pf_heading", round=ctx.round_name))
picked = view.choose_agency(ctx, result.summary)
if picked is None:
    st.info(t("pf_round_empty"))
    st.stop()
agency_id, agency_name = picked
if agency_id not in set(result.summary["agency_id"].astype(int)):
    view.not_evaluated(agency_id, agency_name, ctx)
    st.stop()

ex = explain_agency(result, agency_id)
st.subheader(t("pf_agency_title", agency=agency_name, type=ex["agency_type"],
               nature=tv("pf_nature", str(ex["nature"]))))
view.headline(ex, n_ranked=ctx.reader.ranked_count(ctx.round_id))
findings = ctx.reader(agency_findings, ctx.round_id, agency_id, today)

scores, ratings, staffing, issues = st.tabs(
    [t("pf_tab_scores"), t("pf_tab_ratings"), t("pf_tab_staffing"), t("pf_tab_findings")])
with scores:
    left, right = st.columns(2, gap="large")
    with left:
        view.l1_chart(ex)
    with right:
        view.previous_change(ex, agency_id, ctx)
    view.score_tree(ex, findings, result.config)
with ratings:
    view.ratings_and_surveys(ex, result.config)
with staffing:
    sections.staffing_section(agency_id, ctx.round_year)
with issues:
    sections.findings_section(findings, today)
