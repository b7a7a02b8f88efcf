"""Drawing 评估批次: the rounds table, the create form, and for the chosen round its agencies,
self-evaluation window and next status (with a confirmation that says what it means). Writes go
to data_access (round_admin, self_evaluation), which check the administrator role again and
audit every change; their refusals are shown as they come.

Double submission: each form's key carries the state it was drawn from (the number of rounds,
the round's status, its agencies), so a second click on a form that has already done its work
belongs to a form that is no longer drawn and does nothing; the status move also names the
status the user saw, and data_access refuses it if the round has moved meanwhile.
"""

from __future__ import annotations

import datetime as dt
import zlib

import streamlit as st

from data_access import cache
from data_access.round_admin import (
    RoundAdminError,
    advance_round,
    change_round_agencies,
    create_round,
)
from data_access.scope import AccessDenied
from data_access.self_evaluation import SelfEvaluationRefused, set_self_evaluation_window
from domain.vocab import RoundStatus, term_label
from ui.context import PageContext
from ui.exports import export_table
from ui.i18n import t
from ui.profile_detail import md_escape
from ui.widgets import draw_table
from views.round_admin import RoundRow, RoundsView, next_status, round_agencies

__all__ = ["flash", "overview", "create_form", "choose_round", "manage_round"]

_FLASH = "rounds_flash"
_NO_COPY = 0


def flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)


def _errors(errors: list[str]) -> None:
    st.error("\n\n".join(md_escape(e) for e in errors))


def _done(message: str) -> None:
    st.session_state[_FLASH] = message
    st.rerun()


def overview(model: RoundsView) -> None:
    if model.table.empty:
        st.info(t("rda_none"))
        return
    draw_table(model.table)
    export_table(model.table, "rounds", title=t("rda_heading"))


def create_form(ctx: PageContext, model: RoundsView) -> None:
    """A new round (准备中), its tree and configuration copied from an earlier round or the
    shipped defaults."""
    years = [r.year for r in model.rounds]
    copies = {_NO_COPY: t("rda_copy_none")} | {y: str(y) for y in years}
    with st.expander(t("rda_create_title"), icon=":material/add:", expanded=not years):
        with st.form(f"rounds_create_{len(years)}", clear_on_submit=True):
            year = st.number_input(
                t("rda_field_year"),
                min_value=1949,
                max_value=2100,
                value=(max(years) + 1) if years else dt.date.today().year,
                step=1,
            )
            name = st.text_input(t("rda_field_name"), max_chars=128)
            name_en = st.text_input(t("rda_field_name_en"), max_chars=256)
            copy_from = st.selectbox(
                t("rda_field_copy"),
                list(copies),
                index=1 if years else 0,
                format_func=copies.__getitem__,
            )
            go = st.form_submit_button(t("rda_create"), type="primary")
    if not go:
        return
    try:
        made = create_round(
            cache.engine(),
            int(year),
            name,
            principal=ctx.principal,
            name_en=name_en or None,
            copy_from=int(copy_from) if copy_from else None,
            lang=ctx.lang,
        )
    except (RoundAdminError, AccessDenied) as exc:
        _errors(exc.errors if isinstance(exc, RoundAdminError) else [str(exc)])
    else:
        _done(t("rda_created", year=int(year), n=made.indicators))


def choose_round(ctx: PageContext, model: RoundsView) -> RoundRow | None:
    """The round to manage (the sidebar's round at first)."""
    if not model.rounds:
        return None
    years = [r.year for r in model.rounds]
    key = "rounds_manage_year"
    if st.session_state.get(key) not in years:
        st.session_state[key] = ctx.round_year if ctx.round_year in years else years[0]
    year = st.selectbox(t("rda_manage_pick"), years, key=key)
    return model.row(int(year))


def manage_round(ctx: PageContext, model: RoundsView, row: RoundRow) -> None:
    """The chosen round's agencies, self-evaluation window and next status; a completed
    round's controls are drawn disabled with the reason."""
    status = term_label(RoundStatus, row.status, ctx.lang)
    st.subheader(t("rda_manage_title", year=row.year, status=status))
    if row.completed:
        st.info(t("rda_frozen_reason"))
    _agencies_form(ctx, model, row)
    _window_form(ctx, row)
    _status_form(ctx, row)


def _agencies_form(ctx: PageContext, model: RoundsView, row: RoundRow) -> None:
    current = round_agencies(ctx.reader, row.round_id)
    stamp = zlib.crc32("\n".join(current).encode())
    with st.form(f"rounds_agencies_{row.year}_{stamp}"):
        chosen = st.multiselect(
            t("rda_field_agencies"),
            list(model.agencies),
            default=current,
            format_func=model.agencies.__getitem__,
            disabled=row.completed,
            help=t("rda_frozen_reason") if row.completed else None,
        )
        go = st.form_submit_button(t("rda_save_agencies"), disabled=row.completed)
    if not go or row.completed:
        return
    try:
        done = change_round_agencies(
            cache.engine(), row.year, principal=ctx.principal, replace=chosen, lang=ctx.lang
        )
    except (RoundAdminError, AccessDenied) as exc:
        _errors(exc.errors if isinstance(exc, RoundAdminError) else [str(exc)])
    else:
        _done(
            t("rda_agencies_saved", added=len(done.added), removed=len(done.removed), n=done.total)
        )


def _window_form(ctx: PageContext, row: RoundRow) -> None:
    with st.form(f"rounds_window_{row.year}_{row.opens}_{row.closes}"):
        st.markdown(f"**{t('rda_window_title')}**")
        left, right = st.columns(2)
        opens = left.date_input(
            t("rda_field_opens"), value=row.opens, disabled=row.completed, format="YYYY-MM-DD"
        )
        closes = right.date_input(
            t("rda_field_closes"), value=row.closes, disabled=row.completed, format="YYYY-MM-DD"
        )
        st.caption(t("rda_window_help"))
        go = st.form_submit_button(t("rda_save_window"), disabled=row.completed)
    if not go or row.completed:
        return
    try:
        set_self_evaluation_window(
            cache.engine(),
            row.year,
            opens if isinstance(opens, dt.date) else None,
            closes if isinstance(closes, dt.date) else None,
            principal=ctx.principal,
            lang=ctx.lang,
        )
    except (SelfEvaluationRefused, AccessDenied) as exc:
        _errors([str(exc)])
    else:
        _done(t("rda_window_saved", year=row.year))


def _status_form(ctx: PageContext, row: RoundRow) -> None:
    target = next_status(row.status)
    if target is None:
        st.button(t("rda_move_none"), disabled=True, help=t("rda_frozen_reason"))
        return
    label = term_label(RoundStatus, target, ctx.lang)
    completing = target == RoundStatus.COMPLETED.value
    with st.form(f"rounds_status_{row.year}_{row.status}"):
        st.markdown(f"**{md_escape(t('rda_move_title', status=label))}**")
        st.warning(t("rda_freeze_means") if completing else t("rda_start_means"))
        sure = st.checkbox(t("rda_move_confirm", year=row.year, status=label))
        go = st.form_submit_button(t("rda_move", status=label), type="primary")
    if not go:
        return
    if not sure:
        st.error(t("rda_move_unconfirmed"))
        return
    try:
        advance_round(cache.engine(), row.year, row.status, principal=ctx.principal, lang=ctx.lang)
    except (RoundAdminError, AccessDenied) as exc:
        _errors(exc.errors if isinstance(exc, RoundAdminError) else [str(exc)])
    else:
        _done(t("rda_moved", year=row.year, status=label))
