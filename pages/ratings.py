"""外部评价 External ratings: per agency and matter the counts of 好/较好/一般 and the score
they give, with the ratings behind a selected row; a rater × agency heatmap showing an outlier
rater; the problems raters noted, searchable. An agency user sees its own ratings, the raters
named or anonymous as the round is set. Filters in the URL (?agency=9&matter=党建&q=…).
Figures: views.ratings."""

from __future__ import annotations

import streamlit as st

from ui import ratings as draw
from ui.context import ALL_ROLES, require_page
from ui.i18n import t
from ui.widgets import kpi_row

ctx = require_page(*ALL_ROLES)
model = draw.ratings_page(ctx, draw.read_filters(ctx.agency_scope))
st.header(model.heading)
st.caption(t("xr_intro"))
if model.empty:
    st.info(model.empty)
    st.stop()
draw.filters(model, fixed_agency=ctx.agency_scope is not None)
draw.profile_link(ctx, model)
if model.anonymous_note:
    st.caption(model.anonymous_note)
kpi_row(model.kpis)
draw.summary(model)
draw.heatmap(model)
draw.problems(model)
