"""External ratings (外部评价, ``ratings``, needs a round): 好/较好/一般 given by the municipal
departments and development zones to each evaluated agency on each matter.

Two layouts, told apart automatically:

- **long** — one row per rater × agency × matter: 评价单位, 被评价单位, 评价事项, 评价等次
  (好/较好/一般), 存在问题 (English headers accepted);
- **matrix** — what offices circulate: one sheet per matter (the sheet's name is the matter),
  raters down the first column, agencies across the first row, each cell 好/较好/一般 (blank:
  not rated). A matrix has no problems column, so re-importing one keeps the problems stored.

A rater is one of the model's 18 departments and 2 development zones
(``data_access.seed_data.RATERS``), an agency of the registry (full or short name, stored by its
full name), or a rater already stored in some round. The rated agency is one of the round's
agencies (full or short name); the matter is one of the shipped matters, one the round's tree
rates (``external[...]``) or one stored in the round; the level one of the round's rating
mapping (``RoundConfig.rating_values``). Every problem names its cell; the file is stored
whole or not at all, as a batch that ``imports undo`` reverses.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import and_, bindparam, delete, insert, select, update

from data_access.imports.agency_data import chunks
from data_access.imports.cells import CellError, clean_text, is_blank, normalize_header
from data_access.imports.kind import (
    Column,
    Context,
    FileRow,
    Key,
    Kind,
    Record,
    RowError,
    RowErrors,
    closest,
)
from data_access.imports.reader import Sheet, column_letters
from data_access.imports.registry import agency_lookup, ctx_hint
from data_access.models import (
    Agency,
    EvaluationRound,
    ExternalRating,
    Indicator,
    RoundAgency,
)
from data_access.seed_data import RATERS
from domain.catalog import translate
from domain.vocab import Matter, Rating
from scoring import RoundConfig
from scoring.tree import parse_source

__all__ = ["RatingsKind", "DEFAULT_RATERS", "is_matrix"]

#: The raters of the model (DOMAIN §2: 18 municipal departments and 2 development zones).
DEFAULT_RATERS: tuple[str, ...] = tuple(RATERS)
_HEADER_ROWS = 10
_FIELDS = ("rating", "problems")


def _plain(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


class RatingsKind(Kind):
    """External ratings of a round, in the long or the matrix layout."""

    name = "ratings"
    title_zh, title_en = "外部评价", "External ratings"
    entity = "external_rating"
    needs_round = True
    columns = (
        Column(
            "rater",
            "评价单位",
            "Rater",
            required=True,
            max_length=64,
            help_zh="评价部门或开发区，如“市财政局”“济宁高新区”",
            help_en="the rating department or development zone",
        ),
        Column(
            "agency",
            "被评价单位",
            "Rated agency",
            required=True,
            max_length=64,
            help_zh="本批次评估对象的全称或简称",
            help_en="an agency of the round, full or short name",
        ),
        Column(
            "matter",
            "评价事项",
            "Matter",
            required=True,
            max_length=32,
            help_zh="如 重点领域职责分工、议事协调机构、党建、人事、财务、信访事项办理",
            help_en="e.g. 重点领域职责分工, 党建, 人事 (as in the indicator tree)",
        ),
        Column(
            "rating",
            "评价等次",
            "Rating",
            "choice",
            required=True,
            vocab=Rating,
            help_zh="好 / 较好 / 一般",
            help_en="好 / 较好 / 一般 (or Good / Fairly good / Average)",
        ),
        Column(
            "problems",
            "存在问题",
            "Problems noted",
            max_length=1000,
            help_zh="评价单位指出的问题（可空）",
            help_en="problems the rater noted (optional)",
        ),
    )

    # -- lookups ---------------------------------------------------------------------------

    def prepare(self, ctx: Context) -> None:
        conn = ctx.conn
        agency_lookup(ctx)
        ctx.lookups["in_round"] = {
            int(a): True
            for a in conn.execute(
                select(RoundAgency.agency_id).where(RoundAgency.round_id == ctx.round_id)
            ).scalars()
        }
        full = dict(conn.execute(select(Agency.id, Agency.name)).all())
        ctx.lookups["agency_full"] = full
        raters: dict[str, str] = {r: r for r in DEFAULT_RATERS}
        for row in conn.execute(select(Agency.name, Agency.short_name)):
            raters.setdefault(row.name, row.name)
            if row.short_name:
                raters.setdefault(row.short_name, row.name)
        for r in conn.execute(select(ExternalRating.rater).distinct()).scalars():
            raters.setdefault(str(r), str(r))
        ctx.lookups["rater"] = raters
        matters: dict[str, bool] = {m.value: True for m in Matter}
        for source in conn.execute(
            select(Indicator.source).where(
                Indicator.round_id == ctx.round_id, Indicator.source.like("external%")
            )
        ).scalars():
            try:
                matters.update({a: True for a in parse_source(str(source)).args})
            except ValueError:
                continue
        for m in conn.execute(
            select(ExternalRating.matter).where(ExternalRating.round_id == ctx.round_id).distinct()
        ).scalars():
            matters[str(m)] = True
        ctx.lookups["matter"] = matters
        config = conn.execute(
            select(EvaluationRound.config).where(EvaluationRound.id == ctx.round_id)
        ).scalar()
        levels = RoundConfig.from_dict(dict(config or {})).rating_values
        ctx.lookups["level"] = {str(k): True for k in levels}

    def _rater(self, ctx: Context, name: str, column: str | None = "rater") -> str:
        raters = ctx.lookups["rater"]
        plain = _plain(name)
        if plain in raters:
            return str(raters[plain])
        hint = ctx_hint(ctx, closest(plain, raters))
        raise RowError(column, "xr_unknown_rater", value=name, hint=hint)

    def _agency(self, ctx: Context, name: str, column: str | None = "agency") -> int:
        names = ctx.lookups["agency"]
        plain = _plain(name)
        if plain not in names:
            hint = ctx_hint(ctx, closest(plain, names))
            raise RowError(column, "imp_unknown_agency", value=name, hint=hint)
        agency_id = int(names[plain])
        if agency_id not in ctx.lookups["in_round"]:
            raise RowError(column, "imp_fd_not_in_round", value=name)
        return agency_id

    def _matter(self, ctx: Context, name: str, column: str | None = "matter") -> str:
        matters = ctx.lookups["matter"]
        plain = _plain(name)
        if plain in matters:
            return plain
        for m in Matter:  # an English matter name, any case
            if plain.lower() == m.en.lower() and m.value in matters:
                return m.value
        hint = ctx_hint(ctx, closest(plain, matters))
        raise RowError(column, "xr_unknown_matter", value=name, hint=hint)

    def _level(self, ctx: Context, value: str, column: str | None = "rating") -> str:
        levels = ctx.lookups["level"]
        plain = _plain(value)
        if plain in levels:
            return plain
        for term in Rating:
            if plain.lower() == term.en.lower() and term.value in levels:
                return term.value
        raise RowError(column, "xr_bad_level", value=value, levels="/".join(levels))

    def _record(
        self,
        ctx: Context,
        rater: str,
        agency_id: int,
        matter: str,
        level: str,
        column: str | None = "rater",
    ) -> tuple[Key, Record]:
        if ctx.lookups["agency_full"].get(agency_id) == rater:
            raise RowError(column, "xr_self_rating", rater=rater)
        key = (agency_id, rater, matter)
        return key, {"agency_id": agency_id, "rater": rater, "matter": matter, "rating": level}

    # -- the long layout -------------------------------------------------------------------

    def to_record(self, values: Mapping[str, Any], ctx: Context) -> tuple[Key, Record]:
        rater = self._rater(ctx, str(values["rater"]))
        agency_id = self._agency(ctx, str(values["agency"]))
        matter = self._matter(ctx, str(values["matter"]))
        level = self._level(ctx, str(values["rating"]))
        key, record = self._record(ctx, rater, agency_id, matter, level)
        if "problems" in values:  # a column left out of the file keeps what is stored
            record["problems"] = values.get("problems")
        return key, record

    # -- the matrix layout -----------------------------------------------------------------

    def own_layout(self, sheets: Sequence[Sheet]) -> bool:
        """A matrix: no sheet has the long layout's header row, and some sheet has rating
        levels in its cells below its first row."""
        headers = {normalize_header(h) for c in self.columns for h in (c.zh, c.en)}
        for sheet in sheets:
            for row in sheet.rows[:_HEADER_ROWS]:
                if len({normalize_header(v) for v in row} & headers) >= 2:
                    return False
        return any(is_matrix(s) for s in sheets)

    def read_own(self, sheets: Sequence[Sheet], ctx: Context) -> list[FileRow]:
        """Every filled cell of every matter sheet, as a rating; a problem names its sheet and
        cell. The 'row' of a matrix rating is its row in its sheet (for messages only)."""
        errors: list[tuple[int | None, RowError]] = []
        out: list[FileRow] = []
        seen: dict[Key, str] = {}
        for sheet in sheets:
            if all(is_blank(v) for row in sheet.rows for v in row):
                continue  # an empty sheet (Sheet2, Sheet3 of a new workbook)
            out += self._read_matrix(sheet, ctx, errors, seen)
        if errors:
            raise RowErrors(errors)
        return out

    def _cell_error(
        self, ctx: Context, sheet: Sheet, r: int, c: int, exc: RowError | CellError
    ) -> RowError:
        message = translate(exc.key, ctx.lang, **exc.values)
        return RowError(
            None,
            "xr_matrix_cell",
            sheet=sheet.name,
            cell=f"{column_letters(c)}{r + 1}",
            message=message,
        )

    def _read_matrix(
        self,
        sheet: Sheet,
        ctx: Context,
        errors: list[tuple[int | None, RowError]],
        seen: dict[Key, str],
    ) -> list[FileRow]:
        rows = sheet.rows
        head = next(i for i, row in enumerate(rows) if not all(is_blank(v) for v in row))
        try:
            matter = self._matter(ctx, sheet.name, None)
        except RowError as exc:
            message = translate(exc.key, ctx.lang, **exc.values)
            errors.append(
                (None, RowError(None, "xr_matrix_sheet", sheet=sheet.name, message=message))
            )
            return []
        width = max(len(r) for r in rows)
        agencies: dict[int, int] = {}
        for c in range(1, width):
            header = rows[head][c] if c < len(rows[head]) else None
            filled = any(c < len(row) and not is_blank(row[c]) for row in rows[head + 1 :])
            if is_blank(header):
                if filled:
                    errors.append(
                        (
                            None,
                            self._cell_error(ctx, sheet, head, c, RowError(None, "xr_no_agency")),
                        )
                    )
                continue
            try:
                agencies[c] = self._agency(ctx, str(clean_text(header, 64)), None)
            except (RowError, CellError) as exc:
                errors.append((None, self._cell_error(ctx, sheet, head, c, exc)))
        out: list[FileRow] = []
        for r in range(head + 1, len(rows)):
            row = rows[r]
            if all(is_blank(v) for v in row):
                continue
            try:
                raw = clean_text(row[0] if row else None, 64)
                if raw is None:
                    raise RowError(None, "xr_no_rater")
                rater = self._rater(ctx, raw, None)
            except (RowError, CellError) as exc:
                errors.append((None, self._cell_error(ctx, sheet, r, 0, exc)))
                continue
            for c, agency_id in agencies.items():
                value = row[c] if c < len(row) else None
                if is_blank(value):
                    continue  # not rated
                cell = f"{column_letters(c)}{r + 1}"
                try:
                    level = self._level(ctx, str(clean_text(value, 16)), None)
                    key, record = self._record(ctx, rater, agency_id, matter, level, None)
                except (RowError, CellError) as exc:
                    errors.append((None, self._cell_error(ctx, sheet, r, c, exc)))
                    continue
                if key in seen:
                    dup = RowError(None, "xr_matrix_twice", other=seen[key])
                    errors.append((None, self._cell_error(ctx, sheet, r, c, dup)))
                    continue
                seen[key] = f"{sheet.name}!{cell}"
                out.append((r + 1, key, record))
        return out

    # -- storing ---------------------------------------------------------------------------

    def existing(self, ctx: Context, keys: Sequence[Key]) -> dict[Key, Record]:
        wanted = set(keys)
        e = ExternalRating
        out: dict[Key, Record] = {}
        for ids in chunks([k[0] for k in keys]):
            rows = ctx.conn.execute(
                select(e.agency_id, e.rater, e.matter, e.rating, e.problems).where(
                    e.round_id == ctx.round_id, e.agency_id.in_(ids)
                )
            )
            for row in rows:
                key = (int(row.agency_id), row.rater, row.matter)
                if key in wanted:
                    out[key] = {
                        "agency_id": key[0],
                        "rater": key[1],
                        "matter": key[2],
                        "rating": row.rating,
                        "problems": row.problems,
                    }
        return out

    def _where(self, ctx: Context, key: Key) -> Any:
        e = ExternalRating
        return and_(
            e.round_id == ctx.round_id,
            e.agency_id == key[0],
            e.rater == key[1],
            e.matter == key[2],
        )

    def write(self, ctx: Context, key: Key, record: Record, before: Record | None) -> None:
        self.write_many(ctx, [(key, record, before)])

    def write_many(
        self, ctx: Context, changes: Sequence[tuple[Key, Record, Record | None]]
    ) -> None:
        """New ratings in one insert, changed ones in one update per set of fields."""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        new = [
            {
                "round_id": ctx.round_id,
                "agency_id": key[0],
                "rater": key[1],
                "matter": key[2],
                "rating": record["rating"],
                "problems": record.get("problems"),
                "entered_at": now,
            }
            for key, record, before in changes
            if before is None
        ]
        if new:
            ctx.conn.execute(insert(ExternalRating), new)
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for key, record, before in changes:
            if before is None:
                continue
            fields = tuple(f for f in _FIELDS if f in record)
            groups.setdefault(fields, []).append(
                {
                    "k_agency": key[0],
                    "k_rater": key[1],
                    "k_matter": key[2],
                    **{f"v_{f}": record[f] for f in fields},
                }
            )
        e = ExternalRating
        for fields, rows in groups.items():
            stmt = (
                update(e)
                .where(
                    e.round_id == ctx.round_id,
                    e.agency_id == bindparam("k_agency"),
                    e.rater == bindparam("k_rater"),
                    e.matter == bindparam("k_matter"),
                )
                .values({f: bindparam(f"v_{f}") for f in fields})
            )
            ctx.conn.execute(stmt, rows)

    def remove(self, ctx: Context, key: Key) -> None:
        ctx.conn.execute(delete(ExternalRating).where(self._where(ctx, key)))

    def template_rows(self, ctx: Context) -> list[dict[str, Any]]:
        e = ExternalRating
        if ctx.round_id is None:
            return []
        rows = ctx.conn.execute(
            select(
                e.rater,
                Agency.name.label("agency"),
                e.matter,
                e.rating,
                e.problems,
            )
            .join(Agency, Agency.id == e.agency_id)
            .where(e.round_id == ctx.round_id)
            .order_by(Agency.id, e.matter, e.rater)
        )
        return [dict(r._mapping) for r in rows]


def is_matrix(sheet: Sheet) -> bool:
    """A sheet whose cells right of the first column and below its first filled row hold
    rating levels (好/较好/一般 or their English labels)."""
    levels = {t.value for t in Rating} | {t.en.lower() for t in Rating}
    filled = [i for i, row in enumerate(sheet.rows) if not all(is_blank(v) for v in row)]
    if len(filled) < 2:
        return False
    for row in sheet.rows[filled[0] + 1 :]:
        for value in row[1:]:
            if not is_blank(value) and _plain(value).lower() in levels:
                return True
    return False
