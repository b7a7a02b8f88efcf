"""Drawing 调整意见: the list's filters (kept in the URL), the list with counts and its CSV, the
office's record form and move form, and the section on an agency's profile. Figures come from
views.adjustments; writes go to data_access.adjustments, whose refusals are shown as they
come (in the user's language)."""

from __future__ import annotations

import streamlit as st

from data_access import cache
from data_access.adjustments import (
    CONTENT_LIMIT,
    SECTION_LIMIT,
    AdjustmentRefused,
    move_adjustment,
    record_adjustment,
)
from data_access.scope import AccessDenied
from ui.context import PageContext
from ui.exports import export_table
from ui.i18n import t
from ui.profile_detail import md_escape
from ui.widgets import choice_box, draw_table
from views.adjustments import (
    ALL,
    AdjustmentList,
    agency_options,
    kind_options,
    move_options,
    state_options,
)
from views.common import Table

__all__ = ["flash", "filters", "listing", "record_form", "move_form", "profile_section"]

_FLASH = "adjustments_flash"


def flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)


def _errors(errors: list[str]) -> None:
    st.error("\n\n".join(md_escape(e) for e in errors))


def _url_choice(label: str, options: dict[str, str], param: str, lang: str) -> str:
    """A selectbox whose value lives in the URL's ``param`` ('' for every …)."""
    key = f"adjustments_{param}"
    current = st.query_params.get(param, ALL)
    st.session_state[key] = current if current in options else ALL

    def changed() -> None:
        value = st.session_state[key]
        if value:
            st.query_params[param] = value
        else:
            st.query_params.pop(param, None)

    return str(choice_box(label, options, key, lang, changed))


def filters(ctx: PageContext, model: AdjustmentList) -> None:
    """Kind, state, round and (office) agency filters; a choice is written to the URL, which
    the page reads (views.adjustments.filters_from_params)."""
    every = {ALL: t("adj_all")}
    agencies = {str(i): name for i, name in model.agencies.items()}
    years = {str(y): str(y) for y in model.years}
    columns = st.columns(4 if ctx.agency_scope is None else 3)
    with columns[0]:
        _url_choice(t("adj_filter_kind"), every | kind_options(ctx.lang), "kind", ctx.lang)
    with columns[1]:
        _url_choice(t("adj_filter_state"), every | state_options(ctx.lang), "state", ctx.lang)
    with columns[2]:
        _url_choice(t("adj_filter_year"), every | years, "year", ctx.lang)
    if ctx.agency_scope is None:
        with columns[3]:
            _url_choice(t("adj_filter_agency"), every | agencies, "agency", ctx.lang)


def listing(model: AdjustmentList, file_name: str) -> int | None:
    """Counts, the list (a row may be selected: its proposal id is returned) and the CSV."""
    # One line rather than five cards: the state names do not fit five cards at 1024 px.
    st.markdown(" · ".join(f"{md_escape(k.label)} **{k.value}**" for k in model.kpis))
    if model.table.empty:
        st.info(t("adj_empty"))
        return None
    chosen = draw_table(
        model.table, on_select="rerun", selection_mode="single-row", key="adjustments_table"
    )
    export_table(model.table, file_name.removesuffix(".csv"), title=t("adj_heading"))
    rows = chosen.selection.rows if chosen is not None else []
    return int(model.table.frame["proposal_id"].iloc[rows[0]]) if rows else None


def record_form(ctx: PageContext) -> None:
    """Record a proposal (待研究) for an agency of the round."""
    agencies = agency_options(ctx.reader, ctx.round_id, ctx.lang)
    kinds = kind_options(ctx.lang)
    with st.expander(t("adj_record_title"), icon=":material/add:"):
        with st.form("adjustments_record", clear_on_submit=True):
            agency = st.selectbox(
                t("adj_field_agency"), list(agencies), format_func=agencies.__getitem__
            )
            kind = st.selectbox(t("adj_field_kind"), list(kinds), format_func=kinds.__getitem__)
            content = st.text_area(t("adj_field_content"), max_chars=CONTENT_LIMIT)
            section = st.text_input(t("adj_field_section"), max_chars=SECTION_LIMIT)
            go = st.form_submit_button(t("adj_record"), type="primary")
    if not go or agency is None or kind is None:
        return
    try:
        record_adjustment(
            cache.engine(),
            int(agency),
            str(kind),
            content,
            section,
            principal=ctx.principal,
            round_id=ctx.round_id,
            lang=ctx.lang,
        )
    except AdjustmentRefused as exc:
        _errors(exc.errors)
    except AccessDenied as exc:
        _errors([str(exc)])
    else:
        st.session_state[_FLASH] = t("adj_recorded")
        st.rerun()


def move_form(ctx: PageContext, model: AdjustmentList, proposal_id: int | None) -> None:
    """Move the selected proposal on (the state it is expected to be in goes with it)."""
    if proposal_id is None:
        st.caption(t("adj_move_pick"))
        return
    row = model.table.frame[model.table.frame["proposal_id"] == proposal_id].iloc[0]
    targets = move_options(str(row["state_value"]), ctx.lang)
    st.markdown(f"**{md_escape(t('adj_move_title', agency=row['agency'], kind=row['kind']))}**")
    if not targets:
        st.info(t("adj_final", state=row["state"]))
        return
    with st.form(f"adjustments_move_{proposal_id}"):
        target = st.selectbox(t("adj_move_to"), list(targets), format_func=targets.__getitem__)
        outcome = st.text_area(t("adj_move_outcome"), max_chars=CONTENT_LIMIT)
        go = st.form_submit_button(t("adj_move"), type="primary")
    if not go or target is None:
        return
    try:
        move_adjustment(
            cache.engine(),
            proposal_id,
            str(target),
            principal=ctx.principal,
            expected_state=str(row["state_value"]),
            outcome=outcome,
            lang=ctx.lang,
        )
    except AdjustmentRefused as exc:
        _errors(exc.errors)
    except AccessDenied as exc:
        _errors([str(exc)])
    else:
        st.session_state[_FLASH] = t("adj_moved", state=targets[str(target)])
        st.rerun()


def profile_section(table: Table | None) -> None:
    """The agency's adjustment proposals on its profile."""
    st.subheader(t("pf_adj_title"))
    if table is None:
        st.info(t("pf_adj_none"))
        return
    draw_table(table)
