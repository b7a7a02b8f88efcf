"""评估批次 Rounds (administrators): every round with its status and agency count; create one
(its tree and configuration copied from an earlier round, or the defaults); for the chosen
round, the evaluated agencies, the self-evaluation window and the next status (准备中 → 评估中 →
已完成, confirmed; 已完成 freezes the round). Figures: views.round_admin; drawing and writes:
ui.round_admin."""

from __future__ import annotations

import streamlit as st

from domain.vocab import Role
from ui import round_admin as draw
from ui.context import require_page
from ui.i18n import t
from views.round_admin import build_rounds

ctx = require_page(Role.ADMIN)
st.header(t("rda_heading"))
st.caption(t("rda_intro"))
draw.flash()

model = build_rounds(ctx.reader, ctx.lang)
draw.overview(model)
draw.create_form(ctx, model)
chosen = draw.choose_round(ctx, model)
if chosen is not None:
    draw.manage_round(ctx, model, chosen)
