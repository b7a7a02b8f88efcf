"""The session side of the catalog: ``t(key)`` translates into the session's language
(``domain.catalog.translate`` does the work and is what code outside ui/ uses)."""

from __future__ import annotations

import streamlit as st

from domain.catalog import TEXT, translate
from domain.fmt import fmt_int, fmt_num
from domain.vocab import LANGS

__all__ = ["LANGS", "t", "current_lang", "fmt_num", "fmt_int", "TEXT"]


def current_lang() -> str:
    lang = st.session_state.get("lang", "zh")
    return lang if lang in LANGS else "zh"


def t(key: str, **kwargs: object) -> str:
    """The text for `key` in the session's language, formatted with kwargs."""
    return translate(key, current_lang(), **kwargs)
