"""Score sheets: the on-site team's workbook template (.xlsx) and its all-or-nothing importer.

One row per agency and indicator (common-tree leaf or individual indicator): team score,
self score, evidence note. A bad row is reported by its Excel row number, in the user's
language, and nothing is written. The template is a read like any other: it takes the principal
and holds only the agencies the principal may see.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from sqlalchemy import Engine, delete, insert, select

from data_access.audit import record_write
from data_access.models import Score
from data_access.round_inputs import load_round_inputs
from data_access.rounds import RoundFrozen, ensure_round_open
from data_access.scope import Principal
from domain.catalog import translate as message
from scoring import RoundInputs

__all__ = [
    "SHEET_COLUMNS",
    "ScoreSheetError",
    "ImportReport",
    "build_score_template",
    "import_score_sheet",
    "RoundFrozen",
    "ensure_round_open",
]

# (key, Chinese header, English header)
SHEET_COLUMNS = (
    ("agency", "单位", "Agency"),
    ("code", "指标代码", "Code"),
    ("indicator", "指标名称", "Indicator"),
    ("source", "来源", "Source"),
    ("max", "满分", "Max"),
    ("team_score", "组评分", "Team score"),
    ("self_score", "自评分", "Self score"),
    ("note", "佐证说明", "Evidence note"),
)


class ScoreSheetError(ValueError):
    """The sheet was rejected; `errors` lists every problem found (nothing was written)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportReport:
    rows: int
    agencies: int
    inserted: int
    updated: int
    errors: list[str] = field(default_factory=list)


def _sheet_rows(inputs: RoundInputs) -> pd.DataFrame:
    """The expected rows with current scores: agency, code, indicator, source, max, …"""
    leaves = inputs.tree[inputs.tree["source"].notna()][["code", "name", "max_points", "source"]]
    agencies = inputs.agencies[["agency_id", "name", "agency_type"]].rename(
        columns={"name": "agency"}
    )
    common = agencies.merge(leaves, how="cross")
    individual = agencies.merge(
        inputs.individual_indicators[["agency_type", "code", "name"]], on="agency_type"
    )
    individual["max_points"] = 100.0
    individual["source"] = "individual"
    rows = pd.concat([common, individual], ignore_index=True)
    scores = pd.concat([inputs.team_scores, inputs.individual_scores], ignore_index=True)
    rows = rows.merge(
        scores[["agency_id", "code", "team_score", "self_score", "note"]],
        on=["agency_id", "code"],
        how="left",
    )
    return rows.rename(columns={"name": "indicator", "max_points": "max"})


def build_score_template(
    engine: Engine, principal: Principal, round_id: int, lang: str = "zh"
) -> bytes:
    """The .xlsx template for a round, prefilled with the scores already entered: every
    agency's rows, or only its own for an agency principal."""
    rows = _sheet_rows(load_round_inputs(engine, round_id)[0])
    scope = principal.agency_scope
    if scope is not None:
        # The round's inputs are loaded whole (one set of queries); only the rows the
        # principal may see go into the workbook.
        rows = rows[rows["agency_id"] == scope]
    wb = Workbook()
    ws = wb.active
    ws.title = "评分表" if lang == "zh" else "Scores"
    ws.append([zh if lang == "zh" else en for _k, zh, en in SHEET_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F5F3EF")
    for r in rows.itertuples(index=False):
        ws.append(
            [
                r.agency,
                r.code,
                r.indicator,
                r.source,
                float(r.max),
                None if pd.isna(r.team_score) else float(r.team_score),
                None if pd.isna(r.self_score) else float(r.self_score),
                None if (r.note is None or pd.isna(r.note)) else str(r.note),
            ]
        )
    for col, width in zip("ABCDEFGH", (26, 10, 26, 30, 8, 10, 10, 40), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _read(data: bytes | str) -> pd.DataFrame:
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    wb = load_workbook(source, read_only=True, data_only=True)
    values = list(wb.worksheets[0].iter_rows(values_only=True))
    if not values:
        return pd.DataFrame()
    header = [str(h).strip() if h is not None else "" for h in values[0]]
    return pd.DataFrame(values[1:], columns=header)


def _number(value: Any) -> float | None | str:
    """A float, None for blank, or the original text when it is not a number."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text


def import_score_sheet(
    engine: Engine, round_id: int, data: bytes | str, actor: str, lang: str = "zh"
) -> ImportReport:
    """Validate every row, then upsert all scores in one transaction (or raise, writing nothing)."""
    ensure_round_open(engine, round_id, lang)
    try:
        sheet = _read(data)
    except Exception as exc:  # noqa: BLE001 - any unreadable file becomes one clear message
        raise ScoreSheetError(
            [message("sheet_unreadable", lang, reason=type(exc).__name__)]
        ) from exc
    names = {zh: key for key, zh, _en in SHEET_COLUMNS} | {
        en: key for key, _zh, en in SHEET_COLUMNS
    }
    sheet = sheet.rename(columns={c: names.get(c, c) for c in sheet.columns})
    needed = ["agency", "code", "team_score", "self_score"]
    missing = [c for c in needed if c not in sheet.columns]
    if missing:
        labels = [
            next(zh if lang == "zh" else en for k, zh, en in SHEET_COLUMNS if k == c)
            for c in missing
        ]
        raise ScoreSheetError([message("sheet_columns", lang, columns="、".join(labels))])
    sheet = sheet.dropna(how="all")
    if sheet.empty:
        raise ScoreSheetError([message("sheet_empty", lang)])

    inputs = load_round_inputs(engine, round_id)[0]
    expected = _sheet_rows(inputs)
    agency_ids = dict(zip(expected["agency"], expected["agency_id"], strict=False))
    agency_ids |= dict(
        zip(inputs.agencies["short_name"], inputs.agencies["agency_id"], strict=False)
    )
    spec = {(r.agency_id, r.code): r for r in expected.itertuples(index=False)}
    all_codes = set(expected["code"])

    errors: list[str] = []
    records: dict[tuple[int, str], dict[str, Any]] = {}
    seen: dict[tuple[int, str], int] = {}
    for offset, r in enumerate(sheet.to_dict("records")):
        row = int(sheet.index[offset]) + 2  # header is Excel row 1
        agency_text = str(r.get("agency") or "").strip()
        code = str(r.get("code") or "").strip()
        agency_id = agency_ids.get(agency_text)
        if agency_id is None:
            errors.append(message("row_agency", lang, row=row, value=agency_text))
            continue
        key = (int(agency_id), code)
        if key not in spec:
            errors.append(
                message(
                    "row_code_type" if code in all_codes else "row_code", lang, row=row, value=code
                )
            )
            continue
        if key in seen:
            errors.append(message("row_duplicate", lang, row=row, other=seen[key]))
            continue
        seen[key] = row
        item = spec[key]
        values: dict[str, float | None] = {}
        for column in ("team_score", "self_score"):
            label = message("col_team" if column == "team_score" else "col_self", lang)
            value = _number(r.get(column))
            if isinstance(value, str):
                errors.append(message("row_number", lang, row=row, column=label, value=value))
                value = None
            elif value is not None and not (0 <= value <= float(item.max)):
                errors.append(
                    message(
                        "row_range",
                        lang,
                        row=row,
                        column=label,
                        value=f"{value:g}",
                        max=f"{float(item.max):g}",
                    )
                )
            values[column] = value
        if values["team_score"] is not None and item.source not in ("team", "individual"):
            errors.append(message("row_not_team", lang, row=row, value=code))
        note = r.get("note")
        records[key] = {
            "team_score": values["team_score"],
            "self_score": values["self_score"],
            "note": None if note is None or pd.isna(note) else str(note),
        }
    if errors:
        raise ScoreSheetError(errors)

    updated = 0
    with engine.begin() as conn:
        ensure_round_open(conn, round_id, lang)
        existing = {
            (row.agency_id, row.code): row
            for row in conn.execute(
                select(Score.agency_id, Score.code, Score.team_score, Score.self_score).where(
                    Score.round_id == round_id
                )
            )
        }
        keys = list(records)
        replaced = [k for k in keys if k in existing]
        updated = len(replaced)
        for agency_id in {k[0] for k in replaced}:
            codes = [k[1] for k in replaced if k[0] == agency_id]
            conn.execute(
                delete(Score).where(
                    Score.round_id == round_id, Score.agency_id == agency_id, Score.code.in_(codes)
                )
            )
        conn.execute(
            insert(Score),
            [
                {"round_id": round_id, "agency_id": k[0], "code": k[1], "updated_by": actor, **v}
                for k, v in records.items()
            ],
        )
        record_write(
            conn,
            actor,
            "scores.import",
            "score",
            round_id,
            before={"replaced": updated},
            after={"rows": len(records), "inserted": len(records) - updated},
        )
    return ImportReport(
        rows=len(records),
        agencies=len({k[0] for k in records}),
        inserted=len(records) - updated,
        updated=updated,
    )
