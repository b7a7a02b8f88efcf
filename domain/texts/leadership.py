"""Strings of the leadership pages: 总览 (ovx_), 单位评分 (rk_), 方法说明 (md_) and what they
share (ld_). Domain words (grades, flags, natures, sources, ratings …) are not here: they are
labelled once, by domain.vocab."""

from __future__ import annotations

__all__ = ["TEXT"]


_SHARED: dict[str, tuple[str, str]] = {
    "ld_provisional": (
        "本批次仍在评估中，得分为阶段性结果。",
        "This round is still in progress: the scores are provisional.",
    ),
    "ld_no_scores": (
        "本批次还没有评分数据，录入评分后这里会显示结果。",
        "No scores have been entered for this round yet; results appear here once they are.",
    ),
    "ld_col_agency": ("单位", "Agency"),
    "ld_open_profile": ("打开单位画像", "Open the agency profile"),
}

_OVERVIEW: dict[str, tuple[str, str]] = {
    "ovx_delta_note": (
        "箭头表示与上一批次（{prev}）相比的变化。",
        "Arrows show the change from the previous round ({prev}).",
    ),
    "ovx_no_previous": ("没有更早的批次可供比较。", "There is no earlier round to compare with."),
    "ovx_scores": ("评分概况", "Scores"),
    "ovx_grades": ("等级分布", "Grades"),
    "ovx_mean_composite": ("平均综合得分", "Mean composite score"),
    "ovx_mean_caption": ("{n} 家单位平均", "mean of {n} agencies"),
    "ovx_si_satisfaction": ("服务对象满意度", "User satisfaction"),
    "ovx_si_staff": ("内部人员评价", "Staff survey index"),
    "ovx_si_caption": ("{n} 家单位平均", "mean of {n} agencies"),
    "ovx_si_own_caption": ("满意度指数，{n} 份有效问卷", "satisfaction index, {n} valid responses"),
    "ovx_si_none": ("有效问卷不足，不出结果", "too few valid responses for a figure"),
    "ovx_key_targets": ("重点监管对象", "Key oversight targets"),
    "ovx_self_overrated": ("自评偏高单位", "Self-rated too high"),
    "ovx_grade_caption": ("综合得分 ≥ {bound}", "composite ≥ {bound}"),
    "ovx_grade_low_caption": ("综合得分 < {bound}", "composite < {bound}"),
    "ovx_grade_na_caption": ("数据覆盖率 < {cov}%", "data coverage < {cov}%"),
    "ovx_chart_title": ("综合得分排名", "Composite score ranking"),
    "ovx_chart_hint": (
        "点击条形可打开该单位画像；虚线为等级分界。",
        "Click a bar to open the agency's profile; dashed lines mark the grade bounds.",
    ),
    "ovx_attention": ("需关注事项", "Needs attention"),
    "ovx_attention_hint": (
        "选中一行可打开该单位画像。",
        "Select a row to open the agency's profile.",
    ),
    "ovx_attention_none": (
        "本批次没有需要特别关注的事项。",
        "Nothing needs special attention in this round.",
    ),
    "ovx_col_issue": ("事项", "Issue"),
    "ovx_col_detail": ("说明", "Details"),
    "ovx_reason_severe_finding": ("严重问题 {n} 个", "{n} severe finding(s)"),
    "ovx_reason_open_findings": ("未销号问题 {n} 个（≥ {k} 个）", "{n} open findings (≥ {k})"),
    "ovx_reason_low_composite": ("综合得分 {x}，低于 {k} 分", "composite {x}, below {k}"),
    "ovx_detail_gap": (
        "自评比评估组高 {share}%（{points} 分），提示线 {k}%",
        "self-scores {share}% ({points} pts) above the team's; threshold {k}%",
    ),
    "ovx_detail_overdue": (
        "{severity}问题，期限 {deadline}，已逾期 {days} 天：{desc}",
        "{severity} finding, deadline {deadline}, {days} days overdue: {desc}",
    ),
    "ovx_detail_insufficient": (
        "数据覆盖率 {cov}%，低于 {k}%，暂不评定等级",
        "data coverage {cov}%, below {k}%: no grade",
    ),
    "ovx_freshness": ("数据更新情况", "Data freshness"),
    "ovx_col_source": ("数据来源", "Source"),
    "ovx_col_latest": ("最近更新", "Latest entry"),
    "ovx_col_records": ("记录数", "Records"),
    "ovx_src_scores": ("评分录入", "Scores entered"),
    "ovx_src_ratings": ("外部评价", "External ratings"),
    "ovx_src_surveys": ("问卷导入（文件数）", "Survey imports (files)"),
    "ovx_src_findings": ("问题登记", "Findings recorded"),
    "ovx_src_rectifications": ("整改进展记录", "Rectification updates"),
    "ovx_own_scores": ("本单位评分", "Our scores"),
    "ovx_composite": ("综合得分", "Composite score"),
    "ovx_grade": ("等级", "Grade"),
    "ovx_common": ("共性指标 C", "Common score C"),
    "ovx_individual": ("个性指标 X", "Individual score X"),
    "ovx_coverage": ("数据覆盖率", "Data coverage"),
    "ovx_self_gap": ("自评偏差", "Self-vs-team gap"),
    "ovx_self_gap_caption": (
        "自评减评估组，占相关指标满分",
        "self minus team, share of those indicators' maximum",
    ),
    "ovx_own_not_scored": (
        "本单位在本批次还没有评分。",
        "This agency has no scores in this round yet.",
    ),
}

_RANKING: dict[str, tuple[str, str]] = {
    "rk_heading": ("{round} · 单位评分", "{round} · Agency ranking"),
    "rk_f_type": ("单位类型", "Agency type"),
    "rk_f_nature": ("单位性质", "Nature"),
    "rk_f_grade": ("等级", "Grade"),
    "rk_f_flag": ("标记", "Flags"),
    "rk_f_all": ("全部", "All"),
    "rk_col_rank": ("名次", "Rank"),
    "rk_col_change": ("较上批次", "vs previous"),
    "rk_col_type": ("类型", "Type"),
    "rk_col_nature": ("性质", "Nature"),
    "rk_col_composite": ("综合得分", "Composite"),
    "rk_col_common": ("共性 C", "Common C"),
    "rk_col_individual": ("个性 X", "Individual X"),
    "rk_col_grade": ("等级", "Grade"),
    "rk_col_coverage": ("覆盖率", "Coverage"),
    "rk_col_flags": ("标记", "Flags"),
    "rk_help_subtotals": (
        "各来源末级指标得分之和（未折算）；扣分为问题扣减的分数。",
        "Sum of the leaf points from each source (before re-scaling); "
        "deducted = points taken off for findings.",
    ),
    "rk_up": ("↑{n}", "↑{n}"),
    "rk_down": ("↓{n}", "↓{n}"),
    "rk_same": ("持平", "same"),
    "rk_new": ("新参评", "new"),
    "rk_count": (
        "显示 {shown} / {total} 家单位。选中一行即打开该单位画像。",
        "Showing {shown} of {total} agencies. Select a row to open the agency's profile.",
    ),
    "rk_selected": ("已选单位：{name}", "Selected: {name}"),
    "rk_empty_filter": ("没有符合筛选条件的单位。", "No agency matches these filters."),
    "rk_sens_stable": (
        "**名次稳健性**：任一一级指标的权重上下浮动 {step}% 时，{m} 家有等级单位的名次全部不变。",
        "**Rank robustness**: when any level-1 weight moves ±{step}%, all {m} graded "
        "agencies keep their rank.",
    ),
    "rk_sens_some": (
        "**名次稳健性**：任一一级指标的权重上下浮动 {step}% 时，{m} 家有等级单位中 "
        "{kept} 家名次不变，{changed} 家会变化（最多变动 {shift} 位）。",
        "**Rank robustness**: when any level-1 weight moves ±{step}%, {kept} of {m} "
        "graded agencies keep their rank; {changed} change (by at most {shift}).",
    ),
    "rk_sens_details": ("名次会变化的单位", "Agencies whose rank can change"),
    "rk_sens_range": ("可能名次", "Possible ranks"),
    "rk_sens_scenarios": ("引起变化的情景", "Scenarios that move it"),
}

_METHOD: dict[str, tuple[str, str]] = {
    "md_heading": ("{round} · 方法说明", "{round} · Methodology"),
    "md_frozen": (
        "本批次已完成，以下为其冻结的计分参数。",
        "This round is completed: these are its frozen scoring parameters.",
    ),
    "md_open": (
        "本批次状态为“{status}”，以下为当前生效的计分参数，管理员仍可调整。",
        "This round is “{status}”: these are the scoring parameters now in force; an "
        "administrator may still change them.",
    ),
    "md_custom": (
        "本批次有 {n} 项参数与系统默认值不同，见页末对照表。",
        "{n} parameter(s) of this round differ from the defaults; see the table at the end.",
    ),
    "md_system_title": ("评估体系：“1+X”", "The “1+X” system"),
    "md_system": (
        "综合得分由共性指标（满分 {root} 分）和个性指标（按单位类型设置，每项 0–100 分）构成：\n\n"
        "**综合得分 = {wc} × 共性得分 C + {wi} × 个性得分 X**\n\n"
        "单位没有个性指标数据时，综合得分 = C。评估程序：单位自评 → 实地跟评 → 外部评价 → 民意测评。"
        "所有计算保留全部精度，仅在显示时四舍五入保留一位小数。",
        "The composite combines the common indicators (out of {root} points) and the individual "
        "indicators (set per agency type, each scored 0–100):\n\n"
        "**composite = {wc} × common score C + {wi} × individual score X**\n\n"
        "Where an agency has no individual-indicator data, composite = C. The procedure: "
        "self-evaluation → on-site evaluation → external evaluation → surveys. Everything is "
        "computed at full precision and rounded half-up to one decimal only for display.",
    ),
    "md_tree_title": ("共性指标体系（{n} 个末级指标）", "Common indicators ({n} leaf indicators)"),
    "md_col_code": ("代码", "Code"),
    "md_col_indicator": ("指标", "Indicator"),
    "md_col_points": ("分值", "Points"),
    "md_col_source": ("数据来源", "Data source"),
    "md_col_eval": ("评估要点", "Evaluation point"),
    "md_col_method": ("评估方法", "Method"),
    "md_leaf_title": ("末级指标如何得分", "How a leaf indicator is scored"),
    "md_leaf_team": (
        "**评估组评分**：评估组对照评估要点打分（0 至该指标满分）。单位自评分与之并列"
        "保存，不计入综合得分，只用于计算自评偏差。",
        "**Team score**: the evaluation team scores against the evaluation point "
        "(0 to the leaf's maximum). The agency's self-score is stored beside it; it "
        "never enters the composite and only feeds the self-vs-team gap.",
    ),
    "md_leaf_external": (
        "**外部评价**：满分 × 该单位在所列事项上全部评价的平均分值，分值如下表。",
        "**External rating**: maximum × the mean value of all the agency's "
        "ratings on the listed matters, with the values below.",
    ),
    "md_leaf_survey": (
        "**民意测评**：满分 × 满意度指数 SI ÷ 100；有效问卷少于 {min_n} 份时该指标缺失。",
        "**Survey**: maximum × satisfaction index SI ÷ 100; missing when the "
        "questionnaire has fewer than {min_n} valid responses.",
    ),
    "md_leaf_deduct": (
        "**扣分项**：满分减去本批次指向该指标的问题的扣分之和，最低 0 分；没有此类"
        "问题得满分。扣分值如下表。",
        "**Deduction**: maximum minus the severity points of the round's findings "
        "that name this leaf, never below 0; full marks without such a finding. "
        "Severity points below.",
    ),
    "md_leaf_usage": (
        "**编制使用率** u = 实有人数 ÷ 核定编制（行政、事业、工勤合计）：{lo} ≤ u ≤ "
        "{hi} 得满分；u > {hi}（超编）得 0 分；u < {lo} 时，从 {lo} 处的满分线性"
        "降到 {zero} 处的 0 分。",
        "**Staffing usage rate** u = actual headcount ÷ authorized posts (all "
        "types): full marks for {lo} ≤ u ≤ {hi}; 0 for u > {hi} (over-staffed); "
        "below {lo}, linear from full marks at {lo} to 0 at {zero}.",
    ),
    "md_leaf_peer": (
        "**同类对标**（每万常住人口编制数；人均业务量）：x 与省内其他城市同类机构"
        "中位数 m 比较（至少 {k} 个城市，否则缺失），d = |x ÷ m − 1|：d ≤ {full}% "
        "得满分，d ≥ {zero}% 得 0 分，其间线性。",
        "**Peer comparison** (posts per 10,000 residents; workload per staff "
        "member): x against the median m of the same agency type in the province's "
        "other cities (at least {k} cities, else missing), d = |x ÷ m − 1|: full "
        "marks for d ≤ {full}%, 0 for d ≥ {zero}%, linear between.",
    ),
    "md_col_rating": ("评价", "Rating"),
    "md_col_value": ("分值", "Value"),
    "md_col_severity": ("问题严重程度", "Severity"),
    "md_col_deduct_points": ("扣分", "Points deducted"),
    "md_agg_title": ("汇总、缺失数据与覆盖率", "Adding up, missing data and coverage"),
    "md_agg": (
        "分数沿指标树逐级相加。有末级指标缺失时，每个节点只在有数据的子指标上折算："
        "节点得分 = 有数据子指标得分之和 ÷ 其满分之和 × 节点满分；没有任何有数据子指标的"
        "节点视为缺失。**数据覆盖率** = 有数据末级指标的满分之和 ÷ {root}。",
        "Points add up the tree. Where leaves are missing, each node is re-scaled over "
        "the children that have data: node score = Σ present children's points ÷ Σ "
        "their maximum × node maximum; a node with no present child is missing. "
        "**Coverage** = Σ maximum of the present leaves ÷ {root}.",
    ),
    "md_grade_title": ("等级与名次", "Grades and ranks"),
    "md_grade": (
        "数据覆盖率低于 {cov}% 的单位不评等级，显示为“{na}”，也不参加排名。名次按综合得分"
        "从高到低排列，得分相同的单位名次相同（如 1、2、2、4）。",
        "An agency with coverage below {cov}% gets no grade (shown as “{na}”) and no "
        "rank. Ranks follow the composite, highest first; equal composites share a rank "
        "(1, 2, 2, 4).",
    ),
    "md_col_grade": ("等级", "Grade"),
    "md_col_bound": ("综合得分下限", "Composite at least"),
    "md_flags_title": ("自评偏差与重点监管对象", "Self-vs-team gap and key oversight targets"),
    "md_flags": (
        "**自评偏差** = Σ（自评分 − 评估组评分），只计两者都有的末级指标，并以这些指标满分之和"
        "的百分比表示；超过 {gap}% 时标记“自评偏高”。\n\n"
        "**重点监管对象**：有“{sev}”问题，或未销号问题不少于 {open} 个，或综合得分低于 "
        "{low} 分。\n\n"
        "**履职考核扣分**：当年列入监管台账的问题，按上表扣分值累加。",
        "**Self-vs-team gap** = Σ (self − team) over the leaves having both, also as a "
        "share of those leaves' maximum; above {gap}% the agency is flagged “self-rated "
        "too high”.\n\n"
        "**Key oversight target**: any “{sev}” finding, or at least {open} open "
        "findings, or a composite below {low}.\n\n"
        "**Annual-assessment deduction**: the severity points (table above) of the "
        "year's findings entered in the oversight ledger.",
    ),
    "md_survey_title": ("民意测评", "Surveys"),
    "md_survey": (
        "“不了解”和空白答案不计入任何数字。题目得分 S_j = 该题有效答案分值的平均；"
        "满意度指数 SI = Σλ_j·S_j ÷ Σλ_j（λ_j 默认为 1）；满意率 = 计入满意的答案数 ÷ "
        "全部有效答案数；95% 区间 = SI ± 1.96 × 标准差 ÷ √n。有效问卷少于 {small} 份时"
        "提示样本偏小，少于 {min_n} 份时不出结果。导入时剔除重复提交和用时少于 {fast} "
        "秒的答卷；{sl} 题及以上全部选同一答案的答卷保留，但单独统计。",
        "“Don't know” and blank answers are left out of every figure. Item score S_j "
        "= mean value of the item's valid answers; satisfaction index SI = Σλ_j·S_j ÷ "
        "Σλ_j (λ_j = 1 unless configured); satisfaction rate = satisfied answers ÷ all "
        "valid answers; 95% interval = SI ± 1.96 × sd ÷ √n. Below {small} valid "
        "responses a small-sample warning is shown; below {min_n} no figure at all. "
        "The import drops duplicate submissions and those taking under {fast} seconds; "
        "a submission giving one answer to {sl} or more items is kept but counted.",
    ),
    "md_col_answer": ("答案", "Answer"),
    "md_col_satisfied": ("计入满意率", "Counts as satisfied"),
    "md_yes": ("是", "yes"),
    "md_no": ("否", "no"),
    "md_individual_title": ("个性指标（按单位类型）", "Individual indicators (by agency type)"),
    "md_individual": (
        "每项由评估组按 0–100 分打分；个性得分 X = 有分数指标的加权平均，权重在有分数的"
        "指标之间重新归一。",
        "The team scores each 0–100; X = the weighted mean of the scored "
        "indicators, the weights re-normalised over those with a score.",
    ),
    "md_individual_none": ("本批次没有设置个性指标。", "This round has no individual indicators."),
    "md_col_type": ("单位类型", "Agency type"),
    "md_col_weight": ("相对权重", "Relative weight"),
    "md_diff_title": ("与默认值不同的参数", "Parameters that differ from the defaults"),
    "md_col_param": ("参数", "Parameter"),
    "md_col_round": ("本批次", "This round"),
    "md_col_default": ("默认值", "Default"),
}

# RoundConfig fields, for the table of parameters that differ from the defaults.
_PARAMS: dict[str, tuple[str, str]] = {
    "md_p_rating_values": ("外部评价分值", "External rating values"),
    "md_p_severity_points": ("问题扣分值", "Severity points"),
    "md_p_answer_values": ("问卷答案分值", "Survey answer values"),
    "md_p_satisfied_answers": ("计入满意率的答案", "Answers counted as satisfied"),
    "md_p_item_weights": ("问卷题目权重", "Survey item weights"),
    "md_p_weight_common": ("共性得分权重", "Weight of the common score"),
    "md_p_weight_individual": ("个性得分权重", "Weight of the individual score"),
    "md_p_grade_bands": ("等级分界", "Grade bounds"),
    "md_p_lowest_grade": ("最低等级名称", "Lowest grade label"),
    "md_p_insufficient_label": ("数据不足标签", "Insufficient-data label"),
    "md_p_min_coverage": ("评定等级的最低覆盖率", "Minimum coverage for a grade"),
    "md_p_gap_flag_share": ("自评偏高提示线", "Self-gap threshold"),
    "md_p_key_target_severity": ("重点监管：问题严重程度", "Key target: severity"),
    "md_p_key_target_open_findings": ("重点监管：未销号问题数", "Key target: open findings"),
    "md_p_key_target_composite_below": ("重点监管：综合得分低于", "Key target: composite below"),
    "md_p_survey_min_n": ("问卷最少有效份数", "Survey: minimum valid responses"),
    "md_p_survey_small_n": ("问卷小样本提示份数", "Survey: small-sample warning below"),
    "md_p_too_fast_seconds": ("答卷用时过短（秒）", "Survey: too fast (seconds)"),
    "md_p_straightline_min_items": ("同一答案判定题数", "Survey: straight-lining items"),
    "md_p_usage_full_low": ("使用率满分下限", "Usage: full marks from"),
    "md_p_usage_full_high": ("使用率满分上限", "Usage: full marks up to"),
    "md_p_usage_zero_low": ("使用率零分点", "Usage: zero at"),
    "md_p_peer_min_count": ("对标最少城市数", "Peers: minimum cities"),
    "md_p_peer_full_d": ("对标满分偏离", "Peers: full marks up to d"),
    "md_p_peer_zero_d": ("对标零分偏离", "Peers: zero from d"),
}

TEXT: dict[str, tuple[str, str]] = {
    **_PARAMS,
    **_SHARED,
    **_OVERVIEW,
    **_RANKING,
    **_METHOD,
}
