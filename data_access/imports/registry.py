"""Registry kinds: cities (population by year), agencies, staffing by year. Each row of a file
is one row of a table, identified by its natural key (city × year, agency, agency × year)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert, select

from data_access.imports.kind import Column, Context, Key, Record, RowError, TableKind, closest
from data_access.models import Agency, AgencyType, City, CityPopulation, Staffing
from domain.vocab import Nature

__all__ = [
    "CitiesKind",
    "AgenciesKind",
    "StaffingKind",
    "PROVINCE_CITIES",
    "agency_lookup",
    "resolve_agency",
]

RANKS = ("正县级", "副县级", "正科级", "副科级")
#: The 16 prefecture-level cities of Shandong (DOMAIN §2). A clean database holds no city:
#: the first cities file that names one adds it.
PROVINCE_CITIES = (
    "济南",
    "青岛",
    "淄博",
    "枣庄",
    "东营",
    "烟台",
    "潍坊",
    "济宁",
    "泰安",
    "威海",
    "日照",
    "临沂",
    "德州",
    "聊城",
    "滨州",
    "菏泽",
)


def agency_lookup(ctx: Context) -> None:
    """Agencies by full name and by short name (an office writes either)."""
    if "agency" in ctx.lookups:
        return
    names: dict[str, Any] = {}
    for row in ctx.conn.execute(select(Agency.id, Agency.name, Agency.short_name)):
        names[row.name] = row.id
        if row.short_name:
            names.setdefault(row.short_name, row.id)
    ctx.lookups["agency"] = names


def resolve_agency(ctx: Context, name: str, column: str = "agency") -> int:
    names = ctx.lookups["agency"]
    if name in names:
        return int(names[name])
    hit = closest(name, names)
    hint = ctx_hint(ctx, hit)
    raise RowError(column, "imp_unknown_agency", value=name, hint=hint)


def ctx_hint(ctx: Context, name: str) -> str:
    from domain.catalog import translate

    return translate("imp_hint", ctx.lang, name=name) if name else ""


class CitiesKind(TableKind):
    name = "cities"
    title_zh, title_en = "城市人口", "Cities"
    entity = "city_population"
    table = CityPopulation.__table__  # type: ignore[assignment]
    key_fields = ("city_id", "year")
    fields = ("population",)
    columns = (
        Column(
            "city",
            "城市",
            "City",
            required=True,
            help_zh="山东省 16 个设区市之一，如“济宁”",
            help_en="one of Shandong's 16 cities",
        ),
        Column("year", "年度", "Year", "year", required=True),
        Column(
            "population",
            "常住人口（万人）",
            "Resident population (10k)",
            "number",
            required=True,
            help_zh="单位：万人",
            help_en="in 10,000 residents",
        ),
    )

    def prepare(self, ctx: Context) -> None:
        ctx.lookups["city"] = {r.name: r.id for r in ctx.conn.execute(select(City.id, City.name))}

    def to_record(self, values: Mapping[str, Any], ctx: Context) -> tuple[Key, Record]:
        cities = ctx.lookups["city"]
        name = str(values["city"]).removesuffix("市")
        if name not in cities and name in PROVINCE_CITIES:
            # Inside the import's transaction: gone again with a dry run or a refused file.
            added = ctx.conn.execute(insert(City).values(name=name, is_home=False))
            assert added.inserted_primary_key is not None
            cities[name] = int(added.inserted_primary_key[0])
        if name not in cities:
            raise RowError(
                "city",
                "imp_unknown_city",
                value=values["city"],
                hint=ctx_hint(ctx, closest(name, {*cities, *PROVINCE_CITIES})),
            )
        key = (int(cities[name]), int(values["year"]))
        return key, {"city_id": key[0], "year": key[1], "population": values["population"]}

    def template_rows(self, ctx: Context) -> list[dict[str, Any]]:
        rows = ctx.conn.execute(
            select(City.name, CityPopulation.year, CityPopulation.population)
            .join(CityPopulation, CityPopulation.city_id == City.id)
            .order_by(CityPopulation.year.desc(), City.id)
        )
        return [{"city": r.name, "year": r.year, "population": r.population} for r in rows]


class AgenciesKind(TableKind):
    name = "agencies"
    title_zh, title_en = "单位名录", "Agencies"
    entity = "agency"
    table = Agency.__table__  # type: ignore[assignment]
    key_fields = ("name",)
    fields = (
        "short_name",
        "name_en",
        "agency_type",
        "nature",
        "rank",
        "parent_id",
        "sanding_doc_no",
        "sanding_date",
    )
    columns = (
        Column("name", "单位名称", "Agency name", required=True, max_length=64),
        Column("short_name", "简称", "Short name", required=True, max_length=32),
        Column("name_en", "英文名称", "English name", max_length=128),
        Column(
            "agency_type",
            "单位类型",
            "Agency type",
            required=True,
            max_length=32,
            help_zh="如 科技、外事、发改、行政审批（个性指标和横向对比按类型）",
            help_en="e.g. 科技, 外事 (individual indicators and peers go by type)",
        ),
        Column("nature", "单位性质", "Nature", "choice", required=True, vocab=Nature),
        Column("rank", "机构规格", "Rank", "choice", required=True, choices=RANKS),
        Column(
            "parent",
            "上级单位",
            "Parent agency",
            max_length=64,
            help_zh="事业单位填写主管部门全称",
            help_en="for public institutions",
        ),
        Column("sanding_doc_no", "三定文号", "Three-determination document", max_length=64),
        Column("sanding_date", "三定日期", "Three-determination date", "date"),
    )

    def prepare(self, ctx: Context) -> None:
        agency_lookup(ctx)

    def to_record(self, values: Mapping[str, Any], ctx: Context) -> tuple[Key, Record]:
        parent_id = None
        if values.get("parent"):
            if values["parent"] == values["name"]:
                raise RowError("parent", "imp_parent_self")
            parent_id = resolve_agency(ctx, str(values["parent"]), "parent")
        record = {f: values.get(f) for f in self.fields if f != "parent_id"}
        record["parent_id"] = parent_id
        return (values["name"],), {"name": values["name"], **record}

    def write_many(
        self, ctx: Context, changes: Sequence[tuple[Key, Record, Record | None]]
    ) -> None:
        """The rows in bulk, then any agency type not yet known (its English name is entered
        later, in the registry of types)."""
        super().write_many(ctx, changes)
        known = set(ctx.conn.execute(select(AgencyType.name)).scalars())
        wanted = {r.get("agency_type") for _, r, _ in changes} - known - {None, ""}
        if wanted:
            ctx.conn.execute(insert(AgencyType), [{"name": k} for k in sorted(map(str, wanted))])

    def template_rows(self, ctx: Context) -> list[dict[str, Any]]:
        parent = Agency.__table__.alias("parent")
        rows = ctx.conn.execute(
            select(
                Agency.name,
                Agency.short_name,
                Agency.name_en,
                Agency.agency_type,
                Agency.nature,
                Agency.rank,
                parent.c.name.label("parent"),
                Agency.sanding_doc_no,
                Agency.sanding_date,
            )
            .outerjoin(parent, parent.c.id == Agency.parent_id)
            .order_by(Agency.id)
        )
        return [dict(r._mapping) for r in rows]


_POSTS = ("xz", "sy", "gq")
_POST_ZH = {"xz": "行政", "sy": "事业", "gq": "工勤"}
_POST_EN = {"xz": "administrative", "sy": "public institution", "gq": "logistics"}


class StaffingKind(TableKind):
    name = "staffing"
    title_zh, title_en = "编制台账", "Staffing"
    entity = "staffing"
    table = Staffing.__table__  # type: ignore[assignment]
    key_fields = ("agency_id", "year")
    fields = (
        *(f"authorized_{p}" for p in _POSTS),
        *(f"actual_{p}" for p in _POSTS),
        "leader_posts_authorized",
        "leader_posts_filled",
        "internal_sections",
    )
    columns = (
        Column("agency", "单位名称", "Agency", required=True, max_length=64),
        Column("year", "年度", "Year", "year", required=True),
        *(
            Column(f"authorized_{p}", f"{_POST_ZH[p]}编制", f"Authorized {_POST_EN[p]}", "int")
            for p in _POSTS
        ),
        *(
            Column(f"actual_{p}", f"实有{_POST_ZH[p]}", f"Actual {_POST_EN[p]}", "int")
            for p in _POSTS
        ),
        Column("leader_posts_authorized", "领导职数核定", "Leadership posts authorized", "int"),
        Column("leader_posts_filled", "领导职数实配", "Leadership posts filled", "int"),
        Column("internal_sections", "内设机构数", "Internal sections", "int"),
    )

    def prepare(self, ctx: Context) -> None:
        agency_lookup(ctx)

    def to_record(self, values: Mapping[str, Any], ctx: Context) -> tuple[Key, Record]:
        agency_id = resolve_agency(ctx, str(values["agency"]))
        key = (agency_id, int(values["year"]))
        # The table keeps 0 for an empty count (staffing rows are complete by nature).
        record = {f: int(values[f] or 0) for f in self.fields if f in values}
        return key, {"agency_id": key[0], "year": key[1], **record}

    def template_rows(self, ctx: Context) -> list[dict[str, Any]]:
        s = Staffing
        rows = ctx.conn.execute(
            select(Agency.name.label("agency"), s.year, *(getattr(s, f) for f in self.fields))
            .join(Agency, Agency.id == s.agency_id)
            .order_by(s.year.desc(), Agency.id)
        )
        return [dict(r._mapping) for r in rows]
