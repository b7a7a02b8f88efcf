"""审计日志 Audit log (administrators): every write, sign-in and import, filtered by user,
action, table and date range (the filters live in the URL:
``/audit-log?user=admin&action=round.status&from=2026-01-01``); the selected entry's changed
fields before → after; CSV of the filtered list. Figures: views.audit_log; drawing:
ui.audit_log."""

from __future__ import annotations

import streamlit as st

from domain.vocab import Role
from ui import audit_log as draw
from ui.context import require_page
from ui.i18n import t
from views.audit_log import build_audit_log, filters_from_params

ctx = require_page(Role.ADMIN)
st.header(t("aud_heading"))
st.caption(t("aud_intro"))

shown = build_audit_log(
    draw.fresh_reader(ctx), ctx.lang, filters_from_params(st.query_params.to_dict())
)
draw.filters(ctx, shown)
picked = draw.listing(ctx, shown)
draw.entry_detail(ctx, shown, picked)
