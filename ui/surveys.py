"""Drawing 民意测评 (views.surveys): questionnaire and agency filters kept in the URL
(?q=满意度调查问卷&agency=9), the dot-and-whisker chart, the table, the selected agency's items
and the import reports. Nothing here computes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from data_access import cache
from data_access.reader import Reader
from ui.context import PageContext
from ui.i18n import current_lang, t
from ui.router import LANG_PARAM, ROUND_PARAM
from ui.widgets import choice_box
from views.surveys import SurveysPage, build_surveys

__all__ = ["QUESTIONNAIRE_PARAM", "AGENCY_PARAM", "survey_page", "filters", "draw"]

QUESTIONNAIRE_PARAM, AGENCY_PARAM = "q", "agency"


def _int(raw: Any) -> int | None:
    return int(raw) if isinstance(raw, str) and raw.isdigit() else None


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _survey_page(
    _reader: Reader,
    principal: tuple[str, str, int | None],
    round_id: int,
    lang: str,
    wanted: tuple[str | None, int | None],
    version: int,
) -> SurveysPage:
    """The view model, cached per principal, round, language, filters and data version."""
    return build_surveys(_reader, round_id, lang, *wanted)


def survey_page(ctx: PageContext) -> SurveysPage:
    """``views.surveys.build_surveys`` for the URL's filters (an agency user: its own)."""
    q = st.query_params
    agency = ctx.agency_scope if ctx.agency_scope is not None else _int(q.get(AGENCY_PARAM))
    p = ctx.principal
    return _survey_page(
        ctx.reader,
        (p.username, str(p.role), p.agency_id),
        ctx.round.round_id,
        ctx.lang,
        (q.get(QUESTIONNAIRE_PARAM) or None, agency),
        cache.current_version(),
    )


def _url_box(label: str, options: Mapping[Any, str], value: Any, param: str, key: str) -> None:
    st.session_state[key] = value

    def to_url() -> None:
        st.query_params[param] = str(st.session_state[key])

    choice_box(label, options, key, current_lang(), on_change=to_url)
    st.query_params[param] = str(value)


def filters(model: SurveysPage, fixed_agency: bool) -> None:
    left, right = st.columns([1, 2])
    with left:
        _url_box(t("svp_filter_questionnaire"), model.questionnaires, model.questionnaire,
                 QUESTIONNAIRE_PARAM, "svp_q")  # fmt: skip
    with right:
        if not fixed_agency and model.agencies and model.agency_id is not None:
            _url_box(t("svp_filter_agency"), model.agencies, model.agency_id, AGENCY_PARAM,
                     "svp_agency")  # fmt: skip


def draw(model: SurveysPage) -> None:
    if model.chart is not None:
        st.subheader(t("svp_chart_title"))
        st.vega_lite_chart(model.chart, width="stretch")
    st.dataframe(model.table, hide_index=True, width="stretch")
    if model.agency_id is not None:
        name = model.agencies.get(model.agency_id, "")
        st.subheader(t("svp_items_title", agency=name))
        st.caption(model.items_note)
        if not model.items.empty:
            st.dataframe(model.items, hide_index=True, width="stretch")
        keep = {k: st.query_params[k] for k in (LANG_PARAM, ROUND_PARAM) if k in st.query_params}
        st.page_link(
            "pages/profile.py",
            label=t("svp_to_profile", agency=name),
            icon=":material/account_balance:",
            query_params={**keep, "agency": str(model.agency_id)},
        )
    st.subheader(t("svp_quality_title"))
    st.dataframe(model.quality, hide_index=True, width="stretch")
