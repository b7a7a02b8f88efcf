"""Hardening of the imports (issue 15), on SQLite and PostgreSQL: cells that must not change
silently (an Excel error value, a formula saved without its value, TRUE/FALSE, ``1_0``) are
errors naming the cell in every kind and in the score sheet; invisible characters are
stripped; a score sheet's bad files (the file-level corpus, blank or merged agency cells, a
repeated column, a note too long) are refused with their own message and audited; the error
list is capped; the loser of two concurrent imports is told the data changed meanwhile.

The generic kinds' file-level corpus is in test_import_bad_files.py (FILE_LEVEL, run for every
kind); this file adds the score sheet's."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

import data_access.imports.engine as import_engine
import data_access.score_sheets as score_sheets
from data_access.imports import KINDS, ImportRefused, run_import
from data_access.imports.cells import CellError, clean_text, is_blank, to_number
from data_access.imports.reader import BadCell
from data_access.models import Agency, AuditLog, Score, Staffing
from data_access.rounds import RoundFrozen
from data_access.score_sheets import ScoreSheetError, import_score_sheet
from domain.catalog import translate
from tests.data_access.import_files import (
    FILE_LEVEL,
    STAFF,
    STAFF_H,
    checksums,
    org_row,
    seed,
    xlsx,
    xlsx_with_xml,
)
from tests.data_access.small_round import DONE_ROUND, OPEN_ROUND, build_small_round

# -- cells, pure ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (True, "imp_cell_boolean"),  # a logical cell was read as 1.0
        ("1_0", "imp_cell_not_number"),  # float("1_0") is 10
        ("1 0", "imp_cell_not_number"),  # spaces and commas only between groups of three
        ("1,0", "imp_cell_not_number"),
        ("0x1A", "imp_cell_not_number"),
        ("1e3", "imp_cell_not_number"),
        ("#N/A", "imp_cell_not_number"),  # an error value in a CSV file is text
        (BadCell("imp_cell_excel_error", (("value", "#REF!"),)), "imp_cell_excel_error"),
        (BadCell("imp_cell_formula_no_value"), "imp_cell_formula_no_value"),
    ],
)
def test_a_cell_that_is_no_number_is_refused(value: object, key: str) -> None:
    with pytest.raises(CellError) as refused:
        to_number(value)
    assert refused.value.key == key


@pytest.mark.parametrize(
    ("value", "number"),
    [("１２３", 123.0), (" 1,234.5 ", 1234.5), ("\u200b65\u00a0", 65.0), (62.0, 62.0)],
)
def test_full_width_digits_and_numbers_as_text_stay_numbers(value: object, number: float) -> None:
    assert to_number(value) == number


def test_invisible_characters_are_stripped_and_a_cell_of_them_is_blank() -> None:
    assert clean_text("\u200b市科学技术局\u00a0\u2060", 64) == "市科学技术局"
    assert clean_text("市\u200d科学\u3000技术局", 64) == "市科学 技术局"
    assert is_blank("\u200b\u00a0\ufeff") and not is_blank("\u200ba")
    assert clean_text(True, 64) == "TRUE"  # as Excel shows a logical cell, never "True"


# -- every kind: cells that changed silently ----------------------------------------------------


@pytest.fixture(scope="module")
def seeded(db_factory: Any) -> Engine:
    engine = db_factory.new_engine()
    seed(engine)
    return engine


def _staffing_refused(engine: Engine, data: bytes) -> list[str]:
    before = checksums(engine)
    result = run_import(engine, STAFF, KINDS["staffing"], data, "f.xlsx")
    assert result.batch_id is None and not result.ok
    after = checksums(engine)
    assert after.pop("audit_log") != before.pop("audit_log")  # the refusal is audited
    assert after == before
    return result.errors


def _cell_type(ref: str, kind: str) -> Callable[[object], None]:
    def prepare(ws: object) -> None:
        ws[ref].data_type = kind  # type: ignore[index]

    return prepare


_FORMULA = "<f>1+1</f>"  # a formula a program wrote without its value (=1+1 cleared a score)
STAFFING_CELLS: dict[str, tuple[Callable[[], bytes], list[str]]] = {
    "formula_without_a_value": (
        lambda: xlsx_with_xml(
            xlsx(STAFF_H, org_row()), '<c r="C2" t="n"><v>62</v></c>', f'<c r="C2">{_FORMULA}</c>'
        ),
        [
            "第 2 行 “行政编制”：公式没有保存计算结果，请在 Excel/WPS 中打开、保存后重试，"
            "或直接填写数值"
        ],
    ),
    "hyperlink_formula_without_a_value": (
        # =HYPERLINK(…) emptied a note: here the agency cell, a text column
        lambda: xlsx_with_xml(
            xlsx(STAFF_H, org_row()),
            '<c r="A2" t="inlineStr"><is><t>市委组织部</t></is></c>',
            '<c r="A2" t="str"><f>HYPERLINK("http://x.example","市委组织部")</f></c>',
        ),
        [
            "第 2 行 “单位名称”：公式没有保存计算结果，请在 Excel/WPS 中打开、保存后重试，"
            "或直接填写数值"
        ],
    ),
    "boolean_in_a_count": (
        lambda: xlsx(STAFF_H, org_row(事业编制=True)),
        ["第 2 行 “事业编制”：TRUE 是逻辑值，不是数字"],
    ),
    "underscore_in_a_count": (
        lambda: xlsx(STAFF_H, org_row(行政编制="1_0")),
        ["第 2 行 “行政编制”：“1_0”不是数字"],
    ),
    "na_error_in_the_year": (
        lambda: xlsx(STAFF_H, org_row(年度="#N/A"), prepare=_cell_type("B2", "e")),
        ["第 2 行 “年度”：单元格是 Excel 错误值 #N/A，请改正公式或直接填写数值"],
    ),
    "ref_error_in_the_agency": (
        lambda: xlsx(STAFF_H, org_row(单位名称="#REF!"), prepare=_cell_type("A2", "e")),
        ["第 2 行 “单位名称”：单元格是 Excel 错误值 #REF!，请改正公式或直接填写数值"],
    ),
    "error_value_in_an_otherwise_blank_row": (
        lambda: xlsx(STAFF_H, org_row(), [None, None, "#VALUE!"], prepare=_cell_type("C3", "e")),
        [
            "第 3 行：“单位名称”为空",
            "第 3 行：“年度”为空",
            "第 3 行 “行政编制”：单元格是 Excel 错误值 #VALUE!，请改正公式或直接填写数值",
        ],
    ),
}


@pytest.mark.parametrize("case", list(STAFFING_CELLS))
def test_a_cell_that_would_change_silently_is_an_error_naming_it(seeded: Engine, case: str) -> None:
    make, expected = STAFFING_CELLS[case]
    assert _staffing_refused(seeded, make()) == expected


def test_a_formula_with_its_saved_value_and_invisible_characters_are_accepted(
    fresh_engine: Engine,
) -> None:
    seed(fresh_engine)
    data = xlsx(STAFF_H, org_row(单位名称="\u200b市委组织部\u00a0", 行政编制=65))
    data = xlsx_with_xml(
        data, '<c r="D2" t="n"><v>15</v></c>', '<c r="D2"><f>10+5</f><v>15</v></c>'
    )
    result = run_import(fresh_engine, STAFF, KINDS["staffing"], data, "f.xlsx")
    assert result.ok and (len(result.new), len(result.changed)) == (0, 1)
    with fresh_engine.connect() as conn:
        stored = conn.execute(
            select(Staffing.authorized_xz, Staffing.authorized_sy)
            .join(Agency, Agency.id == Staffing.agency_id)
            .where(Agency.name == "市委组织部", Staffing.year == 2024)
        ).one()
    assert tuple(stored) == (65, 15)


# -- score sheets ------------------------------------------------------------------------------

SHEET_H = ["单位", "指标代码", "指标名称", "来源", "满分", "组评分", "自评分", "佐证说明"]
# 市外事办公室's A1a (team, 6 points) in the small round: team 4 stored, no self score.
A1A: list[object] = ["市外事办公室", "A1a", "重大事项报批", "team", 6, 4, None, None]


def _row(**cells: object) -> list[object]:
    row = list(A1A)
    for header, value in cells.items():
        row[SHEET_H.index(header)] = value
    return row


@pytest.fixture(scope="module")
def round_db(db_factory: Any) -> Engine:
    return build_small_round(db_factory.new_engine())


def _sheet_refused(engine: Engine, data: bytes, filename: str = "f.xlsx") -> ScoreSheetError:
    before = checksums(engine)
    with pytest.raises(ScoreSheetError) as refused:
        import_score_sheet(engine, OPEN_ROUND, data, actor="staff", filename=filename)
    after = checksums(engine)
    assert after.pop("audit_log") != before.pop("audit_log")
    assert after == before
    with engine.connect() as conn:
        last = conn.execute(select(AuditLog).order_by(AuditLog.id.desc()).limit(1)).one()
    assert (last.action, last.username, last.after["kind"]) == (
        "import.rejected",
        "staff",
        "scores",
    )
    assert last.after["errors"] == refused.value.count
    return refused.value


def _merged_a2_a3(ws: object) -> None:
    ws.merge_cells("A2:A3")  # type: ignore[attr-defined]


SHEET_ROWS: dict[str, tuple[Callable[[], bytes], list[str]]] = {
    "blank_agency": (
        lambda: xlsx(SHEET_H, _row(单位=None)),
        ["第 2 行：单位为空"],  # was 单位“nan” / 单位“”
    ),
    "merged_agency_cells": (
        lambda: xlsx(SHEET_H, A1A, _row(指标代码="A1b", 组评分=3), prepare=_merged_a2_a3),
        ["第 3 行：单位为空"],
    ),
    "invisible_only_agency": (
        lambda: xlsx(SHEET_H, _row(单位="\u200b\u00a0")),
        ["第 2 行：单位为空"],
    ),
    "blank_code": (lambda: xlsx(SHEET_H, _row(指标代码=None)), ["第 2 行：指标代码为空"]),
    "repeated_column": (
        lambda: xlsx([*SHEET_H, "组评分"], [*A1A, 5]),
        ["列“组评分”出现了两次（第 F 列和第 I 列），请删除其中一列。"],
    ),
    "formula_without_a_value": (
        lambda: xlsx_with_xml(
            xlsx(SHEET_H, A1A), '<c r="F2" t="n"><v>4</v></c>', f'<c r="F2">{_FORMULA}</c>'
        ),
        ["第 2 行 组评分：公式没有保存计算结果，请在 Excel/WPS 中打开、保存后重试，或直接填写数值"],
    ),
    "div0_team_score": (
        lambda: xlsx(SHEET_H, _row(组评分="#DIV/0!"), prepare=_cell_type("F2", "e")),
        ["第 2 行 组评分：单元格是 Excel 错误值 #DIV/0!，请改正公式或直接填写数值"],
    ),
    "na_in_the_agency": (
        lambda: xlsx(SHEET_H, _row(单位="#N/A"), prepare=_cell_type("A2", "e")),
        ["第 2 行：单元格是 Excel 错误值 #N/A，请改正公式或直接填写数值"],
    ),
    "boolean_self_score": (
        lambda: xlsx(SHEET_H, _row(自评分=True)),
        ["第 2 行 自评分：TRUE 是逻辑值，不是数字"],
    ),
    "underscore_team_score": (
        lambda: xlsx(SHEET_H, _row(组评分="1_0")),
        ["第 2 行：组评分“1_0”不是数字"],
    ),
    "hyperlink_formula_in_the_note": (
        # =HYPERLINK(…) as openpyxl writes it: a formula with no saved value (emptied a note)
        lambda: xlsx(SHEET_H, _row(佐证说明='=HYPERLINK("http://x.example","纪要")')),
        [
            "第 2 行 佐证说明：公式没有保存计算结果，请在 Excel/WPS 中打开、保存后重试，"
            "或直接填写数值"
        ],
    ),
    "hyperlink_typed_as_text_in_the_note": (
        lambda: xlsx(
            SHEET_H,
            _row(佐证说明='=HYPERLINK("http://x.example","纪要")'),
            prepare=_cell_type("H2", "s"),
        ),
        ["第 2 行 佐证说明：不接受公式，请填写数值或文字"],
    ),
    "note_of_2001_characters": (
        lambda: xlsx(SHEET_H, _row(佐证说明="注" * 2001)),
        ["第 2 行 佐证说明：内容过长（2001 个字符，最多 2000 个）"],
    ),
    "html_in_the_note": (
        lambda: xlsx(SHEET_H, _row(佐证说明="<script>alert(1)</script>")),
        ["第 2 行 佐证说明：不接受 HTML 标记"],
    ),
}


@pytest.mark.parametrize("case", list(SHEET_ROWS))
def test_a_bad_score_sheet_names_the_row_and_writes_nothing(round_db: Engine, case: str) -> None:
    make, expected = SHEET_ROWS[case]
    assert _sheet_refused(round_db, make()).errors == expected


# The file-level corpus, as score sheets (the kinds' own run is in test_import_bad_files.py);
# "unrelated_table" has no score-sheet header: the sheet's own message names its columns.
SHEET_FILES = sorted(case for case in FILE_LEVEL if case != "unrelated_table")


@pytest.mark.parametrize("case", SHEET_FILES)
def test_a_file_that_is_not_a_score_sheet_says_what_it_is(round_db: Engine, case: str) -> None:
    make, filename, key, values = FILE_LEVEL[case]
    refused = _sheet_refused(round_db, make(), filename)
    assert refused.errors == [translate(key, "zh", **values)]
    assert "BadZipFile" not in refused.errors[0] and "Error" not in refused.errors[0]


def test_a_score_sheet_lists_the_first_50_errors_and_counts_the_rest(round_db: Engine) -> None:
    rows = [_row(指标代码=f"Z{i}") for i in range(120)]  # 120 rows, every code unknown
    refused = _sheet_refused(round_db, xlsx(SHEET_H, *rows))
    assert refused.count == 120 and len(refused.errors) == 50
    assert refused.errors[-1] == "第 51 行：指标代码“Z49”不存在"


def test_a_score_sheet_with_invisible_characters_and_full_width_digits_is_read(
    round_db: Engine,
) -> None:
    data = xlsx(SHEET_H, _row(单位="市外事办公室\u200b\u00a0", 组评分="４"))
    report = import_score_sheet(round_db, OPEN_ROUND, data, actor="staff", dry_run=True)
    assert (report.rows, report.inserted, report.updated, report.unchanged) == (1, 0, 0, 1)


# -- two imports at once ---------------------------------------------------------------------


def _race(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str, work: Callable[[int], Any]
) -> list[Any]:
    """Run ``work(0)`` and ``work(1)`` in two threads that both get as far as ``module.name`` (the write) before
    either writes; each thread's result or exception."""
    barrier = threading.Barrier(2, timeout=30)
    real = getattr(module, name)

    def synchronized(*args: Any, **kwargs: Any) -> Any:
        barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, synchronized)
    outcomes: list[Any] = [None, None]

    def run(i: int) -> None:
        try:
            outcomes[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - the outcome under test
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    return outcomes


def test_two_imports_of_new_rows_at_once_one_is_told_to_retry(
    fresh_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(fresh_engine)
    data = xlsx(STAFF_H, org_row(年度=2025))  # a new row: both would insert it
    outcomes = _race(
        monkeypatch,
        import_engine,
        "_store",
        lambda _i: run_import(fresh_engine, STAFF, KINDS["staffing"], data, "f.xlsx"),
    )
    done = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(done) == 1 and done[0].batch_id is not None
    assert len(refused) == 1 and isinstance(refused[0], ImportRefused)
    assert str(refused[0]) == translate("imp_changed_meanwhile", "zh")
    with fresh_engine.connect() as conn:
        years = conn.execute(select(Staffing.year).where(Staffing.year == 2025)).all()
    assert len(years) == 1


def test_two_score_sheets_into_one_round_at_once_one_is_told_to_retry(
    db_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = build_small_round(db_factory.new_engine())
    # 市统计局 A1a: the other sheet sets it to 5.5, this one to 6: both change the same row.
    sheets = [xlsx(SHEET_H, _row(单位="市统计局", 组评分=v)) for v in (5.5, 6)]

    def work(i: int) -> Any:
        return import_score_sheet(engine, OPEN_ROUND, sheets[i], actor=f"staff{i}")

    outcomes = _race(monkeypatch, score_sheets, "_write", work)
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], ScoreSheetError)
    assert refused[0].errors == [translate("imp_changed_meanwhile", "zh")]
    with engine.connect() as conn:
        stored = conn.execute(
            select(Score.team_score, Score.updated_by).where(
                Score.round_id == OPEN_ROUND, Score.agency_id == 2, Score.code == "A1a"
            )
        ).one()
    winner = next(i for i, o in enumerate(outcomes) if not isinstance(o, Exception))
    assert tuple(stored) == ((5.5, 6)[winner], f"staff{winner}")


def test_a_score_sheet_for_a_completed_round_is_refused_and_audited(round_db: Engine) -> None:
    before = checksums(round_db)
    with pytest.raises(RoundFrozen):
        import_score_sheet(round_db, DONE_ROUND, xlsx(SHEET_H, A1A), actor="staff")
    after = checksums(round_db)
    assert after.pop("audit_log") != before.pop("audit_log") and after == before
    with round_db.connect() as conn:
        last = conn.execute(select(AuditLog).order_by(AuditLog.id.desc()).limit(1)).one()
    assert (last.action, last.after["kind"], last.after["errors"]) == (
        "import.rejected",
        "scores",
        1,
    )


# -- old-format .xls: error cells (calamine reads them as blank) ------------------------------

_XLS = Path(__file__).parent / "xls"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Written by xlwt (a real BIFF8 workbook): 市委组织部 and 市科学技术局 in turn, years
        # from 1950, every count 5, but 行政编制 of the second row (Excel row 3) holds the error value #DIV/0!.
        ("staffing_error_small.xls", ["第 3 行 “行政编制”：单元格是 Excel 错误值 #DIV/0!"]),
        # 300 rows; 实有行政 of Excel row 151 is #N/A, 内设机构数 of row 300 is #REF!.
        (
            "staffing_error_big.xls",
            [
                "第 151 行 “实有行政”：单元格是 Excel 错误值 #N/A",
                "第 300 行 “内设机构数”：单元格是 Excel 错误值 #REF!",
            ],
        ),
    ],
)
def test_an_error_cell_of_an_xls_file_is_refused_naming_it(
    seeded: Engine, name: str, expected: list[str]
) -> None:
    errors = _staffing_refused(seeded, (_XLS / name).read_bytes())
    assert len(errors) == len(expected)
    for error, start in zip(errors, expected, strict=True):
        assert error.startswith(start), error


def test_an_xls_file_without_error_cells_reads_every_value(seeded: Engine) -> None:
    """The scanner finds nothing to refuse in a clean .xls: the rows import as they are."""
    from data_access.imports.biff import xls_error_cells
    from data_access.imports.reader import read_sheets

    data = (_XLS / "staffing_error_small.xls").read_bytes()
    assert xls_error_cells(data) == {"编制": {(2, 2): "#DIV/0!"}}
    rows = read_sheets(data, "f.xls")[0].rows
    assert rows[1][:3] == ["市科学技术局", 1950.0, 5.0]
    assert isinstance(rows[2][2], BadCell)
    # Damaged containers give no cells (calamine's own reading then decides).
    assert xls_error_cells(data[:600]) == {}
    assert xls_error_cells(b"\xd0\xcf\x11\xe0" + b"\0" * 1000) == {}
