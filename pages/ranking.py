"""单位评分 Agency ranking: every agency of the round in the export's order, filterable by type,
nature, grade and flag (all kept in the URL), with the rank change from the previous round and
how robust the ranks are to the level-1 weights. Selecting a row opens the agency profile."""

from __future__ import annotations

import streamlit as st

from data_access.leadership_queries import previous_round
from scoring import rank_sensitivity, summarise_sensitivity
from ui.context import OFFICE_ROLES, require_page
from ui.i18n import fmt_num, t, tv
from ui.ranking_view import (
    filter_ranking,
    grade_label,
    grade_order,
    has_evaluation_data,
    nature_label,
    open_profile,
    pct,
    ranking_display,
    ranking_frame,
    sensitivity_changes,
    type_label,
    url_multiselect,
)

STEP = 0.10  # each level-1 maximum moves by ±10 % in the robustness check

ctx = require_page(*OFFICE_ROLES)
st.header(t("rk_heading", round=ctx.round_name))
st.caption(t("ov_status", status=tv("状态", ctx.round_status)))
if ctx.round_status != "已完成":
    st.caption(t("ld_provisional"))

result = ctx.reader.round_result(ctx.round_id)
if result.summary.empty:
    st.info(t("ov_empty"))
    st.stop()
if not has_evaluation_data(result):
    st.info(t("ld_no_scores"))
    st.stop()

prev = ctx.reader(previous_round, ctx.round_id)
frame = ranking_frame(result, ctx.reader.round_result(prev["round_id"]) if prev else None)

# Filters: stored values in the URL (?type=科技&grade=良好&flag=key_target), labels translated.
cols = st.columns(4)
with cols[0]:
    types = url_multiselect(t("rk_f_type"), sorted(frame["agency_type"].dropna().unique()),
                            "type", "rk_type", type_label)
with cols[1]:
    natures = url_multiselect(t("rk_f_nature"), sorted(frame["nature"].dropna().unique()),
                              "nature", "rk_nature", nature_label)
with cols[2]:
    grades = url_multiselect(t("rk_f_grade"), grade_order(result.config), "grade", "rk_grade",
                             grade_label)
with cols[3]:
    flags = url_multiselect(t("rk_f_flag"), ["key_target", "self_overrated",
                                             "insufficient_data", "no_individual"],
                            "flag", "rk_flag", lambda f: t(f"ld_flag_{f}"))

shown = filter_ranking(frame, types=types, natures=natures, grades=grades, flags=flags)

sens = rank_sensitivity(result, result.tree, result.config, step=STEP)
summary = summarise_sensitivity(sens)
changed = summary["n_changed"]
if changed:
    st.info(t("rk_sens_some", step=pct(STEP), m=summary["n_agencies"],
              kept=summary["n_agencies"] - changed, changed=changed, shift=summary["max_shift"]))
    with st.expander(t("rk_sens_details")):
        st.dataframe(sensitivity_changes(result, sens), hide_index=True, width="stretch")
elif summary["n_agencies"]:
    st.info(t("rk_sens_stable", step=pct(STEP), m=summary["n_agencies"]))

if shown.empty:
    st.info(t("rk_empty_filter"))
    st.stop()

table, column_config = ranking_display(shown)
# The selected agency is in the URL too (?agency=ID): shown as a link and pre-selected.
wanted = st.query_params.get("agency", "")
match = shown.index[shown["agency_id"].astype(str) == wanted].tolist()
if match:
    row = shown.iloc[match[0]]
    st.page_link("pages/profile.py", query_params={"agency": wanted},
                 icon=":material/account_balance:",
                 label=f"{t('rk_selected', name=row['name'])} · {fmt_num(row['composite'])} · "
                       f"{grade_label(row['grade'])} — {t('ld_open_profile')}")


def _on_select() -> None:
    rows = st.session_state["rk_table"]["selection"]["rows"]
    st.session_state["rk_open"] = int(table["agency_id"].iloc[rows[0]]) if rows else 0


st.caption(t("rk_count", shown=len(shown), total=len(frame)))
st.dataframe(table, hide_index=True, width="stretch", column_config=column_config,
             on_select=_on_select, selection_mode="single-row", key="rk_table", placeholder="—",
             height=min(36 + 35 * len(table), 820),
             selection_default={"selection": {"rows": match[:1]}} if match else None)
target = st.session_state.pop("rk_open", None)  # set by a click, 0 when unselected
if target:
    st.query_params["agency"] = str(target)
    open_profile(target)
elif target == 0 and "agency" in st.query_params:
    del st.query_params["agency"]

csv = table.drop(columns="agency_id").to_csv(index=False).encode("utf-8-sig")
st.download_button(t("rk_download"), csv, file_name=f"ranking-{ctx.round_year}.csv",
                   mime="text/csv", on_click="ignore", icon=":material/download:")
