"""Streamlit caching wrappers around data_access: the engine as a resource, query results
keyed on the data version so any write (from any app process) shows at once.

The only module below ui/ that imports streamlit. ``CachedReader`` is what the app hands to
the view models; it reads exactly what ``Reader`` reads.

What is cached, and how it stays bounded (issue 14):
- the data version is read once per rerun of a session (and again after any commit in this
  process), not once per cached call;
- query results: ``st.cache_data`` keyed by (function, database, version, arguments), at
  most ``_QUERY_ENTRIES`` entries, each dropped after ``_QUERY_TTL`` seconds;
- scored rounds: one process-wide table of at most ``_RESULT_ENTRIES`` whole rounds, only at
  the newest version seen (an older version's rounds go as soon as a newer one is read), each
  scored by one thread at a time while the others wait for it; behind it, the result stored
  in the database per version (data_access.results), which other processes and the next
  cold start read instead of scoring.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import streamlit as st
from sqlalchemy import Engine, event
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from data_access.audit import data_version
from data_access.db import check_connection, database_url, make_engine
from data_access.reader import Reader
from data_access.results import ranked_count, round_setup, scope_result, whole_round_result
from data_access.scope import Principal
from scoring import RoundConfig, RoundResult
from scoring.tree import IndicatorTree

__all__ = [
    "engine",
    "cached",
    "current_version",
    "ping",
    "round_result",
    "clear_process_caches",
    "CachedReader",
]

P = ParamSpec("P")
T = TypeVar("T")

_QUERY_ENTRIES, _QUERY_TTL = 256, 600
_RESULT_ENTRIES = 6
_SESSIONS_REMEMBERED = 1000

_lock = threading.Lock()
_commits = 0  # commits through the app's engines in this process
_run_versions: OrderedDict[str, tuple[object, int, int]] = OrderedDict()
_results: OrderedDict[tuple[str, int, int], RoundResult] = OrderedDict()
_result_locks: dict[tuple[str, int, int], threading.Lock] = {}


def _count_commit(_conn: Any) -> None:
    global _commits
    with _lock:
        _commits += 1


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    made = make_engine(url)
    event.listen(made, "commit", _count_commit)
    return made


def engine() -> Engine:
    """The process-wide engine for DATABASE_URL (or the SQLite default)."""
    return _engine_for(database_url())


def ping() -> None:
    """Raise DatabaseUnavailable when the database cannot be reached."""
    check_connection(engine())


def _read_version() -> int:
    with engine().connect() as conn:
        return data_version(conn)


def current_version() -> int:
    """The data version, read once per rerun of a session (a rerun's ``cursors`` dict is new
    each run) unless this process has committed anything since; outside a script run (the
    command line, tests), read every time."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return _read_version()
    key = f"{ctx.session_id}:{database_url()}"
    with _lock:
        seen = _run_versions.get(key)
        commits = _commits
    if seen is not None and seen[0] is ctx.cursors and seen[1] == commits:
        return seen[2]
    version = _read_version()
    with _lock:
        _run_versions[key] = (ctx.cursors, commits, version)
        _run_versions.move_to_end(key)
        while len(_run_versions) > _SESSIONS_REMEMBERED:
            _run_versions.popitem(last=False)
    return version


@st.cache_data(ttl=_QUERY_TTL, max_entries=_QUERY_ENTRIES, show_spinner=False)
def _cached_call(
    _fn: Callable[..., Any],
    fn_key: str,
    url: str,
    version: int,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
) -> Any:
    return _fn(_engine_for(url), *args, **dict(kwargs))


def _call(fn: Callable[..., T], version: int, *args: Any, **kwargs: Any) -> T:
    key = f"{fn.__module__}.{fn.__qualname__}"
    return _cached_call(fn, key, database_url(), version, args, tuple(sorted(kwargs.items())))


def cached(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call data_access function `fn(engine, *args, **kwargs)` through the bounded cache."""
    return _call(fn, current_version(), *args, **kwargs)


def _fresh(result: RoundResult) -> RoundResult:
    """A caller's own view of a cached result: new frame objects over the same data
    (copy-on-write), so a view adding or changing a column never touches the cache."""
    return dataclasses.replace(
        result,
        summary=result.summary.copy(deep=False),
        nodes=result.nodes.copy(deep=False),
        leaves=result.leaves.copy(deep=False),
        individual=result.individual.copy(deep=False),
        surveys=result.surveys.copy(deep=False),
    )


def _whole_round(round_id: int, version: int | None = None) -> RoundResult:
    """The scored round, unscoped, at ``version``; only ever handed on scoped."""
    url = database_url()
    version = current_version() if version is None else version
    key = (url, round_id, version)
    with _lock:
        found = _results.get(key)
        if found is not None:
            _results.move_to_end(key)
            return found
        gate = _result_locks.setdefault(key, threading.Lock())
    with gate:  # one thread scores (or reads the stored result); the others wait for it
        with _lock:
            found = _results.get(key)
        if found is None:
            found = whole_round_result(_engine_for(url), round_id, version)
            with _lock:
                newest = max([v for (u, _r, v) in _results if u == url] + [version])
                for old in [k for k in _results if k[0] == url and k[2] < newest]:
                    del _results[old]
                if version >= newest:
                    _results[key] = found
                while len(_results) > _RESULT_ENTRIES:
                    _results.popitem(last=False)
    with _lock:
        _result_locks.pop(key, None)
    return found


def round_result(principal: Principal, round_id: int) -> RoundResult:
    """The scored round as ``principal`` may see it: the one RoundResult every page uses."""
    return scope_result(_fresh(_whole_round(round_id)), principal)


def clear_process_caches() -> None:
    """Forget every cached query and scored round of this process (what a restart does);
    the results stored in the database stay."""
    st.cache_data.clear()
    with _lock:
        _results.clear()
        _run_versions.clear()


class CachedReader(Reader):
    """``Reader`` through the bounded, data-versioned cache (the version read once per
    rerun, see ``current_version``)."""

    def __init__(self, principal: Principal) -> None:
        super().__init__(engine(), principal)

    def __call__(
        self, fn: Callable[Concatenate[Engine, Principal, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        return _call(fn, current_version(), self.principal, *args, **kwargs)

    def round_result(self, round_id: int) -> RoundResult:
        return scope_result(_fresh(_whole_round(round_id, current_version())), self.principal)

    def round_setup(self, round_id: int) -> tuple[RoundConfig, IndicatorTree]:
        return _call(round_setup, current_version(), self.principal, round_id)

    def ranked_count(self, round_id: int) -> int:
        return ranked_count(_whole_round(round_id, current_version()))
