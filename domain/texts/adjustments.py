"""Strings of the adjustment-proposal page (调整意见), its profile section and its refusals."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "page_adjustments": ("调整意见", "Adjustment proposals"),
    "adj_heading": ("调整意见", "Adjustment proposals"),
    "adj_intro": (
        "评估提出的机构编制调整意见（增编、减编、职责调整、机构调整、领导职数调整）及其办理情况。",
        "The staffing adjustments the evaluation proposes (more or fewer posts, functions, "
        "bodies, leadership posts) and how far each has got.",
    ),
    "adj_all": ("全部", "All"),
    "adj_filter_kind": ("类型", "Type"),
    "adj_filter_state": ("状态", "State"),
    "adj_filter_year": ("评估批次", "Round"),
    "adj_filter_agency": ("单位", "Agency"),
    "adj_kpi_total": ("调整意见", "Proposals"),
    "adj_empty": ("没有符合条件的调整意见。", "No proposal matches."),
    "adj_readonly": (
        "只读：调整意见由编办工作人员录入和办理。",
        "Read-only: office staff record and move proposals.",
    ),
    "adj_col_year": ("批次", "Round"),
    "adj_col_agency": ("单位", "Agency"),
    "adj_col_kind": ("类型", "Type"),
    "adj_col_content": ("调整意见", "Proposal"),
    "adj_col_section": ("责任科室", "Section"),
    "adj_col_state": ("状态", "State"),
    "adj_col_outcome": ("办理情况", "Outcome"),
    "adj_col_created": ("提出日期", "Recorded"),
    "adj_col_updated": ("最近办理", "Last moved"),
    "adj_record_title": ("录入调整意见", "Record a proposal"),
    "adj_field_agency": ("单位", "Agency"),
    "adj_field_kind": ("类型", "Type"),
    "adj_field_content": ("调整意见内容", "What is proposed"),
    "adj_field_section": ("责任科室", "Responsible section"),
    "adj_record": ("录入", "Record"),
    "adj_recorded": ("调整意见已录入（待研究）。", "Proposal recorded (to be studied)."),
    "adj_move_pick": (
        "在表中选择一条调整意见以办理。",
        "Select a proposal in the table to move it on.",
    ),
    "adj_move_title": ("办理：{agency} · {kind}", "Move on: {agency} · {kind}"),
    "adj_move_to": ("改为", "Move to"),
    "adj_move_outcome": (
        "办理情况（办结或不予采纳时必填）",
        "Outcome (required when handled or not adopted)",
    ),
    "adj_move": ("确定", "Move"),
    "adj_moved": ("已改为“{state}”。", "Moved to “{state}”."),
    "adj_final": ("该调整意见已{state}，不再办理。", "This proposal is final ({state})."),
    "pf_adj_title": ("调整意见", "Adjustment proposals"),
    "pf_adj_none": ("本单位没有调整意见。", "No adjustment proposal for this agency."),
    # refusals (data_access.adjustments)
    "adj_denied": (
        "只有编办工作人员和管理员可以录入和办理调整意见。",
        "Only office staff and administrators can record and move adjustment proposals.",
    ),
    "adj_err_kind": ("类型“{value}”无效，应为 {allowed}", "Type “{value}” is not one of {allowed}"),
    "adj_err_content": ("请填写调整意见内容", "Enter what is proposed"),
    "adj_err_content_long": ("内容超过 {limit} 字", "The text is longer than {limit} characters"),
    "adj_err_section": ("请填写责任科室", "Enter the responsible section"),
    "adj_err_section_long": (
        "责任科室超过 {limit} 字",
        "The section is longer than {limit} characters",
    ),
    "adj_err_agency": ("没有这个单位", "There is no such agency"),
    "adj_err_state": ("状态“{value}”无效", "State “{value}” is not known"),
    "adj_err_outcome": (
        "改为“{state}”需要填写办理情况",
        "Moving to “{state}” needs an outcome note",
    ),
    "adj_err_missing": ("没有这条调整意见", "There is no such proposal"),
    "adj_err_changed": (
        "这条调整意见刚被他人办理，现在是“{state}”；请查看后再操作。",
        "Someone moved this proposal just now; it is now “{state}”. Check it and try again.",
    ),
    "adj_err_move": (
        "不能从“{current}”改为“{target}”",
        "A proposal cannot move from “{current}” to “{target}”",
    ),
}
