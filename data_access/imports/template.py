"""The template of a kind: a header row in the chosen language, what is already stored
prefilled where that helps, drop-downs for columns with a fixed set of values, and a second
sheet 说明 explaining every column."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import Engine, select

from data_access.imports.kind import Column, Context, Kind
from data_access.models import EvaluationRound
from data_access.scope import Principal
from domain.catalog import translate

__all__ = ["build_template"]

_HEAD = PatternFill("solid", fgColor="F5F3EF")


def _allowed(column: Column, lang: str) -> list[str]:
    if column.kind == "bool":
        return [translate("imp_tpl_yes", lang), translate("imp_tpl_no", lang)]
    return list(column.allowed())


def build_template(
    engine: Engine,
    principal: Principal,
    kind: Kind,
    lang: str = "zh",
    round_year: int | None = None,
) -> bytes:
    """The .xlsx template of ``kind`` (prefilled rows only for office staff and admins)."""
    wb = Workbook()
    ws = wb.active
    ws.title = kind.title(lang)[:31]
    ws.append([c.header(lang) for c in kind.columns])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), _HEAD
    with engine.connect() as conn:
        ctx = Context(conn, lang)
        if round_year is not None:
            row = conn.execute(
                select(EvaluationRound.id).where(EvaluationRound.year == round_year)
            ).first()
            ctx.round_id, ctx.round_year = (int(row.id), round_year) if row else (None, None)
        rows = kind.template_rows(ctx) if principal.role in ("staff", "admin") else []
    for record in rows:
        ws.append([_cell(record.get(c.key)) for c in kind.columns])
    for i, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(12, min(40, 2 * len(column.header(lang)) + 4))
        allowed = _allowed(column, lang)
        if allowed and len(",".join(allowed)) < 250:  # Excel's limit for a list validation
            dv = DataValidation(
                type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=not column.required
            )
            dv.add(f"{letter}2:{letter}{max(len(rows) + 1, 2000)}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet(translate("imp_tpl_help_sheet", lang))
    help_ws.append([translate("imp_tpl_intro", lang)])
    help_ws.append([])
    help_ws.append(
        [
            translate(k, lang)
            for k in (
                "imp_tpl_col_column",
                "imp_tpl_col_required",
                "imp_tpl_col_allowed",
                "imp_tpl_col_help",
            )
        ]
    )
    for cell in help_ws[3]:
        cell.font, cell.fill = Font(bold=True), _HEAD
    for column in kind.columns:
        help_ws.append(
            [
                column.header(lang),
                translate("imp_tpl_yes" if column.required else "imp_tpl_no", lang),
                "/".join(_allowed(column, lang)),
                column.help_en if lang == "en" else column.help_zh,
            ]
        )
    for letter, width in zip("ABCD", (24, 8, 40, 60), strict=True):
        help_ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date()
    return value
