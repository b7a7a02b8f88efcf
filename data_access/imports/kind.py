"""What a kind of import is: its columns (Chinese and English headers, type, allowed values,
help text for the template's 说明 sheet), its natural key, and how its records are looked up,
written and removed. ``TableKind`` does the storing for kinds that are rows of one table.

A record is a dict of stored field values (JSON-safe: dates as ISO text); the engine compares
records with what is stored to tell new, changed and unchanged rows, and keeps before/after of
every change so a batch can be undone exactly.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Connection, Table, and_, bindparam, delete, insert, select, update

from data_access.imports.cells import (
    CellError,
    clean_text,
    to_bool,
    to_date,
    to_int,
    to_number,
    to_year,
)
from data_access.imports.reader import Sheet
from domain.vocab import Term

__all__ = [
    "Column",
    "Context",
    "Kind",
    "TableKind",
    "RowError",
    "RowErrors",
    "FileRow",
    "Key",
    "Record",
    "closest",
    "read_cell",
]

Key = tuple[Any, ...]
Record = dict[str, Any]
FileRow = tuple[int, Key, Record]  # Excel row number, natural key, record
ColumnType = Literal["text", "int", "number", "year", "date", "bool", "choice"]


class RowError(ValueError):
    """A row that cannot be stored: ``column`` is the column key (or None for the row),
    ``key`` the catalog text, ``values`` its values."""

    def __init__(self, column: str | None, key: str, **values: object) -> None:
        super().__init__(key)
        self.column = column
        self.key = key
        self.values = values


class RowErrors(ValueError):
    """Problems found by checking a file's rows together (``Kind.check_file``): each is the
    Excel row (None for the file as a whole) and its RowError."""

    def __init__(self, errors: Sequence[tuple[int | None, RowError]]) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = list(errors)


@dataclass(frozen=True)
class Column:
    """One column of a kind's template and file."""

    key: str
    zh: str
    en: str
    kind: ColumnType = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    vocab: type[Term] | None = None  # English labels of the choices, accepted too
    minimum: float | None = 0.0
    max_length: int = 500
    help_zh: str = ""
    help_en: str = ""

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def allowed(self) -> tuple[str, ...]:
        if self.choices:
            return self.choices
        return tuple(t.value for t in self.vocab) if self.vocab else ()


def read_cell(column: Column, value: Any) -> Any:
    """The stored value of one cell (None when blank); raises CellError."""
    if column.kind == "int":
        return to_int(value, column.minimum)
    if column.kind == "number":
        return to_number(value, column.minimum)
    if column.kind == "year":
        return to_year(value)
    if column.kind == "date":
        day = to_date(value)
        return None if day is None else day.isoformat()
    if column.kind == "bool":
        return to_bool(value)
    text = clean_text(value, column.max_length)
    if text is None or column.kind != "choice":
        return text
    allowed = column.allowed()
    if text in allowed:
        return text
    if column.vocab is not None:  # an English label, any case
        for term in column.vocab:
            if text.lower() == term.en.lower() and term.value in allowed:
                return term.value
    raise CellError("imp_cell_choice", value=text, allowed="/".join(allowed))


# While an import reads its rows: whether its error list still has room. A suggestion for
# an error past the list's cap would never be shown, and computing one per row is what made a
# 200 000-row file of unknown names take minutes.
suggestions_wanted: ContextVar[Callable[[], bool] | None] = ContextVar(
    "suggestions_wanted", default=None
)


def closest(value: str, candidates: Iterable[str]) -> str:
    """The most similar known name (for "did you mean …"), or '' (also once the import's
    error list is full)."""
    wanted = suggestions_wanted.get()
    if wanted is not None and not wanted():
        return ""
    hits = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.3)
    return hits[0] if hits else ""


@dataclass
class Context:
    """What a kind needs while planning: the connection, the round (for round kinds), the
    language, and lookups it fills once in ``prepare``."""

    conn: Connection
    lang: str
    round_id: int | None = None
    round_year: int | None = None
    lookups: dict[str, dict[Any, Any]] = field(default_factory=dict)


class Kind:
    """A kind of import. Subclasses set the class attributes and implement the hooks."""

    name: str = ""
    title_zh: str = ""
    title_en: str = ""
    columns: tuple[Column, ...] = ()
    needs_round: bool = False
    # With needs_round: every row it writes is that round's own data (nothing of the
    # registry), so its import invalidates only that round's stored result (data_access.audit).
    round_only: bool = True
    entity: str = ""  # the table its rows live in (audit and change log)

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_zh

    def prepare(self, ctx: Context) -> None:
        """Load the lookups ``to_record`` needs (names → ids), once per import."""

    def to_record(self, values: Mapping[str, Any], ctx: Context) -> tuple[Key, Record]:
        """The natural key and stored record of one row's read values; raises RowError."""
        raise NotImplementedError

    def existing(self, ctx: Context, keys: Sequence[Key]) -> dict[Key, Record]:
        """The stored records of these keys (absent keys are new)."""
        raise NotImplementedError

    def write(self, ctx: Context, key: Key, record: Record, before: Record | None) -> None:
        """Store ``record`` (insert when ``before`` is None, else update)."""
        raise NotImplementedError

    def remove(self, ctx: Context, key: Key) -> None:
        """Delete the row of ``key`` (undoing an insert)."""
        raise NotImplementedError

    def write_many(
        self, ctx: Context, changes: Sequence[tuple[Key, Record, Record | None]]
    ) -> None:
        """Store many records ((key, record, before) each); kinds with a faster bulk path
        override it."""
        for key, record, before in changes:
            self.write(ctx, key, record, before)

    def template_rows(self, ctx: Context) -> list[dict[str, Any]]:
        """Rows to prefill the template with (column key → cell), e.g. what is stored."""
        return []

    def check_file(self, ctx: Context, rows: Sequence[FileRow]) -> list[FileRow]:
        """Check the rows together, once each row has been read (a tree's points add up), and
        return them completed with what depends on other rows (a node's level); raises
        RowErrors. Most kinds check row by row only."""
        return list(rows)

    def stored(self, record: Record) -> bool:
        """Whether a record ``existing`` returned is a stored row. A kind whose row spans
        tables may find only the part other rows share (a year's assessment grade beside a
        new workload metric): the row is then new, and undoing it restores that part."""
        return True

    def own_layout(self, sheets: Sequence[Sheet]) -> bool:
        """Whether the file is in a layout of the kind's own rather than a header row of its
        columns (a matrix of ratings): ``read_own`` then reads it. Pure, no database."""
        return False

    def read_own(self, sheets: Sequence[Sheet], ctx: Context) -> list[FileRow]:
        """The rows of a file in the kind's own layout; raises RowErrors (each message
        naming its cell)."""
        raise NotImplementedError

    def removals(self, ctx: Context, keys: Sequence[Key]) -> dict[Key, Record]:
        """Stored records the import removes because the file does not name them (a file that
        is the whole set, such as a round's indicator tree); most kinds remove nothing."""
        return {}


class TableKind(Kind):
    """A kind whose records are rows of one table: ``key_fields`` identify a row, ``fields``
    are the stored columns the file sets (a record holds key and fields)."""

    table: Table
    key_fields: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    defaults: Mapping[str, Any] = {}

    def _where(self, key: Key) -> Any:
        return and_(
            *(
                self.table.c[f] == _stored(self.table, f, v)
                for f, v in zip(self.key_fields, key, strict=True)
            )
        )

    def existing(self, ctx: Context, keys: Sequence[Key]) -> dict[Key, Record]:
        if not keys:
            return {}
        cols = [self.table.c[f] for f in (*self.key_fields, *self.fields)]
        out: dict[Key, Record] = {}
        wanted = set(keys)
        # One query per distinct first key value keeps the IN list short and uses the index.
        first = self.table.c[self.key_fields[0]]
        name = self.key_fields[0]
        values = sorted({_stored(self.table, name, k[0]) for k in keys}, key=str)
        for i in range(0, len(values), 500):
            stmt = select(*cols).where(first.in_(values[i : i + 500]))
            for row in ctx.conn.execute(stmt):
                # Keys hold what records hold (a date as ISO text), as the file's keys do.
                key = tuple(_plain_value(v) for v in row[: len(self.key_fields)])
                if key in wanted:
                    out[key] = _plain(dict(zip((*self.key_fields, *self.fields), row, strict=True)))
        return out

    def _fields_in(self, record: Record) -> list[str]:
        """The fields a record sets: a column left out of the file keeps its stored value
        (and a new row its default)."""
        return [f for f in self.fields if f in record]

    def write(self, ctx: Context, key: Key, record: Record, before: Record | None) -> None:
        values = {f: _stored(self.table, f, record[f]) for f in self._fields_in(record)}
        if before is None:
            keys = {f: _stored(self.table, f, v) for f, v in zip(self.key_fields, key, strict=True)}
            ctx.conn.execute(insert(self.table).values(**self.defaults, **keys, **values))
        else:
            ctx.conn.execute(update(self.table).where(self._where(key)).values(**values))

    def remove(self, ctx: Context, key: Key) -> None:
        ctx.conn.execute(delete(self.table).where(self._where(key)))

    def write_many(
        self, ctx: Context, changes: Sequence[tuple[Key, Record, Record | None]]
    ) -> None:
        """Inserts in one executemany, updates in another (100 000 rows in seconds)."""
        if type(self).write is not TableKind.write:  # a kind with its own write: row by row
            super().write_many(ctx, changes)
            return
        self.bulk_write(ctx, changes)

    def bulk_write(
        self, ctx: Context, changes: Sequence[tuple[Key, Record, Record | None]]
    ) -> None:
        """The table's own fields of every record, in bulk (a kind with more to write calls
        it from its own ``write_many``)."""
        groups: dict[tuple[bool, tuple[str, ...]], list[tuple[Key, Record]]] = {}
        for key, record, before in changes:  # executemany needs the same keys in every row
            groups.setdefault((before is None, tuple(self._fields_in(record))), []).append(
                (key, record)
            )
        for (is_new, fields), rows in groups.items():
            if is_new:
                ctx.conn.execute(
                    insert(self.table), [self._insert_row(k, r, fields) for k, r in rows]
                )
                continue
            stmt = (
                update(self.table)
                .where(and_(*(self.table.c[f] == bindparam(f"k_{f}") for f in self.key_fields)))
                .values({f: bindparam(f"v_{f}") for f in fields})
            )
            ctx.conn.execute(stmt, [self._update_row(k, r, fields) for k, r in rows])

    def _insert_row(self, key: Key, record: Record, fields: Sequence[str]) -> dict[str, Any]:
        row = {**self.defaults, **dict(zip(self.key_fields, key, strict=True))}
        for f in fields:
            row[f] = record[f]
        for f in _date_columns(self.table):  # ISO text back to a date (the rest as it is)
            if f in row:
                row[f] = _stored(self.table, f, row[f])
        return row

    def _update_row(self, key: Key, record: Record, fields: Sequence[str]) -> dict[str, Any]:
        return {
            **{
                f"k_{f}": _stored(self.table, f, v)
                for f, v in zip(self.key_fields, key, strict=True)
            },
            **{f"v_{f}": _stored(self.table, f, record[f]) for f in fields},
        }


def _plain_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _plain(record: Record) -> Record:
    return {k: _plain_value(v) for k, v in record.items()}


def _stored(table: Table, name: str, value: Any) -> Any:
    """A record value as the column stores it (ISO text back to a date)."""
    if value is not None and isinstance(value, str) and _is_date_column(table, name):
        return dt.date.fromisoformat(value)
    return value


@functools.cache
def _date_columns(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.columns if _is_date_column(table, c.name))


@functools.cache
def _is_date_column(table: Table, name: str) -> bool:
    try:
        python_type = getattr(table.c[name].type, "python_type", None)
    except NotImplementedError:  # the property raises for types without one
        return False
    return python_type is dt.date
