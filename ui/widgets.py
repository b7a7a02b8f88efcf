"""Shared page pieces: KPI cards and simple tables with translated headers."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from ui.i18n import fmt_int

__all__ = ["kpi_row", "Kpi"]


class Kpi:
    def __init__(self, label: str, value: int | float | str, caption: str | None = None,
                 delta: str | None = None, delta_color: str = "normal") -> None:
        self.label = label
        self.value = value
        self.caption = caption
        self.delta = delta
        self.delta_color = delta_color


def kpi_row(kpis: Sequence[Kpi]) -> None:
    """One row of bordered metric cards."""
    for col, kpi in zip(st.columns(len(kpis)), kpis, strict=True):
        with col:
            value = kpi.value if isinstance(kpi.value, str) else fmt_int(kpi.value)
            st.metric(kpi.label, value, delta=kpi.delta, delta_color=kpi.delta_color,
                      border=True)
            if kpi.caption:
                st.caption(kpi.caption)


def table(df: pd.DataFrame, height: int | str = "auto") -> None:
    st.dataframe(df, hide_index=True, width="stretch", height=height)


__all__ += ["table"]
