"""Strings of the agency profile (pf_) and indicator breakdown (ind_) pages: (zh, en)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    # profile: frame and agency choice
    "pf_heading": ("单位画像 · {round}", "Agency profile · {round}"),
    "pf_pick_agency": ("选择单位", "Agency"),
    "pf_own_only": (
        "您只能查看本单位的画像，已显示本单位。",
        "You can only view your own agency; your agency is shown.",
    ),
    "pf_bad_param": (
        "链接中的单位参数无效，已改为显示列表中的第一个单位。",
        "The agency in the link is not valid; the first agency is shown instead.",
    ),
    "pf_round_empty": ("本批次还没有参评单位。", "This round has no evaluated agencies yet."),
    "pf_not_in_round": (
        "{agency} 未参加「{round}」，本批次没有它的得分。可在侧栏切换评估批次。",
        "{agency} was not evaluated in “{round}”, so this round has no score "
        "for it. Choose another round in the sidebar.",
    ),
    "pf_rounds_of_agency": ("该单位参加过的评估：{rounds}", "Rounds that evaluated it: {rounds}"),
    "pf_never_evaluated": (
        "该单位尚未参加过任何一轮评估。",
        "It has not been evaluated in any round.",
    ),
    "pf_round_year": ("{year}年度", "{year}"),
    "pf_agency_title": ("{agency}（{type} · {nature}）", "{agency} ({type} · {nature})"),
    "pf_tab_scores": ("得分构成", "Score breakdown"),
    "pf_tab_ratings": ("自评·外评·测评", "Self, external & survey"),
    "pf_tab_staffing": ("编制与人员", "Staffing & personnel"),
    "pf_tab_findings": ("问题与整改", "Findings & rectification"),
    # headline
    "pf_kpi_composite": ("综合得分", "Composite"),
    "pf_kpi_common": ("共性得分 C", "Common score C"),
    "pf_kpi_individual": ("个性得分 X", "Individual score X"),
    "pf_kpi_rank": ("排名", "Rank"),
    "pf_rank_value": ("{rank} / {n}", "{rank} of {n}"),
    "pf_kpi_coverage": ("数据覆盖率", "Data coverage"),
    "pf_no_individual": ("无个性指标", "None"),
    "pf_unranked": ("无等次，不排名", "Not ranked"),
    "pf_below_min": ("低于 {min}", "Below {min}"),
    "pf_formula": (
        "综合得分 = {wc} × C + {wi} × X = {wc} × {c} + {wi} × {x} → {total}",
        "Composite = {wc} × C + {wi} × X = {wc} × {c} + {wi} × {x} → {total}",
    ),
    "pf_formula_c": (
        "该单位没有个性指标数据，综合得分 = 共性得分 C = {c}",
        "No individual-indicator data: composite = common score C = {c}",
    ),
    "pf_insufficient": (
        "数据不足：数据覆盖率 {coverage}，低于 {min}，不评定等次、不参加排名。"
        "以下 {n} 个末级指标缺少数据：",
        "Insufficient data: coverage is {coverage}, below {min}, so there is no "
        "grade and no rank. These {n} leaf indicators have no data:",
    ),
    "pf_self_overrated": (
        "自评偏高：自评比评估组评分合计高 {points} 分，占相应指标满分的 {share}"
        "（阈值 {threshold}）。",
        "Self-rating too high: self scores exceed the team's by {points} "
        "points, {share} of those indicators' maximum (threshold {threshold}).",
    ),
    "pf_key_target": ("重点监管对象：{reasons}", "Key oversight target: {reasons}"),
    # why a leaf has no data (the reasons themselves: domain.vocab.MissingReason)
    "pf_missing_suppressed": (
        "有效问卷 {n} 份，少于 5 份，不予计算",
        "{n} responses, fewer than 5: suppressed",
    ),
    # tree and inspector
    "pf_l1_title": ("一级指标得分", "Level-1 indicators"),
    "pf_tree_title": ("指标得分（综合 → 一级 → 二级 → 三级）", "Scores (composite → L1 → L2 → L3)"),
    "pf_tree_hint": (
        "点击一行或在右侧选择指标，查看它的得分来源。",
        "Click a row, or pick an indicator on the right, to see where its score comes from.",
    ),
    "pf_inspect": ("查看指标明细", "Indicator detail"),
    "pf_root_label": ("共性指标 C", "Common indicators C"),
    "pf_no_node": ("该指标不在本批次的指标体系中。", "This indicator is not in this round's tree."),
    "pf_root_rule": (
        "本单位没有个性指标，综合得分即共性得分 C。",
        "No individual indicators: the composite is the common score C.",
    ),
    "pf_root_rule_x": (
        "综合得分 = {wc} × C + {wi} × X（个性指标见下方）。",
        "Composite = {wc} × C + {wi} × X (individual indicators below).",
    ),
    "pf_rescale_rule": (
        "得分 = 有数据的下级指标得分之和 ÷ 其满分之和 × 本级满分 = "
        "{got} ÷ {top} × {max} = {points}",
        "Score = sum of the children with data ÷ their maximum × this maximum "
        "= {got} ÷ {top} × {max} = {points}",
    ),
    "pf_eval_point": ("评估要点：{text}", "Evaluation point: {text}"),
    "pf_leaf_missing": (
        "该指标没有数据（{reason}），上级指标按有数据的指标折算。",
        "No data for this indicator ({reason}); its parent is re-scaled over "
        "the indicators with data.",
    ),
    "pf_self_score": ("自评", "Self score"),
    "pf_note": ("评分说明", "Scoring note"),
    "pf_external_rule": (
        "共 {n} 条评价，平均评价值 {mean}；得分 = {max} × {mean} = {points}",
        "{n} ratings, mean value {mean}; score = {max} × {mean} = {points}",
    ),
    "pf_survey_rule": (
        "得分 = {max} × SI ÷ 100 = {max} × {si} ÷ 100 = {points}",
        "Score = {max} × SI ÷ 100 = {max} × {si} ÷ 100 = {points}",
    ),
    "pf_deduct_none": (
        "本轮没有涉及该指标的问题，得满分 {max}。",
        "No finding on this indicator this round: full marks, {max}.",
    ),
    "pf_deduct_rule": (
        "得分 = {max} − 扣分合计 {sev}（最低 0）= {points}",
        "Score = {max} − deductions {sev} (not below 0) = {points}",
    ),
    "pf_usage_rule": (
        "编制使用率 u = 实有人数 ÷ 核定编制 = {u}。{low}–{high} 得满分；超过 {high}"
        " 得 0 分（超编）；低于 {low} 时线性递减，{zero} 及以下为 0。",
        "Usage u = actual headcount ÷ authorized posts = {u}. Full marks for "
        "{low}–{high}; 0 above {high} (over-staffed); below {low} falling "
        "linearly to 0 at {zero}.",
    ),
    "pf_peer_measure": ("比较口径", "Measure"),
    "pf_measure_per10k": ("每万常住人口编制数", "Authorized posts per 10,000 residents"),
    "pf_measure_per_staff": ("人均业务量（{metric}）", "Workload per staff member ({metric})"),
    "pf_peer_own": ("本单位数值 x", "This agency, x"),
    "pf_peer_median": ("同类机构中位数 m", "Peer median m"),
    "pf_peer_d": ("偏离 d = |x ÷ m − 1|", "Deviation d = |x ÷ m − 1|"),
    "pf_peer_n": ("可比城市数", "Peer cities"),
    "pf_population": ("本市常住人口（万人）", "Home population (10k)"),
    "pf_workload_value": ("本单位业务量", "This agency's workload"),
    "pf_peer_rule": (
        "d ≤ {full} 得满分，d ≥ {zero} 得 0 分，其间线性；可比城市少于 {min} 个时不计分。",
        "Full marks for d ≤ {full}, 0 for d ≥ {zero}, linear between; no score "
        "with fewer than {min} peer cities.",
    ),
    "pf_peers_used": ("参与比较的 {n} 个城市", "The {n} peer cities used"),
    "pf_individual_title": ("个性指标（X）", "Individual indicators (X)"),
    "pf_x_rule": (
        "X = Σ 权重 × 评估组得分 ÷ Σ 权重（仅计有得分的指标）= {x}",
        "X = Σ weight × team score ÷ Σ weight (indicators with a score) = {x}",
    ),
    # change since the previous round
    "pf_change_title": (
        "较上一轮变化（共性得分 C，按一级指标）",
        "Change since the previous round (common score C by L1)",
    ),
    "pf_no_previous": (
        "该单位此前没有参加评估，暂无对比。",
        "The agency was not evaluated before this round: nothing to compare.",
    ),
    "pf_rescale_step": ("折算", "Re-scaling"),
    "pf_change_caption": (
        "{year}年度综合得分 {prev} → 本轮 {cur}",
        "Composite {prev} in {year} → {cur} this round",
    ),
    # ratings and surveys
    "pf_self_team_title": ("自评与评估组评分", "Self vs team scores"),
    "pf_gap_caption": (
        "自评 − 评估组 = {points} 分，占相应指标满分的 {share}（超过 {threshold} "
        "即标记为自评偏高）。",
        "Self − team = {points} points, {share} of those indicators' maximum "
        "(above {threshold} is flagged as self-rating too high).",
    ),
    "pf_no_self_scores": (
        "本轮没有同时具备自评和评估组评分的指标。",
        "No indicator has both a self and a team score this round.",
    ),
    "pf_external_title": ("外部评价（按事项）", "External ratings by matter"),
    "pf_no_ratings": (
        "本轮没有对该单位的外部评价。",
        "No external ratings of this agency this round.",
    ),
    "pf_external_leaf": (
        "{code} {points}/{max}（平均评价值 {mean}）",
        "{code} {points}/{max} (mean value {mean})",
    ),
    "pf_sep": ("；", "; "),
    "pf_surveys_title": ("民意测评", "Surveys"),
    "pf_survey_si": ("满意度指数 SI", "Satisfaction index SI"),
    "pf_survey_n": ("有效问卷 n", "Responses n"),
    "pf_survey_n_label": ("有效问卷 n", "Responses n"),
    "pf_survey_caption": ("95% 区间 {ci} · 满意率 {rate}", "95% interval {ci} · satisfied {rate}"),
    "pf_survey_small": (
        "样本较小：n = {n}，少于 30 份，结果仅供参考。",
        "Small sample: n = {n}, under 30 responses; read with care.",
    ),
    "pf_survey_suppressed": (
        "{q}：有效问卷仅 {n} 份，少于 5 份，不显示结果，也不计入得分。",
        "{q}: only {n} responses, fewer than 5 — no figure is shown and "
        "it does not count in the score.",
    ),
    "pf_survey_none": ("{q}：本轮没有有效问卷。", "{q}: no responses this round."),
    "pf_ci": ("95% 区间", "95% interval"),
    "pf_satisfaction_rate": ("满意率", "Satisfaction rate"),
    # staffing
    "pf_staffing_title": (
        "编制与实有人数（历年）",
        "Authorized posts and headcount over the years",
    ),
    "pf_no_staffing": ("没有该单位的编制台账数据。", "No staffing records for this agency."),
    "pf_staffing_caption": (
        "实线为实有人数，虚线为核定编制；竖直虚线和三角标记为历史沿革事件（悬停查看）。",
        "Solid lines: actual headcount; dashed lines: authorized posts. "
        "Vertical dotted lines and triangles mark history events (hover "
        "for details).",
    ),
    "pf_staffing_table": ("编制台账明细", "Staffing records"),
    "pf_events_caption": ("历史沿革", "History events"),
    "pf_authorized": ("核定编制", "Authorized"),
    "pf_actual": ("实有人数", "Actual"),
    "pf_total": ("合计", "Total"),
    "pf_leader_posts": ("领导职数 核定/实配", "Leadership posts authorized/filled"),
    "pf_sections": ("内设机构数", "Internal sections"),
    "pf_workload_title": (
        "业务量与人员（以首年为 100）",
        "Workload against headcount (first year = 100)",
    ),
    "pf_workload_caption": (
        "业务量和实有人数均以首年为 100 换算，便于比较增长快慢；悬停可见原始数值。",
        "Workload and headcount are indexed to their first year (= 100) so "
        "their growth can be compared; hover for the raw figures.",
    ),
    "pf_workload_table": ("业务量明细", "Workload figures"),
    "pf_no_workload": ("没有该单位的业务量数据。", "No workload figures for this agency."),
    "pf_headcount": ("实有人数", "Headcount"),
    "pf_assessment": ("履职考核等次", "Annual assessment"),
    "pf_personnel_title": ("人员结构", "Personnel structure"),
    "pf_no_personnel": ("没有该单位的人员结构数据。", "No personnel figures for this agency."),
    "pf_age": ("年龄", "Age"),
    "pf_edu": ("学历", "Education"),
    "pf_age_35_below": ("35岁及以下", "35 and under"),
    "pf_age_36_45": ("36–45岁", "36–45"),
    "pf_age_46_55": ("46–55岁", "46–55"),
    "pf_age_56_above": ("56岁及以上", "56 and over"),
    "pf_edu_postgrad": ("研究生", "Postgraduate"),
    "pf_edu_bachelor": ("本科", "Bachelor"),
    "pf_edu_college_below": ("专科及以下", "College or below"),
    "pf_retire_title": (
        "{start}–{end} 年预计退休与计划进人",
        "Expected retirements and planned hires, {start}–{end}",
    ),
    "pf_no_plan": ("没有退休预测或用编进人规划。", "No retirement forecast or hiring plan."),
    "pf_retirements": ("预计退休", "Retirements"),
    "pf_hires": ("计划进人", "Planned hires"),
    "pf_hires_of": ("计划进人·{post}", "Hires · {post}"),
    "pf_retire_caption": (
        "五年合计：预计退休 {retire} 人，计划进人 {hires} 人。",
        "Five years in all: {retire} retirements, {hires} planned hires.",
    ),
    # findings
    "pf_no_findings": ("本轮没有该单位的问题。", "No findings for this agency this round."),
    "pf_kpi_findings": ("问题数", "Findings"),
    "pf_kpi_open": ("未销号", "Open"),
    "pf_no_rectification": ("未下发整改", "No rectification issued"),
    "pf_closed_on": ("{state}（{date}）", "{state} ({date})"),
    "pf_overdue_rule": (
        "逾期：整改期限已过（今天 {today}）且尚未销号。",
        "Overdue: the deadline has passed (today is {today}) and the item is not closed.",
    ),
    "pf_yes": ("是", "Yes"),
    "pf_no": ("否", "No"),
    # axes and columns
    "pf_axis_points": ("得分", "Points"),
    "pf_axis_common": ("共性得分 C", "Common score C"),
    "pf_axis_share": ("得分率", "Share of maximum"),
    "pf_axis_count": ("评价数", "Ratings"),
    "pf_axis_posts": ("人数", "Posts / people"),
    "pf_axis_index": ("指数（首年=100）", "Index (first year = 100)"),
    "pf_axis_people": ("人数", "People"),
    "pf_col_item": ("项目", "Item"),
    "pf_col_value": ("数值", "Value"),
    "pf_col_code": ("代码", "Code"),
    "pf_col_indicator": ("指标", "Indicator"),
    "pf_col_points": ("得分", "Points"),
    "pf_col_max": ("满分", "Maximum"),
    "pf_col_share": ("得分率", "Share"),
    "pf_col_source": ("数据来源", "Source"),
    "pf_col_reason": ("原因", "Reason"),
    "pf_col_matter": ("事项", "Matter"),
    "pf_col_questionnaire": ("问卷", "Questionnaire"),
    "pf_col_finding": ("问题", "Finding"),
    "pf_col_severity": ("严重程度", "Severity"),
    "pf_col_deduct": ("扣分", "Deduction"),
    "pf_col_post": ("编制类型", "Post type"),
    "pf_col_city": ("城市", "City"),
    "pf_col_weight": ("权重", "Weight"),
    "pf_col_weight_share": ("折算权重", "Weight share"),
    "pf_col_team": ("评估组得分", "Team score"),
    "pf_col_self": ("自评", "Self score"),
    "pf_col_year": ("年份", "Year"),
    "pf_col_post_type": ("编制类型", "Post type"),
    "pf_col_measure": ("口径", "Measure"),
    "pf_col_date": ("日期", "Date"),
    "pf_col_kind": ("类别", "Kind"),
    "pf_col_description": ("内容", "Description"),
    "pf_col_doc_no": ("文号", "Document no."),
    "pf_col_category": ("问题类别", "Category"),
    "pf_col_found_by": ("发现途径", "Found by"),
    "pf_col_ledger": ("监管台账", "In ledger"),
    "pf_col_state": ("整改状态", "Rectification"),
    "pf_col_deadline": ("整改期限", "Deadline"),
    # indicator breakdown
    "ind_heading": ("指标分析 · {round}", "Indicator breakdown · {round}"),
    "ind_empty": ("本批次还没有参评单位。", "This round has no evaluated agencies yet."),
    "ind_level": ("指标层级", "Indicator level"),
    "ind_level_1": ("一级指标", "Level 1"),
    "ind_level_2": ("二级指标", "Level 2"),
    "ind_level_3": ("三级指标", "Level 3"),
    "ind_heatmap_title": ("各单位指标得分率", "Share of maximum by agency and indicator"),
    "ind_heatmap_hint": (
        "单位按综合得分从高到低排列；点击一个格子（或在下方选择单位和指标）查看其得分来源。"
        "灰色表示没有数据。",
        "Agencies are ordered by composite, highest first. Click a cell (or "
        "pick an agency and an indicator below) to see where its score comes "
        "from. Grey means no data.",
    ),
    "ind_pick_agency": ("单位", "Agency"),
    "ind_pick_indicator": ("指标", "Indicator"),
    "ind_weakest_title": ("最薄弱的指标", "Weakest indicators"),
    "ind_t_mean": ("平均得分率", "Mean share"),
    "ind_t_min": ("最低", "Lowest"),
    "ind_t_low": ("低于60%的单位", "Agencies under 60%"),
    "ind_weakest_caption": (
        "按各单位平均得分率从低到高，取最低的 5 项；只计有数据的单位。",
        "The five indicators with the lowest mean share of maximum over the agencies with data.",
    ),
    "ind_spread_title": ("各指标得分率分布", "Spread of each indicator"),
    "ind_individual_title": ("个性指标（按单位类型）", "Individual indicators by agency type"),
    "ind_no_individual": ("本批次没有个性指标得分。", "No individual-indicator scores this round."),
    "ind_pick_type": ("单位类型", "Agency type"),
    "ind_t_agency": ("单位", "Agency"),
    "ind_t_code": ("代码", "Code"),
    "ind_t_indicator": ("指标", "Indicator"),
    "ind_t_points": ("得分", "Points"),
    "ind_t_share": ("得分率", "Share of maximum"),
    "ind_t_score": ("得分（0–100）", "Score (0–100)"),
    "ind_t_weight": ("权重", "Weight"),
    "ind_t_self": ("自评", "Self score"),
}
