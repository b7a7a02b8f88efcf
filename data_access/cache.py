"""Streamlit caching wrappers around data_access: the engine as a resource, query results
keyed on the data version so any write (from any app process) shows at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine

from data_access.audit import data_version
from data_access.db import check_connection, database_url, make_engine
from data_access.round_inputs import score_round_from_db
from scoring import RoundResult

__all__ = ["engine", "cached", "current_version", "ping", "round_result"]

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def engine() -> Engine:
    """The process-wide engine for DATABASE_URL (or the SQLite default)."""
    return _engine_for(database_url())


def ping() -> None:
    """Raise DatabaseUnavailable when the database cannot be reached."""
    check_connection(engine())


def current_version() -> int:
    with engine().connect() as conn:
        return data_version(conn)


@st.cache_data(ttl=600, max_entries=512, show_spinner=False)
def _cached_call(_fn: Callable[..., Any], fn_key: str, url: str, version: int,
                 args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]) -> Any:
    return _fn(_engine_for(url), *args, **dict(kwargs))


def cached(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call data_access function `fn(engine, *args, **kwargs)` through the bounded cache."""
    key = f"{fn.__module__}.{fn.__qualname__}"
    return _cached_call(fn, key, database_url(), current_version(), args,
                        tuple(sorted(kwargs.items())))


def round_result(round_id: int) -> RoundResult:
    """The scored round (cached by data version): the one RoundResult every page uses."""
    return cached(score_round_from_db, round_id)
