"""The signed-in principal of this session, for ui/ helpers that are not handed a context."""

from __future__ import annotations

import streamlit as st

from data_access.scope import Principal
from domain.vocab import Role

__all__ = ["current_principal"]


def current_principal() -> Principal:
    user = st.session_state.get("user")
    if user is None:
        return Principal("", Role.AGENCY, None)  # sees nothing
    return Principal(user.username, Role(user.role), user.agency_id)
