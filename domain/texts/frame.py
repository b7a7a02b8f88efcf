"""Strings of the frame: sign-in, navigation, round selector, overview counts (zh, en)."""

from __future__ import annotations

__all__ = ["TEXT"]

TEXT: dict[str, tuple[str, str]] = {
    # frame
    "app_title": ("机构编制执行情况和使用效益评估", "Staffing Use & Efficiency Evaluation"),
    "lang_label": ("语言 / Language", "Language / 语言"),
    "round_label": ("评估批次", "Evaluation round"),
    "round_option": ("{year}年度评估 · {status}", "{year} evaluation · {status}"),
    "no_rounds": (
        "数据库中还没有评估批次。请先运行 `python manage.py seed-demo` 或导入数据。",
        "No evaluation round in the database yet. Run `python manage.py seed-demo` "
        "or import data first.",
    ),
    "signed_in_as": ("当前用户：{name}（{role}）", "Signed in as {name} ({role})"),
    "agency_of_user": ("所属单位：{agency}", "Agency: {agency}"),
    "logout": ("退出登录", "Sign out"),
    "db_down": (
        "无法连接数据库，请稍后再试或联系管理员。",
        "Cannot reach the database. Please try again later or contact the administrator.",
    ),
    "config_no_key": (
        "未配置登录 Cookie 密钥（DASHBOARD_COOKIE_KEY 或 secrets 中的 auth.cookie_key，"
        "至少 32 个字符）。非演示模式下系统拒绝启动。",
        "No sign-in cookie key configured (DASHBOARD_COOKIE_KEY or auth.cookie_key in "
        "secrets, at least 32 characters). Outside demo mode the app refuses to start.",
    ),
    "forbidden": ("您没有访问此页面的权限。", "You do not have access to this page."),
    # login
    "login_title": ("用户登录", "Sign in"),
    "username": ("用户名", "Username"),
    "password": ("密码", "Password"),
    "login_button": ("登录", "Sign in"),
    "login_failed": ("用户名或密码错误。", "Wrong username or password."),
    "login_locked": (
        "登录失败次数过多，账户已锁定，请于 {minutes} 分钟后再试。",
        "Too many failed sign-ins: the account is locked. Try again in {minutes} minutes.",
    ),
    "login_missing": ("请输入用户名和密码。", "Please enter a username and a password."),
    "demo_logins": ("演示模式 · 演示账号", "Demo mode · demo accounts"),
    "demo_col_user": ("用户名", "Username"),
    "demo_col_password": ("密码", "Password"),
    "demo_col_role": ("角色", "Role"),
    # pages
    "nav_browse": ("评估结果", "Results"),
    "nav_follow_up": ("整改与调整", "Follow-up"),
    "nav_work": ("填报与导入", "Data entry"),
    "nav_admin": ("系统管理", "Administration"),
    "page_overview": ("总览", "Overview"),
    "page_ranking": ("单位评分", "Agency ranking"),
    "page_profile": ("单位画像", "Agency profile"),
    "page_indicators": ("指标分析", "Indicator breakdown"),
    "page_methodology": ("方法说明", "Methodology"),
    "page_data_import": ("数据导入", "Data import"),
    # overview
    "ov_heading": ("{round} · 总览", "{round} · Overview"),
    "ov_heading_agency": ("{agency} · {round}", "{agency} · {round}"),
    "ov_status": ("批次状态：{status}", "Round status: {status}"),
    "kpi_agencies": ("参评单位", "Agencies evaluated"),
    "kpi_findings_open": ("未销号问题", "Open findings"),
    "kpi_findings_total": ("共 {n} 个问题", "{n} findings in all"),
    "kpi_overdue": ("逾期整改", "Overdue rectifications"),
    "kpi_survey": ("有效问卷", "Valid responses"),
    "kpi_survey_all": ("共收到 {n} 份", "{n} received"),
    "kpi_ratings": ("外部评价", "External ratings"),
    "kpi_raters": ("{n} 个评价部门", "{n} rating departments"),
    "ov_rect_states": ("整改状态", "Rectification states"),
    "ov_by_questionnaire": ("问卷回收情况", "Survey responses by questionnaire"),
    "col_state": ("状态", "State"),
    "col_count": ("数量", "Count"),
    "col_questionnaire": ("问卷", "Questionnaire"),
    "col_accepted": ("有效", "Accepted"),
    "col_duplicate": ("重复", "Duplicate"),
    "col_too_fast": ("用时过短", "Too fast"),
    "col_straightlined": ("同一答案", "Same answer"),
    "ov_empty": ("本批次还没有参评单位。", "This round has no evaluated agencies yet."),
    "ov_not_in_round": ("本单位未参加该批次评估。", "Your agency is not evaluated in this round."),
}
