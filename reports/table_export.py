"""Every table of every page as a file, pure: CSV (UTF-8 with BOM, so Excel in China reads
it, with an optional leading ``#`` line naming what was exported) and XLSX (a header block —
title, round, filters, as-of time, user — then the table; numbers stay numbers, widths fit
the text, CJK counted double). ``ui.exports`` draws the buttons; the builders run when a
button is pressed.

Input: a view model's ``Table`` (visible columns under their labels, kinds give the number
formats) or a plain DataFrame (headers as they are).
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from domain.catalog import translate
from domain.fmt import is_missing
from views.common import ColumnKind, Table

__all__ = [
    "XLSX_MIME",
    "ExportHeader",
    "export_frame",
    "csv_bytes",
    "xlsx_bytes",
    "file_stem",
    "text_width",
]

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
_BAD_FILE = re.compile(r'[\\/:*?"<>|\s]+')
_MAX_WIDTH = 60


@dataclass(frozen=True)
class ExportHeader:
    """What a file says about itself: the table's title, the round, the filters in force
    (label, chosen values as shown), the as-of time (as text) and who exported it."""

    title: str
    lang: str = "zh"
    round: str = ""
    filters: tuple[tuple[str, str], ...] = ()
    as_of: str = ""
    user: str = ""

    def lines(self) -> list[str]:
        """The header block under the title, one 'label：value' per line."""
        sep = "：" if self.lang == "zh" else ": "
        filters = ("；" if self.lang == "zh" else "; ").join(
            f"{label}{sep}{value}" for label, value in self.filters
        ) or translate("exp_no_filters", self.lang)
        pairs = [
            ("exp_round", self.round),
            ("exp_filters", filters),
            ("exp_as_of", self.as_of),
            ("exp_user", self.user),
        ]
        return [f"{translate(key, self.lang)}{sep}{value}" for key, value in pairs if value]

    def comment(self) -> str:
        """The CSV's leading comment line: '# title · round · filters · as-of · user'."""
        return "# " + " · ".join([self.title, *self.lines()])


def export_frame(data: Table | pd.DataFrame) -> tuple[pd.DataFrame, list[ColumnKind | None]]:
    """The visible columns under their labels and each column's kind (None for a plain
    frame's column: numbers stay numbers, text as it is)."""
    if isinstance(data, Table):
        cols = data.visible()
        frame = data.frame[[c.key for c in cols]].copy()
        frame.columns = pd.Index([c.label for c in cols])
        kinds: list[ColumnKind | None] = [c.kind for c in cols]
        for i, kind in enumerate(kinds):
            if kind in ("int", "number", "percent"):
                frame.iloc[:, i] = pd.to_numeric(frame.iloc[:, i], errors="coerce")
        return frame.reset_index(drop=True), kinds
    return data.reset_index(drop=True), [None] * len(data.columns)


def _safe_text(value: str) -> str:
    """A text cell that Excel would read as a formula is kept as text (OWASP: CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) and not _is_number(value) else value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_bytes(data: Table | pd.DataFrame, header: ExportHeader | None = None) -> bytes:
    """The table as CSV, UTF-8 with BOM; with ``header``, a first line '# …' naming the
    title, round, filters, as-of time and user. Missing values are empty; numbers are
    written as numbers (full value as held by the view)."""
    frame, kinds = export_frame(data)
    out = frame.copy()
    for i, kind in enumerate(kinds):
        column = out.iloc[:, i]
        if kind in ("int", "number", "percent") or pd.api.types.is_numeric_dtype(column):
            if kind == "int":
                out.iloc[:, i] = column.astype("Int64")
            continue
        out.isetitem(i, column.map(lambda v: "" if is_missing(v) else _safe_text(str(v))))
    buf = io.StringIO()
    if header is not None:
        buf.write(header.comment().replace("\n", " ") + "\n")
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8-sig")


def text_width(value: Any) -> int:
    """Display width in Excel character units: East Asian wide characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in str(value))


def _number_format(kind: ColumnKind | None, value: float) -> str:
    if kind == "int":
        return "#,##0"
    if kind == "percent":
        return '0.0"%"'
    if kind == "number":
        # Two decimals where the view kept two (a tie told apart), else one.
        return "#,##0.00" if round(value, 1) != round(value, 2) else "#,##0.0"
    return "General"


def _cell_value(value: Any, kind: ColumnKind | None) -> Any:
    if is_missing(value):
        return None
    if kind in ("int", "number", "percent"):
        number = float(value)
        return None if math.isinf(number) else (int(number) if kind == "int" else number)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return value.item()
    return str(value)


def _sheet_name(name: str, taken: set[str]) -> str:
    base = _BAD_SHEET.sub(" ", name).strip()[:31] or "Sheet"
    out, n = base, 2
    while out in taken:
        suffix = f" ({n})"
        out, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(out)
    return out


def xlsx_bytes(sheets: Mapping[str, Table | pd.DataFrame], header: ExportHeader) -> bytes:
    """An .xlsx with one sheet per table: the header block (title in bold, then round,
    filters, as-of time, user, one line each), a blank row, the table with a bold header
    row, frozen below it and filterable; numbers as numbers, widths from the text."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EDEAE4")
    rule = Border(bottom=Side(style="thin", color="999999"))
    for name, data in sheets.items():
        ws = book.create_sheet(_sheet_name(name, taken))
        frame, kinds = export_frame(data)
        ws.cell(row=1, column=1, value=header.title).font = Font(bold=True, size=14)
        lines = header.lines()
        for i, line in enumerate(lines, start=2):
            ws.cell(row=i, column=1, value=line).data_type = "s"
        top = len(lines) + 3  # the table's header row, after one blank row
        widths = [text_width(label) for label in frame.columns]
        for j, label in enumerate(frame.columns, start=1):
            cell = ws.cell(row=top, column=j, value=str(label))
            cell.font, cell.fill, cell.border = bold, fill, rule
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i, row in enumerate(frame.itertuples(index=False), start=top + 1):
            for j, (value, kind) in enumerate(zip(row, kinds, strict=True), start=1):
                v = _cell_value(value, kind)
                cell = ws.cell(row=i, column=j, value=v)
                if isinstance(v, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                    widths[j - 1] = max(widths[j - 1], text_width(v))
                elif isinstance(v, int | float) and not isinstance(v, bool):
                    cell.number_format = _number_format(kind, float(v))
                    widths[j - 1] = max(widths[j - 1], len(f"{v:,.2f}"))
        for j, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 6), _MAX_WIDTH)
        if len(frame.columns):
            ws.freeze_panes = ws.cell(row=top + 1, column=1)
            last = get_column_letter(len(frame.columns))
            ws.auto_filter.ref = f"A{top}:{last}{top + max(len(frame), 1)}"
    if not taken:
        book.create_sheet("Sheet")
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def file_stem(name: str) -> str:
    """A file name stem without path separators or spaces (Chinese kept)."""
    return _BAD_FILE.sub("-", name).strip("-.") or "export"
