"""The product's own export controls, one call per table or chart, labelled in the session's
language:

- ``export_table(table, "ranking-2024", title=…, filters=[(label, values), …])`` draws
  「下载 CSV」「下载 Excel」 under a table: CSV is UTF-8 with BOM with a leading ``#`` line,
  XLSX has the header block (title, round, filters, as-of time, user) and numbers as numbers.
  ``table`` is a view model's ``Table`` (its visible columns under their labels) or a plain
  DataFrame; ``sheets`` adds further tables to the workbook.
- ``export_chart(chart, "composite-2024", title=…)`` draws 「下载图片」 for a chart: a
  ``views.profile_charts.Chart`` or a Vega-Lite dict, rendered to PNG (Chinese text) only
  when the button is pressed.

The round and the user come from the session (the frame put them there), the as-of time is
the render's (Beijing time). Files are built by ``reports.table_export`` /
``reports.chart_export`` when a button is pressed (deferred data), never on a rerun; every
value they need is bound now, since the callable runs outside the script.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from data_access.scope import RoundRef
from reports.chart_export import PNG_MIME, chart_png
from reports.table_export import XLSX_MIME, ExportHeader, csv_bytes, file_stem, xlsx_bytes
from ui.i18n import current_lang, t
from views.common import Table
from views.profile_charts import Chart

__all__ = ["export_header", "export_table", "export_chart", "filter_pairs"]

_BEIJING = dt.timezone(dt.timedelta(hours=8))

FilterSpec = Sequence[tuple[str, str | Sequence[str]]]


def filter_pairs(filters: FilterSpec, lang: str) -> tuple[tuple[str, str], ...]:
    """(label, value or values) → (label, text), leaving out filters with nothing chosen."""
    sep = "、" if lang == "zh" else ", "
    out = []
    for label, value in filters:
        text = value if isinstance(value, str) else sep.join(str(v) for v in value)
        if text:
            out.append((label, text))
    return tuple(out)


def export_header(title: str, filters: FilterSpec = ()) -> ExportHeader:
    """The header of a file exported now by this session: round, user, Beijing time."""
    lang = current_lang()
    rnd = st.session_state.get("round")
    user = st.session_state.get("user")
    who = f"{user.name}（{user.username}）" if user is not None else ""
    return ExportHeader(
        title=title,
        lang=lang,
        round=rnd.title(lang) if isinstance(rnd, RoundRef) else "",
        filters=filter_pairs(filters, lang),
        as_of=dt.datetime.now(_BEIJING).strftime("%Y-%m-%d %H:%M")
        + (" 北京时间" if lang == "zh" else " Beijing time"),
        user=who,
    )


def export_table(
    table: Table | pd.DataFrame,
    name: str,
    *,
    title: str | None = None,
    filters: FilterSpec = (),
    sheets: Mapping[str, Table | pd.DataFrame] | None = None,
    key: str | None = None,
    comment: bool = True,
) -> None:
    """CSV and Excel buttons for ``table`` (file ``name``.csv / .xlsx). ``title`` heads the
    file (default: ``name``); ``filters`` are (label, chosen values) as shown on the page;
    ``sheets`` are further tables for the workbook; ``key`` tells two controls of one page
    apart when they share a ``name``; ``comment=False`` leaves the CSV's '#' line out."""
    stem = file_stem(name)
    header = export_header(title or name, filters)
    workbook = {title or t("exp_sheet"): table, **(sheets or {})}
    base = f"exp_{key or stem}"
    with st.container(horizontal=True, gap="small", key=f"{base}_box"):
        st.download_button(
            t("exp_csv"),
            partial(csv_bytes, table, header if comment else None),
            file_name=f"{stem}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            help=t("exp_csv_help"),
            key=f"{base}_csv",
            type="tertiary",
        )
        st.download_button(
            t("exp_xlsx"),
            partial(xlsx_bytes, workbook, header),
            file_name=f"{stem}.xlsx",
            mime=XLSX_MIME,
            on_click="ignore",
            icon=":material/table:",
            help=t("exp_xlsx_help"),
            key=f"{base}_xlsx",
            type="tertiary",
        )


def _png(chart: Chart | Mapping[str, Any]) -> bytes:
    spec = chart.spec() if isinstance(chart, Chart) else chart
    return chart_png(spec)


def export_chart(chart: Chart | Mapping[str, Any], name: str, *, key: str | None = None) -> None:
    """A PNG button for ``chart`` (file ``name``.png), drawn only when pressed."""
    stem = file_stem(name)
    st.download_button(
        t("exp_png"),
        partial(_png, chart),
        file_name=f"{stem}.png",
        mime=PNG_MIME,
        on_click="ignore",
        icon=":material/image:",
        help=t("exp_png_help"),
        key=f"exp_{key or stem}_png",
        type="tertiary",
    )
