"""Messages that data_access hands to users (importers, guards), in both UI languages."""

from __future__ import annotations

__all__ = ["TEXT"]

TEXT: dict[str, tuple[str, str]] = {
    "round_frozen": (
        "评估批次“{round}”已完成，评分和配置已冻结，不能修改。",
        "Round “{round}” is completed: its scores and configuration are frozen.",
    ),
    "sheet_columns": (
        "缺少列：{columns}（请使用下载的模板）",
        "Missing columns: {columns} (use the downloaded template)",
    ),
    "sheet_empty": ("文件中没有评分行。", "The file holds no score rows."),
    "row_agency": (
        "第 {row} 行：单位“{value}”不在本批次评估对象中",
        "Row {row}: agency “{value}” is not evaluated in this round",
    ),
    "row_code": (
        "第 {row} 行：指标代码“{value}”不存在",
        "Row {row}: no indicator with code “{value}”",
    ),
    "row_code_type": (
        "第 {row} 行：个性指标“{value}”不属于该单位的类型",
        "Row {row}: individual indicator “{value}” is not for this agency's type",
    ),
    "row_not_team": (
        "第 {row} 行：指标 {value} 的得分由系统计算，只能填写自评分",
        "Row {row}: indicator {value} is computed; only a self score may be entered",
    ),
    "row_number": (
        "第 {row} 行：{column}“{value}”不是数字",
        "Row {row}: {column} “{value}” is not a number",
    ),
    "row_range": (
        "第 {row} 行：{column} {value} 超出范围 0–{max}",
        "Row {row}: {column} {value} is outside 0–{max}",
    ),
    "row_duplicate": (
        "第 {row} 行：与第 {other} 行重复（同一单位、同一指标）",
        "Row {row}: repeats row {other} (same agency and indicator)",
    ),
    "col_team": ("组评分", "team score"),
    "col_self": ("自评分", "self score"),
}
