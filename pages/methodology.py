"""方法说明 Methodology: how a score is made, generated from the selected round's own
configuration and indicator tree (so a changed weight or threshold shows here at once)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access.leadership_queries import individual_indicator_table
from ui.context import ALL_ROLES, require_page
from ui.i18n import t, tv
from ui.ranking_view import config_differences, grade_label, num, pct, tree_table, type_label
from ui.widgets import table

ctx = require_page(*ALL_ROLES)
st.header(t("md_heading", round=ctx.round_name))
result = ctx.reader.round_result(ctx.round_id)
config, tree = result.config, result.tree
if ctx.round_status == "已完成":
    st.caption(t("md_frozen"))
else:
    st.caption(t("md_open", status=tv("状态", ctx.round_status)))
differences = config_differences(config)
if not differences.empty:
    st.warning(t("md_custom", n=len(differences)))
root = num(tree.root_max)
one_decimal = st.column_config.NumberColumn(format="%.1f")

st.subheader(t("md_system_title"))
st.markdown(t("md_system", root=root, wc=num(config.weight_common),
              wi=num(config.weight_individual)))

st.subheader(t("md_tree_title", n=len(tree.leaves())))
st.dataframe(tree_table(tree), hide_index=True, width="stretch", height=420, column_config={
    t("md_col_code"): st.column_config.TextColumn(width=64),
    t("md_col_indicator"): st.column_config.TextColumn(width=190),
    t("md_col_points"): st.column_config.NumberColumn(format="%.1f", width=64),
    t("md_col_source"): st.column_config.TextColumn(width=250),
    t("md_col_eval"): st.column_config.TextColumn(width="large"),
})

st.subheader(t("md_leaf_title"))
st.markdown(t("md_leaf_team"))
st.markdown(t("md_leaf_external"))
st.markdown(t("md_leaf_survey", min_n=config.survey_min_n))
st.markdown(t("md_leaf_deduct"))
st.markdown(t("md_leaf_usage", lo=num(config.usage_full_low), hi=num(config.usage_full_high),
              zero=num(config.usage_zero_low)))
st.markdown(t("md_leaf_peer", k=config.peer_min_count, full=pct(config.peer_full_d),
              zero=pct(config.peer_zero_d)))
ratings_col, severity_col = st.columns(2)
with ratings_col:
    st.dataframe(pd.DataFrame({
        t("md_col_rating"): [tv("ld_rating", k) for k in config.rating_values],
        t("md_col_value"): list(config.rating_values.values()),
    }), hide_index=True, width="stretch", column_config={t("md_col_value"): one_decimal})
with severity_col:
    st.dataframe(pd.DataFrame({
        t("md_col_severity"): [tv("ld_sev", k) for k in config.severity_points],
        t("md_col_deduct_points"): list(config.severity_points.values()),
    }), hide_index=True, width="stretch", column_config={t("md_col_deduct_points"): one_decimal})

st.subheader(t("md_agg_title"))
st.markdown(t("md_agg", root=root))

st.subheader(t("md_grade_title"))
st.markdown(t("md_grade", cov=pct(config.min_coverage), na=grade_label(config.insufficient_label)))
table(pd.DataFrame({
    t("md_col_grade"): [grade_label(g) for g, _ in config.grade_bands]
    + [grade_label(config.lowest_grade)],
    t("md_col_bound"): [f"≥ {num(b)}" for _, b in config.grade_bands]
    + [f"< {num(config.grade_bands[-1][1])}"],
}))

st.subheader(t("md_flags_title"))
st.markdown(t("md_flags", gap=pct(config.gap_flag_share), sev=tv("ld_sev", config.key_target_severity),
              open=config.key_target_open_findings, low=num(config.key_target_composite_below)))

st.subheader(t("md_survey_title"))
st.markdown(t("md_survey", small=config.survey_small_n, min_n=config.survey_min_n,
              fast=num(config.too_fast_seconds), sl=config.straightline_min_items))
st.dataframe(pd.DataFrame({
    t("md_col_answer"): [tv("ld_answer", a) for a in config.answer_values],
    t("md_col_value"): list(config.answer_values.values()),
    t("md_col_satisfied"): [t("md_yes") if a in config.satisfied_answers else t("md_no")
                            for a in config.answer_values],
}), hide_index=True, width="stretch", column_config={t("md_col_value"): one_decimal})

st.subheader(t("md_individual_title"))
individual = ctx.reader(individual_indicator_table, ctx.round_id)
if individual.empty:
    st.info(t("md_individual_none"))
else:
    st.markdown(t("md_individual"))
    st.dataframe(pd.DataFrame({
        t("md_col_type"): individual["agency_type"].map(type_label),
        t("md_col_code"): individual["code"],
        t("md_col_indicator"): individual["name"],
        t("md_col_weight"): individual["weight"],
        t("md_col_eval"): individual["eval_point"].fillna(""),
    }), hide_index=True, width="stretch", column_config={t("md_col_weight"): one_decimal})

if not differences.empty:
    st.subheader(t("md_diff_title"))
    table(differences)
