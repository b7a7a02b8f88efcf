"""单位画像 Agency profile: one agency's score from composite down to every leaf's inputs, its
change since the previous round, ratings and surveys, staffing history and findings."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ui import profile as draw
from ui.adjustments import profile_section as adjustments_section
from ui.context import ALL_ROLES, require_page
from ui.i18n import t
from ui.profile_detail import md_escape
from ui.profile_sections import findings_section, staffing_section
from views.adjustments import agency_adjustments
from views.profile import Absent, agency_options, build_profile

ctx = require_page(*ALL_ROLES)
st.header(t("pf_heading", round=ctx.round_name))
agency_id = draw.choose_agency(ctx, agency_options(ctx.reader, ctx.round, ctx.lang))
if agency_id is None:
    st.info(t("pf_round_empty"))
    st.stop()
profile = build_profile(ctx.reader, ctx.round, ctx.lang, agency_id, dt.date.today())
if isinstance(profile, Absent):
    draw.not_evaluated(profile)
    st.stop()

st.subheader(md_escape(profile.title))
draw.headline(profile.headline)
scores, ratings, staffing, issues = st.tabs(
    [t("pf_tab_scores"), t("pf_tab_ratings"), t("pf_tab_staffing"), t("pf_tab_findings")]
)
with scores:
    draw.score_breakdown(profile)
with ratings:
    draw.ratings_and_surveys(profile.ratings)
with staffing:
    staffing_section(profile.personnel, agency_id)
with issues:
    findings_section(profile.findings)
    adjustments_section(agency_adjustments(ctx.reader, ctx.lang, agency_id))
