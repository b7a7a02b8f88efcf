"""Drawing 用户管理: the accounts table, the create form, and for the chosen account its role and
agency, a password reset, an unlock and disabling. Writes go to data_access.user_admin, which
checks the administrator role again, refuses the last administrator's demotion or disabling,
and audits every change; a refusal that belongs to a field is shown right under that field.

A one-time password is shown once: it travels in the session's flash, which is dropped as it
is drawn. Double submission: each form's key carries the account's stamp (or the number of
accounts), so a second click belongs to a form no longer drawn; every write also names the
stamp the administrator saw, and data_access refuses it when the account changed meanwhile.
Names and display names are user text: shown in tables, or escaped wherever Markdown is read.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from data_access import cache
from data_access.reader import Reader
from data_access.scope import AccessDenied
from data_access.user_admin import (
    UserAdminError,
    change_account,
    create_account,
    reset_account_password,
    set_account_disabled,
    unlock_account,
)
from ui.auth import demo_mode
from ui.context import PageContext
from ui.i18n import t
from ui.profile_detail import md_escape
from ui.widgets import draw_table
from views.users import AccountRow, UsersView, beijing

__all__ = ["reader", "flash", "overview", "create_form", "choose_account", "manage_account"]

_FLASH, _ERRORS, _PICK = "users_flash", "users_errors", "users_pick"


def reader(ctx: PageContext) -> Reader:
    """An uncached reader: sign-ins and lock-outs change the list without a data version."""
    return Reader(cache.engine(), ctx.principal)


def flash() -> None:
    """The last write's message, and a one-time password with it (shown this once)."""
    item = st.session_state.pop(_FLASH, None)
    if not item:
        return
    message, secret = item
    st.success(message)
    if secret:
        st.code(secret, language=None)


def _done(message: str, secret: str | None = None) -> None:
    st.session_state[_FLASH] = (message, secret)
    st.rerun()


def _refused(form: str, exc: Exception) -> None:
    """Keep a refusal for the form it came from (under its field) and draw again."""
    field = exc.field if isinstance(exc, UserAdminError) else None
    st.session_state[_ERRORS] = (form, field, str(exc))
    st.rerun()


def _errors_of(form: str) -> dict[str | None, str]:
    kept = st.session_state.get(_ERRORS)
    if not kept or kept[0] != form:
        return {}
    st.session_state.pop(_ERRORS, None)
    return {kept[1]: kept[2]}


def _field_error(errors: dict[str | None, str], field: str | None) -> None:
    if field in errors:
        st.error(md_escape(errors[field]), icon=":material/error:")


def overview(model: UsersView) -> None:
    st.caption(t("usr_count", n=len(model.accounts)))
    draw_table(model.table)


def _agency_box(model: UsersView, key: str, current: int | None, disabled: bool = False) -> Any:
    options: list[int | None] = [None, *model.agencies]
    return st.selectbox(
        t("usr_field_agency"),
        options,
        index=options.index(current) if current in options else 0,
        format_func=lambda i: t("usr_no_agency_option") if i is None else model.agencies[i],
        key=key,
        disabled=disabled,
    )


def create_form(ctx: PageContext, model: UsersView) -> None:
    """A new account; its one-time password is shown once."""
    form = f"users_create_{len(model.accounts)}"
    errors = _errors_of(form)
    with st.expander(t("usr_create_title"), icon=":material/person_add:", expanded=bool(errors)):
        with st.form(form):
            _field_error(errors, None)
            username = st.text_input(
                t("usr_field_username"), max_chars=64, help=t("usr_field_username_help")
            )
            _field_error(errors, "username")
            name = st.text_input(t("usr_field_name"), max_chars=64)
            _field_error(errors, "display_name")
            role = st.selectbox(
                t("usr_field_role"), list(model.roles), format_func=model.roles.__getitem__
            )
            _field_error(errors, "role")
            agency = _agency_box(model, f"{form}_agency", None)
            _field_error(errors, "agency")
            go = st.form_submit_button(t("usr_create"), type="primary")
    if not go:
        return
    try:
        secret = create_account(
            cache.engine(),
            username,
            name,
            str(role),
            principal=ctx.principal,
            agency_id=agency,
            lang=ctx.lang,
        )
    except (UserAdminError, AccessDenied) as exc:
        _refused(form, exc)
    else:
        _done(t("usr_created", user=md_escape(username.strip().lower())), secret)


def choose_account(model: UsersView) -> AccountRow | None:
    names = [a.username for a in model.accounts]
    if not names:
        return None
    if st.session_state.get(_PICK) not in names:
        st.session_state[_PICK] = names[0]
    shown = {a.username: f"{a.username} · {a.display_name}" for a in model.accounts}
    picked = st.selectbox(t("usr_manage_pick"), names, key=_PICK, format_func=shown.__getitem__)
    return model.account(str(picked))


def manage_account(ctx: PageContext, model: UsersView, row: AccountRow) -> None:
    """The chosen account's role and agency, password reset, unlock, and disabling."""
    st.subheader(md_escape(t("usr_manage_title", user=row.username, role=model.roles[row.role])))
    if row.is_demo:
        st.caption(t("usr_demo_note"))
    left, right = st.columns(2)
    with left:
        _role_form(ctx, model, row)
        _disable_form(ctx, row)
    with right:
        _reset_form(ctx, row)
        _unlock_form(ctx, row)


def _role_form(ctx: PageContext, model: UsersView, row: AccountRow) -> None:
    form = f"users_role_{row.username}_{row.stamp}"
    errors = _errors_of(form)
    with st.form(form):
        st.markdown(f"**{t('usr_role_title')}**")
        _field_error(errors, None)
        role = st.selectbox(
            t("usr_field_role"),
            list(model.roles),
            index=list(model.roles).index(row.role) if row.role in model.roles else 0,
            format_func=model.roles.__getitem__,
        )
        _field_error(errors, "role")
        agency = _agency_box(model, f"{form}_agency", row.agency_id)
        _field_error(errors, "agency")
        go = st.form_submit_button(t("usr_save_role"))
    if not go:
        return
    try:
        changed = change_account(
            cache.engine(),
            row.username,
            str(role),
            agency,
            principal=ctx.principal,
            expected=row.stamp,
            demo_mode=demo_mode(),
            lang=ctx.lang,
        )
    except (UserAdminError, AccessDenied) as exc:
        _refused(form, exc)
    else:
        _done(t("usr_role_saved" if changed else "usr_role_same", user=md_escape(row.username)))


def _confirmed_form(form: str, title: str, help_text: str, confirm: str, button: str) -> bool:
    """A form with a confirmation box: True when submitted with the box ticked (an error
    under the box when not)."""
    errors = _errors_of(form)
    with st.form(form):
        st.markdown(f"**{title}**")
        st.caption(help_text)
        _field_error(errors, None)
        sure = st.checkbox(confirm)
        go = st.form_submit_button(button)
    if go and not sure:
        st.error(t("usr_unconfirmed"))
    return bool(go and sure)


def _reset_form(ctx: PageContext, row: AccountRow) -> None:
    form = f"users_reset_{row.username}_{row.stamp}"
    if not _confirmed_form(
        form,
        t("usr_reset_title"),
        t("usr_reset_help"),
        t("usr_reset_confirm", user=md_escape(row.username)),
        t("usr_reset"),
    ):
        return
    try:
        secret = reset_account_password(
            cache.engine(), row.username, principal=ctx.principal, expected=row.stamp, lang=ctx.lang
        )
    except (UserAdminError, AccessDenied) as exc:
        _refused(form, exc)
    else:
        _done(t("usr_reset_done", user=md_escape(row.username)), secret)


def _unlock_form(ctx: PageContext, row: AccountRow) -> None:
    if row.locked_until is None:
        st.caption(t("usr_not_locked"))
        return
    form = f"users_unlock_{row.username}_{row.stamp}"
    errors = _errors_of(form)
    with st.form(form):
        st.markdown(f"**{t('usr_unlock_title')}**")
        st.warning(t("usr_locked_now", until=beijing(row.locked_until)))
        _field_error(errors, None)
        go = st.form_submit_button(t("usr_unlock"))
    if not go:
        return
    try:
        unlock_account(
            cache.engine(), row.username, principal=ctx.principal, expected=row.stamp, lang=ctx.lang
        )
    except (UserAdminError, AccessDenied) as exc:
        _refused(form, exc)
    else:
        _done(t("usr_unlocked", user=md_escape(row.username)))


def _disable_form(ctx: PageContext, row: AccountRow) -> None:
    form = f"users_disable_{row.username}_{row.stamp}"
    enabling = row.disabled
    if not _confirmed_form(
        form,
        t("usr_disable_title"),
        t("usr_disable_help"),
        t(
            "usr_enable_confirm" if enabling else "usr_disable_confirm",
            user=md_escape(row.username),
        ),
        t("usr_enable" if enabling else "usr_disable"),
    ):
        return
    try:
        set_account_disabled(
            cache.engine(),
            row.username,
            not enabling,
            principal=ctx.principal,
            expected=row.stamp,
            demo_mode=demo_mode(),
            lang=ctx.lang,
        )
    except (UserAdminError, AccessDenied) as exc:
        _refused(form, exc)
    else:
        _done(
            t("usr_enabled_done" if enabling else "usr_disabled_done", user=md_escape(row.username))
        )
