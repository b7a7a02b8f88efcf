"""Findings (问题) of a round with their rectification opinions (``findings``, needs a round).

One row per finding: the agency, the description (with the agency, the row's natural key in
its round), category, severity, source, the indicator it bears on, whether it enters the
oversight ledger, and the rectification opinion — responsible section, owner, deadline and
document number. 整改期限 is a date, or 立行立改 for a finding fixed on the spot (then it has no
rectification, and no section).

A new row's rectification is issued (待整改) with its first event, under the importing user.
Re-importing a stored finding updates its fields and its opinion but never its state (moves go
through the 整改跟踪 page), and cannot turn a fixed-on-the-spot finding into a rectification or
back. Undoing an import removes the findings it added as long as their rectifications have
not moved since (the engine compares the state).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, delete, select, update

from data_access.imports.agency_data import AGENCY_COLUMN, chunks
from data_access.imports.cells import CellError, to_date
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
from data_access.imports.registry import agency_lookup, resolve_agency
from data_access.models import (
    Agency,
    Finding,
    ImportBatch,
    Indicator,
    Rectification,
    RectificationEvent,
    RoundAgency,
)
from data_access.rectifications import NewFinding, RectificationPlan, insert_finding
from domain.catalog import translate
from domain.vocab import ON_THE_SPOT, FindingCategory, FindingSource, RectState, Severity

__all__ = ["FindingsKind", "default_found_date"]

_SPOT_WORDS = {"立行立改", "on the spot", "fixed on the spot"}
_FIELDS = (
    "category",
    "severity",
    "source",
    "indicator_code",
    "in_ledger",
    "on_the_spot",
    "section",
    "owner",
    "deadline",
    "opinion_doc_no",
)


def default_found_date(round_year: int, today: dt.date) -> dt.date:
    """The day a finding recorded today counts as found in a round of ``round_year``: today,
    or the round year's last day when recording for an earlier round (the annual-assessment
    deduction counts a finding in the year it was found)."""
    return min(today, dt.date(round_year, 12, 31))


def _deadline(text: str | None) -> tuple[bool, str | None]:
    """(fixed on the spot, deadline ISO) of a 整改期限 cell; raises RowError."""
    if text is None:
        raise RowError("deadline", "imp_fd_deadline_required")
    plain = unicodedata.normalize("NFKC", text).strip()
    if plain.lower() in _SPOT_WORDS:
        return True, None
    if plain.endswith(" 00:00:00"):  # an Excel date cell read as text
        plain = plain[: -len(" 00:00:00")]
    try:
        day = to_date(plain)
    except CellError as exc:
        raise RowError("deadline", "imp_fd_deadline_bad", value=text) from exc
    return False, None if day is None else day.isoformat()


class FindingsKind(Kind):
    """Findings of a round, each fixed on the spot or with its rectification opinion."""

    name = "findings"
    title_zh, title_en = "问题清单", "Findings"
    entity = "finding"
    needs_round = True
    columns = (
        AGENCY_COLUMN,
        Column(
            "description",
            "问题描述",
            "Description",
            required=True,
            max_length=200,
            help_zh="同一单位同一批次内不重复（据此识别同一问题）",
            help_en="unique per agency within the round (it identifies the finding)",
        ),
        Column("category", "问题类别", "Category", "choice", required=True, vocab=FindingCategory),
        Column("severity", "严重程度", "Severity", "choice", required=True, vocab=Severity),
        Column("source", "发现来源", "Source", "choice", required=True, vocab=FindingSource),
        Column(
            "indicator",
            "关联指标",
            "Indicator",
            max_length=16,
            help_zh="本批次共性指标的代码，如 B1a",
            help_en="a code of the round's common tree, e.g. B1a",
        ),
        Column("ledger", "纳入监管台账", "In oversight ledger", "bool", help_zh="是 / 否"),
        Column("section", "整改责任科室", "Responsible section", max_length=32),
        Column("owner", "责任人", "Owner", max_length=64),
        Column(
            "deadline",
            "整改期限",
            "Deadline",
            required=True,
            max_length=32,
            help_zh="日期（如 2025-03-31），或“立行立改”（当场整改，不下达整改意见）",
            help_en="a date (e.g. 2025-03-31), or 立行立改 / on the spot (fixed there and "
            "then: no rectification opinion)",
        ),
        Column("doc_no", "整改意见文号", "Opinion document no.", max_length=64),
    )

    def prepare(self, ctx: Context) -> None:
        agency_lookup(ctx)
        conn = ctx.conn
        ctx.lookups["in_round"] = {
            int(r.agency_id): True
            for r in conn.execute(
                select(RoundAgency.agency_id).where(RoundAgency.round_id == ctx.round_id)
            )
        }
        ctx.lookups["codes"] = {
            r.code: True
            for r in conn.execute(select(Indicator.code).where(Indicator.round_id == ctx.round_id))
        }

    def to_record(self, values: Mapping[str, Any], ctx: Context) -> tuple[Key, Record]:
        agency_id = resolve_agency(ctx, str(values["agency"]))
        if agency_id not in ctx.lookups["in_round"]:
            raise RowError("agency", "imp_fd_not_in_round", value=values["agency"])
        code = values.get("indicator")
        if code is not None and code not in ctx.lookups["codes"]:
            hint = closest(str(code), ctx.lookups["codes"])
            raise RowError(
                "indicator",
                "imp_fd_code",
                value=code,
                hint=translate("imp_hint", ctx.lang, name=hint) if hint else "",
            )
        spot, deadline = _deadline(values.get("deadline"))
        section, owner, doc_no = values.get("section"), values.get("owner"), values.get("doc_no")
        if spot and (section or owner or doc_no):
            raise RowError("section", "imp_fd_spot_with_opinion")
        if not spot and section is None:
            raise RowError("section", "imp_fd_section_required")
        key = (agency_id, str(values["description"]))
        record: Record = {
            "agency_id": agency_id,
            "description": key[1],
            "category": values["category"],
            "severity": values["severity"],
            "source": values["source"],
            "indicator_code": code,
            "in_ledger": bool(values.get("ledger")),
            "on_the_spot": spot,
            "section": section,
            "owner": owner,
            "deadline": deadline,
            "opinion_doc_no": doc_no,
            "state": None if spot else RectState.ISSUED.value,
        }
        return key, record

    def existing(self, ctx: Context, keys: Sequence[Key]) -> dict[Key, Record]:
        wanted = set(keys)
        f, r = Finding, Rectification
        out: dict[Key, Record] = {}
        for ids in chunks([k[0] for k in keys]):
            rows = ctx.conn.execute(
                select(
                    f.agency_id,
                    f.description,
                    f.category,
                    f.severity,
                    f.source,
                    f.indicator_code,
                    f.in_ledger,
                    f.on_the_spot,
                    r.section,
                    r.owner,
                    r.deadline,
                    r.opinion_doc_no,
                    r.state,
                )
                .outerjoin(r, r.finding_id == f.id)
                .where(f.round_id == ctx.round_id, f.agency_id.in_(ids))
            )
            for row in rows:
                key = (int(row.agency_id), row.description)
                if key in wanted:
                    record = dict(row._mapping)
                    record["in_ledger"] = bool(record["in_ledger"])
                    record["on_the_spot"] = bool(record["on_the_spot"])
                    if record["deadline"] is not None:
                        record["deadline"] = record["deadline"].isoformat()
                    out[key] = record
        return out

    def check_file(self, ctx: Context, rows: Sequence[FileRow]) -> list[FileRow]:
        """A stored finding keeps how it was handled (on the spot or by a rectification) and
        its state; only its fields and its opinion change."""
        stored = self.existing(ctx, [key for _row, key, _record in rows])
        errors: list[tuple[int | None, RowError]] = []
        out: list[FileRow] = []
        for row, key, record in rows:
            before = stored.get(key)
            if before is not None:
                if bool(before["on_the_spot"]) != bool(record["on_the_spot"]):
                    errors.append((row, RowError("deadline", "imp_fd_disposition")))
                    continue
                record = {**record, "state": before["state"]}
            out.append((row, key, record))
        if errors:
            raise RowErrors(errors)
        return out

    def write_many(
        self, ctx: Context, changes: Sequence[tuple[Key, Record, Record | None]]
    ) -> None:
        # The batch row is stored before the rows: its user issues the new rectifications.
        ctx.lookups["actor"] = {"name": _batch_user(ctx.conn)}
        super().write_many(ctx, changes)

    def write(self, ctx: Context, key: Key, record: Record, before: Record | None) -> None:
        f, r = Finding, Rectification
        if before is None:
            assert ctx.round_year is not None and ctx.round_id is not None
            today = dt.date.today()
            plan = None
            if not record["on_the_spot"]:
                plan = RectificationPlan(
                    record["section"],
                    dt.date.fromisoformat(record["deadline"]),
                    record.get("owner"),
                    record.get("opinion_doc_no"),
                )
            item = NewFinding(
                agency_id=key[0],
                description=key[1],
                category=record["category"],
                severity=record["severity"],
                source=record["source"],
                indicator_code=record.get("indicator_code"),
                in_ledger=bool(record["in_ledger"]),
                found_date=default_found_date(ctx.round_year, today),
                plan=plan,
            )
            actor = ctx.lookups.get("actor", {}).get("name") or "import"
            insert_finding(ctx.conn, ctx.round_id, item, actor, today)
            return
        finding_id = _finding_id(ctx.conn, ctx.round_id, key)
        ctx.conn.execute(
            update(f)
            .where(f.id == finding_id)
            .values(
                category=record["category"],
                severity=record["severity"],
                source=record["source"],
                indicator_code=record.get("indicator_code"),
                in_ledger=bool(record["in_ledger"]),
            )
        )
        if not record["on_the_spot"]:
            ctx.conn.execute(
                update(r)
                .where(r.finding_id == finding_id)
                .values(
                    section=record["section"],
                    owner=record.get("owner"),
                    deadline=dt.date.fromisoformat(record["deadline"]),
                    opinion_doc_no=record.get("opinion_doc_no"),
                )
            )

    def remove(self, ctx: Context, key: Key) -> None:
        finding_id = _finding_id(ctx.conn, ctx.round_id, key)
        rects = select(Rectification.id).where(Rectification.finding_id == finding_id)
        ctx.conn.execute(
            delete(RectificationEvent).where(RectificationEvent.rectification_id.in_(rects))
        )
        ctx.conn.execute(delete(Rectification).where(Rectification.finding_id == finding_id))
        ctx.conn.execute(delete(Finding).where(Finding.id == finding_id))

    def template_rows(self, ctx: Context) -> list[dict[str, Any]]:
        f, r = Finding, Rectification
        rows = ctx.conn.execute(
            select(
                Agency.name.label("agency"),
                f.description,
                f.category,
                f.severity,
                f.source,
                f.indicator_code.label("indicator"),
                f.in_ledger,
                f.on_the_spot,
                r.section,
                r.owner,
                r.deadline,
                r.opinion_doc_no.label("doc_no"),
            )
            .join(Agency, Agency.id == f.agency_id)
            .outerjoin(r, r.finding_id == f.id)
            .where(f.round_id == ctx.round_id)
            .order_by(Agency.id, f.id)
        )
        yes, no = translate("imp_tpl_yes", ctx.lang), translate("imp_tpl_no", ctx.lang)
        out = []
        for row in rows:
            values = dict(row._mapping)
            values["ledger"] = yes if values.pop("in_ledger") else no
            spot = values.pop("on_the_spot")
            values["deadline"] = ON_THE_SPOT.label(ctx.lang) if spot else values["deadline"]
            out.append(values)
        return out


def _finding_id(conn: Connection, round_id: int | None, key: Key) -> int:
    return int(
        conn.execute(
            select(Finding.id).where(
                Finding.round_id == round_id,
                Finding.agency_id == key[0],
                Finding.description == key[1],
            )
        ).scalar_one()
    )


def _batch_user(conn: Connection) -> str | None:
    """The user of the newest import batch this transaction can see (its own)."""
    return conn.execute(
        select(ImportBatch.username)
        .where(ImportBatch.kind == "findings")
        .order_by(ImportBatch.id.desc())
        .limit(1)
    ).scalar()
