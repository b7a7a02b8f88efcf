"""横向对比 Peer comparison (DOMAIN §6): the same agency type in the province's other cities —
figures, the home agency's rank and distance from the median, the log–log line with its
expected posts and residual, and every evaluated agency's residual. Filters in the URL
(?type=科技&year=2024&agency=9). Figures: views.peers."""

from __future__ import annotations

import streamlit as st

from ui import peers as draw
from ui.context import ALL_ROLES, require_page
from ui.i18n import t

ctx = require_page(*ALL_ROLES)
model, csv = draw.peer_page(ctx, draw.read_filters(ctx.agency_scope))
st.header(model.heading)
st.caption(t("pe_intro"))
if model.empty:
    st.info(model.empty)
    st.stop()
draw.filters(model, fixed_agency=ctx.agency_scope is not None)
draw.draw(model, csv)
