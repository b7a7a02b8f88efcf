"""Personnel structure (人员结构): one row per agency × year spanning three tables — the age
bands and education levels (personnel), the next five years' expected retirements
(retirement_forecast, base_year = the row's year) and that year's recruitment plan
(recruitment_plan, plan_year = the row's year, per year and post type).

``existing`` gathers every part of a row, ``write`` makes each part what the file says (a
blank count: no such row), ``remove`` deletes every part, so an import is compared and undone
as a whole row. Aggregates only: no personal data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, select

from data_access.imports.agency_data import (
    AGENCY_COLUMN,
    YEAR_COLUMN,
    agency_names,
    chunks,
    put_count,
    put_row,
)
from data_access.imports.kind import Column, Context, Key, Kind, Record, RowError
from data_access.imports.registry import agency_lookup, resolve_agency
from data_access.models import Personnel, RecruitmentPlan, RetirementForecast
from domain.vocab import PostType

__all__ = ["PersonnelKind", "HORIZON"]

HORIZON = 5  # forecast and plan years after the row's year

_AGES = (
    ("age_35_below", "35岁及以下", "Aged 35 and under"),
    ("age_36_45", "36-45岁", "Aged 36-45"),
    ("age_46_55", "46-55岁", "Aged 46-55"),
    ("age_56_above", "56岁及以上", "Aged 56 and over"),
)
_EDUCATION = (
    ("edu_postgrad", "研究生", "Postgraduate"),
    ("edu_bachelor", "本科", "Bachelor"),
    ("edu_college_below", "专科及以下", "College or below"),
)
_PEOPLE = tuple(f for f, _zh, _en in (*_AGES, *_EDUCATION))
_RETIRE = tuple(f"retire_{i}" for i in range(1, HORIZON + 1))
_PLAN = {(post, i): f"plan_{post.code}_{i}" for post in PostType for i in range(1, HORIZON + 1)}


def _people_columns() -> tuple[Column, ...]:
    return tuple(
        Column(f, zh, en, "int", help_zh="人数", help_en="headcount")
        for f, zh, en in (*_AGES, *_EDUCATION)
    )


def _retire_columns() -> tuple[Column, ...]:
    return tuple(
        Column(
            f"retire_{i}",
            f"第{i}年预计退休",
            f"Retirements, year +{i}",
            "int",
            help_zh=f"年度之后第 {i} 年预计退休人数（年度 2024 的第 1 年是 2025 年）",
            help_en=f"expected retirements in the year {i} after the row's year",
        )
        for i in range(1, HORIZON + 1)
    )


def _plan_columns() -> tuple[Column, ...]:
    return tuple(
        Column(
            field,
            f"第{i}年{post.zh}进人",
            f"Planned {post.en} hires, year +{i}",
            "int",
            help_zh=f"用编进人规划：年度之后第 {i} 年计划使用{post.zh}编制进人数",
            help_en=f"recruitment plan: {post.en} hires planned in year {i} after the row's year",
        )
        for (post, i), field in _PLAN.items()
    )


class PersonnelKind(Kind):
    """One row per agency × year: age bands and education (table personnel), the next five
    years' expected retirements (retirement_forecast, base_year = the row's year) and the
    recruitment plan of that year (recruitment_plan, plan_year = the row's year)."""

    name = "personnel"
    title_zh, title_en = "人员结构", "Personnel"
    entity = "personnel"
    columns = (AGENCY_COLUMN, YEAR_COLUMN, *_people_columns(), *_retire_columns(), *_plan_columns())

    def prepare(self, ctx: Context) -> None:
        agency_lookup(ctx)

    def to_record(self, values: Mapping[str, Any], ctx: Context) -> tuple[Key, Record]:
        key = (resolve_agency(ctx, str(values["agency"])), int(values["year"]))
        people: dict[str, int | None] = {f: values.get(f) for f in _PEOPLE}
        if any(v is not None for v in people.values()):
            counts = {f: int(values.get(f) or 0) for f in _PEOPLE}
            ages = sum(counts[f] for f, _zh, _en in _AGES)
            education = sum(counts[f] for f, _zh, _en in _EDUCATION)
            if ages != education:  # both count the same headcount
                raise RowError(None, "imp_pers_totals", ages=ages, education=education)
            people = dict(counts)
        rest = {f: values.get(f) for f in (*_RETIRE, *_PLAN.values())}
        if all(v is None for v in (*people.values(), *rest.values())):
            raise RowError(None, "imp_row_no_values")
        return key, {"agency_id": key[0], "year": key[1], **people, **rest}

    def existing(self, ctx: Context, keys: Sequence[Key]) -> dict[Key, Record]:
        wanted = set(keys)
        out: dict[Key, Record] = {}

        def record(agency_id: int, year: int) -> Record | None:
            key = (int(agency_id), int(year))
            if key not in wanted:
                return None
            if key not in out:
                empty = dict.fromkeys((*_PEOPLE, *_RETIRE, *_PLAN.values()))
                out[key] = {"agency_id": key[0], "year": key[1], **empty}
            return out[key]

        years = sorted({k[1] for k in keys})
        for ids in chunks([k[0] for k in keys]):
            p = Personnel
            for row in ctx.conn.execute(
                select(p.agency_id, p.year, *(p.__table__.c[f] for f in _PEOPLE)).where(
                    p.agency_id.in_(ids), p.year.in_(years)
                )
            ):
                if (r := record(row.agency_id, row.year)) is not None:
                    r.update({f: getattr(row, f) for f in _PEOPLE})
            f = RetirementForecast
            for row in ctx.conn.execute(
                select(f.agency_id, f.base_year, f.year, f.retirements).where(
                    f.agency_id.in_(ids), f.base_year.in_(years)
                )
            ):
                offset = row.year - row.base_year
                if 1 <= offset <= HORIZON and (r := record(row.agency_id, row.base_year)):
                    r[f"retire_{offset}"] = row.retirements
            q = RecruitmentPlan
            for row in ctx.conn.execute(
                select(q.agency_id, q.plan_year, q.year, q.post_type, q.planned_hires).where(
                    q.agency_id.in_(ids), q.plan_year.in_(years)
                )
            ):
                post = _post(row.post_type)
                field = _PLAN.get((post, row.year - row.plan_year)) if post else None
                if field and (r := record(row.agency_id, row.plan_year)):
                    r[field] = row.planned_hires
        return out

    def write(self, ctx: Context, key: Key, record: Record, before: Record | None) -> None:
        agency_id, year = key
        old = before or {}
        people = {f: record.get(f) for f in _PEOPLE}
        had_people = old.get(_PEOPLE[0]) is not None
        put_row(
            ctx,
            Personnel.__table__,  # type: ignore[arg-type]
            {"agency_id": agency_id, "year": year},
            None if people[_PEOPLE[0]] is None else people,
            exists=had_people,
            changed=any(old.get(f) != v for f, v in people.items()),
        )
        for i, field in enumerate(_RETIRE, start=1):
            put_count(
                ctx,
                RetirementForecast.__table__,  # type: ignore[arg-type]
                {"agency_id": agency_id, "base_year": year, "year": year + i},
                "retirements",
                old.get(field),
                record.get(field),
            )
        for (post, i), field in _PLAN.items():
            put_count(
                ctx,
                RecruitmentPlan.__table__,  # type: ignore[arg-type]
                {"agency_id": agency_id, "plan_year": year, "year": year + i, "post_type": post},
                "planned_hires",
                old.get(field),
                record.get(field),
            )

    def remove(self, ctx: Context, key: Key) -> None:
        agency_id, year = key
        later = range(year + 1, year + HORIZON + 1)
        conn = ctx.conn
        conn.execute(
            delete(Personnel).where(Personnel.agency_id == agency_id, Personnel.year == year)
        )
        f, q = RetirementForecast, RecruitmentPlan
        conn.execute(
            delete(f).where(f.agency_id == agency_id, f.base_year == year, f.year.in_(later))
        )
        conn.execute(
            delete(q).where(q.agency_id == agency_id, q.plan_year == year, q.year.in_(later))
        )

    def template_rows(self, ctx: Context) -> list[dict[str, Any]]:
        conn = ctx.conn
        keys: set[Key] = set()
        for stmt in (
            select(Personnel.agency_id, Personnel.year),
            select(RetirementForecast.agency_id, RetirementForecast.base_year),
            select(RecruitmentPlan.agency_id, RecruitmentPlan.plan_year),
        ):
            keys |= {(int(a), int(y)) for a, y in conn.execute(stmt.distinct())}
        names = agency_names(ctx)
        stored = self.existing(ctx, sorted(keys))
        out = []
        for (agency_id, year), record in sorted(
            stored.items(), key=lambda kv: (-kv[0][1], kv[0][0])
        ):
            out.append({"agency": names[agency_id], "year": year, **record})
        return out


def _post(value: str) -> PostType | None:
    try:
        return PostType(value)
    except ValueError:
        return None
