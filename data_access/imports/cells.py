"""Reading one cell as a person meant it, pure: headers matched by name in Chinese or English
(spaces, case and full-width/half-width ignored), full-width digits and numbers stored as text
read as numbers, dates in the ways Chinese offices write them, blanks as None.

A value that cannot be read raises ``CellError`` with a catalog key and its values; the engine
turns it into "第 N 行 列名：…" in the user's language.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

from data_access.imports.reader import BadCell

__all__ = [
    "CellError",
    "normalize_header",
    "clean_text",
    "is_blank",
    "to_number",
    "to_int",
    "to_year",
    "to_date",
    "to_bool",
    "refuse_bad",
    "strip_invisible",
    "MIN_YEAR",
    "MAX_YEAR",
]

MIN_YEAR, MAX_YEAR = 1949, 2100
# Zero-width characters, joiners, soft hyphen, bidirectional marks: never meant, never shown.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Non-breaking, ideographic and other wide spaces read as an ordinary space.
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}([, ]\d{3})+(\.\d*)?")
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_TRUE = {"是", "yes", "y", "true", "1", "√", "✓", "纳入"}
_FALSE = {"否", "no", "n", "false", "0", "×", "不纳入"}


class CellError(ValueError):
    """A cell that cannot be read: ``key`` names the catalog text, ``values`` fill it."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def refuse_bad(value: Any) -> None:
    """Raise for a cell the reader marked (an Excel error value, a formula without a value)."""
    if isinstance(value, BadCell):
        raise CellError(value.key, **dict(value.values))


def strip_invisible(text: str) -> str:
    """Text without invisible characters, its odd spaces as plain spaces, trimmed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def normalize_header(text: Any) -> str:
    """'单位 名称' / '单位名称（必填）'? no: only spaces, width and case are ignored."""
    s = unicodedata.normalize("NFKC", "" if text is None else str(text))
    s = _INVISIBLE.sub("", s)
    return re.sub(r"\s+", "", s).lower()


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if type(value) is str:
        if not value.strip():
            return True
        return not value.isascii() and not strip_invisible(value)
    return isinstance(value, float) and math.isnan(value)


def clean_text(value: Any, max_length: int) -> str | None:
    """Text as stored: trimmed, invisible characters and non-breaking spaces removed; HTML
    and formulas refused (they are never rendered, but a file carrying them is not what the
    office's template produces)."""
    refuse_bad(value)
    if is_blank(value):
        return None
    if isinstance(value, bool):
        value = "TRUE" if value else "FALSE"  # as Excel shows a logical cell
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    s = strip_invisible(str(value))
    if len(s) > max_length:
        raise CellError("imp_cell_too_long", limit=max_length, length=len(s))
    if s.startswith("="):
        raise CellError("imp_cell_formula")
    if _HTML.search(s):
        raise CellError("imp_cell_html")
    return s


def to_number(value: Any, minimum: float | None = 0.0) -> float | None:
    """A number: a numeric cell, or text such as '１２３', '1,234.5', ' 20 '; None if blank."""
    if type(value) is str and value.isascii() and value.isdigit():
        number = float(value)  # the common case of a CSV file, fast
    elif is_blank(value):
        return None
    elif isinstance(value, bool):  # a logical cell (TRUE/FALSE) is no count or score
        raise CellError("imp_cell_boolean", value="TRUE" if value else "FALSE")
    elif isinstance(value, BadCell):
        refuse_bad(value)
        return None
    elif isinstance(value, (int, float)):
        number = float(value)
    else:
        s = unicodedata.normalize("NFKC", strip_invisible(str(value)))
        # Thousands separators only in groups of three (1,234 or 1 234): "1,0", "1 0" and
        # "1_0" are not read as 10.
        if _GROUPED.fullmatch(s):
            s = s.replace(",", "").replace(" ", "")
        if not _PLAIN_NUMBER.fullmatch(s):
            raise CellError("imp_cell_not_number", value=strip_invisible(str(value)))
        number = float(s)
    if not math.isfinite(number):
        raise CellError("imp_cell_not_number", value=str(value))
    if minimum is not None and number < minimum:
        raise CellError("imp_cell_negative", value=_plain(number))
    return number


MAX_INT = 2_147_483_647  # the INTEGER columns of both engines


def to_int(value: Any, minimum: float | None = 0.0) -> int | None:
    if type(value) is str and value.isascii() and value.isdigit():
        whole = int(value)  # the common case of a CSV file, fast; the same checks as below
        if whole > MAX_INT:
            raise CellError("imp_cell_too_large", value=_plain(float(whole)), limit=f"{MAX_INT:,}")
        if minimum is not None and whole < minimum:
            raise CellError("imp_cell_negative", value=_plain(float(whole)))
        return whole
    number = to_number(value, minimum)
    if number is None:
        return None
    if not float(number).is_integer():
        raise CellError("imp_cell_not_integer", value=_plain(number))
    if abs(number) > MAX_INT:
        raise CellError("imp_cell_too_large", value=_plain(number), limit=f"{MAX_INT:,}")
    return int(number)


def to_year(value: Any) -> int | None:
    year = to_int(value, None)
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError("imp_cell_year", value=year, low=MIN_YEAR, high=MAX_YEAR)
    return year


def to_date(value: Any) -> dt.date | None:
    """A date cell, or text 2023-05-01, 2023/5/1, 2023.5.1, 2023年5月1日."""
    refuse_bad(value)
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = unicodedata.normalize("NFKC", strip_invisible(str(value)))
    match = _DATE.match(s)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise CellError("imp_cell_not_date", value=str(value).strip())


def to_bool(value: Any) -> bool | None:
    refuse_bad(value)
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    s = unicodedata.normalize("NFKC", strip_invisible(str(value))).lower()
    if isinstance(value, (int, float)) and float(value) in (0.0, 1.0):
        s = str(int(value))
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise CellError("imp_cell_not_bool", value=str(value).strip())


def _plain(number: float) -> str:
    return f"{number:g}"
