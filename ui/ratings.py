"""Drawing 外部评价 (views.ratings): the filters kept in the URL (?agency=9&matter=党建&q=…),
the counts and scores per agency × matter with the ratings behind a selected row, the rater
× agency heatmap, the problems raters noted (searchable, shown as text) and a link to the
agency profile. Nothing here computes."""

from __future__ import annotations

from typing import Any

import streamlit as st

from data_access import cache
from data_access.reader import Reader
from data_access.scope import RoundRef
from ui.context import PageContext
from ui.i18n import current_lang, t
from ui.profile_detail import show
from ui.router import LANG_PARAM, ROUND_PARAM
from ui.widgets import choice_box, draw_table
from views.ratings import RatingFilters, RatingsPage, build_ratings_page, ratings_behind

__all__ = [
    "AGENCY_PARAM",
    "MATTER_PARAM",
    "QUERY_PARAM",
    "read_filters",
    "ratings_page",
    "filters",
    "summary",
    "heatmap",
    "problems",
]

AGENCY_PARAM, MATTER_PARAM, QUERY_PARAM = "agency", "matter", "q"
_ALL = ""


def read_filters(agency_scope: int | None) -> RatingFilters:
    """The filters the URL asks for; an agency user's own agency whatever the URL says."""
    q = st.query_params
    raw = q.get(AGENCY_PARAM)
    asked = int(raw) if isinstance(raw, str) and raw.isdigit() else None
    agency = agency_scope if agency_scope is not None else asked
    return RatingFilters(agency, q.get(MATTER_PARAM) or None, str(q.get(QUERY_PARAM) or ""))


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _ratings_page(
    _reader: Reader,
    principal: tuple[str, str, int | None],
    rnd: tuple[int, int, str, str, str | None],
    lang: str,
    wanted: tuple[int | None, str | None, str],
    version: int,
) -> RatingsPage:
    """The view model, cached per principal, round, language, filters and data version."""
    return build_ratings_page(_reader, RoundRef(*rnd), lang, RatingFilters(*wanted))


def ratings_page(ctx: PageContext, wanted: RatingFilters) -> RatingsPage:
    p, r = ctx.principal, ctx.round
    return _ratings_page(
        ctx.reader,
        (p.username, str(p.role), p.agency_id),
        (r.round_id, r.year, r.name, r.status, r.name_en),
        ctx.lang,
        (wanted.agency_id, wanted.matter, wanted.query),
        cache.current_version(),
    )


def _to_url(param: str, key: str) -> None:
    value = st.session_state[key]
    if value in (None, _ALL, ""):
        if param in st.query_params:
            del st.query_params[param]
    else:
        st.query_params[param] = str(value)


def filters(model: RatingsPage, fixed_agency: bool) -> None:
    """Agency (office roles), matter and the problem search; each kept in the URL."""
    left, middle, right = st.columns([3, 2, 3])
    lang = current_lang()
    with left:
        if fixed_agency:
            st.markdown(f"**{t('xr_filter_agency')}**")
            st.text(next(iter(model.agencies.values()), ""))
        else:
            options: dict[Any, str] = {_ALL: t("xr_filter_all_agencies"), **model.agencies}
            st.session_state["xr_agency"] = model.filters.agency_id or _ALL
            choice_box(
                t("xr_filter_agency"),
                options,
                "xr_agency",
                lang,
                on_change=lambda: _to_url(AGENCY_PARAM, "xr_agency"),
            )
    with middle:
        matters: dict[Any, str] = {_ALL: t("xr_filter_all_matters"), **model.matters}
        st.session_state["xr_matter"] = model.filters.matter or _ALL
        choice_box(
            t("xr_filter_matter"),
            matters,
            "xr_matter",
            lang,
            on_change=lambda: _to_url(MATTER_PARAM, "xr_matter"),
        )
    with right:
        st.session_state["xr_query"] = model.filters.query
        st.text_input(
            t("xr_search"),
            key="xr_query",
            help=t("xr_search_help"),
            on_change=lambda: _to_url(QUERY_PARAM, "xr_query"),
        )


def profile_link(ctx: PageContext, model: RatingsPage) -> None:
    """To the agency profile of the agency shown (one agency chosen, or the user's own)."""
    agency_id = model.filters.agency_id
    if agency_id is None:
        return
    keep = {k: st.query_params[k] for k in (LANG_PARAM, ROUND_PARAM) if k in st.query_params}
    st.page_link(
        "pages/profile.py",
        label=t("xr_to_profile", agency=model.agencies.get(agency_id, "")),
        icon=":material/account_balance:",
        query_params={**keep, "agency": str(agency_id)},
    )


def summary(model: RatingsPage) -> None:
    """Counts and score per agency × matter; a selected row lists the ratings behind it."""
    if model.summary is None:
        return
    st.subheader(t("xr_summary_title"))
    st.caption(t("xr_summary_caption"))
    event = draw_table(
        model.summary,
        height=min(420, 38 + 35 * len(model.summary)),
        on_select="rerun",
        selection_mode="single-row",
        key="xr_summary",
    )
    picked = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if not picked:
        return
    row = model.summary.frame.iloc[int(picked[0])]
    behind = ratings_behind(model, int(row["agency_id"]), str(row["matter"]))
    if behind is None:
        return
    st.markdown(
        "**"
        + t(
            "xr_behind_title",
            agency=str(row["agency_label"]),
            matter=str(row["matter_label"]),
            n=len(behind),
        )
        + "**"
    )
    draw_table(behind, height=min(420, 38 + 35 * len(behind)), key="xr_behind")


def heatmap(model: RatingsPage) -> None:
    if model.heatmap is None:
        return
    st.subheader(t("xr_heat_title"))
    show(model.heatmap)
    st.caption(model.heatmap_caption)


def problems(model: RatingsPage) -> None:
    """The problems raters noted (text in a dataframe: never rendered as HTML or Markdown)."""
    st.subheader(t("xr_problems_title"))
    if model.problems is None or model.problems.empty:
        st.info(t("xr_problems_none"))
        return
    st.caption(t("xr_problems_count", n=len(model.problems)))
    draw_table(model.problems, height=min(460, 38 + 35 * len(model.problems)), key="xr_problems")
    csv = model.problems.display().to_csv(index=False).encode("utf-8-sig")
    st.download_button(
        t("xr_download"),
        csv,
        file_name="external-rating-problems.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="xr_problems_csv",
    )
