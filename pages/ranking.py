"""单位评分 Agency ranking: every agency of the round in the export's order, filterable by type,
nature, grade and flag (all kept in the URL), with the rank change from the previous round and
how robust the ranks are to the level-1 weights. Selecting a row opens the agency profile.
Figures: views.ranking."""

from __future__ import annotations

import streamlit as st

from ui.context import OFFICE_ROLES, require_page
from ui.i18n import t
from ui.leadership import PROFILE_PAGE, labelled_table, rows_height, select_agency, url_filter
from views.ranking import RankingFilters, build_ranking, selection

ctx = require_page(*OFFICE_ROLES)
model = build_ranking(ctx.reader, ctx.round, ctx.lang)
st.header(model.heading)
st.caption(model.status)
if model.provisional:
    st.caption(model.provisional)
if model.empty:
    st.info(model.empty)
    st.stop()

# Filters: stored values in the URL (?type=科技&grade=良好&flag=key_target), labels translated.
chosen: list[list[str]] = []
for column, f in zip(st.columns(len(model.filters)), model.filters, strict=True):
    with column:
        chosen.append(url_filter(f))
types, natures, grades, flags = chosen
shown = model.shown(RankingFilters(types, natures, grades, flags))

if model.robustness:
    st.info(model.robustness)
    if not model.moved.empty:
        with st.expander(t("rk_sens_details")):
            labelled_table(model.moved)

if shown.empty:
    st.info(t("rk_empty_filter"))
    st.stop()

table = model.table(shown)
# The selected agency is in the URL too (?agency=ID): shown as a link and pre-selected.
picked = selection(model, shown, st.query_params.get("agency", ""))
if picked:
    st.page_link(
        PROFILE_PAGE,
        query_params={"agency": str(picked.agency_id)},
        icon=":material/account_balance:",
        label=picked.label,
    )

st.caption(t("rk_count", shown=len(shown), total=model.total))
select_agency(
    table, "rk_table", rows_height(len(table), 820, header=36), picked.position if picked else None
)

csv = table.display().to_csv(index=False).encode("utf-8-sig")
st.download_button(
    t("rk_download"),
    csv,
    file_name=f"ranking-{ctx.round.year}.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/download:",
)
