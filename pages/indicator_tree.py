"""指标体系 Indicator tree (administrators): the selected round's common tree as an editable
table (points, names, English names, evaluation points, sources …), checked as the
``indicators`` import checks a file, with the what-if ranking before and after the change;
saved only when confirmed. A completed round's tree is read-only. Figures: views.tree_admin;
drawing and the save: ui.tree_admin."""

from __future__ import annotations

import streamlit as st

from domain.vocab import Role, RoundStatus
from ui import tree_admin as draw
from ui.context import require_page
from ui.i18n import t
from views.tree_admin import editable_tree

ctx = require_page(Role.ADMIN)
st.header(t("tre_heading"))
st.caption(t("tre_intro", round=ctx.round_name))
draw.flash()

draw.editor(
    ctx,
    editable_tree(draw.reader(ctx), ctx.round_year, ctx.lang),
    frozen=ctx.round_status == RoundStatus.COMPLETED.value,
)
draw.pending_change(ctx)
