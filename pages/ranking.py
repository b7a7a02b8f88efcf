"""单位评分 Agency ranking: every agency of the round in the export's order, filterable by type,
nature, grade and flag (all kept in the URL), with the rank change from the previous round and
how robust the ranks are to the level-1 weights. Selecting a row opens the agency profile.
Figures: views.ranking."""

from __future__ import annotations

import streamlit as st

from ui.context import OFFICE_ROLES, require_page
from ui.exports import export_table
from ui.i18n import t
from ui.leadership import PROFILE_PAGE, labelled_table, rows_height, select_agency, url_filter
from views.ranking import VIEWS, RankingFilters, build_ranking, selection

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

# Two column sets, each fitting a 1366 px screen; the download has every column.
view = st.segmented_control(
    t("rkp_view"),
    VIEWS,
    default="summary",
    required=True,
    format_func=lambda v: t("rkp_view_summary" if v == "summary" else "rkp_view_parts"),
    key="rk_view",
)
table = model.screen(shown, str(view))
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
    table, "rk_table", rows_height(len(table), 1640, header=36), picked.position if picked else None
)
for note in (model.footnote(str(view)), model.tie_note(shown), t("rkp_details_hint")):
    if note:
        st.caption(note)
export_table(
    model.table(shown),
    f"ranking-{ctx.round.year}",
    title=model.heading,
    filters=[(f.label, [f.label_of(v) for v in c]) for f, c in zip(model.filters, chosen)],
)
