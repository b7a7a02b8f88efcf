"""数据导入 Data import as a view model: the kinds to choose from, a file checked into a
preview (views.import_preview), the confirmed import, and the batch history with what can be
undone.

The checking and writing is data_access.imports' (``run_import``, ``undo``); this module only
turns its results into what the page shows, in one language. Rows show names, not ids: the
ids in a kind's records are named through the kind's own lookups (``lookup_names``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from sqlalchemy import Engine

from data_access.imports import KINDS, ImportRefused, build_template, list_batches, run_import, undo
from data_access.imports.kind import Context
from data_access.reader import Reader
from data_access.scope import Principal
from domain.catalog import translate
from views.import_preview import IdNames, Preview, build_preview

__all__ = [
    "HISTORY_ROWS",
    "KindOption",
    "Outcome",
    "BatchRow",
    "History",
    "kind_options",
    "file_sha256",
    "lookup_names",
    "template_file",
    "template_filename",
    "check_file",
    "confirm_import",
    "confirm_refusal",
    "build_history",
    "undo_import",
]

HISTORY_ROWS = 20  # batches listed, newest first
_BEIJING = dt.timezone(dt.timedelta(hours=8))  # batch times are stored in UTC

Level = Literal["success", "info", "warning", "error"]


@dataclass(frozen=True)
class KindOption:
    name: str
    label: str
    needs_round: bool


def kind_options(lang: str) -> list[KindOption]:
    """Every registered kind (read from the registry each time: kinds are added there)."""
    return [KindOption(k.name, k.title(lang), k.needs_round) for k in KINDS.values()]


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def lookup_names(
    engine: Engine,
    principal: Principal,
    kind_name: str,
    round_id: int | None = None,
    round_year: int | None = None,
) -> dict[str, dict[Any, str]]:
    """id → name for every lookup the kind's ``prepare`` loads (names → ids), the first name
    of an id kept (agencies: the full name before the short one)."""
    kind = KINDS[kind_name]
    with engine.connect() as conn:
        ctx = Context(conn, "zh", round_id=round_id, round_year=round_year)
        kind.prepare(ctx)
    out: dict[str, dict[Any, str]] = {}
    for lookup, mapping in ctx.lookups.items():
        names: dict[Any, str] = {}
        for name, value in mapping.items():
            if isinstance(name, str) and isinstance(value, int | str):
                names.setdefault(value, name)
        out[lookup] = names
    return out


def template_file(
    engine: Engine, principal: Principal, kind_name: str, lang: str, round_year: int | None
) -> bytes:
    """The kind's .xlsx template in ``lang`` (data_access.imports.build_template)."""
    return build_template(engine, principal, KINDS[kind_name], lang, round_year)


def template_filename(kind_name: str, round_year: int | None) -> str:
    return f"{kind_name}-{round_year}-template.xlsx" if round_year else f"{kind_name}-template.xlsx"


def check_file(
    engine: Engine,
    principal: Principal,
    kind_name: str,
    data: bytes,
    filename: str,
    lang: str,
    names: IdNames,
    round_year: int | None = None,
) -> Preview:
    """Check a file without writing anything (``run_import(..., dry_run=True)``)."""
    kind = KINDS[kind_name]
    try:
        result = run_import(
            engine, principal, kind, data, filename, round_year=round_year, lang=lang, dry_run=True
        )
    except ImportRefused as exc:
        return Preview(
            kind=kind_name,
            filename=filename,
            sha256=file_sha256(data),
            round_year=round_year,
            heading=translate("dip_preview", lang, file=filename),
            refused=str(exc),
            message=str(exc),
        )
    return build_preview(result, kind, names, lang, round_year)


# -- confirming ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What pressing a button did: a message of a level, and the errors when it failed."""

    level: Level
    text: str
    errors: tuple[str, ...] = ()
    batch_id: int | None = None


def confirm_refusal(previewed: Preview | None, data: bytes | None, lang: str) -> Outcome | None:
    """Why pressing import imports nothing, or None: no file, a file other than the one
    previewed (by sha256), a file with errors, or one with nothing to change."""
    if data is None:
        return Outcome("warning", translate("dip_no_file", lang))
    if previewed is None or previewed.sha256 != file_sha256(data):
        return Outcome("warning", translate("dip_stale", lang))
    if not previewed.ok:
        return Outcome("error", translate("dip_has_errors", lang))
    if not previewed.changes:
        return Outcome("info", translate("imp_nothing_changed", lang))
    return None


def confirm_import(
    engine: Engine,
    principal: Principal,
    previewed: Preview | None,
    data: bytes | None,
    filename: str,
    lang: str,
) -> Outcome:
    """Import the file that was previewed, and only that one (``confirm_refusal`` says when
    nothing is imported)."""
    refusal = confirm_refusal(previewed, data, lang)
    if refusal is not None or previewed is None or data is None:
        return refusal or Outcome("warning", translate("dip_no_file", lang))
    try:
        result = run_import(
            engine,
            principal,
            KINDS[previewed.kind],
            data,
            filename,
            round_year=previewed.round_year,
            lang=lang,
        )
    except ImportRefused as exc:
        return Outcome("error", str(exc))
    if result.error_count:  # the stored data changed since the preview
        return Outcome(
            "error", translate("dip_errors", lang, n=result.error_count), tuple(result.errors)
        )
    if result.batch_id is None:
        return Outcome("info", translate("imp_nothing_changed", lang))
    return Outcome(
        "success",
        translate("dip_done", lang, id=result.batch_id, summary=result.summary(lang)),
        batch_id=result.batch_id,
    )


# -- the history -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchRow:
    """One batch as the history lists it (texts in the view's language): ``cells`` under
    ``History.headers``; ``undone`` says when it was undone ('' while it stands)."""

    batch_id: int
    cells: tuple[str, ...]
    undone: str
    undo_label: str

    @property
    def can_undo(self) -> bool:
        return not self.undone


@dataclass(frozen=True)
class History:
    headers: tuple[str, ...]
    rows: tuple[BatchRow, ...]
    empty: str | None
    note: str | None  # more batches than are listed
    time_note: str


def _when(value: Any) -> str:
    if value is None or pd.isna(value):
        return ""
    stamp = pd.Timestamp(value).to_pydatetime().replace(tzinfo=dt.UTC)
    return stamp.astimezone(_BEIJING).strftime("%Y-%m-%d %H:%M")


_HISTORY_COLUMNS = ("imp_col_batch", "imp_col_kind", "imp_col_file", "imp_col_user", "imp_col_at")


def build_history(reader: Reader, lang: str) -> History:
    """The newest ``HISTORY_ROWS`` batches: number, kind, file, who, when, what it did, and
    whether it was undone (else its undo button's label)."""
    frame = reader(list_batches, HISTORY_ROWS + 1)
    headers = (
        *(translate(k, lang) for k in _HISTORY_COLUMNS),
        translate("dip_col_result", lang),
        "",
    )
    undone = translate("imp_col_undone", lang)
    rows = tuple(
        BatchRow(
            batch_id=int(r.batch_id),
            cells=(
                f"#{int(r.batch_id)}",
                KINDS[r.kind].title(lang) if r.kind in KINDS else str(r.kind),
                str(r.filename),
                str(r.username or ""),
                _when(r.at),
                translate("imp_summary", lang, new=r.new, changed=r.changed, unchanged=r.unchanged),
            ),
            undone=f"{undone} {_when(r.undone_at)}" if _when(r.undone_at) else "",
            undo_label=translate("dip_undo", lang, id=int(r.batch_id)),
        )
        for r in frame.head(HISTORY_ROWS).itertuples(index=False)
    )
    return History(
        headers=headers,
        rows=rows,
        empty=translate("dip_history_empty", lang) if not rows else None,
        note=translate("dip_history_shown", lang, n=HISTORY_ROWS)
        if len(frame) > HISTORY_ROWS
        else None,
        time_note=translate("dip_time_note", lang),
    )


def undo_import(engine: Engine, principal: Principal, batch_id: int, lang: str) -> Outcome:
    """Undo a batch; a refusal (later batches, rows changed since) comes back as an error."""
    try:
        restored = undo(engine, principal, batch_id, lang)
    except ImportRefused as exc:
        return Outcome("error", str(exc))
    return Outcome("success", translate("imp_undone", lang, id=batch_id, n=restored))
