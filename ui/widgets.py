"""Shared page pieces: KPI cards and simple tables with translated headers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import streamlit as st

from ui.i18n import fmt_int

__all__ = ["Kpi", "kpi_row", "table"]

DeltaColor = Literal["normal", "inverse", "off"]


@dataclass(frozen=True)
class Kpi:
    """One metric card: label, value, an optional caption under it and a change."""

    label: str
    value: float | str
    caption: str | None = None
    delta: str | None = None
    delta_color: DeltaColor = "normal"


def kpi_row(kpis: Sequence[Kpi]) -> None:
    """One row of bordered metric cards."""
    for col, kpi in zip(st.columns(len(kpis)), kpis, strict=True):
        with col:
            value = kpi.value if isinstance(kpi.value, str) else fmt_int(kpi.value)
            st.metric(kpi.label, value, delta=kpi.delta, delta_color=kpi.delta_color,
                      border=True)
            if kpi.caption:
                st.caption(kpi.caption)


def table(df: pd.DataFrame, height: int | Literal["auto"] = "auto") -> None:
    st.dataframe(df, hide_index=True, width="stretch", height=height)
