"""Strings of the 数据导入 / Data import page (dip_): choosing a kind, the template, the upload,
the preview, confirming, and the batch history with undo (zh, en). The engine's own messages
(file, cell and row problems, summaries, undo refusals) are the imp_ keys of texts.imports."""

from __future__ import annotations

__all__ = ["TEXT"]

TEXT: dict[str, tuple[str, str]] = {
    "dip_heading": ("数据导入", "Data import"),
    "dip_intro": (
        "选择数据类型，下载模板按模板填写，上传后先查看预览，确认无误再导入。"
        "整份文件要么全部导入，要么全部不导入；每次导入都是一个批次，可以撤销。",
        "Choose a kind of data, download its template and fill it in, upload it and check "
        "the preview, then confirm. The whole file is imported or none of it; every import "
        "is a batch that can be undone.",
    ),
    "dip_kind": ("数据类型", "Kind of data"),
    "dip_round": ("导入到评估批次：{round}", "Imported into the round: {round}"),
    "dip_download": ("下载“{kind}”模板", "Download the “{kind}” template"),
    "dip_upload": ("上传填好的文件", "Upload the filled-in file"),
    "dip_upload_help": (
        "接受 .xlsx、.xls 和 .csv（UTF-8 或 GB18030 编码），最大 {limit} MB；表头可用中文或英文。",
        "Accepts .xlsx, .xls and .csv (UTF-8 or GB18030), at most {limit} MB; headers in "
        "Chinese or English.",
    ),
    "dip_checking": ("正在检查“{file}”……", "Checking “{file}”…"),
    "dip_importing": ("正在导入 {n} 行……", "Importing {n} rows…"),
    "dip_imported": ("导入完成", "Imported"),
    "dip_preview": ("预览：{file}", "Preview: {file}"),
    "dip_ready": (
        "检查通过（{summary}）。确认无误后点击“确认导入”写入数据库。",
        "The file is fine ({summary}). Press “Import” to write it.",
    ),
    "dip_errors": (
        "文件有 {n} 处错误，不能导入，数据库没有任何改动。请按下列问题修改后重新上传。",
        "The file has {n} errors and cannot be imported; the database is unchanged. "
        "Correct the problems below and upload it again.",
    ),
    "dip_col_problem": ("问题", "Problem"),
    "dip_new_rows": ("新增的行", "New rows"),
    "dip_changed_rows": ("更新的行（原值 → 新值）", "Changed rows (before → after)"),
    "dip_removed_rows": (
        "删除的行（文件中没有，导入后将删除）",
        "Removed rows (not in the file: the import deletes them)",
    ),
    "dip_col_removed": ("删除", "Removed"),
    "dip_rows_shown": (
        "只显示前 {shown} 行，共 {total} 行。",
        "Showing the first {shown} of {total} rows.",
    ),
    "dip_col_row": ("行号", "Row"),
    "dip_col_record": ("记录", "Record"),
    "dip_col_field": ("字段", "Field"),
    "dip_col_change": ("原值 → 新值", "Before → after"),
    "dip_confirm": ("确认导入", "Import"),
    "dip_no_file": (
        "还没有选择文件：请先上传填好的模板（.xlsx、.xls 或 .csv），查看预览后再导入。",
        "No file chosen: upload a filled-in template (.xlsx, .xls or .csv), check the "
        "preview, then import.",
    ),
    "dip_has_errors": (
        "文件有错误，不能导入：请按上面列出的问题修改后重新上传。",
        "The file has errors and cannot be imported: correct the problems listed above "
        "and upload it again.",
    ),
    "dip_stale": (
        "上传的文件或数据类型与所预览的不一致：请查看新的预览后再确认导入。",
        "The file or the kind of data is not the one previewed: check the new preview, "
        "then import.",
    ),
    "dip_done": ("已导入，批次 #{id}：{summary}", "Imported as batch #{id}: {summary}"),
    "dip_history": ("导入记录", "Import history"),
    "dip_col_result": ("结果", "Result"),
    "dip_history_empty": ("还没有导入记录。", "No imports yet."),
    "dip_history_shown": ("显示最近 {n} 个批次。", "The latest {n} batches."),
    "dip_time_note": ("时间为北京时间。", "Times are Beijing time."),
    "dip_undo": ("撤销 #{id}", "Undo #{id}"),
    "dip_undo_help": (
        "恢复到本次导入之前的数据（之后的批次改过同样的数据时不能撤销）",
        "Restore the data as it was before this import (refused when a later batch "
        "changed the same rows)",
    ),
}
