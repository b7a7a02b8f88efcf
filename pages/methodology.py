"""方法说明 Methodology: how a score is made, generated from the selected round's own
configuration and indicator tree (so a changed weight or threshold shows here at once).
Texts and tables: views.methodology."""

from __future__ import annotations

import streamlit as st

from ui.context import ALL_ROLES, require_page
from ui.exports import export_table
from ui.i18n import t
from ui.leadership import labelled_table
from views.methodology import build_methodology

ctx = require_page(*ALL_ROLES)
model = build_methodology(ctx.reader, ctx.round, ctx.lang)
st.header(model.heading)
st.caption(model.status_note)
if model.custom:
    st.warning(model.custom)

st.subheader(t("md_system_title"))
st.markdown(model.system)

st.subheader(model.tree_title)
labelled_table(model.tree, height=420)
year = ctx.round.year
export_table(model.tree, f"indicator-tree-{year}", title=model.tree_title)

st.subheader(t("md_leaf_title"))
for rule in model.leaf_rules:
    st.markdown(rule)
ratings_col, severity_col = st.columns(2)
with ratings_col:
    labelled_table(model.ratings)
    export_table(model.ratings, f"rating-values-{year}", title=t("md_leaf_title"))
with severity_col:
    labelled_table(model.severities)
    export_table(model.severities, f"severity-points-{year}", title=t("md_leaf_title"))

st.subheader(t("md_agg_title"))
st.markdown(model.aggregation)

st.subheader(t("md_grade_title"))
st.markdown(model.grade_rule)
labelled_table(model.grades)
export_table(model.grades, f"grades-{year}", title=t("md_grade_title"))

st.subheader(t("md_flags_title"))
st.markdown(model.flags)

st.subheader(t("md_survey_title"))
st.markdown(model.survey)
labelled_table(model.answers)
export_table(model.answers, f"answer-values-{year}", title=t("md_survey_title"))

st.subheader(t("md_individual_title"))
if model.individual_note is None:
    st.info(t("md_individual_none"))
else:
    st.markdown(model.individual_note)
    labelled_table(model.individual)
    export_table(model.individual, f"individual-indicators-{year}", title=t("md_individual_title"))

if not model.differences.empty:
    st.subheader(t("md_diff_title"))
    labelled_table(model.differences)
    export_table(model.differences, f"config-differences-{year}", title=t("md_diff_title"))
