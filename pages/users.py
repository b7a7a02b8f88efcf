"""用户管理 Users (administrators): every account with its role, agency, last sign-in, lock and
state; create an account (a one-time password, shown once, changed at the first sign-in),
change its role or agency, reset its password, unlock it, disable or enable it. The last
administrator cannot be demoted or disabled. Figures: views.users; drawing and writes:
ui.users (data_access.user_admin checks the role again and audits every write)."""

from __future__ import annotations

import streamlit as st

from domain.vocab import Role
from ui import users as draw
from ui.context import require_page
from ui.i18n import t
from views.users import build_users

ctx = require_page(Role.ADMIN)
st.header(t("usr_heading"))
st.caption(t("usr_intro"))
draw.flash()

model = build_users(draw.reader(ctx), ctx.lang)
draw.overview(model)
draw.create_form(ctx, model)
chosen = draw.choose_account(model)
if chosen is not None:
    draw.manage_account(ctx, model, chosen)
