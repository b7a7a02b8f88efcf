"""Turning an uploaded file into rows: .xlsx and .xls (read with calamine: cached values,
formulas never evaluated) and CSV (UTF-8 with or without BOM, or GB18030, which Chinese Excel
and WPS write). The format is told from the bytes, not the file name.

``read_sheets`` returns every sheet as rows of cells; the engine picks the sheet whose header
row matches the kind. Problems raise ``FileError`` with a catalog key.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from python_calamine import CalamineWorkbook

__all__ = ["FileError", "Sheet", "read_sheets", "MAX_FILE_BYTES", "MAX_ROWS", "MAX_COLUMNS"]

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
_ZIP, _CFB = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


class FileError(ValueError):
    """The file cannot be read as a table; ``key`` names the catalog text."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name and its rows (lists of cell values, '' or None for empty). Row i of
    ``rows`` is Excel row i + 1."""

    name: str
    rows: list[list[Any]]


def read_sheets(data: bytes, filename: str = "") -> list[Sheet]:
    """Every sheet of a workbook, or the one table of a CSV file."""
    if not data or not data.strip():
        raise FileError("imp_file_empty")
    if len(data) > MAX_FILE_BYTES:
        raise FileError("imp_file_too_big", limit=MAX_FILE_BYTES // (1024 * 1024))
    if data.startswith(_ZIP):
        return _workbook(data, macro=_is_macro_workbook(data))
    if data.startswith(_CFB):
        return _workbook(data, legacy=True)
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise FileError("imp_file_not_excel")
    return [_csv(data)]


def _is_macro_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            types = z.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError):
        raise FileError("imp_file_broken") from None
    return "macroEnabled" in types


def _workbook(data: bytes, *, macro: bool = False, legacy: bool = False) -> list[Sheet]:
    if macro:
        raise FileError("imp_file_macro")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            _check_size(rows)
            sheets.append(Sheet(name, [list(r) for r in rows]))
    except FileError:
        raise
    except Exception:  # noqa: BLE001 - calamine raises its own types for every kind of damage
        # An encrypted .xlsx is a compound file like an old .xls, which calamine then rejects.
        raise FileError("imp_file_encrypted" if legacy else "imp_file_broken") from None
    return sheets


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise FileError("imp_file_encoding") from None


def _csv(data: bytes) -> Sheet:
    text = _decode(data)
    if "\x00" in text:
        raise FileError("imp_file_not_table")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    _check_size(rows)
    return Sheet("CSV", rows)


def _check_size(rows: list[Any]) -> None:
    if len(rows) > MAX_ROWS + 1:
        raise FileError("imp_file_too_many_rows", limit=MAX_ROWS)
    if rows and max(len(r) for r in rows) > MAX_COLUMNS:
        raise FileError("imp_file_too_many_columns", limit=MAX_COLUMNS)
