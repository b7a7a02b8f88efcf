"""A round's indicators: the common tree (``indicators``) and the individual indicators per
agency type (``individual``). Both need a round (``--round``), and a completed round refuses
them (the engine checks).

A file is the round's whole set: rows the file does not name are removed (shown as removals,
undone like any change). The whole tree is checked before anything is written — every parent
in the file, no loops, sources only on leaves and in a known form, children's points adding up
to their parent's, the top level to 100 — and then by the scoring package's own
``build_tree``. A node whose scores are stored is not removed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, and_, delete, insert, or_, select, update

from data_access.imports.kind import (
    Column,
    Context,
    FileRow,
    Key,
    Kind,
    Record,
    RowError,
    RowErrors,
)
from data_access.models import Indicator, IndividualIndicator, Score
from data_access.score_limits import scores_above_maxima
from domain.catalog import translate
from domain.vocab import Questionnaire
from scoring.tree import (
    DEFAULT_COMMON_TREE,
    DEFAULT_INDIVIDUAL_INDICATORS,
    ROOT_CODE,
    TreeError,
    build_tree,
    parse_source,
)

__all__ = ["IndicatorsKind", "IndividualKind", "TREE_TOTAL", "normalize_source"]

TREE_TOTAL = 100.0  # the common score is on 0–100 (DOMAIN §3)
_SOURCE_HELP_ZH = (
    "末级指标填写：team（评估组评分）/ deduct（扣分）/ external[事项;…] / "
    "survey[评估调查问卷 或 满意度调查问卷] / computed[usage 或 staffing-peer 或 workload-peer]；"
    "有下级的指标不填"
)
_SOURCE_HELP_EN = (
    "leaves only: team / deduct / external[matter;…] / survey[评估调查问卷 or 满意度调查问卷] / "
    "computed[usage or staffing-peer or workload-peer]; blank for a node with children"
)


def normalize_source(text: str) -> str:
    """A leaf's source as stored ('external[党建,人事]'): full-width brackets, ';', '；', '、'
    and '，' read as the office writes them, the questionnaire's English name accepted;
    raises ValueError for anything scoring.tree.parse_source refuses."""
    s = unicodedata.normalize("NFKC", text).strip()
    s = re.sub(r"[;、]", ",", s)
    head, bracket, rest = s.partition("[")
    parsed = parse_source(head.strip().lower() + bracket + rest)
    if parsed.kind == "survey":
        known = {q.value: q.value for q in Questionnaire} | {
            q.en.lower(): q.value for q in Questionnaire
        }
        value = known.get(parsed.args[0]) or known.get(parsed.args[0].lower())
        if value is None:
            raise ValueError(f"unknown questionnaire {parsed.args[0]!r}")
        return f"survey[{value}]"
    return str(parsed)


def _points(value: float) -> str:
    return f"{value:g}"


class _RoundKind(Kind):
    """Rows of one per-round table keyed by (round_id, code); the file is the whole set."""

    needs_round = True
    model: Any
    stored_fields: tuple[str, ...] = ()

    @property
    def _table(self) -> Table:
        return self.model.__table__

    def _stored(self, ctx: Context) -> dict[Key, Record]:
        t = self._table
        cols = [t.c.code, *(t.c[f] for f in self.stored_fields)]
        rows = ctx.conn.execute(select(*cols).where(t.c.round_id == ctx.round_id))
        return {(r.code,): dict(r._mapping) for r in rows}

    def existing(self, ctx: Context, keys: Sequence[Key]) -> dict[Key, Record]:
        wanted = set(keys)
        return {k: r for k, r in self._stored(ctx).items() if k in wanted}

    def removals(self, ctx: Context, keys: Sequence[Key]) -> dict[Key, Record]:
        named = set(keys)
        return {k: r for k, r in self._stored(ctx).items() if k not in named}

    def _where(self, ctx: Context, key: Key) -> Any:
        t = self._table
        return and_(t.c.round_id == ctx.round_id, t.c.code == key[0])

    def write(self, ctx: Context, key: Key, record: Record, before: Record | None) -> None:
        values = {f: record[f] for f in self.stored_fields if f in record}
        if before is None:
            ctx.conn.execute(
                insert(self._table).values(round_id=ctx.round_id, code=key[0], **values)
            )
        else:
            ctx.conn.execute(update(self._table).where(self._where(ctx, key)).values(**values))

    def remove(self, ctx: Context, key: Key) -> None:
        ctx.conn.execute(delete(self._table).where(self._where(ctx, key)))

    def _set_errors(
        self, ctx: Context, rows: Sequence[FileRow], other: Any
    ) -> list[tuple[int | None, RowError]]:
        """Codes the round's other indicators use (scores are keyed by code in a round), and
        removals of codes that have scores."""
        taken = {
            r.code
            for r in ctx.conn.execute(select(other.code).where(other.round_id == ctx.round_id))
        }
        errors: list[tuple[int | None, RowError]] = [
            (row, RowError("code", "imp_ind_code_taken", code=key[0]))
            for row, key, _record in rows
            if key[0] in taken
        ]
        gone = sorted(k[0] for k in self.removals(ctx, [key for _r, key, _rec in rows]))
        scored = ctx.conn.execute(
            select(Score.code)
            .distinct()
            .where(
                Score.round_id == ctx.round_id,
                Score.code.in_(gone),
                or_(Score.team_score.is_not(None), Score.self_score.is_not(None)),
            )
        ).scalars()
        codes = "、".join(sorted(scored))
        if codes:
            errors.append((None, RowError(None, "imp_ind_removed_scored", codes=codes)))
        return errors


_CODE = Column("code", "指标代码", "Code", required=True, max_length=16)
_NAME = Column("name", "指标名称", "Name", required=True, max_length=128)
_NAME_EN = Column("name_en", "英文名称", "English name", max_length=256)
_POINT = Column("eval_point", "评估要点", "Evaluation point", max_length=2000)
_POINT_EN = Column("eval_point_en", "英文评估要点", "Evaluation point (English)", max_length=2000)


class IndicatorsKind(_RoundKind):
    """One row per node of the round's common tree (the root is implicit)."""

    name = "indicators"
    title_zh, title_en = "共性指标体系", "Indicator tree"
    entity = "indicator"
    model = Indicator
    stored_fields = (
        "parent_code",
        "level",
        "name",
        "name_en",
        "max_points",
        "source",
        "eval_point",
        "eval_point_en",
        "eval_method",
        "eval_method_en",
        "sort_order",
    )
    columns = (
        _CODE,
        Column(
            "parent",
            "上级代码",
            "Parent code",
            max_length=16,
            help_zh="一级指标不填",
            help_en="blank for a top-level indicator",
        ),
        _NAME,
        _NAME_EN,
        Column(
            "max_points",
            "分值",
            "Points",
            "number",
            required=True,
            help_zh="下级指标分值之和等于上级分值，一级指标合计 100",
            help_en="children add up to their parent; the top level to 100",
        ),
        Column(
            "source",
            "来源",
            "Source",
            max_length=128,
            help_zh=_SOURCE_HELP_ZH,
            help_en=_SOURCE_HELP_EN,
        ),
        _POINT,
        _POINT_EN,
        Column(
            "eval_method",
            "评估方法",
            "Method",
            max_length=2000,
            help_zh="如 查阅资料、实地察看、个别谈话；文件中没有此列时保留已保存的内容",
            help_en="e.g. document review, site visit, interviews; a file without this column "
            "keeps what is stored",
        ),
        Column(
            "eval_method_en",
            "英文评估方法",
            "Method (English)",
            max_length=2000,
        ),
    )

    def to_record(self, values: Mapping[str, Any], ctx: Context) -> tuple[Key, Record]:
        code, parent = str(values["code"]), values.get("parent")
        if code == ROOT_CODE:
            raise RowError("code", "imp_ind_root", code=ROOT_CODE)
        if parent == code:
            raise RowError("parent", "imp_ind_cycle", code=code)
        if not values["max_points"] > 0:
            raise RowError("max_points", "imp_ind_points")
        source = values.get("source")
        if source is not None:
            try:
                source = normalize_source(source)
            except ValueError:
                raise RowError("source", "imp_ind_source", value=source) from None
        record = {
            "code": code,
            "parent_code": parent,
            "level": None,  # set by check_file, from the parents
            "name": values["name"],
            "name_en": values.get("name_en"),
            "max_points": float(values["max_points"]),
            "source": source,
            "eval_point": values.get("eval_point"),
            "eval_point_en": values.get("eval_point_en"),
            "sort_order": None,  # the row's place in the file, set by check_file
        }
        for field in ("eval_method", "eval_method_en"):  # a column left out keeps what is stored
            if field in values:
                record[field] = values[field]
        return (code,), record

    def check_file(self, ctx: Context, rows: Sequence[FileRow]) -> list[FileRow]:
        errors: list[tuple[int | None, RowError]] = []
        by_code = {key[0]: (row, record) for row, key, record in rows}
        for row, _key, record in rows:
            parent = record["parent_code"]
            if parent is not None and parent not in by_code:
                errors.append((row, RowError("parent", "imp_ind_parent_missing", parent=parent)))
        if errors:
            raise RowErrors(errors)
        levels: dict[str, int] = {}
        for row, (code,), _record in rows:
            chain = [code]
            while (parent := by_code[chain[-1]][1]["parent_code"]) is not None:
                if parent in chain:
                    break
                chain.append(parent)
            if parent == code:  # the walk came back to this code: it is on a loop
                errors.append((row, RowError("parent", "imp_ind_cycle", code=code)))
            levels[code] = len(chain)
        if errors:
            raise RowErrors(errors)
        errors += self._shape_errors(rows, "、" if ctx.lang == "zh" else ", ")
        errors += self._set_errors(ctx, rows, IndividualIndicator)
        errors += self._score_errors(ctx, rows)
        if errors:
            raise RowErrors(errors)
        done = [
            (row, key, {**record, "level": levels[key[0]], "sort_order": i})
            for i, (row, key, record) in enumerate(rows)
        ]
        try:  # the scoring package's own checks, last
            build_tree([{**r, "parent": r["parent_code"]} for _row, _key, r in done])
        except TreeError as exc:
            raise RowErrors([(None, RowError(None, "imp_ind_tree", message=str(exc)))]) from None
        return done

    @staticmethod
    def _score_errors(ctx: Context, rows: Sequence[FileRow]) -> list[tuple[int | None, RowError]]:
        """A maximum lowered below a stored team or self score (data_access.score_limits, the
        rule the 指标体系 page's what-if counts too): the row and the stored score."""
        if ctx.round_id is None:
            return []
        where = {key[0]: row for row, key, _record in rows}
        maxima = {key[0]: record["max_points"] for _row, key, record in rows}
        columns = {"team_score": "imp_ind_team_score", "self_score": "imp_ind_self_score"}
        return [
            (
                where[hit.code],
                RowError(
                    "max_points",
                    "imp_ind_below_score",
                    points=_points(hit.maximum),
                    agency=hit.agency,
                    which=translate(columns[hit.column], ctx.lang),
                    score=_points(hit.score),
                ),
            )
            for hit in scores_above_maxima(ctx.conn, ctx.round_id, maxima)
        ]

    @staticmethod
    def _shape_errors(rows: Sequence[FileRow], joiner: str) -> list[tuple[int | None, RowError]]:
        """Sources on leaves only; children's points add up to the parent's; the top to 100."""
        errors: list[tuple[int | None, RowError]] = []
        children: dict[str | None, list[Record]] = {}
        for _row, _key, record in rows:
            children.setdefault(record["parent_code"], []).append(record)
        for row, (code,), record in rows:
            kids = children.get(code, [])
            if not kids and record["source"] is None:
                errors.append((row, RowError("source", "imp_ind_leaf_source")))
            if kids and record["source"] is not None:
                errors.append((row, RowError("source", "imp_ind_inner_source")))
            total = math.fsum(k["max_points"] for k in kids)
            if kids and not math.isclose(total, record["max_points"], abs_tol=1e-9):
                error = RowError(
                    "max_points",
                    "imp_ind_points_sum",
                    total=_points(total),
                    points=_points(record["max_points"]),
                    children=joiner.join(k["code"] for k in kids),
                )
                errors.append((row, error))
        top = math.fsum(r["max_points"] for r in children.get(None, []))
        if not math.isclose(top, TREE_TOTAL, abs_tol=1e-9):
            errors.append((None, RowError(None, "imp_ind_total", total=_points(top))))
        return errors

    def template_rows(self, ctx: Context) -> list[dict[str, Any]]:
        if ctx.round_id is None:  # no round yet: the shipped default tree
            return [dict(r) for r in DEFAULT_COMMON_TREE]
        i = Indicator
        rows = ctx.conn.execute(
            select(
                i.code,
                i.parent_code.label("parent"),
                i.name,
                i.name_en,
                i.max_points,
                i.source,
                i.eval_point,
                i.eval_point_en,
                i.eval_method,
                i.eval_method_en,
            )
            .where(i.round_id == ctx.round_id)
            .order_by(i.sort_order, i.id)
        )
        return [dict(r._mapping) for r in rows]


class IndividualKind(_RoundKind):
    """One row per individual ("X") indicator: its agency type, code, name and weight."""

    name = "individual"
    title_zh, title_en = "个性指标", "Individual indicators"
    entity = "individual_indicator"
    model = IndividualIndicator
    stored_fields = ("agency_type", "name", "name_en", "weight", "eval_point", "eval_point_en")
    columns = (
        Column(
            "agency_type",
            "单位类型",
            "Agency type",
            required=True,
            max_length=32,
            help_zh="与单位名录的“单位类型”一致，如 科技",
            help_en="as in the registry's agency type, e.g. 科技",
        ),
        _CODE,
        _NAME,
        _NAME_EN,
        Column(
            "weight",
            "权重",
            "Weight",
            "number",
            required=True,
            help_zh="同类型指标间的相对权重（每项按 0–100 评分）",
            help_en="relative weight among the type's indicators (each scored 0–100)",
        ),
        _POINT,
        _POINT_EN,
    )

    def to_record(self, values: Mapping[str, Any], ctx: Context) -> tuple[Key, Record]:
        if not values["weight"] > 0:
            raise RowError("weight", "imp_ind_weight")
        code = str(values["code"])
        record = {"code": code, **{f: values.get(f) for f in self.stored_fields}}
        record["weight"] = float(values["weight"])
        return (code,), record

    def check_file(self, ctx: Context, rows: Sequence[FileRow]) -> list[FileRow]:
        errors = self._set_errors(ctx, rows, Indicator)
        if errors:
            raise RowErrors(errors)
        return list(rows)

    def template_rows(self, ctx: Context) -> list[dict[str, Any]]:
        if ctx.round_id is None:
            return [
                {"agency_type": kind, **ind}
                for kind, items in DEFAULT_INDIVIDUAL_INDICATORS.items()
                for ind in items
            ]
        i = IndividualIndicator
        rows = ctx.conn.execute(
            select(
                i.agency_type, i.code, i.name, i.name_en, i.weight, i.eval_point, i.eval_point_en
            )
            .where(i.round_id == ctx.round_id)
            .order_by(i.id)
        )
        return [dict(r._mapping) for r in rows]
