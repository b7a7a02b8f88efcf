"""Strings of the administrators' pages: 审计日志 (audit log) and 评估批次 (rounds)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    # -- 审计日志 Audit log ------------------------------------------------------------------
    "page_audit_log": ("审计日志", "Audit log"),
    "aud_heading": ("审计日志", "Audit log"),
    "aud_intro": (
        "每一次写入、登录、退出和导入：谁、何时、做了什么、改了哪张表，以及改动前后的值。",
        "Every write, sign-in, sign-out and import: who, when, what, which table, and the "
        "values before and after.",
    ),
    "aud_denied": ("只有管理员可以查看审计日志。", "Only administrators may read the audit log."),
    "aud_all": ("全部", "All"),
    "aud_filter_user": ("用户", "User"),
    "aud_filter_action": ("操作", "Action"),
    "aud_filter_entity": ("数据表", "Table"),
    "aud_filter_from": ("开始日期", "From"),
    "aud_filter_to": ("结束日期", "To"),
    "aud_empty": ("没有符合条件的日志。", "No entry matches."),
    "aud_count": ("共 {n} 条（北京时间，最新在前）", "{n} entries (Beijing time, newest first)"),
    "aud_truncated": (
        "符合条件的日志超过 {n} 条，只显示最新的 {n} 条；请缩小日期范围。",
        "More than {n} entries match; only the newest {n} are shown. Narrow the dates.",
    ),
    "aud_col_at": ("时间", "Time"),
    "aud_col_user": ("用户", "User"),
    "aud_col_action": ("操作", "Action"),
    "aud_col_entity": ("数据表", "Table"),
    "aud_col_entity_id": ("记录", "Record"),
    "aud_col_changed": ("变动字段", "Changed fields"),
    "aud_col_field": ("字段", "Field"),
    "aud_col_before": ("变更前", "Before"),
    "aud_col_after": ("变更后", "After"),
    "aud_detail_title": ("变更明细", "Change details"),
    "aud_pick": (
        "在上表中选择一行，查看其变更前后的值。",
        "Select a row above to see its values before and after.",
    ),
    "aud_detail_head": (
        "{at} · {user} · {action} · {entity} #{id}",
        "{at} · {user} · {action} · {entity} #{id}",
    ),
    "aud_no_values": ("这条日志没有记录字段值。", "This entry records no values."),
    # -- 评估批次 Rounds --------------------------------------------------------------------
    "page_rounds": ("评估批次", "Rounds"),
    "rda_heading": ("评估批次", "Evaluation rounds"),
    "rda_intro": (
        "新建评估批次，选择评估对象，设置自评填报时间，推进批次状态（准备中 → 评估中 → 已完成）。",
        "Create rounds, choose the agencies evaluated, set the self-evaluation window, and move "
        "a round on (Preparing → In progress → Completed).",
    ),
    "rda_none": ("还没有评估批次。", "There is no round yet."),
    "rda_col_year": ("年度", "Year"),
    "rda_col_name": ("名称", "Name"),
    "rda_col_status": ("状态", "Status"),
    "rda_col_agencies": ("评估对象数", "Agencies"),
    "rda_col_window": ("自评填报时间", "Self-evaluation window"),
    "rda_window_none": ("不限", "no limit"),
    "rda_window_range": ("{opens} 至 {closes}", "{opens} to {closes}"),
    "rda_create_title": ("新建评估批次", "New round"),
    "rda_field_year": ("年度", "Year"),
    "rda_field_name": ("名称", "Name"),
    "rda_field_name_en": ("英文名称", "English name"),
    "rda_field_copy": (
        "指标体系和配置复制自",
        "Copy the indicator tree and configuration from",
    ),
    "rda_copy_none": ("不复制：使用默认指标体系和配置", "None: the default tree and configuration"),
    "rda_create": ("新建", "Create"),
    "rda_created": (
        "已新建 {year} 年度评估批次（{n} 个指标），状态为准备中。",
        "Round {year} created ({n} indicators), status Preparing.",
    ),
    "rda_manage_pick": ("管理评估批次", "Manage round"),
    "rda_manage_title": ("{year} 年度 · {status}", "Round {year} · {status}"),
    "rda_frozen_reason": (
        "该批次已完成，已冻结：评分、配置和评估对象不能再修改。",
        "This round is completed and frozen: its scores, configuration and agencies can no "
        "longer change.",
    ),
    "rda_field_agencies": ("评估对象（单位名录）", "Agencies evaluated (from the registry)"),
    "rda_save_agencies": ("保存评估对象", "Save agencies"),
    "rda_agencies_saved": (
        "已保存：加入 {added} 个，移出 {removed} 个，共 {n} 个评估对象。",
        "Saved: {added} added, {removed} removed, {n} agencies in all.",
    ),
    "rda_window_title": ("自评填报时间", "Self-evaluation window"),
    "rda_field_opens": ("开始日期", "Opens"),
    "rda_field_closes": ("截止日期", "Closes"),
    "rda_window_help": (
        "含首尾两天；留空表示该侧不限。",
        "Both days included; a date left empty sets no limit on that side.",
    ),
    "rda_save_window": ("保存填报时间", "Save window"),
    "rda_window_saved": (
        "已保存 {year} 年度的自评填报时间。",
        "The self-evaluation window of round {year} is saved.",
    ),
    "rda_move_title": ("推进到“{status}”", "Move to “{status}”"),
    "rda_start_means": (
        "进入评估中后，评估组开始评分，各单位可在填报时间内提交自评；指标体系和配置仍可修改。",
        "In progress: the team starts scoring and agencies may submit self-evaluations within "
        "the window; the tree and configuration can still change.",
    ),
    "rda_freeze_means": (
        "已完成将冻结该批次且不可撤销：评分表、指标体系、配置、评估对象、自评和问题整改登记都不能再修改，"
        "得分和排名就此固定。",
        "Completing freezes the round for good: score sheets, the tree, the configuration, the "
        "agencies, self-evaluations and new findings can no longer change; scores and ranks "
        "are final.",
    ),
    "rda_move_confirm": (
        "我确认将 {year} 年度评估批次推进到“{status}”",
        "I confirm moving round {year} to “{status}”",
    ),
    "rda_move": ("推进到“{status}”", "Move to “{status}”"),
    "rda_move_unconfirmed": ("请先勾选确认。", "Tick the confirmation first."),
    "rda_moved": ("{year} 年度评估批次已推进到“{status}”。", "Round {year} moved to “{status}”."),
    "rda_move_none": ("已完成（不可再推进）", "Completed (final)"),
    "rnd_moved_meanwhile": (
        "{year} 年度评估批次的状态刚被变更，当前为“{status}”；请刷新后再试。",
        "Round {year} has just been moved and is now “{status}”; reload and try again.",
    ),
}

TEXT |= {
    # -- 指标体系 Indicator tree ------------------------------------------------------------
    "page_indicator_tree": ("指标体系", "Indicator tree"),
    "tre_heading": ("指标体系", "Indicator tree"),
    "tre_intro": (
        "{round} 的共性指标体系：直接在表中修改分值、名称、英文名称、评估要点和来源，先检查并预览排名变化，确认后保存。",
        "The common indicator tree of {round}: edit points, names, English names, evaluation "
        "points and sources in the table, check and preview the ranking, then save.",
    ),
    "tre_frozen": (
        "该批次已完成，指标体系已冻结，只能查看。",
        "This round is completed: its tree is frozen and read-only.",
    ),
    "tre_check": ("检查并预览", "Check and preview"),
    "tre_errors": (
        "有 {n} 处错误，未保存任何内容（行号为表中第几行 + 1，与导入文件一致）：",
        "{n} errors, nothing saved (row numbers are the table's row + 1, as in an import file):",
    ),
    "tre_nothing": ("没有任何修改。", "Nothing has changed."),
    "tre_changes": ("检查通过：{summary}", "The table is fine: {summary}"),
    "tre_whatif_title": ("修改前后的排名（当前数据）", "Ranking before and after (current data)"),
    "tre_whatif_moved": (
        "等次或排名变化的单位：{n} 个（底色标出）",
        "Agencies whose grade or rank changes: {n} (highlighted)",
    ),
    "tre_whatif_rescaled": (
        "分值改变的指标，已有评分按原得分率换算（如 6 分中得 4.5 分，改为 8 分后按 6 分计）。",
        "Where a leaf's points change, its stored scores keep their share of the maximum "
        "(4.5 of 6 becomes 6 of 8).",
    ),
    "tre_scores_above": (
        "有 {n} 个已导入的评分高于新的分值，不能保存：请先按新分值重新导入评分表，或调高分值。",
        "{n} stored scores are above their indicator's new points, so this cannot be saved: "
        "re-import the score sheet for the new points first, or raise the points.",
    ),
    "tre_moved_line": (
        "{agency}：等次 {grade_before} → {grade_after}，排名 {rank_before} → {rank_after}",
        "{agency}: grade {grade_before} → {grade_after}, rank {rank_before} → {rank_after}",
    ),
    "tre_col_agency": ("单位", "Agency"),
    "tre_col_score_before": ("综合得分（修改前）", "Composite (before)"),
    "tre_col_score_after": ("综合得分（修改后）", "Composite (after)"),
    "tre_col_rank_before": ("排名（前）", "Rank (before)"),
    "tre_col_rank_after": ("排名（后）", "Rank (after)"),
    "tre_col_grade_before": ("等次（前）", "Grade (before)"),
    "tre_col_grade_after": ("等次（后）", "Grade (after)"),
    "tre_confirm": (
        "我确认保存修改后的指标体系（作为一个导入批次，可在数据导入页撤销）",
        "I confirm saving the edited tree (one import batch, undoable on Data import)",
    ),
    "tre_save": ("保存指标体系", "Save the tree"),
    "tre_unconfirmed": ("请先勾选确认。", "Tick the confirmation first."),
    "tre_saved": ("已保存（批次 #{batch}）：{summary}", "Saved (batch #{batch}): {summary}"),
    # -- 指标体系: tabs ---------------------------------------------------------------------
    "tre_tab_tree": ("共性指标", "Common indicators"),
    "tre_tab_individual": ("个性指标", "Individual indicators"),
    "tre_tab_config": ("阈值与映射", "Thresholds and mappings"),
    "imp_ind_below_score": (
        "分值 {points} 低于已保存的评分：{agency} 的{which} {score}（请先重新导入评分表）",
        "points {points} are below a stored score: {agency}'s {which} {score} (import the "
        "score sheet again first)",
    ),
    "imp_ind_team_score": ("评估组评分", "team score"),
    "imp_ind_self_score": ("自评分", "self score"),
    # -- 个性指标 Individual indicators ---------------------------------------------------------
    "ive_intro": (
        "按单位类型修改个性指标的名称、英文名称、权重和评估要点；检查方式与“个性指标”导入相同，"
        "错误显示在对应字段下方。保存为一个导入批次，可在“数据导入”页撤销。",
        "Edit the individual indicators of an agency type — names, English names, weights, "
        "evaluation points. They are checked as the individual import checks a file, each error "
        "under its field; saving is one import batch, undoable on Data import.",
    ),
    "ive_pick_type": ("单位类型", "Agency type"),
    "ive_none": (
        "本批次没有个性指标；可用“个性指标”导入（数据导入页）添加。",
        "The round has no individual indicators; add them with the individual import (Data "
        "import).",
    ),
    "ive_frozen": (
        "该批次已完成，个性指标已冻结，只能查看。",
        "The round is completed: its individual indicators are frozen and read-only.",
    ),
    "ive_code": ("指标代码 {code}", "Code {code}"),
    "ive_save": ("检查并保存", "Check and save"),
    "ive_errors": (
        "有 {n} 处错误，未保存任何内容；错误显示在对应字段下方。",
        "{n} problems, nothing saved; each is shown under its field.",
    ),
    "ive_nothing": ("没有任何修改。", "Nothing has changed."),
    "ive_saved": ("已保存（批次 #{batch}）：{summary}", "Saved (batch #{batch}): {summary}"),
    # -- 阈值与映射 Thresholds (RoundConfig) ---------------------------------------------------
    "cfg_intro": (
        "本批次的等次分数线、数据覆盖率、外部评价和问卷答案的取值、问题扣分、样本量下限、"
        "编制使用率和同类比较的区间。先检查并预览修改前后的排名，确认后才保存。",
        "The round's grade bands, coverage, rating and answer values, severity points, survey "
        "minimums, usage and peer bands. Check and preview the ranking before and after; "
        "nothing is saved until you confirm.",
    ),
    "cfg_frozen": (
        "该批次已完成，配置已冻结，只能查看。",
        "The round is completed: its configuration is frozen and read-only.",
    ),
    "cfg_grades": ("等次分数线（综合得分不低于）", "Grade bands (composite at least)"),
    "cfg_coverage": (
        "最低数据覆盖率（低于则“数据不足”）",
        "Minimum coverage (below: insufficient data)",
    ),
    "cfg_ratings": ("外部评价取值（0–1）", "Rating values (0–1)"),
    "cfg_answers": ("问卷答案取值（0–100）", "Survey answer values (0–100)"),
    "cfg_severity": ("问题扣分（按严重程度）", "Severity points"),
    "cfg_survey": ("问卷样本量", "Survey sample sizes"),
    "cfg_survey_min": ("少于此数不计分", "Suppressed below"),
    "cfg_survey_small": ("少于此数提示小样本", "Small-sample warning below"),
    "cfg_usage": ("编制使用率区间", "Usage-rate bands"),
    "cfg_usage_zero": ("得 0 分（低于）", "Zero at or below"),
    "cfg_usage_full_low": ("满分下限", "Full marks from"),
    "cfg_usage_full_high": ("满分上限（超过为超编）", "Full marks up to (above: over-staffed)"),
    "cfg_peer": ("同类比较区间", "Peer comparison bands"),
    "cfg_peer_min": ("最少同类城市数", "Minimum peer cities"),
    "cfg_peer_full": ("偏离不超过此值得满分", "Full marks up to deviation"),
    "cfg_peer_zero": ("偏离达到此值得 0 分", "Zero from deviation"),
    "cfg_check": ("检查阈值并预览排名", "Check the thresholds and preview"),
    "cfg_nothing": ("没有任何修改。", "Nothing has changed."),
    "cfg_changed": ("将修改：{keys}", "Changes: {keys}"),
    "cfg_confirm": (
        "我已查看修改前后的排名，确认保存本批次的阈值与映射",
        "I have looked at the ranking before and after and save the round's thresholds",
    ),
    "cfg_save": ("保存阈值与映射", "Save the thresholds"),
    "cfg_unconfirmed": ("请先勾选确认。", "Tick the confirmation first."),
    "cfg_saved": ("已保存 {year} 年度的阈值与映射。", "Thresholds of round {year} saved."),
    "cfg_err_grades": (
        "分数线须在 0–100 之间，并从高到低严格递减",
        "bounds must lie within 0–100 and strictly decrease from the top grade down",
    ),
    "cfg_err_share": ("须在 0–1 之间", "must lie within 0–1"),
    "cfg_err_answers": ("须在 0–100 之间", "must lie within 0–100"),
    "cfg_err_points": ("须在 0–100 之间", "must lie within 0–100"),
    "cfg_err_survey": (
        "须为整数，且 1 ≤ 不计分下限 ≤ 小样本下限",
        "whole numbers with 1 ≤ suppressed-below ≤ small-sample-below",
    ),
    "cfg_err_usage": (
        "须满足 0 ≤ 得 0 分 < 满分下限 ≤ 满分上限",
        "need 0 ≤ zero < full-marks-from ≤ full-marks-up-to",
    ),
    "cfg_err_peer": (
        "最少同类城市数须为不小于 1 的整数，且 0 ≤ 满分偏离 < 0 分偏离",
        "at least 1 peer city (a whole number), and 0 ≤ full-marks deviation < zero deviation",
    ),
    "cfg_err_other": ("配置不合法：{message}", "The configuration is refused: {message}"),
    "cfg_no_round": ("没有这个评估批次。", "There is no such round."),
    "cfg_changed_meanwhile": (
        "本批次的配置刚被他人修改，未保存；请重新检查。",
        "The round's configuration was changed meanwhile; nothing was saved. Check again.",
    ),
}
