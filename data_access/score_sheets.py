"""Score sheets: the on-site team's workbook template (.xlsx) and its all-or-nothing importer.

One row per agency and indicator (common-tree leaf or individual indicator): team score,
self score, evidence note. A bad row is reported by its Excel row number, in the user's
language, and nothing is written. Only what differs from the stored scores is written:
re-importing an unchanged sheet changes nothing and says so, and blank cells never create
rows. The template is a read like any other: it takes the principal and holds only the
agencies the principal may see.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import DBAPIError

from data_access.audit import data_version, record_write
from data_access.db import WriteConflict, frame, is_write_conflict
from data_access.imports.cells import (
    CellError,
    clean_text,
    is_blank,
    normalize_header,
    refuse_bad,
    strip_invisible,
    to_number,
)
from data_access.imports.engine import MAX_ERRORS, audit_rejected
from data_access.imports.reader import FileError, column_letters, read_sheets
from data_access.models import AuditLog, Score
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
_HEADERS = {normalize_header(h): key for key, zh, en in SHEET_COLUMNS for h in (zh, en)}
_NEEDED = ("agency", "code", "team_score", "self_score")
_SCORE_FIELDS = ("team_score", "self_score", "note")
NOTE_MAX_LENGTH = 2000


class ScoreSheetError(ValueError):
    """The sheet was rejected, nothing was written: ``errors`` lists the first problems
    (at most MAX_ERRORS), ``count`` says how many there are in all."""

    def __init__(self, errors: list[str], count: int | None = None) -> None:
        self.count = len(errors) if count is None else count
        self.errors = errors[:MAX_ERRORS]
        super().__init__("\n".join(self.errors))


@dataclass
class ImportReport:
    """What an import did (or, with ``dry_run``, would do): ``rows`` read, of ``agencies``;
    ``inserted`` new scores, ``updated`` changed or cleared ones, ``unchanged`` the rest."""

    rows: int
    agencies: int
    inserted: int
    updated: int
    errors: list[str] = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False

    @property
    def nothing_changed(self) -> bool:
        return not (self.inserted or self.updated)

    def summary(self, lang: str) -> str:
        """'新增 3，更新 1，未变 20', as every import says it."""
        return message(
            "imp_summary", lang, new=self.inserted, changed=self.updated, unchanged=self.unchanged
        )


def _sheet_rows(inputs: RoundInputs, scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """The expected rows (agency, code, indicator, source, max …), with ``scores`` (agency_id,
    code, team_score, self_score, note) beside them when given."""
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
    if scores is not None:
        rows = rows.merge(scores, on=["agency_id", "code"], how="left")
    return rows.rename(columns={"name": "indicator", "max_points": "max"})


def _stored_scores(engine: Engine, round_id: int) -> pd.DataFrame:
    """Every stored score of the round with its note (the scoring inputs leave out the notes
    of individual indicators; the sheet must give back exactly what is stored)."""
    fields = [Score.__table__.c[f] for f in ("agency_id", "code", *_SCORE_FIELDS)]
    with engine.connect() as conn:
        return frame(conn, select(*fields).where(Score.round_id == round_id))


def build_score_template(
    engine: Engine, principal: Principal, round_id: int, lang: str = "zh"
) -> bytes:
    """The .xlsx template for a round, prefilled with the scores already entered: every
    agency's rows, or only its own for an agency principal."""
    rows = _sheet_rows(load_round_inputs(engine, round_id)[0], _stored_scores(engine, round_id))
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


def _label(key: str, lang: str) -> str:
    return next(zh if lang == "zh" else en for k, zh, en in SHEET_COLUMNS if k == key)


def _read(data: bytes | str, lang: str, filename: str = "") -> list[tuple[int, dict[str, Any]]]:
    """The sheet's rows as (Excel row number, column key → cell), blank rows left out: the
    first sheet whose header row (within the first 10 rows) names 单位 and 指标代码."""
    if isinstance(data, str):
        with open(data, "rb") as fh:
            data = fh.read()
    try:
        sheets = read_sheets(data, filename)
    except FileError as exc:
        # The reader's message says what the file is and what to do.
        raise ScoreSheetError([message(exc.key, lang, **exc.values)]) from None
    for sheet in sheets:
        for r, header in enumerate(sheet.rows[:10]):
            positions = {
                i: _HEADERS[normalize_header(v)]
                for i, v in enumerate(header)
                if normalize_header(v) in _HEADERS
            }
            if {"agency", "code"} <= set(positions.values()):
                _repeated_columns(positions, lang)
                missing = [c for c in _NEEDED if c not in positions.values()]
                if missing:
                    labels = "、".join(_label(c, lang) for c in missing)
                    raise ScoreSheetError([message("sheet_columns", lang, columns=labels)])
                rows = []
                for n, cells in enumerate(sheet.rows[r + 1 :], start=r + 2):
                    if all(is_blank(v) for v in cells):
                        continue  # blank rows never create rows
                    rows.append((n, {k: cells[i] for i, k in positions.items() if i < len(cells)}))
                return rows
    first = sheets[0].rows[0] if sheets and sheets[0].rows else []
    found = {_HEADERS.get(normalize_header(v)) for v in first}
    labels = "、".join(_label(c, lang) for c in _NEEDED if c not in found)
    raise ScoreSheetError([message("sheet_columns", lang, columns=labels)])


def _repeated_columns(positions: dict[int, str], lang: str) -> None:
    """A column given twice is refused (which copy was meant cannot be known)."""
    seen: dict[str, int] = {}
    for i, key in sorted(positions.items()):
        if key in seen:
            raise ScoreSheetError(
                [
                    message(
                        "imp_header_repeated",
                        lang,
                        column=_label(key, lang),
                        first=column_letters(seen[key]),
                        second=column_letters(i),
                    )
                ]
            )
        seen[key] = i


def _number(value: Any) -> float | None | CellError:
    """A float (full-width digits and numbers stored as text too), None for blank, or the
    CellError saying why the cell is not a number (text, TRUE/FALSE, an Excel error value,
    a formula without a saved value)."""
    try:
        return to_number(value, None)
    except CellError as exc:
        if exc.key == "imp_cell_not_number":
            return CellError("imp_cell_not_number", value=strip_invisible(str(value)))
        return exc


def _text(value: Any) -> str:
    """An agency or a code as written, without invisible characters; '' for blank."""
    refuse_bad(value)
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return strip_invisible(str(value))


def import_score_sheet(
    engine: Engine,
    round_id: int,
    data: bytes | str,
    actor: str,
    lang: str = "zh",
    dry_run: bool = False,
    filename: str = "",
) -> ImportReport:
    """Validate every row, then write the scores that differ from what is stored, in one
    transaction (or raise, writing nothing). A row whose cells are all blank creates nothing;
    a stored score whose row is now blank is cleared; an unchanged file changes nothing.
    ``dry_run`` checks and counts, and writes nothing. A refused sheet is in the audit log;
    a sheet that meets another write to the round's scores is refused, nothing written."""
    if isinstance(data, str):
        filename = filename or data
        with open(data, "rb") as fh:
            data = fh.read()
    try:
        return _import_score_sheet(engine, round_id, data, actor, lang, dry_run, filename)
    except ScoreSheetError as exc:
        sha = hashlib.sha256(data).hexdigest()
        audit_rejected(engine, actor, "scores", filename, sha, exc.errors, exc.count)
        raise
    except RoundFrozen as exc:  # a completed round: refused, and audited like any refusal
        sha = hashlib.sha256(data).hexdigest()
        audit_rejected(engine, actor, "scores", filename, sha, [str(exc)], 1)
        raise


def _import_score_sheet(
    engine: Engine, round_id: int, data: bytes, actor: str, lang: str, dry_run: bool, filename: str
) -> ImportReport:
    ensure_round_open(engine, round_id, lang)
    sheet = _read(data, lang, filename)
    if not sheet:
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
    for row, r in sheet:
        try:
            agency_text, code = _text(r.get("agency")), _text(r.get("code"))
        except CellError as exc:
            errors.append(message("imp_row", lang, row=row, message=_cell_message(exc, lang)))
            continue
        if not agency_text:  # blank, or the lower part of a merged cell
            errors.append(message("sheet_agency_blank", lang, row=row))
            continue
        if not code:
            errors.append(message("sheet_code_blank", lang, row=row))
            continue
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
            if isinstance(value, CellError):
                if value.key == "imp_cell_not_number":
                    text = str(value.values["value"])
                    errors.append(message("row_number", lang, row=row, column=label, value=text))
                else:
                    text = _cell_message(value, lang)
                    errors.append(message("sheet_cell", lang, row=row, column=label, message=text))
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
        try:
            note = clean_text(r.get("note"), NOTE_MAX_LENGTH)
        except CellError as exc:
            label = message("col_note", lang)
            errors.append(
                message("sheet_cell", lang, row=row, column=label, message=_cell_message(exc, lang))
            )
            note = None
        records[key] = {**values, "note": note}
    if errors:
        raise ScoreSheetError(errors)

    report = ImportReport(
        rows=len(records),
        agencies=len({k[0] for k in records}),
        inserted=0,
        updated=0,
        dry_run=dry_run,
    )
    try:
        return _store(engine, round_id, records, actor, lang, report)
    except (WriteConflict, DBAPIError) as exc:
        if isinstance(exc, DBAPIError) and not is_write_conflict(exc):
            raise
        raise ScoreSheetError([message("imp_changed_meanwhile", lang)]) from None


def _cell_message(exc: CellError, lang: str) -> str:
    return message(exc.key, lang, **exc.values)


def _store(
    engine: Engine,
    round_id: int,
    records: dict[tuple[int, str], dict[str, Any]],
    actor: str,
    lang: str,
    report: ImportReport,
) -> ImportReport:
    """Compare with the stored scores and write what differs, in one transaction; raises
    WriteConflict when another write committed meanwhile."""
    dry_run = report.dry_run
    with engine.connect() as conn, conn.begin() as txn:
        ensure_round_open(conn, round_id, lang)
        version = data_version(conn)
        stored = {
            (int(s.agency_id), s.code): {f: getattr(s, f) for f in _SCORE_FIELDS}
            for s in conn.execute(
                select(
                    Score.agency_id, Score.code, *(Score.__table__.c[f] for f in _SCORE_FIELDS)
                ).where(Score.round_id == round_id)
            )
        }
        changes = _changes(records, stored)
        report.inserted = sum(1 for _k, before, _a in changes if before is None)
        report.updated = len(changes) - report.inserted
        report.unchanged = len(records) - len(changes)
        if dry_run or not changes:
            txn.rollback()
            return report
        _write(conn, round_id, actor, changes)
        if data_version(conn) != version + 1:
            raise WriteConflict  # another write committed since the scores were read
    return report


Change = tuple[tuple[int, str], dict[str, Any] | None, dict[str, Any] | None]


def _changes(
    records: dict[tuple[int, str], dict[str, Any]], stored: dict[tuple[int, str], dict[str, Any]]
) -> list[Change]:
    """(key, before, after) for every row that differs from what is stored: before None for a
    new score, after None for a score the file clears. Blank rows without a score are no
    change, and neither is a row equal to what is stored."""
    out: list[Change] = []
    for key, record in records.items():
        before = stored.get(key)
        blank = all(v is None for v in record.values())
        if before is None:
            if not blank:
                out.append((key, None, record))
        elif any(before[f] != record[f] for f in _SCORE_FIELDS):
            out.append((key, before, None if blank else record))
    return out


def _write(conn: Connection, round_id: int, actor: str, changes: list[Change]) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    inserts = [
        {"round_id": round_id, "agency_id": k[0], "code": k[1], "updated_by": actor, **after}
        for k, before, after in changes
        if before is None and after is not None
    ]
    if inserts:
        conn.execute(insert(Score), inserts)
    for (agency_id, code), before, after in changes:
        if before is None:
            continue
        where = (Score.round_id == round_id, Score.agency_id == agency_id, Score.code == code)
        if after is None:
            conn.execute(delete(Score).where(*where))
        else:
            conn.execute(
                update(Score).where(*where).values(**after, updated_at=now, updated_by=actor)
            )
    # Every changed row in the audit log, then the import itself (which bumps the version).
    conn.execute(
        insert(AuditLog),
        [
            {
                "at": now,
                "username": actor,
                "action": "import.scores",
                "entity": "score",
                "entity_id": f"{round_id}:{k[0]}:{k[1]}"[:64],
                "before": before,
                "after": after,
            }
            for k, before, after in changes
        ],
    )
    inserted = sum(1 for _k, before, _a in changes if before is None)
    record_write(
        conn,
        actor,
        "scores.import",
        "score",
        round_id,
        before={"replaced": len(changes) - inserted},
        after={"rows": len(changes), "inserted": inserted},
        round_id=round_id,
    )
