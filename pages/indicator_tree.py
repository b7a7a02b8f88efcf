"""指标体系 Indicator tree (administrators), for the selected round: the common tree as an
editable table (points, names, English names, evaluation points, sources …), checked as the
``indicators`` import checks a file, with the what-if ranking before and after the change; the
individual indicators of each agency type, checked as the ``individual`` import checks a file
(each error under its field); the round's thresholds and mappings (RoundConfig) in a form,
with the same what-if. Nothing is saved until confirmed; a completed round is read-only.
Figures: views.tree_admin, views.individual_admin, views.round_config; drawing and the saves:
ui.tree_admin, ui.individual_admin, ui.round_config."""

from __future__ import annotations

import streamlit as st

from domain.vocab import Role, RoundStatus
from ui import individual_admin, round_config
from ui import tree_admin as draw
from ui.context import require_page
from ui.i18n import t
from views.round_config import build_config_form
from views.tree_admin import editable_tree

ctx = require_page(Role.ADMIN)
st.header(t("tre_heading"))
st.caption(t("tre_intro", round=ctx.round_name))
frozen = ctx.round_status == RoundStatus.COMPLETED.value
tree_tab, individual_tab, config_tab = st.tabs(
    [t("tre_tab_tree"), t("tre_tab_individual"), t("tre_tab_config")]
)
with tree_tab:
    draw.flash()
    draw.editor(ctx, editable_tree(draw.reader(ctx), ctx.round_year, ctx.lang), frozen=frozen)
    draw.pending_change(ctx)
with individual_tab:
    individual_admin.individual_editor(ctx, frozen)
with config_tab:
    round_config.flash()
    form = build_config_form(draw.reader(ctx), ctx.round_id, ctx.lang)
    round_config.config_form(ctx, form, frozen)
    round_config.pending_config(ctx, form)
