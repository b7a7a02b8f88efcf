"""Strings of 用户管理 (users page), the password rule, and the change of a one-time password at
the first sign-in."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "page_users": ("用户管理", "Users"),
    "usr_heading": ("用户管理", "Users"),
    "usr_intro": (
        "账号、角色和所属单位；新建账号或重置密码时生成一次性密码（只显示一次），"
        "用户首次登录后须修改。角色变更、重置密码和停用会立即结束该用户的所有会话。",
        "Accounts, roles and agencies. Creating an account or resetting a password makes a "
        "one-time password (shown once) that the user must change at the first sign-in. A "
        "role change, a password reset or disabling ends every session of the user at once.",
    ),
    "usr_denied": ("只有管理员可以管理用户。", "Only administrators may manage users."),
    # -- the list -------------------------------------------------------------------------
    "usr_col_username": ("用户名", "Username"),
    "usr_col_name": ("姓名", "Name"),
    "usr_col_role": ("角色", "Role"),
    "usr_col_agency": ("所属单位", "Agency"),
    "usr_col_last": ("最近登录（北京时间）", "Last sign-in (Beijing time)"),
    "usr_col_locked": ("锁定至", "Locked until"),
    "usr_col_state": ("状态", "State"),
    "usr_state_active": ("正常", "Active"),
    "usr_state_disabled": ("已停用", "Disabled"),
    "usr_state_must_change": ("待修改密码", "Must change password"),
    "usr_state_demo": ("演示账号", "Demo account"),
    "usr_never": ("从未登录", "never"),
    "usr_count": ("共 {n} 个账号", "{n} accounts"),
    # -- create -----------------------------------------------------------------------------
    "usr_create_title": ("新建用户", "New user"),
    "usr_field_username": ("用户名", "Username"),
    "usr_field_username_help": (
        "小写字母、数字和 . _ -，不区分大小写",
        "lower-case letters, digits and . _ -; case-insensitive",
    ),
    "usr_field_name": ("姓名", "Name"),
    "usr_field_role": ("角色", "Role"),
    "usr_field_agency": ("所属单位（评估对象账号必填）", "Agency (required for an agency user)"),
    "usr_no_agency_option": ("（无）", "(none)"),
    "usr_create": ("新建", "Create"),
    "usr_created": (
        "已新建用户 {user}。一次性密码如下，只显示这一次，请当面或通过安全渠道交给本人；"
        "首次登录后须修改：",
        "User {user} created. The one-time password below is shown this once: hand it over in "
        "person or by a safe channel; it must be changed at the first sign-in:",
    ),
    # -- manage one ---------------------------------------------------------------------------
    "usr_manage_pick": ("管理用户", "Manage user"),
    "usr_manage_title": ("{user} · {role}", "{user} · {role}"),
    "usr_role_title": ("角色和所属单位", "Role and agency"),
    "usr_save_role": ("保存角色", "Save role"),
    "usr_role_saved": (
        "已保存 {user} 的角色和所属单位；该用户的会话已结束。",
        "Role and agency of {user} saved; the user's sessions have ended.",
    ),
    "usr_role_same": ("角色和所属单位没有变化。", "Role and agency are unchanged."),
    "usr_reset_title": ("重置密码", "Reset the password"),
    "usr_reset_help": (
        "生成一次性密码，解除锁定，并结束该用户的所有会话；用户下次登录后须修改密码。",
        "Makes a one-time password, unlocks the account and ends every session of the user; "
        "the user must change it at the next sign-in.",
    ),
    "usr_reset_confirm": ("我确认重置 {user} 的密码", "I confirm resetting the password of {user}"),
    "usr_reset": ("重置密码", "Reset password"),
    "usr_reset_done": (
        "已重置 {user} 的密码。一次性密码如下，只显示这一次：",
        "The password of {user} was reset. The one-time password, shown this once:",
    ),
    "usr_unlock_title": ("解除锁定", "Unlock"),
    "usr_locked_now": (
        "该账号因多次登录失败被锁定至 {until}（北京时间）。",
        "The account is locked after failed sign-ins until {until} (Beijing time).",
    ),
    "usr_not_locked": ("该账号未被锁定。", "The account is not locked."),
    "usr_unlock": ("解除锁定", "Unlock"),
    "usr_unlocked": ("已解除 {user} 的锁定。", "{user} is unlocked."),
    "usr_disable_title": ("停用或启用", "Disable or enable"),
    "usr_disable_help": (
        "停用后该用户不能登录，已登录的会话在下次打开页面时结束。",
        "A disabled user cannot sign in; a signed-in session ends at its next page load.",
    ),
    "usr_disable_confirm": ("我确认停用 {user}", "I confirm disabling {user}"),
    "usr_enable_confirm": ("我确认启用 {user}", "I confirm enabling {user}"),
    "usr_disable": ("停用", "Disable"),
    "usr_enable": ("启用", "Enable"),
    "usr_disabled_done": (
        "已停用 {user}；其会话将在下次打开页面时结束。",
        "{user} is disabled; its sessions end at their next page load.",
    ),
    "usr_enabled_done": ("已启用 {user}。", "{user} is enabled again."),
    "usr_unconfirmed": ("请先勾选确认。", "Tick the confirmation first."),
    "usr_demo_note": (
        "演示账号只能在演示模式下登录。",
        "Demo accounts can sign in only in demo mode.",
    ),
    # -- refusals ---------------------------------------------------------------------------
    "usr_bad_name": (
        "用户名只能包含小写字母、数字和 . _ -，最多 64 个字符",
        "a username has lower-case letters, digits and . _ - only, at most 64 characters",
    ),
    "usr_long_display": ("姓名最多 {n} 个字符", "a name has at most {n} characters"),
    "usr_bad_role": ("未知角色", "unknown role"),
    "usr_taken": (
        "用户名 {user} 已存在（不区分大小写）",
        "username {user} exists (case-insensitive)",
    ),
    "usr_needs_agency": ("评估对象账号必须选择所属单位", "an agency user needs an agency"),
    "usr_no_agency": ("所选单位不存在", "the agency chosen does not exist"),
    "usr_no_user": ("没有用户 {user}", "there is no user {user}"),
    "usr_changed_meanwhile": (
        "用户 {user} 刚被他人变更，未保存；下面显示的是当前状态，请重新操作。",
        "User {user} was changed meanwhile and nothing was saved; the current state is shown "
        "below, try again.",
    ),
    "usr_last_admin": (
        "{user} 是最后一个可用的管理员，不能停用或改为其他角色；请先新建或启用另一个管理员。",
        "{user} is the last enabled administrator and cannot be disabled or given another "
        "role; create or enable another administrator first.",
    ),
    # -- the password rule (command line in English, the app in the user's language) --------
    "usr_pw_short": (
        "密码太短：至少 {n} 个字符",
        "password too short: at least {n} characters",
    ),
    "usr_pw_demo": (
        "不能使用演示账号的公开密码",
        "password refused: it is one of the published demo passwords",
    ),
    "usr_pw_differ": ("两次输入的密码不一致", "the two passwords differ"),
    # -- the change at the first sign-in ----------------------------------------------------
    "pwc_title": ("请修改密码", "Change your password"),
    "pwc_intro": (
        "{name}，您正在使用管理员设置的一次性密码。请设置新密码后继续（至少 {n} 个字符）。",
        "{name}, you signed in with a one-time password set by an administrator. Choose a new "
        "password to continue (at least {n} characters).",
    ),
    "pwc_new": ("新密码", "New password"),
    "pwc_confirm": ("再次输入新密码", "New password again"),
    "pwc_submit": ("修改密码", "Change password"),
    "pwc_done": ("密码已修改。", "Your password has been changed."),
    "pwc_continue": ("进入看板", "Continue to the dashboard"),
}
