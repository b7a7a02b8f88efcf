"""Strings of peer comparison (横向对比, pe_), staffing over time (编制与用编, sh_) and the
peers import (imp_peer_)."""

from __future__ import annotations

__all__ = ["TEXT"]

_IMPORT: dict[str, tuple[str, str]] = {
    "imp_peer_home_city": (
        "“{city}”是本市：本市数据来自编制台账和工作量",
        "“{city}” is the home city: its figures come from Staffing and Workload",
    ),
    "imp_peer_unknown_type": (
        "单位类型“{value}”不在单位名录中{hint}",
        "agency type “{value}” is not in the registry{hint}",
    ),
    "imp_peer_metric": (
        "“{type}”的主要工作量指标是“{primary}”，不是“{metric}”",
        "the primary workload metric of “{type}” is “{primary}”, not “{metric}”",
    ),
    "imp_peer_no_values": (
        "除城市、类型和年度外没有填写任何数值",
        "no values besides the city, the type and the year",
    ),
}

_PEERS: dict[str, tuple[str, str]] = {
    "page_peers": ("横向对比", "Peer comparison"),
    "pe_heading": ("横向对比：省内同类机构", "Peer comparison: the same agency in other cities"),
    "pe_intro": (
        "同一类型机构在全省各设区市的编制、实有人数、内设机构、人口与主要工作量；对数坐标下的"
        "最小二乘拟合线只用其他城市的数据，本市的“预期编制”是由同类城市推算的。",
        "The same agency type across the province's cities: posts, headcount, sections, "
        "population and primary workload. The least-squares line on log–log axes is fitted "
        "over the other cities only, so the home agency's expected posts is a prediction "
        "from its peers.",
    ),
    "pe_empty": (
        "还没有同类机构数据：请先在“数据导入”中导入“同类机构（外市）”。",
        "No peer figures yet: import “Peer cities” on the Data import page first.",
    ),
    "pe_filter_type": ("单位类型", "Agency type"),
    "pe_filter_year": ("年度", "Year"),
    "pe_filter_agency": ("单位", "Agency"),
    "pe_home_label": ("{city}（本市）", "{city} (home)"),
    "pe_kpi_authorized": ("本单位编制数", "Posts"),
    "pe_kpi_expected": ("预期编制数", "Expected"),
    "pe_kpi_residual": ("偏离（名）", "Residual"),
    "pe_kpi_residual_pct": ("相对预期 {pct}", "{pct} of expected"),
    "pe_kpi_per_10k": ("每万人编制", "Per 10k residents"),
    "pe_fit_caption": (
        "对数拟合：斜率 {slope}，R² {r2}，n = {n}",
        "log–log fit: slope {slope}, R² {r2}, n = {n}",
    ),
    "pe_fit_none": (
        "可用于拟合的城市仅 {n} 个（少于 3 个），不计算预期编制",
        "only {n} cities can enter the fit (fewer than 3): no expected posts",
    ),
    "pe_small_fit": (
        "注意：拟合只用了 {n} 个城市（少于 5 个），预期编制仅供参考。",
        "Note: the line rests on {n} cities only (fewer than 5); read the expected posts "
        "with care.",
    ),
    "pe_chart_title": ("编制数与工作量（对数坐标）", "Posts against workload (log–log)"),
    "pe_chart_caption": (
        "◆ 本市；● 参与拟合的城市；灰色为未参与拟合的城市；虚线为最小二乘拟合线。",
        "◆ home city; ● cities in the fit; grey: cities left out; dashed: the least-squares line.",
    ),
    "pe_axis_workload": ("工作量：{metric}", "Workload: {metric}"),
    "pe_axis_posts": ("编制数", "Authorized posts"),
    "pe_cities_title": ("各市数据", "Every city"),
    "pe_standing_title": ("本市位次与中位数距离", "Home rank and distance from the median"),
    "pe_leaves_title": ("本批次相关指标得分", "How the round scored these figures"),
    "pe_leaves_caption": (
        "{round}中读取这些数据的指标。",
        "The leaves of {round} that read these figures.",
    ),
    "pe_leaves_other_year": (
        "所选年度不是本批次的评估年度（{year}），得分见该年度。",
        "The year chosen is not the round's year ({year}); its scores use that year.",
    ),
    "pe_leaf_usage": ("编制使用率 {u}", "usage rate {u}"),
    "pe_leaf_peer": (
        "本市 {x}，同类中位数 {median}，偏离 {d}（{n} 个城市）",
        "home {x}, peer median {median}, off by {d} ({n} cities)",
    ),
    "pe_leaf_missing": (
        "同类城市 {n} 个，数据不足，不计分",
        "{n} peer cities: too few, not scored",
    ),
    "pe_excluded_title": ("未参与拟合的城市", "Cities left out of the fit"),
    "pe_none_excluded": ("所有城市都参与了拟合。", "Every city is in the fit."),
    "pe_province_title": ("全市各单位偏离情况", "Every agency of the home city"),
    "pe_province_caption": (
        "{city}每个参评单位与本类型拟合线的偏离（{year} 年），从超出最多到低于最多排序。",
        "Each evaluated agency of {city} against its type's line ({year}), from most above "
        "to most below.",
    ),
    "pe_reason_no_report": ("该年度未报送数据", "no figures reported for the year"),
    "pe_reason_no_posts": ("无编制数据", "no posts reported"),
    "pe_reason_no_population": ("无人口数据", "no population"),
    "pe_reason_no_workload": ("无工作量数据", "no workload reported"),
    "pe_reason_zero_workload": ("工作量为 0", "zero workload"),
    "pe_reason_too_few": ("可拟合城市少于 3 个，未拟合", "fewer than 3 cities qualify: no line"),
    "pe_reason_same_workload": (
        "各市工作量相同，无法拟合",
        "every city has the same workload: no line",
    ),
    "pe_reason_home": ("本市（由拟合线推算）", "home city (predicted from the line)"),
    "pe_rank_of": ("第 {rank} / {n}", "{rank} of {n}"),
    "pe_col_city": ("城市", "City"),
    "pe_col_xz": ("行政编制", "Administrative"),
    "pe_col_sy": ("事业编制", "Public institution"),
    "pe_col_gq": ("工勤编制", "Logistics"),
    "pe_col_authorized": ("编制合计", "Authorized"),
    "pe_col_actual": ("实有人数", "Actual"),
    "pe_col_sections": ("内设机构", "Sections"),
    "pe_col_population": ("常住人口（万）", "Population (10k)"),
    "pe_col_workload": ("主要工作量", "Primary workload"),
    "pe_col_per_10k": ("每万人编制", "Posts per 10k"),
    "pe_col_per_staff": ("人均工作量", "Workload per staff"),
    "pe_col_expected": ("预期编制", "Expected posts"),
    "pe_col_residual": ("偏离（名）", "Residual"),
    "pe_col_residual_pct": ("偏离（%）", "Residual %"),
    "pe_col_in_fit": ("参与拟合", "In the fit"),
    "pe_col_measure": ("指标", "Measure"),
    "pe_col_home": ("本市", "Home"),
    "pe_col_rank": ("位次", "Rank"),
    "pe_col_median": ("同类中位数", "Peer median"),
    "pe_col_distance": ("距中位数", "From the median"),
    "pe_col_code": ("代码", "Code"),
    "pe_col_indicator": ("指标", "Indicator"),
    "pe_col_points": ("得分", "Points"),
    "pe_col_max": ("满分", "Max"),
    "pe_col_basis": ("依据", "Basis"),
    "pe_col_reason": ("原因", "Reason"),
    "pe_col_agency": ("单位", "Agency"),
    "pe_col_type": ("类型", "Type"),
    "pe_col_r2": ("R²", "R²"),
    "pe_col_n": ("城市数", "Cities"),
}

_STAFFING: dict[str, tuple[str, str]] = {
    "page_staffing": ("编制与用编", "Staffing over time"),
    "stf_heading": ("编制与用编（纵向）", "Staffing over time"),
    "stf_intro": (
        "截至 {year} 年的各年度数据；历史沿革事件以竖线标在时间轴上。",
        "Every year up to {year}; history events are marked on the time axis.",
    ),
    "stf_leaders_title": ("领导职数：核定与实配", "Leadership posts: authorized and filled"),
    "stf_leaders_authorized": ("核定", "Authorized"),
    "stf_leaders_filled": ("实配", "Filled"),
    "stf_axis_leaders": ("职数", "Posts"),
    "stf_workload_caption": (
        "上方为当年履职考核等次，竖线为历史沿革事件。",
        "The year's assessment grade is written above; history events are vertical lines.",
    ),
    "stf_no_events": ("没有历史沿革记录。", "No history events recorded."),
    "stf_profile_link": (
        "编制、领导职数、工作量的历年变化和退休与进人规划见“编制与用编”页。",
        "Posts, leadership posts and workload over the years, and retirements against "
        "planned hires, are on the Staffing over time page.",
    ),
}

TEXT: dict[str, tuple[str, str]] = {**_IMPORT, **_PEERS, **_STAFFING}
