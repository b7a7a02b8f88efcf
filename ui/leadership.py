"""Drawing for the leadership pages (overview, ranking, methodology): tables under their
labels, filters bound to the URL, the composite chart's click and a row's click opening the
agency profile. Figures come from views.overview / views.ranking / views.methodology.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import pandas as pd
import streamlit as st

from ui.i18n import t
from ui.widgets import column_config
from views.common import Table
from views.leadership_charts import PICK
from views.ranking import Filter

__all__ = [
    "PROFILE_PAGE",
    "labelled_table",
    "url_multiselect",
    "url_filter",
    "open_profile",
    "pick_from_chart",
    "pick_from_table",
    "select_agency",
    "rows_height",
]

PROFILE_PAGE = "pages/profile.py"


def rows_height(n: int, cap: int, header: int = 38) -> int:
    """A table tall enough for ``n`` rows (35 px each), at most ``cap`` pixels."""
    return min(header + 35 * n, cap)


def _labelled(table: Table) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The frame with its visible columns under their labels (hidden ones keep their key,
    so a selection maps back), and the column_config keyed the same way."""
    shown = {c.key: (c.key if c.kind == "hidden" else c.label) for c in table.columns}
    frame = table.frame[list(shown)].rename(columns=shown)
    config = {shown[key]: value for key, value in column_config(table).items()}
    return frame, config


def labelled_table(table: Table, height: int | Literal["auto"] = "auto", **select: Any) -> Any:
    """Draw a view's Table with its labels as the frame's column names; ``select`` passes
    on_select / selection_mode / key / selection_default on; returns st.dataframe's value."""
    frame, config = _labelled(table)
    return st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=height,
        column_config=config,
        placeholder="—",
        **select,
    )


def url_multiselect(
    label: str, options: Sequence[str], param: str, key: str, format_func: Callable[[str], str]
) -> list[str]:
    """A multiselect whose stored values live in the query parameter ``param`` (repeated for
    several), so the view can be bookmarked; stored values, not labels, so a link works in
    either language. Unknown values in the URL are ignored."""
    if key not in st.session_state:
        st.session_state[key] = [v for v in st.query_params.get_all(param) if v in options]
    else:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    chosen: list[str] = st.multiselect(
        label, list(options), key=key, format_func=format_func, placeholder=t("rk_f_all")
    )
    if chosen:
        st.query_params[param] = chosen
    elif param in st.query_params:
        del st.query_params[param]
    return chosen


def url_filter(f: Filter) -> list[str]:
    """``url_multiselect`` for a views.ranking Filter."""
    return url_multiselect(f.label, f.options, f.param, f.key, f.label_of)


def open_profile(agency_id: Any) -> None:
    """Go to the agency profile page, which reads the ``agency`` query parameter."""
    st.switch_page(PROFILE_PAGE, query_params={"agency": str(int(agency_id))})


def pick_from_chart(spec: dict[str, Any], key: str) -> int | None:
    """Draw a chart spec whose bars select an ``agency_id`` (views.leadership_charts.PICK);
    the clicked agency, or None."""
    event = st.vega_lite_chart(spec, on_select="rerun", key=key, width="stretch")
    picked = event.selection.get(PICK) or []
    if picked and "agency_id" in picked[0]:
        return int(picked[0]["agency_id"])
    return None


def pick_from_table(table: Table, key: str, height: int) -> int | None:
    """Draw a Table with a hidden ``agency_id`` as single-row selectable; the selected
    row's agency, or None."""
    chosen = labelled_table(
        table, height=height, on_select="rerun", selection_mode="single-row", key=key
    )
    rows = chosen.selection.rows
    return int(table.frame["agency_id"].iloc[rows[0]]) if rows else None


def select_agency(
    table: Table, key: str, height: int, preselected: int | None, param: str = "agency"
) -> None:
    """Draw a selectable Table whose selected agency lives in the URL's ``param``: a row
    given there is pre-selected; selecting a row writes it and opens the profile,
    unselecting removes it."""
    open_key = f"{key}_open"

    def on_select() -> None:
        rows = st.session_state[key]["selection"]["rows"]
        st.session_state[open_key] = int(table.frame["agency_id"].iloc[rows[0]]) if rows else 0

    default = {"selection": {"rows": [preselected]}} if preselected is not None else None
    labelled_table(
        table,
        height=height,
        on_select=on_select,
        selection_mode="single-row",
        key=key,
        selection_default=default,
    )
    target = st.session_state.pop(open_key, None)  # set by a click, 0 when unselected
    if target:
        st.query_params[param] = str(target)
        open_profile(target)
    elif target == 0 and param in st.query_params:
        del st.query_params[param]
