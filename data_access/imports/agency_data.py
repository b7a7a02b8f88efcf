"""Agency data by year: history events (历史沿革) and workload (工作量, with the year's
annual-assessment grade); personnel structure is in ``personnel``. The helpers here are shared
by the kinds whose rows span tables.

A workload row spans two tables (the metric, and the grade the agency's other metrics of that
year share); ``existing``, ``write`` and ``remove`` handle both parts, so an import is compared
and undone as a whole row. Blank cells never create rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, and_, delete, func, insert, select, update

from data_access.imports.kind import (
    Column,
    Context,
    FileRow,
    Key,
    Kind,
    Record,
    RowError,
    RowErrors,
    TableKind,
)
from data_access.imports.registry import agency_lookup, resolve_agency
from data_access.models import (
    Agency,
    AnnualAssessment,
    HistoryEvent,
    Workload,
)
from domain.catalog import translate
from domain.vocab import EventKind, Grade

__all__ = [
    "HistoryKind",
    "WorkloadKind",
    "AGENCY_COLUMN",
    "YEAR_COLUMN",
    "agency_names",
    "chunks",
    "put_row",
    "put_count",
]

_CHUNK = 500


def chunks(values: Sequence[Any]) -> Iterator[list[Any]]:
    """Distinct values in sorted chunks short enough for an IN list."""
    ordered = sorted(set(values))
    for i in range(0, len(ordered), _CHUNK):
        yield ordered[i : i + _CHUNK]


def agency_names(ctx: Context) -> dict[int, str]:
    return {int(r.id): r.name for r in ctx.conn.execute(select(Agency.id, Agency.name))}


AGENCY_COLUMN = Column("agency", "单位名称", "Agency", required=True, max_length=64)
YEAR_COLUMN = Column("year", "年度", "Year", "year", required=True)


class HistoryKind(TableKind):
    """One row per event: agency × date × event type."""

    name = "history"
    title_zh, title_en = "历史沿革", "History"
    entity = "history_event"
    table = HistoryEvent.__table__  # type: ignore[assignment]
    key_fields = ("agency_id", "event_date", "kind")
    fields = ("doc_no", "description")
    columns = (
        AGENCY_COLUMN,
        Column("date", "日期", "Date", "date", required=True, help_zh="如 2019-01-28"),
        Column("kind", "事件类型", "Event type", "choice", required=True, vocab=EventKind),
        Column("doc_no", "文号", "Document number", max_length=64),
        Column("description", "说明", "Description", max_length=2000),
    )

    def prepare(self, ctx: Context) -> None:
        agency_lookup(ctx)

    def to_record(self, values: Mapping[str, Any], ctx: Context) -> tuple[Key, Record]:
        key = (resolve_agency(ctx, str(values["agency"])), values["date"], values["kind"])
        # The table keeps '' for an event without a description.
        record = {"doc_no": values.get("doc_no"), "description": values.get("description") or ""}
        return key, {"agency_id": key[0], "event_date": key[1], "kind": key[2], **record}

    def template_rows(self, ctx: Context) -> list[dict[str, Any]]:
        h = HistoryEvent
        rows = ctx.conn.execute(
            select(
                Agency.name.label("agency"),
                h.event_date.label("date"),
                h.kind,
                h.doc_no,
                h.description,
            )
            .join(Agency, Agency.id == h.agency_id)
            .order_by(Agency.id, h.event_date, h.id)
        )
        return [dict(r._mapping) for r in rows]


def put_row(
    ctx: Context,
    table: Table,
    where: dict[str, Any],
    values: dict[str, Any] | None,
    *,
    exists: bool,
    changed: bool = True,
) -> None:
    """Make the row at ``where`` hold ``values`` (None: no row), knowing whether it exists."""
    condition = and_(*(table.c[k] == v for k, v in where.items()))
    if values is None:
        if exists:
            ctx.conn.execute(delete(table).where(condition))
    elif not exists:
        ctx.conn.execute(insert(table).values(**where, **values))
    elif changed:
        ctx.conn.execute(update(table).where(condition).values(**values))


def put_count(
    ctx: Context, table: Table, where: dict[str, Any], column: str, old: Any, new: Any
) -> None:
    """One count in its own row (a forecast or plan year): ``old`` → ``new``, None = no row."""
    if old != new:
        put_row(ctx, table, where, None if new is None else {column: new}, exists=old is not None)


# -- workload -------------------------------------------------------------------------------

_ASSESSMENT_GRADES = (Grade.EXCELLENT.value, Grade.GOOD.value, Grade.FAIR.value, Grade.POOR.value)


class WorkloadKind(Kind):
    """One row per agency × year × metric (table workload); 履职考核等次 is the agency's grade
    of that year (annual_assessment), shared by its metrics: a blank grade leaves it as it is."""

    name = "workload"
    title_zh, title_en = "工作量", "Workload"
    entity = "workload"
    columns = (
        AGENCY_COLUMN,
        YEAR_COLUMN,
        Column("metric", "指标名称", "Metric", required=True, max_length=32, help_zh="如 办件量"),
        Column("metric_en", "英文名称", "English name", max_length=64),
        Column("value", "数值", "Value", "number", required=True),
        Column(
            "primary",
            "是否主要指标",
            "Primary metric",
            "bool",
            help_zh="是：与外市同类单位比较的工作量指标，每个单位每年至多一个；"
            "都不填“是”时用单位类型的默认指标",
            help_en="yes: the metric compared with the same agency in other cities, at most "
            "one per agency and year; when none is marked, the type's default metric is used",
        ),
        Column(
            "grade",
            "履职考核等次",
            "Annual assessment grade",
            "choice",
            choices=_ASSESSMENT_GRADES,
            vocab=Grade,
            help_zh="该单位该年度的等次，同一年度各行相同；空白表示不修改",
            help_en="the agency's grade of that year, the same on each of its rows; blank "
            "leaves it unchanged",
        ),
    )

    def prepare(self, ctx: Context) -> None:
        agency_lookup(ctx)
        ctx.lookups["agency_type"] = {
            int(r.id): r.agency_type
            for r in ctx.conn.execute(select(Agency.id, Agency.agency_type))
        }
        ctx.lookups["grade"] = {}

    def to_record(self, values: Mapping[str, Any], ctx: Context) -> tuple[Key, Record]:
        agency_id = resolve_agency(ctx, str(values["agency"]))
        key = (agency_id, int(values["year"]), str(values["metric"]))
        record: Record = {
            "agency_id": key[0],
            "year": key[1],
            "metric": key[2],
            "metric_en": values.get("metric_en"),
            "value": values["value"],
        }
        if values.get("primary") is not None:
            record["is_primary"] = bool(values["primary"])
        grade = values.get("grade")
        if grade is not None:
            first = ctx.lookups["grade"].setdefault(key[:2], grade)
            if first != grade:
                raise RowError("grade", "imp_wl_grade_conflict", first=first, second=grade)
            record["grade"] = grade
        return key, record

    def existing(self, ctx: Context, keys: Sequence[Key]) -> dict[Key, Record]:
        wanted = set(keys)
        pairs = {k[:2] for k in keys}
        years = sorted({k[1] for k in keys})
        rows: dict[Key, Record] = {}
        grades: dict[Key, str] = {}
        w, a = Workload, AnnualAssessment
        for ids in chunks([k[0] for k in keys]):
            for row in ctx.conn.execute(
                select(w.agency_id, w.year, w.metric, w.metric_en, w.value, w.is_primary).where(
                    w.agency_id.in_(ids), w.year.in_(years)
                )
            ):
                if (row.agency_id, row.year, row.metric) in wanted:
                    rows[(row.agency_id, row.year, row.metric)] = dict(row._mapping)
            for graded in ctx.conn.execute(
                select(a.agency_id, a.year, a.grade).where(a.agency_id.in_(ids), a.year.in_(years))
            ):
                if (graded.agency_id, graded.year) in pairs:
                    grades[(graded.agency_id, graded.year)] = graded.grade
        out: dict[Key, Record] = {}
        for key in wanted:
            grade = grades.get(key[:2])
            if key in rows:
                out[key] = {**rows[key], "grade": grade}
            elif grade is not None:  # only the shared grade is stored: the row is new
                out[key] = {
                    "agency_id": key[0],
                    "year": key[1],
                    "metric": key[2],
                    "metric_en": None,
                    "value": None,
                    "is_primary": None,
                    "grade": grade,
                }
        return out

    def stored(self, record: Record) -> bool:
        return record.get("value") is not None

    def check_file(self, ctx: Context, rows: Sequence[FileRow]) -> list[FileRow]:
        """At most one primary metric per agency and year, counting what is stored: marking a
        new one needs the stored one marked 否 in the same file."""
        errors: list[tuple[int | None, RowError]] = []
        marked: dict[tuple[Any, ...], tuple[int | None, str]] = {}
        unmarked = {key for _row, key, record in rows if record.get("is_primary") is False}
        for row, key, record in rows:
            if record.get("is_primary") is not True:
                continue
            if key[:2] in marked:
                first = marked[key[:2]][1]
                errors.append(
                    (row, RowError("primary", "imp_wl_primary_twice", first=first, second=key[2]))
                )
            else:
                marked[key[:2]] = (row, str(key[2]))
        w = Workload
        for ids in chunks(sorted({pair[0] for pair in marked})):
            for stored in ctx.conn.execute(
                select(w.agency_id, w.year, w.metric).where(
                    w.agency_id.in_(ids), w.is_primary.is_(True)
                )
            ):
                pair = (stored.agency_id, stored.year)
                if pair in marked and stored.metric != marked[pair][1]:
                    if (*pair, stored.metric) not in unmarked:
                        errors.append(
                            (
                                marked[pair][0],
                                RowError("primary", "imp_wl_primary_stored", stored=stored.metric),
                            )
                        )
        if errors:
            raise RowErrors(errors)
        return list(rows)

    def write(self, ctx: Context, key: Key, record: Record, before: Record | None) -> None:
        agency_id, year, metric = key
        value = record.get("value")
        put_row(
            ctx,
            Workload.__table__,  # type: ignore[arg-type]
            {"agency_id": agency_id, "year": year, "metric": metric},
            None
            if value is None
            else {
                "metric_en": record.get("metric_en"),
                "value": value,
                **({"is_primary": record["is_primary"]} if "is_primary" in record else {}),
            },
            exists=before is not None and self.stored(before),
        )
        if "grade" in record:
            # Other rows of the same batch may have set this grade already: look it up.
            a = AnnualAssessment
            stored = ctx.conn.execute(
                select(a.grade).where(a.agency_id == agency_id, a.year == year)
            ).first()
            put_row(
                ctx,
                a.__table__,  # type: ignore[arg-type]
                {"agency_id": agency_id, "year": year},
                None if record["grade"] is None else {"grade": record["grade"]},
                exists=stored is not None,
                changed=stored is not None and stored.grade != record["grade"],
            )

    def remove(self, ctx: Context, key: Key) -> None:
        agency_id, year, metric = key
        w, a = Workload, AnnualAssessment
        ctx.conn.execute(
            delete(w).where(w.agency_id == agency_id, w.year == year, w.metric == metric)
        )
        # The row was new, so the year had no grade before it unless another row keeps one.
        left = ctx.conn.execute(
            select(func.count()).select_from(w).where(w.agency_id == agency_id, w.year == year)
        ).scalar_one()
        if not left:
            ctx.conn.execute(delete(a).where(a.agency_id == agency_id, a.year == year))

    def template_rows(self, ctx: Context) -> list[dict[str, Any]]:
        w, a = Workload, AnnualAssessment
        rows = ctx.conn.execute(
            select(
                Agency.name.label("agency"),
                Agency.agency_type,
                w.year,
                w.metric,
                w.metric_en,
                w.value,
                w.is_primary,
                a.grade,
            )
            .join(Agency, Agency.id == w.agency_id)
            .outerjoin(a, and_(a.agency_id == w.agency_id, a.year == w.year))
            .order_by(w.year.desc(), Agency.id, w.id)
        )
        yes, no = translate("imp_tpl_yes", ctx.lang), translate("imp_tpl_no", ctx.lang)
        out, graded = [], set()
        for r in rows:
            row = {
                **r._mapping,
                "primary": yes if r.is_primary else no,
            }
            if (r.agency, r.year) in graded:  # the grade once per agency and year
                row["grade"] = None
            graded.add((r.agency, r.year))
            out.append(row)
        return out
