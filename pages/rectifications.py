"""整改跟踪 Rectifications: every finding of the round with its rectification, overdue first;
filters in the URL (state, agency, section, overdue; the round as everywhere); counts by
state and by agency; a row opens its timeline and the moves the role may make (staff and
administrators move any item, an agency user reports its own done, leaders read); staff
record findings; CSV and XLSX exports; the closed loop and the oversight ledger.
Figures: views.rectifications."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from domain.vocab import ALL_ROLES, Role
from ui.context import require_page
from ui.exports import export_table
from ui.i18n import t
from ui.rectifications import (
    draw_detail,
    draw_downloads,
    draw_filters,
    draw_items,
    draw_kpis,
    draw_ledger,
    draw_loop,
    draw_record_form,
    form_model,
    ledger_model,
    loop_model,
    show_flash,
    tracker_model,
)
from ui.widgets import draw_table
from views.rectifications import filters_from_params, item_detail

ctx = require_page(*ALL_ROLES)
filters = filters_from_params(st.query_params.to_dict())
model = tracker_model(ctx, filters, dt.date.today())

st.header(model.heading)
st.caption(t("rt_intro"))
show_flash()
if ctx.principal.role == Role.LEADER:
    st.caption(t("rt_read_only"))
elif not model.can_move:
    st.caption(t("rt_frozen"))
draw_kpis(model.kpis)

if model.can_record:
    draw_record_form(ctx, form_model(ctx))

if model.total == 0:
    st.info(t("rt_empty"))
else:
    st.subheader(t("rt_items"))
    draw_filters(model, ctx.lang, show_agency=ctx.agency_scope is None)
    st.caption(t("rt_count", shown=model.shown, total=model.total))
    if model.shown == 0:
        st.info(t("rt_empty_filter"))
    else:
        picked = draw_items(model)
        detail = item_detail(ctx.reader, model, picked, ctx.lang) if picked else None
        if detail is None:
            st.caption(t("rt_pick"))
        else:
            draw_detail(ctx, detail)
        draw_downloads(model, ctx.round_year)
    if ctx.agency_scope is None:
        st.subheader(t("rt_by_agency"))
        draw_table(model.by_agency)
        export_table(
            model.by_agency, f"rectifications-by-agency-{ctx.round_year}", title=t("rt_by_agency")
        )

draw_loop(loop_model(ctx))
if ctx.agency_scope is None:
    draw_ledger(ledger_model(ctx))
