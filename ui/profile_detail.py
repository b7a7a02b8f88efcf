"""Drawing pieces shared by the agency profile and the indicator breakdown: charts of
``views.profile_charts`` (spec cached), view-model tables as formatted text (half-up, as
everywhere in the dashboard), static tables whose cells are escaped, and one node's detail."""

from __future__ import annotations

import re
from typing import Any, Literal

import pandas as pd
import streamlit as st
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

from domain.fmt import fmt_num, is_missing
from views.common import Column, Table
from views.profile_charts import Chart
from views.profile_detail import NodeDetail

__all__ = [
    "show",
    "text_frame",
    "draw_text_table",
    "static_table",
    "draw_node_detail",
]


@st.cache_data(max_entries=512, show_spinner=False)
def _chart_spec(_chart: Chart, builder: str, args: tuple[Any, ...]) -> dict[str, Any]:
    """The finished spec, cached by the builder's name and its inputs, its datasets already
    in the Arrow bytes Streamlit sends (it converts a list of records on every draw: most of
    a warm profile's drawing time; bytes it passes on as they are)."""
    spec = _chart.spec()
    datasets = spec.get("datasets")
    if isinstance(datasets, dict):
        spec["datasets"] = {
            name: convert_anything_to_arrow_bytes(values) if isinstance(values, list) else values
            for name, values in datasets.items()
        }
    return spec


def _cached_spec(chart: Chart) -> dict[str, Any]:
    return _chart_spec(chart, chart.key, chart.args)


def show(chart: Chart, where: Any = st, **select: Any) -> Any:
    """Draw a view model's chart. Building Altair objects took most of each rerun, so the
    finished spec is cached by its inputs (the data itself: changed data makes a new entry),
    and kept on the chart: a chart the view model keeps per round version (the profile's)
    is not even hashed again. ``select`` passes on_select / selection_mode / key for a chart
    with a selection."""
    spec = chart.spec_kept(_cached_spec)
    return where.vega_lite_chart(spec=dict(spec), width="stretch", **select)


def _cell(value: Any, column: Column) -> str:
    if is_missing(value):
        return "—"
    if column.kind == "number":
        return fmt_num(value)
    if column.kind == "int":
        return fmt_num(value, 0)
    if column.kind == "percent":  # the frame holds 0–100
        return fmt_num(value) + "%"
    return str(value)


def text_frame(table: Table) -> pd.DataFrame:
    """The visible columns under their labels, every value as the text shown (numbers rounded
    half-up by domain.fmt, which Streamlit's number formats do not do)."""
    cols = table.visible()
    return pd.DataFrame(
        {c.label: [_cell(v, c) for v in table.frame[c.key]] for c in cols},
        index=range(len(table.frame)),
    )


def draw_text_table(table: Table, height: int | Literal["auto"] = "auto", **select: Any) -> Any:
    """A view model's table as formatted text in st.dataframe (``select``: row selection)."""
    config = {
        c.label: st.column_config.TextColumn(width=c.width)
        for c in table.visible()
        if c.width is not None
    }
    return st.dataframe(
        text_frame(table),
        hide_index=True,
        width="stretch",
        height=height,
        column_config=config or None,
        **select,
    )


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")
# A web address as Markdown autolinks it; a closing bracket or punctuation ends it.
_URL = re.compile(r"https?://[^\s<>\[\]()`*|~]+(?<![.,;:!?'\"])")


def static_table(table: Table) -> None:
    """A static table whose long texts wrap instead of being cut off. st.table reads cells as
    Markdown, so every text is escaped first: data is shown literally, never interpreted."""
    st.table(text_frame(table).map(lambda v: md_escape(str(v))), hide_index=True)


def draw_node_detail(d: NodeDetail) -> None:
    """The inputs behind one node, top to bottom as the view model orders them."""
    if d.node is None:
        st.info(d.title)
        return
    st.markdown(f"**{md_escape(d.title)}**")
    for text in d.before:
        st.caption(md_escape(text))
    if d.missing:
        st.info(d.missing)
    if d.table is not None:
        if d.static:
            static_table(d.table)
        else:
            draw_text_table(d.table)
    for text in d.after:
        st.caption(text)
    if d.warning:
        st.warning(d.warning)
    if d.peers is not None:
        with st.expander(d.peers_title or ""):
            draw_text_table(d.peers)


def md_escape(text: str) -> str:
    """Text holding stored names or notes, for an element that reads Markdown: shown
    literally. A web address is left whole: Markdown turns it into a link by itself, and an
    escape inside it would be shown as a backslash (http://127\\.0\\.0\\.1)."""
    out, start = [], 0
    for url in _URL.finditer(text):
        out.append(_MD_SPECIAL.sub(r"\\\1", text[start : url.start()]))
        out.append(url.group(0))
        start = url.end()
    out.append(_MD_SPECIAL.sub(r"\\\1", text[start:]))
    return "".join(out)
