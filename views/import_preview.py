"""The preview of an import as a view model (pure): what a dry run of
``data_access.imports.run_import`` found, in one language — counts of new / changed /
unchanged (and removed) rows, the new rows as the template's columns, each changed field
before → after, every error. Records hold ids (agency_id, city_id …); they are shown by name through ``IdNames``
(views.data_import.lookup_names reads them).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from data_access.imports import ImportResult, Kind, RowChange
from data_access.imports.kind import Key
from domain.catalog import translate
from domain.fmt import MISSING
from views.common import Column, Kpi, Table

__all__ = ["PREVIEW_ROWS", "IdNames", "Preview", "build_preview"]

PREVIEW_ROWS = 500  # rows listed in each preview table; the rest are counted
# A record field ``X_id`` is named through the lookup ``X``; these fields use another.
_LOOKUP_OF = {"parent": "agency"}

#: lookup name ("agency", "city", …) → stored id → its name
IdNames = Mapping[str, Mapping[Any, str]]


@dataclass(frozen=True)
class Preview:
    """What a file would do: counts, the new rows, each changed field before → after, and
    every error (``errors`` lists the first ``MAX_ERRORS``; ``more_errors`` counts the rest).
    ``refused`` is a whole-import refusal (no such round, a completed round)."""

    kind: str
    filename: str
    sha256: str
    round_year: int | None
    heading: str
    kpis: tuple[Kpi, ...] = ()
    errors: tuple[str, ...] = ()
    error_count: int = 0
    more_errors: str | None = None
    refused: str | None = None
    new_rows: Table = field(default_factory=lambda: Table(pd.DataFrame()))
    new_note: str | None = None
    changed_rows: Table = field(default_factory=lambda: Table(pd.DataFrame()))
    changed_note: str | None = None
    removed_rows: Table = field(default_factory=lambda: Table(pd.DataFrame()))
    removed_note: str | None = None
    changes: int = 0  # rows that would be written (new + changed + removed)
    message: str = ""  # the line under the counts: ready, nothing to do, or the errors

    @property
    def ok(self) -> bool:
        return self.refused is None and self.error_count == 0


def _show(value: Any, lang: str) -> str:
    """A stored value as the preview shows it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if isinstance(value, bool):
        return translate("imp_tpl_yes" if value else "imp_tpl_no", lang)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.10g}"
    return str(value)


class _Labeller:
    """Names the fields and values of one kind's records in one language."""

    def __init__(self, kind: Kind, names: IdNames, lang: str) -> None:
        self.kind, self.names, self.lang = kind, names, lang
        self.headers: dict[str, str] = {}
        for c in kind.columns:
            self.headers[c.key] = c.header(lang)
            self.headers.setdefault(f"{c.key}_id", c.header(lang))

    def field(self, name: str) -> str:
        return self.headers.get(name, name)

    def value(self, name: str, value: Any) -> str:
        if name.endswith("_id") and value is not None:
            base = name.removesuffix("_id")
            lookup = self.names.get(base) or self.names.get(_LOOKUP_OF.get(base, ""), {})
            if value in lookup:
                return lookup[value]
        return _show(value, self.lang)

    def cell(self, column_key: str, record: Mapping[str, Any]) -> str:
        """The value a record gives the template column ``column_key``."""
        for name in (column_key, f"{column_key}_id"):
            if name in record:
                return self.value(name, record[name])
        return MISSING

    def record(self, key: Key, record: Mapping[str, Any]) -> str:
        """The row's natural key, named: '市科学技术局 · 2024'. For a kind without
        ``key_fields`` each key value is named by the first column whose field holds it."""
        fields: Sequence[str] = getattr(self.kind, "key_fields", ())
        if len(fields) != len(key):
            fields = self._key_fields(key, record)
        return " · ".join(self.value(f, v) for f, v in zip(fields, key, strict=True))

    def _key_fields(self, key: Key, record: Mapping[str, Any]) -> list[str]:
        names = [n for c in self.kind.columns for n in (c.key, f"{c.key}_id") if n in record]
        out: list[str] = []
        for value in key:
            hit = next((n for n in names if n not in out and record[n] == value), "")
            out.append(hit)
        return out


def _same(a: Any, b: Any) -> bool:
    """The engine's notion of equal: numbers compare as numbers (3 == 3.0)."""
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return a is b or a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return bool(a == b)


def _rows_table(
    records: Sequence[tuple[int | None, Mapping[str, Any]]], label: _Labeller, lang: str
) -> Table:
    """Records under the template's columns, each after its Excel row (None: not in the
    file, a removed row; then the row column is left out)."""
    columns = [Column("row", translate("dip_col_row", lang), "int", width="small", pinned=True)]
    if records and records[0][0] is None:
        columns = []
    # The row and the first column (agency, city, code …) stay in view when the table scrolls.
    columns += [
        Column(f"c{i}", c.header(lang), pinned=i == 0) for i, c in enumerate(label.kind.columns)
    ]
    rows = [
        {"row": row, **{f"c{i}": label.cell(c.key, r) for i, c in enumerate(label.kind.columns)}}
        for row, r in records
    ]
    return Table(pd.DataFrame(rows, columns=[c.key for c in columns]), tuple(columns))


def _changed_table(changes: Sequence[RowChange], label: _Labeller, lang: str) -> Table:
    columns = (
        Column("row", translate("dip_col_row", lang), "int", width="small"),
        Column("record", translate("dip_col_record", lang)),
        Column("field", translate("dip_col_field", lang)),
        Column("change", translate("dip_col_change", lang)),
    )
    rows = []
    for ch in changes:
        before = ch.before or {}
        for name, after in ch.after.items():
            if _same(before.get(name), after):
                continue
            old, new = label.value(name, before.get(name)), label.value(name, after)
            rows.append(
                {
                    "row": ch.row,
                    "record": label.record(ch.key, ch.after),
                    "field": label.field(name),
                    "change": f"{old} → {new}",
                }
            )
    return Table(pd.DataFrame(rows, columns=[c.key for c in columns]), columns)


def _note(total: int, lang: str) -> str | None:
    if total <= PREVIEW_ROWS:
        return None
    return translate("dip_rows_shown", lang, shown=PREVIEW_ROWS, total=total)


def build_preview(
    result: ImportResult, kind: Kind, names: IdNames, lang: str, round_year: int | None = None
) -> Preview:
    """The preview of a dry run's result (pure)."""
    label = _Labeller(kind, names, lang)
    kpis: tuple[Kpi, ...] = (
        Kpi(translate("imp_col_new", lang), len(result.new)),
        Kpi(translate("imp_col_changed", lang), len(result.changed)),
        Kpi(translate("imp_col_unchanged", lang), result.unchanged),
    )
    if result.removed:  # a file that is the whole set (an indicator tree) removes rows
        kpis += (Kpi(translate("dip_col_removed", lang), len(result.removed)),)
    more = result.error_count - len(result.errors)
    changes = len(result.new) + len(result.changed) + len(result.removed)
    if result.error_count:
        message = translate("dip_errors", lang, n=result.error_count)
    elif changes:
        message = translate("dip_ready", lang, summary=result.summary(lang))
    else:
        message = translate("imp_nothing_changed", lang)
    return Preview(
        kind=kind.name,
        filename=result.filename,
        sha256=result.sha256,
        round_year=round_year,
        heading=translate("dip_preview", lang, file=result.filename),
        kpis=kpis,
        errors=tuple(result.errors),
        error_count=result.error_count,
        more_errors=translate("imp_errors_more", lang, n=more) if more > 0 else None,
        new_rows=_rows_table([(c.row, c.after) for c in result.new[:PREVIEW_ROWS]], label, lang),
        new_note=_note(len(result.new), lang),
        changed_rows=_changed_table(result.changed[:PREVIEW_ROWS], label, lang),
        changed_note=_note(len(result.changed), lang),
        removed_rows=_rows_table(
            [(None, r.before) for r in result.removed[:PREVIEW_ROWS]], label, lang
        ),
        removed_note=_note(len(result.removed), lang),
        changes=changes,
        message=message,
    )
