"""调整意见 Adjustment proposals: every agency's proposals with their states, filtered (in the
URL) and exported as CSV; office staff and administrators record them and move them on,
leaders read them, an agency user reads its own. Figures: views.adjustments; drawing and
writes: ui.adjustments."""

from __future__ import annotations

import streamlit as st

from domain.vocab import ALL_ROLES, Role
from ui import adjustments as draw
from ui.context import require_page
from ui.i18n import t
from views.adjustments import build_adjustments, filters_from_params

ctx = require_page(*ALL_ROLES)
st.header(t("adj_heading"))
st.caption(t("adj_intro"))
draw.flash()

office = ctx.principal.role in (Role.STAFF, Role.ADMIN)
if office:
    draw.record_form(ctx)

# The filters live in the URL (?kind=增编&state=研究中&agency=ID&year=2024); the widgets write it.
shown = build_adjustments(ctx.reader, ctx.lang, filters_from_params(st.query_params.to_dict()))
draw.filters(ctx, shown)
picked = draw.listing(shown, "adjustments.csv")
if office:
    draw.move_form(ctx, shown, picked)
elif not shown.table.empty:
    st.caption(t("adj_readonly"))
