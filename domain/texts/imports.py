"""Strings of the import framework (imp_): file and cell problems, row messages, summaries,
the template's 说明 sheet, the command line and the 数据导入 page (zh, en)."""

from __future__ import annotations

__all__ = ["TEXT"]

TEXT: dict[str, tuple[str, str]] = {
    # files
    "imp_file_empty": (
        "文件是空的：请选择填好的模板文件。",
        "The file is empty: choose a filled-in template.",
    ),
    "imp_file_too_big": (
        "文件超过 {limit} MB，请拆分后分批导入。",
        "The file is larger than {limit} MB: split it and import the parts.",
    ),
    "imp_file_not_excel": (
        "文件扩展名是 Excel，但内容不是 Excel 工作簿。请在 Excel/WPS 中打开后另存为 .xlsx。",
        "The file is named as an Excel file but is not a workbook. Open it in "
        "Excel/WPS and save it as .xlsx.",
    ),
    "imp_file_broken": (
        "无法读取该 Excel 文件（文件损坏或不完整）。请在 Excel/WPS 中打开并另存为 .xlsx 后重试。",
        "The Excel file cannot be read (damaged or incomplete). Open it in "
        "Excel/WPS, save it as .xlsx and try again.",
    ),
    "imp_file_encrypted": (
        "该工作簿受密码保护或格式无法识别。请取消密码（或另存为 .xlsx）后重试。",
        "The workbook is password-protected or in an unknown format. Remove "
        "the password (or save it as .xlsx) and try again.",
    ),
    "imp_file_macro": (
        "不接受启用宏的工作簿（.xlsm）。请另存为 .xlsx 后导入。",
        "Macro-enabled workbooks (.xlsm) are not accepted. Save it as .xlsx.",
    ),
    "imp_file_encoding": (
        "无法识别 CSV 文件的编码。请另存为“CSV UTF-8”或 Excel 工作簿。",
        "The CSV file's encoding is not recognised. Save it as “CSV UTF-8” or "
        "as an Excel workbook.",
    ),
    "imp_file_not_table": (
        "文件不是表格（Excel 或 CSV）。",
        "The file is not a table (Excel or CSV).",
    ),
    "imp_file_too_many_rows": (
        "文件超过 {limit} 行，请拆分后分批导入。",
        "The file has more than {limit} rows: split it and import the parts.",
    ),
    "imp_file_too_many_columns": (
        "文件超过 {limit} 列，请使用下载的模板。",
        "The file has more than {limit} columns: use the downloaded template.",
    ),
    "imp_no_header": (
        "没有找到表头行：请使用下载的模板（表头须在前 10 行内）。",
        "No header row found: use the downloaded template (the header must be in "
        "the first 10 rows).",
    ),
    "imp_header_missing": (
        "缺少列：{columns}（请使用下载的模板）",
        "Missing columns: {columns} (use the downloaded template)",
    ),
    "imp_header_repeated": (
        "列“{column}”出现了两次（第 {first} 列和第 {second} 列），请删除其中一列。",
        "Column “{column}” appears twice (columns {first} and {second}): delete one.",
    ),
    "imp_no_rows": ("文件中没有数据行。", "The file holds no data rows."),
    # cells and rows
    "imp_row_cell": ("第 {row} 行 “{column}”：{message}", "Row {row}, “{column}”: {message}"),
    "imp_row": ("第 {row} 行：{message}", "Row {row}: {message}"),
    "imp_row_required": ("第 {row} 行：“{column}”为空", "Row {row}: “{column}” is empty"),
    "imp_row_duplicate": ("第 {row} 行：与第 {other} 行重复", "Row {row}: repeats row {other}"),
    "imp_cell_too_long": (
        "内容过长（{length} 个字符，最多 {limit} 个）",
        "too long ({length} characters, at most {limit})",
    ),
    "imp_cell_formula": (
        "不接受公式，请填写数值或文字",
        "formulas are not accepted: enter the value",
    ),
    "imp_cell_html": ("不接受 HTML 标记", "HTML markup is not accepted"),
    "imp_cell_not_number": ("“{value}”不是数字", "“{value}” is not a number"),
    "imp_cell_negative": ("{value} 不能为负数", "{value} cannot be negative"),
    "imp_cell_not_integer": ("{value} 不是整数", "{value} is not a whole number"),
    "imp_cell_too_large": (
        "{value} 超出可保存的范围（最大 {limit}）",
        "{value} is too large (at most {limit})",
    ),
    "imp_cell_year": ("年度 {value} 超出范围 {low}–{high}", "year {value} is outside {low}–{high}"),
    "imp_cell_not_date": (
        "“{value}”不是日期（如 2023-05-01）",
        "“{value}” is not a date (e.g. 2023-05-01)",
    ),
    "imp_cell_not_bool": ("“{value}”应为“是”或“否”", "“{value}” should be yes or no"),
    "imp_cell_choice": (
        "“{value}”不是允许的值（{allowed}）",
        "“{value}” is not allowed ({allowed})",
    ),
    "imp_unknown_agency": (
        "单位“{value}”不在单位名录中{hint}",
        "agency “{value}” is not in the registry{hint}",
    ),
    "imp_unknown_city": (
        "城市“{value}”不是山东省 16 市之一{hint}",
        "city “{value}” is not one of the 16 cities{hint}",
    ),
    "imp_parent_self": ("上级单位不能是本单位", "an agency cannot be its own parent"),
    "imp_row_no_values": (
        "除单位和年度外没有填写任何数值",
        "no values besides the agency and the year",
    ),
    "imp_pers_totals": (
        "各年龄段人数合计 {ages} 与各学历人数合计 {education} 不一致",
        "the age bands add up to {ages} but the education levels to {education}",
    ),
    "imp_parent_below": (
        "上级单位“{parent}”在第 {row} 行，须排在其下属单位之前",
        "the parent “{parent}” is on row {row}: put it above the agencies under it",
    ),
    "imp_city_home_rows": (
        "“{city}”的各行“本市”不一致",
        "the rows of “{city}” differ in “home city”",
    ),
    "imp_city_home_twice": (
        "只能有一个本市，已标记“{first}”",
        "only one home city: “{first}” is marked already",
    ),
    "imp_city_home_stored": (
        "已保存的本市是“{stored}”：请在同一文件中把它标为“否”",
        "the stored home city is “{stored}”: mark it “no” in the same file",
    ),
    "imp_wl_primary_twice": (
        "同一单位同一年度只能有一个主要指标（“{first}”与“{second}”）",
        "one primary metric per agency and year (“{first}” and “{second}”)",
    ),
    "imp_wl_primary_stored": (
        "已保存的主要指标是“{stored}”：请在同一文件中把它标为“否”",
        "the stored primary metric is “{stored}”: mark it “no” in the same file",
    ),
    "imp_wl_grade_conflict": (
        "同一单位同一年度的履职考核等次不一致（“{first}”与“{second}”）",
        "the same agency and year has two assessment grades (“{first}” and “{second}”)",
    ),
    # indicator trees
    "imp_ind_root": ("代码 {code} 为保留字（总分）", "code {code} is reserved (the total)"),
    "imp_ind_points": ("分值须大于 0", "points must be greater than 0"),
    "imp_ind_weight": ("权重须大于 0", "the weight must be greater than 0"),
    "imp_ind_source": (
        "来源“{value}”无法识别，应为 team、deduct、external[事项;…]、"
        "survey[评估调查问卷 或 满意度调查问卷] 或 computed[usage、staffing-peer 或 workload-peer]",
        "source “{value}” is not recognised: use team, deduct, external[matter;…], "
        "survey[评估调查问卷 or 满意度调查问卷] or computed[usage, staffing-peer or workload-peer]",
    ),
    "imp_ind_parent_missing": (
        "上级代码“{parent}”不在文件中",
        "parent code “{parent}” is not in the file",
    ),
    "imp_ind_cycle": (
        "指标 {code} 的上级关系形成循环",
        "indicator {code} is its own ancestor (a loop of parents)",
    ),
    "imp_ind_leaf_source": (
        "末级指标须填写来源",
        "a leaf indicator needs a source",
    ),
    "imp_ind_inner_source": (
        "有下级指标的不能填写来源",
        "an indicator with children takes no source",
    ),
    "imp_ind_points_sum": (
        "下级指标（{children}）分值合计 {total}，与本指标分值 {points} 不一致",
        "its children ({children}) add up to {total} points, not {points}",
    ),
    "imp_ind_total": (
        "一级指标分值合计 {total}，应为 100",
        "the top-level indicators add up to {total} points, not 100",
    ),
    "imp_ind_code_taken": (
        "代码 {code} 已用于本批次的另一套指标（共性与个性指标代码不能相同）",
        "code {code} is already used by the round's other indicators (common and "
        "individual codes must differ)",
    ),
    "imp_ind_removed_scored": (
        "以下指标已有评分，不能从本批次删除：{codes}",
        "these indicators have scores in the round and cannot be removed: {codes}",
    ),
    "imp_ind_tree": ("指标体系无效：{message}", "the indicator tree is invalid: {message}"),
    "imp_hint": ("（是否为“{name}”？）", " (did you mean “{name}”?)"),
    # batches
    "imp_summary": (
        "新增 {new}，更新 {changed}，未变 {unchanged}",
        "new {new}, changed {changed}, unchanged {unchanged}",
    ),
    "imp_change_new": ("第 {row} 行：新增", "Row {row}: new"),
    "imp_change_changed": ("第 {row} 行：更新 {fields}", "Row {row}: changes {fields}"),
    "imp_change_removed": ("删除 {code}（不在文件中）", "Removes {code} (not in the file)"),
    "imp_changes_more": ("……另有 {n} 处改动未列出", "… and {n} more changes not listed"),
    "imp_template_written": ("模板已写入 {path}", "Template written to {path}"),
    "imp_summary_removed": ("，删除 {removed}", ", removed {removed}"),
    "imp_nothing_changed": (
        "文件与已存数据完全一致，没有任何改动。",
        "The file matches what is stored: nothing changed.",
    ),
    "imp_dry_run": ("（试运行：未写入任何数据）", "(dry run: nothing was written)"),
    "imp_errors_more": ("……另有 {n} 处错误未列出", "… and {n} more errors not listed"),
    "imp_refused": (
        "导入未执行，数据库没有任何改动。",
        "Nothing was imported; the database is unchanged.",
    ),
    "imp_denied": (
        "只有编办工作人员和管理员可以导入数据。",
        "Only office staff and administrators may import data.",
    ),
    "imp_needs_round": (
        "导入“{kind}”需要指定评估批次（--round 年度）。",
        "Importing “{kind}” needs an evaluation round (--round YEAR).",
    ),
    "imp_no_round": ("没有 {year} 年度的评估批次。", "There is no evaluation round for {year}."),
    "imp_undo_unknown": ("没有编号为 {id} 的导入批次。", "There is no import batch {id}."),
    "imp_undo_done": ("导入批次 {id} 已经撤销过。", "Import batch {id} has already been undone."),
    "imp_undo_later": (
        "不能撤销批次 {id}：之后的批次 {later} 修改了同样的数据，请先撤销它们。",
        "Batch {id} cannot be undone: later batches {later} changed the same rows; "
        "undo them first.",
    ),
    "imp_undo_changed": (
        "不能撤销批次 {id}：这些数据在导入后又被修改过。",
        "Batch {id} cannot be undone: its rows were changed after the import.",
    ),
    "imp_undone": ("已撤销批次 {id}，恢复 {n} 行。", "Batch {id} undone: {n} rows restored."),
    "imp_unknown_kind": (
        "未知的导入类型“{kind}”，可选：{kinds}",
        "Unknown import kind “{kind}”; choose one of: {kinds}",
    ),
    # rounds (manage.py round …)
    "rnd_denied": (
        "只有管理员可以管理评估批次。",
        "Only administrators may manage evaluation rounds.",
    ),
    "rnd_year": ("年度 {year} 超出范围 {low}–{high}。", "Year {year} is outside {low}–{high}."),
    "rnd_name_empty": ("评估批次名称不能为空。", "The round needs a name."),
    "rnd_exists": ("{year} 年度的评估批次已经存在。", "There is already a round for {year}."),
    "rnd_unknown_agency": (
        "单位名录中没有“{value}”{hint}",
        "No agency in the registry is named “{value}”{hint}",
    ),
    "rnd_no_names": ("文件中没有单位名称。", "The file holds no agency names."),
    "rnd_created": (
        "已创建 {year} 年度评估批次“{name}”（编号 {id}，准备中）：共性指标 {indicators} 项，"
        "个性指标 {individual} 项，{origin}",
        "Created the {year} round “{name}” (id {id}, preparing): {indicators} common "
        "indicators, {individual} individual indicators, {origin}",
    ),
    "rnd_origin_copy": (
        "指标体系和配置复制自 {year} 年度",
        "tree and configuration copied from {year}",
    ),
    "rnd_origin_default": ("使用默认指标体系和配置", "the default tree and configuration"),
    "rnd_agencies": (
        "评估对象：加入 {added}，移出 {removed}，现共 {total} 个单位",
        "Agencies: {added} added, {removed} removed, {total} in the round",
    ),
    "rnd_agency_added": ("加入：{name}", "added: {name}"),
    "rnd_agency_removed": ("移出：{name}", "removed: {name}"),
    "rnd_status_set": ("{year} 年度评估批次状态：{status}", "Round {year} status: {status}"),
    # template
    "imp_tpl_help_sheet": ("说明", "Notes"),
    "imp_tpl_col_column": ("列名", "Column"),
    "imp_tpl_col_required": ("必填", "Required"),
    "imp_tpl_col_allowed": ("允许的值", "Allowed values"),
    "imp_tpl_col_help": ("说明", "Notes"),
    "imp_tpl_yes": ("是", "yes"),
    "imp_tpl_no": ("否", "no"),
    "imp_tpl_intro": (
        "每行一条记录；表头可用中文或英文；空行会被忽略；整份文件要么全部导入，要么全部不导入。",
        "One record per row; headers in Chinese or English; blank rows are "
        "ignored; the whole file is imported or none of it.",
    ),
    # batch list
    "imp_col_batch": ("批次", "Batch"),
    "imp_col_kind": ("类型", "Kind"),
    "imp_col_file": ("文件", "File"),
    "imp_col_user": ("导入人", "By"),
    "imp_col_at": ("时间", "At"),
    "imp_col_new": ("新增", "New"),
    "imp_col_changed": ("更新", "Changed"),
    "imp_col_unchanged": ("未变", "Unchanged"),
    "imp_col_undone": ("已撤销", "Undone"),
}
