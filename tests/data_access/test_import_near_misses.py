"""Near misses of the bad-file corpus, accepted (on SQLite and PostgreSQL): the data sheet is
found by its header row, so a workbook with an unrelated sheet first (a cover page, notes) is
accepted; GB18030 CSV (what Chinese Excel writes) is read; full-width digits and numbers stored
as text are numbers; a formula cell is read as its cached value and never evaluated; title
rows above the header, blank rows and columns the kind does not know are ignored."""

from __future__ import annotations

from sqlalchemy import Engine, select

from data_access.imports import KINDS, run_import
from data_access.models import Agency, Staffing
from tests.data_access.import_files import (
    CITY_H,
    ORG_2024,
    STAFF,
    STAFF_H,
    csv_bytes,
    org_row,
    seed,
    xlsx,
    xlsx_with_xml,
)


def _storedorg_row(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        row = conn.execute(
            select(Staffing)
            .join(Agency, Agency.id == Staffing.agency_id)
            .where(Agency.name == "市委组织部", Staffing.year == 2024)
        ).one()
    return ["市委组织部", row.year, *(getattr(row, f) for f in KINDS["staffing"].fields)]  # type: ignore[attr-defined]


def _accepted(engine: Engine, kind: str, data: bytes, filename: str) -> tuple[int, int, int]:
    result = run_import(engine, STAFF, KINDS[kind], data, filename)
    assert result.ok, result.errors
    return len(result.new), len(result.changed), result.unchanged


def _cover_sheet_first(wb: object) -> None:
    cover = wb.create_sheet("封面", 0)  # type: ignore[attr-defined]
    cover.append(["2024 年编制台账"])
    cover.append(["填报单位：市委编办", "联系人：张三"])


def test_an_unrelated_sheet_first_is_skipped(fresh_engine: Engine) -> None:
    seed(fresh_engine)
    data = xlsx(STAFF_H, org_row(行政编制=65), prepare_book=_cover_sheet_first)
    assert _accepted(fresh_engine, "staffing", data, "f.xlsx") == (0, 1, 0)
    assert _storedorg_row(fresh_engine)[2] == 65


def test_gb18030_csv_is_read(fresh_engine: Engine) -> None:
    seed(fresh_engine)
    data = csv_bytes(
        CITY_H, ["济宁", 2023, "824.05"], ["济南市", 2023, "941.47"], encoding="gb18030"
    )
    # 济宁 2023 is new; 济南 2023 is stored as 941.47 already
    assert _accepted(fresh_engine, "cities", data, "人口.csv") == (1, 0, 1)


def test_full_width_digits_and_numbers_as_text_are_numbers(fresh_engine: Engine) -> None:
    seed(fresh_engine)
    data = xlsx(STAFF_H, org_row(年度="２０２４", 行政编制="６５", 事业编制=" 15 "))
    assert _accepted(fresh_engine, "staffing", data, "f.xlsx") == (0, 1, 0)
    assert _storedorg_row(fresh_engine)[2:4] == [65, 15]


def test_a_formula_is_read_as_its_cached_value_never_evaluated(fresh_engine: Engine) -> None:
    seed(fresh_engine)
    # C2 holds =1+1 with 62 cached: 62 (the stored value) is read, not 2.
    data = xlsx_with_xml(xlsx(STAFF_H, ORG_2024), "<v>62</v>", "<f>1+1</f><v>62</v>")
    assert _accepted(fresh_engine, "staffing", data, "f.xlsx") == (0, 0, 1)


def test_blank_rows_title_rows_and_unknown_columns_are_ignored(fresh_engine: Engine) -> None:
    seed(fresh_engine)
    data = xlsx(
        ["2024 年编制台账"],
        [],
        [*STAFF_H, "备注"],
        [*org_row(行政编制=64), "增 2 名"],
        [],
        [None] * 12,
    )
    assert _accepted(fresh_engine, "staffing", data, "f.xlsx") == (0, 1, 0)


def test_a_column_left_out_leaves_the_stored_value(fresh_engine: Engine) -> None:
    seed(fresh_engine)
    data = xlsx(STAFF_H[:-1], ORG_2024[:-1])
    assert _accepted(fresh_engine, "staffing", data, "f.xlsx") == (0, 0, 1)
