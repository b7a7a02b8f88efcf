"""Strings of the score-sheet page (评分表)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "page_sheets": ("评分表", "Score sheets"),
    "sh_heading": ("{round} · 评分表", "{round} · Score sheets"),
    "sh_intro": (
        "实地评估组在工作簿中填写组评分、自评分和佐证说明：每个评估对象、每个指标一行。"
        "下载模板（已预填已录入的分数），填写后上传。文件逐行校验，有任何错误则全部不写入。",
        "The on-site team fills team scores, self scores and evidence notes in a workbook, "
        "one row per agency and indicator. Download the template (prefilled with what is "
        "entered), fill it in and upload it. Every row is checked; if any row is wrong, "
        "nothing is written.",
    ),
    "sh_download": ("下载评分表模板（.xlsx）", "Download the score-sheet template (.xlsx)"),
    "sh_upload": ("上传填写好的评分表", "Upload a filled score sheet"),
    "sh_import": ("导入", "Import"),
    "sh_frozen": (
        "本批次已完成，评分已冻结：可以下载，不能导入。",
        "This round is completed and its scores are frozen: download only.",
    ),
    "sh_failed": (
        "导入失败，未写入任何数据。共 {n} 处错误：",
        "Import failed; nothing was written. {n} problem(s):",
    ),
    "sh_done": (
        "已导入 {rows} 行（{agencies} 个单位；新增 {inserted}，更新 {updated}）。",
        "Imported {rows} rows ({agencies} agencies; {inserted} new, {updated} replaced).",
    ),
    "sh_col_problem": ("问题", "Problem"),
}
