"""Drawing 指标体系: the round's common tree as an editable table (st.data_editor in a form),
the check of the edited table with its errors right under it, the what-if ranking (before and
after side by side, agencies whose grade or rank changes highlighted), and the confirmed save.
Nothing is written before the confirmation: the check is a dry-run import and the what-if
scores the round in memory. The save is an ``indicators`` import (one batch, each changed row
before → after, in the audit log; undoable on 数据导入), which checks the role and the round
again.

Double submission: the pending change is dropped from the session as the save starts, so a
second click finds no pending change and no form; the editor's key carries the data version,
so a saved tree is shown fresh.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from data_access import cache
from data_access.imports import ImportRefused, run_import
from data_access.reader import Reader
from data_access.scope import AccessDenied
from ui.context import PageContext
from ui.i18n import t
from ui.profile_detail import md_escape
from ui.widgets import column_config
from views.tree_admin import KIND, TREE_FILE, build_whatif, check_tree, tree_file

__all__ = ["reader", "flash", "editor", "pending_change", "highlight_moved"]

_FLASH, _PENDING = "tree_flash", "tree_pending"
_MOVED = "background-color: #fdecc8"  # the theme's warning tint: an agency whose place changes


def reader(ctx: PageContext) -> Reader:
    """A plain reader: the import kind and the edited table are no cache keys (the dry run and
    the what-if are computed per check, not kept)."""
    return Reader(cache.engine(), ctx.principal)


def flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)


def editor(ctx: PageContext, frame: pd.DataFrame, frozen: bool) -> None:
    """The tree as an editable table; "check" keeps the edited table as the pending change.
    A completed round's tree is shown read-only with the reason."""
    if frozen:
        st.info(t("tre_frozen"))
        st.dataframe(frame, hide_index=True, width="stretch")
        return
    version = cache.current_version()
    with st.form(f"tree_edit_{ctx.round_year}_{version}"):
        edited = st.data_editor(
            frame,
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            key=f"tree_editor_{ctx.round_year}_{version}_{ctx.lang}",
        )
        go = st.form_submit_button(t("tre_check"), type="primary")
    if go:
        st.session_state[_PENDING] = (ctx.round_year, ctx.lang, edited)


def highlight_moved(model_frame: pd.DataFrame, shown: pd.DataFrame) -> Styler:
    moved = model_frame["moved"].tolist()
    return shown.style.apply(
        lambda row: [_MOVED if moved[row.name] else "" for _ in row], axis=1
    ).format(precision=2, subset=[c for c in shown.columns if shown[c].dtype.kind == "f"])


def pending_change(ctx: PageContext) -> None:
    """The check of the pending change, its errors or its what-if, and the confirmed save."""
    pending = st.session_state.get(_PENDING)
    if not pending or pending[0] != ctx.round_year or pending[1] != ctx.lang:
        return
    _year, _lang, frame = pending
    plain = reader(ctx)
    result = check_tree(plain, ctx.round_year, frame, ctx.lang)
    if not result.ok:
        st.error(t("tre_errors", n=result.error_count))
        st.code("\n".join(result.errors), language=None, wrap_lines=True)
        return
    if result.nothing_changed:
        st.info(t("tre_nothing"))
        return
    st.markdown(md_escape(t("tre_changes", summary=result.summary(ctx.lang))))
    st.subheader(t("tre_whatif_title"))
    whatif = build_whatif(plain, ctx.round_id, frame, ctx.lang)
    st.caption(t("tre_whatif_moved", n=whatif.moved))
    st.caption(t("tre_whatif_rescaled"))
    table = whatif.table
    shown = table.frame[[c.key for c in table.columns]]
    st.dataframe(
        highlight_moved(table.frame, shown),
        hide_index=True,
        width="stretch",
        column_config=column_config(table),
    )
    if whatif.scores_above:
        st.error(t("tre_scores_above", n=whatif.scores_above))
        return
    with st.form(f"tree_save_{ctx.round_year}_{id(frame)}"):
        sure = st.checkbox(t("tre_confirm"))
        go = st.form_submit_button(t("tre_save"), type="primary")
    if not go:
        return
    if not sure:
        st.error(t("tre_unconfirmed"))
        return
    st.session_state.pop(_PENDING, None)
    try:
        saved = run_import(
            cache.engine(),
            ctx.principal,
            KIND,
            tree_file(frame),
            TREE_FILE,
            round_year=ctx.round_year,
            lang=ctx.lang,
        )
    except (ImportRefused, AccessDenied) as exc:
        st.error(md_escape(str(exc)))
        return
    if not saved.ok:
        st.error(t("tre_errors", n=saved.error_count))
        st.code("\n".join(saved.errors), language=None, wrap_lines=True)
        return
    st.session_state[_FLASH] = t("tre_saved", batch=saved.batch_id, summary=saved.summary(ctx.lang))
    st.rerun()
