"""Strings of the surveys import (sv_ messages of the 问卷星 reader and its report) and the
民意测评 page (svp_)."""

from __future__ import annotations

__all__ = ["TEXT"]

_IMPORT: dict[str, tuple[str, str]] = {
    "sv_no_header": (
        "不是问卷星导出的答卷：前 10 行中没有包含“序号”“提交答卷时间”“所用时间”的表头行。",
        "Not a 问卷星 export: none of the first 10 rows is a header with 序号, 提交答卷时间 "
        "and 所用时间.",
    ),
    "sv_no_questions": (
        "没有题目列：问卷星导出的题目列表头形如“1、您对……是否满意”。",
        "No question columns: a 问卷星 question column is headed like “1、question text”.",
    ),
    "sv_column": ("“{column}”列：{message}", "Column “{column}”: {message}"),
    "sv_bad_duration": (
        "所用时间“{value}”无法识别，应形如“95秒”或“1分35秒”",
        "time taken “{value}” is not readable; expected e.g. “95秒” or “1分35秒”",
    ),
    "sv_bad_time": (
        "提交答卷时间“{value}”无法识别，应形如“2024/11/05 09:30:15”",
        "submit time “{value}” is not readable; expected e.g. “2024/11/05 09:30:15”",
    ),
    "sv_bad_seq": (
        "序号“{value}”不是正整数",
        "序号 (submission number) “{value}” is not a positive whole number",
    ),
    "sv_not_in_mapping": (
        "答案“{value}”不在本批次的答案赋值中（可用：{allowed}）；该题其他答案都是满意度选项",
        "answer “{value}” is not in the round's answer mapping (allowed: {allowed}); the "
        "question's other answers are satisfaction options",
    ),
    "sv_no_agency_question": (
        "文件中没有题目包含“评价单位”或“被评价单位”：请用 --agency 指定被评价单位。",
        "No question mentions 评价单位 or 被评价单位: name the evaluated agency with --agency.",
    ),
    "sv_agency_blank": ("未填写被评价单位", "the evaluated agency is blank"),
    "sv_unknown_agency": (
        "单位“{value}”不是本批次的评估对象{hint}",
        "agency “{value}” is not evaluated in this round{hint}",
    ),
    "sv_unknown_agency_option": (
        "单位“{value}”不是本批次的评估对象{hint}",
        "Agency “{value}” is not evaluated in this round{hint}.",
    ),
    "sv_no_questionnaire": (
        "问卷类型“{value}”无法确定：请指定 {allowed} 之一（命令行 --questionnaire，"
        "或在文件名中写明问卷名称）。",
        "Questionnaire “{value}” not recognised: name one of {allowed} (--questionnaire on the "
        "command line, or the questionnaire's name in the file name).",
    ),
    "sv_report_line": (
        "{agency}：读入 {total} 份，有效 {accepted} 份，重复剔除 {duplicate} 份，"
        "用时过短剔除 {too_fast} 份，同一答案到底 {straightlined} 份（保留），"
        "“不了解”/空白答案 {excluded} 个（不计分），替换原有 {replaced} 份",
        "{agency}: {total} submissions read, {accepted} accepted, {duplicate} duplicates "
        "dropped, {too_fast} too fast excluded, {straightlined} straight-lining (kept), "
        "{excluded} 不了解/blank answers excluded, {replaced} stored submissions replaced",
    ),
    "sv_report_items": (
        "计分题（满意度选项）{scored} 道，其他题目 {other} 道（保留，不计分）",
        "{scored} scored (Likert) questions, {other} other questions (kept, not scored)",
    ),
}

_PAGE: dict[str, tuple[str, str]] = {
    "page_surveys": ("民意测评", "Surveys"),
    "svp_heading": ("民意测评：{questionnaire}", "Surveys: {questionnaire}"),
    "svp_intro": (
        "每个单位的满意度指数（SI）及其 95% 置信区间、满意率和有效样本数 n；"
        "n < 30 为小样本，n < 5 不公布结果。",
        "Each agency's satisfaction index (SI) with its 95% interval, satisfaction rate and "
        "accepted submissions n; n < 30 is a small sample, n < 5 is suppressed.",
    ),
    "svp_empty": (
        "本批次该问卷还没有导入答卷。",
        "No submissions imported for this questionnaire.",
    ),
    "svp_filter_questionnaire": ("问卷", "Questionnaire"),
    "svp_filter_agency": ("单位", "Agency"),
    "svp_col_agency": ("单位", "Agency"),
    "svp_col_si": ("满意度指数", "SI"),
    "svp_col_ci": ("95% 置信区间", "95% interval"),
    "svp_col_rate": ("满意率", "Satisfaction rate"),
    "svp_col_n": ("有效样本 n", "n"),
    "svp_col_status": ("样本", "Sample"),
    "svp_col_change": ("较上一批次", "Change since previous round"),
    "svp_status_ok": ("充足", "sufficient"),
    "svp_status_small": ("小样本", "small sample"),
    "svp_status_suppressed": ("不公布（n < 5）", "suppressed (n < 5)"),
    "svp_chart_title": ("满意度指数与 95% 置信区间", "SI with 95% interval"),
    "svp_items_title": ("{agency}：各题得分（由低到高）", "{agency}: items, weakest first"),
    "svp_items_note": (
        "题目得分为有效答案的平均值；“不了解”和空白不计。",
        "An item's score is the mean of its valid answers; 不了解 and blanks are left out.",
    ),
    "svp_items_suppressed": (
        "有效样本不足 5 份，不公布各题得分。",
        "Fewer than 5 accepted submissions: item scores are not shown.",
    ),
    "svp_blank": ("空白", "blank"),
    "svp_col_question": ("题目", "Question"),
    "svp_col_item_score": ("得分", "Score"),
    "svp_col_answers": ("答案分布", "Answers"),
    "svp_quality_title": ("导入质量报告", "Import quality report"),
    "svp_col_file": ("文件", "File"),
    "svp_col_imported": ("导入时间", "Imported"),
    "svp_col_read": ("读入", "Read"),
    "svp_col_accepted": ("有效", "Accepted"),
    "svp_col_duplicates": ("重复剔除", "Duplicates"),
    "svp_col_too_fast": ("用时过短", "Too fast"),
    "svp_col_straight": ("同一答案到底", "Straight-lining"),
    "svp_col_excluded": ("不了解/空白答案", "不了解/blank answers"),
    "svp_to_profile": ("查看 {agency} 的单位画像", "Open the profile of {agency}"),
}

TEXT: dict[str, tuple[str, str]] = {**_IMPORT, **_PAGE}
