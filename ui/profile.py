"""Drawing the agency profile (单位画像): which agency (the ``?agency=ID`` URL parameter),
the headline, the score breakdown with its inspector, ratings and surveys. Every figure comes
from ``views.profile``; nothing here computes."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from domain.vocab import PALETTE
from ui.context import PageContext
from ui.exports import export_chart, export_table
from ui.i18n import current_lang, t
from ui.profile_detail import (
    draw_node_detail,
    draw_text_table,
    md_escape,
    show,
)
from ui.widgets import choice_box, kpi_row
from views.profile import Absent, Headline, Profile, Ratings, agency_name

__all__ = [
    "AGENCY_PARAM",
    "choose_agency",
    "not_evaluated",
    "headline",
    "score_breakdown",
    "ratings_and_surveys",
]

AGENCY_PARAM = "agency"
_AGENCY_KEY = "pf_agency"
_NODE_KEY = "pf_node"
# st.metric colours its delta by name; the view model gives palette colours.
Tone = Literal["red", "orange", "blue", "green", "violet", "gray"]
_TONES: dict[str, Tone] = {
    PALETTE[0]: "red",
    PALETTE[1]: "orange",
    PALETTE[2]: "blue",
    PALETTE[3]: "green",
    PALETTE[4]: "violet",
}


# -- which agency ----------------------------------------------------------------------------


def _requested() -> int | None | str:
    raw = st.query_params.get(AGENCY_PARAM)
    if raw in (None, ""):
        return None
    try:
        return int(str(raw))
    except ValueError:
        return "invalid"


def _sync_param() -> None:
    st.query_params[AGENCY_PARAM] = str(st.session_state[_AGENCY_KEY])


def choose_agency(ctx: PageContext, options: dict[int, str]) -> int | None:
    """The agency to show: an agency user's own agency whatever the URL says; for office
    roles the `agency` query parameter preselects, the selectbox changes it, and the parameter
    follows the selectbox so the URL can be shared. ``options``: the round's agencies."""
    requested = _requested()
    if ctx.agency_scope is not None:
        own = int(ctx.agency_scope)
        if requested is not None and requested != own:
            # The URL is left as it is, so the note survives reruns; nothing else is read from it.
            st.info(t("pf_own_only"))
        return own
    names = dict(options)
    if requested == "invalid":
        st.warning(t("pf_bad_param"))
        requested = None
    elif isinstance(requested, int) and requested not in names:
        found = agency_name(ctx.reader, ctx.round, ctx.lang, requested)
        if found is None:
            st.warning(t("pf_bad_param"))
            requested = None
        else:
            names[requested] = found
    if not names:
        return None
    if isinstance(requested, int) and st.session_state.get(_AGENCY_KEY) != requested:
        st.session_state[_AGENCY_KEY] = requested
    elif st.session_state.get(_AGENCY_KEY) not in names:
        st.session_state[_AGENCY_KEY] = next(iter(names))
    choice_box(t("pf_pick_agency"), names, _AGENCY_KEY, ctx.lang, on_change=_sync_param)
    chosen = int(st.session_state[_AGENCY_KEY])
    st.query_params[AGENCY_PARAM] = str(chosen)
    return chosen


def not_evaluated(absent: Absent) -> None:
    """Explained empty state: the agency is not in the selected round."""
    st.info(md_escape(absent.note))
    st.caption(absent.rounds)


# -- headline --------------------------------------------------------------------------------


def headline(h: Headline) -> None:
    """Cards, the formula, and the warnings with the missing leaves."""
    for col, card in zip(st.columns(len(h.cards)), h.cards, strict=True):
        k = card.kpi
        col.metric(
            k.label,
            str(k.value),
            delta=k.delta,
            delta_color=_TONES.get(card.tone, "gray"),
            delta_arrow="off",
            border=True,
        )
    st.caption(h.formula)
    if h.insufficient:
        st.warning(h.insufficient)
    if h.missing is not None:
        draw_text_table(h.missing)
    for text in h.warnings:
        st.warning(text)


# -- score breakdown -------------------------------------------------------------------------


def score_breakdown(p: Profile) -> None:
    """Level-1 chart beside the change since the previous round; the tree and its inspector;
    the individual indicators."""
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(f"**{t('pf_l1_title')}**")
        show(p.l1)
        export_chart(p.l1, f"profile-{p.agency_id}-l1")
    with right:
        st.markdown(f"**{t('pf_change_title')}**")
        if p.change.chart is None:
            st.info(p.change.note or "")
        else:
            show(p.change.chart)
            export_chart(p.change.chart, f"profile-{p.agency_id}-change")
            st.caption(p.change.caption or "")
    _tree(p)
    export_table(
        p.tree.table, f"profile-{p.agency_id}-tree", title=f"{p.name} · {t('pf_tree_title')}"
    )
    if p.individual is not None:
        st.markdown(f"**{t('pf_individual_title')}**")
        draw_text_table(p.individual.table)
        st.caption(p.individual.caption)
        export_table(
            p.individual.table,
            f"profile-{p.agency_id}-individual",
            title=f"{p.name} · {t('pf_individual_title')}",
        )


def _tree(p: Profile) -> None:
    codes = list(p.tree.codes)
    if st.session_state.get(_NODE_KEY) not in codes:
        st.session_state[_NODE_KEY] = codes[0]

    def pick_row() -> None:
        rows = st.session_state["pf_tree_table"].selection.rows
        if rows:
            st.session_state[_NODE_KEY] = codes[rows[0]]

    left, right = st.columns([11, 8], gap="medium")
    with left:
        st.markdown(f"**{t('pf_tree_title')}**")
        st.caption(t("pf_tree_hint"))
        draw_text_table(
            p.tree.table,
            height=420,
            key="pf_tree_table",
            on_select=pick_row,
            selection_mode="single-row",
        )
    with right:
        labels = p.tree.labels
        # The widget has one key per language: Streamlit keeps a selectbox's value as its
        # label, and the root's label changes with the language. The choice itself lives in
        # _NODE_KEY, which the table's row selection also sets.
        widget = f"{_NODE_KEY}_{current_lang()}"
        st.session_state[widget] = st.session_state[_NODE_KEY]
        st.selectbox(
            t("pf_inspect"),
            codes,
            format_func=labels.__getitem__,
            key=widget,
            on_change=lambda: st.session_state.update({_NODE_KEY: st.session_state[widget]}),
        )
        draw_node_detail(p.tree.details[str(st.session_state[_NODE_KEY])])


# -- ratings and surveys ---------------------------------------------------------------------


def ratings_and_surveys(r: Ratings) -> None:
    """Self vs team per leaf, external ratings by matter, both surveys with their warnings."""
    st.subheader(t("pf_self_team_title"))
    if r.self_team is None:
        st.info(t("pf_no_self_scores"))
    else:
        st.caption(r.gap_caption or "")
        show(r.self_team)
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(t("pf_external_title"))
        st.page_link(  # 外部评价: every rating, rater and problem noted (and back here)
            "pages/ratings.py",
            label=t("xr_from_profile"),
            icon=":material/reviews:",
            query_params={
                k: st.query_params[k] for k in ("lang", "round", "agency") if k in st.query_params
            },
        )
        if r.external is None:
            st.info(t("pf_no_ratings"))
        else:
            show(r.external)
            st.caption(r.external_caption or "")
    with right:
        st.subheader(t("pf_surveys_title"))
        for card in r.surveys:
            if card.note:
                st.info(card.note)
                continue
            st.markdown(f"**{card.title}**")
            kpi_row(card.kpis)
            st.caption(card.caption or "")
            if card.warning:
                st.warning(card.warning)
