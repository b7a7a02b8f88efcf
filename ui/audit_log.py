"""Drawing 审计日志: the filters (kept in the URL), the list of entries with its CSV, and the
selected entry's before → after. Figures come from views.audit_log; every stored text is
shown in tables or escaped, never as HTML."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from data_access import cache
from data_access.reader import Reader
from ui.context import PageContext
from ui.exports import export_table
from ui.i18n import t
from ui.profile_detail import md_escape
from ui.widgets import choice_box, draw_table
from views.audit_log import AuditLogView, audit_frame, entry_diff

__all__ = ["fresh_reader", "filters", "listing", "entry_detail"]

_ALL = ""
_SHORT = 10  # rows drawn at their own height; a longer list scrolls in a fixed box


def fresh_reader(ctx: PageContext) -> Reader:
    """An uncached reader: sign-ins and sign-outs are audited without bumping the data
    version, so a cached list would miss them."""
    return Reader(cache.engine(), ctx.principal)


def _url_choice(label: str, values: tuple[str, ...], param: str, lang: str) -> None:
    """A selectbox whose value lives in the URL's ``param`` ('' for all)."""
    key = f"audit_{param}"
    current = st.query_params.get(param, _ALL)
    options = {_ALL: t("aud_all")} | {v: v for v in values}
    if current and current not in options:
        options[current] = current  # a link's value the log no longer has: keep it visible
    st.session_state[key] = current

    def changed() -> None:
        value = st.session_state[key]
        if value:
            st.query_params[param] = value
        else:
            st.query_params.pop(param, None)

    choice_box(label, options, key, lang, changed)


def _url_date(label: str, param: str) -> None:
    """A date input whose value lives in the URL's ``param`` (YYYY-MM-DD; empty: no limit)."""
    key = f"audit_{param}"
    raw = st.query_params.get(param)
    try:
        st.session_state[key] = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        st.session_state[key] = None

    def changed() -> None:
        value = st.session_state[key]
        if isinstance(value, dt.date):
            st.query_params[param] = value.isoformat()
        else:
            st.query_params.pop(param, None)

    st.date_input(label, key=key, on_change=changed, format="YYYY-MM-DD")


def filters(ctx: PageContext, model: AuditLogView) -> None:
    """User, action, table and date-range filters; a choice is written to the URL."""
    # Two rows of three: five filters in one row leave the dates unreadable at 1024 px.
    top, bottom = st.columns(3), st.columns(3)
    with top[0]:
        _url_choice(t("aud_filter_user"), model.options.users, "user", ctx.lang)
    with top[1]:
        _url_choice(t("aud_filter_action"), model.options.actions, "action", ctx.lang)
    with top[2]:
        _url_choice(t("aud_filter_entity"), model.options.entities, "entity", ctx.lang)
    with bottom[0]:
        _url_date(t("aud_filter_from"), "from")
    with bottom[1]:
        _url_date(t("aud_filter_to"), "to")


def listing(ctx: PageContext, model: AuditLogView) -> int | None:
    """The count, the entries (a row may be selected: its id is returned) and the CSV."""
    if model.table.empty:
        st.info(t("aud_empty"))
        return None
    st.caption(t("aud_count", n=len(model.table)))
    if model.truncated:
        st.warning(t("aud_truncated", n=len(model.table)))
    chosen = draw_table(
        model.table,
        height=420 if len(model.table) > _SHORT else "auto",
        on_select="rerun",
        selection_mode="single-row",
        key="audit_table",
    )
    export_table(audit_frame(model, ctx.lang), "audit_log", title=t("aud_heading"))
    rows = chosen.selection.rows if chosen is not None else []
    return int(model.table.frame["entry_id"].iloc[rows[0]]) if rows else None


def entry_detail(ctx: PageContext, model: AuditLogView, entry_id: int | None) -> None:
    """The selected entry's changed fields, before → after."""
    st.subheader(t("aud_detail_title"))
    if entry_id is None or entry_id not in model.changes:
        st.caption(t("aud_pick"))
        return
    row = model.table.frame[model.table.frame["entry_id"] == entry_id].iloc[0]
    st.markdown(
        md_escape(
            t(
                "aud_detail_head",
                at=row["at"],
                user=row["user"] or "—",
                action=row["action"],
                entity=row["entity"] or "—",
                id=row["entity_id"] or "—",
            )
        )
    )
    before, after = model.changes[entry_id]
    diff = entry_diff(before, after, ctx.lang)
    if diff.empty:
        st.info(t("aud_no_values"))
        return
    draw_table(diff)
