"""Registry kinds: cities (population by year), agencies, staffing by year. Each row of a file
is one row of a table, identified by its natural key (city × year, agency, agency × year)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, insert, select, update

from data_access.imports.kind import (
    Column,
    Context,
    FileRow,
    Key,
    Record,
    RowError,
    RowErrors,
    TableKind,
    closest,
)
from data_access.models import Agency, AgencyType, City, CityPopulation, Staffing
from domain.catalog import translate
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
        Column(
            "home",
            "本市",
            "Home city",
            "bool",
            help_zh="是：本办所在的城市（横向对比中的“本市”），只能有一个，其各行相同；"
            "空白表示不修改",
            help_en="yes: the office's own city (the home city of peer comparisons), only one, "
            "the same on each of its rows; blank leaves it unchanged",
        ),
    )

    def prepare(self, ctx: Context) -> None:
        ctx.lookups["city"] = {r.name: r.id for r in ctx.conn.execute(select(City.id, City.name))}

    def existing(self, ctx: Context, keys: Sequence[Key]) -> dict[Key, Record]:
        out = super().existing(ctx, keys)
        if out:
            home = {
                int(r.id): bool(r.is_home) for r in ctx.conn.execute(select(City.id, City.is_home))
            }
            for key, record in out.items():
                record["is_home"] = home.get(int(key[0]), False)
        return out

    def check_file(self, ctx: Context, rows: Sequence[FileRow]) -> list[FileRow]:
        """One home city, counting what is stored, and the same mark on each of its rows."""
        errors: list[tuple[int | None, RowError]] = []
        marks: dict[int, tuple[int, bool]] = {}
        names = {v: k for k, v in ctx.lookups["city"].items()}
        for row, key, record in rows:
            if "is_home" not in record:
                continue
            city, mark = int(key[0]), bool(record["is_home"])
            if city in marks and marks[city][1] != mark:
                errors.append((row, RowError("home", "imp_city_home_rows", city=names[city])))
            marks.setdefault(city, (row, mark))
        homes = [(row, city) for city, (row, mark) in marks.items() if mark]
        errors += [
            (row, RowError("home", "imp_city_home_twice", first=names[homes[0][1]]))
            for row, _city in homes[1:]
        ]
        if homes and not errors:
            for stored in ctx.conn.execute(
                select(City.id, City.name).where(City.is_home.is_(True))
            ):
                if stored.id != homes[0][1] and marks.get(int(stored.id), (0, True))[1]:
                    errors.append(
                        (homes[0][0], RowError("home", "imp_city_home_stored", stored=stored.name))
                    )
        if errors:
            raise RowErrors(errors)
        return list(rows)

    def write(self, ctx: Context, key: Key, record: Record, before: Record | None) -> None:
        super().write(ctx, key, record, before)
        if "is_home" in record:
            ctx.conn.execute(
                update(City).where(City.id == key[0]).values(is_home=bool(record["is_home"]))
            )

    def remove(self, ctx: Context, key: Key) -> None:
        """Undoing a new row: a city left without any year is no longer the home city."""
        super().remove(ctx, key)
        left = ctx.conn.execute(
            select(CityPopulation.year).where(CityPopulation.city_id == key[0]).limit(1)
        ).first()
        if left is None:
            ctx.conn.execute(update(City).where(City.id == key[0]).values(is_home=False))

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
        record = {"city_id": key[0], "year": key[1], "population": values["population"]}
        if values.get("home") is not None:
            record["is_home"] = bool(values["home"])
        return key, record

    def template_rows(self, ctx: Context) -> list[dict[str, Any]]:
        rows = ctx.conn.execute(
            select(City.name, City.is_home, CityPopulation.year, CityPopulation.population)
            .join(CityPopulation, CityPopulation.city_id == City.id)
            .order_by(CityPopulation.year.desc(), City.id)
        )
        yes, no = translate("imp_tpl_yes", ctx.lang), translate("imp_tpl_no", ctx.lang)
        return [
            {
                "city": r.name,
                "year": r.year,
                "population": r.population,
                "home": yes if r.is_home else no,
            }
            for r in rows
        ]


class AgenciesKind(TableKind):
    name = "agencies"
    title_zh, title_en = "单位名录", "Agencies"
    entity = "agency"
    table = Agency.__table__  # type: ignore[assignment]
    key_fields = ("name",)
    # The parent is kept in records by name ("parent"), so a parent may be a row of the same
    # file; it is stored as parent_id once every row is written.
    fields = (
        "short_name",
        "name_en",
        "short_name_en",
        "agency_type",
        "nature",
        "rank",
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
        Column("short_name_en", "英文简称", "English short name", max_length=64),
    )

    def prepare(self, ctx: Context) -> None:
        agency_lookup(ctx)
        ctx.lookups["agency_full"] = dict(ctx.conn.execute(select(Agency.id, Agency.name)).all())

    def to_record(self, values: Mapping[str, Any], ctx: Context) -> tuple[Key, Record]:
        # A column left out of the file keeps what is stored.
        record: Record = {f: values.get(f) for f in self.fields if f in values}
        if "parent" in values:
            parent = values.get("parent") or None
            if parent is not None and parent == values["name"]:
                raise RowError("parent", "imp_parent_self")
            names = ctx.lookups["agency"]
            if parent is not None and parent in names:  # a stored agency, by its full name
                parent = ctx.lookups["agency_full"][names[parent]]
            record["parent"] = parent
        return (values["name"],), {"name": values["name"], **record}

    def check_file(self, ctx: Context, rows: Sequence[FileRow]) -> list[FileRow]:
        """A parent is a stored agency or a row above its agencies in the same file."""
        stored = ctx.lookups["agency"]
        in_file = {key[0]: row for row, key, _record in rows}
        errors: list[tuple[int | None, RowError]] = []
        for row, _key, record in rows:
            parent = record.get("parent")
            if parent is None or parent in stored:
                continue
            if parent not in in_file:
                hint = ctx_hint(ctx, closest(parent, {*stored, *in_file}))
                errors.append(
                    (row, RowError("parent", "imp_unknown_agency", value=parent, hint=hint))
                )
            elif in_file[parent] > row:
                errors.append(
                    (
                        row,
                        RowError("parent", "imp_parent_below", parent=parent, row=in_file[parent]),
                    )
                )
        if errors:
            raise RowErrors(errors)
        return list(rows)

    def existing(self, ctx: Context, keys: Sequence[Key]) -> dict[Key, Record]:
        out = super().existing(ctx, keys)
        if out:
            parent = Agency.__table__.alias("parent")
            parents: dict[str, str] = dict(
                ctx.conn.execute(
                    select(Agency.name, parent.c.name).join(parent, parent.c.id == Agency.parent_id)
                ).all()
            )
            for key, record in out.items():
                record["parent"] = parents.get(key[0])
        return out

    def _set_parents(self, ctx: Context, records: Sequence[tuple[Key, Record]]) -> None:
        with_parent = [(k, r) for k, r in records if "parent" in r or "parent_id" in r]
        if not with_parent:
            return
        ids = dict(ctx.conn.execute(select(Agency.name, Agency.id)).all())
        rows = [
            {
                "k_name": key[0],
                # an undo of a batch written before parents went by name holds parent_id
                "v_parent": ids[r["parent"]] if r.get("parent") else r.get("parent_id"),
            }
            for key, r in with_parent
        ]
        ctx.conn.execute(
            update(Agency)
            .where(Agency.name == bindparam("k_name"))
            .values(parent_id=bindparam("v_parent")),
            rows,
        )

    def write(self, ctx: Context, key: Key, record: Record, before: Record | None) -> None:
        super().write(ctx, key, record, before)
        self._set_parents(ctx, [(key, record)])

    def write_many(
        self, ctx: Context, changes: Sequence[tuple[Key, Record, Record | None]]
    ) -> None:
        """The rows in bulk, their parents (which may be rows of the same batch), then any
        agency type not yet known (its English name is entered later, in the registry of
        types)."""
        self.bulk_write(ctx, changes)
        self._set_parents(ctx, [(key, record) for key, record, _before in changes])
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
                Agency.short_name_en,
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
