"""Strings of the hardening work (issue 15): file limits and unreadable files, cells that
must not be read as blank, concurrent imports, sign-in throttling and database faults."""

from __future__ import annotations

__all__ = ["TEXT"]

TEXT: dict[str, tuple[str, str]] = {
    # files
    "imp_file_too_big_unpacked": (
        "工作簿解压后超过 {limit} MB，请拆分后分批导入（或删除其中的图片和无关工作表）。",
        "The workbook unpacks to more than {limit} MB: split it, or remove pictures and "
        "unrelated sheets, and import the parts.",
    ),
    "imp_file_cell_too_long": (
        "文件中有单元格超过 {limit} 个字符（Excel 单元格的上限），请缩短后重试。",
        "A cell of the file holds more than {limit} characters (Excel's own limit per cell): "
        "shorten it and try again.",
    ),
    "imp_file_cell_too_long_at": (
        "单元格 {cell} 有 {length} 个字符，超过每格 {limit} 个字符的上限，请缩短后重试。",
        "Cell {cell} holds {length} characters, more than the {limit} a cell may hold: "
        "shorten it and try again.",
    ),
    "imp_file_csv_named_excel": (
        "文件扩展名是 Excel，但内容是 CSV 文本。请把扩展名改为 .csv 后导入，"
        "或在 Excel/WPS 中打开后另存为 .xlsx。",
        "The file is named as an Excel file but holds CSV text. Rename it to .csv, or open "
        "it in Excel/WPS and save it as .xlsx.",
    ),
    "imp_file_truncated": (
        "Excel 文件不完整（可能在下载、复制或上传时中断）。请重新保存或复制一份完整的文件后重试。",
        "The Excel file is incomplete (cut short while downloading, copying or uploading). "
        "Save or copy it again and retry.",
    ),
    "imp_file_xls_broken": (
        "无法读取该旧版 Excel（.xls）文件，可能已损坏。请在 Excel/WPS 中打开并另存为 .xlsx 后重试。",
        "This old-format Excel (.xls) file cannot be read; it may be damaged. Open it in "
        "Excel/WPS, save it as .xlsx and try again.",
    ),
    # cells
    "imp_cell_excel_error": (
        "单元格是 Excel 错误值 {value}，请改正公式或直接填写数值",
        "the cell holds the Excel error {value}: correct the formula or enter the value",
    ),
    "imp_cell_formula_no_value": (
        "公式没有保存计算结果，请在 Excel/WPS 中打开、保存后重试，或直接填写数值",
        "the formula has no saved result: open and save the file in Excel/WPS, or enter the value",
    ),
    "imp_cell_boolean": (
        "{value} 是逻辑值，不是数字",
        "{value} is a logical value, not a number",
    ),
    "sheet_agency_blank": ("第 {row} 行：单位为空", "Row {row}: the agency is empty"),
    "sheet_code_blank": ("第 {row} 行：指标代码为空", "Row {row}: the indicator code is empty"),
    "sheet_cell": ("第 {row} 行 {column}：{message}", "Row {row}, {column}: {message}"),
    "col_note": ("佐证说明", "evidence note"),
    # concurrency
    "imp_changed_meanwhile": (
        "导入期间数据已被另一项操作修改，本次导入未写入任何数据。请重新导入。",
        "The data was changed by someone else while this import ran; nothing was written. "
        "Please import again.",
    ),
    # sign-in
    "login_throttled": (
        "登录失败次数过多，请于 {minutes} 分钟后再试。",
        "Too many failed sign-ins. Try again in {minutes} minutes.",
    ),
    # faults
    "db_lost": (
        "与数据库的连接中断，页面未能显示。请稍后重试，或联系管理员。",
        "The connection to the database was lost and the page could not be shown. Please "
        "retry, or contact the administrator.",
    ),
    "db_retry": ("重试", "Retry"),
}
