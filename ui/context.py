"""What every page asks first: who is signed in, may they see this page, which round."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui.auth import SessionUser
from ui.i18n import t

__all__ = ["PageContext", "require_page", "ALL_ROLES", "OFFICE_ROLES", "ROUTER_FLAG"]

ROUTER_FLAG = "_routed"  # set by app.py in every run, consumed by the page it runs
ALL_ROLES = ("leader", "staff", "agency", "admin")
OFFICE_ROLES = ("leader", "staff", "admin")


@dataclass(frozen=True)
class PageContext:
    user: SessionUser
    round_id: int
    round_year: int
    round_name: str
    round_status: str

    @property
    def agency_scope(self) -> int | None:
        """The only agency this user may see (agency role), or None for all."""
        return self.user.agency_id if self.user.role == "agency" else None


def require_page(*roles: str) -> PageContext:
    """Stop the page unless the session's role is allowed and a round is selected."""
    if not st.session_state.pop(ROUTER_FLAG, False):
        # Run without the router: until some session calls st.navigation, Streamlit treats a
        # pages/ folder as an old-style multipage app and runs a deep-linked page file directly.
        # Switch that compatibility mode off (st.navigation does the same) and rerun: the rerun
        # goes through app.py and keeps the requested URL.
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    user = st.session_state.get("user")
    if not st.session_state.get("authentication_status") or not isinstance(user, SessionUser):
        st.stop()  # signed out: the entry script has drawn the sign-in form, nothing more
    if user.role not in roles:
        st.error(t("forbidden"))
        st.stop()
    rnd = st.session_state.get("round")
    if not rnd:
        st.info(t("no_rounds"))
        st.stop()
    return PageContext(user, rnd["round_id"], rnd["year"], rnd["name"], rnd["status"])
