"""数据导入 Data import (staff and admin): choose a kind, download its template, upload a filled
one, check the preview (new / changed before → after / unchanged, every error), confirm; the
batch history with undo. Checking and writing: data_access.imports; what is shown:
views.data_import; drawing: ui.data_import."""

from __future__ import annotations

import streamlit as st

from domain.vocab import Role
from ui.context import require_page
from ui.data_import import (
    choose_kind,
    confirm_button,
    current_preview,
    draw_history,
    draw_preview,
    show_message,
    template_button,
    upload_widget,
)
from ui.i18n import t
from views.data_import import build_history, kind_options

ctx = require_page(Role.STAFF, Role.ADMIN)
st.header(t("dip_heading"))
st.caption(t("dip_intro"))

option = choose_kind(kind_options(ctx.lang), ctx.lang)
# Kinds that belong to a round (indicator trees …) go into the round chosen in the sidebar.
round_year = ctx.round_year if option.needs_round else None
if option.needs_round:
    st.caption(t("dip_round", round=ctx.round_name))
template_button(ctx, option, round_year)

upload = upload_widget()
show_message("import")
preview = current_preview(ctx, option, round_year, upload)
if preview is not None:
    draw_preview(preview)
confirm_button(ctx, option, round_year, upload, preview)

st.divider()
draw_history(ctx, build_history(ctx.reader, ctx.lang))
