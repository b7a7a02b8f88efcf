"""Drawing the 单位画像 tabs below the score breakdown: staffing history with its events,
workload, personnel and retirements; findings and rectifications (``views.profile_sections``).
"""

from __future__ import annotations

import streamlit as st

from ui.i18n import t
from ui.profile_detail import draw_text_table, show, static_table
from ui.widgets import kpi_row
from views.profile_sections import Findings, StaffingSection

__all__ = ["staffing_section", "findings_section"]


def staffing_section(s: StaffingSection) -> None:
    """Staffing history with events, workload against headcount, personnel and retirements."""
    st.subheader(t("pf_staffing_title"))
    if s.staffing is None:
        st.info(t("pf_no_staffing"))
    else:
        show(s.staffing)
        st.caption(t("pf_staffing_caption"))
    if s.staffing_table is not None:
        with st.expander(t("pf_staffing_table")):
            draw_text_table(s.staffing_table)
    if s.events is not None:
        st.markdown(f"**{t('pf_events_caption')}**")
        static_table(s.events)
    st.subheader(t("pf_workload_title"))
    if s.workload is None:
        st.info(t("pf_no_workload"))
    else:
        show(s.workload)
        st.caption(t("pf_workload_caption"))
    if s.workload_table is not None:
        with st.expander(t("pf_workload_table")):
            draw_text_table(s.workload_table)
    p = s.personnel
    st.subheader(t("pf_personnel_title"))
    if p.age is None or p.edu is None:
        st.info(t("pf_no_personnel"))
    else:
        left, right = st.columns(2, gap="large")
        show(p.age, where=left)
        show(p.edu, where=right)
    st.markdown(f"**{p.retire_title}**")
    if p.retire is None:
        st.info(t("pf_no_plan"))
    else:
        show(p.retire)
        st.caption(p.retire_caption or "")


def findings_section(f: Findings) -> None:
    """This agency's findings of the round with their rectification states (逾期 derived)."""
    if f.table is None:
        st.info(t("pf_no_findings"))
        return
    kpi_row(f.kpis)
    static_table(f.table)
    st.caption(f.caption)
