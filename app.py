"""Entry point and router: page config, session defaults, sign-in gate, navigation by role."""

from __future__ import annotations

import streamlit as st

from data_access import cache
from data_access.db import DatabaseUnavailable
from data_access.queries import list_rounds
from data_access.scope import Principal, RoundRef
from domain.vocab import Role
from ui.auth import require_login
from ui.context import ROUTER_FLAG
from ui.i18n import current_lang, t, tv

st.set_page_config(page_title="编制评估看板", page_icon=":material/dashboard:", layout="wide")
st.session_state.setdefault("lang", "zh")
st.session_state.setdefault("round_id", None)

st.sidebar.segmented_control(
    t("lang_label"),
    options=["zh", "en"],
    format_func=lambda v: "中文" if v == "zh" else "English",
    key="lang",
    required=True,
)

masthead = st.container()  # the sign-in page's title sits above the form
try:
    cache.ping()
except DatabaseUnavailable:
    st.error(t("db_down"))
    st.stop()

# Every page, by name; ROLE_PAGES below decides who reaches which.
PAGES = {
    name: st.Page(f"pages/{name}.py", title=t(f"page_{key}"), icon=f":material/{icon}:",
                  url_path=name.replace("_", "-"))
    for name, key, icon in (
        ("overview", "overview", "dashboard"),
        ("ranking", "ranking", "leaderboard"),
        ("profile", "profile", "account_balance"),
        ("indicators", "indicators", "grid_on"),
        ("methodology", "methodology", "menu_book"),
        ("score_sheets", "sheets", "edit_note"),
    )
}


def _pick_round(widget_key: str) -> None:
    st.session_state["round_id"] = st.session_state[widget_key]


def _sign_in_page() -> None:
    """The sign-in form is drawn above by require_login; this page adds nothing."""


user = require_login()
if user is None:
    st.session_state["user"] = None
    masthead.title(t("app_title"))
    # Whatever URL was asked for, only the sign-in form is shown: page URLs stay registered (so
    # a deep link survives the sign-in) and each page stops at once without a session user.
    st.session_state[ROUTER_FLAG] = True
    st.navigation(
        [st.Page(_sign_in_page, title=t("login_title"), url_path="login", default=True),
         *PAGES.values()],
        position="hidden",
    ).run()
    st.stop()
st.session_state["user"] = user

st.sidebar.caption(t("signed_in_as", name=user.name, role=t(f"role_{user.role}")))
if user.agency_name:
    st.sidebar.caption(t("agency_of_user", agency=user.agency_name))

principal = Principal(user.username, Role(user.role), user.agency_id)
rounds = cache.cached(list_rounds, principal)
if rounds.empty:
    st.session_state["round"] = None
else:
    ids = [int(i) for i in rounds["round_id"]]
    if st.session_state.get("round_id") not in ids:
        st.session_state["round_id"] = ids[0]
    labels = {
        int(r.round_id): t("round_option", year=int(r.year), status=tv("状态", str(r.status)))
        for r in rounds.itertuples(index=False)
    }
    # One widget key per language: a selectbox keeps the label it was drawn with. The widget
    # mirrors st.session_state["round_id"], the value pages and tests read and set.
    widget_key = f"round_select_{current_lang()}"
    st.session_state[widget_key] = st.session_state["round_id"]
    st.sidebar.selectbox(t("round_label"), options=ids, format_func=labels.__getitem__,
                         key=widget_key, on_change=_pick_round, args=(widget_key,))
    row = rounds.loc[rounds["round_id"] == st.session_state["round_id"]].iloc[0]
    st.session_state["round"] = RoundRef(int(row["round_id"]), int(row["year"]),
                                         str(row["name"]), str(row["status"]))

LEADERSHIP = ["overview", "ranking", "profile", "indicators", "methodology"]
ROLE_PAGES = {
    "leader": LEADERSHIP,
    "staff": [*LEADERSHIP, "score_sheets"],
    "agency": ["overview", "profile", "methodology"],
    "admin": [*LEADERSHIP, "score_sheets"],
}
st.session_state[ROUTER_FLAG] = True
st.navigation([PAGES[name] for name in ROLE_PAGES[user.role]]).run()
