"""One import framework for every kind: read the file, find the header row, read every cell,
check every row, compare with what is stored, and write all rows or none in one transaction,
as a batch that can be undone exactly. ``dry_run`` checks and reports and writes nothing.

Messages name the Excel row and the column, in the user's language. Only office staff and
administrators import (checked here, not only in the page).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, DateTime, Engine, insert, select
from sqlalchemy.exc import DBAPIError

from data_access.audit import data_version, record_event, record_write
from data_access.db import WriteConflict, insert_rows, is_write_conflict
from data_access.imports.cells import CellError, is_blank, normalize_header
from data_access.imports.kind import (
    Column,
    Context,
    FileRow,
    Key,
    Kind,
    Record,
    RowError,
    RowErrors,
    read_cell,
    suggestions_wanted,
)
from data_access.imports.reader import FileError, Sheet, column_letters, read_sheets
from data_access.models import AuditLog, EvaluationRound, ImportBatch, ImportChange
from data_access.scope import AccessDenied, Principal
from domain.catalog import translate
from domain.vocab import Role, RoundStatus

__all__ = [
    "ImportResult",
    "RowChange",
    "RowRemoval",
    "ImportRefused",
    "run_import",
    "MAX_ERRORS",
    "can_import",
    "audit_rejected",
]

MAX_ERRORS = 50  # errors listed; the rest are counted
_HEADER_SEARCH_ROWS = 10


class ImportRefused(ValueError):
    """An import or undo that cannot go ahead; the message is for the user."""


@dataclass(frozen=True)
class RowChange:
    row: int  # Excel row number
    key: Key
    before: Record | None
    after: Record


@dataclass(frozen=True)
class RowRemoval:
    """A stored row the import removes because the file does not name it (a tree file)."""

    key: Key
    before: Record


@dataclass
class ImportResult:
    """What an import found and did (or, with errors or ``dry_run``, would do)."""

    kind: str
    filename: str
    sha256: str
    sheet: str = ""
    new: list[RowChange] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    unchanged: int = 0
    removed: list[RowRemoval] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    batch_id: int | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def nothing_changed(self) -> bool:
        """A good file that matches what is stored."""
        return self.ok and not (self.new or self.changed or self.removed)

    def summary(self, lang: str) -> str:
        """'新增 3，更新 1，未变 20' (the command's one-line summary; '，删除 N' is added when
        a file that is the whole set removes rows)."""
        text = translate(
            "imp_summary",
            lang,
            new=len(self.new),
            changed=len(self.changed),
            unchanged=self.unchanged,
        )
        if self.removed:
            text += translate("imp_summary_removed", lang, removed=len(self.removed))
        return text


def can_import(principal: Principal) -> bool:
    return principal.role in (Role.STAFF, Role.ADMIN)


def _require(principal: Principal, lang: str) -> None:
    if not can_import(principal):
        raise AccessDenied(translate("imp_denied", lang))


class _Errors:
    def __init__(self) -> None:
        self.items: list[str] = []
        self.count = 0

    def add(self, text: str) -> None:
        self.count += 1
        if len(self.items) < MAX_ERRORS:
            self.items.append(text)


def _header_index(
    sheet: Sheet, columns: Sequence[Column], complete: bool = True
) -> tuple[int, dict[int, Column]]:
    """The header row (0-based) and which column each cell position holds; (-1, {}) if none
    of the first rows names the kind's required columns. With ``complete`` False, the first
    row naming at least two of the kind's columns (so a missing column can be named)."""
    names = {}
    for c in columns:
        names[normalize_header(c.zh)] = c
        names[normalize_header(c.en)] = c
    required = {c.key for c in columns if c.required} or {columns[0].key}
    for r, row in enumerate(sheet.rows[:_HEADER_SEARCH_ROWS]):
        found = {
            i: names[normalize_header(v)] for i, v in enumerate(row) if normalize_header(v) in names
        }
        if required <= {c.key for c in found.values()} or (
            not complete and len({c.key for c in found.values()}) >= min(2, len(columns))
        ):
            return r, found
    return -1, {}


def _pick_sheet(sheets: list[Sheet], kind: Kind) -> tuple[Sheet, int, dict[int, Column]]:
    for complete in (True, False):  # a full header anywhere first, then a partial one
        for sheet in sheets:
            r, found = _header_index(sheet, kind.columns, complete)
            if r >= 0:
                return sheet, r, found
    raise FileError("imp_no_header")


def _round(ctx: Context, year: int, lang: str) -> None:
    row = ctx.conn.execute(
        select(EvaluationRound.id, EvaluationRound.status, EvaluationRound.name).where(
            EvaluationRound.year == year
        )
    ).first()
    if row is None:
        raise ImportRefused(translate("imp_no_round", lang, year=year))
    if row.status == RoundStatus.COMPLETED:
        raise ImportRefused(translate("round_frozen", lang, round=row.name))
    ctx.round_id, ctx.round_year = int(row.id), year


def run_import(
    engine: Engine,
    principal: Principal,
    kind: Kind,
    data: bytes,
    filename: str,
    *,
    round_year: int | None = None,
    lang: str = "zh",
    dry_run: bool = False,
) -> ImportResult:
    """Check ``data`` as a file of ``kind`` and, unless it has errors or ``dry_run``, store it
    as one batch. Raises ImportRefused (no round, completed round, the data changed by another
    write meanwhile) and AccessDenied. A refused file is in the audit log."""
    _require(principal, lang)
    run_file = getattr(kind, "run_file", None)
    if run_file is not None:  # a kind that reads its own layout (surveys: 问卷星 exports)
        result: ImportResult = run_file(
            engine, principal, data, filename, round_year=round_year, lang=lang, dry_run=dry_run
        )
        return result
    sha = hashlib.sha256(data).hexdigest()
    try:
        result = _run_import(engine, principal, kind, data, filename, round_year, lang, dry_run)
    except ImportRefused as exc:
        audit_rejected(engine, principal.username, kind.name, filename, sha, [str(exc)], 1)
        raise
    if result.error_count:
        audit_rejected(
            engine, principal.username, kind.name, filename, sha, result.errors, result.error_count
        )
    return result


def audit_rejected(
    engine: Engine,
    username: str,
    kind: str,
    filename: str,
    sha256: str,
    errors: Sequence[str],
    count: int,
) -> None:
    """Record a refused import (the file, its hash and the first problems) in the audit log."""
    with engine.begin() as conn:
        record_event(
            conn,
            username,
            "import.rejected",
            "import_batch",
            kind,
            after={
                "kind": kind,
                "file": filename[:255],
                "sha256": sha256,
                "errors": count,
                "first": list(errors[:3]),
            },
        )


def _run_import(
    engine: Engine,
    principal: Principal,
    kind: Kind,
    data: bytes,
    filename: str,
    round_year: int | None,
    lang: str,
    dry_run: bool,
) -> ImportResult:
    result = ImportResult(kind.name, filename, hashlib.sha256(data).hexdigest(), dry_run=dry_run)
    if kind.needs_round and round_year is None:
        raise ImportRefused(translate("imp_needs_round", lang, kind=kind.title(lang)))
    try:
        sheets = read_sheets(data, filename)
        own = kind.own_layout(sheets)  # a layout of the kind's own (a matrix): it reads it
        sheet, header_row, positions = (sheets[0], -1, {}) if own else _pick_sheet(sheets, kind)
    except FileError as exc:
        result.errors, result.error_count = [translate(exc.key, lang, **exc.values)], 1
        return result
    result.sheet = sheet.name
    errors = _Errors()
    if not own:
        header_problem(positions, kind, lang, errors)
    if errors.count:
        result.errors, result.error_count = errors.items, errors.count
        return result
    try:
        with engine.connect() as conn, conn.begin() as txn:
            version = data_version(conn)
            _import(
                conn,
                principal,
                kind,
                sheet,
                header_row,
                positions,
                result,
                round_year,
                lang,
                sheets if own else None,
            )
            if result.batch_id is None:  # errors, a dry run or nothing to change: write nothing
                txn.rollback()
            elif data_version(conn) != version + 1:
                # Another write committed since this import read what is stored: its
                # comparison (and the batch's before values) may be stale.
                raise WriteConflict
    except (WriteConflict, DBAPIError) as exc:
        if isinstance(exc, DBAPIError) and not is_write_conflict(exc):
            raise
        raise ImportRefused(translate("imp_changed_meanwhile", lang)) from None
    return result


def _import(
    conn: Connection,
    principal: Principal,
    kind: Kind,
    sheet: Sheet,
    header_row: int,
    positions: dict[int, Column],
    result: ImportResult,
    round_year: int | None,
    lang: str,
    own: list[Sheet] | None = None,
) -> None:
    """Read, check and compare the rows; store them as a batch unless there are errors, it is
    a dry run or nothing changes (``result.batch_id`` is then None). ``own``: the sheets of a
    file in the kind's own layout (``Kind.read_own`` reads them)."""
    errors = _Errors()
    ctx = Context(conn, lang)
    if kind.needs_round and round_year is not None:
        _round(ctx, round_year, lang)
    kind.prepare(ctx)
    token = suggestions_wanted.set(lambda: errors.count < MAX_ERRORS)
    try:
        if own is not None:
            rows = _read_own(kind, own, ctx, errors)
        else:
            rows = _read_rows(sheet, header_row, positions, kind, ctx, errors)
        if not errors.count:
            rows = _check_file(kind, ctx, rows, errors)
    finally:
        suggestions_wanted.reset(token)
    if errors.count:
        result.errors, result.error_count = errors.items, errors.count
        return
    keys = [k for _, k, _ in rows]
    stored = kind.existing(ctx, keys)
    for row, key, record in rows:
        before = stored.get(key)
        if before is None or not kind.stored(before):
            result.new.append(RowChange(row, key, before, record))
        elif _differs(before, record):
            result.changed.append(RowChange(row, key, before, record))
        else:
            result.unchanged += 1
    result.removed = [RowRemoval(k, r) for k, r in kind.removals(ctx, keys).items()]
    if not (result.dry_run or result.nothing_changed):
        result.batch_id = _store(ctx, kind, principal, result)


def header_problem(positions: dict[int, Column], kind: Kind, lang: str, errors: _Errors) -> None:
    seen: dict[str, int] = {}
    for i, col in sorted(positions.items()):
        if col.key in seen:
            errors.add(
                translate(
                    "imp_header_repeated",
                    lang,
                    column=col.header(lang),
                    first=column_letters(seen[col.key]),
                    second=column_letters(i),
                )
            )
        seen[col.key] = i
    missing = [c.header(lang) for c in kind.columns if c.required and c.key not in seen]
    if missing:
        errors.add(translate("imp_header_missing", lang, columns="、".join(missing)))


def _read_own(kind: Kind, sheets: list[Sheet], ctx: Context, errors: _Errors) -> list[FileRow]:
    try:
        rows = kind.read_own(sheets, ctx)
    except RowErrors as exc:
        for row, error in exc.errors:
            errors.add(_row_message(kind, ctx.lang, row, error))
        return []
    if not rows:
        errors.add(translate("imp_no_rows", ctx.lang))
    return rows


def _check_file(kind: Kind, ctx: Context, rows: list[FileRow], errors: _Errors) -> list[FileRow]:
    try:
        return kind.check_file(ctx, rows)
    except RowErrors as exc:
        for row, error in exc.errors:
            errors.add(_row_message(kind, ctx.lang, row, error))
        return rows


def _row_message(kind: Kind, lang: str, row: int | None, exc: RowError) -> str:
    """'第 N 行 “列”：…', '第 N 行：…', or the message alone for the file as a whole."""
    column = next((c.header(lang) for c in kind.columns if c.key == exc.column), "")
    message = translate(exc.key, lang, **exc.values)
    if row is None:
        return message
    if column:
        return translate("imp_row_cell", lang, row=row, column=column, message=message)
    return translate("imp_row", lang, row=row, message=message)


def _read_rows(
    sheet: Sheet,
    header_row: int,
    positions: dict[int, Column],
    kind: Kind,
    ctx: Context,
    errors: _Errors,
) -> list[tuple[int, Key, Record]]:
    lang = ctx.lang
    out: list[tuple[int, Key, Record]] = []
    first_row: dict[Key, int] = {}
    # A column's values repeat (years, names, small counts): each distinct text or number is
    # read once per column. Only str, int and float are remembered (never bool, which equals
    # 1; an int and the float equal to it read the same in every column kind).
    memo: dict[int, dict[Any, Any]] = {i: {} for i in positions}
    for r in range(header_row + 1, len(sheet.rows)):
        cells = sheet.rows[r]
        excel_row = r + 1
        if all(is_blank(v) for v in cells):
            continue  # blank rows never create rows
        values: dict[str, Any] = {}
        bad = False
        for i, col in positions.items():
            raw = cells[i] if i < len(cells) else None
            try:
                kind_of = type(raw)
                if kind_of is str or kind_of is float or kind_of is int:
                    seen = memo[i]
                    if raw in seen:
                        values[col.key] = seen[raw]
                    else:
                        values[col.key] = seen[raw] = read_cell(col, raw)
                else:
                    values[col.key] = read_cell(col, raw)
            except CellError as exc:
                errors.add(
                    translate(
                        "imp_row_cell",
                        lang,
                        row=excel_row,
                        column=col.header(lang),
                        message=translate(exc.key, lang, **exc.values),
                    )
                )
                bad = True
                continue
            if col.required and values[col.key] is None:
                errors.add(
                    translate("imp_row_required", lang, row=excel_row, column=col.header(lang))
                )
                bad = True
        if bad:
            continue
        try:
            key, record = kind.to_record(values, ctx)
        except RowError as exc:
            errors.add(_row_message(kind, lang, excel_row, exc))
            continue
        if key in first_row:
            errors.add(translate("imp_row_duplicate", lang, row=excel_row, other=first_row[key]))
            continue
        first_row[key] = excel_row
        out.append((excel_row, key, record))
    if not out and not errors.count:
        errors.add(translate("imp_no_rows", lang))
    return out


def _differs(before: Record, after: Record) -> bool:
    return any(_norm(before.get(k)) != _norm(v) for k, v in after.items())


def _norm(v: Any) -> Any:
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return float(v)
    return v


def _key_text(key: Key) -> str:
    return json.dumps(list(key), ensure_ascii=False, default=str)


def _store(ctx: Context, kind: Kind, principal: Principal, result: ImportResult) -> int:
    conn = ctx.conn
    counts = {"new": len(result.new), "changed": len(result.changed), "unchanged": result.unchanged}
    if result.removed:
        counts["removed"] = len(result.removed)
    inserted = conn.execute(
        insert(ImportBatch).values(
            kind=kind.name,
            round_id=ctx.round_id,
            filename=result.filename[:255],
            sha256=result.sha256,
            username=principal.username,
            at=_now(),
            counts=counts,
        )
    ).inserted_primary_key
    assert inserted is not None
    batch_id = int(inserted[0])
    for gone in result.removed:
        kind.remove(ctx, gone.key)
    changes = [*result.new, *result.changed]
    kind.write_many(ctx, [(c.key, c.after, c.before) for c in changes])
    # A removed row is stored with after = None (JSON null): undo puts it back.
    logged: list[tuple[Key, Record | None, Record | None]] = [
        *((r.key, r.before, None) for r in result.removed),
        *((c.key, c.before, c.after) for c in changes),
    ]
    # The change log and the audit rows carry the same JSON: serialize each record once and
    # hand the text straight to the driver (the JSON types would serialize every value again,
    # per table, and SQLAlchemy would process every parameter: most of a 100 000-row
    # import's time). json.dumps with its defaults is exactly what the JSON type writes,
    # None included ("null").
    at = _now()
    rows = [
        (_key_text(key), json.dumps(before), json.dumps(after)) for key, before, after in logged
    ]
    insert_rows(
        conn,
        ImportChange.__tablename__,
        ("batch_id", "entity", "row_key", "before", "after"),
        [(batch_id, kind.entity, k, b, a) for k, b, a in rows],
    )
    when = DateTime().bind_processor(conn.dialect)  # the column's own text on SQLite
    user, action = principal.username, f"import.{kind.name}"
    insert_rows(
        conn,
        AuditLog.__tablename__,
        ("at", "username", "action", "entity", "entity_id", "before", "after"),
        [(when(at) if when else at, user, action, kind.entity, k[:64], b, a) for k, b, a in rows],
    )
    record_write(
        conn,
        principal.username,
        "import.batch",
        "import_batch",
        batch_id,
        after={"kind": kind.name, "file": result.filename, **counts},
        round_id=ctx.round_id if kind.needs_round and kind.round_only else None,
    )
    return batch_id


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
