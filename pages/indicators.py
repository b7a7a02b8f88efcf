"""指标分析 Indicator breakdown: agencies × indicators at one level, the weakest indicators,
their spread, individual indicators by agency type; a cell shows the inputs behind it."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ui.context import OFFICE_ROLES, require_page
from ui.exports import export_chart, export_table
from ui.i18n import t
from ui.profile_detail import (
    draw_node_detail,
    draw_text_table,
    md_escape,
    show,
)
from ui.widgets import choice_box
from views.indicators import LEVELS, build_breakdown, cell_detail, individual_of_type, level_labels

ctx = require_page(*OFFICE_ROLES)
st.header(t("ind_heading", round=ctx.round_name))
labels = level_labels(ctx.lang)
level = st.segmented_control(
    t("ind_level"),
    list(LEVELS),
    default=1,
    required=True,
    format_func=labels.__getitem__,
    key="ind_level",
)
view = build_breakdown(ctx.reader, ctx.round, ctx.lang, int(level))
if view is None:
    st.info(t("ind_empty"))
    st.stop()

# -- heatmap: a clicked cell, or the two selectboxes, choose the (agency, indicator) shown ---
st.subheader(t("ind_heatmap_title"))
st.caption(t("ind_heatmap_hint"))
if st.session_state.get("ind_agency") not in view.agencies:
    st.session_state["ind_agency"] = view.weakest_cell[0]
if st.session_state.get("ind_code") not in view.indicators:
    st.session_state["ind_code"] = view.weakest_cell[1]


def pick_cell() -> None:
    picked = st.session_state["ind_heat"]["selection"].get("cell") or []
    if picked:
        st.session_state["ind_agency"] = int(picked[0]["agency_id"])
        st.session_state["ind_code"] = str(picked[0]["code"])


show(view.heatmap, on_select=pick_cell, selection_mode="cell", key="ind_heat")
year, level_name = ctx.round.year, labels[int(level)]
heat_title = f"{t('ind_heatmap_title')} · {level_name}"
export_chart(view.heatmap, f"indicator-heatmap-L{level}-{year}")
heat = view.shares_table
export_table(heat, f"indicator-shares-L{level}-{year}", title=heat_title, key="ind_shares")
if view.legend is not None:
    with st.expander(t("indp_legend"), expanded=int(level) < 3):
        draw_text_table(view.legend)
left, right = st.columns([1, 2], gap="large")
with left:
    agency_id = choice_box(t("ind_pick_agency"), view.agencies, "ind_agency", ctx.lang)
    code = choice_box(t("ind_pick_indicator"), view.indicators, "ind_code", ctx.lang)
with right:
    cell = cell_detail(ctx.reader, ctx.round, ctx.lang, int(agency_id), str(code), dt.date.today())
    if cell is not None:
        st.markdown(f"**{md_escape(cell.agency)}**")
        draw_node_detail(cell.detail)

# -- the weakest indicators and the spread of each -------------------------------------------
st.subheader(t("ind_weakest_title"))
draw_text_table(view.weakest)
st.caption(view.weakest_caption)
export_table(view.weakest, f"weakest-L{level}-{year}", title=t("ind_weakest_title"))
st.subheader(t("ind_spread_title"))
show(view.spread)
export_chart(view.spread, f"indicator-spread-L{level}-{year}")

# -- individual indicators by agency type -----------------------------------------------------
st.subheader(t("ind_individual_title"))
if not view.types:
    st.info(t("ind_no_individual"))
    st.stop()
kind = choice_box(t("ind_pick_type"), view.types, "ind_type", ctx.lang)
individual = individual_of_type(ctx.reader, ctx.round, ctx.lang, str(kind))
show(individual.chart)
export_chart(individual.chart, f"individual-{kind}-{year}")
draw_text_table(individual.table)
export_table(
    individual.table,
    f"individual-{kind}-{year}",
    title=f"{t('ind_individual_title')} · {view.types.get(str(kind), str(kind))}",
)
