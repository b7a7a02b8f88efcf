"""Import kind ``surveys``: one 问卷星 export (DOMAIN §5) for a round and a questionnaire.

The file is read by ``survey_file``; the agency is the one named at import (``--agency``) or,
per submission, the answer to the question naming 评价单位 / 被评价单位 (full or short name,
an agency of the round). Submissions are screened by ``scoring.surveys.screen_submissions``
(duplicates by 序号 dropped, under 20 s excluded, straight-lining counted: the rules live
there, once). All rows are written in one transaction as one import batch, or none.

Stored: per agency a ``survey_import`` row with the quality counts, its submissions
(``survey_response``, every status, so the report can be traced) with their scored answers
(``survey_answer``) and the unscored ones (``other_answers``). A submission already stored for
the round, agency, questionnaire and 序号 is replaced (a corrected file), not doubled; the
replaced rows are kept in the batch's change log so undo puts them back exactly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, insert, select, text

from data_access.audit import data_version, record_write
from data_access.db import WriteConflict, insert_rows, is_write_conflict
from data_access.imports.engine import (
    MAX_ERRORS,
    ImportRefused,
    ImportResult,
    RowChange,
    _now,
    _require,
    audit_rejected,
)
from data_access.imports.kind import Column, Context, Key, Kind, Record, closest
from data_access.imports.reader import FileError, read_sheets
from data_access.imports.survey_file import (
    ParsedSurvey,
    SurveyProblem,
    agency_item,
    classify_items,
    find_header,
    read_submissions,
)
from data_access.models import (
    Agency,
    EvaluationRound,
    ImportBatch,
    ImportChange,
    RoundAgency,
    SurveyAnswer,
    SurveyImport,
    SurveyResponse,
)
from data_access.scope import Principal
from domain.catalog import translate
from domain.vocab import Questionnaire, RoundStatus
from scoring.config import RoundConfig
from scoring.surveys import count_excluded_answers, screen_submissions

__all__ = [
    "SurveysKind",
    "SurveyReport",
    "SurveyImportResult",
    "run_survey_import",
    "questionnaire_from_name",
]

_QUALITY_KEYS = ("total", "accepted", "duplicate", "too_fast", "straightlined", "excluded_answers")


@dataclass(frozen=True)
class SurveyReport:
    """The import report of one agency: submissions read, accepted, duplicates dropped, too
    fast excluded, straight-lining (kept), 不了解/blank answers excluded, replaced."""

    agency_id: int
    agency: str
    counts: dict[str, int]
    replaced: int = 0


@dataclass
class SurveyImportResult(ImportResult):
    """An ImportResult with the survey report per agency and the items scored."""

    report: list[SurveyReport] = field(default_factory=list)
    questionnaire: str = ""
    scored_items: list[int] = field(default_factory=list)
    other_items: list[int] = field(default_factory=list)

    def summary(self, lang: str) -> str:
        """'新增 N，更新 N，未变 0' in submissions (a replaced submission is an update)."""
        replaced = sum(r.replaced for r in self.report)
        total = sum(r.counts["total"] for r in self.report)
        return translate(
            "imp_summary", lang, new=max(total - replaced, 0), changed=replaced, unchanged=0
        )

    def report_lines(self, lang: str) -> list[str]:
        lines = [
            translate(
                "sv_report_line",
                lang,
                agency=r.agency,
                total=r.counts["total"],
                accepted=r.counts["accepted"],
                duplicate=r.counts["duplicate"],
                too_fast=r.counts["too_fast"],
                straightlined=r.counts["straightlined"],
                excluded=r.counts["excluded_answers"],
                replaced=r.replaced,
            )
            for r in self.report
        ]
        lines.append(
            translate(
                "sv_report_items",
                lang,
                scored=len(self.scored_items),
                other=len(self.other_items),
            )
        )
        return lines


def questionnaire_from_name(filename: str) -> str | None:
    """The questionnaire a file name names (问卷星 names exports after the questionnaire)."""
    hits = [q.value for q in Questionnaire if q.value in filename]
    return hits[0] if len(hits) == 1 else None


def _message(problem: SurveyProblem, lang: str) -> str:
    text = translate(problem.key, lang, **dict(problem.values))
    if problem.row is None:
        if problem.column and problem.key != "imp_header_repeated":
            return translate("sv_column", lang, column=problem.column, message=text)
        return text
    if problem.column:
        return translate("imp_row_cell", lang, row=problem.row, column=problem.column, message=text)
    return translate("imp_row", lang, row=problem.row, message=text)


def _fail(result: SurveyImportResult, problems: Sequence[SurveyProblem], lang: str) -> None:
    result.error_count = len(problems)
    result.errors = [_message(p, lang) for p in problems[:MAX_ERRORS]]


def run_survey_import(
    engine: Engine,
    principal: Principal,
    data: bytes,
    filename: str,
    *,
    round_year: int | None,
    questionnaire: str | None = None,
    agency: str | None = None,
    lang: str = "zh",
    dry_run: bool = False,
) -> SurveyImportResult:
    """Check a 问卷星 export and, unless it has problems or ``dry_run``, store it as one batch.
    ``questionnaire`` defaults to the one the file name names. Raises ImportRefused (no round,
    a completed round, no questionnaire, an unknown ``agency``) and AccessDenied."""
    _require(principal, lang)
    sha = hashlib.sha256(data).hexdigest()
    try:
        result = _run(engine, principal, data, filename, sha, round_year, questionnaire, agency,
                      lang, dry_run)  # fmt: skip
    except ImportRefused as exc:
        audit_rejected(engine, principal.username, "surveys", filename, sha, [str(exc)], 1)
        raise
    if result.error_count:
        audit_rejected(
            engine, principal.username, "surveys", filename, sha, result.errors, result.error_count
        )
    return result


def _run(
    engine: Engine,
    principal: Principal,
    data: bytes,
    filename: str,
    sha: str,
    round_year: int | None,
    questionnaire: str | None,
    agency: str | None,
    lang: str,
    dry_run: bool,
) -> SurveyImportResult:
    result = SurveyImportResult("surveys", filename, sha, dry_run=dry_run)
    if round_year is None:
        raise ImportRefused(translate("imp_needs_round", lang, kind=SurveysKind.title_zh
                                      if lang == "zh" else SurveysKind.title_en))  # fmt: skip
    try:  # what is wrong with the file itself first, as every kind says it
        sheets = read_sheets(data, filename)
    except FileError as exc:
        result.errors, result.error_count = [translate(exc.key, lang, **exc.values)], 1
        return result
    with engine.connect() as conn:  # no such round, or a completed one: said before the rest
        _round(conn, round_year, lang)
    found = find_header(sheets)
    questionnaire = questionnaire or questionnaire_from_name(filename)
    if questionnaire not in {q.value for q in Questionnaire}:
        raise ImportRefused(
            translate(
                "sv_no_questionnaire",
                lang,
                value=questionnaire or "",
                allowed="、".join(q.value for q in Questionnaire),
            )
        )
    result.questionnaire = questionnaire
    if isinstance(found, SurveyProblem):
        _fail(result, [found], lang)
        return result
    sheet, header_row = found
    result.sheet = sheet.name
    parsed = read_submissions(sheet, header_row)
    if parsed.problems:
        _fail(result, parsed.problems, lang)
        return result
    try:
        with engine.connect() as conn, conn.begin() as txn:
            version = data_version(conn)
            _import(conn, principal, parsed, result, round_year, agency, lang)
            if result.batch_id is None:
                txn.rollback()
            elif data_version(conn) != version + 1:
                raise WriteConflict
    except WriteConflict:
        raise ImportRefused(translate("imp_changed_meanwhile", lang)) from None
    except Exception as exc:  # a concurrent import of the same submissions
        if is_write_conflict(exc) or "ux_survey_response_submission" in str(exc):
            raise ImportRefused(translate("imp_changed_meanwhile", lang)) from None
        raise
    return result


def _round(conn: Connection, year: int, lang: str) -> tuple[int, RoundConfig]:
    row = conn.execute(
        select(
            EvaluationRound.id, EvaluationRound.status, EvaluationRound.name, EvaluationRound.config
        ).where(EvaluationRound.year == year)  # fmt: skip
    ).first()
    if row is None:
        raise ImportRefused(translate("imp_no_round", lang, year=year))
    if row.status == RoundStatus.COMPLETED:
        raise ImportRefused(translate("round_frozen", lang, round=row.name))
    return int(row.id), RoundConfig.from_dict(row.config or {})


def _agencies(conn: Connection, round_id: int) -> tuple[dict[str, int], dict[int, str]]:
    """Names (full and short) → id of the round's agencies, and id → full name."""
    names: dict[str, int] = {}
    full: dict[int, str] = {}
    rows = conn.execute(
        select(Agency.id, Agency.name, Agency.short_name)
        .join(RoundAgency, RoundAgency.agency_id == Agency.id)
        .where(RoundAgency.round_id == round_id)
        .order_by(Agency.id)
    )
    for row in rows:
        names[row.name] = int(row.id)
        full[int(row.id)] = row.name
        if row.short_name:
            names.setdefault(row.short_name, int(row.id))
    return names, full


def _hint(lang: str, name: str, names: Mapping[str, int]) -> str:
    """'（是否为“全称”？）' for the closest full or short name, shown by its full name."""
    hit = closest(name, names)
    full = {v: k for k, v in reversed(list(names.items()))}  # the first name: the full one
    return translate("imp_hint", lang, name=full[names[hit]]) if hit else ""


def _agency_of_rows(
    parsed: ParsedSurvey,
    names: Mapping[str, int],
    agency: str | None,
    lang: str,
) -> tuple[list[int], int | None, list[SurveyProblem]]:
    """The agency id of every submission, the agency question's item, and the problems."""
    if agency is not None:
        name = agency.strip()
        if name not in names:
            raise ImportRefused(
                translate(
                    "sv_unknown_agency_option", lang, value=name, hint=_hint(lang, name, names)
                )  # fmt: skip
            )
        return [names[name]] * len(parsed.submissions), None, []
    item = agency_item(parsed.questions)
    if item is None:
        return [], None, [SurveyProblem(None, "", "sv_no_agency_question")]
    header = parsed.questions[item]
    ids: list[int] = []
    problems: list[SurveyProblem] = []
    for sub in parsed.submissions:
        answer = sub.answers.get(item)
        if answer is None:
            problems.append(SurveyProblem(sub.row, header, "sv_agency_blank"))
        elif answer not in names:
            problems.append(
                SurveyProblem(
                    sub.row,
                    header,
                    "sv_unknown_agency",
                    {"value": answer, "hint": _hint(lang, answer, names)},
                )
            )
        else:
            ids.append(names[answer])
    return ids, item, problems


def _import(
    conn: Connection,
    principal: Principal,
    parsed: ParsedSurvey,
    result: SurveyImportResult,
    round_year: int,
    agency: str | None,
    lang: str,
) -> None:
    round_id, config = _round(conn, round_year, lang)
    names, full = _agencies(conn, round_id)
    agency_ids, skip, problems = _agency_of_rows(parsed, names, agency, lang)
    likert, item_problems = classify_items(parsed, config.answer_values, skip)
    problems += item_problems
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        _fail(result, problems, lang)
        return
    result.scored_items = likert
    result.other_items = [i for i in parsed.questions if i not in likert and i != skip]
    frame = pd.DataFrame(
        {
            "row": [s.row for s in parsed.submissions],
            "seq": [s.seq for s in parsed.submissions],
            "submission_id": [None] * len(parsed.submissions),
            "duration_seconds": [s.duration_seconds for s in parsed.submissions],
            "answers": [{i: s.answers.get(i) for i in likert} for s in parsed.submissions],
            "agency_id": agency_ids,
        }
    )
    screened = screen_submissions(frame, config).submissions
    groups: dict[int, list[int]] = {}
    for pos, agency_id in enumerate(agency_ids):
        groups.setdefault(agency_id, []).append(pos)
    stored = _stored_seqs(conn, round_id, result.questionnaire, groups, parsed)
    for agency_id in sorted(groups, key=lambda a: full[a]):
        part = screened.iloc[groups[agency_id]]
        accepted = part["status"] == "accepted"
        counts = {
            "total": len(part),
            "accepted": int(accepted.sum()),
            "duplicate": int((part["status"] == "duplicate").sum()),
            "too_fast": int((part["status"] == "too_fast").sum()),
            "straightlined": int((accepted & part["straightlined"]).sum()),
            "excluded_answers": count_excluded_answers(part["answers"][accepted], config),
        }
        result.report.append(
            SurveyReport(agency_id, full[agency_id], counts, len(stored.get(agency_id, ())))
        )
        key = (agency_id, result.questionnaire)
        replaced = len(stored.get(agency_id, ()))
        # The preview (数据导入 page) lists one report row per agency under ``columns``.
        after = {"agency": full[agency_id], "questionnaire": result.questionnaire, **counts,
                 "replaced": replaced}  # fmt: skip
        result.new.append(RowChange(parsed.submissions[groups[agency_id][0]].row, key, None, after))
    if not result.dry_run:
        result.batch_id = _store(conn, principal, parsed, result, round_id, screened, groups,
                                 stored, skip)  # fmt: skip


def _stored_seqs(
    conn: Connection,
    round_id: int,
    questionnaire: str,
    groups: Mapping[int, list[int]],
    parsed: ParsedSurvey,
) -> dict[int, list[int]]:
    """Per agency, the ids of stored responses with a 序号 of the file (to be replaced)."""
    seqs = {a: {parsed.submissions[p].seq for p in positions} for a, positions in groups.items()}
    # One query for the file's agencies (the stored 序号 are few beside a file's): matched here.
    rows = conn.execute(
        select(SurveyResponse.id, SurveyResponse.agency_id, SurveyResponse.seq)
        .where(
            SurveyResponse.round_id == round_id,
            SurveyResponse.agency_id.in_(list(groups)),
            SurveyResponse.questionnaire == questionnaire,
            SurveyResponse.seq.is_not(None),
        )
        .order_by(SurveyResponse.id)
    )
    out: dict[int, list[int]] = {}
    for r in rows:
        if r.seq in seqs[int(r.agency_id)]:
            out.setdefault(int(r.agency_id), []).append(int(r.id))
    return out


def _snapshot(conn: Connection, response_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Stored responses with their answers, JSON-safe (the change log's before)."""
    out: list[dict[str, Any]] = []
    for i in range(0, len(response_ids), 500):
        chunk = list(response_ids[i : i + 500])
        answers: dict[int, list[list[Any]]] = {}
        for a in conn.execute(
            select(
                SurveyAnswer.response_id, SurveyAnswer.item, SurveyAnswer.question,
                SurveyAnswer.answer,
            ).where(SurveyAnswer.response_id.in_(chunk))
        ):  # fmt: skip
            answers.setdefault(a.response_id, []).append([a.item, a.question, a.answer])
        for r in conn.execute(
            select(*SurveyResponse.__table__.c).where(SurveyResponse.id.in_(chunk))
        ):
            out.append(
                {
                    "id": r.id,
                    "import_id": r.import_id,
                    "seq": r.seq,
                    "submission_id": r.submission_id,
                    "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
                    "duration_seconds": r.duration_seconds,
                    "source": r.source,
                    "status": r.status,
                    "straightlined": bool(r.straightlined),
                    "other_answers": r.other_answers,
                    "answers": answers.get(r.id, []),
                }
            )
    return out


def _delete_responses(conn: Connection, response_ids: Sequence[int]) -> None:
    for i in range(0, len(response_ids), 500):
        chunk = list(response_ids[i : i + 500])
        conn.execute(delete(SurveyAnswer).where(SurveyAnswer.response_id.in_(chunk)))
        conn.execute(delete(SurveyResponse).where(SurveyResponse.id.in_(chunk)))


_RESPONSE_COLUMNS = (
    "id",
    "round_id",
    "agency_id",
    "questionnaire",
    "import_id",
    "seq",
    "submission_id",
    "submitted_at",
    "duration_seconds",
    "source",
    "status",
    "straightlined",
    "other_answers",
)
_ANSWER_COLUMNS = ("response_id", "round_id", "item", "question", "answer")


def _reserve_ids(conn: Connection, n: int) -> list[int]:
    """``n`` new survey_response ids: from the sequence on PostgreSQL (safe beside other
    writers); above the largest on SQLite (one writer at a time; a clash is refused)."""
    if not n:
        return []
    if conn.dialect.name == "postgresql":
        stmt = text(
            "SELECT nextval(pg_get_serial_sequence('survey_response', 'id')) "
            "FROM generate_series(1, :n)"
        )
        return [int(v) for v in conn.execute(stmt, {"n": n}).scalars()]
    top = conn.execute(select(func.coalesce(func.max(SurveyResponse.id), 0))).scalar_one()
    return list(range(int(top) + 1, int(top) + 1 + n))


def _driver_time(conn: Connection, value: dt.datetime) -> Any:
    """A date-time as the driver stores it (SQLite: SQLAlchemy's text form)."""
    if conn.dialect.name == "postgresql":
        return value
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _bulk(
    conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Many rows at once: COPY on PostgreSQL, one executemany on SQLite (a million answers
    in seconds). Table and column names are the program's own; values are never SQL."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        raw: Any = conn.connection.driver_connection
        with raw.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    insert_rows(conn, table, columns, rows)


def _store(
    conn: Connection,
    principal: Principal,
    parsed: ParsedSurvey,
    result: SurveyImportResult,
    round_id: int,
    screened: pd.DataFrame,
    groups: Mapping[int, list[int]],
    stored: Mapping[int, list[int]],
    skip: int | None,
) -> int:
    now = _now()
    replaced = sum(len(v) for v in stored.values())
    batch_counts = {"new": len(parsed.submissions) - replaced, "changed": replaced, "unchanged": 0}
    batch_id = int(
        conn.execute(
            insert(ImportBatch)
            .values(
                kind="surveys",
                round_id=round_id,
                filename=result.filename[:255],
                sha256=result.sha256,
                username=principal.username,
                at=now,
                counts=batch_counts,
            )  # fmt: skip
            .returning(ImportBatch.id)
        ).scalar_one()
    )
    questionnaire = result.questionnaire
    likert = set(result.scored_items)
    scored = list(result.scored_items)
    questions = parsed.questions
    status = screened["status"].tolist()
    straight = screened["straightlined"].tolist()
    changes: list[dict[str, Any]] = []
    for rep in result.report:
        agency_id = rep.agency_id
        before_rows = _snapshot(conn, stored.get(agency_id, []))
        _delete_responses(conn, stored.get(agency_id, []))
        import_id = int(
            conn.execute(
                insert(SurveyImport)
                .values(
                    round_id=round_id,
                    questionnaire=questionnaire,
                    filename=result.filename[:255],
                    imported_at=now,
                    imported_by=principal.username,
                    counts=dict(rep.counts),
                    agency_id=agency_id,
                    batch_id=batch_id,
                )  # fmt: skip
                .returning(SurveyImport.id)
            ).scalar_one()
        )
        positions = groups[agency_id]
        ids = _reserve_ids(conn, len(positions))
        flag: Any = bool if conn.dialect.name == "postgresql" else int  # SQLite stores 0/1
        rows = []
        answers: list[tuple[Any, ...]] = []
        for rid, p in zip(ids, positions, strict=True):
            sub = parsed.submissions[p]
            other = {
                str(i): a for i, a in sub.answers.items() if i not in likert and i != skip and a
            }
            rows.append(
                (
                    rid,
                    round_id,
                    agency_id,
                    questionnaire,
                    import_id,
                    sub.seq,
                    None,
                    _driver_time(conn, sub.submitted_at),
                    sub.duration_seconds,
                    sub.source,
                    str(status[p]),
                    flag(bool(straight[p])),
                    json.dumps(other, ensure_ascii=False) if other else None,
                )
            )
            answers.extend(
                (rid, round_id, item, questions[item], sub.answers.get(item)) for item in scored
            )
        _bulk(conn, "survey_response", _RESPONSE_COLUMNS, rows)
        _bulk(conn, "survey_answer", _ANSWER_COLUMNS, answers)
        after = {"import_id": import_id, "responses": len(rows)}
        changes.append(
            {
                "batch_id": batch_id,
                "entity": SurveysKind.entity,
                "row_key": json.dumps([agency_id, questionnaire, import_id], ensure_ascii=False),
                "before": {"replaced": before_rows} if before_rows else None,
                "after": after,
            }
        )
    conn.execute(insert(ImportChange), changes)
    record_write(
        conn,
        principal.username,
        "import.batch",
        "import_batch",
        batch_id,
        after={
            "kind": "surveys",
            "file": result.filename,
            "questionnaire": questionnaire,
            **batch_counts,
            "agencies": {r.agency: r.counts for r in result.report},
        },
        round_id=round_id,  # only this round's stored result is scored again (issue 14)
    )
    return batch_id


class SurveysKind(Kind):
    """The registry entry of ``surveys``: the file is read by :func:`run_survey_import`
    (``run_file``); ``existing``/``write``/``remove`` serve undo, with keys
    (agency id, questionnaire, survey_import id)."""

    name = "surveys"
    title_zh, title_en = "民意测评（问卷星）", "Surveys (问卷星)"
    needs_round = True
    entity = "survey_import"
    # The import report's columns (the preview's table); the file itself is a 问卷星 export.
    columns = (
        Column("agency", "被评价单位", "Agency"),
        Column("questionnaire", "问卷", "Questionnaire"),
        Column("total", "读入份数", "Submissions read", "int"),
        Column("accepted", "有效份数", "Accepted", "int"),
        Column("duplicate", "重复剔除", "Duplicates dropped", "int"),
        Column("too_fast", "用时过短剔除", "Too fast (< 20 s)", "int"),
        Column("straightlined", "同一答案到底（保留）", "Straight-lining (kept)", "int"),
        Column("excluded_answers", "不了解/空白答案", "不了解/blank answers", "int"),
        Column("replaced", "替换原有份数", "Stored submissions replaced", "int"),
    )

    def run_file(self, engine: Engine, principal: Principal, data: bytes, filename: str,
                 *, round_year: int | None, lang: str, dry_run: bool) -> ImportResult:  # fmt: skip
        """The data-import page's way in: the questionnaire from the file name."""
        return run_survey_import(engine, principal, data, filename, round_year=round_year,
                                 lang=lang, dry_run=dry_run)  # fmt: skip

    def existing(self, ctx: Context, keys: Sequence[Key]) -> dict[Key, Record]:
        out: dict[Key, Record] = {}
        for key in keys:
            import_id = int(key[2])
            count = conn_count(ctx.conn, import_id)
            if count is not None:
                out[tuple(key)] = {"import_id": import_id, "responses": count}
        return out

    def remove(self, ctx: Context, key: Key) -> None:
        import_id = int(key[2])
        ids = list(
            ctx.conn.execute(
                select(SurveyResponse.id).where(SurveyResponse.import_id == import_id)
            ).scalars()
        )
        _delete_responses(ctx.conn, ids)
        ctx.conn.execute(delete(SurveyImport).where(SurveyImport.id == import_id))

    def write(self, ctx: Context, key: Key, record: Record, before: Record | None) -> None:
        """Undo of a batch that replaced submissions: its own go, the replaced come back."""
        self.remove(ctx, key)
        agency_id, questionnaire = int(key[0]), str(key[1])
        rows = record.get("replaced", [])
        if not rows:
            return
        conn = ctx.conn
        conn.execute(
            insert(SurveyResponse),
            [
                {
                    "id": r["id"],
                    "round_id": ctx.round_id,
                    "agency_id": agency_id,
                    "questionnaire": questionnaire,
                    "import_id": r["import_id"],
                    "seq": r["seq"],
                    "submission_id": r["submission_id"],
                    "submitted_at": dt.datetime.fromisoformat(r["submitted_at"])
                    if r["submitted_at"]
                    else None,
                    "duration_seconds": r["duration_seconds"],
                    "source": r["source"],
                    "status": r["status"],
                    "straightlined": r["straightlined"],
                    "other_answers": r["other_answers"],
                }
                for r in rows
            ],
        )
        answers = [
            {
                "response_id": r["id"],
                "round_id": ctx.round_id,
                "item": a[0],
                "question": a[1],
                "answer": a[2],
            }  # fmt: skip
            for r in rows
            for a in r["answers"]
        ]
        if answers:
            conn.execute(insert(SurveyAnswer), answers)


def conn_count(conn: Connection, import_id: int) -> int | None:
    """How many responses an import holds, or None when the import is gone."""
    exists = conn.execute(select(SurveyImport.id).where(SurveyImport.id == import_id)).first()
    if exists is None:
        return None
    rows = conn.execute(
        select(SurveyResponse.id).where(SurveyResponse.import_id == import_id)
    ).scalars()
    return len(list(rows))
