"""Strings of the committee briefing (汇报材料, br_): slide kinds and titles, the agency
summary templates, the briefings page, presenting, snapshots and the PDF."""

from __future__ import annotations

__all__ = ["TEXT"]

_SLIDES: dict[str, tuple[str, str]] = {
    "br_kind_headline": ("总体情况", "Headline figures"),
    "br_kind_ranking": ("综合排名", "Composite ranking"),
    "br_kind_grades": ("等次分布", "Grade distribution"),
    "br_kind_attention": ("需关注事项", "Needs attention"),
    "br_kind_agency": ("单位情况（所选单位各一页）", "Agency slides (one per chosen agency)"),
    "br_kind_heatmap": ("指标热力图", "Indicator heatmap"),
    "br_kind_surveys": ("满意度测评", "Survey satisfaction"),
    "br_kind_rectifications": ("整改情况", "Rectification status"),
    "br_kind_methodology": ("评估方法", "Methodology"),
    "br_kind_peers": ("横向对比（所选类型各一页）", "Peer comparison (one per chosen type)"),
    "br_title_headline": ("总体情况", "Headline figures"),
    "br_title_ranking": ("综合得分排名", "Composite ranking"),
    "br_title_grades": ("评估等次分布", "Grade distribution"),
    "br_title_attention": ("需关注事项", "Needs attention"),
    "br_title_heatmap": ("一级指标得分率", "Level-1 indicators, % of maximum"),
    "br_title_surveys": ("满意度测评", "Survey satisfaction"),
    "br_title_rectifications": ("整改情况", "Rectification status"),
    "br_title_methodology": ("评估方法", "Methodology"),
    "br_title_peers": ("横向对比", "Peer comparison"),
    "br_title_peers_type": ("横向对比：{type}", "Peer comparison: {type}"),
    "br_peers_subtitle": (
        "{agency} 与各市同类部门，{year} 年",
        "{agency} and its counterparts in other cities, {year}",
    ),
    "br_peers_none": (
        "未选择横向对比的单位类型。",
        "No agency type chosen for the peer comparison.",
    ),
    "br_peers_missing": (
        "本批次没有“{type}”类单位的横向对比数据。",
        "This round has no peer figures for the type “{type}”.",
    ),
    "br_page_of": ("{title}（{i}/{n}）", "{title} ({i}/{n})"),
    "br_rows_of": ("第 {first}–{last} 名，共 {n} 家", "{first}–{last} of {n}"),
    "br_tie_note": (
        "一位小数相同而名次不同的得分显示两位小数。",
        "Scores equal to one decimal but ranked apart are shown to two decimals.",
    ),
    "br_none": ("无。", "None."),
    "br_more_rows": ("另有 {n} 行，见汇报材料 PDF。", "{n} more rows in the briefing PDF."),
    "br_rank_change": ("名次变化", "Rank change"),
    "br_l1_points": ("一级指标得分 / 满分", "Level-1 points / maximum"),
    "br_heatmap_note": (
        "单元格为得分占满分的百分比；单位按综合得分从高到低排列。",
        "Each cell is the share of maximum in %; agencies by composite, highest first.",
    ),
    "br_office": ("市委机构编制委员会办公室", "Staffing Commission Office"),
}

_SUMMARY: dict[str, tuple[str, str]] = {
    "br_sum_score": (
        "{name}综合得分 {composite}，等次为{grade}。",
        "{name} scored {composite} ({grade}).",
    ),
    "br_sum_rank": ("在 {n} 家定等单位中排名第 {rank}", "It ranks {rank} of {n}"),
    "br_sum_rank_up": ("，较上轮上升 {k} 位。", ", up {k} since the previous round."),
    "br_sum_rank_down": ("，较上轮下降 {k} 位。", ", down {k} since the previous round."),
    "br_sum_rank_same": ("，与上轮持平。", ", the same as in the previous round."),
    "br_sum_end": ("。", "."),
    "br_sum_rank_new": ("，本轮首次参评。", ", evaluated for the first time."),
    "br_sum_unranked": (
        "数据覆盖率 {cov}，不评等次、不参加排名。",
        "With data coverage of {cov} it gets no grade and no rank.",
    ),
    "br_sum_moves": (
        "与上轮相比，变化最大的一级指标是{items}。",
        "Since the previous round the top-level indicators that moved most are {items}.",
    ),
    "br_sum_move_item": ("{label}（{delta} 分）", "{label} ({delta} points)"),
    "br_sum_surveys": ("民意测评：{items}。", "Surveys: {items}."),
    "br_sum_survey_item": ("{q}指数 {si}", "{q} index {si}"),
    "br_sum_findings": (
        "本轮发现问题 {n} 个，未销号 {open} 个，其中逾期 {overdue} 个。",
        "This round found {n} findings; {open} are open, {overdue} of them overdue.",
    ),
    "br_sum_no_findings": ("本轮未发现问题。", "This round found no findings."),
}

_PAGE: dict[str, tuple[str, str]] = {
    "page_briefings": ("汇报材料", "Briefings"),
    "br_heading": ("汇报材料：{round}", "Briefings: {round}"),
    "br_intro": (
        "为编委会准备汇报：选择并排列幻灯片、选择单位，保存后可全屏演示或下载 PDF。"
        "每次演示或导出都会冻结一份“汇报时快照”，之后的数据导入不会改变它。",
        "Prepare the committee briefing: choose and order the slides and the agencies, save, "
        "then present full screen or download the PDF. Presenting or exporting freezes an "
        "“as presented” snapshot that later imports never change.",
    ),
    "br_list_empty": ("本批次还没有汇报材料。", "No briefing for this round yet."),
    "br_choose": ("汇报材料", "Briefing"),
    "br_new": ("新建汇报材料", "New briefing"),
    "br_name": ("名称", "Name"),
    "br_default_name": ("{year}年度编委会汇报", "{year} committee briefing"),
    "br_slides": ("幻灯片（按汇报顺序）", "Slides (in the order presented)"),
    "br_agencies": ("单位页（按汇报顺序）", "Agency slides (in the order presented)"),
    "br_peer_types": (
        "横向对比的单位类型（按汇报顺序）",
        "Agency types for the peer comparison (in the order presented)",
    ),
    "br_save": ("保存", "Save"),
    "br_create": ("创建", "Create"),
    "br_copy_prev": ("复制上一批次的汇报材料", "Copy from the previous round"),
    "br_copy_none": ("上一批次没有汇报材料。", "The previous round has no briefing."),
    "br_saved": ("已保存“{name}”。", "Saved “{name}”."),
    "br_copied": ("已复制 {n} 份汇报材料。", "Copied {n} briefings."),
    "br_present": ("全屏演示", "Present"),
    "br_pdf": ("下载 PDF", "Download PDF"),
    "br_pdf_make": ("生成 PDF", "Make the PDF"),
    "br_snapshots": ("汇报时快照", "As presented"),
    "br_snap_none": ("还没有演示或导出过。", "Not presented or exported yet."),
    "br_snap_col_at": ("时间", "When"),
    "br_snap_col_who": ("人员", "Who"),
    "br_snap_col_kind": ("方式", "How"),
    "br_snap_col_name": ("汇报材料", "Briefing"),
    "br_snap_presented": ("演示", "presented"),
    "br_snap_exported": ("导出 PDF", "PDF exported"),
    "br_snap_open": ("按当时内容打开", "Open as presented"),
    "br_snap_changes": ("此后的变化", "Changed since"),
    "br_changes_none": ("此后没有数字发生变化。", "No figure has changed since."),
    "br_changes_count": (
        "快照（{at}）以来有 {n} 个数字变化：",
        "{n} figures changed since the snapshot ({at}):",
    ),
    "br_col_figure": ("数字", "Figure"),
    "br_col_before": ("当时", "Then"),
    "br_col_after": ("现在", "Now"),
    "br_col_delta": ("变化", "Change"),
    "br_readonly": (
        "领导可以演示和下载；汇报材料由编办工作人员编辑。",
        "Leaders can present and download; office staff edit briefings.",
    ),
    # presenting
    "br_prev": ("上一页", "Previous"),
    "br_next": ("下一页", "Next"),
    "br_exit": ("退出演示", "Exit"),
    "br_slide_no": ("{i} / {n}", "{i} / {n}"),
    "br_as_of": ("数据截至 {at}", "Figures as of {at}"),
    "br_snapshot_of": ("快照：{who}，{at}", "Snapshot: {who}, {at}"),
    "br_keys_hint": ("翻页：← → 或 PgUp / PgDn", "Turn pages: ← → or PgUp / PgDn"),
    # PDF
    "br_pdf_toc": ("目录", "Contents"),
    "br_pdf_appendix": ("附录：评估方法", "Appendix: methodology"),
    "br_pdf_page": ("第 {i} 页 / 共 {n} 页", "Page {i} of {n}"),
    # errors
    "br_err_config": ("汇报材料的幻灯片设置无效。", "The briefing's slide settings are not valid."),
    "br_err_too_many": ("单位页最多 {n} 个。", "At most {n} agency slides."),
    "br_err_too_many_types": (
        "横向对比最多 {n} 个单位类型。",
        "At most {n} agency types for the peer comparison.",
    ),
    "br_err_name": ("请填写名称（不超过 {n} 个字）。", "Enter a name (at most {n} characters)."),
    "br_err_name_taken": (
        "本批次已有名为“{name}”的汇报材料。",
        "This round already has a briefing “{name}”.",
    ),
    "br_err_missing": ("汇报材料不存在或已删除。", "The briefing does not exist (any more)."),
    "br_err_denied": ("您没有权限编辑汇报材料。", "You may not edit briefings."),
    "br_err_read_denied": ("您没有权限查看汇报材料。", "You may not see briefings."),
    "br_err_snapshot": ("快照不存在。", "The snapshot does not exist."),
    "br_err_round": ("批次 {year} 不存在。", "There is no round {year}."),
    "br_err_briefing_name": (
        "批次 {year} 没有名为“{name}”的汇报材料。",
        "Round {year} has no briefing “{name}”.",
    ),
}

TEXT: dict[str, tuple[str, str]] = {**_SLIDES, **_SUMMARY, **_PAGE}
