"""Turning an uploaded file into rows: .xlsx and .xls (read with calamine: cached values,
formulas never evaluated) and CSV (UTF-8 with or without BOM, or GB18030, which Chinese Excel
and WPS write). The format is told from the bytes, not the file name.

Limits are checked before anything is parsed: the file's size, the unpacked size of a
workbook (a small .xlsx can inflate to gigabytes), the length of any text in it, then rows,
columns and characters per cell. Cells calamine would read as blank although they are not
(an Excel error value such as #DIV/0!, a formula saved without its value) are marked with a
``BadCell`` so the cell reader refuses them, naming the cell.

``read_sheets`` returns every sheet as rows of cells; the engine picks the sheet whose header
row matches the kind. Problems raise ``FileError`` with a catalog key.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook, PasswordError

from data_access.imports.biff import xls_error_cells

__all__ = [
    "column_letters",
    "FileError",
    "BadCell",
    "Sheet",
    "read_sheets",
    "MAX_FILE_BYTES",
    "MAX_UNPACKED_BYTES",
    "MAX_ROWS",
    "MAX_COLUMNS",
    "MAX_CELL_CHARS",
]

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a workbook's parts, unpacked
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 32_767  # Excel's own limit: no workbook Excel wrote holds more
# A text run in the XML longer than this many bytes holds more than MAX_CELL_CHARS
# characters whatever they are (UTF-8 takes at most 4 bytes a character): refused unread.
_MAX_TEXT_BYTES = 4 * MAX_CELL_CHARS
_ZIP, _CFB = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
_ENCRYPTED = ("EncryptedPackage".encode("utf-16-le"), b"EncryptedPackage")
_CHUNK = 1 << 20
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_ERROR_TYPE = re.compile(rb'\bt="e"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")


class FileError(ValueError):
    """The file cannot be read as a table; ``key`` names the catalog text."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class BadCell:
    """A cell that must not be read as blank: an Excel error value or a formula without a
    saved value. ``key`` and ``values`` are the catalog text the cell reader raises."""

    key: str
    values: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return dict(self.values).get("value", "")


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
        return _xlsx(data)
    if data.startswith(_CFB):
        return _legacy(data)
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise FileError(
            "imp_file_csv_named_excel" if _looks_like_csv(data) else "imp_file_not_excel"
        )
    return [_csv(data)]


# -- .xlsx -------------------------------------------------------------------------------------


def _xlsx(data: bytes) -> list[Sheet]:
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - (1 << 16) - 22))
    if end < 0 or end + 22 > len(data):
        raise FileError("imp_file_truncated")  # no (whole) end of the zip directory: cut short
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            bad = _inspect(z)
    except zipfile.BadZipFile:
        raise FileError("imp_file_broken") from None
    return _workbook(data, bad)


def _inspect(z: zipfile.ZipFile) -> dict[str, dict[tuple[int, int], BadCell]]:
    """Check a workbook's parts before calamine reads them; the cells to refuse, by sheet."""
    try:
        types = z.read("[Content_Types].xml").decode("utf-8", "replace")
    except KeyError:
        raise FileError("imp_file_broken") from None
    if "macroEnabled" in types:
        raise FileError("imp_file_macro")
    if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED_BYTES:
        raise FileError("imp_file_too_big_unpacked", limit=MAX_UNPACKED_BYTES // (1024 * 1024))
    sheets = _sheet_parts(z)
    bad: dict[str, dict[tuple[int, int], BadCell]] = {}
    unpacked = 0
    for info in z.infolist():
        name = info.filename
        if not name.endswith(".xml") or not name.startswith("xl/"):
            continue
        needs_cells = False
        tail = b""
        run = 0
        with z.open(info) as part:
            while chunk := part.read(_CHUNK):
                unpacked += len(chunk)
                if unpacked > MAX_UNPACKED_BYTES:  # a part larger than it says it is
                    raise FileError(
                        "imp_file_too_big_unpacked", limit=MAX_UNPACKED_BYTES // (1024 * 1024)
                    )
                run = _longest_text(chunk, run)
                probe = tail + chunk
                if name in sheets and (b"<f" in probe or b't="e"' in probe):
                    needs_cells = True
                tail = chunk[-8:]
        if needs_cells:
            cells = _bad_cells(z.read(info))
            if cells:
                bad[sheets[name]] = cells
    return bad


def _longest_text(chunk: bytes, run: int) -> int:
    """Carry the length of the text run (bytes since the last '<') across a chunk; refuse a
    run longer than any cell may hold."""
    first = chunk.find(b"<")
    if first < 0:
        run += len(chunk)
    else:
        if run + first > _MAX_TEXT_BYTES or max(map(len, chunk.split(b"<"))) > _MAX_TEXT_BYTES:
            raise FileError("imp_file_cell_too_long", limit=MAX_CELL_CHARS)
        run = len(chunk) - chunk.rfind(b"<") - 1
    if run > _MAX_TEXT_BYTES:
        raise FileError("imp_file_cell_too_long", limit=MAX_CELL_CHARS)
    return run


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name, from the workbook and its relationships."""
    try:
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for el in book.iter():
        if el.tag.endswith("}sheet") and el.get("name"):
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "")
            if target:
                path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                out[posixpath.normpath(path)] = str(el.get("name"))
    return out


def _bad_cells(xml: bytes) -> dict[tuple[int, int], BadCell]:
    """(row, column), 0-based → the cell's problem: an error value, or a formula whose value
    was never saved (a file written by a program, not by Excel)."""
    out: dict[tuple[int, int], BadCell] = {}
    for match in _CELL.finditer(xml):
        attrs, body = match.group(1), match.group(2) or b""
        ref = _REF.search(attrs)
        if ref is None:
            continue
        where = (int(ref.group(2)) - 1, _column(ref.group(1).decode()))
        if _ERROR_TYPE.search(attrs):
            value = _VALUE.search(body)
            text = value.group(1).decode("utf-8", "replace") if value else "#VALUE!"
            out[where] = BadCell("imp_cell_excel_error", (("value", text),))
        elif b"<f" in body and not _VALUE.search(body):
            out[where] = BadCell("imp_cell_formula_no_value")
    return out


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def column_letters(i: int) -> str:
    """The Excel letters of a 0-based column index (0 → A, 26 → AA)."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _workbook(data: bytes, bad: dict[str, dict[tuple[int, int], BadCell]]) -> list[Sheet]:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name in book.sheet_names:
            rows: list[list[Any]] = [
                list(r) for r in book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            ]
            _check_size(rows)
            for (r, c), cell in bad.get(name, {}).items():
                if r < len(rows):
                    rows[r].extend([""] * (c + 1 - len(rows[r])))
                    rows[r][c] = cell
            sheets.append(Sheet(name, rows))
    except FileError:
        raise
    except Exception:  # noqa: BLE001 - calamine raises its own types for every kind of damage
        raise FileError("imp_file_broken") from None
    return sheets


# -- .xls and encrypted workbooks (OLE compound files) -----------------------------------------


def _legacy(data: bytes) -> list[Sheet]:
    # A password-protected .xlsx is a compound file holding an EncryptedPackage stream.
    if any(mark in data for mark in _ENCRYPTED):
        raise FileError("imp_file_encrypted")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        errors = xls_error_cells(data)
        sheets = []
        for name in book.sheet_names:
            rows: list[list[Any]] = [
                list(r) for r in book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            ]
            _check_size(rows)
            for (r, c), value in errors.get(name, {}).items():  # read as '' by calamine
                if r < len(rows):
                    rows[r].extend([""] * (c + 1 - len(rows[r])))
                    rows[r][c] = BadCell("imp_cell_excel_error", (("value", value),))
            sheets.append(Sheet(name, rows))
    except FileError:
        raise
    except PasswordError:
        raise FileError("imp_file_encrypted") from None
    except Exception:  # noqa: BLE001 - a damaged or unsupported .xls
        raise FileError("imp_file_xls_broken") from None
    return sheets


# -- CSV ---------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError:
            raise FileError("imp_file_encoding") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise FileError("imp_file_encoding") from None


def _looks_like_csv(data: bytes) -> bool:
    """Text whose first line has a separator: a CSV file given an Excel name."""
    try:
        text = _decode(data[:4096])
    except FileError:
        return False
    first = text.splitlines()[0] if text.strip() else ""
    control = any(ord(ch) < 9 for ch in text)
    return not control and any(sep in first for sep in ",\t;")


def _csv(data: bytes) -> Sheet:
    text = _decode(data)
    if "\x00" in text:
        raise FileError("imp_file_not_table")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        rows = [list(r) for r in reader]
    except csv.Error:  # a field over the csv module's own limit (131 072 characters)
        raise FileError("imp_file_cell_too_long", limit=MAX_CELL_CHARS) from None
    _check_size(rows)
    return Sheet("CSV", rows)


def _check_size(rows: list[list[Any]]) -> None:
    if len(rows) > MAX_ROWS + 1:
        raise FileError("imp_file_too_many_rows", limit=MAX_ROWS)
    if rows and max(len(r) for r in rows) > MAX_COLUMNS:
        raise FileError("imp_file_too_many_columns", limit=MAX_COLUMNS)
    for r, row in enumerate(rows):
        try:  # a row of text only (every CSV row): its longest cell measured in one pass
            if max(map(len, row), default=0) <= MAX_CELL_CHARS:
                continue
        except TypeError:  # numbers or dates among the cells: looked at one by one
            pass
        for c, value in enumerate(row):
            if type(value) is str and len(value) > MAX_CELL_CHARS:
                raise FileError(
                    "imp_file_cell_too_long_at",
                    cell=f"{column_letters(c)}{r + 1}",
                    length=len(value),
                    limit=MAX_CELL_CHARS,
                )
