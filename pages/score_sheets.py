"""评分表 Score sheets: download the round's template, upload a filled one (all or nothing)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access import cache
from data_access.imports.reader import MAX_FILE_BYTES
from data_access.rounds import RoundFrozen
from data_access.score_sheets import ScoreSheetError, build_score_template, import_score_sheet
from domain.vocab import Role, RoundStatus
from ui.context import require_page
from ui.i18n import current_lang, t
from ui.widgets import table

ctx = require_page(Role.STAFF, Role.ADMIN)
lang = current_lang()
st.header(t("sh_heading", round=ctx.round_name))
st.write(t("sh_intro"))

template = ctx.reader(build_score_template, ctx.round_id, lang)
st.download_button(
    t("sh_download"),
    data=template,
    file_name=f"score-sheet-{ctx.round_year}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
)

if ctx.round_status == RoundStatus.COMPLETED:
    st.info(t("sh_frozen"))
    st.stop()

with st.form("score_sheets_upload", clear_on_submit=True):
    # No type filter: an .xls, .xlsm or renamed file gets the reader's message, not silence.
    upload = st.file_uploader(t("sh_upload"), max_upload_size=MAX_FILE_BYTES // (1024 * 1024))
    submitted = st.form_submit_button(t("sh_import"), type="primary")
if submitted and upload is not None:
    try:
        report = import_score_sheet(
            cache.engine(),
            ctx.round_id,
            upload.getvalue(),
            actor=ctx.user.username,
            lang=lang,
            filename=upload.name,
        )
    except ScoreSheetError as exc:
        st.error(t("sh_failed", n=exc.count))
        table(pd.DataFrame({t("sh_col_problem"): exc.errors}))
        if exc.count > len(exc.errors):
            st.caption(t("imp_errors_more", n=exc.count - len(exc.errors)))
    except RoundFrozen as exc:
        st.error(str(exc))
    else:
        st.success(
            t(
                "sh_done",
                rows=report.rows,
                agencies=report.agencies,
                inserted=report.inserted,
                updated=report.updated,
            )
        )
