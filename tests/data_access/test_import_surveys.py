"""The import kind ``surveys`` (问卷星 exports, DOMAIN §5): figures worked by hand, the import
report, re-import replaces, undo restores, and malformed files refused with a localized
message naming the row and column, writing nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import Engine, func, select

from data_access.imports import KINDS, ImportRefused, run_import, undo
from data_access.imports.surveys import SurveyImportResult, run_survey_import
from data_access.models import ImportBatch, SurveyAnswer, SurveyImport, SurveyResponse
from data_access.reader import Reader
from data_access.scope import SYSTEM
from reports.surveys import render_surveys, survey_rows
from tests.data_access.rectification_fixtures import STAFF, build_small_database
from tests.data_access.survey_files import (
    HEADER,
    LIKERT_Q,
    hand_csv,
    hand_rows,
    hand_xlsx,
    rows_to_csv,
)

Q = "满意度调查问卷"


@pytest.fixture()
def db(fresh_engine: Engine) -> tuple[Engine, dict[str, int]]:
    return fresh_engine, build_small_database(fresh_engine)


def _import(engine: Engine, data: bytes, name: str = "wjx.csv", **kw: object) -> SurveyImportResult:
    options: dict[str, object] = {"round_year": 2024, "questionnaire": Q, "lang": "zh"}
    options.update(kw)
    return run_survey_import(engine, STAFF, data, name, **options)  # type: ignore[arg-type]


def _counts(engine: Engine) -> tuple[int, int, int, int]:
    with engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (SurveyResponse, SurveyAnswer, SurveyImport, ImportBatch)
        )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_hand_worked_figures(db: tuple[Engine, dict[str, int]], fmt: str) -> None:
    """市外事办公室, 8 scored items (2–9), answers by submission (values 非常满意 100, 满意 80,
    基本满意 60, 不满意 30, 非常不满意 0; 不了解 and blank left out):

    seq 1  满意 ×8                       95 s    accepted, straight-lining, r = 80
    seq 2  非常满意 ×4, 基本满意 ×4       1分35秒 accepted, r = (400 + 240) / 8 = 80
    seq 3  非常满意 ×7, 不了解            200 s   accepted (7 scored: not straight), r = 100
    seq 4  不满意 ×4, 非常不满意 ×2, 2 blank 60 s accepted, r = 120 / 6 = 20
    seq 5  满意 ×8                       15 s    too fast (< 20 s): excluded
    seq 2  again                                 duplicate 序号: dropped
    seq 7  基本满意 ×8                   45 s    accepted, straight-lining, r = 60

    n = 5 (1, 2, 3, 4, 7). Item scores: items 2–5: (80+100+100+30+60)/5 = 74; items 6–7:
    (80+60+100+0+60)/5 = 60; item 8: (80+60+100+60)/4 = 75; item 9: (80+60+60)/3 = 200/3.
    SI = (4·74 + 2·60 + 75 + 200/3) / 8 = (1673/3) / 8 = 1673/24 = 69.708333…
    Valid answers 8+8+7+6+8 = 37, of them not satisfied the 6 of seq 4: rate = 31/37.
    r = 80, 80, 100, 20, 60: mean 68, squared deviations 144+144+1024+2304+64 = 3680,
    sd² = 3680/4 = 920, half-width = 1.96·√920/√5 = 1.96·√184 = 26.586733…
    CI = 1673/24 ∓ 1.96·√184 = [43.121600…, 96.295066…]. 5 ≤ n < 30: status small.
    Exclusions: 7 read, 1 duplicate, 1 too fast, 2 straight-lining, 3 不了解/blank answers.

    市科技局 (short name): seq 8, 9, 10 accepted → n = 3 < 5: suppressed, figures empty;
    seq 8 (非常满意 ×8) straight-lining; seq 10 has 4 不了解."""
    engine, ids = db
    data = hand_csv().encode("utf-8-sig") if fmt == "csv" else hand_xlsx()
    result = _import(engine, data, f"wjx.{fmt}")
    assert result.ok, result.errors
    rows = {r["agency"]: r for r in survey_rows(Reader(engine, SYSTEM), ids["r2024"])}
    waiban = rows["市外事办公室"]
    assert waiban["questionnaire"] == Q
    assert (waiban["submissions"], waiban["accepted"], waiban["duplicates"]) == (7, 5, 1)
    assert (waiban["too_fast"], waiban["straight_lining"], waiban["n"]) == (1, 2, 5)
    assert waiban["si"] == pytest.approx(1673 / 24, abs=1e-9)
    assert waiban["rate"] == pytest.approx(31 / 37, abs=1e-12)
    assert waiban["ci_low"] == pytest.approx(1673 / 24 - 1.96 * math.sqrt(184), abs=1e-9)
    assert waiban["ci_high"] == pytest.approx(1673 / 24 + 1.96 * math.sqrt(184), abs=1e-9)
    assert waiban["status"] == "small"
    keji = rows["市科学技术局"]
    assert (keji["n"], keji["status"], keji["straight_lining"]) == (3, "suppressed", 1)
    assert keji["si"] is None and keji["rate"] is None and keji["ci_low"] is None
    report = {r.agency: r.counts for r in result.report}
    assert report["市外事办公室"] == {
        "total": 7,
        "accepted": 5,
        "duplicate": 1,
        "too_fast": 1,
        "straightlined": 2,
        "excluded_answers": 3,
    }
    assert report["市科学技术局"]["excluded_answers"] == 4
    assert result.scored_items == list(range(2, 10)) and result.other_items == [10]
    lines = result.report_lines("en")
    assert "7 submissions read, 5 accepted, 1 duplicates dropped, 1 too fast" in lines[0]
    # the suppressed row is blank, not zero, in the CSV contract
    csv_text = render_surveys(survey_rows(Reader(engine, SYSTEM), ids["r2024"]), "csv")
    assert "市科学技术局,满意度调查问卷,3,3,0,0,1,3,,,,,suppressed" in csv_text
    # the multiple-choice question is kept, not scored
    with engine.connect() as conn:
        other = conn.execute(
            select(SurveyResponse.other_answers).where(SurveyResponse.seq == 1)
        ).scalar_one()
    assert other == {"10": "窗口┋网上办理"}


def test_reimport_replaces_and_undo_restores(db: tuple[Engine, dict[str, int]]) -> None:
    engine, ids = db
    first = _import(engine, hand_csv().encode())
    assert first.ok and first.summary("zh") == "新增 10，更新 0，未变 0"
    before = _counts(engine)
    # A corrected file: seq 4's 不满意 answers become 满意 — same submissions, replaced.
    rows = hand_rows()
    rows[3] = rows[3][:7] + ["满意"] * 6 + ["", ""] + rows[3][15:]
    second = _import(engine, rows_to_csv(HEADER, rows).encode())
    assert second.ok and second.summary("en") == "new 0, changed 10, unchanged 0"
    assert _counts(engine)[:2] == before[:2]  # not doubled
    figures = {r["agency"]: r for r in survey_rows(Reader(engine, SYSTEM), ids["r2024"])}
    assert figures["市外事办公室"]["rate"] == pytest.approx(1.0)  # no 不满意 left
    assert second.batch_id is not None
    undo(engine, STAFF, second.batch_id)
    again = {r["agency"]: r for r in survey_rows(Reader(engine, SYSTEM), ids["r2024"])}
    assert again["市外事办公室"]["rate"] == pytest.approx(31 / 37)
    assert first.batch_id is not None
    undo(engine, STAFF, first.batch_id)
    assert _counts(engine)[:3] == (0, 0, 0)


def test_the_generic_entry_reads_the_questionnaire_from_the_file_name(
    db: tuple[Engine, dict[str, int]],
) -> None:
    engine, _ids = db
    data = hand_csv().encode()
    result = run_import(engine, STAFF, KINDS["surveys"], data, "2024_满意度调查问卷.csv",
                        round_year=2024, dry_run=True)  # fmt: skip
    assert result.ok and result.batch_id is None and _counts(engine)[0] == 0
    with pytest.raises(ImportRefused, match="--questionnaire"):
        run_import(engine, STAFF, KINDS["surveys"], data, "export.csv", round_year=2024,
                   lang="en")  # fmt: skip


def _replace(text: str, old: str, new: str) -> bytes:
    assert old in text
    return text.replace(old, new, 1).encode()


_GOOD = hand_csv()
_HEADER_LINE = _GOOD.splitlines()[0]
_ONE_AGENCY = rows_to_csv(
    [h for h in HEADER if not h.startswith("1、")], [r[:6] + r[7:] for r in hand_rows()]
)
# (case, file bytes, options, zh fragment, en fragment)
BAD: list[tuple[str, bytes, dict[str, object], str, str]] = [
    ("utf16", _GOOD.encode("utf-16"), {}, "无法识别 CSV 文件的编码", "encoding is not recognised"),
    ("no_seq", _replace(_GOOD, "序号,", "编号,"), {}, "缺少", "序号"),
    (
        "duration",
        _replace(_GOOD, "95秒", "九十五秒"),
        {},
        "第 2 行 “所用时间”：所用时间“九十五秒”无法识别",
        "Row 2, “所用时间”: time taken “九十五秒” is not readable",
    ),
    (
        "mapping",
        _replace(
            _GOOD,
            "95秒,微信,N/A,10.0.0.1(山东济宁),市外事办公室,满意",
            "95秒,微信,N/A,10.0.0.1(山东济宁),市外事办公室,很满意",
        ),  # fmt: skip
        {},
        f"第 2 行 “{LIKERT_Q[0]}”：答案“很满意”不在本批次的答案赋值中",
        f"Row 2, “{LIKERT_Q[0]}”: answer “很满意” is not in the round's answer mapping",
    ),
    ("no_agency_q", _ONE_AGENCY.encode(), {}, "请用 --agency 指定", "name the evaluated agency"),
    (
        "unknown_agency",
        _replace(_GOOD, ",市科技局,", ",市科学技术厅,"),
        {},
        "第 9 行 “1、您评价的单位是（被评价单位）”：单位“市科学技术厅”不是本批次的评估对象（是否为“市科学技术局”？）",
        "agency “市科学技术厅” is not evaluated in this round (did you mean “市科学技术局”?)",
    ),
    (
        "timestamp",
        _replace(_GOOD, "2024/11/05 09:40:00", "2024/13/45 25:00:00"),
        {},
        "第 4 行 “提交答卷时间”：提交答卷时间“2024/13/45 25:00:00”无法识别",
        "Row 4, “提交答卷时间”: submit time “2024/13/45 25:00:00” is not readable",
    ),
    ("empty", b"", {}, "文件是空的", "The file is empty"),
    ("header_only", (_HEADER_LINE + "\n").encode(), {}, "没有", "no"),
    (
        "duplicate_header",
        _replace(_GOOD, "来源详情,", "所用时间,"),
        {},
        "所用时间",
        "所用时间",
    ),
    (
        "bad_seq",
        _replace(_GOOD, "\n3,", "\nabc,"),
        {},
        "第 4 行 “序号”：序号“abc”不是正整数",
        "Row 4, “序号”: 序号 (submission number) “abc” is not a positive whole number",
    ),  # fmt: skip
    (
        "no_questions",
        b"\xef\xbb\xbf\xe5\xba\x8f\xe5\x8f\xb7,\xe6\x8f\x90\xe4\xba\xa4\xe7\xad\x94"
        b"\xe5\x8d\xb7\xe6\x97\xb6\xe9\x97\xb4,\xe6\x89\x80\xe7\x94\xa8\xe6\x97\xb6\xe9\x97\xb4\n"
        b"1,2024/11/05 09:30:15,95\xe7\xa7\x92\n",
        {},
        "没有题目列",
        "No question columns",
    ),  # fmt: skip
    (
        "not_wjx",
        "单位,得分\n市外办,90\n".encode(),
        {},
        "不是问卷星导出的答卷",
        "Not a 问卷星 export",
    ),
]


@pytest.mark.parametrize(("case", "data", "options", "zh", "en"), BAD, ids=[b[0] for b in BAD])
def test_malformed_files_are_refused_and_write_nothing(
    db: tuple[Engine, dict[str, int]],
    case: str,
    data: bytes,
    options: dict[str, object],
    zh: str,
    en: str,
) -> None:
    engine, _ids = db
    before = _counts(engine)
    for lang, fragment in (("zh", zh), ("en", en)):
        result = _import(engine, data, lang=lang, **options)  # type: ignore[arg-type]
        assert not result.ok, case
        assert result.batch_id is None
        assert any(fragment in e for e in result.errors), (case, lang, result.errors)
    assert _counts(engine) == before


def test_unknown_agency_option_is_refused_with_a_suggestion(
    db: tuple[Engine, dict[str, int]],
) -> None:
    engine, _ids = db
    with pytest.raises(ImportRefused, match="市外事办公室"):
        _import(engine, _ONE_AGENCY.encode(), agency="市外事办", lang="en")
    ok = _import(engine, _ONE_AGENCY.encode(), agency="市外办")
    assert ok.ok and [r.agency for r in ok.report] == ["市外事办公室"]


def test_the_data_import_page_previews_the_report_per_agency(
    db: tuple[Engine, dict[str, int]],
) -> None:
    from views.data_import import check_file, confirm_import, lookup_names

    engine, _ids = db
    data = hand_csv().encode()
    name = "2024_满意度调查问卷.csv"
    names = lookup_names(engine, STAFF, "surveys")
    preview = check_file(engine, STAFF, "surveys", data, name, "en", names, round_year=2024)
    assert preview.ok and _counts(engine)[0] == 0
    table = preview.new_rows.frame
    waiban = table[table["c0"] == "市外事办公室"].iloc[0]
    # read 7, accepted 5, duplicates 1, too fast 1, straight-lining 2, 不了解/blank 3 (above)
    assert [waiban[f"c{i}"] for i in range(2, 8)] == ["7", "5", "1", "1", "2", "3"]
    done = confirm_import(engine, STAFF, preview, data, name, "en")
    assert done.level == "success" and _counts(engine)[0] == 10
