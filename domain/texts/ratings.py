"""Strings of external ratings (外部评价): the ``ratings`` import (rt_ import messages), the
page (rt_), the export and the round setting ``ratings_raters_named``."""

from __future__ import annotations

__all__ = ["TEXT"]

_IMPORT: dict[str, tuple[str, str]] = {
    "xr_unknown_rater": (
        "评价单位“{value}”不是已知的评价部门或开发区{hint}",
        "rater “{value}” is not a known rating department or development zone{hint}",
    ),
    "xr_unknown_matter": (
        "评价事项“{value}”不是本批次评价的事项{hint}",
        "matter “{value}” is not a matter this round rates{hint}",
    ),
    "xr_bad_level": (
        "评价等次“{value}”不是 {levels} 之一",
        "rating “{value}” is not one of {levels}",
    ),
    "xr_self_rating": (
        "“{rater}”不能评价本单位",
        "“{rater}” cannot rate itself",
    ),
    "xr_matrix_cell": (
        "工作表“{sheet}” {cell} 单元格：{message}",
        "Sheet “{sheet}”, cell {cell}: {message}",
    ),
    "xr_matrix_sheet": (
        "工作表“{sheet}”（工作表名称即评价事项）：{message}",
        "Sheet “{sheet}” (the sheet's name is the matter): {message}",
    ),
    "xr_no_agency": (
        "该列有评价等次，但第一行没有被评价单位",
        "this column holds ratings but its first row names no agency",
    ),
    "xr_no_rater": (
        "该行有评价等次，但第一列没有评价单位",
        "this row holds ratings but its first column names no rater",
    ),
    "xr_matrix_twice": (
        "同一评价单位对同一单位、同一事项重复评价（另见 {other}）",
        "the same rater rates the same agency and matter twice (see also {other})",
    ),
}

_ROUND: dict[str, tuple[str, str]] = {
    "md_p_ratings_raters_named": (
        "外部评价：向评估对象显示评价单位名称",
        "External ratings: raters named to agencies",
    ),
    "xr_visibility_set": (
        "{year} 年批次：评估对象查看外部评价时，评价单位{mode}",
        "Round {year}: agencies see the raters of their external ratings {mode}",
    ),
    "xr_visibility_named": ("显示名称", "by name"),
    "xr_visibility_anonymous": ("匿名显示（评价单位 1、2……）", "anonymously (rater 1, 2, …)"),
}

_PAGE: dict[str, tuple[str, str]] = {
    "page_ratings": ("外部评价", "External ratings"),
    "xr_heading": ("外部评价：{round}", "External ratings: {round}"),
    "xr_intro": (
        "18 个市直部门和 2 个开发区对各单位的评价（好 / 较好 / 一般）。得分为按本批次等次赋值"
        "（默认 好 1.0、较好 0.8、一般 0.6）计算的平均值；共性指标中外部评价类末级指标的得分"
        "= 分值 × 该平均值。",
        "Ratings of each agency by 18 municipal departments and 2 development zones (good / "
        "fairly good / average). The score is the mean of the round's level values (by default "
        "good 1.0, fairly good 0.8, average 0.6); an external leaf of the common tree scores "
        "its maximum × that mean.",
    ),
    "xr_empty": (
        "本批次还没有外部评价：请在“数据导入”中导入“外部评价”。",
        "No external ratings in this round yet: import “External ratings” on the Data import page.",
    ),
    "xr_filter_agency": ("单位", "Agency"),
    "xr_filter_all_agencies": ("全部单位", "All agencies"),
    "xr_filter_matter": ("评价事项", "Matter"),
    "xr_filter_all_matters": ("全部事项", "All matters"),
    "xr_search": ("搜索存在问题", "Search the problems noted"),
    "xr_search_help": (
        "在问题、评价单位、被评价单位和事项中查找（不区分大小写）",
        "looks in the problem, the rater, the agency and the matter (any case)",
    ),
    "xr_kpi_ratings": ("评价条数", "Ratings"),
    "xr_kpi_raters": ("评价单位数", "Raters"),
    "xr_kpi_agencies": ("被评价单位数", "Agencies rated"),
    "xr_kpi_mean": ("平均得分率", "Mean score"),
    "xr_summary_title": ("各单位各事项的评价", "Ratings per agency and matter"),
    "xr_summary_caption": (
        "选中一行即列出其背后的每一条评价。",
        "Select a row to list every rating behind it.",
    ),
    "xr_behind_title": (
        "{agency} · {matter}：{n} 条评价",
        "{agency} · {matter}: {n} ratings",
    ),
    "xr_col_agency": ("被评价单位", "Agency"),
    "xr_col_matter": ("评价事项", "Matter"),
    "xr_col_rater": ("评价单位", "Rater"),
    "xr_col_rating": ("评价等次", "Rating"),
    "xr_col_value": ("赋值", "Value"),
    "xr_col_problems": ("存在问题", "Problems noted"),
    "xr_col_raters": ("评价数", "Ratings"),
    "xr_col_score": ("得分率", "Score"),
    "xr_col_score_help": (
        "各条评价赋值的平均值（好 1.0、较好 0.8、一般 0.6，可按批次配置）",
        "the mean of the ratings' values (good 1.0, fairly good 0.8, average 0.6; per round)",
    ),
    "xr_heat_title": ("评价单位 × 被评价单位", "Rater × agency"),
    "xr_heat_mean": ("平均赋值", "Mean value"),
    "xr_heat_n": ("评价条数", "Ratings"),
    "xr_heat_caption": (
        "每格为该评价单位对该单位（所选事项）评价的平均赋值；整行偏红或偏绿的评价单位明显偏严或偏宽。",
        "Each cell is the rater's mean value for the agency (over the matters shown); a row "
        "much redder or greener than the others is a stricter or more lenient rater.",
    ),
    "xr_heat_outlier": (
        "与其他评价单位差别最大的是“{rater}”：{n} 条评价平均 {mean}，其余评价平均 {others}。",
        "The rater farthest from the others is “{rater}”: a mean of {mean} over {n} ratings, "
        "against {others} for all other ratings.",
    ),
    "xr_problems_title": ("评价单位指出的问题", "Problems raters noted"),
    "xr_problems_none": ("没有符合条件的问题。", "No problem noted matches."),
    "xr_problems_count": ("共 {n} 条", "{n} in all"),
    "xr_anonymous_note": (
        "评价单位按本批次设置匿名显示。",
        "The raters are shown anonymously, as this round is set.",
    ),
    "xr_rater_anon": ("评价单位 {n}", "Rater {n}"),
    "xr_to_profile": ("单位画像：{agency}", "Agency profile: {agency}"),
    "xr_download": ("下载 CSV", "Download CSV"),
    "xr_from_profile": ("外部评价明细", "External ratings in detail"),
}

TEXT: dict[str, tuple[str, str]] = {**_IMPORT, **_ROUND, **_PAGE}
