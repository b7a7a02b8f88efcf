"""Drawing the 整改跟踪 page (views.rectifications): filters bound to the URL, the items table
(a row opens its timeline and its moves), the form staff record a finding with, the exports,
the closed loop and the ledger. Writes go through data_access.rectifications, which refuses
what the lifecycle refuses; its messages are shown as they come, in the user's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import streamlit as st

from data_access import cache
from data_access.rectifications import (
    FindingError,
    NewFinding,
    RectificationPlan,
    RectificationRefused,
    move_rectification,
    record_finding,
)
from data_access.scope import AccessDenied, Principal, RoundRef
from domain.vocab import RectState, term_label
from ui.context import PageContext
from ui.exports import export_table
from ui.i18n import t
from ui.leadership import rows_height
from ui.widgets import Kpi, draw_table, kpi_row
from views.names import load_names
from views.rectifications import (
    ItemDetail,
    LedgerModel,
    LoopModel,
    RecordForm,
    TrackerFilters,
    TrackerModel,
    build_closed_loop,
    build_ledger,
    build_tracker,
    record_form,
)

__all__ = [
    "tracker_model",
    "loop_model",
    "ledger_model",
    "form_model",
    "draw_kpis",
    "draw_filters",
    "draw_items",
    "draw_detail",
    "draw_record_form",
    "draw_downloads",
    "draw_loop",
    "draw_ledger",
    "show_flash",
]

_FLASH = "rt_flash"  # a message that survives the rerun after a write
_ERROR = "rt_error"  # a refused move, shown by the run after its callback
_NOTE = "rt_note"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# The view models, cached whole by data version: a rerun that changes nothing (a click on a
# row, a widget) rebuilds nothing; any write anywhere bumps the version.
@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _tracker(
    principal: Principal,
    rnd: RoundRef,
    lang: str,
    today: dt.date,
    filters: TrackerFilters,
    version: int,
) -> TrackerModel:
    reader = cache.CachedReader(principal)
    return build_tracker(reader, rnd, lang, today, filters, load_names(reader, rnd.round_id, lang))


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _loop(principal: Principal, rnd: RoundRef, lang: str, version: int) -> LoopModel:
    reader = cache.CachedReader(principal)
    return build_closed_loop(reader, rnd, lang, load_names(reader, rnd.round_id, lang))


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _ledger(principal: Principal, rnd: RoundRef, lang: str, version: int) -> LedgerModel:
    reader = cache.CachedReader(principal)
    return build_ledger(reader, rnd, lang, load_names(reader, rnd.round_id, lang))


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _form(principal: Principal, rnd: RoundRef, lang: str, version: int) -> RecordForm:
    reader = cache.CachedReader(principal)
    return record_form(reader, rnd, lang, load_names(reader, rnd.round_id, lang))


def tracker_model(ctx: PageContext, filters: TrackerFilters, today: dt.date) -> TrackerModel:
    return _tracker(ctx.principal, ctx.round, ctx.lang, today, filters, cache.current_version())


def loop_model(ctx: PageContext) -> LoopModel:
    return _loop(ctx.principal, ctx.round, ctx.lang, cache.current_version())


def ledger_model(ctx: PageContext) -> LedgerModel:
    return _ledger(ctx.principal, ctx.round, ctx.lang, cache.current_version())


def form_model(ctx: PageContext) -> RecordForm:
    return _form(ctx.principal, ctx.round, ctx.lang, cache.current_version())


def show_flash() -> None:
    """The message of the last write (after the rerun that shows its result)."""
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)


def _url_select(label: str, options: dict[str, str], param: str, key: str, lang: str) -> None:
    """A selectbox over stored values kept in the query parameter ``param`` ('' = all). One
    widget per language, seeded from the URL, so a language switch keeps the choice."""
    widget = f"{key}_{lang}"
    values = list(options)
    current = st.query_params.get(param, "")
    st.session_state[widget] = current if current in values else values[0]

    def changed() -> None:
        value = st.session_state[widget]
        if value:
            st.query_params[param] = value
        elif param in st.query_params:
            del st.query_params[param]
        st.query_params.pop("item", None)

    st.selectbox(label, values, key=widget, format_func=options.__getitem__, on_change=changed)


def draw_kpis(kpis: Sequence[Kpi]) -> None:
    """The counts in rows of at most four cards (seven in one row are cut off at 1024 px)."""
    for i in range(0, len(kpis), 4):
        kpi_row(kpis[i : i + 4])


def draw_filters(model: TrackerModel, lang: str, show_agency: bool) -> None:
    """State, agency, section and overdue filters; each lives in the URL."""
    columns = st.columns(4 if show_agency else 3)
    with columns[0]:
        _url_select(t("rt_f_state"), model.state_labels, "state", "rt_state", lang)
    i = 1
    if show_agency:
        with columns[1]:
            agencies = {"": t("rt_f_all"), **{str(k): v for k, v in model.agencies.items()}}
            _url_select(t("rt_f_agency"), agencies, "agency", "rt_agency", lang)
        i = 2
    with columns[i]:
        sections = {"": t("rt_f_all"), **{s: s for s in model.sections}}
        _url_select(t("rt_f_section"), sections, "section", "rt_section", lang)
    with columns[i + 1]:
        widget = f"rt_overdue_{lang}"
        st.session_state[widget] = st.query_params.get("overdue") == "1"

        def changed() -> None:
            if st.session_state[widget]:
                st.query_params["overdue"] = "1"
            else:
                st.query_params.pop("overdue", None)

        st.checkbox(t("rt_f_overdue"), key=widget, on_change=changed)


def draw_items(model: TrackerModel) -> int | None:
    """The items table; the selected row's finding id (also kept in the URL as ``item``)."""
    frame = model.table.frame
    wanted = st.query_params.get("item", "")
    ids = [int(i) for i in frame["finding_id"]]
    preselected = [ids.index(int(wanted))] if wanted.isdigit() and int(wanted) in ids else []
    event = draw_table(
        model.table,
        height=rows_height(len(frame), 560, header=36),
        on_select="rerun",
        selection_mode="single-row",
        key="rt_table",
        selection_default={"selection": {"rows": preselected}} if preselected else None,
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        picked = ids[rows[0]]
        if st.query_params.get("item") != str(picked):
            st.query_params["item"] = str(picked)
        return picked
    return int(wanted) if preselected else None


def draw_detail(ctx: PageContext, detail: ItemDetail) -> None:
    """One item: its facts, its timeline and the moves the user may make."""
    with st.container(border=True):
        st.markdown(f"**{t('rt_timeline')}**")
        st.text(detail.title)
        st.caption(" · ".join(f"{label}: {value}" for label, value in detail.facts))
        if detail.rectification_id is None:
            st.caption(t("rt_no_events"))
            return
        draw_table(detail.timeline)
        if not detail.targets:
            st.caption(t("rt_no_moves"))
            return
        refused = st.session_state.pop(_ERROR, None)
        if refused:
            st.error(refused)
        with st.form(f"rt_move_{detail.finding_id}"):
            st.text_area(detail.note_label, max_chars=2000, key=_NOTE)
            for target, label in detail.targets.items():
                # The move names the state and version this run showed (what the user saw):
                # if someone moved the item meanwhile, the data layer says what it is now.
                st.form_submit_button(
                    label,
                    key=f"rt_to_{target}",
                    on_click=_move,
                    args=(ctx, detail.rectification_id, detail.state, detail.version, target),
                )


def _move(ctx: PageContext, rect_id: int, state: str, version: int, target: str) -> None:
    """The button's callback: runs before the page runs again."""
    try:
        move_rectification(
            cache.engine(),
            rect_id,
            target,
            principal=ctx.principal,
            expected_state=state,
            expected_version=version,
            note=st.session_state.get(_NOTE),
            lang=ctx.lang,
        )
    except RectificationRefused as exc:
        st.session_state[_ERROR] = str(exc)
        return
    st.session_state[_NOTE] = ""
    st.session_state[_FLASH] = t("rt_moved", state=term_label(RectState, target, ctx.lang))


def draw_record_form(ctx: PageContext, form: RecordForm) -> None:
    """The form staff record a finding with: fixed on the spot, or with its rectification."""
    with st.expander(t("rt_record"), icon=":material/add_circle:"):
        with st.form("rt_record_form"):
            left, right = st.columns(2)
            with left:
                agency = st.selectbox(
                    t("rt_record_agency"),
                    list(form.agencies),
                    format_func=form.agencies.__getitem__,
                )
                category = st.selectbox(
                    t("rt_record_category"),
                    list(form.categories),
                    format_func=form.categories.__getitem__,
                )
                severity = st.selectbox(
                    t("rt_record_severity"),
                    list(form.severities),
                    format_func=form.severities.__getitem__,
                )
                source = st.selectbox(
                    t("rt_record_source"), list(form.sources), format_func=form.sources.__getitem__
                )
                indicator = st.selectbox(
                    t("rt_record_indicator"),
                    list(form.indicators),
                    format_func=form.indicators.__getitem__,
                )
                ledger = st.checkbox(t("rt_record_ledger"))
            with right:
                description = st.text_area(t("rt_record_description"), max_chars=2000)
                spot = st.checkbox(t("rt_record_spot"))
                section = st.text_input(t("rt_record_section"), max_chars=32)
                owner = st.text_input(t("rt_record_owner"), max_chars=64)
                deadline = st.date_input(
                    t("rt_record_deadline"), value=dt.date.today() + dt.timedelta(days=90)
                )
                doc_no = st.text_input(t("rt_record_doc"), max_chars=64)
            submitted = st.form_submit_button(t("rt_record_submit"), type="primary")
    if not submitted:
        return
    plan = None
    if not spot:
        assert isinstance(deadline, dt.date)
        plan = RectificationPlan(section, deadline, owner or None, doc_no or None)
    item = NewFinding(
        agency_id=int(agency),
        description=description,
        category=str(category),
        severity=str(severity),
        source=str(source),
        indicator_code=indicator or None,
        in_ledger=ledger,
        found_date=min(dt.date.today(), dt.date(ctx.round_year, 12, 31)),
        plan=plan,
    )
    try:
        finding_id = record_finding(
            cache.engine(), ctx.round_id, item, principal=ctx.principal, lang=ctx.lang
        )
    except FindingError as exc:
        for error in exc.errors:
            st.error(error)
        return
    except (RectificationRefused, AccessDenied) as exc:
        st.error(str(exc))
        return
    st.session_state[_FLASH] = t("rt_recorded", id=finding_id)
    st.query_params["item"] = str(finding_id)
    st.rerun()


def draw_downloads(model: TrackerModel, year: int) -> None:
    """The shown items as CSV and Excel (the shared control; the workbook adds the agency
    counts); the files are made when a button is pressed."""
    export_table(
        model.table,
        f"rectifications-{year}",
        title=t("rt_sheet_items"),
        sheets={t("rt_sheet_agencies"): model.by_agency},
    )


def draw_loop(loop: LoopModel) -> None:
    st.subheader(t("rt_loop"))
    st.caption(t("rt_loop_caption"))
    if loop.waiting:
        st.info(loop.summary)
        return
    if loop.table.empty:
        st.info(t("rt_loop_empty"))
        return
    st.markdown(loop.summary)
    draw_table(loop.table)
    export_table(loop.table, "rectification-loop", title=t("rt_loop"))


def draw_ledger(ledger: LedgerModel) -> None:
    st.subheader(t("rt_ledger", year=ledger.year))
    st.caption(t("rt_ledger_caption", year=ledger.year))
    if ledger.findings.empty:
        st.info(t("rt_ledger_empty"))
        return
    draw_table(ledger.deductions)
    draw_table(ledger.findings)
    export_table(
        ledger.findings,
        f"ledger-{ledger.year}",
        title=t("rt_sheet_ledger"),
        sheets={t("rt_sheet_deductions"): ledger.deductions},
    )
