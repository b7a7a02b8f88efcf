"""What every page asks first: who is signed in, may they see this page, which round."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from data_access.cache import CachedReader
from data_access.scope import Principal, RoundRef
from domain.vocab import ALL_ROLES, OFFICE_ROLES, Role
from ui.auth import SessionUser
from ui.i18n import current_lang, t
from ui.router import is_routed
from ui.router import run as run_frame

__all__ = ["PageContext", "require_page", "ALL_ROLES", "OFFICE_ROLES"]


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


def require_page(*roles: Role) -> PageContext:
    """Stop the page unless the session's role is allowed and a round is selected; a role
    that may not open the page gets a message in its language (the page stays registered, so
    a link to it never shows Streamlit's English "page not found")."""
    if not is_routed():
        # This page file was run alone (a deep link before any st.navigation call on this
        # server): run the frame, whose navigation runs this page again inside it.
        run_frame()
        st.stop()
    user = st.session_state.get("user")
    if not st.session_state.get("authentication_status") or not isinstance(user, SessionUser):
        st.stop()  # signed out: the frame has drawn the sign-in form, nothing more
    if Role(user.role) not in roles:
        st.error(t("forbidden"))
        st.stop()
    rnd = st.session_state.get("round")
    if not isinstance(rnd, RoundRef):
        st.info(t("no_rounds"))
        st.stop()
    principal = Principal(user.username, Role(user.role), user.agency_id)
    return PageContext(user, principal, rnd, current_lang(), CachedReader(principal))
