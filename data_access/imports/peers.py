"""Peer figures (横向对比): one row per city × agency type × year, the same agency type in the
province's other cities — authorized posts by type, actual headcount, internal sections and
the primary workload. An empty cell stays empty (not reported), never 0: a 0 would count the
city as a peer with no posts (issue 10). Population comes from the ``cities`` kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from data_access.imports.kind import Column, Context, Key, Record, RowError, TableKind, closest
from data_access.imports.registry import ctx_hint
from data_access.models import Agency, AgencyType, City, PeerStaffing
from data_access.round_inputs import primary_metric

__all__ = ["PeersKind"]

_POSTS = ("xz", "sy", "gq")
_POST_ZH = {"xz": "行政", "sy": "事业", "gq": "工勤"}
_POST_EN = {"xz": "administrative", "sy": "public institution", "gq": "logistics"}
_COUNTS = (*(f"authorized_{p}" for p in _POSTS), "actual_total", "internal_sections")


class PeersKind(TableKind):
    name = "peers"
    title_zh, title_en = "同类机构（外市）", "Peer cities"
    entity = "peer_staffing"
    table = PeerStaffing.__table__  # type: ignore[assignment]
    key_fields = ("city_id", "agency_type", "year")
    fields = (*_COUNTS, "workload_metric", "workload_value")
    columns = (
        Column(
            "city",
            "城市",
            "City",
            required=True,
            max_length=32,
            help_zh="本省其他设区市，如“青岛”（人口取自“城市人口”）",
            help_en="another city of the province (population comes from Cities)",
        ),
        Column(
            "agency_type",
            "单位类型",
            "Agency type",
            required=True,
            max_length=32,
            help_zh="与单位名录中的类型相同，如 科技、外事",
            help_en="as in the agency registry, e.g. 科技",
        ),
        Column("year", "年度", "Year", "year", required=True),
        *(
            Column(
                f"authorized_{p}",
                f"{_POST_ZH[p]}编制",
                f"Authorized {_POST_EN[p]}",
                "int",
                help_zh="未掌握的留空（不要填 0）",
                help_en="leave blank when not known (not 0)",
            )
            for p in _POSTS
        ),
        Column("actual_total", "实有人数", "Actual headcount", "int"),
        Column("internal_sections", "内设机构数", "Internal sections", "int"),
        Column(
            "workload_metric",
            "工作量指标",
            "Workload metric",
            max_length=32,
            help_zh="该类型的主要指标（如 办件量）；留空即为主要指标",
            help_en="the type's primary metric; blank means that one",
        ),
        Column("workload_value", "工作量", "Workload", "number"),
    )

    def prepare(self, ctx: Context) -> None:
        cities = ctx.conn.execute(select(City.id, City.name, City.is_home)).all()
        ctx.lookups["city"] = {r.name: int(r.id) for r in cities}
        ctx.lookups["home"] = {r.name: True for r in cities if r.is_home}
        types = set(ctx.conn.execute(select(Agency.agency_type).distinct()).scalars())
        types |= set(ctx.conn.execute(select(AgencyType.name)).scalars())
        ctx.lookups["type"] = {str(t): True for t in types if t}

    def to_record(self, values: Mapping[str, Any], ctx: Context) -> tuple[Key, Record]:
        cities = ctx.lookups["city"]
        name = str(values["city"]).removesuffix("市")
        if name not in cities:
            hint = ctx_hint(ctx, closest(name, cities))
            raise RowError("city", "imp_unknown_city", value=values["city"], hint=hint)
        if name in ctx.lookups["home"]:
            raise RowError("city", "imp_peer_home_city", city=name)
        kind = str(values["agency_type"])
        if kind not in ctx.lookups["type"]:
            hint = ctx_hint(ctx, closest(kind, ctx.lookups["type"]))
            raise RowError("agency_type", "imp_peer_unknown_type", value=kind, hint=hint)
        metric, value = values.get("workload_metric"), values.get("workload_value")
        primary = primary_metric(kind)
        if metric is None and value is not None:
            metric = primary  # a workload without its metric is the type's primary one
        elif metric is not None and metric != primary:
            raise RowError(
                "workload_metric", "imp_peer_metric", metric=metric, type=kind, primary=primary
            )
        if all(values.get(f) is None for f in _COUNTS) and value is None:
            raise RowError(None, "imp_peer_no_values")
        key = (cities[name], kind, int(values["year"]))
        # Blank cells stay None (not reported); a column left out of the file is not in the
        # record, so it keeps its stored value.
        record: Record = {f: values[f] for f in _COUNTS if f in values}
        if "workload_metric" in values or "workload_value" in values:
            record["workload_metric"] = metric if value is not None else None
            record["workload_value"] = value
        return key, {"city_id": key[0], "agency_type": kind, "year": key[2], **record}

    def template_rows(self, ctx: Context) -> list[dict[str, Any]]:
        p = PeerStaffing
        rows = ctx.conn.execute(
            select(
                City.name.label("city"),
                p.agency_type,
                p.year,
                *(getattr(p, f) for f in self.fields),
            )
            .join(City, City.id == p.city_id)
            .order_by(p.year.desc(), p.agency_type, City.id)
        )
        return [dict(r._mapping) for r in rows]
