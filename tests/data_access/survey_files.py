"""问卷星-layout files for the survey import tests (CSV text, or .xlsx bytes)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook

AGENCY_Q = "1、您评价的单位是（被评价单位）"
LIKERT_Q = tuple(f"{i}、您对该单位第{i - 1}项工作是否满意" for i in range(2, 10))
TEXT_Q = "10、您希望改进的方面（多选）"
HEADER = ("序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", AGENCY_Q, *LIKERT_Q,
          TEXT_Q, "总分")  # fmt: skip

# The hand-worked file (tests/data_access/test_import_surveys.py works its figures):
# 市外事办公室 (by its full and its short name) and 市科技局 (short name).
A, B, C, D = "非常满意", "满意", "基本满意", "不满意"
E, U = "非常不满意", "不了解"
HAND_ROWS: tuple[tuple[int, str, str, str, tuple[str, ...], str], ...] = (
    (1, "2024/11/05 09:30:15", "95秒", "市外事办公室", (B,) * 8, "窗口┋网上办理"),
    (2, "2024/11/05 09:31:20", "1分35秒", "市外办", (A,) * 4 + (C,) * 4, ""),
    (3, "2024/11/05 09:40:00", "200秒", "市外事办公室", (A,) * 7 + (U,), "窗口"),
    (4, "2024/11/05 10:02:03", "60秒", "市外办", (D,) * 4 + (E,) * 2 + ("", ""), ""),
    (5, "2024/11/05 10:05:09", "15秒", "市外事办公室", (B,) * 8, ""),
    (2, "2024/11/05 09:31:20", "1分35秒", "市外办", (A,) * 4 + (C,) * 4, ""),
    (7, "2024/11/06 08:00:00", "45秒", "市外事办公室", (C,) * 8, ""),
    (8, "2024/11/06 08:10:00", "1分2秒", "市科技局", (A,) * 8, ""),
    (9, "2024/11/06 08:20:00", "80秒", "市科技局", (B, C) * 4, ""),
    (10, "2024/11/06 08:30:00", "2分", "市科技局", (C,) * 4 + (U,) * 4, ""),
)


def rows_to_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    def cell(v: object) -> str:
        text = "" if v is None else str(v)
        return f'"{text}"' if any(ch in text for ch in ',"\n') else text

    return "\n".join(",".join(cell(v) for v in r) for r in (header, *rows)) + "\n"


def hand_rows() -> list[list[object]]:
    return [
        [seq, at, took, "微信", "N/A", f"10.0.0.{seq}(山东济宁)", agency, *answers, extra, 0]
        for seq, at, took, agency, answers, extra in HAND_ROWS
    ]


def hand_csv() -> str:
    return rows_to_csv(HEADER, hand_rows())


def hand_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(HEADER))
    for row in hand_rows():
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
