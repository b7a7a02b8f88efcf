"""What every page asks first: who is signed in, may they see this page, which round."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import streamlit as st

from data_access.cache import CachedReader
from data_access.scope import Principal, RoundRef
from domain.vocab import ALL_ROLES, OFFICE_ROLES, Role
from ui.auth import SessionUser
from ui.i18n import current_lang, t

__all__ = ["PageContext", "require_page", "ALL_ROLES", "OFFICE_ROLES", "ROUTER_FLAG"]

ROUTER_FLAG = "_routed"  # set by app.py in every run, consumed by the page it runs


@dataclass(frozen=True)
class PageContext:
    """The signed-in user, the principal data_access scopes by, the selected round, the
    language, and the reader view models read through."""

    user: SessionUser
    principal: Principal
    round: RoundRef
    lang: str
    reader: CachedReader

    @property
    def agency_scope(self) -> int | None:
        """The only agency this user may see (agency role), or None for all."""
        return self.principal.agency_scope

    # Shorthands kept for the pages.
    @property
    def round_id(self) -> int:
        return self.round.round_id

    @property
    def round_year(self) -> int:
        return self.round.year

    @property
    def round_name(self) -> str:
        return self.round.title(self.lang)

    @property
    def round_status(self) -> str:
        return self.round.status


def require_page(*roles: Role | str) -> PageContext:
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
    if user.role not in _values(roles):
        st.error(t("forbidden"))
        st.stop()
    rnd = st.session_state.get("round")
    if not isinstance(rnd, RoundRef):
        st.info(t("no_rounds"))
        st.stop()
    principal = Principal(user.username, Role(user.role), user.agency_id)
    return PageContext(user, principal, rnd, current_lang(), CachedReader(principal))


def _values(roles: Iterable[Role | str]) -> set[str]:
    return {str(r) for r in roles}
