"""民意测评 Surveys (DOMAIN §5): every agency's satisfaction index with its 95 % interval,
satisfaction rate and n for the round and questionnaire, small and suppressed samples
marked, the selected agency's items weakest first, the change since the previous round and
the import reports. Filters in the URL (?q=满意度调查问卷&agency=9). Figures: views.surveys."""

from __future__ import annotations

import streamlit as st

from ui import surveys as draw
from ui.context import ALL_ROLES, require_page
from ui.i18n import t

ctx = require_page(*ALL_ROLES)
model = draw.survey_page(ctx)
st.header(model.heading)
st.caption(t("svp_intro"))
draw.filters(model, fixed_agency=ctx.agency_scope is not None)
if model.empty:
    st.info(model.empty)
    st.stop()
draw.draw(model)
