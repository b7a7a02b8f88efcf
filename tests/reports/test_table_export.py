"""The export builders: CSV with BOM and its '#' line, XLSX with its header block and
numbers as numbers (read back with openpyxl), text never a formula, PNG with Chinese text."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from reports.chart_export import chart_png, png_spec
from reports.table_export import ExportHeader, csv_bytes, file_stem, text_width, xlsx_bytes
from views.common import Column, Table

HEADER = ExportHeader(
    title="单位评分",
    lang="zh",
    round="2024年度评估",
    filters=(("单位类型", "科技、外事"), ("等级", "良好")),
    as_of="2026-12-02 19:30 北京时间",
    user="李科长（staff）",
)


def _table() -> Table:
    frame = pd.DataFrame(
        {
            "agency_id": [7, 9],
            "rank": pd.array([1, pd.NA], dtype="Int64"),
            "agency": ["市发展和改革委员会", '=HYPERLINK("x")'],
            "composite": [89.23, 77.2],
            "coverage": [100.0, 62.0],
            "deducted": [-2.0, 0.0],
        }
    )
    return Table(
        frame,
        (
            Column("agency_id", "agency_id", "hidden"),
            Column("rank", "名次", "int"),
            Column("agency", "单位"),
            Column("composite", "综合得分", "number"),
            Column("coverage", "覆盖率", "percent"),
            Column("deducted", "扣分", "number"),
        ),
    )


def test_csv_has_a_bom_a_comment_line_and_numbers() -> None:
    data = csv_bytes(_table(), HEADER)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    first, *rest = text.splitlines()
    assert first == (
        "# 单位评分 · 评估批次：2024年度评估 · 筛选条件：单位类型：科技、外事；等级：良好 · "
        "数据时间：2026-12-02 19:30 北京时间 · 导出人：李科长（staff）"
    )
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", comment=None, skiprows=1)
    assert list(back.columns) == ["名次", "单位", "综合得分", "覆盖率", "扣分"]  # no agency_id
    assert back["综合得分"].tolist() == [89.23, 77.2] and back["扣分"].tolist() == [-2.0, 0.0]
    assert back["名次"].iloc[0] == 1 and pd.isna(back["名次"].iloc[1])  # empty, not "<NA>"
    assert rest[2].startswith(",\"'=HYPERLINK")  # a formula-like text stays text in Excel


def test_csv_without_header_starts_with_the_column_names() -> None:
    text = csv_bytes(pd.DataFrame({"a": [1.5], "b": ["x"]})).decode("utf-8-sig")
    assert text.splitlines() == ["a,b", "1.5,x"]


def test_xlsx_header_block_and_numeric_cells() -> None:
    book = load_workbook(io.BytesIO(xlsx_bytes({"单位评分": _table()}, HEADER)))
    ws = book["单位评分"]
    assert ws["A1"].value == "单位评分" and ws["A1"].font.bold
    assert [ws.cell(row=r, column=1).value for r in range(2, 6)] == [
        "评估批次：2024年度评估",
        "筛选条件：单位类型：科技、外事；等级：良好",
        "数据时间：2026-12-02 19:30 北京时间",
        "导出人：李科长（staff）",
    ]
    assert ws["A6"].value is None  # a blank row, then the table's header on row 7
    assert [c.value for c in ws[7]] == ["名次", "单位", "综合得分", "覆盖率", "扣分"]
    assert ws["A8"].value == 1 and isinstance(ws["A8"].value, int)
    assert ws["C8"].value == 89.23 and ws["C8"].number_format == "#,##0.00"  # two decimals kept
    assert ws["C9"].value == 77.2 and ws["C9"].number_format == "#,##0.0"
    assert ws["D9"].value == 62.0 and ws["D9"].number_format == '0.0"%"'
    assert ws["E8"].value == -2.0
    assert ws["A9"].value is None  # a missing rank is an empty cell
    assert ws["B9"].value == '=HYPERLINK("x")' and ws["B9"].data_type == "s"  # not a formula
    assert ws.freeze_panes == "A8"
    # 市发展和改革委员会: 9 CJK characters = width 18, + 2 of margin
    assert ws.column_dimensions["B"].width == 20


def test_xlsx_takes_several_sheets_and_plain_frames() -> None:
    sheets = {"整改事项": _table(), "按单位": pd.DataFrame({"单位": ["甲"], "数量": [3]})}
    book = load_workbook(io.BytesIO(xlsx_bytes(sheets, HEADER)))
    assert book.sheetnames == ["整改事项", "按单位"]
    assert book["按单位"]["B8"].value == 3


def test_english_header() -> None:
    header = ExportHeader(title="Ranking", lang="en", round="2024", as_of="now", user="u")
    assert header.lines() == ["Round: 2024", "Filters: none (all)", "As of: now", "Exported by: u"]


def test_names_and_widths() -> None:
    assert file_stem("peers 科技/2024") == "peers-科技-2024"
    assert text_width("市科技局ab") == 10


def test_png_has_chinese_font_and_fixed_width() -> None:
    spec = {
        "data": {"values": [{"a": "党的领导与党管机构编制", "b": 3}]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "a", "type": "nominal"},
            "x": {"field": "b", "type": "quantitative"},
        },
        "width": "container",
    }
    ready = png_spec(spec)
    assert ready["width"] == 900 and "Noto Sans CJK SC" in ready["config"]["font"]
    assert spec["width"] == "container"  # the caller's spec is not changed
    png = chart_png(spec, scale=1)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    assert width >= 900  # the plot plus the axis labels
