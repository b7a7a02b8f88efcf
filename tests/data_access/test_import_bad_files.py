"""Malformed files, made in the test, are refused with a message naming the row and the column,
and the database stays byte-for-byte what it was (every row of every table, hashed per table);
on SQLite and PostgreSQL. Every file is imported for real (not a dry run).

Text that starts with "=" (a formula typed or pasted as text, such as =HYPERLINK(…)) and HTML
markup are refused. Near misses that are accepted (an unrelated sheet first, GB18030, full-width
digits, cached formula values): test_import_near_misses.py; killing an import mid-write:
test_import_killed.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, select

from data_access.imports import KINDS, ImportRefused, run_import
from data_access.models import AuditLog
from domain.catalog import translate
from tests.data_access.import_files import (
    AG_H,
    CITY_H,
    FILE_LEVEL,
    ORG_2024,
    STAFF,
    STAFF_H,
    Make,
    checksums,
    csv_bytes,
    org_row,
    seed,
    xlsx,
)


@pytest.fixture(scope="module")
def seeded(db_factory: Any) -> Engine:
    """One small database per engine for the refusals (none of them may write)."""
    engine = db_factory.new_engine()
    seed(engine)
    return engine


def _refused(engine: Engine, kind: str, data: bytes, filename: str, lang: str = "zh") -> list[str]:
    """Import for real; assert nothing was written but the refusal's audit row; the errors."""
    before = checksums(engine)
    round_year = 2024 if KINDS[kind].needs_round else None
    result = run_import(
        engine, STAFF, KINDS[kind], data, filename, round_year=round_year, lang=lang
    )
    assert result.batch_id is None and not result.ok
    after = checksums(engine)
    assert after.pop("audit_log") != before.pop("audit_log")
    assert after == before
    assert _last_audit(engine) == ("import.rejected", kind, result.error_count)
    return result.errors


def _last_audit(engine: Engine) -> tuple[str, str, int]:
    with engine.connect() as conn:
        row = conn.execute(select(AuditLog).order_by(AuditLog.id.desc()).limit(1)).one()
    return row.action, row.after["kind"], row.after["errors"]


# -- file-level problems, for every kind -------------------------------------------------------


# The surveys kind reads 问卷星's own layout: a table that is not one, or one without rows, is
# refused with its own message (tests/data_access/test_import_surveys.py).
TABLE_KINDS = sorted(k for k in KINDS if k != "surveys")
_NOT_SURVEYS = {"unrelated_table"}


@pytest.mark.parametrize(
    ("kind", "case"),
    [
        (k, c)
        for c in sorted(FILE_LEVEL)
        for k in sorted(KINDS)
        if not (k == "surveys" and c in _NOT_SURVEYS)
    ],
)
def test_a_file_that_is_not_a_table_of_the_kind_is_refused(
    seeded: Engine, kind: str, case: str
) -> None:
    make, filename, key, values = FILE_LEVEL[case]
    assert _refused(seeded, kind, make(), filename) == [translate(key, "zh", **values)]


@pytest.mark.parametrize("kind", TABLE_KINDS)
def test_a_header_below_row_10_is_not_found(seeded: Engine, kind: str) -> None:
    header = [c.zh for c in KINDS[kind].columns]
    data = xlsx(*([["说明"]] * 11), header)
    assert _refused(seeded, kind, data, "f.xlsx") == [translate("imp_no_header", "zh")]


@pytest.mark.parametrize("kind", TABLE_KINDS)
def test_a_header_without_rows_is_refused(seeded: Engine, kind: str) -> None:
    header = [c.zh for c in KINDS[kind].columns]
    assert _refused(seeded, kind, xlsx(header), "f.xlsx") == ["文件中没有数据行。"]


ROUND_KINDS = sorted(k for k, kind in KINDS.items() if kind.needs_round)


@pytest.mark.parametrize("kind", ROUND_KINDS or [pytest.param("-", marks=pytest.mark.skip)])
def test_a_completed_round_refuses_its_kinds(seeded: Engine, kind: str) -> None:
    before = checksums(seeded)
    header = [c.zh for c in KINDS[kind].columns]
    with pytest.raises(ImportRefused) as refused:
        run_import(seeded, STAFF, KINDS[kind], xlsx(header), "f.xlsx", round_year=2022)
    assert str(refused.value) == "评估批次“2022年度评估”已完成，评分和配置已冻结，不能修改。"
    after = checksums(seeded)
    assert after.pop("audit_log") != before.pop("audit_log")  # the refusal is audited
    assert after == before


# -- row and column problems ----------------------------------------------------------------


def _merged(ws: object) -> None:
    ws.merge_cells("A2:A3")  # type: ignore[attr-defined]


def _as_text(cell: str) -> Callable[[object], None]:
    def prepare(ws: object) -> None:
        ws[cell].data_type = "s"  # type: ignore[index]

    return prepare


_NEW_AGENCY = ["市新设局", "新设局", "科技", "政府工作部门", "正县级"]
_100K = ["单位名称,简称,单位类型,单位性质,机构规格"]

# case id → (kind, make, file name, the errors, exactly)
ROWS: dict[str, tuple[str, Make, str, list[str]]] = {
    "repeated_column": (
        "staffing",
        lambda: xlsx([*STAFF_H, "行政编制"], [*ORG_2024, 62]),
        "f.xlsx",
        ["列“行政编制”出现了两次（第 C 列和第 L 列），请删除其中一列。"],
    ),
    "merged_agency_cells": (
        # 单位名称 merged over rows 2–3: the value is in row 2 only
        "staffing",
        lambda: xlsx(STAFF_H, ORG_2024, org_row(年度=2023), prepare=_merged),
        "f.xlsx",
        ["第 3 行：“单位名称”为空"],
    ),
    "negative_count": (
        "staffing",
        lambda: xlsx(STAFF_H, org_row(行政编制=-3)),
        "f.xlsx",
        ["第 2 行 “行政编制”：-3 不能为负数"],
    ),
    "text_in_a_count": (
        "staffing",
        lambda: xlsx(STAFF_H, org_row(实有行政="五十六")),
        "f.xlsx",
        ["第 2 行 “实有行政”：“五十六”不是数字"],
    ),
    "fraction_in_a_count": (
        "staffing",
        lambda: xlsx(STAFF_H, org_row(工勤编制=2.5)),
        "f.xlsx",
        ["第 2 行 “工勤编制”：2.5 不是整数"],
    ),
    "years_out_of_range": (
        "staffing",
        lambda: xlsx(STAFF_H, org_row(年度=1900), org_row(年度=2101)),
        "f.xlsx",
        [
            "第 2 行 “年度”：年度 1900 超出范围 1949–2100",
            "第 3 行 “年度”：年度 2101 超出范围 1949–2100",
        ],
    ),
    "year_in_chinese_numerals": (
        "staffing",
        lambda: xlsx(STAFF_H, org_row(年度="二〇二四")),
        "f.xlsx",
        ["第 2 行 “年度”：“二〇二四”不是数字"],
    ),
    "same_agency_and_year_twice": (
        # once by full name, once by short name: the same agency
        "staffing",
        lambda: xlsx(STAFF_H, ORG_2024, org_row(单位名称="组织部")),
        "f.xlsx",
        ["第 3 行：与第 2 行重复"],
    ),
    "unknown_agency": (
        "staffing",
        lambda: xlsx(STAFF_H, org_row(单位名称="市科学技朮局")),
        "f.xlsx",
        ["第 2 行 “单位名称”：单位“市科学技朮局”不在单位名录中（是否为“市科学技术局”？）"],
    ),
    "cell_of_30000_characters": (
        "staffing",
        lambda: csv_bytes(STAFF_H, ["甲" * 30_000, 2024]),
        "f.csv",
        ["第 2 行 “单位名称”：内容过长（30000 个字符，最多 64 个）"],
    ),
    "cell_over_excel_limit_csv": (
        # beyond the 32 767 characters a cell may hold: refused before any row is read
        "staffing",
        lambda: csv_bytes(STAFF_H, ["甲" * 40_000, 2024]),
        "f.csv",
        ["单元格 A2 有 40000 个字符，超过每格 32767 个字符的上限，请缩短后重试。"],
    ),
    "html_in_the_agency": (
        "staffing",
        lambda: csv_bytes(STAFF_H, ["<img src=x onerror=alert(1)>", 2024]),
        "f.csv",
        ["第 2 行 “单位名称”：不接受 HTML 标记"],
    ),
    "hyperlink_formula_as_text_csv": (
        "staffing",
        lambda: csv_bytes(STAFF_H, ['=HYPERLINK("http://x.example","市委组织部")', 2024]),
        "f.csv",
        ["第 2 行 “单位名称”：不接受公式，请填写数值或文字"],
    ),
    "agencies_100000_rows_last_one_bad": (
        "agencies",
        lambda: "\n".join(
            _100K
            + [f"测试单位{i},测{i},科技,政府工作部门,正县级" for i in range(99_999)]
            + ["测试单位末,测末,科技,政府部门,正县级"]
        ).encode(),
        "f.csv",
        [
            "第 100001 行 “单位性质”：“政府部门”不是允许的值（党委工作机关/政府工作部门/事业单位/开发区）"
        ],
    ),
    "html_in_the_short_name": (
        "agencies",
        lambda: xlsx(AG_H, ["市新设局", "<b>新设</b>", "科技", "政府工作部门", "正县级"]),
        "f.xlsx",
        ["第 2 行 “简称”：不接受 HTML 标记"],
    ),
    "hyperlink_typed_as_text_xlsx": (
        "agencies",
        lambda: xlsx(
            [*AG_H, "英文名称"],
            [*_NEW_AGENCY, '=HYPERLINK("http://x.example","Bureau")'],
            prepare=_as_text("F2"),
        ),
        "f.xlsx",
        ["第 2 行 “英文名称”：不接受公式，请填写数值或文字"],
    ),
    "longest_excel_cell": (
        # Excel keeps at most 32 767 characters in a cell (openpyxl cuts 40 000 to that).
        "agencies",
        lambda: xlsx([*AG_H, "英文名称"], [*_NEW_AGENCY, "a" * 40_000]),
        "f.xlsx",
        ["第 2 行 “英文名称”：内容过长（32767 个字符，最多 128 个）"],
    ),
    "nature_not_allowed": (
        "agencies",
        lambda: xlsx(AG_H, ["市新设局", "新设局", "科技", "政府部门", "正县级"]),
        "f.xlsx",
        ["第 2 行 “单位性质”：“政府部门”不是允许的值（党委工作机关/政府工作部门/事业单位/开发区）"],
    ),
    "rank_not_allowed": (
        "agencies",
        lambda: xlsx(AG_H, ["市新设局", "新设局", "科技", "政府工作部门", "正处级"]),
        "f.xlsx",
        ["第 2 行 “机构规格”：“正处级”不是允许的值（正县级/副县级/正科级/副科级）"],
    ),
    "impossible_date": (
        "agencies",
        lambda: xlsx([*AG_H, "三定日期"], [*_NEW_AGENCY, "2023-02-30"]),
        "f.xlsx",
        ["第 2 行 “三定日期”：“2023-02-30”不是日期（如 2023-05-01）"],
    ),
    "own_parent": (
        "agencies",
        lambda: xlsx([*AG_H, "上级单位"], [*_NEW_AGENCY, "市新设局"]),
        "f.xlsx",
        ["第 2 行 “上级单位”：上级单位不能是本单位"],
    ),
    "unknown_parent": (
        "agencies",
        lambda: xlsx([*AG_H, "上级单位"], [*_NEW_AGENCY, "市科技局"]),
        "f.xlsx",
        ["第 2 行 “上级单位”：单位“市科技局”不在单位名录中（是否为“科技局”？）"],
    ),
    "blank_short_name": (
        "agencies",
        lambda: xlsx(AG_H, ["市新设局", None, "科技", "政府工作部门", "正县级"]),
        "f.xlsx",
        ["第 2 行：“简称”为空"],
    ),
    "unknown_city": (
        "cities",
        lambda: xlsx(CITY_H, ["青导", 2023, 1034.21]),
        "f.xlsx",
        ["第 2 行 “城市”：城市“青导”不是山东省 16 市之一（是否为“青岛”？）"],
    ),
    "negative_population": (
        "cities",
        lambda: csv_bytes(CITY_H, ["济南", 2023, "-941.47"]),
        "f.csv",
        ["第 2 行 “常住人口（万人）”：-941.47 不能为负数"],
    ),
    "population_in_words": (
        "cities",
        lambda: csv_bytes(CITY_H, ["济南", 2023, "约九百四十万"]),
        "f.csv",
        ["第 2 行 “常住人口（万人）”：“约九百四十万”不是数字"],
    ),
    "fractional_year": (
        "cities",
        lambda: csv_bytes(CITY_H, ["济南", "2023.5", "941.47"]),
        "f.csv",
        ["第 2 行 “年度”：2023.5 不是整数"],
    ),
    "same_city_twice": (
        # 济南 and 济南市 are one city
        "cities",
        lambda: csv_bytes(CITY_H, ["济南", 2030, 950], ["济南市", 2030, 951]),
        "f.csv",
        ["第 3 行：与第 2 行重复"],
    ),
    "blank_population": (
        "cities",
        lambda: xlsx(CITY_H, ["济南", 2023, None]),
        "f.xlsx",
        ["第 2 行：“常住人口（万人）”为空"],
    ),
}


@pytest.mark.parametrize("case", list(ROWS))
def test_a_bad_row_is_named_by_row_and_column(seeded: Engine, case: str) -> None:
    kind, make, filename, expected = ROWS[case]
    assert _refused(seeded, kind, make(), filename) == expected


def test_messages_follow_the_language(seeded: Engine) -> None:
    header = [c.en for c in KINDS["staffing"].columns]
    errors = _refused(seeded, "staffing", xlsx(header, org_row(行政编制=-3)), "f.xlsx", lang="en")
    assert errors == ["Row 2, “Authorized administrative”: -3 cannot be negative"]


def test_every_bad_row_is_counted_and_the_first_50_listed(seeded: Engine) -> None:
    rows = [org_row(年度=2024 - i, 行政编制=-1) for i in range(60)]  # 60 distinct, all bad
    before = checksums(seeded)
    result = run_import(seeded, STAFF, KINDS["staffing"], xlsx(STAFF_H, *rows), "f.xlsx")
    assert result.error_count == 60 and len(result.errors) == 50
    assert result.errors[49] == "第 51 行 “行政编制”：-1 不能为负数"  # rows 2..51 listed
    after = checksums(seeded)
    assert after.pop("audit_log") != before.pop("audit_log")
    assert after == before
    assert _last_audit(seeded) == ("import.rejected", "staffing", 60)


# -- gaps this corpus found, fixed -----------------------------------------------------------


def test_a_missing_required_column_is_named(seeded: Engine) -> None:
    header = [h for h in STAFF_H if h != "年度"]
    row = [v for h, v in zip(STAFF_H, ORG_2024, strict=True) if h != "年度"]
    assert _refused(seeded, "staffing", xlsx(header, row), "f.xlsx") == [
        "缺少列：年度（请使用下载的模板）"
    ]


def test_an_excel_error_value_is_refused(seeded: Engine) -> None:
    def error_cell(ws: object) -> None:
        ws["C2"].data_type = "e"  # type: ignore[index]

    data = xlsx(STAFF_H, org_row(行政编制="#DIV/0!"), prepare=error_cell)
    errors = _refused(seeded, "staffing", data, "f.xlsx")
    # calamine reads an error cell as '' (blank: a count stored as 0); the reader marks it
    assert errors == ["第 2 行 “行政编制”：单元格是 Excel 错误值 #DIV/0!，请改正公式或直接填写数值"]


def test_a_count_beyond_the_column_is_refused(seeded: Engine) -> None:
    data = xlsx(STAFF_H, org_row(行政编制=3_000_000_000))
    errors = _refused(seeded, "staffing", data, "f.xlsx")
    assert len(errors) == 1 and errors[0].startswith("第 2 行 “行政编制”")
