"""Streamlit caching wrappers around data_access: the engine as a resource, query results
keyed on the data version so any write (from any app process) shows at once.

The only module below ui/ that imports streamlit. ``CachedReader`` is what the app hands to
the view models; it reads exactly what ``Reader`` reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import streamlit as st
from sqlalchemy import Engine

from data_access.audit import data_version
from data_access.db import check_connection, database_url, make_engine
from data_access.reader import Reader
from data_access.results import ranked_count, scope_result
from data_access.round_inputs import score_round_from_db
from data_access.scope import Principal
from scoring import RoundResult

__all__ = ["engine", "cached", "current_version", "ping", "round_result", "CachedReader"]

P = ParamSpec("P")
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
def _cached_call(
    _fn: Callable[..., Any],
    fn_key: str,
    url: str,
    version: int,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
) -> Any:
    return _fn(_engine_for(url), *args, **dict(kwargs))


def cached(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call data_access function `fn(engine, *args, **kwargs)` through the bounded cache."""
    key = f"{fn.__module__}.{fn.__qualname__}"
    return _cached_call(
        fn, key, database_url(), current_version(), args, tuple(sorted(kwargs.items()))
    )


def _whole_round(round_id: int) -> RoundResult:
    """The scored round, unscoped (cached by data version); only ever handed on scoped."""
    return cached(score_round_from_db, round_id)


def round_result(principal: Principal, round_id: int) -> RoundResult:
    """The scored round as ``principal`` may see it: the one RoundResult every page uses."""
    return scope_result(_whole_round(round_id), principal)


class CachedReader(Reader):
    """``Reader`` through the bounded, data-versioned cache."""

    def __init__(self, principal: Principal) -> None:
        super().__init__(engine(), principal)

    def __call__(
        self, fn: Callable[Concatenate[Engine, Principal, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        return cached(fn, self.principal, *args, **kwargs)

    def round_result(self, round_id: int) -> RoundResult:
        return round_result(self.principal, round_id)

    def ranked_count(self, round_id: int) -> int:
        return ranked_count(_whole_round(round_id))
