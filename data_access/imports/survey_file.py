"""Reading a 问卷星 export (DOMAIN §5) into submissions, as pure functions of the sheet.

The layout ("按选项文本", .xlsx, .xls or CSV): a header row with 序号, 提交答卷时间
(``YYYY/MM/DD HH:MM:SS``), 所用时间 (``95秒``, ``1分35秒``), 来源, 来源详情, 来自IP, then one
column per question headed ``N、question text``, maybe 总分. Answers are option texts; a
multiple-choice answer joins its options with ``┋``.

Which questions are scored is decided here from the round's answer mapping: a question is
scored (Likert) when every answer is in the mapping, 不了解 or blank; a question most of whose
answers are in the mapping but some are not is an error naming the cell (a typo in a scored
item would silently change the figures); any other question is kept but not scored. Every
problem is a ``SurveyProblem`` naming the Excel row and the column header.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from data_access.imports.cells import CellError, clean_text, is_blank, refuse_bad, strip_invisible
from data_access.imports.reader import Sheet, column_letters

__all__ = [
    "FIXED_COLUMNS",
    "UNKNOWN_ANSWERS",
    "MULTI_SEPARATOR",
    "ParsedSurvey",
    "Submission",
    "SurveyProblem",
    "find_header",
    "parse_duration",
    "parse_submitted",
    "read_submissions",
    "classify_items",
]

#: The fixed columns of a 问卷星 export: header → field. The first three are required.
FIXED_COLUMNS = {
    "序号": "seq",
    "提交答卷时间": "submitted_at",
    "所用时间": "duration",
    "来源": "source",
    "来源详情": "source_detail",
    "来自IP": "ip",
}
_REQUIRED = ("seq", "submitted_at", "duration")
#: Answers that are not valid but expected in a scored question (DOMAIN §5: 不了解, blank).
UNKNOWN_ANSWERS = ("不了解",)
MULTI_SEPARATOR = "┋"
AGENCY_QUESTION_WORDS = ("被评价单位", "评价单位")
_QUESTION = re.compile(r"^(\d{1,3})\s*[、.．]\s*(.*)$", re.S)
_DURATION = re.compile(r"^(?:(\d+)小时)?(?:(\d+)分(?:钟)?)?(?:(\d+(?:\.\d+)?)秒)?$")
_SUBMITTED = re.compile(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_HEADER_SEARCH_ROWS = 10
_MAX_ANSWER = 2000


@dataclass(frozen=True)
class SurveyProblem(ValueError):
    """A problem in the file: ``row`` (Excel row, None for the file), ``column`` (the header
    as written, '' for the row or file), and the catalog ``key`` with its ``values``."""

    row: int | None
    column: str
    key: str
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass
class Submission:
    """One data row: ``answers`` maps item number → answer text (None when blank)."""

    row: int
    seq: int
    submitted_at: dt.datetime
    duration_seconds: float
    source: str | None
    answers: dict[int, str | None]


@dataclass
class ParsedSurvey:
    """A file read: ``questions`` item → header text, the rows, and the columns seen."""

    sheet: str
    questions: dict[int, str]
    submissions: list[Submission]
    problems: list[SurveyProblem]


def _norm(value: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", "" if value is None else str(value)))


def find_header(sheets: Sequence[Sheet]) -> tuple[Sheet, int] | SurveyProblem:
    """The sheet and 0-based header row naming 序号 (or, failing that, 提交答卷时间 /
    所用时间, so a missing 序号 column can be named); a problem when none does."""
    fixed = {_norm(k): v for k, v in FIXED_COLUMNS.items()}
    partial: tuple[Sheet, int] | None = None
    for sheet in sheets:
        for r, row in enumerate(sheet.rows[:_HEADER_SEARCH_ROWS]):
            found = {fixed[_norm(v)] for v in row if _norm(v) in fixed}
            if "seq" in found:
                return sheet, r
            if partial is None and len(found) >= 2:
                partial = sheet, r
    if partial is not None:
        return partial
    return SurveyProblem(None, "", "sv_no_header")


def parse_duration(value: Any) -> float:
    """Seconds from ``95秒``, ``1分35秒``, ``1小时2分3秒`` or a number; raises CellError."""
    refuse_bad(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value >= 0:
            return float(value)
    elif not is_blank(value):
        text = _norm(strip_invisible(str(value)))
        match = _DURATION.match(text)
        if text and match and any(match.groups()):
            hours, minutes, seconds = match.groups()
            return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0)
    raise CellError("sv_bad_duration", value="" if value is None else str(value).strip())


def parse_submitted(value: Any) -> dt.datetime:
    """A 提交答卷时间 cell: ``YYYY/MM/DD HH:MM:SS`` text or an Excel date-time."""
    refuse_bad(value)
    if isinstance(value, dt.datetime):
        return value
    if not is_blank(value):
        match = _SUBMITTED.match(strip_invisible(unicodedata.normalize("NFKC", str(value))))
        if match:
            y, mo, d, h, mi, s = match.groups()
            try:
                return dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))
            except ValueError:
                pass
    raise CellError("sv_bad_time", value="" if value is None else str(value).strip())


def _seq(value: Any) -> int:
    if type(value) is str and value.isascii() and value.isdigit() and 0 < int(value) < 2**31:
        return int(value)  # the common cell of a CSV file, fast (no error or formula is digits)
    refuse_bad(value)
    text = _norm(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if text.isdigit() and 0 < int(text) < 2**31:
        return int(text)
    raise CellError("sv_bad_seq", value="" if value is None else str(value).strip())


def _positions(header: Sequence[Any]) -> tuple[dict[str, int], dict[int, tuple[int, str]], list]:
    """Fixed field → cell index, item → (cell index, header), and repeated-header problems."""
    fixed = {_norm(k): v for k, v in FIXED_COLUMNS.items()}
    fields: dict[str, int] = {}
    items: dict[int, tuple[int, str]] = {}
    problems: list[SurveyProblem] = []
    for i, cell in enumerate(header):
        text = strip_invisible(str(cell)) if not is_blank(cell) else ""
        name = _norm(text)
        match = _QUESTION.match(text)
        if name in fixed:
            key, first = fixed[name], fields.get(fixed[name])
        elif match:
            key, first = f"q{int(match.group(1))}", None
            item = int(match.group(1))
            first = items[item][0] if item in items else None
        else:
            continue  # 总分 and anything else: not read
        if first is not None:
            problems.append(
                SurveyProblem(
                    None,
                    text,
                    "imp_header_repeated",
                    {"column": text, "first": column_letters(first), "second": column_letters(i)},
                )
            )
            continue
        if name in fixed:
            fields[key] = i
        else:
            items[int(match.group(1))] = (i, text)  # type: ignore[union-attr]
    return fields, items, problems


def read_submissions(sheet: Sheet, header_row: int) -> ParsedSurvey:
    """Every data row of the sheet below ``header_row`` (blank rows skipped)."""
    header = sheet.rows[header_row]
    fields, items, problems = _positions(header)
    by_field = {v: k for k, v in FIXED_COLUMNS.items()}
    missing = [by_field[f] for f in _REQUIRED if f not in fields]
    if missing:
        problems.append(
            SurveyProblem(None, "", "imp_header_missing", {"columns": "、".join(missing)})
        )
    if not items:
        problems.append(SurveyProblem(None, "", "sv_no_questions"))
    questions = {item: text for item, (_i, text) in sorted(items.items())}
    parsed = ParsedSurvey(sheet.name, questions, [], problems)
    if problems:
        return parsed
    readers = (
        ("seq", _seq),
        ("submitted_at", parse_submitted),
        ("duration", parse_duration),
    )
    memo: dict[int, dict[str, str | None]] = {item: {} for item in items}
    fixed_memo: dict[str, dict[str, Any]] = {name: {} for name, _read in readers}
    source_memo: dict[str, str | None] = {}
    seq_at = fields["seq"]
    for r in range(header_row + 1, len(sheet.rows)):
        cells = sheet.rows[r]
        # A row with its 序号 filled is not blank; only other rows are looked at whole.
        first = cells[seq_at] if seq_at < len(cells) else None
        if is_blank(first) and all(is_blank(v) for v in cells):
            continue
        excel_row = r + 1
        values: dict[str, Any] = {}
        for name, read in readers:
            i = fields[name]
            raw = cells[i] if i < len(cells) else None
            known = fixed_memo[name]
            if type(raw) is str and raw in known:
                values[name] = known[raw]
                continue
            try:
                values[name] = read(raw)
            except CellError as exc:
                problems.append(SurveyProblem(excel_row, by_field[name], exc.key, exc.values))
                continue
            if type(raw) is str and len(known) < 100_000:
                known[raw] = values[name]
        answers: dict[int, str | None] = {}
        for item, (i, text) in items.items():
            raw = cells[i] if i < len(cells) else None
            # Answers repeat (a handful of option texts): each distinct one is read once.
            seen = memo[item]
            if type(raw) is str and raw in seen:
                answers[item] = seen[raw]
                continue
            try:
                answers[item] = clean_text(raw, _MAX_ANSWER)
            except CellError as exc:
                problems.append(SurveyProblem(excel_row, text, exc.key, exc.values))
                continue
            if type(raw) is str:
                seen[raw] = answers[item]
        source = None
        if "source" in fields and fields["source"] < len(cells):
            raw = cells[fields["source"]]
            if type(raw) is str and raw in source_memo:
                source = source_memo[raw]
            else:
                try:
                    source = clean_text(raw, 64)
                except CellError as exc:
                    problems.append(SurveyProblem(excel_row, "来源", exc.key, exc.values))
                else:
                    if type(raw) is str and len(source_memo) < 100_000:
                        source_memo[raw] = source
        if len(values) == len(readers):
            parsed.submissions.append(
                Submission(
                    excel_row,
                    values["seq"],
                    values["submitted_at"],
                    values["duration"],
                    source,
                    answers,
                )
            )
    if not parsed.submissions and not problems:
        problems.append(SurveyProblem(None, "", "imp_no_rows"))
    return parsed


def agency_item(questions: Mapping[int, str]) -> int | None:
    """The question naming the evaluated agency (its text contains 评价单位 / 被评价单位)."""
    for item, text in questions.items():
        if any(word in text for word in AGENCY_QUESTION_WORDS):
            return item
    return None


def classify_items(
    parsed: ParsedSurvey, answer_values: Mapping[str, float], skip: int | None = None
) -> tuple[list[int], list[SurveyProblem]]:
    """The scored (Likert) items, and a problem for each answer of a Likert-looking item that
    is not in the mapping: an item is Likert-looking when at least half of its non-blank
    answers are mapped (不了解 counts as neither), without any multiple-choice answer."""
    likert: list[int] = []
    problems: list[SurveyProblem] = []
    for item, header in parsed.questions.items():
        if item == skip:
            continue
        mapped = 0
        others: list[tuple[int, str]] = []
        multi = False
        for sub in parsed.submissions:
            answer = sub.answers.get(item)
            if answer is None or answer in UNKNOWN_ANSWERS:
                continue
            if answer in answer_values:
                mapped += 1
            else:
                multi = multi or MULTI_SEPARATOR in answer
                others.append((sub.row, answer))
        if mapped == 0 or multi:
            continue
        if not others:
            likert.append(item)
            continue
        if mapped >= len(others):
            allowed = "、".join([*answer_values, *UNKNOWN_ANSWERS])
            problems += [
                SurveyProblem(row, header, "sv_not_in_mapping", {"value": text, "allowed": allowed})
                for row, text in others
            ]
    return likert, problems
