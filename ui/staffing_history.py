"""Drawing 编制与用编 (views.staffing_history): posts over the years with the history events,
leadership posts, workload with the assessment grade, the events with their document
numbers, retirements against planned hires. Nothing here computes."""

from __future__ import annotations

import streamlit as st

from ui.exports import export_chart, export_table
from ui.i18n import t
from ui.profile_detail import draw_text_table, show, static_table
from views.staffing_history import StaffingHistory

__all__ = ["draw"]


def draw(s: StaffingHistory, stem: str = "staffing") -> None:
    """Everything below the agency; ``stem`` names the exported files (agency id)."""
    st.subheader(t("pf_staffing_title"))
    if s.posts is None:
        st.info(t("pf_no_staffing"))
    else:
        show(s.posts)
        export_chart(s.posts, f"{stem}-posts")
        st.caption(t("pf_staffing_caption"))
    if s.posts_table is not None:
        with st.expander(t("pf_staffing_table")):
            draw_text_table(s.posts_table)
            export_table(s.posts_table, f"{stem}-posts", title=t("pf_staffing_table"))
    st.subheader(t("stf_leaders_title"))
    if s.leaders is None:
        st.info(t("pf_no_staffing"))
    else:
        show(s.leaders)
        export_chart(s.leaders, f"{stem}-leaders")
    st.subheader(t("pf_workload_title"))
    if s.workload is None:
        st.info(t("pf_no_workload"))
    else:
        show(s.workload)
        export_chart(s.workload, f"{stem}-workload")
        st.caption(t("pf_workload_caption") + " " + t("stf_workload_caption"))
    if s.workload_table is not None:
        with st.expander(t("pf_workload_table")):
            draw_text_table(s.workload_table)
            export_table(s.workload_table, f"{stem}-workload", title=t("pf_workload_table"))
    st.subheader(t("pf_events_caption"))
    if s.events is None:
        st.info(t("stf_no_events"))
    else:
        static_table(s.events)
        export_table(s.events, f"{stem}-events", title=t("pf_events_caption"))
    st.subheader(s.retire_title)
    if s.retire is None:
        st.info(t("pf_no_plan"))
    else:
        show(s.retire)
        export_chart(s.retire, f"{stem}-retirements")
        st.caption(s.retire_caption or "")
