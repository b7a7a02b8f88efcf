"""The frame every run goes through: page config, language and round (kept in the URL), the
sign-in gate, the sidebar navigation by role, and ``st.navigation`` over every page.

``app.py`` calls ``run()``. So does ``ui.context.require_page`` when a page file is run
without it: until some session has called ``st.navigation``, Streamlit serves a deep link
to a ``pages/`` file by running that file alone. The page then hands over to ``run()``,
whose ``st.navigation`` (the public API) runs the requested page inside the frame.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from data_access import cache
from data_access.db import DATABASE_ERRORS, DatabaseUnavailable, is_connection_error
from data_access.queries import list_rounds
from data_access.scope import Principal, RoundRef
from domain.vocab import LANGS, Role, RoundStatus, term_label
from ui.auth import SessionUser, require_login
from ui.i18n import current_lang, t
from ui.print_style import inject_print_style

__all__ = [
    "run",
    "is_routed",
    "PAGES",
    "ROLE_PAGES",
    "NAV_GROUPS",
    "page_allowed",
    "LANG_PARAM",
    "ROUND_PARAM",
]

LANG_PARAM, ROUND_PARAM = "lang", "round"
_routed: ContextVar[bool] = ContextVar("routed", default=False)


@dataclass(frozen=True)
class PageSpec:
    file: str
    title_key: str
    icon: str


# Every page, in navigation order. ROLE_PAGES decides who sees which in the navigation; the
# others stay registered (a link to them shows a localized "no access" message).
PAGES: dict[str, PageSpec] = {
    "overview": PageSpec("pages/overview.py", "page_overview", "dashboard"),
    "ranking": PageSpec("pages/ranking.py", "page_ranking", "leaderboard"),
    "profile": PageSpec("pages/profile.py", "page_profile", "account_balance"),
    "staffing": PageSpec("pages/staffing.py", "page_staffing", "timeline"),
    "peers": PageSpec("pages/peers.py", "page_peers", "compare_arrows"),
    "surveys": PageSpec("pages/surveys.py", "page_surveys", "sentiment_satisfied"),
    "ratings": PageSpec("pages/ratings.py", "page_ratings", "reviews"),
    "indicators": PageSpec("pages/indicators.py", "page_indicators", "grid_on"),
    "methodology": PageSpec("pages/methodology.py", "page_methodology", "menu_book"),
    "score_sheets": PageSpec("pages/score_sheets.py", "page_sheets", "edit_note"),
    "data_import": PageSpec("pages/data_import.py", "page_data_import", "upload_file"),
    "self_evaluation": PageSpec("pages/self_evaluation.py", "page_self_eval", "fact_check"),
    "adjustments": PageSpec("pages/adjustments.py", "page_adjustments", "tune"),
    "rectifications": PageSpec("pages/rectifications.py", "page_rectifications", "task_alt"),
    "rounds": PageSpec("pages/rounds.py", "page_rounds", "event_note"),
    "indicator_tree": PageSpec("pages/indicator_tree.py", "page_indicator_tree", "account_tree"),
    "audit_log": PageSpec("pages/audit_log.py", "page_audit_log", "history"),
    "briefings": PageSpec("pages/briefings.py", "page_briefings", "slideshow"),
    "users": PageSpec("pages/users.py", "page_users", "manage_accounts"),
}
# The navigation in groups, each a caption over its pages: what to look at, what follows
# from the findings, the office's work, administration. A role sees the pages of ROLE_PAGES.
NAV_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "nav_browse",
        (
            "overview",
            "ranking",
            "profile",
            "staffing",
            "peers",
            "ratings",
            "surveys",
            "indicators",
            "methodology",
        ),
    ),
    ("nav_follow_up", ("rectifications", "adjustments", "briefings")),
    ("nav_work", ("self_evaluation", "score_sheets", "data_import")),
    ("nav_admin", ("rounds", "indicator_tree", "users", "audit_log")),
)
_LEADERSHIP = (
    "overview",
    "ranking",
    "profile",
    "staffing",
    "peers",
    "ratings",
    "surveys",
    "indicators",
    "methodology",
)
_OFFICE = (
    *_LEADERSHIP,
    "rectifications",
    "adjustments",
    "briefings",
    "self_evaluation",
    "score_sheets",
)
ROLE_PAGES: dict[Role, tuple[str, ...]] = {
    Role.LEADER: (*_LEADERSHIP, "rectifications", "adjustments", "briefings"),
    Role.STAFF: (*_OFFICE, "data_import"),
    Role.AGENCY: (
        "overview",
        "profile",
        "staffing",
        "peers",
        "ratings",
        "surveys",
        "methodology",
        "rectifications",
        "adjustments",
        "self_evaluation",
    ),
    Role.ADMIN: (
        *_OFFICE,
        "data_import",
        "rounds",
        "indicator_tree",
        "users",
        "audit_log",
    ),
}


def page_allowed(role: Role | str, name: str) -> bool:
    return name in ROLE_PAGES.get(Role(role), ())


def is_routed() -> bool:
    """Whether this code runs inside ``run()``'s navigation (not a page file run alone)."""
    return _routed.get()


@contextmanager
def _routing() -> Iterator[None]:
    token = _routed.set(True)
    try:
        yield
    finally:
        _routed.reset(token)


# -- language and round, mirrored in the URL -------------------------------------------------


def _from_url(param: str) -> str | None:
    """The URL's value of ``param`` when it differs from what this session last wrote there:
    a link opened or edited by the user wins over the session's state."""
    value = st.query_params.get(param)
    return value if value is not None and value != st.session_state.get(f"_url_{param}") else None


def _to_url(param: str, value: str) -> None:
    st.query_params[param] = value
    st.session_state[f"_url_{param}"] = value


def _lang_from_url() -> None:
    wanted = _from_url(LANG_PARAM)
    if wanted in LANGS:
        st.session_state["lang"] = wanted
    st.session_state.setdefault("lang", "zh")


def _lang_changed() -> None:
    st.session_state["lang"] = st.session_state["_lang_widget"]
    _to_url(LANG_PARAM, st.session_state["lang"])


def _language_switch() -> None:
    # The language lives in session_state["lang"]; the widget mirrors it under a key of its
    # own (a widget's state is dropped when a run does not draw it, e.g. across sign-in).
    st.session_state["_lang_widget"] = current_lang()
    st.sidebar.segmented_control(
        t("lang_label"),
        options=list(LANGS),
        key="_lang_widget",
        required=True,
        format_func=lambda v: "中文" if v == "zh" else "English",
        on_change=_lang_changed,
    )
    _to_url(LANG_PARAM, current_lang())


def _round_changed(widget_key: str, years: dict[int, int]) -> None:
    st.session_state["round_id"] = st.session_state[widget_key]
    _to_url(ROUND_PARAM, str(years[st.session_state["round_id"]]))


def _choose_round(rounds: pd.DataFrame) -> RoundRef | None:
    """The round of this run: ?round=YEAR from a link, else the session's, else the newest;
    the sidebar selectbox changes it and the URL follows."""
    if rounds.empty:
        return None
    ids = [int(i) for i in rounds["round_id"]]
    years = {int(r.round_id): int(r.year) for r in rounds.itertuples(index=False)}
    by_year = {y: i for i, y in years.items()}
    wanted = _from_url(ROUND_PARAM) or ""
    if wanted.isdigit() and int(wanted) in by_year:
        st.session_state["round_id"] = by_year[int(wanted)]
    if st.session_state.get("round_id") not in ids:
        st.session_state["round_id"] = ids[0]
    lang = current_lang()
    labels = {
        i: t(
            "round_option",
            year=years[i],
            status=term_label(
                RoundStatus, rounds.loc[rounds["round_id"] == i, "status"].iloc[0], lang
            ),
        )
        for i in ids
    }
    # One widget key per language: a selectbox keeps the label it was drawn with.
    widget_key = f"round_select_{lang}"
    st.session_state[widget_key] = st.session_state["round_id"]
    st.sidebar.selectbox(
        t("round_label"),
        options=ids,
        format_func=labels.__getitem__,
        key=widget_key,
        on_change=_round_changed,
        args=(widget_key, years),
    )
    row = rounds.loc[rounds["round_id"] == st.session_state["round_id"]].iloc[0]
    _to_url(ROUND_PARAM, str(int(row["year"])))
    return _ref(row)


def _ref(row: object) -> RoundRef:
    get = row.get if isinstance(row, pd.Series) else lambda k, d=None: getattr(row, k, d)
    name_en = get("name_en", None)
    return RoundRef(
        int(get("round_id")),
        int(get("year")),
        str(get("name")),
        str(get("status")),
        str(name_en) if isinstance(name_en, str) and name_en else None,
    )


# -- navigation ---------------------------------------------------------------------------


def _pages() -> dict[str, st.Page]:
    # No page is the default: a default page answers only at "/", and /overview (a bookmark,
    # a deep link kept through the sign-in) would meet Streamlit's "page not found".
    return {
        name: st.Page(
            spec.file,
            title=t(spec.title_key),
            icon=f":material/{spec.icon}:",
            url_path=name.replace("_", "-"),
        )
        for name, spec in PAGES.items()
    }


def _sign_in_page() -> None:
    """The sign-in form is drawn by ``require_login``; this page adds nothing."""


def _sidebar_nav(pages: dict[str, st.Page], role: Role) -> None:
    """Our own navigation (Streamlit's is switched off in config.toml, so the file-name list
    of a pages/ folder never shows): the role's pages, carrying language and round."""
    params = {k: st.query_params[k] for k in (LANG_PARAM, ROUND_PARAM) if k in st.query_params}
    mine = set(ROLE_PAGES[role])
    groups = [(key, [n for n in names if n in mine]) for key, names in NAV_GROUPS]
    groups = [(key, names) for key, names in groups if names]
    with st.sidebar.container():
        for key, names in groups:
            if len(groups) > 1:
                st.caption(t(key))
            for name in names:
                st.page_link(pages[name], query_params=params)


def run() -> None:
    """One run of the app: frame, sign-in, navigation, then the requested page."""
    st.set_page_config(page_title="编制评估看板", page_icon=":material/dashboard:", layout="wide")
    inject_print_style()  # static CSS: Ctrl+P gives A4 without the sidebar
    st.session_state.setdefault("round_id", None)
    _lang_from_url()
    _language_switch()
    masthead = st.container()  # the sign-in page's title sits above the form
    try:
        cache.ping()
    except DatabaseUnavailable:
        st.error(t("db_down"))
        st.stop()
    try:
        _gate_and_page(masthead)
    except DATABASE_ERRORS as exc:
        # The connection dropped while the page ran (e.g. in cache.current_version): a
        # localized message and a retry, never Streamlit's English traceback.
        if not is_connection_error(exc):
            raise
        st.error(t("db_lost"))
        st.button(t("db_retry"), key="db_retry", icon=":material/refresh:")
        st.stop()


def _gate_and_page(masthead: DeltaGenerator) -> None:
    """The sign-in gate, then the signed-in frame and the requested page."""
    user = require_login()
    if user is None:
        st.session_state["user"] = None
        masthead.title(t("app_title"))
        # Whatever URL was asked for, only the sign-in form is shown: page URLs stay
        # registered (so a deep link survives the sign-in) and each page stops at once.
        login = st.Page(_sign_in_page, title=t("login_title"), url_path="login", default=True)
        with _routing():
            st.navigation([login, *_pages().values()], position="hidden").run()
        st.stop()
    _signed_in(user, _pages())


def _signed_in(user: SessionUser, pages: dict[str, st.Page]) -> None:
    st.session_state["user"] = user
    role = Role(user.role)
    st.sidebar.caption(t("signed_in_as", name=user.name, role=role.label(current_lang())))
    if user.agency_name:
        st.sidebar.caption(t("agency_of_user", agency=user.agency_name))
    principal = Principal(user.username, role, user.agency_id)
    st.session_state["round"] = _choose_round(cache.cached(list_rounds, principal))
    _sidebar_nav(pages, role)
    # The root URL shows the overview too (the same script under a second, hidden entry; a
    # redirect would rerun before the sign-in cookie is written).
    spec = PAGES["overview"]
    root = st.Page(
        spec.file,
        title=t(spec.title_key),
        icon=f":material/{spec.icon}:",
        url_path="home",
        default=True,
        visibility="hidden",
    )
    with _routing():
        st.navigation([root, *pages.values()], position="hidden").run()
