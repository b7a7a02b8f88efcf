"""Strings of the self-evaluation page (自评填报) and its refusals."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "page_self_eval": ("自评填报", "Self-evaluation"),
    "se_heading": ("{round} · 自评填报", "{round} · Self-evaluation"),
    "se_intro": (
        "逐项填写本单位的自评分（0 至满分）和佐证说明。可先保存草稿，全部填写后提交；"
        "提交后不能再修改，如需修改请联系编办退回。",
        "Enter your agency's self score (0 to the maximum) and an evidence note for each "
        "item. Save a draft at any time; submit when every item is scored. Once submitted it "
        "can no longer be changed: ask the office to reopen it.",
    ),
    "se_staff_intro": (
        "各评估对象的自评填报情况。提交的自评分即计入自评与评估组评分的差距（自评偏高）；"
        "草稿不计入。",
        "Each agency's self-evaluation. Submitted self scores count towards the self-vs-team "
        "gap (self-rated too high) at once; drafts do not.",
    ),
    "se_not_in_round": (
        "本批次未评估本单位，无需自评。",
        "This round does not evaluate your agency: there is nothing to self-evaluate.",
    ),
    "se_round_empty": ("本批次尚无评估对象。", "This round evaluates no agency yet."),
    "se_not_started": ("未填报", "Not started"),
    "se_window": ("填报时间：{opens} 至 {closes}", "Open from {opens} to {closes}"),
    "se_window_open_ended": (
        "填报时间：不限（批次完成前均可填报）",
        "Open until the round is completed",
    ),
    "se_status_none": (
        "尚未保存；已预填本批次已录入的自评分（如有）。",
        "Nothing saved yet; the self scores already on record (if any) are filled in.",
    ),
    "se_status_with_state": ("状态：{state} · {detail}", "State: {state} · {detail}"),
    "se_status_saved": ("最近保存：{at}（{user}）", "Last saved {at} by {user}"),
    "se_status_submitted": ("已于 {at} 提交（{user}）", "Submitted {at} by {user}"),
    "se_submitted_locked": (
        "自评已提交，不能再修改。如需修改，请联系编办退回。",
        "Your self-evaluation is submitted and can no longer be changed. Ask the office to "
        "reopen it if it needs changes.",
    ),
    "se_reopened_notice": (
        "编办已于 {at} 退回自评，请修改后重新提交。说明：{note}",
        "The office reopened your self-evaluation on {at}; change it and submit it again. "
        "Note: {note}",
    ),
    "se_no_reason": ("（无）", "(none)"),
    "se_part_common": ("共性指标", "Common indicator"),
    "se_part_individual": ("个性指标", "Individual indicator"),
    "se_item_caption": ("{part} · 满分 {max}", "{part} · max {max}"),
    "se_score_label": ("{code} 自评分（0–{max}）", "{code} self score (0–{max})"),
    "se_score_placeholder": ("未填", "blank"),
    "se_note_label": ("{code} 佐证说明", "{code} evidence note"),
    "se_save": ("保存草稿", "Save draft"),
    "se_submit": ("提交", "Submit"),
    "se_saved_done": ("草稿已保存。", "Draft saved."),
    "se_submitted_done": (
        "自评已提交，自评分已计入评估。",
        "Self-evaluation submitted; the self scores now count.",
    ),
    "se_kpi_filled": ("已填项目", "Items scored"),
    "se_kpi_common_total": ("共性指标自评合计", "Common indicators, self total"),
    "se_kpi_agencies": ("评估对象", "Agencies"),
    "se_kpi_submitted": ("已提交", "Submitted"),
    "se_kpi_working": ("填报中", "In progress"),
    "se_kpi_not_started": ("未填报", "Not started"),
    "se_kpi_overrated": ("自评偏高", "Overrated"),
    "se_col_agency": ("单位", "Agency"),
    "se_col_state": ("状态", "State"),
    "se_col_filled": ("已填", "Scored"),
    "se_col_submitted_at": ("提交时间", "Submitted"),
    "se_col_gap_points": ("自评−组评（分）", "Self − team (points)"),
    "se_col_gap_share": ("差距占满分", "Gap, % of max"),
    "se_col_flag": ("标记", "Flag"),
    "se_gap_help": (
        "同时有自评分和评估组评分的指标上，Σ(自评−组评)；占这些指标满分之和超过 10% 即为自评偏高。",
        "Σ(self − team) over the leaves having both scores; above 10 % of those leaves' "
        "maximum the agency is flagged as self-rated too high.",
    ),
    "se_overview_caption": (
        "差距按已提交（或评分表导入）的自评分计算，评估组评分录入后即显示；草稿不计入。",
        "The gap uses the submitted (or score-sheet) self scores and shows as soon as the team "
        "has scored; drafts do not count.",
    ),
    "se_pick_agency": ("查看单位", "Agency"),
    "se_detail_title": ("{agency} · {state}", "{agency} · {state}"),
    "se_last_reopen_note": ("上次退回说明：{note}", "Last reopening note: {note}"),
    "se_gap_text": (
        "自评与评估组评分差距：{points} 分（占满分 {share}）；标记：{flag}",
        "Self-vs-team gap: {points} points ({share} of max); flag: {flag}",
    ),
    "se_gap_none": (
        "自评与评估组评分差距：尚无可比的指标（需同时有自评分和评估组评分）。",
        "Self-vs-team gap: no leaf has both a self score and a team score yet.",
    ),
    "se_col_code": ("指标代码", "Code"),
    "se_col_indicator": ("指标", "Indicator"),
    "se_col_max": ("满分", "Max"),
    "se_col_entered": ("填报值", "Entered"),
    "se_col_submitted": ("计入值", "Counted"),
    "se_entered_help": (
        "单位在表单中填写的自评分（草稿或已提交）",
        "The self score in the agency's form (draft or submitted)",
    ),
    "se_submitted_help": (
        "计入评估的自评分：最近一次提交的（或评分表导入的）",
        "The self score that counts: the last submitted (or from the score sheet)",
    ),
    "se_col_team": ("组评分", "Team score"),
    "se_col_diff": ("自评−组评", "Self − team"),
    "se_col_note": ("佐证说明", "Evidence note"),
    "se_reopen_title": ("退回本单位修改", "Reopen for the agency to change"),
    "se_reopen_note": ("退回说明（单位可见）", "Note to the agency"),
    "se_reopen": ("退回", "Reopen"),
    "se_reopened_done": ("已退回{agency}的自评。", "Reopened the self-evaluation of {agency}."),
    "se_window_set": (
        "{year} 年度批次自评 · {window}",
        "Self-evaluation of {year} · {window}",
    ),
    # refusals (data_access.self_evaluation)
    "se_denied_role": (
        "只有评估对象本单位的联络员可以填报自评。",
        "Only the agency's own liaison can enter its self-evaluation.",
    ),
    "se_denied_agency": (
        "只能填报本单位的自评。",
        "You can only enter your own agency's self-evaluation.",
    ),
    "se_denied_reopen": (
        "只有编办工作人员和管理员可以退回自评。",
        "Only office staff and administrators can reopen a self-evaluation.",
    ),
    "se_refused_no_round": ("没有这个评估批次。", "There is no such evaluation round."),
    "se_refused_not_in_round": (
        "{round}未评估该单位。",
        "{round} does not evaluate this agency.",
    ),
    "se_refused_completed": (
        "{round}已完成，自评不能再填报或退回。",
        "{round} is completed: self-evaluations can no longer be entered or reopened.",
    ),
    "se_refused_not_open": (
        "自评填报尚未开始（{date} 开始）。",
        "Self-evaluation has not opened yet (it opens on {date}).",
    ),
    "se_refused_closed": (
        "自评填报已于 {date} 截止，不能再修改。",
        "Self-evaluation closed on {date}; it can no longer be changed.",
    ),
    "se_refused_submitted": (
        "自评已提交，不能再修改；如需修改请联系编办退回。",
        "The self-evaluation is submitted and can no longer be changed; ask the office to "
        "reopen it.",
    ),
    "se_refused_changed": (
        "自评刚被他人修改，请刷新页面后再试。",
        "Someone changed this self-evaluation just now: reload the page and try again.",
    ),
    "se_refused_not_submitted": (
        "只有已提交的自评可以退回（当前：{state}）。",
        "Only a submitted self-evaluation can be reopened (it is: {state}).",
    ),
    "se_err_code": ("{code} 不在本单位的自评范围内", "{code} is not part of this self-evaluation"),
    "se_err_range": (
        "{code}：自评分 {value} 超出范围 0–{max}",
        "{code}: self score {value} is outside 0–{max}",
    ),
    "se_err_note": (
        "{code}：佐证说明超过 {limit} 字",
        "{code}: the evidence note is longer than {limit} characters",
    ),
    "se_err_reopen_note": (
        "退回说明超过 {limit} 字",
        "The note is longer than {limit} characters",
    ),
    "se_err_missing": (
        "提交前请为每一项打分，尚未打分：{codes}",
        "Score every item before submitting; not scored yet: {codes}",
    ),
    "se_err_window": (
        "截止日期 {closes} 早于开始日期 {opens}",
        "The closing date {closes} is before the opening date {opens}",
    ),
}
