"""Drawing the 单位画像 tabs below the score breakdown: personnel structure with a link to the
编制与用编 page (posts, workload, history, retirements over the years); findings and
rectifications (``views.profile_sections``).
"""

from __future__ import annotations

import streamlit as st

from ui.i18n import t
from ui.profile_detail import show, static_table
from ui.router import LANG_PARAM, ROUND_PARAM
from ui.widgets import kpi_row
from views.profile_sections import Findings, Personnel

__all__ = ["staffing_section", "findings_section"]


def staffing_section(p: Personnel, agency_id: int) -> None:
    """Personnel structure; posts, workload, history and retirements over the years are on
    the 编制与用编 page (one place for them), linked here."""
    st.info(t("stf_profile_link"))
    st.page_link(
        "pages/staffing.py",
        label=t("page_staffing"),
        icon=":material/timeline:",
        query_params={
            **{k: st.query_params[k] for k in (LANG_PARAM, ROUND_PARAM) if k in st.query_params},
            "agency": str(agency_id),
        },
    )
    st.subheader(t("pf_personnel_title"))
    if p.age is None or p.edu is None:
        st.info(t("pf_no_personnel"))
    else:
        left, right = st.columns(2, gap="large")
        show(p.age, where=left)
        show(p.edu, where=right)


def findings_section(f: Findings) -> None:
    """This agency's findings of the round with their rectification states (逾期 derived)."""
    if f.table is None:
        st.info(t("pf_no_findings"))
        return
    kpi_row(f.kpis)
    static_table(f.table)
    st.caption(f.caption)
