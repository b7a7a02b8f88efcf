"""汇报材料 Briefings: the round's committee briefings — office staff build them (slides,
their order, the agencies), leaders and staff present them full screen and download the PDF;
every presentation and export is kept as an "as presented" snapshot, opened exactly as it
was or compared with today's figures. Slides: views.briefing; drawing: ui.briefing."""

from __future__ import annotations

import streamlit as st

from data_access.briefings import list_briefings
from domain.vocab import Role
from ui import briefing as draw
from ui.context import require_page
from ui.i18n import t

ctx = require_page(Role.LEADER, Role.STAFF, Role.ADMIN)

shown = st.query_params.get("show")
if shown is not None and shown.isdigit():
    draw.present(ctx, int(shown))
    st.stop()

st.header(t("br_heading", round=ctx.round_name))
st.caption(t("br_intro"))
draw.flash()
briefings = ctx.reader(list_briefings, ctx.round_id)
if briefings.empty and not draw.office(ctx):
    st.info(t("br_list_empty"))
chosen = draw.editor(ctx, briefings)
if not draw.office(ctx):
    st.caption(t("br_readonly"))
draw.actions(ctx, briefings, chosen)
draw.snapshots(ctx)
