"""Strings of findings and rectifications (issue 11): the lifecycle's refusals, the data
layer's messages, the 整改跟踪 page, the import kind ``findings`` and the exports."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    # Refusals of the state machine (domain.rectification.Refusal values).
    "rect_refused_read_only": (
        "领导账号只能查看，不能办理整改。",
        "Leaders can view, not move items.",
    ),
    "rect_refused_not_own": (
        "只能办理本单位的整改事项。",
        "You can only act on your own agency's items.",
    ),
    "rect_refused_closed": ("该事项已销号，不能再变更。", "This item is closed and cannot change."),
    "rect_refused_same_state": (
        "该事项已经是“{target}”。",
        "This item is already “{target}”.",
    ),
    "rect_refused_illegal": (
        "不能从“{current}”直接改为“{target}”。",
        "An item cannot go from “{current}” straight to “{target}”.",
    ),
    "rect_refused_role": (
        "您的角色不能把事项从“{current}”改为“{target}”。",
        "Your role cannot move an item from “{current}” to “{target}”.",
    ),
    "rect_refused_note": (
        "请填写整改情况说明（佐证材料）。",
        "Please describe what was done (the evidence).",
    ),
    "rect_refused_verification_note": (
        "销号需要填写验收意见。",
        "Closing needs a verification note.",
    ),
    "rect_refused_failure_note": (
        "验收不通过需要说明原因。",
        "A failed verification needs a reason.",
    ),
    "rect_refused_record": (
        "只有编办工作人员和管理员可以登记问题。",
        "Only office staff and administrators can record findings.",
    ),
    "rect_conflict": (
        "该事项刚被他人变更，当前状态为“{state}”。请刷新后再办理。",
        "This item was changed meanwhile; it is now “{state}”. Reload and try again.",
    ),
    "rect_err_unknown": ("没有找到该整改事项。", "No such rectification."),
    "rect_err_round": ("没有找到该评估批次。", "No such evaluation round."),
    "rect_err_description": ("请填写问题描述。", "Please describe the finding."),
    "rect_err_too_long": ("内容超过 {limit} 个字。", "The text is longer than {limit} characters."),
    "rect_err_agency": (
        "该单位不在本批次的评估对象中。",
        "The agency is not evaluated in this round.",
    ),
    "rect_err_choice": ("“{value}”不是可选的值。", "“{value}” is not one of the choices."),
    "rect_err_indicator": (
        "本批次没有指标代码 {code}。",
        "This round has no indicator with code {code}.",
    ),
    "rect_err_section": ("请填写整改责任科室。", "Please name the responsible section."),
    "rect_err_deadline": (
        "整改期限不能早于发现日期 {found}。",
        "The deadline cannot be before the day the finding was made ({found}).",
    ),
    # The import kind ``findings``.
    "imp_fd_deadline_required": (
        "请填写整改期限：日期，或“立行立改”",
        "a deadline is needed: a date, or 立行立改 (on the spot)",
    ),
    "imp_fd_deadline_bad": (
        "“{value}”不是日期，也不是“立行立改”",
        "“{value}” is neither a date nor 立行立改 (on the spot)",
    ),
    "imp_fd_not_in_round": (
        "“{value}”不是本批次的评估对象",
        "“{value}” is not evaluated in this round",
    ),
    "imp_fd_code": (
        "本批次没有指标代码“{value}”{hint}",
        "the round has no indicator “{value}”{hint}",
    ),
    "imp_fd_spot_with_opinion": (
        "立行立改的问题不下达整改意见：整改责任科室、责任人、文号应留空",
        "a finding fixed on the spot has no rectification opinion: leave the section, owner "
        "and document number blank",
    ),
    "imp_fd_section_required": (
        "下达整改意见时请填写整改责任科室",
        "a rectification opinion needs its responsible section",
    ),
    "imp_fd_disposition": (
        "该问题已登记，导入不能在“立行立改”和下达整改意见之间改变",
        "this finding is stored: an import cannot switch it between fixed on the spot and a "
        "rectification opinion",
    ),
    # The page 整改跟踪 / Rectifications.
    "page_rectifications": ("整改跟踪", "Rectifications"),
    "rt_heading": ("{round} · 整改跟踪", "{round} · Rectifications"),
    "rt_intro": (
        "本批次发现的全部问题及其整改：逾期事项排在最前。“逾期”指已过整改期限且尚未销号；"
        "“立行立改”指当场整改、不下达整改意见的问题，不计入未销号问题。",
        "Every finding of the round with its rectification, overdue items first. Overdue: "
        "past the deadline and not closed. Fixed on the spot: corrected there and then, with "
        "no rectification opinion; not counted as open.",
    ),
    "rt_read_only": (
        "领导账号只读：可查看和导出，不能办理。",
        "Leaders read: view and export only.",
    ),
    "rt_frozen": (
        "本批次已完成：整改事项只读。",
        "This round is completed: its items are read-only.",
    ),
    "rt_no_rectification": ("待下达整改意见", "Awaiting an opinion"),
    "rt_days_overdue": ("逾期 {n} 天", "{n} days overdue"),
    "rt_days_left": ("剩 {n} 天", "{n} days left"),
    "rt_f_all": ("全部", "All"),
    "rt_f_state": ("状态", "State"),
    "rt_f_agency": ("单位", "Agency"),
    "rt_f_section": ("责任科室", "Section"),
    "rt_f_overdue": ("只看逾期", "Overdue only"),
    "rt_count": ("显示 {shown} 项，共 {total} 项", "{shown} of {total} items"),
    "rt_empty": ("本批次还没有登记问题。", "No findings recorded for this round yet."),
    "rt_empty_filter": ("没有符合筛选条件的事项。", "No item matches the filters."),
    "rt_col_agency": ("单位", "Agency"),
    "rt_col_description": ("问题描述", "Finding"),
    "rt_col_severity": ("严重程度", "Severity"),
    "rt_col_state": ("状态", "State"),
    "rt_col_section": ("责任科室", "Section"),
    "rt_col_owner": ("责任人", "Owner"),
    "rt_col_deadline": ("整改期限", "Deadline"),
    "rt_col_days": ("剩余/逾期", "Days left / overdue"),
    "rt_col_total": ("合计", "Total"),
    "rt_col_category": ("问题类别", "Category"),
    "rt_col_source": ("发现来源", "Source"),
    "rt_col_indicator": ("关联指标", "Indicator"),
    "rt_col_ledger": ("纳入监管台账", "In the oversight ledger"),
    "rt_col_doc": ("整改意见文号", "Opinion document no."),
    "rt_col_found": ("发现日期", "Found on"),
    "rt_col_closed_on": ("销号日期", "Closed on"),
    "rt_col_points_before": ("本批次得分", "Points this round"),
    "rt_col_points_after": ("下一批次得分", "Points next round"),
    "rt_col_max": ("满分", "Maximum"),
    "rt_col_share_before": ("本批次得分率", "% of max this round"),
    "rt_col_share_after": ("下一批次得分率", "% of max next round"),
    "rt_col_improved": ("是否改善", "Improved"),
    "rt_col_severity_points": ("扣分", "Points"),
    "rt_col_ledger_n": ("台账问题数", "Ledger findings"),
    "rt_col_deduction": ("履职考核扣分", "Assessment deduction"),
    "rt_yes": ("是", "yes"),
    "rt_no": ("否", "no"),
    "rt_by_agency": ("按单位统计", "By agency"),
    "rt_items": ("整改事项", "Items"),
    "rt_pick": ("选择一项查看整改过程", "Pick an item to see its timeline"),
    "rt_timeline": ("整改过程", "Timeline"),
    "rt_tl_at": ("时间", "When"),
    "rt_tl_move": ("变更", "Move"),
    "rt_tl_actor": ("办理人", "By"),
    "rt_tl_note": ("说明", "Note"),
    "rt_no_events": ("立行立改：没有整改过程。", "Fixed on the spot: no rectification."),
    "rt_move_to": ("改为“{state}”", "Move to “{state}”"),
    "rt_move_fail": ("验收不通过，退回“{state}”", "Verification failed: back to “{state}”"),
    "rt_note": ("说明（佐证材料、验收意见或退回原因）", "Note (evidence, verification or reason)"),
    "rt_moved": ("已改为“{state}”。", "Moved to “{state}”."),
    "rt_no_moves": ("您不能变更此事项的状态。", "You cannot move this item."),
    "rt_record": ("登记问题", "Record a finding"),
    "rt_record_agency": ("单位", "Agency"),
    "rt_record_description": ("问题描述", "Description"),
    "rt_record_category": ("问题类别", "Category"),
    "rt_record_severity": ("严重程度", "Severity"),
    "rt_record_source": ("发现来源", "Source"),
    "rt_record_indicator": ("关联指标", "Indicator"),
    "rt_record_ledger": ("纳入监管台账", "Enter in the oversight ledger"),
    "rt_record_spot": ("立行立改（当场整改，不下达整改意见）", "Fixed on the spot (no opinion)"),
    "rt_record_section": ("整改责任科室", "Responsible section"),
    "rt_record_owner": ("责任人", "Owner"),
    "rt_record_deadline": ("整改期限", "Deadline"),
    "rt_record_doc": ("整改意见文号", "Opinion document no."),
    "rt_record_submit": ("登记", "Record"),
    "rt_recorded": ("已登记问题 #{id}。", "Finding #{id} recorded."),
    "rt_no_indicator": ("（不关联指标）", "(no indicator)"),
    "rt_loop": ("整改闭环：销号事项的指标变化", "Closed loop: the indicator before and after"),
    "rt_loop_caption": (
        "每个已销号事项关联的指标，在发现问题的批次和下一批次的得分与得分率。",
        "For each closed item, its indicator's points and % of maximum in the round it was "
        "found and in the next round.",
    ),
    "rt_loop_summary": (
        "已销号 {n} 项，其中 {compared} 项可与下一批次比较，{improved} 项指标得分率提高。",
        "{n} closed; {compared} can be compared with the next round; {improved} improved.",
    ),
    "rt_loop_waiting": (
        "本批次已销号 {n} 项。下一批次评估后，这里将显示各项关联指标的前后变化。",
        "{n} closed in this round. Once the next round is evaluated, the change in each "
        "one's indicator shows here.",
    ),
    "rt_loop_empty": ("本批次没有已销号的事项。", "No closed items in this round."),
    "rt_ledger": (
        "监管台账与履职考核扣分（{year} 年）",
        "Oversight ledger and assessment deductions ({year})",
    ),
    "rt_ledger_caption": (
        "{year} 年度评估发现并纳入监管台账的问题；各单位履职考核扣分为这些问题的严重程度分值之和。",
        "Findings of the {year} evaluation entered in the oversight ledger; an agency's assessment "
        "deduction is the sum of their severity points.",
    ),
    "rt_ledger_empty": ("该年度监管台账为空。", "The ledger of this year is empty."),
    "rt_sheet_items": ("整改事项", "Items"),
    "rt_sheet_agencies": ("按单位", "By agency"),
    "rt_sheet_ledger": ("监管台账", "Ledger"),
    "rt_sheet_deductions": ("考核扣分", "Deductions"),
}
