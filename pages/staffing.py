"""编制与用编 Staffing over time (纵向, DOMAIN §6): one agency's authorized vs actual posts,
leadership posts, workload and assessment grade over the years with its history events,
and retirements against planned hires. ``/staffing?agency=ID`` (an agency user: its own
agency). Figures: views.staffing_history."""

from __future__ import annotations

import streamlit as st

from ui import profile
from ui.context import ALL_ROLES, require_page
from ui.i18n import t
from ui.profile_detail import md_escape
from ui.staffing_history import draw
from views.profile import agency_options
from views.staffing_history import build_staffing_history

ctx = require_page(*ALL_ROLES)
st.header(t("stf_heading"))
options = agency_options(ctx.reader, ctx.round, ctx.lang)
agency_id = profile.choose_agency(ctx, options)
if agency_id is None:
    st.info(t("pf_round_empty"))
    st.stop()
title = options.get(agency_id, "")
model = build_staffing_history(ctx.reader, ctx.round, ctx.lang, agency_id, title)
st.subheader(md_escape(model.title))
st.caption(t("stf_intro", year=ctx.round_year))
draw(model, f"staffing-{agency_id}-{ctx.round_year}")
