"""Strings of the export controls every table and chart carries (exp_), the header block of
an exported file, and the presentation polish of the ranking (rkp_) and the indicator
heatmap (indp_)."""

from __future__ import annotations

__all__ = ["TEXT"]

_EXPORTS: dict[str, tuple[str, str]] = {
    "exp_csv": ("下载 CSV", "Download CSV"),
    "exp_xlsx": ("下载 Excel", "Download Excel"),
    "exp_png": ("下载图片", "Download PNG"),
    "exp_csv_help": (
        "下载本表（CSV，UTF-8 带 BOM，Excel 可直接打开；首行为筛选条件、批次、数据时间和导出人）",
        "Download this table (CSV, UTF-8 with BOM, opens in Excel; the first line names the "
        "filters, round, as-of time and user)",
    ),
    "exp_xlsx_help": (
        "下载本表（Excel 工作簿：表头注明标题、批次、筛选条件、数据时间和导出人，数字为数值）",
        "Download this table (Excel workbook: a header block with the title, round, filters, "
        "as-of time and user; numbers as numbers)",
    ),
    "exp_png_help": (
        "下载本图（PNG 图片，含中文标注，点击时生成）",
        "Download this chart (PNG image, made when clicked)",
    ),
    "exp_round": ("评估批次", "Round"),
    "exp_filters": ("筛选条件", "Filters"),
    "exp_no_filters": ("无（全部）", "none (all)"),
    "exp_as_of": ("数据时间", "As of"),
    "exp_user": ("导出人", "Exported by"),
    "exp_sheet": ("数据", "Data"),
}

_RANKING: dict[str, tuple[str, str]] = {
    "rkp_view": ("显示", "Show"),
    "rkp_view_summary": ("综合排名", "Ranking"),
    "rkp_view_parts": ("共性得分构成", "Parts of the common score"),
    "rkp_col_change": ("变化", "Change"),
    "rkp_col_team": ("评估组", "Team"),
    "rkp_col_external": ("外评", "External"),
    "rkp_col_survey": ("民意", "Surveys"),
    "rkp_col_computed": ("计算", "Computed"),
    "rkp_col_discipline": ("纪律项满分", "Discipline max"),
    "rkp_col_deducted": ("扣分", "Deducted"),
    "rkp_col_rescaled": ("缺项折算", "Rescaling"),
    "rkp_help_discipline": (
        "扣分类指标（{codes}）的满分；无问题时得满分",
        "Full marks of the deduction indicators ({codes}); scored in full without findings",
    ),
    "rkp_help_deducted": (
        "本批次问题按严重程度扣除的分数，记为负数",
        "Points deducted for the round's findings by severity, as a negative number",
    ),
    "rkp_help_rescaled": (
        "有指标缺数据时，各上级指标按有数据的下级指标折算（见方法说明）；此列为折算带来的差额，"
        "含各列保留一位小数的舍入差（±0.1）",
        "Where indicators lack data, each parent is rescaled over its children with data "
        "(see Methodology); this column is what the rescaling adds, with the rounding of the "
        "columns to one decimal (±0.1)",
    ),
    "rkp_parts_footnote": (
        "各列之和等于共性得分 C：评估组 + 外评 + 民意 + 计算 + 纪律项满分 + 扣分（负数）"
        " + 缺项折算 = C。综合得分 = {wc} × C + {wi} × X（无个性指标时为 C）。",
        "The columns add up to the common score C: team + external + surveys + computed + "
        "discipline max + deducted (negative) + rescaling = C. Composite = {wc} × C + {wi} × X "
        "(C alone without individual indicators).",
    ),
    "rkp_tie_note": (
        "综合得分保留一位小数时相同而名次不同的，显示两位小数以示区别。",
        "Composites that look the same at one decimal but rank differently are shown with two "
        "decimals.",
    ),
    "rkp_tie_hidden": (
        "部分单位的综合得分在所示小数位仍相同，名次按未舍入的得分排列。",
        "Some composites are still equal at the decimals shown: ranks follow the unrounded scores.",
    ),
    "rkp_details_hint": (
        "类型、性质、数据覆盖率等其他列见下载的表格；点击一行查看单位画像。",
        "Type, nature, coverage and more are in the downloaded table; select a row for the "
        "agency's profile.",
    ),
}

_INDICATORS: dict[str, tuple[str, str]] = {
    "indp_legend": ("指标代码", "Indicator codes"),
    "indp_col_code": ("代码", "Code"),
    "indp_col_name": ("指标名称", "Indicator"),
    "indp_col_max": ("满分", "Maximum"),
}

TEXT: dict[str, tuple[str, str]] = {**_EXPORTS, **_RANKING, **_INDICATORS}
