"""Drawing the 数据导入 page (views.data_import): the kind, the template, the upload and its
preview, the confirm button, the batch history with undo buttons.

Session state (page-local keys, prefixed ``data_import_``): the preview of the uploaded file,
kept until the file, the kind, the round, the language or the stored data change; what the
confirm button was drawn for (so a confirm imports only the file previewed); a counter that
gives the uploader a new key after an import (the imported file is not offered again); and
one message per action that survives the rerun after it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from data_access import cache
from data_access.imports.reader import MAX_FILE_BYTES
from data_access.scope import Principal
from ui.context import PageContext
from ui.i18n import t
from ui.leadership import rows_height
from ui.profile_detail import md_escape
from ui.widgets import draw_table, kpi_row, table
from views.data_import import (
    History,
    KindOption,
    Outcome,
    check_file,
    confirm_import,
    confirm_refusal,
    file_sha256,
    lookup_names,
    template_file,
    template_filename,
    undo_import,
)
from views.import_preview import Preview

__all__ = [
    "choose_kind",
    "template_button",
    "upload_widget",
    "current_preview",
    "draw_preview",
    "confirm_button",
    "draw_history",
    "show_message",
]

_KIND = "data_import_kind"
_PREVIEW = "data_import_preview"  # (what it was made for, Preview)
_CONFIRM = "data_import_confirm"  # (sha256, kind, round year) the pressed button was drawn for
_UPLOADS = "data_import_uploads"  # counter: a fresh uploader after each import
_MESSAGE = {"import": "data_import_msg_import", "undo": "data_import_msg_undo"}
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def choose_kind(options: list[KindOption], lang: str) -> KindOption:
    """The kind selectbox (one widget key per language: a selectbox keeps the labels it was
    drawn with); the choice itself lives in ``data_import_kind``."""
    by_name = {o.name: o for o in options}
    if st.session_state.get(_KIND) not in by_name:
        st.session_state[_KIND] = next(iter(by_name))
    widget = f"{_KIND}_{lang}"
    st.session_state[widget] = st.session_state[_KIND]
    st.selectbox(
        t("dip_kind"),
        list(by_name),
        format_func=lambda name: by_name[name].label,
        key=widget,
        on_change=lambda: st.session_state.update({_KIND: st.session_state[widget]}),
    )
    return by_name[st.session_state[_KIND]]


def template_button(ctx: PageContext, option: KindOption, round_year: int | None) -> None:
    data = ctx.reader(template_file, option.name, ctx.lang, round_year)
    st.download_button(
        t("dip_download", kind=option.label),
        data=data,
        file_name=template_filename(option.name, round_year),
        mime=_XLSX,
        on_click="ignore",
        icon=":material/download:",
    )


def upload_widget() -> UploadedFile | None:
    """The uploader, with no type filter: a file of another type gets the reader's message
    (an .xlsm, a renamed PDF …) rather than the browser silently refusing it."""
    n = st.session_state.setdefault(_UPLOADS, 0)
    limit = MAX_FILE_BYTES // (1024 * 1024)
    uploaded = st.file_uploader(
        t("dip_upload"),
        key=f"data_import_file_{n}",
        help=t("dip_upload_help", limit=limit),
        max_upload_size=limit,
    )
    return uploaded if isinstance(uploaded, UploadedFile) else None


def current_preview(
    ctx: PageContext, option: KindOption, round_year: int | None, upload: UploadedFile | None
) -> Preview | None:
    """The uploaded file's preview, checked again only when something it depends on changed."""
    if upload is None:
        st.session_state.pop(_PREVIEW, None)
        return None
    data = upload.getvalue()
    made_for = (option.name, round_year, ctx.lang, file_sha256(data), cache.current_version())
    stored = st.session_state.get(_PREVIEW)
    if stored is not None and stored[0] == made_for:
        return stored[1]
    with st.spinner(t("dip_checking", file=upload.name)):
        names = ctx.reader(
            lookup_names, option.name, ctx.round_id if round_year else None, round_year
        )
        preview = check_file(
            cache.engine(),
            ctx.principal,
            option.name,
            data,
            upload.name,
            ctx.lang,
            names,
            round_year,
        )
    st.session_state[_PREVIEW] = (made_for, preview)
    return preview


def _problems(errors: tuple[str, ...]) -> None:
    table(
        pd.DataFrame({t("dip_col_problem"): list(errors)}),
        height=rows_height(len(errors), 560, header=40),
    )


def draw_preview(p: Preview) -> None:
    st.subheader(md_escape(p.heading))
    if p.refused:
        st.error(md_escape(p.refused))
        return
    if p.error_count:
        # With errors nothing is compared with what is stored: no counts to show.
        st.error(p.message)
        _problems(p.errors)
        if p.more_errors:
            st.caption(p.more_errors)
        return
    kpi_row(p.kpis)
    (st.success if p.changes else st.info)(p.message)
    for title, rows, note in (
        (t("dip_new_rows"), p.new_rows, p.new_note),
        (t("dip_changed_rows"), p.changed_rows, p.changed_note),
        (t("dip_removed_rows"), p.removed_rows, p.removed_note),
    ):
        if rows.empty:
            continue
        st.markdown(f"**{title}**")
        draw_table(rows, height=rows_height(len(rows), 420, header=40))
        if note:
            st.caption(note)


def _pressed(drawn_for: tuple[str, str, int | None]) -> None:
    st.session_state[_CONFIRM] = drawn_for


def confirm_button(
    ctx: PageContext,
    option: KindOption,
    round_year: int | None,
    upload: UploadedFile | None,
    preview: Preview | None,
) -> None:
    """The import button. It carries the sha256 of the preview it was drawn under: pressing it
    imports that file only, and only once (the preview is dropped before writing, and the
    uploader is emptied after)."""
    drawn_for = (preview.sha256 if preview else "", option.name, round_year)
    st.button(t("dip_confirm"), type="primary", on_click=_pressed, args=(drawn_for,))
    pressed = st.session_state.pop(_CONFIRM, None)
    if pressed is None:
        return
    data = upload.getvalue() if upload is not None else None
    shown = (
        preview
        if preview and pressed == (preview.sha256, preview.kind, preview.round_year)
        else None
    )
    refusal = confirm_refusal(shown, data, ctx.lang)
    if refusal is not None or shown is None or upload is None:
        _show(refusal or Outcome("warning", t("dip_no_file")))
        return
    st.session_state.pop(_PREVIEW, None)  # a second press finds nothing to confirm
    with st.status(t("dip_importing", n=shown.changes), expanded=False) as status:
        outcome = confirm_import(cache.engine(), ctx.principal, shown, data, upload.name, ctx.lang)
        # Kept before anything is drawn: a rerun that interrupts the drawing keeps them.
        st.session_state[_MESSAGE["import"]] = outcome
        if outcome.level == "success":
            st.session_state[_UPLOADS] = int(st.session_state.get(_UPLOADS, 0)) + 1
        status.update(label=t("dip_imported"), state="complete")
    st.rerun()


def show_message(slot: str) -> None:
    """The message an action left for the run after it (drawn once)."""
    outcome = st.session_state.pop(_MESSAGE[slot], None)
    if isinstance(outcome, Outcome):
        _show(outcome)


def _show(outcome: Outcome) -> None:
    draw: Any = {"success": st.success, "info": st.info, "warning": st.warning}.get(
        outcome.level, st.error
    )
    draw(md_escape(outcome.text))
    if outcome.errors:
        _problems(outcome.errors)


def _undo(principal: Principal, batch_id: int, lang: str) -> None:
    st.session_state[_MESSAGE["undo"]] = undo_import(cache.engine(), principal, batch_id, lang)


_WIDTHS = (0.6, 1.0, 1.7, 0.8, 1.5, 3.0, 1.5)


def draw_history(ctx: PageContext, history: History) -> None:
    """One line per batch, newest first, each with its undo button (or when it was undone)."""
    st.subheader(t("dip_history"))
    show_message("undo")
    if history.empty:
        st.info(history.empty)
        return
    st.caption(" ".join(x for x in (history.time_note, history.note) if x))
    for column, header in zip(st.columns(_WIDTHS), history.headers, strict=True):
        column.markdown(f"**{header}**" if header else "")
    for row in history.rows:
        *cells, action = st.columns(_WIDTHS, vertical_alignment="center")
        for cell, value in zip(cells, row.cells, strict=True):
            cell.text(value)
        if row.can_undo:
            action.button(
                row.undo_label,
                key=f"data_import_undo_{row.batch_id}",
                help=t("dip_undo_help"),
                on_click=_undo,
                args=(ctx.principal, row.batch_id, ctx.lang),
            )
        else:
            action.caption(row.undone)
