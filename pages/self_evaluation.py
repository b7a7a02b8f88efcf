"""自评填报 Self-evaluation: an agency user enters its own scores for the round (draft, then
submit); office staff and administrators see every agency's state and the self-vs-team gap,
and reopen a submitted one. Figures: views.self_evaluation; drawing and writes:
ui.self_evaluation."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from data_access.scope import NO_AGENCY
from domain.vocab import Role
from ui import self_evaluation as draw
from ui.context import require_page
from ui.i18n import t
from views.self_evaluation import build_detail, build_form, build_overview

ctx = require_page(Role.AGENCY, Role.STAFF, Role.ADMIN)
st.header(t("se_heading", round=ctx.round_name))
draw.flash()

if ctx.principal.role == Role.AGENCY:
    st.caption(t("se_intro"))
    agency_id = ctx.principal.agency_id if ctx.principal.agency_id is not None else NO_AGENCY
    form = build_form(ctx.reader, ctx.round, ctx.lang, agency_id, dt.date.today())
    if form is None:
        st.info(t("se_not_in_round"))
        st.stop()
    draw.agency_form(ctx, form)
    st.stop()

st.caption(t("se_staff_intro"))
overview = build_overview(ctx.reader, ctx.round, ctx.lang)
if overview.table.empty:
    st.info(t("se_round_empty"))
    st.stop()
draw.overview(overview)
chosen = draw.choose_agency(ctx, overview)
if chosen is None:
    st.stop()
detail = build_detail(ctx.reader, ctx.round, ctx.lang, chosen)
if detail is not None:
    draw.detail(ctx, detail)
