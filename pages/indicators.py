"""指标分析 Indicator breakdown: agencies × indicators at one level, the weakest indicators,
their spread, individual indicators by agency type; a cell shows the inputs behind it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from data_access.profile_queries import agency_findings
from scoring import explain_agency
from ui import profile_charts as charts
from ui import profile_view as view
from ui.context import OFFICE_ROLES, require_page
from ui.i18n import fmt_num, t
from ui.widgets import table

ctx = require_page(*OFFICE_ROLES)
result = ctx.reader.round_result(ctx.round_id)
st.header(t("ind_heading", round=ctx.round_name))
if result.summary.empty:
    st.info(t("ind_empty"))
    st.stop()

level = st.segmented_control(t("ind_level"), [1, 2, 3], default=1, required=True,
                             format_func=lambda v: t(f"ind_level_{v}"), key="ind_level")
shares = charts.level_frame(result.nodes, result.summary, int(level))
titles = {k: t(f"ind_t_{k}") for k in ("agency", "code", "indicator", "points", "share",
                                       "score")}

# -- heatmap: a clicked cell, or the two selectboxes, choose the (agency, indicator) shown ---
st.subheader(t("ind_heatmap_title"))
st.caption(t("ind_heatmap_hint"))
agencies = dict(zip(shares["agency_id"].astype(int), shares["name"]))
codes = dict(zip(shares["code"], shares["code"] + " " + shares["indicator"]))
present = shares.dropna(subset=["share"])
weakest_cell = present.loc[present["share"].idxmin()] if not present.empty else shares.iloc[0]
if st.session_state.get("ind_agency") not in agencies:
    st.session_state["ind_agency"] = int(weakest_cell["agency_id"])
if st.session_state.get("ind_code") not in codes:
    st.session_state["ind_code"] = str(weakest_cell["code"])


def pick_cell() -> None:
    picked = st.session_state["ind_heat"]["selection"].get("cell") or []
    if picked:
        st.session_state["ind_agency"] = int(picked[0]["agency_id"])
        st.session_state["ind_code"] = str(picked[0]["code"])


view.show(charts.heatmap, shares, titles, int(level) < 3, "cell",
          on_select=pick_cell, selection_mode="cell", key="ind_heat")

left, right = st.columns([1, 2], gap="large")
with left:
    agency_id = st.selectbox(t("ind_pick_agency"), list(agencies),
                             format_func=agencies.__getitem__, key="ind_agency")
    code = st.selectbox(t("ind_pick_indicator"), list(codes), format_func=codes.__getitem__,
                        key="ind_code")
with right:
    findings = ctx.reader(agency_findings, ctx.round_id, int(agency_id), dt.date.today())
    st.markdown(f"**{agencies[int(agency_id)]}**")
    view.node_detail(explain_agency(result, int(agency_id)), str(code), findings, result.config)

# -- the weakest indicators and the spread of each -------------------------------------------
st.subheader(t("ind_weakest_title"))
weakest = charts.weakest_frame(shares)
table(pd.DataFrame({
    t("ind_t_indicator"): weakest["code"] + " " + weakest["indicator"],
    t("ind_t_mean"): weakest["mean_share"].map(view.pct),
    t("ind_t_min"): weakest["min_share"].map(view.pct),
    t("ind_t_low"): [f"{n} / {k}" for n, k in zip(weakest["n_low"], weakest["n_agencies"])],
}))
st.caption(t("ind_weakest_caption"))
st.subheader(t("ind_spread_title"))
view.show(charts.spread_box, present, titles)

# -- individual indicators by agency type -----------------------------------------------------
st.subheader(t("ind_individual_title"))
individual = result.individual.merge(result.summary[["agency_id", "name", "agency_type"]].rename(
    columns={"name": "agency"}), on="agency_id")
individual = individual[individual["present"].astype(bool)]
if individual.empty:
    st.info(t("ind_no_individual"))
    st.stop()
types = sorted(individual["agency_type"].unique())
kind = st.selectbox(t("ind_pick_type"), types, key="ind_type")
of_type = individual[individual["agency_type"] == kind]
view.show(charts.individual_bars, of_type.assign(
    indicator=of_type["code"] + " " + of_type["name"], agency_label=of_type["agency"]), titles)
table(pd.DataFrame({
    t("ind_t_code"): of_type["code"], t("ind_t_indicator"): of_type["name"],
    t("ind_t_weight"): of_type["weight"].map(fmt_num), t("ind_t_agency"): of_type["agency"],
    t("ind_t_score"): of_type["score"].map(fmt_num),
    t("ind_t_self"): of_type["self_score"].map(fmt_num),
}))
