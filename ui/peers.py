"""Drawing 横向对比 (views.peers): the filters kept in the URL (?type=科技&year=2024&agency=9),
the headline figures, the scatter, the tables with a CSV download each (UTF-8 with BOM for
Excel). Nothing here computes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from data_access import cache
from data_access.reader import Reader
from data_access.scope import RoundRef
from ui.context import PageContext
from ui.exports import export_chart, export_table
from ui.i18n import current_lang, t
from ui.profile_detail import show
from ui.widgets import choice_box, draw_table, kpi_row
from views.peers import PeerFilters, PeerPage, build_peers, resolve_filters

__all__ = [
    "TYPE_PARAM",
    "YEAR_PARAM",
    "AGENCY_PARAM",
    "read_filters",
    "peer_page",
    "filters",
    "draw",
]

TYPE_PARAM, YEAR_PARAM, AGENCY_PARAM = "type", "year", "agency"


def _int(raw: Any) -> int | None:
    return int(raw) if isinstance(raw, str) and raw.isdigit() else None


def read_filters(agency_scope: int | None) -> PeerFilters:
    """The filters the URL asks for; an agency user's own agency whatever the URL says."""
    q = st.query_params
    agency = agency_scope if agency_scope is not None else _int(q.get(AGENCY_PARAM))
    return PeerFilters(q.get(TYPE_PARAM) or None, _int(q.get(YEAR_PARAM)), agency)


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _peer_page(
    _reader: Reader,
    principal: tuple[str, str, int | None],
    rnd: tuple[int, int, str, str, str | None],
    lang: str,
    wanted: tuple[str | None, int | None, int | None],
    version: int,
) -> tuple[PeerPage, dict[str, bytes]]:
    """The view model and its tables' CSV files, cached per principal, round, language,
    filters and data version (a rerun rebuilds nothing; any write shows at once)."""
    model = build_peers(_reader, RoundRef(*rnd), lang, PeerFilters(*wanted))
    tables = {
        "cities": model.cities,
        "excluded": model.excluded,
        "standing": model.standing,
        "leaves": model.leaves,
        "province": model.province,
    }
    return model, {
        name: table.display().to_csv(index=False).encode("utf-8-sig")
        for name, table in tables.items()
        if table is not None
    }


def peer_page(ctx: PageContext, wanted: PeerFilters) -> tuple[PeerPage, dict[str, bytes]]:
    """``views.peers.build_peers`` for this page's context, and the CSV of each table (UTF-8
    with BOM, for Excel), through the cache above."""
    p, r = ctx.principal, ctx.round
    # Keyed on the resolved filters: the first visit (no filters in the URL yet) and the
    # rerun that finds them there share one entry.
    wanted = resolve_filters(ctx.reader, r, wanted)
    return _peer_page(
        ctx.reader,
        (p.username, str(p.role), p.agency_id),
        (r.round_id, r.year, r.name, r.status, r.name_en),
        ctx.lang,
        (wanted.agency_type, wanted.year, wanted.agency_id),
        cache.current_version(),
    )


def _url_box(label: str, options: Mapping[Any, str], value: Any, param: str, key: str) -> None:
    """A selectbox showing ``value`` whose choice goes into the URL (the next run reads it)."""
    st.session_state[key] = value

    def to_url() -> None:
        st.query_params[param] = str(st.session_state[key])
        if param == TYPE_PARAM and AGENCY_PARAM in st.query_params:
            del st.query_params[AGENCY_PARAM]  # another type: its own first agency

    choice_box(label, options, key, current_lang(), on_change=to_url)
    st.query_params[param] = str(value)


def filters(model: PeerPage, fixed_agency: bool) -> None:
    """Type, year and agency; an agency user's type and agency are fixed."""
    left, middle, right = st.columns([2, 1, 3])
    with left:
        _url_box(t("pe_filter_type"), model.types, model.agency_type, TYPE_PARAM, "pe_type")
    with middle:
        years = {y: str(y) for y in model.years}
        _url_box(t("pe_filter_year"), years, model.year, YEAR_PARAM, "pe_year")
    with right:
        if not fixed_agency and len(model.agencies) > 1:
            _url_box(
                t("pe_filter_agency"), model.agencies, model.agency_id, AGENCY_PARAM, "pe_agency"
            )
        elif model.agency_id is not None:
            st.markdown(f"**{t('pe_filter_agency')}**")
            st.text(model.agencies.get(model.agency_id, ""))
            if not fixed_agency:
                st.query_params[AGENCY_PARAM] = str(model.agency_id)


def _export(table: Any, name: str, title: str, model: PeerPage) -> None:
    """The shared CSV/Excel control, the page's type and year as its filters."""
    export_table(
        table,
        name,
        title=title,
        filters=[
            (t("pe_filter_type"), model.types.get(str(model.agency_type), "")),
            (t("pe_filter_year"), str(model.year)),
        ],
    )


def draw(model: PeerPage, csv: dict[str, bytes]) -> None:
    """Everything below the filters."""
    kpi_row(model.kpis)
    if model.small_note:
        st.warning(model.small_note)
    st.subheader(t("pe_chart_title"))
    if model.chart is not None:
        show(model.chart)
        export_chart(model.chart, f"peers-{model.agency_type}-{model.year}")
    st.caption(t("pe_chart_caption") + " " + model.fit_caption)
    stem = f"{model.agency_type}-{model.year}"
    st.subheader(t("pe_cities_title"))
    if model.cities is not None:
        draw_table(model.cities)
        _export(model.cities, f"peers-{stem}", t("pe_cities_title"), model)
    st.markdown(f"**{t('pe_excluded_title')}**")
    if model.excluded is None:
        st.caption(t("pe_none_excluded"))
    else:
        draw_table(model.excluded)
        _export(model.excluded, f"peers-left-out-{stem}", t("pe_excluded_title"), model)
    st.subheader(t("pe_standing_title"))
    if model.standing is not None:
        draw_table(model.standing)
        _export(model.standing, f"peers-standing-{stem}", t("pe_standing_title"), model)
    st.subheader(t("pe_leaves_title"))
    if model.leaves is not None:
        draw_table(model.leaves)
        _export(model.leaves, f"peers-leaves-{stem}", t("pe_leaves_title"), model)
    if model.leaves_caption:
        st.caption(model.leaves_caption)
    st.subheader(t("pe_province_title"))
    st.caption(model.province_caption)
    if model.province is not None:
        draw_table(model.province)
        _export(model.province, f"peers-province-{model.year}", t("pe_province_title"), model)
