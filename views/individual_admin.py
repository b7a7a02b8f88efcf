"""个性指标 Individual indicators (administrators, on 指标体系) as view models: the round's
individual indicators as the ``individual`` import kind reads them, by agency type; an edited
type put back into the round's whole set as an ``individual`` file; that file checked exactly
as the kind checks an upload (a dry-run import); and each error of the check placed under the
field it is about (the file's row → the indicator, the column → the field).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from data_access.imports import KINDS, ImportResult, build_template, run_import
from data_access.reader import Reader
from domain.catalog import translate

__all__ = [
    "KIND",
    "INDIVIDUAL_FILE",
    "FIELDS",
    "IndividualSet",
    "Placed",
    "individual_set",
    "with_edits",
    "individual_file",
    "check_individual",
    "place_errors",
]

KIND = KINDS["individual"]
INDIVIDUAL_FILE = "individual-indicators.csv"
#: What the editor changes of an indicator (agency type and code identify it).
FIELDS = ("name", "name_en", "weight", "eval_point", "eval_point_en")
_KEYS = tuple(c.key for c in KIND.columns)


@dataclass(frozen=True)
class IndividualSet:
    """The round's individual indicators (each a dict of the kind's column keys), in the order
    stored, and their agency types in that order."""

    rows: tuple[dict[str, Any], ...]

    @property
    def types(self) -> list[str]:
        return list(dict.fromkeys(str(r["agency_type"]) for r in self.rows))

    def of_type(self, agency_type: str) -> list[tuple[int, dict[str, Any]]]:
        """(position in the whole set, row) of one type's indicators."""
        return [(i, r) for i, r in enumerate(self.rows) if r["agency_type"] == agency_type]


@dataclass(frozen=True)
class Placed:
    """The errors of a check: under a field (position in the set, column key), under an
    indicator (position, None), and about the whole set."""

    fields: dict[tuple[int, str | None], list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def individual_set(reader: Reader, year: int, lang: str) -> IndividualSet:
    """The round's individual indicators as the kind's template holds them."""
    data = reader(build_template, KIND, lang, year)
    frame = pd.read_excel(io.BytesIO(data), dtype=object)
    keys = {c.header(lang): c.key for c in KIND.columns}
    rows = tuple(
        {keys[h]: _cell(v) for h, v in r.items() if h in keys} for r in frame.to_dict("records")
    )
    return IndividualSet(tuple(r for r in rows if r.get("code")))


def with_edits(whole: IndividualSet, edits: dict[int, dict[str, Any]]) -> IndividualSet:
    """The set with the edited fields of some indicators (position → field → value)."""
    return IndividualSet(
        tuple(
            {**r, **{k: v for k, v in edits.get(i, {}).items() if k in FIELDS}}
            for i, r in enumerate(whole.rows)
        )
    )


def individual_file(whole: IndividualSet, lang: str) -> bytes:
    """The set as an ``individual`` file (CSV, UTF-8 with BOM): header row 1, the indicator
    at position i in row i + 2."""
    headers = [c.header(lang) for c in KIND.columns]
    frame = pd.DataFrame(
        [[("" if r.get(k) is None else r.get(k)) for k in _KEYS] for r in whole.rows],
        columns=headers,
    )
    return frame.to_csv(index=False).encode("utf-8-sig")


def check_individual(reader: Reader, year: int, whole: IndividualSet, lang: str) -> ImportResult:
    """The set checked as the importer checks a file: nothing written."""
    return reader(
        run_import,
        KIND,
        individual_file(whole, lang),
        INDIVIDUAL_FILE,
        round_year=year,
        lang=lang,
        dry_run=True,
    )


def place_errors(errors: Sequence[str], n_rows: int, lang: str) -> Placed:
    """Each error message of the importer under the field it names. The importer names a
    cell as 第 N 行 “列”：… and a row as 第 N 行：… (``imp_row_cell`` / ``imp_row`` /
    ``imp_row_required``); the set's indicator at position i is row i + 2."""
    placed = Placed()
    for error in errors:
        spot = _spot(error, n_rows, lang)
        if spot is None:
            placed.general.append(error)
        else:
            placed.fields.setdefault(spot[:2], []).append(spot[2])
    return placed


def _spot(error: str, n_rows: int, lang: str) -> tuple[int, str | None, str] | None:
    for i in range(n_rows):
        row = i + 2
        for column in KIND.columns:
            header = column.header(lang)
            if error == translate("imp_row_required", lang, row=row, column=header):
                return i, column.key, error
            prefix = translate("imp_row_cell", lang, row=row, column=header, message="")
            if error.startswith(prefix):
                return i, column.key, error[len(prefix) :]
        prefix = translate("imp_row", lang, row=row, message="")
        if error.startswith(prefix):
            return i, None, error[len(prefix) :]
    return None
