"""Drawing the view models' building blocks: KPI cards and tables (views.common)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import pandas as pd
import streamlit as st

from domain.fmt import fmt_int
from views.common import Column, Kpi, Table

__all__ = ["Kpi", "kpi_row", "table", "draw_table", "column_config", "choice_box"]


def kpi_row(kpis: Sequence[Kpi]) -> None:
    """One row of bordered metric cards that wraps onto a second line where the screen is
    too narrow for all of them (a 1024 px projector), instead of cutting values to "2,…"."""
    row = st.container(horizontal=True, gap="small")
    for kpi in kpis:
        # Each card as wide as its label and value: nothing is cut, and a row that does not
        # fit wraps onto the next line.
        with row.container(width="content"):
            value = kpi.value if isinstance(kpi.value, str) else fmt_int(kpi.value)
            st.metric(
                kpi.label,
                value,
                delta=kpi.delta,
                delta_color=kpi.delta_color,
                border=True,
                width="content",
            )
            if kpi.caption:
                st.caption(kpi.caption)


def table(df: pd.DataFrame, height: int | Literal["auto"] = "auto") -> None:
    """A plain frame, headers as they are."""
    st.dataframe(df, hide_index=True, width="stretch", height=height)


def _config(c: Column) -> Any:
    common: dict[str, Any] = {
        "width": c.width,
        "help": c.help,
        "pinned": c.pinned or None,
        "alignment": c.align,
    }
    if c.kind == "int":
        return st.column_config.NumberColumn(c.label, format="%d", **common)
    if c.kind == "number":
        return st.column_config.NumberColumn(c.label, format="%.1f", **common)
    if c.kind == "percent":
        return st.column_config.NumberColumn(c.label, format="%.1f%%", **common)
    return st.column_config.TextColumn(c.label, **common)


def column_config(t: Table) -> dict[str, Any]:
    """st.dataframe column_config for a Table: labels, formats, widths; hidden columns off."""
    return {c.key: (None if c.kind == "hidden" else _config(c)) for c in t.columns}


def draw_table(t: Table, height: int | Literal["auto"] = "auto", **select: Any) -> Any:
    """Draw a view's Table (numbers stay numbers, formatted by column kind). ``select`` passes
    on_select / selection_mode / key for a selectable table; returns st.dataframe's value."""
    return st.dataframe(
        t.frame[[c.key for c in t.columns]],
        hide_index=True,
        width="stretch",
        height=height,
        column_config=column_config(t),
        placeholder="—",
        **select,
    )


def choice_box(
    label: str,
    options: Mapping[Any, str],
    key: str,
    lang: str,
    on_change: Callable[[], None] | None = None,
) -> Any:
    """A selectbox whose labels follow the language. The chosen value lives in
    ``st.session_state[key]`` (pages, links and other widgets may set it); the widget itself has
    one key per language, because a selectbox whose option labels change keeps the option at
    the same position and would silently pick another value after a language switch."""
    values = list(options)
    if st.session_state.get(key) not in values and values:
        st.session_state[key] = values[0]
    widget = f"{key}_{lang}"
    st.session_state[widget] = st.session_state.get(key)

    def picked() -> None:
        st.session_state[key] = st.session_state[widget]
        if on_change is not None:
            on_change()

    st.selectbox(label, values, format_func=lambda v: options[v], key=widget, on_change=picked)
    return st.session_state.get(key)
